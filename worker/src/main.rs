use rolf_common::config::WorkerConfig;
use rolf_common::db::Db;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let filter = EnvFilter::try_from_env("ROLF_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// For now the worker only proves its configuration and connections, then waits for a stop signal; the push
/// engine (issue "Push engine") consumes the queue here.
async fn run() -> anyhow::Result<()> {
    let config = WorkerConfig::from_env()?;
    let db = Db::new(&config.db)?;
    db.ping().await.map_err(|e| anyhow::anyhow!("connecting to Postgres (DATABASE_URL): {e}"))?;
    let client = redis::Client::open(config.queue.redis_url.as_str()).map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?;
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| anyhow::anyhow!("connecting to Redis (REDIS_URL): {e}"))?;
    redis::cmd("PING").query_async::<String>(&mut conn).await?;
    tracing::info!(queue = %rolf_common::jobs::queue_name(&config.queue.queue_prefix), "rolf-worker connected; waiting");
    shutdown_signal().await?;
    tracing::info!("rolf-worker stopping");
    Ok(())
}

async fn shutdown_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = term.recv() => {}
        r = tokio::signal::ctrl_c() => r?,
    }
    Ok(())
}
