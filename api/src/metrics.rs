//! `/metrics` in Prometheus' text format: push and stage figures from Postgres, and this process's HTTP requests
//! by route and status.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use rolf_common::stats::{self, STAGE_BUCKETS};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::AppState;

/// Requests served by this process: (method, route pattern, status) → count. Route patterns, not paths, so ids
/// do not explode the label space.
#[derive(Default)]
pub struct RequestCounts(Mutex<BTreeMap<(String, String, u16), u64>>);

impl RequestCounts {
    fn add(&self, method: &str, route: &str, status: u16) {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry((method.to_owned(), route.to_owned(), status)).or_default() += 1;
    }
}

pub async fn count_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().to_string();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let counts = req.app_data::<Data<AppState>>().cloned();
    let response = next.call(req).await?;
    if let Some(state) = counts {
        state.requests.add(&method, &route, response.status().as_u16());
    }
    Ok(response)
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(metrics);
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Prometheus metrics: pushes by status, queue depth, running pushes, stage durations, log lines stored,
/// webhook failures, and HTTP requests by route and status.
#[utoipa::path(tag = "health", responses((status = 200, content_type = "text/plain", body = String),
    (status = 503, description = "Postgres is unreachable")))]
#[get("/metrics")]
async fn metrics(state: Data<AppState>) -> HttpResponse {
    let stats = match state.db.run(stats::read).await {
        Ok(stats) => stats,
        Err(e) => {
            tracing::warn!(error = %e, "reading metrics failed");
            return HttpResponse::ServiceUnavailable().content_type("text/plain").body("postgres unavailable\n");
        }
    };
    let mut out = String::new();
    let count = |status: &str| stats.pushes_by_status.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
    let _ = writeln!(out, "# HELP rolf_pushes Pushes by status.\n# TYPE rolf_pushes gauge");
    for status in ["queued", "running", "paused", "succeeded", "failed", "cancelled", "lost"] {
        let _ = writeln!(out, "rolf_pushes{{status=\"{status}\"}} {}", count(status));
    }
    let _ = writeln!(out, "# HELP rolf_queue_depth Pushes waiting to start.\n# TYPE rolf_queue_depth gauge");
    let _ = writeln!(out, "rolf_queue_depth {}", count("queued"));
    let _ = writeln!(out, "# HELP rolf_running_pushes Pushes running now.\n# TYPE rolf_running_pushes gauge");
    let _ = writeln!(out, "rolf_running_pushes {}", count("running"));
    type PoolFigure = fn(&rolf_common::workers::PoolLoad) -> i64;
    let per_pool: [(&str, &str, PoolFigure); 3] = [
        ("rolf_pool_queue_depth", "Pushes waiting to start, by worker pool.", |p| p.queued),
        ("rolf_pool_running_pushes", "Pushes running or paused, by worker pool.", |p| p.running),
        ("rolf_pool_live_workers", "Live workers serving each pool.", |p| p.live_workers),
    ];
    for (name, help, figure) in per_pool {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for p in &stats.pools {
            let _ = writeln!(out, "{name}{{pool=\"{}\"}} {}", escape(&p.pool), figure(p));
        }
    }
    let _ = writeln!(
        out,
        "# HELP rolf_stage_duration_seconds How long finished stages ran.\n# TYPE rolf_stage_duration_seconds histogram"
    );
    for (bound, n) in STAGE_BUCKETS.iter().zip(&stats.stage_buckets) {
        let _ = writeln!(out, "rolf_stage_duration_seconds_bucket{{le=\"{bound}\"}} {n}");
    }
    let _ = writeln!(out, "rolf_stage_duration_seconds_bucket{{le=\"+Inf\"}} {}", stats.stage_count);
    let _ = writeln!(out, "rolf_stage_duration_seconds_sum {}", stats.stage_seconds);
    let _ = writeln!(out, "rolf_stage_duration_seconds_count {}", stats.stage_count);
    let _ = writeln!(
        out,
        "# HELP rolf_log_lines Log lines stored (Postgres' estimate).\n# TYPE rolf_log_lines gauge\nrolf_log_lines {}",
        stats.log_lines_estimate
    );
    let _ = writeln!(
        out,
        "# HELP rolf_webhook_failures Webhook deliveries that gave up.\n# TYPE rolf_webhook_failures gauge\n\
         rolf_webhook_failures {}",
        stats.webhook_failures
    );
    let _ = writeln!(
        out,
        "# HELP rolf_http_requests_total HTTP requests served by this process.\n# TYPE rolf_http_requests_total counter"
    );
    let requests = state.requests.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for ((method, route, status), n) in requests {
        let _ = writeln!(
            out,
            "rolf_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
            escape(&route)
        );
    }
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(out)
}
