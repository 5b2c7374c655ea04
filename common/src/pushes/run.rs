//! The worker's side of a push: claim it, record stage progress, heartbeat, finish, and sweep up pushes whose
//! worker died. Every state change is a guarded update, so a job delivered twice, or a worker that comes back
//! after being declared lost, can never overwrite what another worker recorded.

use std::time::Duration;

use chrono::Utc;
use diesel::pg::data_types::PgInterval;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamptz};
use serde_json::Value;

use super::log::{NewLine, Stream, append, next_seq};
use super::{PushRow, PushStageRow, PushStatus, StageStatus, row, stages_of};
use crate::error::Result;
use crate::ids::{DeploymentId, PushId};
use crate::schema::{deployments, push_stages, pushes, settings};
use crate::webhooks::{self, WebhookEvent};

/// What a worker needs to run a push it has claimed.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub push: PushRow,
    pub deployment_id: DeploymentId,
    pub stages: Vec<PushStageRow>,
    /// Setting names and values for the stage environment, secrets included.
    pub settings: Vec<(String, String)>,
    /// Values to mask in every stored line.
    pub secrets: Vec<String>,
    /// The tag of the push being rolled back to.
    pub rollback_tag: Option<String>,
    /// The next free log sequence number.
    pub next_seq: i64,
}

/// The statuses of a push a worker holds: it heartbeats them, finishes them, and loses them when it dies.
pub const HELD: [PushStatus; 2] = [PushStatus::Running, PushStatus::Paused];

/// Is another push of the deployment running or paused, or queued ahead of this one?
fn blocked(conn: &mut PgConnection, id: PushId, deployment: DeploymentId) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        pushes::table
            .filter(pushes::deployment_id.eq(deployment))
            .filter(pushes::id.ne(id))
            .filter(pushes::status.eq_any(HELD).or(pushes::status.eq(PushStatus::Queued).and(pushes::id.lt(id)))),
    ))
    .get_result(conn)?)
}

