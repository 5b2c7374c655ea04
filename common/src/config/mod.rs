//! Configuration from environment variables. Every value is read and checked at start, and a bad one stops
//! the process with a message naming the variable. The lookup is passed in, so tests vary it without touching
//! the process environment.

use std::net::SocketAddr;
use std::time::Duration;

pub mod auth;
pub mod web;
pub mod webhooks;

pub use auth::{AuthConfig, CasConfig, JwtKeys, LdapConfig};
pub use web::WebConfig;
pub use webhooks::WebhookConfig;

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/rolf";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_QUEUE_PREFIX: &str = "rolf";
pub const DEFAULT_DB_POOL_SIZE: usize = 16;
/// HS256 keys shorter than the hash output weaken it; refuse them rather than warn.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("configuration: {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

pub(crate) fn bad(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { var, message: message.into() }
}

/// What every process that touches Postgres needs.
#[derive(Debug, Clone)]
pub struct DbConfig {
    pub database_url: String,
    pub pool_size: usize,
}

/// Where push jobs are queued.
#[derive(Debug, Clone)]
pub struct QueueConfig {
    pub redis_url: String,
    pub queue_prefix: String,
}

impl QueueConfig {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env(lookup);
        let redis_url = env.get("REDIS_URL").unwrap_or_else(|| DEFAULT_REDIS_URL.to_owned());
        if !["redis://", "rediss://", "unix://", "redis+unix://"].iter().any(|p| redis_url.starts_with(p)) {
            return Err(bad("REDIS_URL", "must be a redis://, rediss:// or unix:// URL"));
        }
        let queue_prefix = env.get("ROLF_QUEUE_PREFIX").unwrap_or_else(|| DEFAULT_QUEUE_PREFIX.to_owned());
        // apalis' Redis storage breaks on colons in queue names (see shared notes).
        let plain = queue_prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if queue_prefix.len() > 64 || !plain {
            return Err(bad("ROLF_QUEUE_PREFIX", "may hold only letters, digits, '-' and '_' (at most 64)"));
        }
        Ok(QueueConfig { redis_url, queue_prefix })
    }
}

/// `ROLF_MAX_LOG_BYTES_PER_PUSH`'s default: 1 GiB.
pub const DEFAULT_MAX_LOG_BYTES: u64 = 1 << 30;

/// Everything `rolf-worker` needs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub db: DbConfig,
    pub queue: QueueConfig,
    /// Pushes run at once by one worker process, whatever their pools.
    pub concurrency: usize,
    /// The pools whose pushes this worker runs (`ROLF_WORKER_POOLS`, comma-separated; default `default`).
    pub pools: Vec<String>,
    /// Each push gets a fresh directory below this one.
    pub workdir: std::path::PathBuf,
    pub stage_timeout: Duration,
    /// Between SIGTERM and SIGKILL when a stage is cancelled or times out.
    pub kill_grace: Duration,
    /// A running push whose worker has not heartbeaten for this long is declared lost.
    pub lost_after: Duration,
    /// How long the worker keeps retrying (and buffering output) while Postgres is unreachable.
    pub db_retry: Duration,
    /// After SIGTERM, how long running pushes may take before they are cancelled.
    pub shutdown_grace: Duration,
    pub webhooks: WebhookConfig,
    /// Bytes of log text stored per push; lines past it are counted, not stored.
    pub max_log_bytes: u64,
    /// A push paused in step mode for this long is cancelled.
    pub pause_timeout: Duration,
    /// Days after a push finished that its log lines are kept (a deployment may set its own); `None`: forever.
    pub log_retention_days: Option<u32>,
}

fn seconds(env: &Env, var: &'static str, default: u64, max: u64) -> Result<Duration, ConfigError> {
    match env.get(var) {
        None => Ok(Duration::from_secs(default)),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(Duration::from_secs(n)),
            _ => Err(bad(var, format!("'{v}' is not a number of seconds from 1 to {max}"))),
        },
    }
}

