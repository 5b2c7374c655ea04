-- Webhooks for chat-ops. The API only writes rows here: a push's status change inserts a pending delivery per
-- subscribed hook in the same transaction, and workers send them, so a hook that is down never delays a push.

CREATE TABLE webhooks (
    id            BIGSERIAL PRIMARY KEY,
    deployment_id BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    events        TEXT[] NOT NULL
                  CHECK (cardinality(events) > 0 AND events <@ ARRAY['push.queued', 'push.started', 'push.succeeded',
                         'push.failed', 'push.cancelled', 'push.lost']::TEXT[]),
    -- Write-only: the key of the X-Rolf-Signature HMAC; NULL sends no signature.
    secret        TEXT,
    format        TEXT NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_deployment_id_idx ON webhooks (deployment_id);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    push_id         BIGINT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    -- The push and its deployment as they were when the event happened.
    payload         JSONB NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- For a pending delivery: when a worker may (next) send it. A worker moves it ahead before sending, so a
    -- worker that dies mid-send only delays the delivery.
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT
);
-- Serves the foreign key and a hook's deliveries newest first.
CREATE INDEX webhook_deliveries_webhook_id_idx ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_push_id_idx ON webhook_deliveries (push_id);
-- Small: what the workers poll for.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    id          BIGSERIAL PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- NULL when no HTTP answer came (refused, timed out).
    status_code INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery_id_idx ON webhook_attempts (delivery_id, id);
