//! Every migration can be undone exactly, and every foreign key has an index.

use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use rolf_common::db::MIGRATIONS;
use rolf_tests::TestDb;

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// A textual picture of the public schema: columns, constraints, indexes and sequences.
fn schema(conn: &mut PgConnection) -> Vec<String> {
    let queries = [
        "SELECT format('column %s.%s %s null=%s default=%s', table_name, column_name, data_type, is_nullable,
                coalesce(column_default, '-')) AS line
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        "SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line
         FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '__diesel_schema_migrations'",
        "SELECT format('index %s', indexdef) AS line FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'",
        "SELECT format('sequence %s', sequence_name) AS line FROM information_schema.sequences
         WHERE sequence_schema = 'public'",
        "SELECT format('type %s', typname) AS line FROM pg_type
         WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd')",
    ];
    let mut lines: Vec<String> = Vec::new();
    for q in queries {
        let rows: Vec<Line> = sql_query(q).load(conn).unwrap();
        lines.extend(rows.into_iter().map(|l| l.line));
    }
    lines.sort();
    lines
}

#[tokio::test]
async fn every_down_migration_restores_the_schema_before_it() {
    let db = TestDb::empty().await;
    db.with(|conn| {
        let total = conn.pending_migrations(MIGRATIONS).unwrap().len();
        assert!(total >= 4, "expected the initial migrations, found {total}");
        for _ in 0..total {
            let before = schema(conn);
            let version = conn.run_next_migration(MIGRATIONS).unwrap().to_string();
            let after = schema(conn);
            assert_ne!(before, after, "migration {version} changed nothing");
            conn.revert_last_migration(MIGRATIONS).unwrap();
            assert_eq!(schema(conn), before, "reverting {version} did not restore the schema");
            conn.run_next_migration(MIGRATIONS).unwrap();
            assert_eq!(schema(conn), after, "re-applying {version} gave another schema");
        }
        assert!(!conn.has_pending_migration(MIGRATIONS).unwrap());
    })
    .await;
}

#[tokio::test]
async fn every_foreign_key_has_an_index_starting_with_its_columns() {
    let db = TestDb::create().await;
    let unindexed: Vec<Line> = db
        .with(|conn| {
            sql_query(
                "SELECT format('%s.%s', c.conrelid::regclass, c.conname) AS line
                 FROM pg_constraint c
                 WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
                   AND NOT EXISTS (
                     SELECT 1 FROM pg_index i
                     WHERE i.indrelid = c.conrelid
                       AND (string_to_array(i.indkey::text, ' ')::int2[])[1:array_length(c.conkey, 1)] @> c.conkey
                       AND (string_to_array(i.indkey::text, ' ')::int2[])[1:array_length(c.conkey, 1)] <@ c.conkey)",
            )
            .load(conn)
            .unwrap()
        })
        .await;
    let count: Vec<Line> = db
        .with(|conn| {
            sql_query("SELECT conname::text AS line FROM pg_constraint WHERE contype = 'f'").load(conn).unwrap()
        })
        .await;
    assert!(count.len() >= 15, "expected the schema's foreign keys, found {}", count.len());
    assert!(unindexed.is_empty(), "foreign keys without an index: {unindexed:?}");
}

/// One text value read by a query naming it `line`.
fn one(conn: &mut PgConnection, query: &str) -> String {
    sql_query(query).get_result::<Line>(conn).unwrap().line
}

#[tokio::test]
async fn lines_stored_before_log_blocks_stay_readable_through_the_migration_and_back() {
    let db = TestDb::empty().await;
    db.with(|conn| {
        while !conn.pending_migrations(MIGRATIONS).unwrap()[0].name().to_string().ends_with("log_blocks") {
            conn.run_next_migration(MIGRATIONS).unwrap();
        }
        sql_query(
            "INSERT INTO pushes (id, deployment_name, application_name, username, status)
             VALUES (300, 'old', 'old', 'old', 'succeeded')",
        )
        .execute(conn)
        .unwrap();
        sql_query(
            "INSERT INTO log_chunks (push_id, first_seq, last_seq, min_at, max_at, bytes, body)
             VALUES (300, 1, 2, now(), now(), 10, E'0\\t0\\t0\\tfirst\\n0\\t1\\t5\\tsecond')",
        )
        .execute(conn)
        .unwrap();
        let lines = "SELECT string_agg(text, ',' ORDER BY seq) AS line FROM log_lines WHERE push_id = 300";
        assert_eq!(one(conn, lines), "first,second");

        conn.run_next_migration(MIGRATIONS).unwrap();
        assert_eq!(one(conn, lines), "first,second", "kept, in place");
        // The old table became the block of every push below the next multiple of 256 past push 300.
        let blocks = "SELECT string_agg(format('%s %s %s', block, lo, hi), ';') AS line FROM log_chunk_blocks";
        assert_eq!(one(conn, blocks), "log_chunks_before_blocks  512");
        // A later push gets a block of its own, aligned on the same multiple.
        sql_query("SELECT log_chunks_block(512, 768)").execute(conn).unwrap();
        sql_query(
            "INSERT INTO log_chunks (push_id, first_seq, last_seq, min_at, max_at, bytes, body)
             VALUES (600, 1, 1, now(), now(), 5, E'0\\t0\\t0\\tlater')",
        )
        .execute(conn)
        .unwrap();

        conn.revert_last_migration(MIGRATIONS).unwrap();
        assert_eq!(one(conn, lines), "first,second", "kept when the migration is undone");
        let later = "SELECT string_agg(text, ',') AS line FROM log_lines WHERE push_id = 600";
        assert_eq!(one(conn, later), "later");
    })
    .await;
}
