DROP VIEW log_lines;
DROP FUNCTION log_chunks_block(BIGINT, BIGINT);
DROP VIEW log_chunk_blocks;

CREATE TABLE log_chunks_flat (
    push_id   BIGINT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq  BIGINT NOT NULL,
    min_at    TIMESTAMPTZ NOT NULL,
    max_at    TIMESTAMPTZ NOT NULL,
    bytes     BIGINT NOT NULL,
    body      TEXT COMPRESSION lz4 NOT NULL,
    CONSTRAINT log_chunks_flat_pkey PRIMARY KEY (push_id, first_seq),
    CONSTRAINT log_chunks_flat_check CHECK (last_seq >= first_seq)
);
INSERT INTO log_chunks_flat SELECT * FROM log_chunks;
DROP TABLE log_chunks;
ALTER TABLE log_chunks_flat RENAME TO log_chunks;
ALTER TABLE log_chunks RENAME CONSTRAINT log_chunks_flat_pkey TO log_chunks_pkey;
ALTER TABLE log_chunks RENAME CONSTRAINT log_chunks_flat_check TO log_chunks_check;

CREATE VIEW log_lines AS
SELECT c.push_id,
       c.first_seq + l.n - 1 AS seq,
       nullif(split_part(l.line, E'\t', 1), '')::integer AS stage_position,
       split_part(l.line, E'\t', 2)::smallint AS stream,
       c.min_at + split_part(l.line, E'\t', 3)::bigint * interval '1 microsecond' AS at,
       substr(l.line, length(split_part(l.line, E'\t', 1)) + length(split_part(l.line, E'\t', 2))
                      + length(split_part(l.line, E'\t', 3)) + 4) AS text
FROM log_chunks c, LATERAL string_to_table(c.body, E'\n') WITH ORDINALITY AS l(line, n);
