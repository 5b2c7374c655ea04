use std::time::Duration;

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// How long a readiness probe waits for each backing service.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Readiness {
    status: &'static str,
    postgres: bool,
    redis: bool,
}

/// The process is up (no dependencies checked).
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Postgres and Redis both answer: 200; otherwise 503 saying which does not.
#[utoipa::path(tag = "health", responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
#[get("/readyz")]
async fn readyz(state: Data<AppState>) -> HttpResponse {
    let postgres = async { tokio::time::timeout(PROBE_TIMEOUT, state.db.ping()).await.is_ok_and(|r| r.is_ok()) };
    let redis = async {
        tokio::time::timeout(PROBE_TIMEOUT, async {
            let mut conn = state.redis.get().await.ok()?;
            redis::cmd("PING").query_async::<String>(&mut conn).await.ok()
        })
        .await
        .ok()
        .flatten()
        .is_some()
    };
    let (postgres, redis) = tokio::join!(postgres, redis);
    if postgres && redis {
        HttpResponse::Ok().json(Readiness { status: "ready", postgres, redis })
    } else {
        HttpResponse::ServiceUnavailable().json(Readiness { status: "unavailable", postgres, redis })
    }
}
