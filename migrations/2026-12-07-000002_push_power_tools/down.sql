DELETE FROM webhook_deliveries WHERE event = 'push.paused';
UPDATE webhooks SET events = array_remove(events, 'push.paused');
ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_events_check
    CHECK (cardinality(events) > 0 AND events <@ ARRAY['push.queued', 'push.started', 'push.succeeded',
           'push.failed', 'push.cancelled', 'push.lost']::TEXT[]);
DROP INDEX pushes_active_idx;
CREATE INDEX pushes_active_idx ON pushes (status, id) WHERE status IN ('queued', 'running');
UPDATE pushes SET status = 'running' WHERE status = 'paused';
ALTER TABLE pushes DROP CONSTRAINT pushes_status_check;
ALTER TABLE pushes ADD CONSTRAINT pushes_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost'));
ALTER TABLE pushes DROP COLUMN resumed_from, DROP COLUMN step, DROP COLUMN paused_before;
ALTER TABLE push_stages DROP COLUMN succeeded_in, DROP COLUMN rerun_on_resume;
ALTER TABLE stages DROP COLUMN rerun_on_resume;
ALTER TABLE flags ADD COLUMN is_boolean BOOLEAN NOT NULL DEFAULT false;
UPDATE flags SET is_boolean = (kind = 'boolean');
ALTER TABLE flags DROP COLUMN kind, DROP COLUMN pattern, DROP COLUMN choices, DROP COLUMN required;
