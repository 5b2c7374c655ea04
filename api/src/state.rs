use std::sync::Arc;

use diesel::PgConnection;
use rolf_common::authz::{self, Actor, Granted, Needed};
use rolf_common::config::AuthConfig;
use rolf_common::db::Db;
use rolf_common::ids::DeploymentId;
use rolf_common::ids::PushId;

use crate::error::ApiResult;
use rolf_common::queue::{PushQueue, QueueError};

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
    pub queue: LazyQueue,
    /// Live push events for the followers this process serves.
    pub hub: Arc<crate::live::Hub>,
    pub requests: crate::metrics::RequestCounts,
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

/// The push queue, connected at first use: the API starts, and answers `/readyz`, while Redis is down; pushes
/// requested meanwhile are kept in Postgres and queued by the workers' sweeper.
pub struct LazyQueue {
    redis_url: String,
    prefix: String,
    queue: tokio::sync::OnceCell<PushQueue>,
}

impl LazyQueue {
    pub fn new(redis_url: &str, prefix: &str) -> Self {
        LazyQueue { redis_url: redis_url.to_owned(), prefix: prefix.to_owned(), queue: tokio::sync::OnceCell::new() }
    }

    pub async fn enqueue(&self, push: PushId) -> Result<(), QueueError> {
        let queue = self.queue.get_or_try_init(|| PushQueue::connect(&self.redis_url, &self.prefix)).await?;
        queue.enqueue(push).await
    }
}
