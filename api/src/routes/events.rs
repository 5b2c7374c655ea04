//! The push status feed of every deployment the caller may view, live, as Server-Sent Events: for a dashboard
//! that stays current, and for chat-ops bots that want one stream instead of a webhook per deployment.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{Bytes, Data, Query};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get};
use rolf_common::authz::{self, FeedScope};
use rolf_common::pushes::feed::{self, FeedEvent};
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{self, Bearer, Caller};
use crate::error::{ApiError, ApiResult};
use crate::openapi::responses::*;
use crate::sse::{self, CLIENT_BUFFER, Chunk, Flow, RETRY, event, send};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(events_stream);
}

const PAGE: i64 = 500;
/// How often a follower's credential and grants are looked at again: a revoked token or a withdrawn grant
/// stops the events it concerns within this time.
const RESCOPE: Duration = Duration::from_secs(10);

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct EventsQuery {
    /// Only events after this id (like the `Last-Event-ID` header; the larger of the two wins). Without either,
    /// the stream starts with the next change.
    #[param(minimum = 0)]
    after: Option<i64>,
}

/// Push status changes of every deployment the caller may view, live, as Server-Sent Events: each an
/// `event: push` with `id: <event id>` and data `{id, deployment_id, application, deployment, push}` (`push` as a
/// deployment's `last_push`: id, status, tag, user, comment, at). Reconnect with `Last-Event-ID` (or `?after=`)
/// to get every later change exactly once. Grants are looked at again every few seconds, so a withdrawn grant
/// stops its deployment's events, and a revoked token ends the stream. `: keep-alive` comments keep it open.
#[utoipa::path(tag = "pushes", params(EventsQuery,
    ("Last-Event-ID" = Option<i64>, Header, description = "resume after this event")),
    responses((status = 200, content_type = "text/event-stream", body = String,
        description = "`push` events, each with a `FeedEvent` (see the schemas) as its data"),
    (status = 400, response = BadRequest), (status = 422, response = Invalid)))]
#[get("/events/stream")]
async fn events_stream(
    state: Data<AppState>,
    Caller(actor, _): Caller,
    req: HttpRequest,
    q: Query<EventsQuery>,
) -> ApiResult<HttpResponse> {
    let start = sse::resume_after(&req, q.after, "an event's id")?;
    let bearer = req.extensions().get::<Bearer>().cloned().ok_or(ApiError::Unauthenticated("missing bearer token"))?;
    let (scope, start) = state
        .db
        .run(move |conn| {
            let scope = authz::feed(conn, &actor)?;
            let start = match start {
                Some(s) => s,
                None => feed::newest(conn)?,
            };
            Ok((scope, start))
        })
        .await?;
    let (tx, rx) = mpsc::channel::<Chunk>(CLIENT_BUFFER);
    tokio::spawn(follow(state.into_inner(), bearer, scope, start, tx));
    Ok(sse::response(rx))
}

struct Follower {
    state: Arc<AppState>,
    scope: FeedScope,
    last: i64,
    tx: mpsc::Sender<Chunk>,
}

impl Follower {
    async fn send_events<'a>(&mut self, events: impl Iterator<Item = &'a FeedEvent>, last: i64) -> Flow {
        let mut chunk = Vec::new();
        for e in events.filter(|e| e.id > self.last && self.scope.admits(e.deployment_id)) {
            chunk.extend_from_slice(&event("push", Some(e.id), e));
        }
        if !chunk.is_empty() && send(&self.tx, Bytes::from(chunk)).await == Flow::Stop {
            return Flow::Stop;
        }
        self.last = self.last.max(last);
        Flow::Go
    }

    /// Sends every stored event after `self.last` that the scope admits.
    async fn catch_up(&mut self) -> Flow {
        loop {
            let after = self.last;
            let page = self.state.db.run(move |conn| feed::read_all(conn, after, PAGE)).await;
            let events = match page {
                Ok(events) => events,
                Err(e) => {
                    tracing::warn!(error = %e, "the event stream could not be completed; aborting it");
                    return sse::cut(&self.tx).await;
                }
            };
            let Some(last) = events.last().map(|e| e.id) else { return Flow::Go };
            if self.send_events(events.iter(), last).await == Flow::Stop {
                return Flow::Stop;
            }
            if (events.len() as i64) < PAGE {
                return Flow::Go;
            }
        }
    }

    async fn relay(&mut self, batch: &crate::feed::Batch) -> Flow {
        if batch.last <= self.last {
            return Flow::Go;
        }
        // Events between what this follower has and where the batch starts went by before it joined or while it
        // lagged: Postgres has them.
        if batch.after > self.last && self.catch_up().await == Flow::Stop {
            return Flow::Stop;
        }
        self.send_events(batch.events.iter(), batch.last).await
    }

    /// The caller's grants as they are now; `None` when its credential no longer holds.
    async fn rescope(&mut self, bearer: &Bearer) -> Option<()> {
        let caller = auth::resolve(&self.state, bearer.0.clone()).await.ok().flatten()?;
        let actor = caller.0;
        if let Ok(scope) = self.state.db.run(move |conn| authz::feed(conn, &actor)).await {
            self.scope = scope;
        }
        Some(())
    }
}

/// One follower: subscribes first, then catches up from Postgres, so every event after `start` comes either
/// from its own reads or from a batch broadcast after it subscribed; ids deduplicate the overlap.
async fn follow(state: Arc<AppState>, bearer: Bearer, scope: FeedScope, start: i64, tx: mpsc::Sender<Chunk>) {
    let mut sub = state.feed.subscribe();
    let every = state.sse_keep_alive;
    let mut f = Follower { state, scope, last: start, tx };
    if send(&f.tx, Bytes::from_static(RETRY)).await == Flow::Stop || f.catch_up().await == Flow::Stop {
        return;
    }
    let now = tokio::time::Instant::now();
    let mut keep_alive = tokio::time::interval_at(now + every, every);
    let mut rescope = tokio::time::interval_at(now + RESCOPE, RESCOPE);
    loop {
        let flow = tokio::select! {
            received = sub.recv() => match received {
                Ok(batch) => f.relay(&batch).await,
                Err(broadcast::error::RecvError::Lagged(_)) => f.catch_up().await,
                Err(broadcast::error::RecvError::Closed) => {
                    sub = f.state.feed.subscribe();
                    Flow::Go
                }
            },
            _ = keep_alive.tick() => send(&f.tx, Bytes::from_static(sse::KEEP_ALIVE)).await,
            _ = rescope.tick() => match f.rescope(&bearer).await {
                Some(()) => Flow::Go,
                // The credential was revoked or expired: the stream ends; a reconnect is answered 401.
                None => Flow::Stop,
            },
            _ = f.tx.closed() => Flow::Stop,
        };
        if flow == Flow::Stop {
            return;
        }
    }
}
