//! What goes on the queue. Jobs carry ids only: Postgres holds the truth, so a job delivered twice or
//! after a Redis flush still finds the push in its real state.

use serde::{Deserialize, Serialize};

use crate::ids::PushId;

/// The queue's base name; the full name is `<ROLF_QUEUE_PREFIX>-<PUSH_QUEUE>`. Spelled out rather than taken
/// from a type name, so renaming a struct cannot silently move the queue.
pub const PUSH_QUEUE: &str = "pushes";

pub fn queue_name(prefix: &str) -> String {
    format!("{prefix}-{PUSH_QUEUE}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushJob {
    pub push_id: PushId,
}
