-- Typed flags, resuming a push from the stage that did not succeed, and step mode (issue 12).

-- A flag is text (optionally matching a pattern), a boolean, or one of a list of choices; a required flag has
-- no default and every push must give it. Existing flags keep their meaning: boolean ones become `boolean`.
ALTER TABLE flags
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'boolean', 'choice')),
    ADD COLUMN pattern TEXT,
    ADD COLUMN choices TEXT[] NOT NULL DEFAULT '{}' CHECK (array_position(choices, NULL) IS NULL),
    ADD COLUMN required BOOLEAN NOT NULL DEFAULT false;
UPDATE flags SET kind = 'boolean' WHERE is_boolean;
ALTER TABLE flags DROP COLUMN is_boolean;

-- Every push has a fresh work directory, so a stage that prepares it (a checkout) must run again when a later
-- stage is resumed.
ALTER TABLE stages ADD COLUMN rerun_on_resume BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE push_stages ADD COLUMN rerun_on_resume BOOLEAN NOT NULL DEFAULT false;
-- A stage a resumed push skipped names the push in which it succeeded. Not a foreign key: pushes are never
-- deleted, and a second key to pushes would leave diesel unable to tell which one joins push_stages to pushes.
ALTER TABLE push_stages ADD COLUMN succeeded_in BIGINT;

-- `paused`: a push in step mode waiting, before `paused_before`, for someone to continue it. It keeps its
-- deployment locked and its worker like a running push.
ALTER TABLE pushes
    ADD COLUMN resumed_from BIGINT REFERENCES pushes (id) ON DELETE SET NULL,
    ADD COLUMN step BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN paused_before INTEGER;
CREATE INDEX pushes_resumed_from_idx ON pushes (resumed_from);
ALTER TABLE pushes DROP CONSTRAINT pushes_status_check;
ALTER TABLE pushes ADD CONSTRAINT pushes_status_check
    CHECK (status IN ('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'lost'));
DROP INDEX pushes_active_idx;
CREATE INDEX pushes_active_idx ON pushes (status, id) WHERE status IN ('queued', 'running', 'paused');

-- Chat-ops hear that a push in step mode waits for someone.
ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_events_check
    CHECK (cardinality(events) > 0 AND events <@ ARRAY['push.queued', 'push.started', 'push.paused',
           'push.succeeded', 'push.failed', 'push.cancelled', 'push.lost']::TEXT[]);