/// Claims a queued push for `worker` (serving `pools`) if it is next in line for its deployment; `None` when it
/// is not queued (already taken, cancelled, finished), belongs to another pool, or must wait for another push of
/// the same deployment.
pub fn claim(conn: &mut PgConnection, id: PushId, worker: &str, pools: &[String]) -> Result<Option<Claimed>> {
    conn.transaction(|conn| {
        let found: Option<(Option<DeploymentId>, String)> =
            pushes::table.find(id).select((pushes::deployment_id, pushes::pool)).first(conn).optional()?;
        let deployment = match found {
            None => return Ok(None),
            // Only a job sent to the wrong queue by hand could bring this; the push waits for its own pool.
            Some((_, pool)) if !pools.contains(&pool) => {
                tracing::warn!(push = %id, pool, "a push of another pool reached this worker; left for its pool");
                return Ok(None);
            }
            Some((deployment, _)) => deployment,
        };
        let deployment = match deployment {
            None => {
                diesel::update(pushes::table.find(id).filter(pushes::status.eq(PushStatus::Queued)))
                    .set((
                        pushes::status.eq(PushStatus::Failed),
                        pushes::error.eq("the deployment was deleted before the push started"),
                        pushes::finished_at.eq(diesel::dsl::now),
                    ))
                    .execute(conn)?;
                return Ok(None);
            }
            Some(d) => d,
        };
        // One claim per deployment at a time: without this lock two workers could each see the other's push
        // still queued and both start.
        deployments::table.find(deployment).select(deployments::id).for_update().first::<DeploymentId>(conn)?;
        if blocked(conn, id, deployment)? {
            return Ok(None);
        }
        // A job queued before a freeze began may arrive during it: the push waits for the window to end.
        let bypassed: bool = pushes::table.find(id).select(pushes::bypass_reason.is_not_null()).first(conn)?;
        if !not_frozen(conn, Some(deployment), bypassed)? {
            return Ok(None);
        }
        let claimed = diesel::update(pushes::table.find(id).filter(pushes::status.eq(PushStatus::Queued)))
            .set((
                pushes::status.eq(PushStatus::Running),
                pushes::worker.eq(worker),
                pushes::started_at.eq(diesel::dsl::now),
                pushes::heartbeat_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        if claimed == 0 {
            return Ok(None);
        }
        webhooks::record(conn, id, WebhookEvent::Started)?;
        let push = row(conn, id)?;
        let stages = stages_of(conn, id)?;
        let live: Vec<(String, String, bool)> = settings::table
            .filter(settings::deployment_id.eq(deployment))
            .select((settings::name, settings::value, settings::secret))
            .load(conn)?;
        // Non-secret values as snapshotted at request time; secret ones (null in the snapshot) as they are now.
        let mut env = Vec::new();
        if let Value::Object(snapshot) = &push.settings {
            for (name, value) in snapshot {
                match value {
                    Value::String(v) => env.push((name.clone(), v.clone())),
                    // Still set, whether or not it is still secret.
                    _ => {
                        if let Some((_, v, _)) = live.iter().find(|(n, _, _)| n == name) {
                            env.push((name.clone(), v.clone()));
                        }
                    }
                }
            }
        }
        let rollback_tag = match push.rollback_to {
            Some(target) => pushes::table.find(target).select(pushes::tag).first::<Option<String>>(conn)?,
            None => None,
        };
        let next_seq = next_seq(conn, id)?;
        Ok(Some(Claimed {
            secrets: live.into_iter().filter(|(_, v, secret)| *secret && !v.is_empty()).map(|(_, v, _)| v).collect(),
            push,
            deployment_id: deployment,
            stages,
            settings: env,
            rollback_tag,
            next_seq,
        }))
    })
}

/// A push's stage, only while the push is running under `worker`: the guard on every stage update.
macro_rules! this_workers_stage {
    ($push:expr, $position:expr, $worker:expr) => {
        push_stages::table
            .filter(
                push_stages::push_id.eq_any(
                    pushes::table
                        .filter(pushes::id.eq($push))
                        .filter(pushes::status.eq(PushStatus::Running))
                        .filter(pushes::worker.eq($worker))
                        .select(pushes::id),
                ),
            )
            .filter(push_stages::position.eq($position))
    };
}

/// Marks a stage running. Returns false, changing nothing, when the push is no longer `worker`'s (it was
/// declared lost while the worker was paused or cut off from Postgres): the worker must then stop.
pub fn stage_started(conn: &mut PgConnection, push: PushId, position: i32, worker: &str) -> Result<bool> {
    let updated = diesel::update(this_workers_stage!(push, position, worker))
        .set((push_stages::status.eq(StageStatus::Running), push_stages::started_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    Ok(updated == 1)
}

/// Records how a stage ended; returns false, changing nothing, as [`stage_started`] does.
pub fn stage_finished(
    conn: &mut PgConnection,
    push: PushId,
    position: i32,
    worker: &str,
    status: StageStatus,
    exit_code: Option<i32>,
) -> Result<bool> {
    let updated = diesel::update(this_workers_stage!(push, position, worker))
        .set((
            push_stages::status.eq(status),
            push_stages::exit_code.eq(exit_code),
            push_stages::finished_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(updated == 1)
}

/// Records the end of a push this worker ran. Stages that never started become `skipped`. Returns false when
/// the push is no longer this worker's to finish (it was declared lost meanwhile).
pub fn finish(
    conn: &mut PgConnection,
    id: PushId,
    worker: &str,
    status: PushStatus,
    tag: Option<&str>,
    error: Option<&str>,
) -> Result<bool> {
    conn.transaction(|conn| {
        let done = diesel::update(
            pushes::table.find(id).filter(pushes::status.eq_any(HELD)).filter(pushes::worker.eq(worker)),
        )
        .set((
            pushes::status.eq(status),
            pushes::paused_before.eq(None::<i32>),
            pushes::tag.eq(tag),
            pushes::error.eq(error),
            pushes::finished_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
        if done == 1 {
            diesel::update(
                push_stages::table
                    .filter(push_stages::push_id.eq(id))
                    .filter(push_stages::status.eq(StageStatus::Pending)),
            )
            .set(push_stages::status.eq(StageStatus::Skipped))
            .execute(conn)?;
            webhooks::record(conn, id, WebhookEvent::of(status))?;
        }
        Ok(done == 1)
    })
}

/// Marks alive the pushes `worker` holds (and only those: a push whose end could not be recorded is let go, so
/// it is either recorded later or declared lost, never kept running by its heartbeat). Returns the ones still
/// running under `worker`, each with whether its cancellation was requested; a held push missing here was
/// declared lost.
pub fn heartbeat(conn: &mut PgConnection, worker: &str, held: &[PushId]) -> Result<Vec<(PushId, bool)>> {
    if held.is_empty() {
        return Ok(Vec::new());
    }
    Ok(diesel::update(
        pushes::table
            .filter(pushes::id.eq_any(held))
            .filter(pushes::worker.eq(worker))
            .filter(pushes::status.eq_any(HELD)),
    )
    .set(pushes::heartbeat_at.eq(diesel::dsl::now))
    .returning((pushes::id, pushes::cancel_requested))
    .get_results(conn)?)
}

/// Declares lost every running push whose worker has not heartbeaten for `after`, with a system line saying
/// so. Returns their deployments, which are free again. A lost push is never re-run automatically.
pub fn sweep_lost(conn: &mut PgConnection, after: Duration) -> Result<Vec<(PushId, Option<DeploymentId>)>> {
    // The cutoff is computed by Postgres, from the same clock that stamped the heartbeats: a worker whose own
    // clock is off must not declare pushes lost early (or never).
    let window = PgInterval::from_microseconds(i64::try_from(after.as_micros()).unwrap_or(i64::MAX));
    let cutoff = (diesel::dsl::now.into_sql::<Timestamptz>() - window).nullable();
    conn.transaction(|conn| {
        let lost: Vec<(PushId, Option<DeploymentId>, Option<String>)> =
            diesel::update(pushes::table.filter(pushes::status.eq_any(HELD)).filter(pushes::heartbeat_at.lt(cutoff)))
                .set((
                    pushes::status.eq(PushStatus::Lost),
                    pushes::paused_before.eq(None::<i32>),
                    pushes::finished_at.eq(diesel::dsl::now),
                    pushes::error.eq("its worker stopped heartbeating"),
                ))
                .returning((pushes::id, pushes::deployment_id, pushes::worker))
                .get_results(conn)?;
        for (id, _, worker) in &lost {
            webhooks::record(conn, *id, WebhookEvent::Lost)?;
            diesel::update(
                push_stages::table
                    .filter(push_stages::push_id.eq(id))
                    .filter(push_stages::status.eq(StageStatus::Running)),
            )
            .set((push_stages::status.eq(StageStatus::Failed), push_stages::finished_at.eq(diesel::dsl::now)))
            .execute(conn)?;
            diesel::update(
                push_stages::table
                    .filter(push_stages::push_id.eq(id))
                    .filter(push_stages::status.eq(StageStatus::Pending)),
            )
            .set(push_stages::status.eq(StageStatus::Skipped))
            .execute(conn)?;
            let seq = next_seq(conn, *id)?;
            append(
                conn,
                &[NewLine {
                    push_id: *id,
                    seq,
                    stage_position: None,
                    stream: Stream::System.code(),
                    at: Utc::now(),
                    text: format!(
                        "push lost: worker {} stopped heartbeating for over {}s; it will not be re-run automatically",
                        worker.as_deref().unwrap_or("?"),
                        after.as_secs()
                    ),
                }],
            )?;
        }
        Ok(lost.into_iter().map(|(id, d, _)| (id, d)).collect())
    })
}

/// Whether a push may start as far as freezes go: bypassed, of a deleted deployment (which a worker then
/// fails), or of a deployment no window covers now.
fn not_frozen(conn: &mut PgConnection, deployment: Option<DeploymentId>, bypassed: bool) -> Result<bool> {
    match deployment {
        Some(d) if !bypassed => Ok(crate::freezes::frozen_at(conn, d, Utc::now())?.is_none()),
        _ => Ok(true),
    }
}

/// The oldest queued push of a deployment, with its pool: the one to start when the deployment becomes free
/// (`None` as well while a freeze holds it).
pub fn next_queued(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Option<(PushId, String)>> {
    let next: Option<(PushId, String, Option<String>)> = pushes::table
        .filter(pushes::deployment_id.eq(deployment))
        .filter(pushes::status.eq(PushStatus::Queued))
        .order(pushes::id)
        .select((pushes::id, pushes::pool, pushes::bypass_reason))
        .first(conn)
        .optional()?;
    match next {
        Some((id, pool, bypass)) if not_frozen(conn, Some(deployment), bypass.is_some())? => Ok(Some((id, pool))),
        _ => Ok(None),
    }
}

/// The condition under which a queued push may start: no other push of its deployment runs, is paused, or is
/// queued ahead.
const STARTABLE: &str = "p.status = 'queued' AND NOT EXISTS (
       SELECT 1 FROM pushes o WHERE o.deployment_id = p.deployment_id AND o.id <> p.id
         AND (o.status IN ('running', 'paused') OR (o.status = 'queued' AND o.id < p.id)))";

#[derive(QueryableByName)]
struct Startable {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pool: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    deployment_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    bypassed: bool,
}

fn startable_where(conn: &mut PgConnection, condition: &str, id: Option<PushId>) -> Result<Vec<(PushId, String)>> {
    let sql = format!(
        "SELECT p.id, p.pool, p.deployment_id, p.bypass_reason IS NOT NULL AS bypassed FROM pushes p
          WHERE {condition} AND {STARTABLE} ORDER BY p.id LIMIT 1000"
    );
    let rows: Vec<Startable> = match id {
        Some(id) => diesel::sql_query(sql).bind::<BigInt, _>(id.0).load(conn)?,
        None => diesel::sql_query(sql).load(conn)?,
    };
    let mut out = Vec::new();
    for r in rows {
        if not_frozen(conn, r.deployment_id.map(DeploymentId), r.bypassed)? {
            out.push((PushId(r.id), r.pool));
        }
    }
    Ok(out)
}

/// Queued pushes that could start now, with their pools: first in line for a free deployment no freeze holds
/// (or with no deployment left, which a worker then fails). The sweep makes sure each has a job in its pool's
/// queue; a frozen one is queued by the first sweep after its window ends.
pub fn startable(conn: &mut PgConnection) -> Result<Vec<(PushId, String)>> {
    startable_where(conn, "true", None)
}

/// This push's pool if it could start now (see [`startable`]).
pub fn can_start(conn: &mut PgConnection, id: PushId) -> Result<Option<String>> {
    Ok(startable_where(conn, "p.id = $1", Some(id))?.into_iter().next().map(|(_, pool)| pool))
}

/// Step mode: pauses a push of `worker` before the stage at `position`. Returns false, changing nothing, when
/// the push is no longer this worker's to run.
pub fn pause(conn: &mut PgConnection, id: PushId, worker: &str, position: i32) -> Result<bool> {
    conn.transaction(|conn| {
        let paused = diesel::update(
            pushes::table
                .find(id)
                .filter(pushes::status.eq(PushStatus::Running))
                .filter(pushes::worker.eq(worker))
                .filter(pushes::cancel_requested.eq(false)),
        )
        .set((pushes::status.eq(PushStatus::Paused), pushes::paused_before.eq(position)))
        .execute(conn)?;
        if paused == 1 {
            webhooks::record(conn, id, WebhookEvent::Paused)?;
        }
        Ok(paused == 1)
    })
}

/// Whether the push still runs under `worker` (its pause was refused because a cancel was asked for).
pub fn still_ours(conn: &mut PgConnection, id: PushId, worker: &str) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        pushes::table.find(id).filter(pushes::status.eq(PushStatus::Running)).filter(pushes::worker.eq(worker)),
    ))
    .get_result(conn)?)
}

/// A paused push's status as its worker waits: `Running` once someone continued it.
pub fn status_of(conn: &mut PgConnection, id: PushId) -> Result<Option<PushStatus>> {
    Ok(pushes::table.find(id).select(pushes::status).first(conn).optional()?)
}

/// Appends system lines for a push (used outside a running stage's log sink).
pub fn system_line(conn: &mut PgConnection, push: PushId, stage: Option<i32>, text: &str) -> Result<()> {
    let seq = next_seq(conn, push)?;
    append(
        conn,
        &[NewLine {
            push_id: push,
            seq,
            stage_position: stage,
            stream: Stream::System.code(),
            at: Utc::now(),
            text: text.to_owned(),
        }],
    )?;
    Ok(())
}
