//! Retention: the lines of pushes past their window go; the pushes, their stages and tags stay.
//!
//! `log_chunks` is partitioned by push id into blocks of `BLOCK_PUSHES` consecutive pushes (the migration
//! `log_blocks` tells why). Push ids grow with time, so a block's pushes age out together and the whole block is
//! dropped: milliseconds, the disk given back at once. A push past its window whose block cannot go yet (a
//! neighbour is younger or kept longer by its deployment) has its chunks deleted one by one instead.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{BigInt, Nullable, Text};

use crate::error::Result;
use crate::ids::PushId;

/// Pushes per block: a few days of a busy team's pushes, so blocks stay few (a table each) and age out soon
/// after their first push does. The migration aligned the block of older lines on the same multiple.
pub const BLOCK_PUSHES: i64 = 256;

/// Whether `conn` is inside a transaction (where a failed statement would abort it).
pub(crate) fn in_transaction(conn: &mut PgConnection) -> Result<bool> {
    Ok(AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth()?.is_some())
}

/// A chunk was written for a push whose block does not exist yet.
pub(crate) fn is_missing_block(e: &DieselError) -> bool {
    matches!(e, DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, info)
        if info.message().starts_with("no partition of relation"))
}

/// Makes the blocks of these pushes unless they exist (the SQL function takes a lock, so writers racing for
/// one block make it once).
pub(crate) fn ensure_blocks(conn: &mut PgConnection, pushes: &[PushId]) -> Result<()> {
    let mut firsts: Vec<i64> = pushes.iter().map(|p| p.0.div_euclid(BLOCK_PUSHES) * BLOCK_PUSHES).collect();
    firsts.sort_unstable();
    firsts.dedup();
    for first in firsts {
        diesel::sql_query("SELECT log_chunks_block($1, $2)")
            .bind::<BigInt, _>(first)
            .bind::<BigInt, _>(first + BLOCK_PUSHES)
            .execute(conn)?;
    }
    Ok(())
}

/// A push is past its window: finished longer ago than its deployment's `log_retention_days` or, without one,
/// the default (`$1`; NULL keeps lines forever). Used in both steps below, over `pushes p` and `deployments d`.
const PAST_WINDOW: &str =
    "coalesce(p.finished_at < now() - make_interval(days => coalesce(d.log_retention_days, $1)), false)";

#[derive(QueryableByName)]
struct Pruned {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    lines: i64,
}

#[derive(QueryableByName)]
struct Block {
    #[diesel(sql_type = Text)]
    block: String,
}

/// Removes the lines of pushes past their window, and marks each push with when and how many lines it had:
/// first every block whose pushes are all past it (or pruned already), then, row by row, up to `batch` other
/// pushes past it. Pushes or blocks being pruned by another process are skipped. Returns the pruned pushes
/// and their line counts.
pub fn prune(conn: &mut PgConnection, default_days: Option<u32>, batch: i64) -> Result<Vec<(PushId, i64)>> {
    let default_days = default_days.and_then(|d| i32::try_from(d).ok());
    let mut pruned = Vec::new();
    for block in due_blocks(conn, default_days)? {
        match drop_block(conn, &block, default_days) {
            Ok(marked) => pruned.extend(marked),
            // Busy (a long read holds the table) or raced: the next round tries again, and meanwhile its
            // pushes' rows go one by one below.
            Err(e) => tracing::warn!(block, error = %e, "could not drop a log block; its pushes' lines go row by row"),
        }
    }
    pruned.extend(prune_rows(conn, default_days, batch)?);
    Ok(pruned)
}

