DROP TABLE workers;
ALTER TABLE pushes DROP COLUMN pool;
ALTER TABLE deployments DROP COLUMN pool;
