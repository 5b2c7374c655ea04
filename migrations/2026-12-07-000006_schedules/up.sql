-- Scheduled pushes: recurring (cron in a time zone) or one-off (`at`), made as the schedule's owner through the
-- same path as any push. Each tick is claimed once, by a row in schedule_runs, whatever the number of API replicas.
CREATE TABLE schedules (
    id               BIGSERIAL PRIMARY KEY,
    deployment_id    BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    owner_id         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    owner_name       TEXT NOT NULL,
    cron             TEXT,
    timezone         TEXT,
    at               TIMESTAMPTZ,
    flags            JSONB NOT NULL DEFAULT '{}'::jsonb,
    comment          TEXT NOT NULL DEFAULT '',
    enabled          BOOLEAN NOT NULL DEFAULT true,
    catch_up_minutes INTEGER NOT NULL DEFAULT 15 CHECK (catch_up_minutes BETWEEN 0 AND 1440),
    -- Ticks up to here are dealt with (fired, skipped or missed).
    done_until       TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((cron IS NOT NULL AND timezone IS NOT NULL AND at IS NULL) OR (cron IS NULL AND timezone IS NULL AND at IS NOT NULL))
);
CREATE INDEX schedules_deployment_id_idx ON schedules (deployment_id);
CREATE INDEX schedules_owner_id_idx ON schedules (owner_id);

CREATE TABLE schedule_runs (
    schedule_id BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    fire_at     TIMESTAMPTZ NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('pushed', 'frozen', 'missed', 'failed')),
    push_id     BIGINT REFERENCES pushes (id) ON DELETE SET NULL,
    detail      TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule_id, fire_at)
);
CREATE INDEX schedule_runs_push_id_idx ON schedule_runs (push_id);

ALTER TABLE pushes ADD COLUMN schedule_id BIGINT REFERENCES schedules (id) ON DELETE SET NULL;
CREATE INDEX pushes_schedule_id_idx ON pushes (schedule_id);
