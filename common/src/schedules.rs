//! Scheduled pushes: "push staging every night". A schedule fires on a cron pattern in a time zone, or once at a
//! time, and makes its push as its owner through the same path as any push (permissions, approvals, freezes;
//! a tick that falls in a freeze is skipped and says so). Every API process ticks; each tick is claimed by a
//! row of `schedule_runs` under the schedule's row lock, so it fires once however many processes run. A tick
//! missed while nothing ran fires once at start-up if it is at most `catch_up_minutes` late; older ones are
//! recorded as missed.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::audit::{self, Change};
use crate::authz::{self, CanEdit, CanView, Push as PushLevel};
use crate::error::{Error, Result};
use crate::freezes::{parse_cron, parse_timezone};
use crate::ids::{DeploymentId, PushId, UserId};
use crate::pushes::request::{self, NewPush};
use crate::schema::{pushes, schedule_runs, schedules};
use crate::validate;
use crate::validate::together::{Together, given, left_out, shape};

/// Fire times listed ahead, and runs listed back, per schedule.
const SHOWN: usize = 10;
/// At most this many missed ticks are recorded in one catch-up; older ones are passed over silently.
const MAX_MISSED: usize = 100;

crate::text_enum!(
    /// What a tick did: made a push, was skipped by a freeze, was too late to fire, or could not push.
    RunOutcome {
        Pushed => "pushed",
        Frozen => "frozen",
        Missed => "missed",
        Failed => "failed",
    }
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schedules)]
struct ScheduleRow {
    id: i64,
    deployment_id: DeploymentId,
    owner_id: Option<UserId>,
    owner_name: String,
    cron: Option<String>,
    timezone: Option<String>,
    at: Option<DateTime<Utc>>,
    flags: Value,
    comment: String,
    enabled: bool,
    catch_up_minutes: i32,
    done_until: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct Run {
    pub fire_at: DateTime<Utc>,
    pub outcome: RunOutcome,
    pub push_id: Option<PushId>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Schedule {
    pub id: i64,
    pub deployment_id: DeploymentId,
    /// Its pushes are made as this user, with this user's rights at the time.
    pub owner: String,
    pub cron: Option<String>,
    pub timezone: Option<String>,
    /// A one-off schedule's time.
    pub at: Option<DateTime<Utc>>,
    #[schema(value_type = Object)]
    pub flags: Value,
    pub comment: String,
    pub enabled: bool,
    pub catch_up_minutes: i32,
    pub created_at: DateTime<Utc>,
    /// The next times it fires (none when disabled or a one-off already done).
    pub next_fires: Vec<DateTime<Utc>>,
    /// Its latest ticks, newest first.
    pub recent_runs: Vec<Run>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSchedule {
    /// With `timezone`: a 5-field cron pattern, e.g. `0 2 * * *` (every night at 02:00).
    #[schema(schema_with = crate::validate::schema::cron_or_null)]
    pub cron: Option<String>,
    #[schema(schema_with = crate::validate::schema::timezone_or_null)]
    pub timezone: Option<String>,
    /// Instead of `cron`: one push at this time.
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_values)]
    pub flags: BTreeMap<String, String>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub comment: String,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// How late a missed tick may still fire at start-up (default 15).
    #[schema(minimum = 0, maximum = 1440)]
    pub catch_up_minutes: Option<i32>,
}

/// Recurring (`cron` and `timezone`) or once (`at`), as `create` checks. Whether the cron pattern's fields are in
/// range and the time zone is in the time zone database is beyond a schema.
impl Together for NewSchedule {
    fn forbidden() -> Vec<Value> {
        vec![
            shape(&[given("at", "string"), given("cron", "string")]),
            shape(&[given("at", "string"), given("timezone", "string")]),
            shape(&[left_out("at"), left_out("cron")]),
            shape(&[left_out("at"), left_out("timezone")]),
        ]
    }
}

fn enabled_by_default() -> bool {
    true
}

enum When {
    Cron(Box<croner::Cron>, chrono_tz::Tz),
    Once(DateTime<Utc>),
}

impl When {
    fn of(row: &ScheduleRow) -> Option<When> {
        match (&row.cron, &row.timezone, row.at) {
            (Some(c), Some(tz), _) => {
                Some(When::Cron(Box::new(parse_cron("cron", c).ok()?), parse_timezone("timezone", tz).ok()?))
            }
            (_, _, Some(at)) => Some(When::Once(at)),
            _ => None,
        }
    }

