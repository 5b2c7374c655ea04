import type { ApplyReport } from '../../../lib/api/types';

/** How a document is sent: JSON when it is an object, YAML otherwise (the API reads both). */
export function documentType(text: string): string {
  return text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
}

export type Change = 'created' | 'updated' | 'removed';

export interface ReportPart {
  title: string;
  items: { change: Change; text: string }[];
}

const PARTS = [
  ['settings', 'Settings'],
  ['flags', 'Flags'],
  ['stages', 'Stages'],
  ['permissions', 'Permissions'],
  ['webhooks', 'Webhooks'],
] as const;

/** A value for people: quoted and cut short, or "none". */
function shown(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'none';
  const line = value.split('\n')[0] ?? '';
  return line.length > 60 || value.includes('\n') ? `“${line.slice(0, 59)}…”` : `“${value}”`;
}

/** One sentence: what was (or would be) done to the deployment as a whole. */
export function reportSummary(report: ApplyReport): string {
  const target = `${report.application}/${report.name}`;
  if (report.created.includes('deployment')) {
    const also = report.created.filter((c) => c !== 'deployment');
    const extra = also.length ? `, with its ${also.join(' and ')},` : '';
    return report.dry_run ? `Applying would create ${target}${extra} in ${report.category}.` : `Created ${target}${extra} in ${report.category}.`;
  }
  if (!report.changed) return `${target} already matches the document: nothing ${report.dry_run ? 'would change' : 'changed'}.`;
  return report.dry_run ? `Applying would change ${target}:` : `Changed ${target}:`;
}

/** The report's changes, part by part; a secret's value is never among them (the API sends names only). */
export function reportParts(report: ApplyReport): ReportPart[] {
  const parts: ReportPart[] = [];
  if (report.fields.length) {
    parts.push({
      title: 'Deployment',
      items: report.fields.map((f) => ({ change: 'updated', text: `${f.field}: ${shown(f.before)} → ${shown(f.after)}` })),
    });
  }
  for (const [key, title] of PARTS) {
    const part = report[key];
    const items: ReportPart['items'] = [
      ...part.created.map((name) => ({ change: 'created' as const, text: name })),
      ...part.updated.map((u) => ({ change: 'updated' as const, text: `${u.name} (${u.fields.join(', ')})` })),
      ...part.removed.map((name) => ({ change: 'removed' as const, text: name })),
    ];
    if (key === 'stages' && report.stages_reordered) items.push({ change: 'updated', text: 'the order they run in' });
    if (items.length) parts.push({ title, items });
  }
  return parts;
}
