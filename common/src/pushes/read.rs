//! One push for an API answer, the hot path of every client that polls: the push, its stages and the actor's
//! grants there come back in one query, pipelined with the other requests' reads of the same API worker thread
//! (see [`Pipeline`]), or through the pool when that connection cannot be had.

use diesel::prelude::*;

use super::{Push, PushRow, PushStage, complete, needs_more};
use crate::authz::{self, Actor, Level, Needed};
use crate::db::Db;
use crate::db::pipeline::Pipeline;
use crate::error::{Error, Result};
use crate::ids::PushId;
use crate::schema::{permissions, push_stages, pushes};

/// A push's row once per stage and grant of the actor's on its deployment.
type Rows = Vec<(PushRow, Option<PushStage>, Option<Level>)>;

/// The one query, written once for both connections (their `load`s are different traits).
macro_rules! push_with_grants {
    ($actor:expr, $id:expr) => {
        pushes::table
            .left_join(push_stages::table)
            .left_join(authz::push_grants_of($actor))
            .filter(pushes::id.eq($id))
            .select((PushRow::as_select(), Option::<PushStage>::as_select(), permissions::level.nullable()))
    };
}

/// One push with its stages for an actor holding level `L` on it.
pub async fn read<L: Needed>(db: &Db, pipeline: &Pipeline, actor: Actor, id: PushId) -> Result<Push> {
    let rows = match pipeline.connection().await {
        Some(conn) => {
            let loaded = pipelined::load(&conn, &actor, id).await;
            pipeline.settle(&conn, &loaded);
            // A read is safe to repeat: a broken connection costs this request a second try, not an error.
            loaded.inspect_err(|e| tracing::warn!(error = %e, "pipelined read failed, reading through the pool")).ok()
        }
        None => None,
    };
    let rows = match rows {
        Some(rows) => rows,
        None => {
            let actor = actor.clone();
            db.run(move |conn| Ok(push_with_grants!(&actor, id).load(conn)?)).await?
        }
    };
    let (row, stages) = checked::<L>(&actor, id, rows)?;
    let needs = needs_more(&row);
    if needs.approvals || needs.waiting_for {
        db.run(move |conn| complete(conn, row, stages)).await
    } else {
        Ok(Push::from_rows(row, stages))
    }
}

/// The push and its stages, once the actor's grants among the rows allow level `L`.
fn checked<L: Needed>(actor: &Actor, id: PushId, rows: Rows) -> Result<(PushRow, Vec<PushStage>)> {
    let owner = rows.first().ok_or(Error::NotFound("push"))?.0.deployment_id;
    authz::push_grant::<L>(actor, id, owner, rows.iter().filter_map(|(.., level)| *level))?;
    // Each stage comes once per grant of the actor's there (one, usually), in no particular order: sorted
    // here rather than by Postgres, whose sort step cost more per request than the sort itself.
    let mut rows = rows.into_iter();
    let (row, first, _) = rows.next().ok_or(Error::NotFound("push"))?;
    let mut stages: Vec<PushStage> = first.into_iter().chain(rows.filter_map(|(_, stage, _)| stage)).collect();
    stages.sort_unstable_by_key(|stage| stage.position);
    stages.dedup_by_key(|stage| stage.position);
    Ok((row, stages))
}

/// Apart, because diesel's and diesel-async's `RunQueryDsl` cannot both be in scope.
mod pipelined {
    use diesel::prelude::{ExpressionMethods, NullableExpressionMethods, QueryDsl, SelectableHelper};
    use diesel_async::{AsyncPgConnection, RunQueryDsl};

    use super::*;

    pub(super) async fn load(conn: &AsyncPgConnection, actor: &Actor, id: PushId) -> Result<Rows> {
        // A shared reference: requests that hold the same connection have their queries pipelined.
        let mut conn = conn;
        Ok(push_with_grants!(actor, id).load(&mut conn).await?)
    }
}
