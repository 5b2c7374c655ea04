// What a push would change, with the flag values as the form holds them: the API compares the configuration
// with its flags at their defaults (GET /deployments/{id}/diff); the form knows better. A flag the answer does
// not list had, in the last succeeded push, the value it has by default now.
import type { Diff, Flag, ValueChange } from '../../../lib/api/types';
import type { FlagValues } from './pushForm';

export function withFlagValues(diff: Diff, flags: Flag[], values: FlagValues): Diff {
  const listed = new Map(diff.flags.map((row) => [row.name, row]));
  const current = new Set(flags.map((f) => f.varname));
  const rows: ValueChange[] = [];
  for (const f of flags) {
    const row = listed.get(f.varname);
    const value = values[f.varname] ?? f.default;
    if (diff.against === null || diff.against === undefined || row?.change === 'added') {
      rows.push({ change: 'added', name: f.varname, secret: false, old: null, new: value });
      continue;
    }
    const old = row ? (row.old ?? '') : f.default;
    if (old !== value) rows.push({ change: 'changed', name: f.varname, secret: false, old, new: value });
  }
  rows.push(...diff.flags.filter((row) => !current.has(row.name)));
  const unchanged = diff.stages.length === 0 && diff.settings.length === 0 && rows.length === 0;
  return { ...diff, flags: rows, unchanged };
}
