import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../../lib/api/types';
import { documentType, reportParts, reportSummary } from './report';

const none = { created: [], updated: [], removed: [] };

function report(over: Partial<ApplyReport>): ApplyReport {
  return {
    dry_run: true,
    changed: true,
    deployment_id: 3,
    category: 'web',
    application: 'shop',
    name: 'production',
    created: [],
    fields: [],
    settings: none,
    flags: none,
    stages: none,
    stages_reordered: false,
    permissions: none,
    webhooks: none,
    ...over,
  };
}

describe('an apply report', () => {
  it('says what would be created', () => {
    const created = report({ created: ['category', 'application', 'deployment'], deployment_id: null });
    expect(reportSummary(created)).toBe('Applying would create shop/production, with its category and application, in web.');
    expect(reportSummary(report({ changed: false, dry_run: false }))).toBe(
      'shop/production already matches the document: nothing changed.',
    );
  });

  it('lists the changes part by part, names only for settings', () => {
    const parts = reportParts(
      report({
        fields: [{ field: 'description', before: 'old', after: 'new' }],
        settings: { created: ['HOST'], updated: [{ name: 'TOKEN', fields: ['value'] }], removed: ['OLD'] },
        stages_reordered: true,
      }),
    );
    expect(parts.map((p) => p.title)).toEqual(['Deployment', 'Settings', 'Stages']);
    expect(parts[0]?.items).toEqual([{ change: 'updated', text: 'description: “old” → “new”' }]);
    expect(parts[1]?.items).toEqual([
      { change: 'created', text: 'HOST' },
      { change: 'updated', text: 'TOKEN (value)' },
      { change: 'removed', text: 'OLD' },
    ]);
    expect(parts[2]?.items).toEqual([{ change: 'updated', text: 'the order they run in' }]);
  });

  it('sends JSON as JSON and anything else as YAML', () => {
    expect(documentType('  {"rolf": 1}')).toBe('application/json');
    expect(documentType('rolf: 1\n')).toBe('application/yaml');
  });
});
