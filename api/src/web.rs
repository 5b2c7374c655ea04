//! The web interface (`web/`, built) served at `/` when `ROLF_WEB_DIR` is set, and CORS for one hosted
//! elsewhere (`ROLF_CORS_ORIGINS`). The API itself is unchanged: the pages use the same public endpoints and
//! bearer tokens as any client.
//!
//! - A file of the build is served as it is; Vite's content-hashed `assets/` are cached for a year, everything
//!   else (above all `index.html`) is revalidated on every load, so a deploy is picked up at once.
//! - Any other GET of a page path (no file extension, not under `/api/`) gets `index.html`: the app routes it.
//! - Pages carry a Content-Security-Policy allowing scripts, styles and connections to this origin only, with no
//!   inline script: user data that slipped into markup could not run.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, Route, web};

use crate::error::ApiError;

pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// The handler of every path no route claimed: the web app's files and pages, or the API's JSON 404.
pub fn fallback(dir: Option<&Path>) -> Route {
    let dir: Option<Arc<PathBuf>> = dir.map(|d| Arc::new(d.to_path_buf()));
    web::to(move |req: HttpRequest| {
        let dir = dir.clone();
        async move {
            match dir {
                Some(dir) if is_page_request(&req) => serve(&dir, &req).await,
                _ => Err(ApiError::NoRoute),
            }
        }
    })
}

fn is_page_request(req: &HttpRequest) -> bool {
    let path = req.path();
    (req.method() == Method::GET || req.method() == Method::HEAD)
        && !(path == "/api" || path.starts_with("/api/") || path == "/openapi.json")
}

/// The file a URL path names inside `dir`, if the path is plain (no `..`, no hidden segments).
fn file_for(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut file = dir.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) if !p.to_string_lossy().starts_with('.') => file.push(p),
            _ => return None,
        }
    }
    Some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn serve(dir: &Path, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let wanted = if path == "/" { None } else { file_for(dir, path) };
    if let Some(file) = wanted {
        if let Ok(bytes) = tokio::fs::read(&file).await {
            let cache = if path.starts_with("/assets/") { IMMUTABLE } else { REVALIDATE };
            return Ok(respond(&file, bytes, cache));
        }
        // A missing file with an extension (`/favicon.ico`, an old asset) is a 404, not the app.
        if file.extension().is_some() {
            return Err(ApiError::NoRoute);
        }
    } else if path != "/" {
        return Err(ApiError::NoRoute);
    }
    let index = dir.join("index.html");
    match tokio::fs::read(&index).await {
        Ok(bytes) => Ok(respond(&index, bytes, REVALIDATE)),
        Err(e) => {
            tracing::error!(path = %index.display(), error = %e, "the web interface's index.html is unreadable");
            Err(ApiError::NoRoute)
        }
    }
}

fn respond(file: &Path, bytes: Vec<u8>, cache: &'static str) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type(file))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"));
    if file.extension().is_some_and(|e| e == "html") {
        response.insert_header((header::CONTENT_SECURITY_POLICY, CSP)).insert_header((header::X_FRAME_OPTIONS, "DENY"));
    }
    // For HEAD, actix-web sends the headers (and the length) without the body.
    response.body(bytes)
}

/// The origins `ROLF_CORS_ORIGINS` allows, as app data for [`cors`].
#[derive(Debug, Clone, Default)]
pub struct CorsOrigins(pub Arc<[String]>);

/// CORS for the listed origins: preflights are answered here (before authentication, which they cannot pass),
/// and answers to an allowed origin say so. Bearer tokens, not cookies: no credentials mode.
pub async fn cors<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let allowed = req.app_data::<web::Data<CorsOrigins>>().map(|o| o.0.clone()).unwrap_or_else(|| Arc::new([]));
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| allowed.iter().any(|a| a == o))
        .map(str::to_owned);
    let Some(origin) = origin else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let response = HttpResponse::build(StatusCode::NO_CONTENT)
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE"))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID"))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
            .insert_header((header::VARY, "Origin"))
            .finish();
        return Ok(req.into_response(response));
    }
    // A refusal further in (authentication's 401) arrives as an error: it gets the headers too, so the page can
    // read its message.
    let mut response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(inner) => return Err(CorsError { inner, origin }.into()),
    };
    let headers = response.headers_mut();
    if let Ok(value) = header::HeaderValue::from_str(&origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, header::HeaderValue::from_static("Retry-After"));
    headers.append(header::VARY, header::HeaderValue::from_static("Origin"));
    Ok(response)
}

/// An error answered to an allowed origin: the same response, with the CORS headers.
#[derive(Debug)]
struct CorsError {
    inner: actix_web::Error,
    origin: String,
}

impl std::fmt::Display for CorsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl actix_web::ResponseError for CorsError {
    fn status_code(&self) -> StatusCode {
        self.inner.as_response_error().status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = self.inner.error_response();
        let headers = response.headers_mut();
        if let Ok(value) = header::HeaderValue::from_str(&self.origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, header::HeaderValue::from_static("Retry-After"));
        headers.append(header::VARY, header::HeaderValue::from_static("Origin"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_directory() {
        let dir = Path::new("/srv/web");
        assert_eq!(file_for(dir, "/assets/index-abc.js"), Some(PathBuf::from("/srv/web/assets/index-abc.js")));
        assert_eq!(file_for(dir, "/../etc/passwd"), None);
        assert_eq!(file_for(dir, "/assets/../../etc/passwd"), None);
        assert_eq!(file_for(dir, "/.git/config"), None);
    }
}
