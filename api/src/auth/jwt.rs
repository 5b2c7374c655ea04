//! Session tokens: a JWT naming the user and the session row. The signature proves Rolf issued it; the row,
//! checked at every request, decides whether it is still good.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use rolf_common::config::JwtKeys;
use rolf_common::ids::UserId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The session id.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

const ISSUER: &str = "rolf";

pub struct SessionKeys {
    algorithm: Algorithm,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl SessionKeys {
    pub fn new(keys: &JwtKeys) -> anyhow::Result<Self> {
        Ok(match keys {
            JwtKeys::Hs256 { secret } => SessionKeys {
                algorithm: Algorithm::HS256,
                encoding: EncodingKey::from_secret(secret),
                decoding: DecodingKey::from_secret(secret),
            },
            JwtKeys::Rs256 { private_pem, public_pem } => SessionKeys {
                algorithm: Algorithm::RS256,
                encoding: EncodingKey::from_rsa_pem(private_pem)
                    .map_err(|e| anyhow::anyhow!("ROLF_JWT_PRIVATE_KEY_FILE: {e}"))?,
                decoding: DecodingKey::from_rsa_pem(public_pem)
                    .map_err(|e| anyhow::anyhow!("ROLF_JWT_PUBLIC_KEY_FILE: {e}"))?,
            },
        })
    }

    pub fn issue(&self, user: UserId, session: &str, expires_at: DateTime<Utc>) -> anyhow::Result<String> {
        let claims = Claims {
            sub: user.0.to_string(),
            sid: session.to_owned(),
            iat: Utc::now().timestamp(),
            exp: expires_at.timestamp(),
            iss: ISSUER.to_owned(),
        };
        Ok(encode(&Header::new(self.algorithm), &claims, &self.encoding)?)
    }

    /// The claims of a token signed with our key and algorithm and not yet expired; `None` otherwise. Only the
    /// configured algorithm is accepted, so `alg: none` and algorithm-confusion tokens fail here.
    pub fn verify(&self, token: &str) -> Option<(UserId, String)> {
        let mut validation = Validation::new(self.algorithm);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        let data = decode::<Claims>(token, &self.decoding, &validation).ok()?;
        let user = data.claims.sub.parse::<i64>().ok()?;
        Some((UserId(user), data.claims.sid))
    }
}
