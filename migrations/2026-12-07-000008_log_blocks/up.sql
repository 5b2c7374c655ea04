-- Retention drops whole tables instead of deleting rows: log_chunks is partitioned by push id into blocks of
-- consecutive pushes (LOG_BLOCK_PUSHES in common/src/pushes/log.rs, 256). Deleting a chunk means deleting its
-- compressed body's TOAST rows one by one, ~1 s for 10,000,000 lines, and leaves dead space behind; dropping
-- a block whose pushes have all aged out takes milliseconds and gives the disk back at once. Push ids grow with
-- time, so the pushes of a block age out together (README, "The log store").
DROP VIEW log_lines;

ALTER TABLE log_chunks RENAME TO log_chunks_before_blocks;
ALTER TABLE log_chunks_before_blocks RENAME CONSTRAINT log_chunks_pkey TO log_chunks_before_blocks_pkey;

CREATE TABLE log_chunks (
    push_id   BIGINT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq  BIGINT NOT NULL,
    min_at    TIMESTAMPTZ NOT NULL,
    max_at    TIMESTAMPTZ NOT NULL,
    bytes     BIGINT NOT NULL,
    body      TEXT COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (push_id, first_seq),
    -- Named as the old table's, which an attached table must share.
    CONSTRAINT log_chunks_check CHECK (last_seq >= first_seq)
) PARTITION BY RANGE (push_id);

-- The blocks and the push ids each holds, [lo, hi) (NULL: unbounded), as the catalog states them.
CREATE VIEW log_chunk_blocks AS
SELECT c.oid::regclass::text AS block, b[1]::bigint AS lo, b[2]::bigint AS hi
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid,
  LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid),
                       $re$FROM \((?:'(-?\d+)'|MINVALUE)\) TO \((?:'(-?\d+)'|MAXVALUE)\)$re$) b
 WHERE i.inhparent = 'log_chunks'::regclass;

-- Creates the block [first_push, end_push) unless one already holds first_push. Writers call it before a block's
-- first chunk. The table is made apart and then attached, which locks log_chunks only against other attaches
-- (CREATE TABLE ... PARTITION OF would block every reader and writer of it meanwhile).
CREATE FUNCTION log_chunks_block(first_push BIGINT, end_push BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := 'log_chunks_' || first_push;
BEGIN
    -- One creator at a time: the second waits for the first, then finds its block.
    PERFORM pg_advisory_xact_lock(hashtext('log_chunks_block'));
    IF EXISTS (SELECT 1 FROM log_chunk_blocks b
                WHERE (b.lo IS NULL OR b.lo <= first_push) AND (b.hi IS NULL OR first_push < b.hi)) THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE log_chunks INCLUDING ALL)', name);
    EXECUTE format('ALTER TABLE log_chunks ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', name, first_push, end_push);
END $$;

-- Lines stored before blocks existed stay where they are: that table becomes the block of every push up to the
-- next multiple of 256 past the last one with lines (later pushes get blocks of their own, aligned alike).
DO $$
DECLARE
    bound BIGINT;
BEGIN
    SELECT (max(push_id) / 256 + 1) * 256 INTO bound FROM log_chunks_before_blocks;
    IF bound IS NULL THEN
        DROP TABLE log_chunks_before_blocks;
    ELSE
        EXECUTE format('ALTER TABLE log_chunks ATTACH PARTITION log_chunks_before_blocks FOR VALUES FROM (MINVALUE) TO (%s)',
                       bound);
    END IF;
END $$;

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
