//! The HTTP side: JSON calls to `/api/v1` with the bearer token, and the mapping of every failure to an
//! [`Error`] (and so to an exit code).

use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};

/// A JSON call that takes longer than this has failed; log streams are exempt.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct Api {
    pub url: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl Api {
    pub fn new(url: &str, token: Option<&str>) -> Result<Api> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("rolf-cli/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| Error::Local(format!("creating the HTTP client: {e}")))?;
        Ok(Api { url: url.to_owned(), token: token.map(str::to_owned), client })
    }

    /// A request to `/api/v1{path}` with the token; no timeout (callers add one, or bound each read).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let req = self.client.request(method, format!("{}/api/v1{path}", self.url));
        match &self.token {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.call(self.request(Method::GET, path)).await
    }

    /// A GET with query parameters, encoded.
    pub async fn get_with_query<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)]) -> Result<T> {
        self.call(self.request(Method::GET, path).query(query)).await
    }

    pub async fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T> {
        self.call(self.request(Method::POST, path).json(body)).await
    }

    pub async fn put<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T> {
        self.call(self.request(Method::PUT, path).json(body)).await
    }

    pub async fn patch<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T> {
        self.call(self.request(Method::PATCH, path).json(body)).await
    }

    /// A DELETE answered with no body (204).
    pub async fn delete(&self, path: &str) -> Result<()> {
        let req = self.request(Method::DELETE, path).timeout(REQUEST_TIMEOUT);
        check(req.send().await.map_err(|e| self.unreachable(e))?).await?;
        Ok(())
    }

    /// Sends a request built with [`Api::request`] and decodes its JSON answer, with the timeout of every call.
    pub async fn call<T: DeserializeOwned>(&self, req: RequestBuilder) -> Result<T> {
        let resp = req.timeout(REQUEST_TIMEOUT).send().await.map_err(|e| self.unreachable(e))?;
        let resp = check(resp).await?;
        let bytes = resp.bytes().await.map_err(|e| self.unreachable(e))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Unavailable(format!("the API answered unexpected JSON: {e}")))
    }

    /// Sends a request built with [`Api::request`] and returns its answer as text (a YAML document).
    pub async fn text(&self, req: RequestBuilder) -> Result<String> {
        let resp = req.timeout(REQUEST_TIMEOUT).send().await.map_err(|e| self.unreachable(e))?;
        check(resp).await?.text().await.map_err(|e| self.unreachable(e))
    }

    pub fn unreachable(&self, err: reqwest::Error) -> Error {
        Error::Unavailable(format!("cannot reach the API at {}: {}", self.url, chain(&err)))
    }
}

/// Passes a 2xx response through; turns any other into the error its status means.
pub async fn check(resp: Response) -> Result<Response> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    Err(refusal(status, &body))
}

/// The error of a non-2xx answer with the API's `{"error": {"code", "message", "field"}}` body.
pub fn refusal(status: StatusCode, body: &Value) -> Error {
    let error = &body["error"];
    let message = error["message"].as_str().unwrap_or_else(|| status.canonical_reason().unwrap_or("error"));
    let message = match error["field"].as_str() {
        Some(field) if !message.starts_with(field) => format!("{field}: {message}"),
        _ => message.to_owned(),
    };
    match status {
        StatusCode::UNAUTHORIZED => {
            Error::Auth(format!("the API refused the token ({message}): run `rolf login` or check ROLF_TOKEN"))
        }
        StatusCode::FORBIDDEN => Error::Auth(format!("not allowed: {message}")),
        s if s.is_server_error() => Error::Unavailable(format!("the API failed ({s}): {message}")),
        s => Error::Refused(format!("{message} ({s})")),
    }
}

/// An error with its causes, which reqwest keeps in `source()` ("error sending request" alone says little).
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn statuses_map_to_errors_with_the_apis_message() {
        let body = json!({"error": {"code": "invalid", "message": "must be between 1 and 200", "field": "limit"}});
        let err = refusal(StatusCode::UNPROCESSABLE_ENTITY, &body);
        assert!(matches!(&err, Error::Refused(m) if m.contains("limit: must be between")), "{err}");
        assert!(matches!(refusal(StatusCode::UNAUTHORIZED, &Value::Null), Error::Auth(_)));
        assert!(matches!(refusal(StatusCode::FORBIDDEN, &Value::Null), Error::Auth(_)));
        assert!(matches!(refusal(StatusCode::SERVICE_UNAVAILABLE, &Value::Null), Error::Unavailable(_)));
        assert!(matches!(refusal(StatusCode::NOT_FOUND, &Value::Null), Error::Refused(_)));
    }
}
