DELETE FROM webhook_deliveries
 WHERE event IN ('push.awaiting_approval', 'push.approved', 'push.rejected', 'push.expired', 'push.bypassed');
UPDATE webhooks SET events = array_remove(array_remove(array_remove(array_remove(array_remove(events,
    'push.awaiting_approval'), 'push.approved'), 'push.rejected'), 'push.expired'), 'push.bypassed');
DELETE FROM webhooks WHERE cardinality(events) = 0;
ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_events_check
    CHECK (cardinality(events) > 0 AND events <@ ARRAY['push.queued', 'push.started', 'push.paused',
           'push.succeeded', 'push.failed', 'push.cancelled', 'push.lost']::TEXT[]);
DROP TABLE push_approvals;
ALTER TABLE pushes DROP COLUMN approvals_required, DROP COLUMN approval_expires_at, DROP COLUMN bypass_reason;
UPDATE pushes SET status = 'cancelled' WHERE status IN ('awaiting_approval', 'rejected', 'expired');
DROP INDEX pushes_active_idx;
CREATE INDEX pushes_active_idx ON pushes (status, id) WHERE status IN ('queued', 'running', 'paused');
ALTER TABLE pushes DROP CONSTRAINT pushes_status_check;
ALTER TABLE pushes ADD CONSTRAINT pushes_status_check
    CHECK (status IN ('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'lost'));
ALTER TABLE deployments DROP COLUMN approvals_required, DROP COLUMN approver_group_id,
    DROP COLUMN approval_expires_hours, DROP COLUMN rollback_without_approval;
