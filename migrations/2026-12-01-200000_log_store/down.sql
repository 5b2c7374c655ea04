DROP TRIGGER pushes_delete_log_chunks ON pushes;
DROP FUNCTION log_chunks_of_deleted_pushes();

CREATE TEMPORARY TABLE log_lines_restored AS SELECT * FROM log_lines;
DROP VIEW log_lines;

CREATE TABLE log_lines (
    push_id        BIGINT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    stage_position INTEGER,
    stream         SMALLINT NOT NULL CHECK (stream IN (0, 1, 2)),
    at             TIMESTAMPTZ NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (push_id, seq)
);
INSERT INTO log_lines SELECT * FROM log_lines_restored WHERE push_id IN (SELECT id FROM pushes);
DROP TABLE log_lines_restored;

DROP TABLE log_chunks;
