//! What every Server-Sent Events answer shares: how chunks are framed, sent and cut short, and the response.

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::error::ApiError;

/// Chunks buffered per client; a client that reads slower than this is waited for by its own task only.
pub const CLIENT_BUFFER: usize = 64;
/// Sent first, so that an EventSource that lost the connection reconnects after this many milliseconds.
pub const RETRY: &[u8] = b"retry: 2000\n\n";
pub const KEEP_ALIVE: &[u8] = b": keep-alive\n\n";

/// What a stream could not complete. Yielding it makes actix abort the connection without the final chunk, so
/// every client sees the answer as cut short (and resumes), never as a clean end with events missing.
#[derive(Debug, thiserror::Error)]
#[error("the stream could not be completed")]
pub struct Incomplete;

pub type Chunk = Result<Bytes, Incomplete>;

/// Whether a follower goes on.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

pub async fn send(tx: &mpsc::Sender<Chunk>, chunk: Bytes) -> Flow {
    if tx.send(Ok(chunk)).await.is_ok() { Flow::Go } else { Flow::Stop }
}

/// Aborts the stream (see [`Incomplete`]).
pub async fn cut(tx: &mpsc::Sender<Chunk>) -> Flow {
    let _ = tx.send(Err(Incomplete)).await;
    Flow::Stop
}

pub fn event(name: &str, id: Option<i64>, data: &impl Serialize) -> Bytes {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_owned());
    let id = id.map(|id| format!("id: {id}\n")).unwrap_or_default();
    Bytes::from(format!("{id}event: {name}\ndata: {json}\n\n"))
}

/// The streaming answer over what a task sends into `rx`.
pub fn response(rx: mpsc::Receiver<Chunk>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        // nginx and friends would otherwise buffer the stream.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(ReceiverStream::new(rx))
}

/// Where a stream resumes: the larger of `?after=` and the `Last-Event-ID` header (`what` says what an id counts,
/// for the error); `None` when neither was given.
pub fn resume_after(req: &HttpRequest, after: Option<i64>, what: &str) -> Result<Option<i64>, ApiError> {
    let header = match req.headers().get("last-event-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|id| *id >= 0)
                .ok_or_else(|| ApiError::BadRequest(format!("Last-Event-ID must be {what}")))?,
        ),
    };
    if after.is_some_and(|a| a < 0) {
        return Err(rolf_common::Error::invalid("after", "must not be negative").into());
    }
    Ok(after.into_iter().chain(header).max())
}
