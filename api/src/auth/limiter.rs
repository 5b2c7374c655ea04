//! Sign-in throttling in Redis, shared by every API replica: after too many failures for one username or one
//! client address within the window, further attempts answer 429 until the window ends.

use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::ApiError;

#[derive(Clone)]
pub struct Limiter {
    pub redis: deadpool_redis::Pool,
    pub prefix: String,
    pub max_failures: u32,
    pub window: Duration,
}

impl Limiter {
    /// Usernames are hashed: the key space must not become a list of who tried to sign in. An empty username
    /// (a CAS ticket names nobody) has no key of its own: shared by every caller, it would let one guessing
    /// run lock everybody out.
    fn keys(&self, username: &str, client: &str) -> Vec<String> {
        let mut keys = vec![format!("{}:signin-fail:addr:{client}", self.prefix)];
        keys.extend(self.user_key(username));
        keys
    }

    fn user_key(&self, username: &str) -> Option<String> {
        if username.is_empty() {
            return None;
        }
        let user = hex::encode(&Sha256::digest(username.to_lowercase().as_bytes())[..16]);
        Some(format!("{}:signin-fail:user:{user}", self.prefix))
    }

    async fn conn(&self) -> Result<deadpool_redis::Connection, ApiError> {
        self.redis.get().await.map_err(|e| ApiError::Unavailable(format!("redis: {e}")))
    }

    /// Refuses the attempt when either counter is at its limit, with the seconds until it resets.
    pub async fn check(&self, username: &str, client: &str) -> Result<(), ApiError> {
        let mut conn = self.conn().await?;
        for key in self.keys(username, client) {
            let failures: Option<u32> = redis::cmd("GET")
                .arg(&key)
                .query_async(&mut conn)
                .await
                .map_err(|e| ApiError::Unavailable(format!("redis: {e}")))?;
            if failures.unwrap_or(0) >= self.max_failures {
                let ttl: i64 = redis::cmd("TTL").arg(&key).query_async(&mut conn).await.unwrap_or(1);
                return Err(ApiError::TooManyRequests(ttl.max(1) as u64));
            }
        }
        Ok(())
    }

    pub async fn failed(&self, username: &str, client: &str) -> Result<(), ApiError> {
        let mut conn = self.conn().await?;
        let mut pipe = redis::pipe();
        for key in self.keys(username, client) {
            // NX: the window starts at the first failure and is not pushed back by later ones.
            pipe.cmd("INCR").arg(&key).ignore().cmd("EXPIRE").arg(&key).arg(self.window.as_secs()).arg("NX").ignore();
        }
        pipe.query_async::<()>(&mut conn).await.map_err(|e| ApiError::Unavailable(format!("redis: {e}")))
    }

    /// A success clears the username's counter (not the address's: one good password must not reset a
    /// guessing run against other accounts from the same place).
    pub async fn succeeded(&self, username: &str) -> Result<(), ApiError> {
        let Some(user_key) = self.user_key(username) else { return Ok(()) };
        let mut conn = self.conn().await?;
        redis::cmd("DEL")
            .arg(user_key)
            .query_async::<()>(&mut conn)
            .await
            .map_err(|e| ApiError::Unavailable(format!("redis: {e}")))
    }
}
