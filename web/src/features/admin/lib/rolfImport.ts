// Importing from the original Rolf (POST /import/rolf): what is sent, where a refusal belongs, and the report in
// words. A dry run changes nothing; its outcomes say what a real run would do.
import { ruleFor } from '../../../lib/api/rules';
import type { RolfImport, RolfImportReport } from '../../../lib/api/types';

/** A file the admin chose, as read: its name (for messages) and its text. */
export interface ChosenFile {
  name: string;
  text: string;
}

export type ImportInput = 'cookbook_csv' | 'dump_json';

export const INPUT_LABEL: Record<ImportInput, string> = { cookbook_csv: 'Cookbook CSV', dump_json: 'Dump JSON' };

export type Outcome = 'created' | 'updated' | 'unchanged';

/** What is wrong before anything is sent: at which input (null: the form as a whole), and why. */
export interface ImportProblem {
  input: ImportInput | null;
  message: string;
}

/** The number of characters (code points) in `text`, as JSON Schema's maxLength counts them; without spreading a
 *  text of millions of characters into an array. */
export function characters(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** What is wrong with a file's size under the spec's rule (its maxLength, in characters as the API counts). */
function tooBig(input: ImportInput, file: ChosenFile): string | null {
  const max = ruleFor('OriginalExport', input)?.maxLength;
  if (max === undefined || file.text.length <= max || characters(file.text) <= max) return null;
  return `${file.name} is too big: at most ${max >> 20} Mi characters`;
}

/** The request body from the chosen files, or what is wrong with them. A file too big or a dump that is not JSON
 *  is refused here, so the admin learns it at once; everything else (the CSV's rows, the dump's objects) the API
 *  checks. */
export function importBody(csv: ChosenFile | null, dump: ChosenFile | null): { body: RolfImport } | { problem: ImportProblem } {
  if (!csv && !dump) return { problem: { input: null, message: 'Choose a cookbook CSV, a dump JSON, or both.' } };
  for (const [input, file] of [['cookbook_csv', csv], ['dump_json', dump]] as const) {
    const big = file && tooBig(input, file);
    if (big) return { problem: { input, message: big } };
  }
  if (dump) {
    try {
      JSON.parse(dump.text);
    } catch (e) {
      return { problem: { input: 'dump_json', message: `${dump.name} is not JSON: ${(e as Error).message}` } };
    }
  }
  return { body: { cookbook_csv: csv?.text ?? null, dump_json: dump?.text ?? null } };
}

/** The input an API refusal's `field` belongs to: `dump_json[12].fields.recipe` at the dump. */
export function inputOf(field: string | null | undefined): ImportInput | null {
  if (!field) return null;
  for (const input of ['cookbook_csv', 'dump_json'] as const) {
    if (field === input || field.startsWith(`${input}[`) || field.startsWith(`${input}.`)) return input;
  }
  return null;
}

/** A refusal as the admin reads it: the input's label, the exact place when it is deeper than the input, then the
 *  API's message (which names the row or object). */
export function refusalText(field: string, message: string): string {
  const input = inputOf(field);
  if (!input) return `${field}: ${message}`;
  return field === input ? `${INPUT_LABEL[input]}: ${message}` : `${INPUT_LABEL[input]}, at ${field}: ${message}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const KINDS = [
  ['recipes', 'recipe'],
  ['groups', 'group'],
  ['deployments', 'deployment'],
] as const;

function tally(report: RolfImportReport, outcome: Outcome): string[] {
  return KINDS.flatMap(([key, noun]) => {
    const n = (report[key] as { outcome: string }[]).filter((item) => item.outcome === outcome).length;
    return n ? [plural(n, noun)] : [];
  });
}

/** The report in one or two sentences; a dry run says first that nothing was changed. */
export function reportHeadline(report: RolfImportReport): string {
  const created = tally(report, 'created');
  const updated = tally(report, 'updated');
  if (report.dry_run) {
    const would = [
      created.length ? `create ${joinAnd(created)}` : '',
      updated.length ? `update ${joinAnd(updated)}` : '',
    ].filter(Boolean);
    return would.length
      ? `Dry run: nothing was changed. Importing would ${would.join(' and ')}.`
      : 'Dry run: nothing was changed, and importing would change nothing: everything is already as imported.';
  }
  const did = [created.length ? `created ${joinAnd(created)}` : '', updated.length ? `updated ${joinAnd(updated)}` : ''].filter(
    Boolean,
  );
  if (!report.changed || did.length === 0) return 'Nothing changed: everything was already as imported.';
  return `Imported: ${did.join(' and ')}.`;
}

/** An item's outcome in words; in a dry run what would happen. */
export function outcomeText(outcome: Outcome, dryRun: boolean): string {
  if (!dryRun || outcome === 'unchanged') return outcome;
  return `would be ${outcome}`;
}

/** A list's outcomes counted, e.g. "2 created, 1 unchanged" (outcomes with none left out); "none" when empty. */
export function countText(items: { outcome: Outcome }[], dryRun: boolean): string {
  const counts = (['created', 'updated', 'unchanged'] as const).flatMap((o) => {
    const n = items.filter((item) => item.outcome === o).length;
    return n ? [`${n} ${outcomeText(o, dryRun)}`] : [];
  });
  return counts.length ? counts.join(', ') : 'none';
}

/** A skipped model in words: "rolf_main.push: 120 objects (push history is not imported)". */
export function skippedText(s: RolfImportReport['skipped'][number]): string {
  return `${s.model}: ${plural(s.count, 'object')} (${s.reason})`;
}