    /// Fire times after `after` and at most `until`, oldest first, at most `limit`.
    fn between(&self, after: DateTime<Utc>, until: DateTime<Utc>, limit: usize) -> Vec<DateTime<Utc>> {
        match self {
            When::Once(at) => {
                if *at > after && *at <= until {
                    vec![*at]
                } else {
                    vec![]
                }
            }
            When::Cron(cron, tz) => {
                let mut out = Vec::new();
                // croner keeps the start's fraction of a second in what it finds: 02:00:00.7 rather than 02:00.
                let mut from = after.trunc_subsecs(0);
                while out.len() < limit {
                    let Ok(next) = cron.find_next_occurrence(&from.with_timezone(tz), false) else { break };
                    let next = next.with_timezone(&Utc);
                    if next > until {
                        break;
                    }
                    out.push(next);
                    from = next;
                }
                out
            }
        }
    }
}

fn view(conn: &mut PgConnection, row: ScheduleRow) -> Result<Schedule> {
    let recent_runs: Vec<Run> = schedule_runs::table
        .filter(schedule_runs::schedule_id.eq(row.id))
        .order(schedule_runs::fire_at.desc())
        .limit(SHOWN as i64)
        .select((schedule_runs::fire_at, schedule_runs::outcome, schedule_runs::push_id, schedule_runs::detail))
        .load(conn)?;
    let now = Utc::now();
    let next_fires = match (row.enabled, When::of(&row)) {
        (true, Some(when)) => when.between(row.done_until.max(now), now + Duration::days(400), SHOWN),
        _ => Vec::new(),
    };
    Ok(Schedule {
        id: row.id,
        deployment_id: row.deployment_id,
        owner: row.owner_name,
        cron: row.cron,
        timezone: row.timezone,
        at: row.at,
        flags: row.flags,
        comment: row.comment,
        enabled: row.enabled,
        catch_up_minutes: row.catch_up_minutes,
        created_at: row.created_at,
        next_fires,
        recent_runs,
    })
}

pub fn create(conn: &mut PgConnection, cap: &CanEdit, input: NewSchedule) -> Result<Schedule> {
    let deployment = cap.deployment_id();
    let catch_up = check(conn, deployment, &input)?;
    let actor = cap.actor();
    let row: ScheduleRow = diesel::insert_into(schedules::table)
        .values((schedules::deployment_id.eq(deployment), Definition::of(actor, &input, catch_up)?))
        .returning(ScheduleRow::as_returning())
        .get_result(conn)?;
    let schedule = view(conn, row)?;
    audit::record(conn, actor, Change::new("schedule", "create", schedule.id).deployment(deployment).after(&schedule))?;
    Ok(schedule)
}

/// The columns a schedule's definition sets, alike when it is made and when it is replaced (`None` writes NULL:
/// a schedule made recurring loses its one-off time).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = schedules, treat_none_as_null = true)]
struct Definition<'a> {
    owner_id: Option<UserId>,
    owner_name: &'a str,
    cron: Option<&'a str>,
    timezone: Option<&'a str>,
    at: Option<DateTime<Utc>>,
    flags: Value,
    comment: &'a str,
    enabled: bool,
    catch_up_minutes: i32,
}

impl<'a> Definition<'a> {
    fn of(actor: &'a authz::Actor, input: &'a NewSchedule, catch_up_minutes: i32) -> Result<Self> {
        Ok(Definition {
            owner_id: Some(actor.user_id()),
            owner_name: actor.username(),
            cron: input.cron.as_deref().map(str::trim),
            timezone: input.timezone.as_deref(),
            at: input.at,
            flags: serde_json::to_value(&input.flags).map_err(|e| Error::Internal(e.to_string()))?,
            comment: &input.comment,
            enabled: input.enabled,
            catch_up_minutes,
        })
    }
}

