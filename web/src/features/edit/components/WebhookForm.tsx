import { useId, useRef, useState, type FormEvent } from 'react';
import { Field, FieldProblem } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { WebhookEvent } from '../../../lib/api/types';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddWebhook } from '../api/webhooks';
import { EVENTS, validateWebhook, webhookBody } from '../lib/webhookForm';

/** Adds a webhook. Its signing secret is write-only: typed into an uncontrolled field, sent once. */
export function WebhookForm({ id }: { id: number }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['push.succeeded', 'push.failed']);
  const [format, setFormat] = useState<'json' | 'slack'>('json');
  const [problems, setProblems] = useState<Problems>({});
  const secret = useRef<HTMLInputElement>(null);
  const uid = useId();
  const add = useAddWebhook(id);
  useUnsavedChanges(url !== '');

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const key = secret.current?.value ?? '';
    const found = validateWebhook(url, events, key);
    setProblems(found);
    if (!isEmpty(found)) return;
    add.mutate(webhookBody(url, events, format, key), {
      onSuccess: () => {
        form.reset();
        setUrl('');
      },
    });
  }
  const toggle = (ev: WebhookEvent, on: boolean) => setEvents(on ? [...events, ev] : events.filter((x) => x !== ev));
  const at = (field: string) => problemAt(problems, add.error, field);
  return (
    <form onSubmit={submit} aria-label="Add a webhook" className="panel" autoComplete="off">
      <h3>Add a webhook</h3>
      <Field label="URL" type="url" value={url} onChange={(e) => setUrl(e.target.value)} problem={at('url')} />
      <fieldset>
        <legend>Events</legend>
        {EVENTS.map((ev) => (
          <span key={ev}>
            <input id={`${uid}-${ev}`} type="checkbox" checked={events.includes(ev)} onChange={(e) => toggle(ev, e.target.checked)} />
            <label htmlFor={`${uid}-${ev}`} className="inline">
              {ev}
            </label>
          </span>
        ))}
        <FieldProblem label="Events" problem={at('events')} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${uid}-format`}>Format</label>
        <select id={`${uid}-format`} value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'slack')}>
          <option value="json">json (Rolf's own body)</option>
          <option value="slack">slack</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-secret`}>Signing secret (optional, write-only)</label>
        <input id={`${uid}-secret`} ref={secret} type="password" autoComplete="new-password" />
        <FieldProblem label="Signing secret" problem={at('secret')} />
      </div>
      <FormError error={add.error} fields={['url', 'events', 'secret', 'format']} />
      <button type="submit" disabled={add.isPending}>
        Add webhook
      </button>
    </form>
  );
}
