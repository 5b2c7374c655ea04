-- Log lines are stored in chunks: one row per batch the worker writes (up to 2,000 consecutive lines of one
-- push), its body compressed by Postgres (lz4). A million-line stage is ~500 rows instead of a million, which
-- is what makes capture faster than COPYing a row per line (README, "The log store", has the figures).
--
-- body: the chunk's lines in seq order, one per text line ('\n'-separated), each
--   <stage position or empty> TAB <stream: 0 stdout, 1 stderr, 2 system> TAB <microseconds after min_at> TAB <text>
-- (a text never holds '\n': output is split on it, and the worker's own lines have it replaced).
--
-- No foreign key to pushes: checking one per write costs more than the write. Integrity is kept by the writer
-- (only the worker holding a push, or the sweep that ends it, writes its lines) and by the trigger below,
-- which removes a deleted push's lines (Rolf itself never deletes a push).
CREATE TABLE log_chunks (
    push_id   BIGINT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq  BIGINT NOT NULL,
    -- The earliest and latest time of its lines (late lines keep the time they were printed).
    min_at    TIMESTAMPTZ NOT NULL,
    max_at    TIMESTAMPTZ NOT NULL,
    -- Bytes of its lines' text.
    bytes     BIGINT NOT NULL,
    body      TEXT COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (push_id, first_seq),
    CHECK (last_seq >= first_seq)
);

INSERT INTO log_chunks (push_id, first_seq, last_seq, min_at, max_at, bytes, body)
SELECT push_id, min(seq), max(seq), min(at), max(at), sum(octet_length(text)),
       string_agg(concat_ws(E'\t', coalesce(stage_position::text, ''), stream::text,
                            (extract(epoch FROM at - chunk_min_at) * 1000000)::bigint::text,
                            replace(text, E'\n', ' ')),
                  E'\n' ORDER BY seq)
FROM (SELECT l.*, (seq - 1) / 2000 AS chunk, min(at) OVER (PARTITION BY push_id, (seq - 1) / 2000) AS chunk_min_at
      FROM log_lines l) lines
GROUP BY push_id, chunk;

DROP TABLE log_lines;

-- The lines one row each, for people at a psql prompt (and tests): decoded from the chunks on the fly.
CREATE VIEW log_lines AS
SELECT c.push_id,
       c.first_seq + l.n - 1 AS seq,
       nullif(split_part(l.line, E'\t', 1), '')::integer AS stage_position,
       split_part(l.line, E'\t', 2)::smallint AS stream,
       c.min_at + split_part(l.line, E'\t', 3)::bigint * interval '1 microsecond' AS at,
       substr(l.line, length(split_part(l.line, E'\t', 1)) + length(split_part(l.line, E'\t', 2))
                      + length(split_part(l.line, E'\t', 3)) + 4) AS text
FROM log_chunks c, LATERAL string_to_table(c.body, E'\n') WITH ORDINALITY AS l(line, n);

CREATE FUNCTION log_chunks_of_deleted_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM log_chunks WHERE push_id IN (SELECT id FROM deleted_pushes);
    RETURN NULL;
END $$;

CREATE TRIGGER pushes_delete_log_chunks AFTER DELETE ON pushes
    REFERENCING OLD TABLE AS deleted_pushes FOR EACH STATEMENT EXECUTE FUNCTION log_chunks_of_deleted_pushes();
