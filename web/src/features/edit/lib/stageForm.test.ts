import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../lib/api/types';
import { EMPTY_STAGE, draftOf, newStageBody, sameDraft, stagePatch, validateStage } from './stageForm';

const stage: Stage = {
  id: 7,
  deployment_id: 1,
  name: 'build',
  position: 0,
  language: 'bash',
  code: 'make',
  recipe_id: null,
  recipe_name: null,
  timeout_seconds: null,
  rerun_on_resume: false,
  created_at: '',
  updated_at: '',
};

describe('the stage form', () => {
  it('checks the spec rules: a name, code for inline stages, a recipe when linked, a timeout in range', () => {
    expect(validateStage({ ...EMPTY_STAGE, name: 'x', code: 'echo hi' })).toEqual({});
    expect(validateStage(EMPTY_STAGE)).toEqual({ name: 'must not be empty', code: 'must not be empty' });
    expect(validateStage({ ...EMPTY_STAGE, name: 'a/b', source: 'recipe' })).toEqual({
      name: 'has characters that are not allowed here',
      recipe_id: 'choose a recipe',
    });
    const ok = { ...EMPTY_STAGE, name: 'x', code: 'y' };
    expect(validateStage({ ...ok, timeout: '0' }).timeout_seconds).toBe('must be at least 1');
    expect(validateStage({ ...ok, timeout: '604801' }).timeout_seconds).toBe('must be at most 604800');
    expect(validateStage({ ...ok, timeout: '1.5' }).timeout_seconds).toBe('must be a whole number');
    expect(validateStage({ ...ok, timeout: ' 60 ' })).toEqual({});
  });

  it('sends only what changed, and switching to a recipe sends just the link', () => {
    const before = draftOf(stage);
    expect(sameDraft(before, { ...before })).toBe(true);
    expect(stagePatch(before, { ...before, code: 'make all' })).toEqual({ language: 'bash', code: 'make all' });
    expect(stagePatch(before, { ...before, timeout: '90' })).toEqual({ timeout_seconds: 90 });
    expect(stagePatch({ ...before, timeout: '90' }, before)).toEqual({ timeout_seconds: null });
    expect(stagePatch(before, { ...before, source: 'recipe', recipeId: 3 })).toEqual({ recipe_id: 3 });
    expect(stagePatch(before, before)).toEqual({});
    expect(sameDraft(before, { ...before, rerun: true })).toBe(false);
    expect(stagePatch(before, { ...before, rerun: true })).toEqual({ rerun_on_resume: true });
    expect(draftOf({ ...stage, rerun_on_resume: true }).rerun).toBe(true);
  });

  it('builds a new stage as inline code or as a recipe link', () => {
    expect(newStageBody({ ...EMPTY_STAGE, name: 'a', code: 'ls', language: 'python' })).toEqual({
      name: 'a',
      timeout_seconds: null,
      language: 'python',
      code: 'ls',
    });
    expect(newStageBody({ ...EMPTY_STAGE, name: 'a', source: 'recipe', recipeId: 4, timeout: '30' })).toEqual({
      name: 'a',
      timeout_seconds: 30,
      recipe_id: 4,
    });
  });

  it('asks for a rerun on resume only when checked', () => {
    expect(newStageBody({ ...EMPTY_STAGE, name: 'checkout', code: 'git clone x', rerun: true })).toMatchObject({
      rerun_on_resume: true,
    });
    expect(newStageBody({ ...EMPTY_STAGE, name: 'a', code: 'ls' })).not.toHaveProperty('rerun_on_resume');
  });

  it('a linked stage opens with no inline code of its own', () => {
    const linked = draftOf({ ...stage, recipe_id: 4, recipe_name: 'notify', code: 'recipe code' });
    expect(linked).toMatchObject({ source: 'recipe', recipeId: 4, code: '' });
  });
});
