use std::sync::Arc;

use diesel::PgConnection;
use rolf_common::authz::{self, Actor, Granted, Needed, PushGrant, StageGrant};
use rolf_common::config::AuthConfig;
use rolf_common::db::Db;
use rolf_common::ids::{DeploymentId, PushId, StageId};

use crate::error::ApiResult;
use rolf_common::dispatch::Dispatcher;

use crate::auth::jwt::SessionKeys;
use crate::auth::limiter::Limiter;

/// What every handler may reach. Built once per server from its configuration; no globals.
pub struct AppState {
    pub db: Db,
    pub redis: deadpool_redis::Pool,
    pub admin_groups: Arc<Vec<String>>,
    pub auth: Arc<AuthConfig>,
    pub sessions: Arc<SessionKeys>,
    /// Callers remembered between requests while no credential changed.
    pub callers: Arc<crate::auth::cache::ActorCache>,
    pub limiter: Limiter,
    /// For calls to the CAS server.
    pub http: reqwest::Client,
    /// Hands recorded pushes to the workers.
    pub dispatch: Arc<Dispatcher>,
    /// Live push events for the followers this process serves.
    pub hub: Arc<crate::live::Hub>,
    /// Push status changes for the event stream's followers here.
    pub feed: Arc<crate::feed::FeedHub>,
    pub requests: crate::metrics::RequestCounts,
    /// Between keep-alive comments on a quiet stream.
    pub sse_keep_alive: std::time::Duration,
}

/// Defines an `AppState` method that runs `f` in one transaction with the capability an `authz` check returns:
/// the authorize-then-act step every route on that kind of object shares.
macro_rules! authorized_step {
    ($(#[$doc:meta])* $name:ident, $run:ident, $check:path, $id:ty, $cap:ident) => {
        $(#[$doc])*
        pub async fn $name<L, T, F>(&self, actor: Actor, id: $id, f: F) -> ApiResult<T>
        where
            L: Needed + Send + 'static,
            T: Send + 'static,
            F: for<'a> FnOnce(&mut PgConnection, &$cap<'a, L>) -> rolf_common::Result<T> + Send + 'static,
        {
            Ok(self
                .db
                .$run(move |conn| {
                    let cap = $check(conn, &actor, id)?;
                    f(conn, &cap)
                })
                .await?)
        }
    };
}

impl AppState {
    authorized_step!(
        /// With the actor's level-`L` grant on a deployment.
        on_deployment, tx, authz::deployment::<L>, DeploymentId, Granted
    );
    authorized_step!(
        /// With the actor's level-`L` grant on a push's deployment.
        on_push, tx, authz::for_push::<L>, PushId, PushGrant
    );
    authorized_step!(
        /// Like `on_push`, for reads: no transaction, which would cost two round trips of its own.
        reading_push, run, authz::for_push::<L>, PushId, PushGrant
    );
    authorized_step!(
        /// With the actor's level-`L` grant on a stage's deployment.
        on_stage, tx, authz::for_stage::<L>, StageId, StageGrant
    );
}
