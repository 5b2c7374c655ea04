-- Push history. Rows here outlive the deployment, stages and recipes they ran: every reference is SET NULL on
-- delete and the push keeps a snapshot (names, code, settings, flags) of what it ran.

CREATE TABLE pushes (
    id               BIGSERIAL PRIMARY KEY,
    deployment_id    BIGINT REFERENCES deployments (id) ON DELETE SET NULL,
    deployment_name  TEXT NOT NULL,
    application_name TEXT NOT NULL,
    user_id          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    username         TEXT NOT NULL,
    comment          TEXT NOT NULL DEFAULT '',
    flags            JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- Setting names and non-secret values as run; secret values are never stored here.
    settings         JSONB NOT NULL DEFAULT '{}'::jsonb,
    status           TEXT NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost')),
    tag              TEXT,
    rollback_to      BIGINT REFERENCES pushes (id) ON DELETE SET NULL,
    worker           TEXT,
    heartbeat_at     TIMESTAMPTZ,
    cancel_requested BOOLEAN NOT NULL DEFAULT false,
    error            TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);
-- History pages and "what runs next on this deployment" both walk a deployment's pushes by id.
CREATE INDEX pushes_deployment_id_idx ON pushes (deployment_id, id);
CREATE INDEX pushes_user_id_idx ON pushes (user_id);
CREATE INDEX pushes_rollback_to_idx ON pushes (rollback_to);
-- Small: only unfinished pushes, which the scheduler and the lost-push sweep scan.
CREATE INDEX pushes_active_idx ON pushes (status, id) WHERE status IN ('queued', 'running');

CREATE TABLE push_stages (
    id              BIGSERIAL PRIMARY KEY,
    push_id         BIGINT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    stage_id        BIGINT REFERENCES stages (id) ON DELETE SET NULL,
    recipe_id       BIGINT REFERENCES recipes (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('bash', 'python')),
    code            TEXT NOT NULL,
    timeout_seconds INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled')),
    exit_code       INTEGER,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    CONSTRAINT push_stages_push_id_position_key UNIQUE (push_id, position)
);
CREATE INDEX push_stages_stage_id_idx ON push_stages (stage_id);
CREATE INDEX push_stages_recipe_id_idx ON push_stages (recipe_id);

-- Sized for 10^8 rows: the primary key is the only index and serves both the foreign key and paging by seq.
-- A line names its stage by position within the push (push_stages' (push_id, position)), not by a foreign key
-- that would need a second index this large. stream: 0 stdout, 1 stderr, 2 system.
CREATE TABLE log_lines (
    push_id        BIGINT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    stage_position INTEGER,
    stream         SMALLINT NOT NULL CHECK (stream IN (0, 1, 2)),
    at             TIMESTAMPTZ NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (push_id, seq)
);
