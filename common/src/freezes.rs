//! Freeze windows: "nothing goes out during exams week or after 4 pm Friday". While a window covers a
//! deployment, a push asked for is refused (409 `frozen`) unless bypassed, and a queued push does not start.
//! A window is one-off (`starts_at`..`ends_at`) or recurring: a 5-field cron pattern evaluated in a time zone
//! (so "16:00 Friday, Europe/Berlin" is 16:00 local on both sides of a daylight-saving change), lasting
//! `duration_minutes` of elapsed time.

use std::str::FromStr;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use chrono_tz::Tz;
use croner::Cron;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::audit::{self, Change};
use crate::authz::{FreezeManager, FreezeScope, FreezeView};
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, CategoryId, DeploymentId};
use crate::schema::{applications, deployments, freezes};
use crate::validate;
use crate::validate::together::{Together, given, left_out, shape};

/// A recurring window lasts at most two weeks.
pub const MAX_DURATION_MINUTES: i32 = 20_160;
/// How far ahead the next window is looked for.
const LOOKAHEAD_DAYS: i64 = 400;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = freezes)]
struct FreezeRow {
    id: i64,
    reason: String,
    category_id: Option<CategoryId>,
    application_id: Option<ApplicationId>,
    deployment_id: Option<DeploymentId>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    cron: Option<String>,
    duration_minutes: Option<i32>,
    timezone: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Freeze {
    pub id: i64,
    pub reason: String,
    /// At most one of the three is set; none: every deployment.
    pub category_id: Option<CategoryId>,
    pub application_id: Option<ApplicationId>,
    pub deployment_id: Option<DeploymentId>,
    /// A one-off window.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// A recurring window: a 5-field cron pattern in `timezone`, lasting `duration_minutes`.
    pub cron: Option<String>,
    pub duration_minutes: Option<i32>,
    pub timezone: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// The window in effect now, if any.
    pub active: Option<Window>,
    /// The next window to start, within about a year.
    pub next: Option<Window>,
}

/// One window of a freeze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Window {
    pub freeze_id: i64,
    pub reason: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFreeze {
    #[schema(schema_with = crate::validate::schema::display_text)]
    pub reason: String,
    pub category_id: Option<CategoryId>,
    pub application_id: Option<ApplicationId>,
    pub deployment_id: Option<DeploymentId>,
    /// With `ends_at`: a one-off window.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// With `duration_minutes` and `timezone`: a recurring window, e.g. `0 16 * * 5` (Fridays at 16:00).
    #[schema(schema_with = crate::validate::schema::cron_or_null)]
    pub cron: Option<String>,
    #[schema(minimum = 1, maximum = 20160)]
    pub duration_minutes: Option<i32>,
    /// An IANA time zone such as `Europe/Berlin`.
    #[schema(schema_with = crate::validate::schema::timezone_or_null)]
    pub timezone: Option<String>,
}

/// At most one scope (the rule the API's `POST /freezes` checks), and one window or a recurring one, as `create`
/// checks. That `ends_at` comes after `starts_at`, that the cron pattern's fields are in range and that the time
/// zone is in the time zone database are beyond a schema.
impl Together for NewFreeze {
    fn forbidden() -> Vec<Value> {
        let scopes =
            [("category_id", "application_id"), ("category_id", "deployment_id"), ("application_id", "deployment_id")];
        let mut forbidden: Vec<Value> =
            scopes.iter().map(|(a, b)| shape(&[given(a, "integer"), given(b, "integer")])).collect();
        let window = given("starts_at", "string");
        let recurring = [("cron", "string"), ("duration_minutes", "integer"), ("timezone", "string")];
        forbidden.push(shape(&[window.clone(), left_out("ends_at")]));
        forbidden.extend(recurring.iter().map(|(field, ty)| shape(&[window.clone(), given(field, ty)])));
        forbidden.push(shape(&[left_out("starts_at"), given("ends_at", "string")]));
        forbidden.extend(recurring.iter().map(|(field, _)| shape(&[left_out("starts_at"), left_out(field)])));
        forbidden
    }
}

/// A freeze's rule, parsed.
pub enum Rule {
    Once { starts_at: DateTime<Utc>, ends_at: DateTime<Utc> },
    Recurring { cron: Box<Cron>, tz: Tz, duration: Duration },
}

/// Parses a 5-field cron pattern (minute hour day-of-month month day-of-week).
pub fn parse_cron(field: &str, pattern: &str) -> Result<Cron> {
    if pattern.split_whitespace().count() != 5 {
        return Err(Error::invalid(field, "a cron pattern has 5 fields: minute hour day-of-month month day-of-week"));
    }
    Cron::from_str(pattern).map_err(|e| Error::invalid(field, format!("not a cron pattern: {e}")))
}

pub fn parse_timezone(field: &str, name: &str) -> Result<Tz> {
    Tz::from_str(name)
        .map_err(|_| Error::invalid(field, format!("'{name}' is not an IANA time zone (like Europe/Berlin)")))
}

impl Rule {
    fn of(row: &FreezeRow) -> Option<Rule> {
        match (row.starts_at, row.ends_at, &row.cron, row.duration_minutes, &row.timezone) {
            (Some(starts_at), Some(ends_at), ..) => Some(Rule::Once { starts_at, ends_at }),
            (_, _, Some(cron), Some(minutes), Some(tz)) => Some(Rule::Recurring {
                cron: Box::new(parse_cron("cron", cron).ok()?),
                tz: parse_timezone("timezone", tz).ok()?,
                duration: Duration::minutes(i64::from(minutes)),
            }),
            _ => None,
        }
    }

