-- Worker pools: a deployment's pushes run only on workers serving its pool (workers that can reach its hosts).

ALTER TABLE deployments ADD COLUMN pool TEXT NOT NULL DEFAULT 'default'
    CHECK (pool ~ '^[a-z0-9][a-z0-9_-]{0,49}$');
-- The pool a push was made for: moving a deployment to another pool affects only later pushes.
ALTER TABLE pushes ADD COLUMN pool TEXT NOT NULL DEFAULT 'default';

-- Every worker process, as it last reported itself. A worker heartbeats its row with its pushes; it is live while
-- its heartbeat is younger than its own lost window, and is listed for a day after it was last seen.
CREATE TABLE workers (
    name               TEXT PRIMARY KEY,
    host               TEXT NOT NULL,
    pid                INTEGER NOT NULL,
    version            TEXT NOT NULL,
    pools              TEXT[] NOT NULL CHECK (cardinality(pools) > 0 AND array_position(pools, NULL) IS NULL),
    concurrency        INTEGER NOT NULL,
    lost_after_seconds INTEGER NOT NULL,
    started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    stopped_at         TIMESTAMPTZ
);
CREATE INDEX workers_heartbeat_at_idx ON workers (heartbeat_at);
