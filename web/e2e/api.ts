// Calls to the API as the stack's admin, for tests that make (and afterwards remove) their own objects.
import { stack } from './fixtures';

export async function adminJson<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const s = stack();
  const response = await fetch(s.url + path, {
    method,
    headers: { Authorization: `Bearer ${s.admin_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** A name no other test run uses (tests share one stack). */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A deployment of its own under shop, with the stack's usual grants (operators edit, devs push, viewers view). */
export async function ownDeployment(name: string): Promise<number> {
  const apps = await adminJson<{ id: number; name: string }[]>('GET', '/api/v1/applications');
  const shop = apps.find((a) => a.name === 'shop');
  if (!shop) throw new Error('the stack has no application shop');
  const d = await adminJson<{ id: number }>('POST', '/api/v1/deployments', { application_id: shop.id, name, description: 'e2e' });
  for (const [group, level] of [['operators', 'edit'], ['devs', 'push'], ['viewers', 'view']]) {
    await adminJson('PUT', `/api/v1/deployments/${d.id}/permissions/${group}`, { level });
  }
  return d.id;
}

export async function removeDeployment(id: number): Promise<void> {
  await adminJson('DELETE', `/api/v1/deployments/${id}`);
}
