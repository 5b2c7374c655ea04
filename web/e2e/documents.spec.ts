import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { adminJson, ownDeployment, removeDeployment, unique } from './api';
import { expectNoSecret, shot, signIn } from './fixtures';

test('an editor exports the deployment as YAML, sees what a changed document would do, and applies it', async ({ page }) => {
  const name = unique('e2e-document');
  const secret = unique('document-secret');
  const id = await ownDeployment(name);
  try {
    await adminJson('PUT', `/api/v1/deployments/${id}/settings/API_KEY`, { value: secret, secret: true });
    await adminJson('POST', `/api/v1/deployments/${id}/stages`, { name: 'build', language: 'bash', code: 'make' });
    await signIn(page, 'edit', `/deployments/${id}`);
    const section = page.getByRole('region', { name: 'As a document' });

    const download = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Export as YAML' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`shop-${name}.yaml`);
    const yaml = await readFile(await file.path(), 'utf8');
    expect(yaml).toContain(`name: ${name}`);
    expect(yaml).toContain('name: API_KEY');
    expect(yaml).not.toContain(secret);

    await section.getByRole('button', { name: 'Apply a document…' }).click();
    const form = section.getByRole('form', { name: 'Apply a document' });
    const changed = yaml.replace('description: e2e', 'description: from a document').replace(/  code: make/, '  code: make all');
    await form.getByLabel('Document (YAML or JSON)').fill(changed);
    const apply = form.getByRole('button', { name: 'Apply', exact: true });
    await expect(apply).toBeDisabled();
    // Keyboard only: the dry run is the form's submit button.
    await form.getByRole('button', { name: 'Show what would change' }).focus();
    await page.keyboard.press('Enter');
    await expect(form).toContainText(`Applying would change shop/${name}:`);
    await expect(form).toContainText('description: “e2e” → “from a document”');
    await expect(form.getByRole('region', { name: 'Stages: changes' })).toContainText('updated build (code)');
    await shot(page, 'deployment-apply');
    await expect(apply).toBeEnabled();
    await apply.click();
    await expect(form).toContainText(`Changed shop/${name}:`);
    await expect(page.getByText('from a document', { exact: true })).toBeVisible();
    const [stage] = await adminJson<{ code: string }[]>('GET', `/api/v1/deployments/${id}/stages`);
    expect(stage?.code).toBe('make all');
    await expectNoSecret(page);
    expect(await page.content()).not.toContain(secret);

    // Applied again, the same document changes nothing, and the secret kept its value.
    await form.getByRole('button', { name: 'Show what would change' }).click();
    await expect(form).toContainText('already matches the document: nothing would change.');
    await expect(apply).toBeDisabled();
  } finally {
    await removeDeployment(id);
  }
});
