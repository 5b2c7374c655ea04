//! Push output: every stdout/stderr line with its time, and the worker's own `system` lines. Sized for 10^8
//! rows: pages walk the primary key `(push_id, seq)`; writes use `COPY`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{row, stages_of};
use crate::authz::{LogReader, PushGrant, View};
use crate::error::{Error, Result};
use crate::ids::{PushId, StageId};
use crate::schema::log_lines;

/// Where a line came from. Stored as a `SMALLINT` (0, 1, 2): at 10^8 rows a word per row adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    Stdout,
    Stderr,
    /// Written by the worker: what it did and why.
    System,
}

impl Stream {
    pub fn code(self) -> i16 {
        match self {
            Stream::Stdout => 0,
            Stream::Stderr => 1,
            Stream::System => 2,
        }
    }

    fn from_code(code: i16) -> Stream {
        match code {
            0 => Stream::Stdout,
            1 => Stream::Stderr,
            _ => Stream::System,
        }
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = log_lines)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewLine {
    pub push_id: PushId,
    pub seq: i64,
    pub stage_position: Option<i32>,
    pub stream: i16,
    pub at: DateTime<Utc>,
    pub text: String,
}

/// Writes lines with one `COPY`: several times faster than multi-row inserts for large batches.
pub fn append(conn: &mut PgConnection, lines: &[NewLine]) -> Result<usize> {
    if lines.is_empty() {
        return Ok(0);
    }
    Ok(diesel::copy_from(log_lines::table).from_insertable(lines).execute(conn)?)
}

/// The next free sequence number of a push (a worker resuming after a crash never reuses one).
pub fn next_seq(conn: &mut PgConnection, push: PushId) -> Result<i64> {
    let max: Option<i64> =
        log_lines::table.filter(log_lines::push_id.eq(push)).select(diesel::dsl::max(log_lines::seq)).first(conn)?;
    Ok(max.map_or(1, |m| m + 1))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LogLine {
    pub seq: i64,
    /// The deployment's stage the line belongs to; `null` for push-level system lines or a deleted stage.
    pub stage_id: Option<StageId>,
    /// The stage's place in the push; `null` for push-level system lines.
    pub stage: Option<i32>,
    pub stream: Stream,
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LogPage {
    pub lines: Vec<LogLine>,
    /// Pass as `after` for the next page (the last line's `seq`, or `after` itself when no line came).
    pub next_after: i64,
    /// The push has finished: once a page comes back empty, there is nothing more to wait for.
    pub finished: bool,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LogQuery {
    /// Only lines with a greater `seq` (default 0: from the start).
    pub after: Option<i64>,
    /// Page size, 1 to 10000 (default 1000).
    pub limit: Option<i64>,
}

pub const MAX_PAGE: i64 = 10_000;

/// seq, stage position, stream code, time, text.
type RawLine = (i64, Option<i32>, i16, DateTime<Utc>, String);

pub fn page(conn: &mut PgConnection, grant: &PushGrant<View>, query: LogQuery) -> Result<LogPage> {
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(1000);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE}")));
    }
    if after < 0 {
        return Err(Error::invalid("after", "must not be negative"));
    }
    // Read the status first: a push that was finished before the lines were read has no lines after them.
    let finished = row(conn, grant.push_id())?.status.is_finished();
    let lines = read(conn, &grant.log_reader(), after, limit)?;
    let next_after = lines.last().map_or(after, |l| l.seq);
    Ok(LogPage { lines, next_after, finished })
}

/// Up to `limit` lines of a push after `after`, in order, with their stage ids.
pub fn read(conn: &mut PgConnection, reader: &LogReader, after: i64, limit: i64) -> Result<Vec<LogLine>> {
    let push = reader.push_id();
    let rows: Vec<RawLine> = log_lines::table
        .filter(log_lines::push_id.eq(push))
        .filter(log_lines::seq.gt(after))
        .order(log_lines::seq)
        .limit(limit)
        .select((log_lines::seq, log_lines::stage_position, log_lines::stream, log_lines::at, log_lines::text))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let stage_ids: Vec<(i32, Option<StageId>)> =
        stages_of(conn, push)?.into_iter().map(|s| (s.position, s.stage_id)).collect();
    Ok(rows
        .into_iter()
        .map(|(seq, stage, stream, at, text)| LogLine {
            seq,
            stage_id: stage.and_then(|p| stage_ids.iter().find(|(pos, _)| *pos == p).and_then(|(_, id)| *id)),
            stage,
            stream: Stream::from_code(stream),
            at,
            text,
        })
        .collect())
}

/// The highest stored seq of a push (0 when it has no lines).
pub fn last_seq(conn: &mut PgConnection, reader: &LogReader) -> Result<i64> {
    Ok(next_seq(conn, reader.push_id())? - 1)
}
