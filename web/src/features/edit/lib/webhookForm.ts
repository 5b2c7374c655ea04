import { checkFields, type Problems } from '../../../lib/forms';
import type { NewWebhook, WebhookEvent } from '../../../lib/api/types';

export const EVENTS: WebhookEvent[] = ['push.queued', 'push.started', 'push.succeeded', 'push.failed', 'push.cancelled', 'push.lost'];

export function validateWebhook(url: string, events: WebhookEvent[], secret: string): Problems {
  const problems = checkFields('NewWebhook', { url, secret: secret === '' ? undefined : secret });
  if (!url.trim()) problems.url = 'must not be empty';
  if (events.length === 0) problems.events = 'choose at least one event';
  return problems;
}

/** The body; the secret (write-only) is sent only when one was typed. */
export function webhookBody(url: string, events: WebhookEvent[], format: 'json' | 'slack', secret: string): NewWebhook {
  return { url: url.trim(), events, format, ...(secret ? { secret } : {}) };
}
