-- Freeze windows: while one covers a deployment, pushes of it are refused (unless bypassed) and queued ones wait.
CREATE TABLE freezes (
    id               BIGSERIAL PRIMARY KEY,
    reason           TEXT NOT NULL,
    -- At most one scope; none: every deployment.
    category_id      BIGINT REFERENCES categories (id) ON DELETE CASCADE,
    application_id   BIGINT REFERENCES applications (id) ON DELETE CASCADE,
    deployment_id    BIGINT REFERENCES deployments (id) ON DELETE CASCADE,
    -- Either a one-off window ...
    starts_at        TIMESTAMPTZ,
    ends_at          TIMESTAMPTZ,
    -- ... or a recurring one: a 5-field cron pattern evaluated in `timezone`, lasting `duration_minutes`.
    cron             TEXT,
    duration_minutes INTEGER CHECK (duration_minutes BETWEEN 1 AND 20160),
    timezone         TEXT,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(category_id, application_id, deployment_id) <= 1),
    CHECK ((starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at
            AND cron IS NULL AND duration_minutes IS NULL AND timezone IS NULL)
        OR (starts_at IS NULL AND ends_at IS NULL
            AND cron IS NOT NULL AND duration_minutes IS NOT NULL AND timezone IS NOT NULL))
);
CREATE INDEX freezes_category_id_idx ON freezes (category_id);
CREATE INDEX freezes_application_id_idx ON freezes (application_id);
CREATE INDEX freezes_deployment_id_idx ON freezes (deployment_id);