/// Blocks that can go: closed (a later push exists, so no new push lands in it) and holding no push that
/// must keep its lines.
fn due_blocks(conn: &mut PgConnection, default_days: Option<i32>) -> Result<Vec<String>> {
    let blocks: Vec<Block> = diesel::sql_query(format!(
        "SELECT b.block FROM log_chunk_blocks b
          WHERE b.hi IS NOT NULL AND EXISTS (SELECT 1 FROM pushes WHERE id >= b.hi)
            AND NOT EXISTS (
              SELECT 1 FROM pushes p LEFT JOIN deployments d ON d.id = p.deployment_id
               WHERE (b.lo IS NULL OR p.id >= b.lo) AND p.id < b.hi
                 AND p.log_pruned_at IS NULL AND NOT {PAST_WINDOW})
          ORDER BY b.hi"
    ))
    .bind::<Nullable<diesel::sql_types::Integer>, _>(default_days)
    .load(conn)?;
    Ok(blocks.into_iter().map(|b| b.block).collect())
}

/// Marks the pushes of a due block and drops it, in one transaction that waits at most briefly for the table
/// (so readers never queue behind it for long).
fn drop_block(conn: &mut PgConnection, block: &str, default_days: Option<i32>) -> Result<Vec<(PushId, i64)>> {
    conn.transaction(|conn| {
        diesel::sql_query("SET LOCAL lock_timeout = '200ms'").execute(conn)?;
        // Another pruner on the same block: leave it to them.
        let mine: Vec<Block> = diesel::sql_query(
            "SELECT $1 AS block WHERE pg_try_advisory_xact_lock(hashtext('log_chunks_prune'), hashtext($1))",
        )
        .bind::<Text, _>(block)
        .load(conn)?;
        let still_due = !mine.is_empty() && due_blocks(conn, default_days)?.iter().any(|b| b == block);
        if !still_due {
            return Ok(Vec::new());
        }
        // `block` is a table name read off the catalog (`regclass` output, quoted where needed), not input.
        let marked: Vec<Pruned> = diesel::sql_query(format!(
            "WITH counted AS (SELECT push_id, sum(last_seq - first_seq + 1)::bigint AS n FROM {block} GROUP BY push_id),
                  range AS (SELECT lo, hi FROM log_chunk_blocks WHERE block = $1)
             UPDATE pushes p SET log_pruned_at = now(), log_pruned_lines = coalesce(counted.n, 0)
               FROM range, pushes q LEFT JOIN counted ON counted.push_id = q.id
              WHERE p.id = q.id AND (range.lo IS NULL OR q.id >= range.lo) AND q.id < range.hi
                AND q.log_pruned_at IS NULL
             RETURNING p.id, p.log_pruned_lines AS lines"
        ))
        .bind::<Text, _>(block)
        .load(conn)?;
        diesel::sql_query(format!("DROP TABLE {block}")).execute(conn)?;
        Ok(marked.into_iter().map(|p| (PushId(p.id), p.lines)).collect())
    })
}

/// Deletes the chunks of up to `batch` pushes past their window, oldest first: a push is a few hundred rows
/// at most, so each statement holds no long lock.
fn prune_rows(conn: &mut PgConnection, default_days: Option<i32>, batch: i64) -> Result<Vec<(PushId, i64)>> {
    let pruned: Vec<Pruned> = diesel::sql_query(format!(
        "WITH due AS (
           SELECT p.id FROM pushes p LEFT JOIN deployments d ON d.id = p.deployment_id
            WHERE p.log_pruned_at IS NULL AND p.finished_at IS NOT NULL AND {PAST_WINDOW}
            ORDER BY p.finished_at
            LIMIT $2
              FOR UPDATE OF p SKIP LOCKED),
         gone AS (
           DELETE FROM log_chunks c USING due WHERE c.push_id = due.id
           RETURNING c.push_id, c.last_seq - c.first_seq + 1 AS n),
         counted AS (SELECT push_id, sum(n)::bigint AS n FROM gone GROUP BY push_id)
         UPDATE pushes p SET log_pruned_at = now(), log_pruned_lines = coalesce(counted.n, 0)
           FROM due LEFT JOIN counted ON counted.push_id = due.id
          WHERE p.id = due.id
         RETURNING p.id, p.log_pruned_lines AS lines"
    ))
    .bind::<Nullable<diesel::sql_types::Integer>, _>(default_days)
    .bind::<BigInt, _>(batch)
    .load(conn)?;
    Ok(pruned.into_iter().map(|p| (PushId(p.id), p.lines)).collect())
}
