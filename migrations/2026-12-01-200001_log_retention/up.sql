-- Retention: ROLF_LOG_RETENTION_DAYS, or a deployment's own number of days, after a push finished its lines
-- are removed (its chunks deleted); the push, its stages and tag stay, and say when and how many lines went.
ALTER TABLE deployments ADD COLUMN log_retention_days INTEGER CHECK (log_retention_days BETWEEN 1 AND 36500);
ALTER TABLE pushes ADD COLUMN log_pruned_at TIMESTAMPTZ, ADD COLUMN log_pruned_lines BIGINT;
-- The pruner's walk: finished pushes whose lines are still there, oldest first.
CREATE INDEX pushes_log_unpruned_idx ON pushes (finished_at) WHERE log_pruned_at IS NULL AND finished_at IS NOT NULL;
