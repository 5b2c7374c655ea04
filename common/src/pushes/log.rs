//! Push output: every stdout/stderr line with its time, and the worker's own `system` lines.
//!
//! Stored in chunks (`log_chunks`): one row per batch the worker writes, holding up to a few thousand
//! consecutive lines of one push in a compressed text body, addressed by its seq range. Writing a million lines
//! is then ~500 rows (one binary `COPY` each), and a page of lines is one or two rows read through the primary
//! key `(push_id, first_seq)` and decoded here. The `log_lines` view decodes them in SQL for people at a prompt.
//! The table is partitioned into blocks of pushes, made as writes need them and dropped whole by retention
//! (`super::retention`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{row, stages_of};
use crate::authz::{LogReader, PushGrant, View, Viewable};
use crate::error::{Error, Result};
use crate::ids::{PushId, StageId};
use crate::schema::log_chunks;

/// Where a line came from. Stored as one digit (0, 1, 2) in the chunk's body.
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

/// A line to store: numbered by the writer, consecutive with the lines before it in the same [`append`].
#[derive(Debug, Clone)]
pub struct NewLine {
    pub push_id: PushId,
    pub seq: i64,
    pub stage_position: Option<i32>,
    pub stream: i16,
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = log_chunks)]
#[diesel(treat_none_as_default_value = false)]
struct NewChunk {
    push_id: PushId,
    first_seq: i64,
    last_seq: i64,
    min_at: DateTime<Utc>,
    max_at: DateTime<Utc>,
    bytes: i64,
    body: String,
}

/// Encodes a run of consecutive lines of one push as a chunk (the format is described in the migration
/// `2026-12-01-200000_log_store`).
fn encode(lines: &[NewLine]) -> Option<NewChunk> {
    let first = lines.first()?;
    let last = lines.last()?;
    let min_at = lines.iter().map(|l| l.at).min()?;
    let max_at = lines.iter().map(|l| l.at).max()?;
    let bytes: usize = lines.iter().map(|l| l.text.len()).sum();
    let mut body = String::with_capacity(bytes + lines.len() * 16);
    for (i, line) in lines.iter().enumerate() {
        use std::fmt::Write;
        if i > 0 {
            body.push('\n');
        }
        if let Some(stage) = line.stage_position {
            let _ = write!(body, "{stage}");
        }
        let micros = (line.at - min_at).num_microseconds().unwrap_or(0);
        let _ = write!(body, "\t{}\t{micros}\t", line.stream);
        if line.text.contains('\n') {
            body.push_str(&line.text.replace('\n', " "));
        } else {
            body.push_str(&line.text);
        }
    }
    Some(NewChunk {
        push_id: first.push_id,
        first_seq: first.seq,
        last_seq: last.seq,
        min_at,
        max_at,
        bytes: bytes as i64,
        body,
    })
}

/// The lines of a chunk: seq, stage position, stream, time, text.
#[cfg(test)]
fn decode(first_seq: i64, min_at: DateTime<Utc>, body: &str) -> impl Iterator<Item = RawLine> + '_ {
    decode_where(first_seq, min_at, body, |_, _| true)
}

/// The lines of a chunk for which `keep(seq, encoded line)` holds; the others are skipped without being parsed.
fn decode_where<'a>(
    first_seq: i64,
    min_at: DateTime<Utc>,
    body: &'a str,
    keep: impl Fn(i64, &str) -> bool + 'a,
) -> impl Iterator<Item = RawLine> + 'a {
    body.split('\n').zip(first_seq..).filter(move |(line, seq)| keep(*seq, line)).map(move |(line, seq)| {
        let mut fields = line.splitn(4, '\t');
        let stage = fields.next().and_then(|f| f.parse::<i32>().ok());
        let stream = fields.next().and_then(|f| f.parse::<i16>().ok()).unwrap_or(2);
        let micros = fields.next().and_then(|f| f.parse::<i64>().ok()).unwrap_or(0);
        let text = fields.next().unwrap_or_default();
        (seq, stage, stream, min_at + chrono::Duration::microseconds(micros), text.to_owned())
    })
}

