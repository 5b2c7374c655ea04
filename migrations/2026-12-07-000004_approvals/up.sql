-- Approvals before a push runs, and the emergency bypass (issue 11).

ALTER TABLE deployments
    ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 0 CHECK (approvals_required BETWEEN 0 AND 5),
    -- NULL: anyone with `push` on the deployment approves.
    ADD COLUMN approver_group_id BIGINT REFERENCES groups (id) ON DELETE SET NULL,
    ADD COLUMN approval_expires_hours INTEGER NOT NULL DEFAULT 24 CHECK (approval_expires_hours BETWEEN 1 AND 720),
    ADD COLUMN rollback_without_approval BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX deployments_approver_group_id_idx ON deployments (approver_group_id);

-- `awaiting_approval`: recorded with its snapshot, waiting for approvals; `rejected` and `expired` never ran.
ALTER TABLE pushes DROP CONSTRAINT pushes_status_check;
ALTER TABLE pushes ADD CONSTRAINT pushes_status_check CHECK (status IN
    ('awaiting_approval', 'queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'lost', 'rejected',
     'expired'));
DROP INDEX pushes_active_idx;
CREATE INDEX pushes_active_idx ON pushes (status, id)
    WHERE status IN ('awaiting_approval', 'queued', 'running', 'paused');
ALTER TABLE pushes
    -- Copied from the deployment when the push is requested; 0 for a bypassed push.
    ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN approval_expires_at TIMESTAMPTZ,
    -- Set on a push that skipped approvals (and freezes) in an emergency: why.
    ADD COLUMN bypass_reason TEXT;

-- Every approval and rejection. `config_hash` is the deployment's stages and settings as the approver saw them:
-- an approval counts only while they are unchanged.
CREATE TABLE push_approvals (
    id          BIGSERIAL PRIMARY KEY,
    push_id     BIGINT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    username    TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
    comment     TEXT NOT NULL DEFAULT '',
    config_hash TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT push_approvals_once UNIQUE (push_id, user_id, config_hash)
);
CREATE INDEX push_approvals_user_id_idx ON push_approvals (user_id);

ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_events_check
    CHECK (cardinality(events) > 0 AND events <@ ARRAY['push.awaiting_approval', 'push.approved', 'push.rejected',
           'push.expired', 'push.bypassed', 'push.queued', 'push.started', 'push.paused', 'push.succeeded',
           'push.failed', 'push.cancelled', 'push.lost']::TEXT[]);
