DROP INDEX pushes_log_unpruned_idx;
ALTER TABLE pushes DROP COLUMN log_pruned_at, DROP COLUMN log_pruned_lines;
ALTER TABLE deployments DROP COLUMN log_retention_days;
