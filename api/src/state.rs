use std::sync::Arc;

use rolf_common::config::AuthConfig;
use rolf_common::db::Db;

use crate::auth::jwt::SessionKeys;
use crate::auth::limiter::Limiter;

/// What every handler may reach. Built once per server from its configuration; no globals.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub redis: deadpool_redis::Pool,
    pub admin_groups: Arc<Vec<String>>,
    pub auth: Arc<AuthConfig>,
    pub sessions: Arc<SessionKeys>,
    pub limiter: Limiter,
    /// For calls to the CAS server.
    pub http: reqwest::Client,
}