/// Minutes, fractions allowed (`0.5` is 30 s), from a second to a week.
fn minutes(env: &Env, var: &'static str, default: f64) -> Result<Duration, ConfigError> {
    let value = match env.get(var) {
        None => default,
        Some(v) => v.parse::<f64>().ok().filter(|m| (1.0 / 60.0..=7.0 * 24.0 * 60.0).contains(m)).ok_or_else(|| {
            bad(var, format!("'{v}' is not a number of minutes from 0.0167 (a second) to 10080 (a week)"))
        })?,
    };
    Ok(Duration::from_secs_f64(value * 60.0))
}

impl WorkerConfig {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env(lookup);
        let concurrency = match env.get("ROLF_WORKER_CONCURRENCY") {
            None => 4,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=256).contains(&n) => n,
                _ => return Err(bad("ROLF_WORKER_CONCURRENCY", format!("'{v}' is not a number from 1 to 256"))),
            },
        };
        let workdir = env
            .get("ROLF_WORKDIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("rolf-work"));
        if !workdir.is_absolute() {
            return Err(bad("ROLF_WORKDIR", "must be an absolute path"));
        }
        let pools: Vec<String> = match env.get("ROLF_WORKER_POOLS") {
            None => vec![crate::workers::DEFAULT_POOL.to_owned()],
            Some(list) => {
                let mut pools: Vec<String> = Vec::new();
                for pool in list.split(',').map(str::trim) {
                    if !crate::workers::is_pool_name(pool) {
                        let rule = crate::workers::POOL_RULE;
                        return Err(bad("ROLF_WORKER_POOLS", format!("{pool:?} is not a pool name: {rule}")));
                    }
                    if !pools.iter().any(|p| p == pool) {
                        pools.push(pool.to_owned());
                    }
                }
                pools
            }
        };
        Ok(WorkerConfig {
            db: DbConfig::from_lookup(lookup)?,
            queue: QueueConfig::from_lookup(lookup)?,
            concurrency,
            pools,
            workdir,
            stage_timeout: seconds(&env, "ROLF_STAGE_TIMEOUT_SECONDS", 3600, 7 * 24 * 3600)?,
            kill_grace: seconds(&env, "ROLF_KILL_GRACE_SECONDS", 10, 3600)?,
            lost_after: seconds(&env, "ROLF_LOST_AFTER_SECONDS", 30, 86_400)?,
            db_retry: seconds(&env, "ROLF_DB_RETRY_SECONDS", 60, 86_400)?,
            shutdown_grace: seconds(&env, "ROLF_SHUTDOWN_GRACE_SECONDS", 600, 7 * 24 * 3600)?,
            webhooks: WebhookConfig::from_env(&env)?,
            pause_timeout: minutes(&env, "ROLF_PAUSE_TIMEOUT_MINUTES", 60.0)?,
            max_log_bytes: match env.get("ROLF_MAX_LOG_BYTES_PER_PUSH") {
                None => DEFAULT_MAX_LOG_BYTES,
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        return Err(bad(
                            "ROLF_MAX_LOG_BYTES_PER_PUSH",
                            format!("'{v}' is not a number of bytes (1 or more)"),
                        ));
                    }
                },
            },
            log_retention_days: match env.get("ROLF_LOG_RETENTION_DAYS") {
                None => None,
                Some(v) => match v.parse::<u32>() {
                    Ok(n) if (1..=36_500).contains(&n) => Some(n),
                    _ => {
                        return Err(bad(
                            "ROLF_LOG_RETENTION_DAYS",
                            format!("'{v}' is not a number of days from 1 to 36500"),
                        ));
                    }
                },
            },
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|var| std::env::var(var).ok())
    }
}

/// Everything `rolf-api serve` needs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: DbConfig,
    pub redis_url: String,
    pub bind: SocketAddr,
    pub admin_groups: Vec<String>,
    pub queue_prefix: String,
    pub auth: AuthConfig,
    /// The API, like workers, declares pushes lost after this much heartbeat silence.
    pub lost_after: Duration,
    /// The web interface it serves, and the origins CORS allows.
    pub web: WebConfig,
    /// How often a quiet log or event stream gets a keep-alive comment, so proxies do not close it.
    pub sse_keep_alive: Duration,
}

/// Reads a variable; an empty value counts as unset so `FOO=` in an env file means "use the default".
pub(crate) struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    pub(crate) fn get(&self, var: &str) -> Option<String> {
        (self.0)(var).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }
}

