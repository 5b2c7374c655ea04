import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Webhook } from '../../../lib/api/types';
import { useDeleteWebhook, useWebhooks } from '../api/webhooks';
import { Deliveries } from './Deliveries';
import { WebhookForm } from './WebhookForm';

export function WebhooksEditor({ id }: { id: number }) {
  const webhooks = useWebhooks(id);
  return (
    <section aria-labelledby="webhooks-h">
      <h2 id="webhooks-h">Webhooks</h2>
      <ErrorMessage error={webhooks.error} />
      {webhooks.data?.length === 0 && <p>No webhooks.</p>}
      <ul className="webhooks">
        {webhooks.data?.map((w) => <WebhookItem key={w.id} id={id} webhook={w} />)}
      </ul>
      <WebhookForm id={id} />
    </section>
  );
}

function WebhookItem({ id, webhook: w }: { id: number; webhook: Webhook }) {
  const remove = useDeleteWebhook(id);
  return (
    <li aria-label={`Webhook ${w.url}`}>
      <code>{w.url}</code> <small>({w.format}, {w.secret ? 'signed' : 'unsigned'}; {w.events.join(', ')})</small>{' '}
      <button type="button" onClick={() => window.confirm(`Delete the webhook to ${w.url}?`) && remove.mutate(w.id)}>
        Delete webhook {w.url}
      </button>
      <ErrorMessage error={remove.error} />
      <details>
        <summary>Recent deliveries</summary>
        <Deliveries id={id} webhookId={w.id} />
      </details>
    </li>
  );
}