    /// The window in effect at `at`.
    fn active_at(&self, at: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match self {
            Rule::Once { starts_at, ends_at } => (*starts_at <= at && at < *ends_at).then_some((*starts_at, *ends_at)),
            Rule::Recurring { cron, tz, duration } => {
                // The latest start at or before `at` ends last: every window lasts the same.
                // From the whole second: croner keeps the start's fraction in what it finds (22:00:00.7).
                let from = at.trunc_subsecs(0).with_timezone(tz);
                let start = cron.find_previous_occurrence(&from, true).ok()?.with_timezone(&Utc);
                let end = start + *duration;
                (at < end).then_some((start, end))
            }
        }
    }

    /// The first window starting after `at`.
    fn next_after(&self, at: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match self {
            Rule::Once { starts_at, ends_at } => (*starts_at > at).then_some((*starts_at, *ends_at)),
            Rule::Recurring { cron, tz, duration } => {
                let from = at.trunc_subsecs(0).with_timezone(tz);
                let start = cron.find_next_occurrence(&from, false).ok()?.with_timezone(&Utc);
                (start < at + Duration::days(LOOKAHEAD_DAYS)).then_some((start, start + *duration))
            }
        }
    }
}

fn window(row: &FreezeRow, (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>)) -> Window {
    Window { freeze_id: row.id, reason: row.reason.clone(), starts_at, ends_at }
}

fn view(row: FreezeRow, now: DateTime<Utc>) -> Freeze {
    let rule = Rule::of(&row);
    let active = rule.as_ref().and_then(|r| r.active_at(now)).map(|w| window(&row, w));
    let next = rule.as_ref().and_then(|r| r.next_after(now)).map(|w| window(&row, w));
    Freeze {
        id: row.id,
        reason: row.reason,
        category_id: row.category_id,
        application_id: row.application_id,
        deployment_id: row.deployment_id,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        cron: row.cron,
        duration_minutes: row.duration_minutes,
        timezone: row.timezone,
        created_by: row.created_by,
        created_at: row.created_at,
        active,
        next,
    }
}

/// The freezes covering a deployment: everything's, its category's, its application's and its own.
fn covering(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Vec<FreezeRow>> {
    let (application, category): (ApplicationId, CategoryId) = deployments::table
        .inner_join(applications::table)
        .filter(deployments::id.eq(deployment))
        .select((applications::id, applications::category_id))
        .first(conn)?;
    let everything =
        freezes::category_id.is_null().and(freezes::application_id.is_null()).and(freezes::deployment_id.is_null());
    Ok(freezes::table
        .filter(
            everything
                .or(freezes::category_id.eq(category))
                .or(freezes::application_id.eq(application))
                .or(freezes::deployment_id.eq(deployment)),
        )
        .select(FreezeRow::as_select())
        .load(conn)?)
}

/// Every freeze's rule, once, for deciding about many deployments (a list).
pub struct AllFreezes(Vec<(FreezeRow, Option<Rule>)>);

impl AllFreezes {
    pub fn load(conn: &mut PgConnection) -> Result<AllFreezes> {
        let rows: Vec<FreezeRow> = freezes::table.select(FreezeRow::as_select()).load(conn)?;
        Ok(AllFreezes(
            rows.into_iter()
                .map(|r| {
                    let rule = Rule::of(&r);
                    (r, rule)
                })
                .collect(),
        ))
    }

    /// The window in effect now on a deployment (ending last), and the next one to start.
    pub fn on(
        &self,
        category: CategoryId,
        application: ApplicationId,
        deployment: DeploymentId,
        now: DateTime<Utc>,
    ) -> (Option<Window>, Option<Window>) {
        let covering = self.0.iter().filter(|(r, _)| match (r.category_id, r.application_id, r.deployment_id) {
            (Some(c), _, _) => c == category,
            (_, Some(a), _) => a == application,
            (_, _, Some(d)) => d == deployment,
            _ => true,
        });
        let mut active: Option<Window> = None;
        let mut next: Option<Window> = None;
        for (row, rule) in covering {
            let Some(rule) = rule else { continue };
            if let Some(w) = rule.active_at(now).map(|w| window(row, w))
                && active.as_ref().is_none_or(|a| w.ends_at > a.ends_at)
            {
                active = Some(w);
            }
            if let Some(w) = rule.next_after(now).map(|w| window(row, w))
                && next.as_ref().is_none_or(|n| w.starts_at < n.starts_at)
            {
                next = Some(w);
            }
        }
        (active, next)
    }
}

/// The window covering the deployment at `at` that ends last, if any.
pub fn frozen_at(conn: &mut PgConnection, deployment: DeploymentId, at: DateTime<Utc>) -> Result<Option<Window>> {
    let rows = covering(conn, deployment)?;
    Ok(rows.iter().filter_map(|row| Rule::of(row)?.active_at(at).map(|w| window(row, w))).max_by_key(|w| w.ends_at))
}

/// The next window to start on the deployment after `at`.
pub fn next_window(conn: &mut PgConnection, deployment: DeploymentId, at: DateTime<Utc>) -> Result<Option<Window>> {
    let rows = covering(conn, deployment)?;
    Ok(rows.iter().filter_map(|row| Rule::of(row)?.next_after(at).map(|w| window(row, w))).min_by_key(|w| w.starts_at))
}

/// Refuses a push of a frozen deployment, naming the window.
pub fn check_not_frozen(conn: &mut PgConnection, deployment: DeploymentId) -> Result<()> {
    match frozen_at(conn, deployment, Utc::now())? {
        None => Ok(()),
        Some(w) => Err(Error::Frozen(format!(
            "the deployment is frozen until {} ({}); someone with edit may bypass the freeze with a reason",
            w.ends_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            w.reason
        ))),
    }
}

/// Why a queued push of a frozen deployment waits, if it does.
pub fn waiting_for(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Option<String>> {
    Ok(frozen_at(conn, deployment, Utc::now())?.map(|w| {
        format!("frozen until {} ({})", w.ends_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), w.reason)
    }))
}

pub fn create(conn: &mut PgConnection, cap: &FreezeManager, input: NewFreeze) -> Result<Freeze> {
    let reason = validate::printable("reason", &input.reason, 1000, true)?;
    let (category, application, deployment) = match cap.scope() {
        FreezeScope::Everything => (None, None, None),
        FreezeScope::Category(c) => (Some(c), None, None),
        FreezeScope::Application(a) => (None, Some(a), None),
        FreezeScope::Deployment(d) => (None, None, Some(d)),
    };
    match (input.starts_at, input.ends_at, &input.cron, input.duration_minutes, &input.timezone) {
        (Some(starts_at), Some(ends_at), None, None, None) => {
            if ends_at <= starts_at {
                return Err(Error::invalid("ends_at", "must be after starts_at"));
            }
        }
        (None, None, Some(cron), Some(minutes), Some(tz)) => {
            parse_cron("cron", cron)?;
            parse_timezone("timezone", tz)?;
            if !(1..=MAX_DURATION_MINUTES).contains(&minutes) {
                return Err(Error::invalid("duration_minutes", "must be between 1 and 20160 (two weeks)"));
            }
        }
        _ => {
            return Err(Error::invalid(
                "starts_at",
                "give either starts_at and ends_at (one window) or cron, duration_minutes and timezone (recurring)",
            ));
        }
    }
    let row: FreezeRow = diesel::insert_into(freezes::table)
        .values((
            freezes::reason.eq(reason),
            freezes::category_id.eq(category),
            freezes::application_id.eq(application),
            freezes::deployment_id.eq(deployment),
            freezes::starts_at.eq(input.starts_at),
            freezes::ends_at.eq(input.ends_at),
            freezes::cron.eq(input.cron.as_deref().map(str::trim)),
            freezes::duration_minutes.eq(input.duration_minutes),
            freezes::timezone.eq(&input.timezone),
            freezes::created_by.eq(cap.actor().username()),
        ))
        .returning(FreezeRow::as_returning())
        .get_result(conn)?;
    let freeze = view(row, Utc::now());
    let mut change = Change::new("freeze", "create", freeze.id).after(&freeze);
    if let Some(d) = deployment {
        change = change.deployment(d);
    }
    audit::record(conn, cap.actor(), change)?;
    Ok(freeze)
}

/// The scope of an existing freeze, for deciding who may remove it.
pub fn scope_of(conn: &mut PgConnection, id: i64) -> Result<FreezeScope> {
    let row: FreezeRow = freezes::table
        .find(id)
        .select(FreezeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("freeze"))?;
    Ok(match (row.category_id, row.application_id, row.deployment_id) {
        (Some(c), _, _) => FreezeScope::Category(c),
        (_, Some(a), _) => FreezeScope::Application(a),
        (_, _, Some(d)) => FreezeScope::Deployment(d),
        _ => FreezeScope::Everything,
    })
}

pub fn delete(conn: &mut PgConnection, cap: &FreezeManager, id: i64) -> Result<()> {
    let row: FreezeRow = freezes::table.find(id).select(FreezeRow::as_select()).first(conn)?;
    diesel::delete(freezes::table.find(id)).execute(conn)?;
    let deployment = row.deployment_id;
    let mut change = Change::new("freeze", "delete", id).before(&view(row, Utc::now()));
    if let Some(d) = deployment {
        change = change.deployment(d);
    }
    audit::record(conn, cap.actor(), change)?;
    Ok(())
}

/// The freezes the caller may see, newest first.
pub fn list(conn: &mut PgConnection, visible: &FreezeView) -> Result<Vec<Freeze>> {
    let rows: Vec<FreezeRow> = freezes::table.order(freezes::id.desc()).select(FreezeRow::as_select()).load(conn)?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .filter(|r| match (r.deployment_id, visible.deployments()) {
            (Some(d), Some(ids)) => ids.contains(&d),
            _ => true,
        })
        .map(|r| view(r, now))
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn weekly_berlin() -> Rule {
        Rule::Recurring {
            cron: Box::new(parse_cron("cron", "0 16 * * 5").unwrap()),
            tz: chrono_tz::Europe::Berlin,
            duration: Duration::hours(64),
        }
    }

    #[test]
    fn a_weekly_window_starts_at_the_same_local_time_on_both_sides_of_a_daylight_saving_change() {
        let rule = weekly_berlin();
        // Summer time ends in Europe on 2026-10-25: 16:00 in Berlin is 14:00 UTC before, 15:00 UTC after.
        let before = rule.next_after(Utc.with_ymd_and_hms(2026, 10, 20, 0, 0, 0).unwrap()).unwrap();
        assert_eq!(before.0, Utc.with_ymd_and_hms(2026, 10, 23, 14, 0, 0).unwrap());
        let after = rule.next_after(before.0).unwrap();
        assert_eq!(after.0, Utc.with_ymd_and_hms(2026, 10, 30, 15, 0, 0).unwrap());
        // The window crossing the change lasts 64 hours of elapsed time.
        assert_eq!(before.1, Utc.with_ymd_and_hms(2026, 10, 26, 6, 0, 0).unwrap());
        assert!(rule.active_at(Utc.with_ymd_and_hms(2026, 10, 26, 5, 59, 0).unwrap()).is_some());
        assert!(rule.active_at(Utc.with_ymd_and_hms(2026, 10, 26, 6, 0, 0).unwrap()).is_none());
        assert!(rule.active_at(Utc.with_ymd_and_hms(2026, 10, 23, 13, 59, 0).unwrap()).is_none());
        // Spring: summer time starts on 2027-03-28; the Friday before is still 15:00 UTC, the one after 14:00.
        let march = rule.next_after(Utc.with_ymd_and_hms(2027, 3, 22, 0, 0, 0).unwrap()).unwrap();
        assert_eq!(march.0, Utc.with_ymd_and_hms(2027, 3, 26, 15, 0, 0).unwrap());
        assert_eq!(rule.next_after(march.0).unwrap().0, Utc.with_ymd_and_hms(2027, 4, 2, 14, 0, 0).unwrap());
    }

    #[test]
    fn a_one_off_window_covers_its_start_but_not_its_end() {
        let (s, e) =
            (Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap());
        let rule = Rule::Once { starts_at: s, ends_at: e };
        assert!(rule.active_at(s).is_some());
        assert!(rule.active_at(e).is_none());
        assert_eq!(rule.next_after(s - Duration::seconds(1)), Some((s, e)));
        assert_eq!(rule.next_after(s), None);
    }

    #[test]
    fn patterns_and_zones_are_checked() {
        assert!(parse_cron("cron", "0 16 * * 5").is_ok());
        assert!(parse_cron("cron", "0 0 16 * * 5").is_err(), "six fields");
        assert!(parse_cron("cron", "61 * * * *").is_err());
        assert!(parse_timezone("timezone", "Europe/Berlin").is_ok());
        assert!(parse_timezone("timezone", "Mars/Olympus").is_err());
    }
}