impl DbConfig {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env(lookup);
        let database_url = env.get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(bad("DATABASE_URL", "must be a postgres:// or postgresql:// URL"));
        }
        let pool_size = match env.get("ROLF_DB_POOL_SIZE") {
            None => DEFAULT_DB_POOL_SIZE,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=1000).contains(&n) => n,
                _ => {
                    return Err(bad("ROLF_DB_POOL_SIZE", format!("'{v}' is not a number from 1 to 1000")));
                }
            },
        };
        Ok(DbConfig { database_url, pool_size })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|var| std::env::var(var).ok())
    }
}

impl ServerConfig {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let db = DbConfig::from_lookup(lookup)?;
        let env = Env(lookup);

        let QueueConfig { redis_url, queue_prefix } = QueueConfig::from_lookup(lookup)?;

        let bind_text = env.get("ROLF_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind_text
            .parse::<SocketAddr>()
            .map_err(|_| bad("ROLF_BIND", format!("'{bind_text}' is not an address like 127.0.0.1:8080")))?;

        let mut admin_groups = Vec::new();
        for name in env.get("ROLF_ADMIN_GROUPS").unwrap_or_default().split(',') {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            crate::validate::group_name(name).map_err(|e| bad("ROLF_ADMIN_GROUPS", format!("'{name}': {e}")))?;
            admin_groups.push(name.to_owned());
        }

        let jwt_secret = env.get("ROLF_JWT_SECRET").ok_or_else(|| {
            bad("ROLF_JWT_SECRET", "is required (at least 32 random bytes, e.g. `openssl rand -hex 32`)")
        })?;
        if jwt_secret.len() < MIN_JWT_SECRET_BYTES {
            return Err(bad("ROLF_JWT_SECRET", format!("must be at least {MIN_JWT_SECRET_BYTES} bytes long")));
        }

        let auth = AuthConfig::from_env(&env, &jwt_secret)?;
        let lost_after = seconds(&env, "ROLF_LOST_AFTER_SECONDS", 30, 86_400)?;
        let web = WebConfig::from_env(&env)?;
        let sse_keep_alive = seconds(&env, "ROLF_SSE_KEEPALIVE_SECONDS", 15, 3600)?;
        Ok(ServerConfig { db, redis_url, bind, admin_groups, queue_prefix, auth, lost_after, web, sse_keep_alive })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|var| std::env::var(var).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<ServerConfig, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        ServerConfig::from_lookup(&move |k| map.get(k).cloned())
    }

    const SECRET: (&str, &str) = ("ROLF_JWT_SECRET", "0123456789abcdef0123456789abcdef");

    #[test]
    fn defaults_apply_when_only_the_secret_is_set() {
        let c = load(&[SECRET]).unwrap();
        assert_eq!(c.db.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.redis_url, DEFAULT_REDIS_URL);
        assert_eq!(c.bind.to_string(), DEFAULT_BIND);
        assert!(c.admin_groups.is_empty());
        assert_eq!(c.queue_prefix, "rolf");
    }

    #[test]
    fn missing_secret_is_named() {
        assert_eq!(load(&[]).unwrap_err().var, "ROLF_JWT_SECRET");
        assert_eq!(load(&[("ROLF_JWT_SECRET", "short")]).unwrap_err().var, "ROLF_JWT_SECRET");
    }

    #[test]
    fn malformed_values_are_named() {
        for (var, value) in [
            ("ROLF_BIND", "localhost"),
            ("DATABASE_URL", "mysql://x"),
            ("REDIS_URL", "http://x"),
            ("ROLF_ADMIN_GROUPS", "ok,bad group"),
            ("ROLF_QUEUE_PREFIX", "a:b"),
            ("ROLF_DB_POOL_SIZE", "0"),
        ] {
            let err = load(&[SECRET, (var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{value}");
            assert!(err.to_string().contains(var));
        }
    }

    #[test]
    fn admin_groups_are_split_and_trimmed() {
        let c = load(&[SECRET, ("ROLF_ADMIN_GROUPS", " ops, sre ,,")]).unwrap();
        assert_eq!(c.admin_groups, vec!["ops".to_owned(), "sre".to_owned()]);
    }
}
