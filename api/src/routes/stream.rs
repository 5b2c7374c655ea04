//! A push's log as a live Server-Sent Events stream, and as one plain-text download. Both stream from Postgres
//! page by page, so memory stays flat whatever the log's size.

use actix_web::web::{Bytes, Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get};
use rolf_common::authz::{LogReader, View};
use rolf_common::db::Db;
use rolf_common::ids::PushId;
use rolf_common::pushes::log::{self, LogLine, Stream};
use rolf_common::pushes::{self, Push};
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::live::{self, Event};
use crate::openapi::responses::*;
use crate::sse::{self, CLIENT_BUFFER, Chunk, Flow, RETRY, event, send};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(live_log).service(text_log);
}

const PAGE: i64 = 2000;
/// Bytes of catch-up events sent as one chunk.
const CATCH_UP_CHUNK: usize = 64 * 1024;

/// Logs why a stream stops short and aborts it.
async fn abort(tx: &mpsc::Sender<Chunk>, push: PushId, error: rolf_common::Error) -> Flow {
    tracing::warn!(push = %push, error = %error, "a log stream could not be completed; aborting it");
    sse::cut(tx).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct StreamQuery {
    /// Only lines after this seq (like the `Last-Event-ID` header; the larger of the two wins).
    after: Option<i64>,
}

/// The push's log live, as Server-Sent Events (needs `view`): first the push's current `push` and `stage`
/// events, then every line after `after` as an `event: line` with `id: <seq>`, then, live, new lines and status
/// changes, and finally an `end` event with the final status, after which the stream closes. Reconnect with
/// `Last-Event-ID` to get every later line exactly once. Comments (`: keep-alive`) keep idle streams open.
#[utoipa::path(tag = "pushes", params(("id" = i64, Path), StreamQuery,
    ("Last-Event-ID" = Option<i64>, Header, description = "resume after this line")),
    responses((status = 200, content_type = "text/event-stream", body = String,
        description = "events `push`, `stage`, `line` (data: a log line), `end`"),
    (status = 400, response = BadRequest), (status = 404, response = NotFound), (status = 422, response = Invalid)))]
#[get("/pushes/{id}/log/stream")]
async fn live_log(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    req: HttpRequest,
    id: Path<PushId>,
    q: Query<StreamQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let after = sse::resume_after(&req, q.after, "a line's seq")?.unwrap_or(0);
    let reader = state.reading_push::<View, _, _>(actor, id, |_, grant| Ok(grant.log_reader())).await?;
    let (tx, rx) = mpsc::channel::<Chunk>(CLIENT_BUFFER);
    tokio::spawn(follow(state.into_inner(), reader, after, tx));
    Ok(sse::response(rx))
}

/// Sends every stored line after `*last`. A database failure aborts the stream: a follower must never be told
/// it has everything when it has not.
async fn catch_up(db: &Db, reader: LogReader, last: &mut i64, tx: &mpsc::Sender<Chunk>) -> Flow {
    let push = reader.push_id();
    loop {
        let after = *last;
        let lines = match db.run(move |conn| log::read(conn, &reader, after, PAGE)).await {
            Ok(lines) => lines,
            Err(e) => return abort(tx, push, e).await,
        };
        let full = lines.len() as i64 == PAGE;
        // Many events to one chunk: a chunk per line would cost the client and the server far more than the
        // line itself. A chunk goes out whole, so `*last` moves only once its lines are sent.
        let mut chunk = Vec::with_capacity(CATCH_UP_CHUNK + 1024);
        let mut sent = *last;
        for line in lines {
            sent = line.seq;
            chunk.extend_from_slice(&event("line", Some(line.seq), &line));
            if chunk.len() >= CATCH_UP_CHUNK {
                if send(tx, Bytes::from(std::mem::take(&mut chunk))).await == Flow::Stop {
                    return Flow::Stop;
                }
                *last = sent;
            }
        }
        if !chunk.is_empty() {
            if send(tx, Bytes::from(chunk)).await == Flow::Stop {
                return Flow::Stop;
            }
            *last = sent;
        }
        if !full {
            return Flow::Go;
        }
    }
}

async fn send_line(line: &LogLine, last: &mut i64, tx: &mpsc::Sender<Chunk>) -> Flow {
    if line.seq <= *last {
        return Flow::Go;
    }
    *last = line.seq;
    send(tx, event("line", Some(line.seq), line)).await
}

