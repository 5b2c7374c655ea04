import { checkFields, type Problems } from '../../../lib/forms';
import type { NewWebhook, WebhookEvent } from '../../../lib/api/types';

// Every event, roughly in the order a push meets them; a Record so that an event the spec adds fails the type check here.
const EVENT_SET: Record<WebhookEvent, true> = {
  'push.awaiting_approval': true,
  'push.approved': true,
  'push.rejected': true,
  'push.expired': true,
  'push.bypassed': true,
  'push.queued': true,
  'push.started': true,
  'push.paused': true,
  'push.succeeded': true,
  'push.failed': true,
  'push.cancelled': true,
  'push.lost': true,
};
export const EVENTS = Object.keys(EVENT_SET) as WebhookEvent[];

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
