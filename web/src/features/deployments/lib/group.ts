import type { Category, Deployment } from '../../../lib/api/types';

export interface ApplicationGroup {
  application: string;
  deployments: Deployment[];
}

export interface CategoryGroup {
  category: string;
  applications: ApplicationGroup[];
}

/** Whether a deployment matches the filter text: every word appears in its category, application, name or
 *  description (case-insensitive). */
export function matches(d: Deployment, category: string, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = `${category} ${d.application} ${d.name} ${d.application}/${d.name} ${d.description}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Deployments grouped category > application, each level sorted by name; deprecated ones only if asked. */
export function groupDeployments(
  deployments: Deployment[],
  categories: Category[],
  options: { filter: string; showDeprecated: boolean },
): CategoryGroup[] {
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const byCategory = new Map<string, Map<string, Deployment[]>>();
  for (const d of deployments) {
    if (d.deprecated && !options.showDeprecated) continue;
    const category = names.get(d.category_id) ?? `category ${d.category_id}`;
    if (!matches(d, category, options.filter)) continue;
    const apps = byCategory.get(category) ?? new Map<string, Deployment[]>();
    byCategory.set(category, apps);
    const list = apps.get(d.application) ?? [];
    apps.set(d.application, list);
    list.push(d);
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...byCategory.keys()].sort(byName).map((category) => {
    const apps = byCategory.get(category) ?? new Map<string, Deployment[]>();
    return {
      category,
      applications: [...apps.keys()].sort(byName).map((application) => ({
        application,
        deployments: (apps.get(application) ?? []).slice().sort((a, b) => byName(a.name, b.name)),
      })),
    };
  });
}