/// Writes lines with one binary `COPY`, one chunk per run of consecutive seqs (a batch is one run). A chunk
/// whose first seq is taken (the push was declared lost and the sweep wrote its own line) fails as a conflict.
pub fn append(conn: &mut PgConnection, lines: &[NewLine]) -> Result<usize> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        let breaks = i == lines.len()
            || lines[i].seq != lines[i - 1].seq + 1
            || lines[i].push_id != lines[i - 1].push_id
            || i - start >= CHUNK_LINES;
        if breaks {
            chunks.extend(encode(&lines[start..i]));
            start = i;
        }
    }
    if chunks.is_empty() {
        return Ok(0);
    }
    let pushes: Vec<PushId> = chunks.iter().map(|c| c.push_id).collect();
    let copy = |conn: &mut PgConnection| diesel::copy_from(log_chunks::table).from_insertable(&chunks).execute(conn);
    // A block's first chunk finds no table to go to: the block is made and the chunk written again. Inside a
    // transaction the failed write would abort it, so there the blocks are made first (a rare path: the sweep).
    if super::retention::in_transaction(conn)? {
        super::retention::ensure_blocks(conn, &pushes)?;
        copy(conn)?;
    } else if let Err(e) = copy(conn) {
        if !super::retention::is_missing_block(&e) {
            return Err(e.into());
        }
        super::retention::ensure_blocks(conn, &pushes)?;
        copy(conn)?;
    }
    Ok(lines.len())
}

/// The most lines in one chunk: bounds what a reader decodes to serve one line.
pub const CHUNK_LINES: usize = 4096;

/// The next free sequence number of a push (a worker resuming after a crash never reuses one).
pub fn next_seq(conn: &mut PgConnection, push: PushId) -> Result<i64> {
    // Chunks never overlap, so the one that starts last ends last: one step down the primary key.
    let last: Option<i64> = log_chunks::table
        .filter(log_chunks::push_id.eq(push))
        .order(log_chunks::first_seq.desc())
        .select(log_chunks::last_seq)
        .first(conn)
        .optional()?;
    Ok(last.map_or(1, |m| m + 1))
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
    let wanted = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut rows: Vec<RawLine> = Vec::new();
    let mut cursor = after;
    // Seqs are consecutive, so the chunks that hold (after, after + limit] are all there is to read; the loop
    // only goes round again if a gap in the seqs left the page short.
    while rows.len() < wanted {
        let room = i64::try_from(wanted - rows.len()).unwrap_or(i64::MAX);
        let chunks: Vec<(i64, DateTime<Utc>, String)> = log_chunks::table
            .filter(log_chunks::push_id.eq(push))
            .filter(log_chunks::last_seq.gt(cursor))
            .filter(log_chunks::first_seq.le(cursor.saturating_add(room)))
            .order(log_chunks::first_seq)
            .select((log_chunks::first_seq, log_chunks::min_at, log_chunks::body))
            .load(conn)?;
        let Some(last) = chunks.last().map(|(first, _, body)| first + body.matches('\n').count() as i64) else {
            // Nothing in the window: is there anything past it at all?
            let later: Option<i64> = log_chunks::table
                .filter(log_chunks::push_id.eq(push))
                .filter(log_chunks::first_seq.gt(cursor))
                .order(log_chunks::first_seq)
                .select(log_chunks::first_seq)
                .first(conn)
                .optional()?;
            match later {
                Some(first) => {
                    cursor = first - 1;
                    continue;
                }
                None => break,
            }
        };
        for (first, min_at, body) in &chunks {
            let room = wanted - rows.len();
            rows.extend(decode_where(*first, *min_at, body, |seq, _| seq > cursor).take(room));
        }
        cursor = last;
    }
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

/// `GET /logs/search`: lines holding `q` in the pushes the caller may view.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// The text to find in a line, as is (case matters), 1 to 200 characters, without a newline, tab or NUL.
    #[param(min_length = 1, max_length = 200, pattern = r"^[^\n\t\u0000]+$")]
    pub q: String,
    /// Only pushes of this deployment.
    pub deployment_id: Option<i64>,
    /// Only lines printed at or after this time (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Only lines printed before this time (RFC 3339).
    pub until: Option<DateTime<Utc>>,
    /// Only lines of this stream.
    pub stream: Option<Stream>,
    /// Hits per page, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Only hits older than this one: pass the previous page's `next_before` (`<push id>-<seq>`).
    #[param(pattern = "^[0-9]{1,18}-[0-9]{1,18}$")]
    pub before: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    pub push_id: PushId,
    /// `null` once the deployment was deleted.
    pub deployment_id: Option<crate::ids::DeploymentId>,
    pub deployment: String,
    pub application: String,
    /// The stage's place in the push; `null` for push-level system lines.
    pub stage: Option<i32>,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub stream: Stream,
    pub text: String,
    /// That place in the log: a page of `GET /pushes/{id}/log` starting at this line.
    pub log_url: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    /// Newest first: by push, then by line.
    pub hits: Vec<SearchHit>,
    /// Pass as `before` for the next page; `null` on the last page.
    pub next_before: Option<String>,
}

