use std::sync::Arc;

use diesel::PgConnection;
use rolf_common::authz::{self, Actor, Granted, Needed};
use rolf_common::config::AuthConfig;
use rolf_common::db::Db;
use rolf_common::ids::DeploymentId;

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
    pub limiter: Limiter,
    /// For calls to the CAS server.
    pub http: reqwest::Client,
    /// Hands recorded pushes to the workers.
    pub dispatch: Arc<Dispatcher>,
    /// Live push events for the followers this process serves.
    pub hub: Arc<crate::live::Hub>,
    pub requests: crate::metrics::RequestCounts,
    /// Between keep-alive comments on a quiet stream.
    pub sse_keep_alive: std::time::Duration,
}

impl AppState {
    /// Runs `f` in one transaction with the actor's level-`L` grant on a deployment: the authorize-then-act step
    /// every deployment route shares.
    pub async fn on_deployment<L, T, F>(&self, actor: Actor, id: DeploymentId, f: F) -> ApiResult<T>
    where
        L: Needed + Send + 'static,
        T: Send + 'static,
        F: for<'a> FnOnce(&mut PgConnection, &Granted<'a, L>) -> rolf_common::Result<T> + Send + 'static,
    {
        Ok(self
            .db
            .tx(move |conn| {
                let cap = authz::deployment::<L>(conn, &actor, id)?;
                f(conn, &cap)
            })
            .await?)
    }
}