/// What `create` and `replace` refuse, field by field; the catch-up window to store.
fn check(conn: &mut PgConnection, deployment: DeploymentId, input: &NewSchedule) -> Result<i32> {
    match (&input.cron, &input.timezone, input.at) {
        (Some(cron), Some(tz), None) => {
            parse_cron("cron", cron)?;
            parse_timezone("timezone", tz)?;
        }
        (None, None, Some(_)) => {}
        _ => return Err(Error::invalid("cron", "give either cron and timezone (recurring) or at (once)")),
    }
    let catch_up = input.catch_up_minutes.unwrap_or(15);
    if !(0..=1440).contains(&catch_up) {
        return Err(Error::invalid("catch_up_minutes", "must be between 0 and 1440"));
    }
    validate::text("comment", &input.comment, validate::MAX_TEXT_LEN)?;
    // Checked now so that a mistake shows at once rather than at the first tick; checked again at every tick.
    request::check_flags(conn, deployment, &input.flags)?;
    Ok(catch_up)
}

/// Gives a schedule a new definition (its rule, flags, comment, catch-up and whether it is on), checked as a new
/// one is. Its id and its ticks so far stay; the new rule fires from now on (no tick before the change is owed),
/// and the editor becomes its owner: its pushes are made as whoever last said what they do.
pub fn replace(conn: &mut PgConnection, cap: &CanEdit, id: i64, input: NewSchedule) -> Result<Schedule> {
    let deployment = cap.deployment_id();
    let before = find(conn, cap, id)?;
    let catch_up = check(conn, deployment, &input)?;
    let actor = cap.actor();
    let changed: ScheduleRow = diesel::update(schedules::table.find(id))
        .set((Definition::of(actor, &input, catch_up)?, schedules::done_until.eq(Utc::now())))
        .returning(ScheduleRow::as_returning())
        .get_result(conn)?;
    let (before, after) = (view(conn, before)?, view(conn, changed)?);
    audit::record(
        conn,
        actor,
        Change::new("schedule", "replace", id).deployment(deployment).before(&before).after(&after),
    )?;
    Ok(after)
}

