import { describe, expect, it } from 'vitest';
import type { RolfImportReport } from '../../../lib/api/types';
import { characters, countText, importBody, inputOf, joinAnd, outcomeText, refusalText, reportHeadline, skippedText } from './rolfImport';

function report(over: Partial<RolfImportReport>): RolfImportReport {
  return { dry_run: true, changed: true, recipes: [], groups: [], deployments: [], flagged: [], converted: [], skipped: [], ...over };
}

const deployment = (name: string, outcome: 'created' | 'updated' | 'unchanged') => ({
  category: 'web',
  application: 'shop',
  name,
  outcome,
  deployment_id: null,
});

describe('importing from the original Rolf', () => {
  it('sends the chosen files, either or both, and refuses none or a dump that is not JSON', () => {
    const csv = { name: 'cookbook.csv', text: 'greet,shell,echo hi,Says hi\n' };
    const dump = { name: 'dump.json', text: '[]' };
    expect(importBody(csv, dump)).toEqual({ body: { cookbook_csv: csv.text, dump_json: '[]' } });
    expect(importBody(csv, null)).toEqual({ body: { cookbook_csv: csv.text, dump_json: null } });
    expect(importBody(null, dump)).toEqual({ body: { cookbook_csv: null, dump_json: '[]' } });
    expect(importBody(null, null)).toEqual({ problem: { input: null, message: 'Choose a cookbook CSV, a dump JSON, or both.' } });
    const bad = importBody(csv, { name: 'dump.json', text: '[{"model": ' });
    expect(bad).toMatchObject({ problem: { input: 'dump_json' } });
    expect('problem' in bad && bad.problem.message).toMatch(/^dump\.json is not JSON: /);
  });

  it("refuses a file bigger than the spec's limit before sending it", () => {
    const big = { name: 'huge.csv', text: 'x'.repeat(32 * 1024 * 1024 + 1) };
    expect(importBody(big, null)).toEqual({
      problem: { input: 'cookbook_csv', message: 'huge.csv is too big: at most 32 Mi characters' },
    });
    expect(importBody({ ...big, text: big.text.slice(1) }, null)).toMatchObject({ body: { dump_json: null } });
    // Characters, not UTF-16 units: an emoji is one, as the API counts.
    const emoji = { name: 'emoji.csv', text: '😀'.repeat(32 * 1024 * 1024) };
    expect(importBody(emoji, null)).toMatchObject({ body: { cookbook_csv: emoji.text } });
  });

  it('counts characters as JSON Schema does', () => {
    expect(characters('abc')).toBe(3);
    expect(characters('a😀b')).toBe(3);
    expect(characters('é')).toBe(1);
    expect(characters('\ud800x')).toBe(2); // a lone surrogate counts as one
  });

  it("places the API's refusal at its input, naming the exact place when it is deeper", () => {
    expect(inputOf('cookbook_csv')).toBe('cookbook_csv');
    expect(inputOf('dump_json[12].fields.recipe')).toBe('dump_json');
    expect(inputOf('dump_jsonx')).toBeNull();
    expect(inputOf(null)).toBeNull();
    expect(refusalText('cookbook_csv', 'row 3: expected 4 columns (name, language, code, description), found 3')).toBe(
      'Cookbook CSV: row 3: expected 4 columns (name, language, code, description), found 3',
    );
    expect(refusalText('dump_json[12].fields.recipe', 'object 12 (rolf_main.stage): no recipe 7')).toBe(
      'Dump JSON, at dump_json[12].fields.recipe: object 12 (rolf_main.stage): no recipe 7',
    );
    expect(refusalText('body', 'too big')).toBe('body: too big');
  });

  it('says a dry run changed nothing, and what importing would do', () => {
    const dry = report({
      recipes: [
        { name: 'a', outcome: 'created', needs_conversion: null, converted: null },
        { name: 'b', outcome: 'created', needs_conversion: 'uses self.execute', converted: null },
        { name: 'c', outcome: 'unchanged', needs_conversion: null, converted: null },
      ],
      groups: [{ name: 'devs', outcome: 'created' }],
      deployments: [deployment('prod', 'updated')],
    });
    expect(reportHeadline(dry)).toBe('Dry run: nothing was changed. Importing would create 2 recipes and 1 group and update 1 deployment.');
    expect(reportHeadline(report({ recipes: [{ name: 'c', outcome: 'unchanged' }] }))).toBe(
      'Dry run: nothing was changed, and importing would change nothing: everything is already as imported.',
    );
  });

  it('says what a real run did, or that it changed nothing', () => {
    const real = report({
      dry_run: false,
      deployments: [deployment('prod', 'created'), deployment('staging', 'created'), deployment('qa', 'unchanged')],
    });
    expect(reportHeadline(real)).toBe('Imported: created 2 deployments.');
    expect(reportHeadline({ ...real, changed: false, deployments: [deployment('qa', 'unchanged')] })).toBe(
      'Nothing changed: everything was already as imported.',
    );
  });

  it('counts outcomes in the tense of the run', () => {
    const items = [deployment('a', 'created'), deployment('b', 'unchanged'), deployment('c', 'created')];
    expect(countText(items, false)).toBe('2 created, 1 unchanged');
    expect(countText(items, true)).toBe('2 would be created, 1 unchanged');
    expect(countText([], true)).toBe('none');
    expect(outcomeText('updated', true)).toBe('would be updated');
    expect(outcomeText('updated', false)).toBe('updated');
  });

  it('words lists and skipped models', () => {
    expect(joinAnd([])).toBe('');
    expect(joinAnd(['a'])).toBe('a');
    expect(joinAnd(['a', 'b', 'c'])).toBe('a, b and c');
    expect(skippedText({ model: 'rolf_main.push', count: 1, reason: 'push history is not imported' })).toBe(
      'rolf_main.push: 1 object (push history is not imported)',
    );
  });
});
