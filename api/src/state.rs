use std::sync::Arc;

use rolf_common::db::Db;

/// What every handler may reach. Built once per server from its configuration; no globals.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub redis: deadpool_redis::Pool,
    pub admin_groups: Arc<Vec<String>>,
}
