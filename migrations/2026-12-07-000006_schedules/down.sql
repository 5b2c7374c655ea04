ALTER TABLE pushes DROP COLUMN schedule_id;
DROP TABLE schedule_runs;
DROP TABLE schedules;
