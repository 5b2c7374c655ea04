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
