//! Reading Server-Sent Events the way a client does: whole streams, or event by event from an open answer.

use std::time::Duration;

use serde_json::Value;

/// One parsed SSE event.
#[derive(Debug, Clone)]
pub struct Sse {
    pub event: String,
    pub id: Option<i64>,
    pub data: Value,
}

/// The events of a stream's text, in order (comments and `retry:` fields skipped).
pub fn parse(text: &str) -> Vec<Sse> {
    let mut events = Vec::new();
    for block in text.split("\n\n") {
        let (mut event, mut id, mut data) = (None, None, String::new());
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event: ") {
                event = Some(v.to_owned());
            } else if let Some(v) = line.strip_prefix("id: ") {
                id = v.parse().ok();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
        if let Some(event) = event {
            events.push(Sse { event, id, data: serde_json::from_str(&data).unwrap() });
        }
    }
    events
}

/// An open event stream, read event by event.
pub struct Reader {
    resp: reqwest::Response,
    buffer: String,
}

impl Reader {
    pub fn new(resp: reqwest::Response) -> Reader {
        Reader { resp, buffer: String::new() }
    }

    /// Reads until an event `until` accepts has arrived (returning every event up to it), the stream ends, or
    /// `timeout` passes (then `None`).
    pub async fn until(&mut self, timeout: Duration, until: impl Fn(&Sse) -> bool) -> Option<Vec<Sse>> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                for e in parse(&block) {
                    let done = until(&e);
                    seen.push(e);
                    if done {
                        return Some(seen);
                    }
                }
            }
            match tokio::time::timeout_at(deadline, self.resp.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(std::str::from_utf8(&chunk).unwrap()),
                _ => return None,
            }
        }
    }

    /// Whether the server ended the stream within `timeout` (events still arriving are read and dropped).
    pub async fn ends_within(&mut self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.resp.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }
}