pub const MAX_SEARCH_PAGE: i64 = 200;
const MAX_QUERY_LEN: usize = 200;
/// Chunks read per round while a page fills.
const SEARCH_CHUNKS: i64 = 32;

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    push_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    first_seq: i64,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    min_at: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    body: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    deployment_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    deployment_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    application_name: String,
}

/// A search cursor as `next_before` writes it, and as the `before` parameter's pattern states it.
fn parse_before(before: Option<&str>) -> Result<Option<(i64, i64)>> {
    let Some(before) = before else { return Ok(None) };
    let bad = || Error::invalid("before", "must be a hit's place as `next_before` gives it: <push id>-<seq>");
    // Up to 18 digits each, so that every cursor the pattern admits fits an i64.
    let number = |s: &str| {
        if (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<i64>().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (push, seq) = before.split_once('-').ok_or_else(bad)?;
    Ok(Some((number(push)?, number(seq)?)))
}

/// Lines holding `q.q`, newest first, in the deployments the caller may view (for an admin: all, and those of
/// deleted deployments), and a caller that may view nothing gets an empty page, never a refusal.
/// Postgres picks the chunks whose body holds the text; they are decoded here and each line checked.
pub fn search(conn: &mut PgConnection, viewable: &Viewable, q: SearchQuery) -> Result<SearchPage> {
    // Characters, not bytes, as the parameter's `maxLength` counts them.
    if q.q.is_empty() || q.q.chars().count() > MAX_QUERY_LEN {
        return Err(Error::invalid("q", format!("must be 1 to {MAX_QUERY_LEN} characters")));
    }
    if q.q.contains(['\n', '\t', '\0']) {
        return Err(Error::invalid("q", "must not hold a newline, a tab or a NUL"));
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=MAX_SEARCH_PAGE).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be between 1 and {MAX_SEARCH_PAGE}")));
    }
    if let (Some(since), Some(until)) = (q.since, q.until)
        && since >= until
    {
        return Err(Error::invalid("until", "must be after since"));
    }
    let mut cursor = parse_before(q.before.as_deref())?;
    let line_cursor = cursor;
    let viewable: Option<Vec<i64>> = viewable.deployment_ids().map(|ids| ids.into_iter().map(|d| d.0).collect());
    let wanted = usize::try_from(limit).unwrap_or(50);
    let mut hits: Vec<SearchHit> = Vec::new();
    loop {
        let (before_push, before_seq) = cursor.unwrap_or((i64::MAX, i64::MAX));
        let candidates: Vec<Candidate> = diesel::sql_query(
            "SELECT c.push_id, c.first_seq, c.min_at, c.body, p.deployment_id, p.deployment_name, p.application_name
               FROM log_chunks c JOIN pushes p ON p.id = c.push_id
              WHERE strpos(c.body, $1) > 0
                AND ($2::bigint[] IS NULL OR p.deployment_id = ANY($2))
                AND ($3::bigint IS NULL OR p.deployment_id = $3)
                AND ($4::timestamptz IS NULL OR c.max_at >= $4)
                AND ($5::timestamptz IS NULL OR c.min_at < $5)
                AND (c.push_id, c.first_seq) < ($6, $7)
              ORDER BY c.push_id DESC, c.first_seq DESC
              LIMIT $8",
        )
        .bind::<diesel::sql_types::Text, _>(&q.q)
        .bind::<diesel::sql_types::Nullable<diesel::sql_types::Array<diesel::sql_types::BigInt>>, _>(&viewable)
        .bind::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>, _>(q.deployment_id)
        .bind::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>, _>(q.since)
        .bind::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>, _>(q.until)
        .bind::<diesel::sql_types::BigInt, _>(before_push)
        .bind::<diesel::sql_types::BigInt, _>(before_seq)
        .bind::<diesel::sql_types::BigInt, _>(SEARCH_CHUNKS)
        .load(conn)?;
        let exhausted = (candidates.len() as i64) < SEARCH_CHUNKS;
        for c in &candidates {
            cursor = Some((c.push_id, c.first_seq));
            let needle = q.q.as_str();
            let mut lines: Vec<RawLine> =
                decode_where(c.first_seq, c.min_at, &c.body, |_, line| line.contains(needle)).collect();
            lines.reverse();
            for (seq, stage, stream, at, text) in lines {
                let stream = Stream::from_code(stream);
                let keep = text.contains(q.q.as_str())
                    && line_cursor.is_none_or(|cur| (c.push_id, seq) < cur)
                    && q.stream.is_none_or(|s| s == stream)
                    && q.since.is_none_or(|t| at >= t)
                    && q.until.is_none_or(|t| at < t);
                if !keep {
                    continue;
                }
                hits.push(SearchHit {
                    push_id: PushId(c.push_id),
                    deployment_id: c.deployment_id.map(crate::ids::DeploymentId),
                    deployment: c.deployment_name.clone(),
                    application: c.application_name.clone(),
                    stage,
                    seq,
                    at,
                    stream,
                    text,
                    log_url: format!("/api/v1/pushes/{}/log?after={}&limit=100", c.push_id, seq - 1),
                });
                if hits.len() == wanted {
                    let next = hits.last().map(|h| format!("{}-{}", h.push_id, h.seq));
                    return Ok(SearchPage { hits, next_before: next });
                }
            }
        }
        if exhausted {
            return Ok(SearchPage { hits, next_before: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_decodes_to_the_lines_it_was_encoded_from() {
        let t0: DateTime<Utc> = "2026-12-01T10:00:00.5Z".parse().unwrap();
        let line = |seq, stage, stream: Stream, ms, text: &str| NewLine {
            push_id: PushId(7),
            seq,
            stage_position: stage,
            stream: stream.code(),
            at: t0 + chrono::Duration::milliseconds(ms),
            text: text.to_owned(),
        };
        let lines = vec![
            line(5, None, Stream::System, 10, "push started"),
            line(6, Some(0), Stream::Stdout, 0, "a\ttab and\\backslash"),
            line(7, Some(12), Stream::Stderr, 2500, ""),
            line(8, Some(0), Stream::System, -3, "two\nlines"),
        ];
        let chunk = encode(&lines).unwrap();
        assert_eq!((chunk.first_seq, chunk.last_seq), (5, 8));
        assert_eq!(chunk.min_at, t0 - chrono::Duration::milliseconds(3));
        assert_eq!(chunk.max_at, t0 + chrono::Duration::milliseconds(2500));
        let decoded: Vec<RawLine> = decode(chunk.first_seq, chunk.min_at, &chunk.body).collect();
        let expected: Vec<RawLine> =
            lines.iter().map(|l| (l.seq, l.stage_position, l.stream, l.at, l.text.replace('\n', " "))).collect();
        assert_eq!(decoded, expected);
    }
}
