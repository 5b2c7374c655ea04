import { describe, expect, it } from 'vitest';
import type { Diff, Flag } from '../../../lib/api/types';
import { withFlagValues } from './pushPreview';

const flag = (varname: string, def: string): Flag => ({
  id: varname.length,
  deployment_id: 1,
  boolean_as: 'true_false',
  name: varname,
  varname,
  default: def,
  kind: 'text',
  pattern: null,
  choices: [],
  required: false,
  description: '',
  created_at: '',
  updated_at: '',
});

const empty: Diff = { push_id: null, against: 4, unchanged: true, stages: [], settings: [], flags: [] };

describe('what a push would change, with the values in the form', () => {
  const flags = [flag('BRANCH', 'main'), flag('DRY_RUN', 'false')];

  it('counts the values typed, not the defaults', () => {
    // The last push ran BRANCH=feature; the default is main, and the form says feature again: no change.
    const diff: Diff = {
      ...empty,
      unchanged: false,
      flags: [{ change: 'changed', name: 'BRANCH', secret: false, old: 'feature', new: 'main' }],
    };
    expect(withFlagValues(diff, flags, { BRANCH: 'feature', DRY_RUN: 'false' })).toEqual({ ...empty, unchanged: true });
    // An unlisted flag ran with its default; typing another value is a change.
    expect(withFlagValues(empty, flags, { BRANCH: 'main', DRY_RUN: 'true' }).flags).toEqual([
      { change: 'changed', name: 'DRY_RUN', secret: false, old: 'false', new: 'true' },
    ]);
  });

  it('keeps added and removed flags, and everything is added when nothing succeeded before', () => {
    const diff: Diff = {
      ...empty,
      unchanged: false,
      flags: [
        { change: 'added', name: 'DRY_RUN', secret: false, old: null, new: 'false' },
        { change: 'removed', name: 'OLD', secret: false, old: 'x', new: null },
      ],
    };
    expect(withFlagValues(diff, flags, { BRANCH: 'main', DRY_RUN: 'true' }).flags).toEqual([
      { change: 'added', name: 'DRY_RUN', secret: false, old: null, new: 'true' },
      { change: 'removed', name: 'OLD', secret: false, old: 'x', new: null },
    ]);
    const first = withFlagValues({ ...empty, against: null }, flags, { BRANCH: 'dev', DRY_RUN: 'false' });
    expect(first.flags.map((r) => [r.change, r.name, r.new])).toEqual([
      ['added', 'BRANCH', 'dev'],
      ['added', 'DRY_RUN', 'false'],
    ]);
    expect(first.unchanged).toBe(false);
  });
});