pub fn list(conn: &mut PgConnection, cap: &CanView) -> Result<Vec<Schedule>> {
    let rows: Vec<ScheduleRow> = schedules::table
        .filter(schedules::deployment_id.eq(cap.deployment_id()))
        .order(schedules::id)
        .select(ScheduleRow::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| view(conn, r)).collect()
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchedulePatch {
    /// A disabled schedule does not fire; enabled again, it takes up its ticks from now (none missed is fired).
    pub enabled: bool,
}

/// Turns a schedule on or off.
pub fn update(conn: &mut PgConnection, cap: &CanEdit, id: i64, patch: SchedulePatch) -> Result<Schedule> {
    let before = find(conn, cap, id)?;
    let changed: ScheduleRow = diesel::update(schedules::table.find(id))
        .set((
            schedules::enabled.eq(patch.enabled),
            // Ticks that came due while it was off are not owed: it starts afresh.
            schedules::done_until.eq(if patch.enabled && !before.enabled { Utc::now() } else { before.done_until }),
        ))
        .returning(ScheduleRow::as_returning())
        .get_result(conn)?;
    let (before, after) = (view(conn, before)?, view(conn, changed)?);
    audit::record(
        conn,
        cap.actor(),
        Change::new("schedule", "update", id).deployment(cap.deployment_id()).before(&before).after(&after),
    )?;
    Ok(after)
}

fn find(conn: &mut PgConnection, cap: &CanEdit, id: i64) -> Result<ScheduleRow> {
    schedules::table
        .find(id)
        .filter(schedules::deployment_id.eq(cap.deployment_id()))
        .select(ScheduleRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("schedule"))
}

pub fn delete(conn: &mut PgConnection, cap: &CanEdit, id: i64) -> Result<()> {
    let before = find(conn, cap, id)?;
    let before = view(conn, before)?;
    diesel::delete(schedules::table.find(id)).execute(conn)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("schedule", "delete", id).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// Fires every due tick of every enabled schedule; returns the pushes made, to hand to the dispatcher once
/// committed. `admin_groups` decides, as for a request, whether an owner is an admin.
pub fn tick(conn: &mut PgConnection, admin_groups: &[String], now: DateTime<Utc>) -> Result<Vec<PushId>> {
    // One read decides which schedules are due; only those are locked, so a second of idle ticking costs one
    // query however many schedules there are.
    let rows: Vec<ScheduleRow> =
        schedules::table.filter(schedules::enabled.eq(true)).select(ScheduleRow::as_select()).load(conn)?;
    let due =
        rows.into_iter().filter(|row| When::of(row).is_some_and(|w| !w.between(row.done_until, now, 1).is_empty()));
    let ids: Vec<i64> = due.map(|row| row.id).collect();
    let mut made = Vec::new();
    for id in ids {
        if let Some(push) = conn.transaction(|conn| tick_one(conn, id, admin_groups, now))? {
            made.push(push);
        }
    }
    Ok(made)
}

fn record(
    conn: &mut PgConnection,
    id: i64,
    fire_at: DateTime<Utc>,
    outcome: RunOutcome,
    push: Option<PushId>,
    detail: &str,
) -> Result<bool> {
    Ok(diesel::insert_into(schedule_runs::table)
        .values((
            schedule_runs::schedule_id.eq(id),
            schedule_runs::fire_at.eq(fire_at),
            schedule_runs::outcome.eq(outcome),
            schedule_runs::push_id.eq(push),
            schedule_runs::detail.eq(detail),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?
        == 1)
}

fn tick_one(conn: &mut PgConnection, id: i64, admin_groups: &[String], now: DateTime<Utc>) -> Result<Option<PushId>> {
    // Another process holds it: that one deals with its ticks.
    let Some(row) = schedules::table
        .find(id)
        .filter(schedules::enabled.eq(true))
        .select(ScheduleRow::as_select())
        .for_update()
        .skip_locked()
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(when) = When::of(&row) else { return Ok(None) };
    // Ticks older than two days are passed over without a record: a schedule is about now, not history.
    let mut due = when.between(row.done_until.max(now - Duration::days(2)), now, 10_000);
    let Some(latest) = due.pop() else { return Ok(None) };
    diesel::update(schedules::table.find(id)).set(schedules::done_until.eq(latest)).execute(conn)?;
    for older in due.iter().rev().take(MAX_MISSED) {
        record(conn, id, *older, RunOutcome::Missed, None, "a later tick was due at the same time; it fired instead")?;
    }
    if now - latest > Duration::minutes(i64::from(row.catch_up_minutes)) {
        record(
            conn,
            id,
            latest,
            RunOutcome::Missed,
            None,
            "nothing ran when it was due, and it is past catch_up_minutes",
        )?;
        return Ok(None);
    }
    let (outcome, push, detail) = match fire(conn, &row, admin_groups) {
        Ok(push) => (RunOutcome::Pushed, Some(push), String::new()),
        Err(Error::Frozen(why)) => (RunOutcome::Frozen, None, why),
        Err(e @ (Error::Database(_) | Error::Unavailable(_) | Error::Internal(_))) => return Err(e),
        Err(other) => (RunOutcome::Failed, None, other.to_string()),
    };
    record(conn, id, latest, outcome, push, &detail)?;
    Ok(push)
}

/// Makes the schedule's push as its owner; a savepoint keeps a refused push from undoing the tick's record.
fn fire(conn: &mut PgConnection, row: &ScheduleRow, admin_groups: &[String]) -> Result<PushId> {
    conn.transaction(|conn| {
        let owner = match row.owner_id {
            Some(owner) => crate::access::callers::by_user(conn, owner, admin_groups)?,
            None => None,
        };
        let owner = owner.ok_or_else(|| Error::forbidden("the schedule's owner no longer exists"))?;
        let cap = authz::deployment::<PushLevel>(conn, &owner, row.deployment_id)?;
        let flags: BTreeMap<String, String> = serde_json::from_value(row.flags.clone()).unwrap_or_default();
        let comment = if row.comment.is_empty() { format!("schedule {}", row.id) } else { row.comment.clone() };
        let push =
            request::create(conn, &cap, NewPush { comment, flags, rollback_to: None, step: false, bypass: None })?;
        diesel::update(pushes::table.find(push.id)).set(pushes::schedule_id.eq(row.id)).execute(conn)?;
        Ok(push.id)
    })
}
