//! Rolf's REST API: actix-web handlers over the `rolf-common` domain.

pub mod auth;
pub mod error;
pub mod extract;
pub mod feed;
pub mod integral;
pub mod live;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod sse;
pub mod state;
pub mod ticker;
/// `web.rs`, named `web_app` here because `web` is actix-web's module, imported below.
#[path = "web.rs"]
pub mod web_app;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use rolf_common::config::ServerConfig;
use rolf_common::db::Db;
use rolf_common::db::pipeline::Pipeline;
use rolf_common::dispatch::Dispatcher;
use rolf_common::queue::Queues;
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;

/// How often the API sweeps for lost pushes and pushes without a job.
const SWEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// The OpenAPI document as the code defines it; `openapi/openapi.json` must equal it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut spec) =
        App::new().into_utoipa_app().openapi(openapi::ApiDoc::openapi()).configure(configure).split_for_parts();
    utoipa::Modify::modify(&openapi::Shared, &mut spec);
    spec
}

pub fn openapi_json() -> String {
    let spec = openapi();
    serde_json::to_string_pretty(&spec).map(|s| s + "\n").unwrap_or_default()
}

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(routes::health::configure)
        .configure(metrics::configure)
        .service(scope::scope("/api/v1").wrap(from_fn(auth::authenticate)).configure(routes::configure));
}

/// A bound, not yet running server (zero-to-production's `Application`): bind to port 0 in tests.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub fn build(config: &ServerConfig) -> anyhow::Result<Self> {
        let listener =
            TcpListener::bind(config.bind).map_err(|e| anyhow::anyhow!("binding {} (ROLF_BIND): {e}", config.bind))?;
        Self::with_listener(config, listener)
    }

    pub fn with_listener(config: &ServerConfig, listener: TcpListener) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let db = Db::new(&config.db)?;
        let redis = deadpool_redis::Config::from_url(&config.redis_url)
            .builder()
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?
            .max_size(16)
            .runtime(deadpool_redis::Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_secs(2)))
            .create_timeout(Some(std::time::Duration::from_secs(2)))
            .build()
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
        let limiter = auth::limiter::Limiter {
            redis: redis.clone(),
            prefix: config.queue_prefix.clone(),
            max_failures: config.auth.login_max_failures,
            window: config.auth.login_window,
        };
        let hub = live::Hub::new(db.clone());
        let feed = feed::FeedHub::start(db.clone());
        let dispatch = Arc::new(Dispatcher::new(
            db.clone(),
            Queues::new(&config.redis_url, &config.queue_prefix),
            config.lost_after,
        ));
        let state = web::Data::new(AppState {
            db,
            redis: redis.clone(),
            admin_groups: Arc::new(config.admin_groups.clone()),
            sessions: Arc::new(auth::jwt::SessionKeys::new(&config.auth.jwt)?),
            callers: Arc::new(auth::cache::ActorCache::new(redis, &config.queue_prefix)),
            auth: Arc::new(config.auth.clone()),
            limiter,
            http: reqwest::Client::builder().build()?,
            dispatch: dispatch.clone(),
            hub: hub.clone(),
            feed: feed.clone(),
            requests: metrics::RequestCounts::default(),
            sse_keep_alive: config.sse_keep_alive,
        });
        tokio::spawn(live::listen(
            Arc::downgrade(&hub),
            Arc::downgrade(&feed),
            config.redis_url.clone(),
            config.queue_prefix.clone(),
        ));
        // Like every worker, the API sweeps: a crashed worker's pushes end even when no other worker runs.
        tokio::spawn(Dispatcher::sweep_every(Arc::downgrade(&dispatch), SWEEP_INTERVAL));
        tokio::spawn(ticker::run(Arc::downgrade(&dispatch), state.db.clone(), state.admin_groups.clone()));
        let doc = openapi();
        let spec = Arc::new(openapi_json());
        let web_dir = config.web.dir.clone();
        let cors_origins = web::Data::new(crate::web_app::CorsOrigins(config.web.cors_origins.clone().into()));
        let database_url = config.db.database_url.clone();
        let server = HttpServer::new(move || {
            let spec = spec.clone();
            let (app, _) = App::new()
                .wrap(from_fn(extract::objects_only))
                .wrap(from_fn(crate::web_app::cors))
                .wrap(from_fn(metrics::count_requests))
                .wrap(tracing_actix())
                .app_data(state.clone())
                // Built once per worker thread: each thread pipelines its requests' reads on its own connection.
                .app_data(web::Data::new(Pipeline::new(&database_url)))
                .app_data(cors_origins.clone())
                .app_data(extract::json_config())
                .app_data(extract::path_config())
                .app_data(extract::query_config())
                .into_utoipa_app()
                .openapi(openapi::ApiDoc::openapi())
                .configure(configure)
                .split_for_parts();
            app.route(
                "/openapi.json",
                web::get().to(move || {
                    let spec = spec.clone();
                    async move { HttpResponse::Ok().content_type("application/json").body(spec.as_str().to_owned()) }
                }),
            )
            .service(SwaggerUi::new("/docs/{_:.*}").url("/docs/openapi.json", doc.clone()))
            .route(
                "/docs",
                web::get()
                    .to(|| async { HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish() }),
            )
            .default_service(crate::web_app::fallback(web_dir.as_deref()))
        })
        .listen(listener)?
        .run();
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}

/// Logs each request with method, path, status and duration.
fn tracing_actix() -> actix_web::middleware::Logger {
    actix_web::middleware::Logger::new("%r %s %Dms").log_target("rolf_api::http")
}
