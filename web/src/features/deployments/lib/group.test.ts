import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../lib/api/types';
import { groupDeployments } from './group';

let next = 1;
const dep = (category_id: number, application: string, name: string, extra: Partial<Deployment> = {}): Deployment => ({
  id: next++,
  application_id: application.length,
  application,
  category_id,
  name,
  description: '',
  pool: 'default',
  approvals_required: 0,
  approval_expires_hours: 24,
  rollback_without_approval: false,
  deprecated: false,
  level: 'view',
  created_at: '',
  updated_at: '',
  last_push: null,
  ...extra,
});

const categories = [
  { id: 1, name: 'web', created_at: '', updated_at: '' },
  { id: 2, name: 'backend', created_at: '', updated_at: '' },
];
const deployments = [
  dep(1, 'shop', 'production', { description: 'the live shop' }),
  dep(1, 'shop', 'staging'),
  dep(1, 'blog', 'production', { deprecated: true }),
  dep(2, 'billing', 'production'),
];

describe('groupDeployments', () => {
  it('groups category > application, sorted, and hides deprecated ones unless asked', () => {
    const groups = groupDeployments(deployments, categories, { filter: '', showDeprecated: false });
    expect(groups.map((g) => g.category)).toEqual(['backend', 'web']);
    expect(groups[1]?.applications.map((a) => a.application)).toEqual(['shop']);
    expect(groups[1]?.applications[0]?.deployments.map((d) => d.name)).toEqual(['production', 'staging']);
    const all = groupDeployments(deployments, categories, { filter: '', showDeprecated: true });
    expect(all[1]?.applications.map((a) => a.application)).toEqual(['blog', 'shop']);
  });

  it('filters on every word across category, application, name and description', () => {
    const names = (filter: string) =>
      groupDeployments(deployments, categories, { filter, showDeprecated: false }).flatMap((c) =>
        c.applications.flatMap((a) => a.deployments.map((d) => `${d.application}/${d.name}`)),
      );
    expect(names('shop/prod')).toEqual(['shop/production']);
    expect(names('backend')).toEqual(['billing/production']);
    expect(names('LIVE shop')).toEqual(['shop/production']);
    expect(names('nothing')).toEqual([]);
  });
});