/// One follower: joins the push's broadcast first, then catches up from Postgres, then relays, deduplicating by
/// seq and filling any gap (a late join, a lag) from Postgres, so every line goes out once and in order.
async fn follow(state: std::sync::Arc<AppState>, reader: LogReader, mut last: i64, tx: mpsc::Sender<Chunk>) {
    let push = reader.push_id();
    let mut sub = state.hub.join(reader);
    if send(&tx, Bytes::from_static(RETRY)).await == Flow::Stop {
        return;
    }
    let now = match state.db.run(move |conn| live::snapshot(conn, &reader)).await {
        Ok(now) => now,
        Err(e) => {
            abort(&tx, push, e).await;
            return;
        }
    };
    for e in live::changes(None, &now) {
        if relay(&e, &mut last, &tx).await == Flow::Stop {
            return;
        }
    }
    if catch_up(&state.db, reader, &mut last, &tx).await == Flow::Stop {
        return;
    }
    // The status was read before the lines: if it was final then, every line has gone out.
    if now.push.status.is_finished() {
        send(&tx, event("end", None, &now.push)).await;
        return;
    }
    let every = state.sse_keep_alive;
    let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        let flow = tokio::select! {
            received = sub.rx.recv() => match received {
                Ok(Event::End(final_state)) => {
                    if catch_up(&state.db, reader, &mut last, &tx).await == Flow::Go {
                        send(&tx, event("end", None, &final_state)).await;
                    }
                    Flow::Stop
                }
                Ok(Event::Line(line)) => {
                    let gap = line.seq > last + 1;
                    if gap && catch_up(&state.db, reader, &mut last, &tx).await == Flow::Stop {
                        Flow::Stop
                    } else {
                        send_line(&line, &mut last, &tx).await
                    }
                }
                Ok(other) => relay(&other, &mut last, &tx).await,
                Err(broadcast::error::RecvError::Lagged(_)) => catch_up(&state.db, reader, &mut last, &tx).await,
                Err(broadcast::error::RecvError::Closed) => {
                    sub = state.hub.join(reader);
                    Flow::Go
                }
            },
            _ = keep_alive.tick() => send(&tx, Bytes::from_static(sse::KEEP_ALIVE)).await,
            _ = tx.closed() => Flow::Stop,
        };
        if flow == Flow::Stop {
            return;
        }
    }
}

async fn relay(e: &Event, last: &mut i64, tx: &mpsc::Sender<Chunk>) -> Flow {
    let chunk = match e {
        Event::Line(line) => return send_line(line, last, tx).await,
        Event::Stage(stage) => event("stage", None, stage),
        Event::Push(push) => event("push", None, push),
        Event::End(push) => event("end", None, push),
    };
    send(tx, chunk).await
}

fn header(push: &Push) -> String {
    let mut text = format!(
        "== push {} of {}/{} by {}: {}{}\n",
        push.id,
        push.application,
        push.deployment,
        push.user,
        push.status,
        push.tag.as_ref().map(|t| format!(", tag {t}")).unwrap_or_default()
    );
    if !push.comment.is_empty() {
        text.push_str(&format!("== comment: {}\n", push.comment));
    }
    if let Some(at) = push.log_pruned_at {
        text.push_str(&format!(
            "== log pruned at {}: its {} lines were removed by retention\n",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            push.log_pruned_lines.unwrap_or(0)
        ));
    }
    text
}

fn render(line: &LogLine, stages: &[(i32, String)], current: &mut Option<i32>, out: &mut String) {
    if line.stage.is_some() && line.stage != *current {
        *current = line.stage;
        let name = stages.iter().find(|(p, _)| Some(*p) == line.stage).map(|(_, n)| n.as_str()).unwrap_or("?");
        out.push_str(&format!("== stage {}: {name}\n", line.stage.unwrap_or_default()));
    }
    let kind = match line.stream {
        Stream::Stdout => "out",
        Stream::Stderr => "err",
        Stream::System => "sys",
    };
    out.push_str(&format!("{} {kind} {}\n", line.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), line.text));
}

/// The whole log as plain text (needs `view`): a header, then each stage's lines under a stage heading, each line
/// with its time and stream (`out`, `err`, `sys`).
#[utoipa::path(tag = "pushes", params(("id" = i64, Path)), responses(
    (status = 200, content_type = "text/plain", body = String), (status = 404, response = NotFound)))]
#[get("/pushes/{id}/log.txt")]
async fn text_log(state: Data<AppState>, Caller(actor, _): Caller, id: Path<PushId>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (push, reader) = state
        .reading_push::<View, _, _>(actor, id, |conn, grant| Ok((pushes::get(conn, grant)?, grant.log_reader())))
        .await?;
    let (tx, rx) = mpsc::channel::<Chunk>(4);
    let db = state.db.clone();
    tokio::spawn(async move {
        let stages: Vec<(i32, String)> = push.stages.iter().map(|s| (s.position, s.name.clone())).collect();
        if send(&tx, Bytes::from(header(&push))).await == Flow::Stop {
            return;
        }
        let (mut last, mut current) = (0, None);
        loop {
            let after = last;
            let lines = match db.run(move |conn| log::read(conn, &reader, after, PAGE)).await {
                Ok(lines) if lines.is_empty() => return,
                Ok(lines) => lines,
                Err(e) => {
                    abort(&tx, id, e).await;
                    return;
                }
            };
            let mut chunk = String::with_capacity(lines.len() * 120);
            for line in &lines {
                render(line, &stages, &mut current, &mut chunk);
                last = line.seq;
            }
            if send(&tx, Bytes::from(chunk)).await == Flow::Stop {
                return;
            }
        }
    });
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").streaming(ReceiverStream::new(rx)))
}
