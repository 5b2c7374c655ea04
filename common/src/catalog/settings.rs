//! A deployment's settings: environment variables for its stages. Secret values are write-only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{CanEdit, CanView};
use crate::error::{Error, Result};
use crate::ids::DeploymentId;
use crate::schema::{deployments, flags, settings};
use crate::validate;

pub const MAX_VALUE_LEN: usize = 64 * 1024;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = settings)]
struct SettingRow {
    name: String,
    value: String,
    secret: bool,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Setting {
    pub name: String,
    /// `null` for a secret: its value can be replaced but never read back.
    pub value: Option<String>,
    pub secret: bool,
    pub updated_at: DateTime<Utc>,
}

impl From<SettingRow> for Setting {
    fn from(row: SettingRow) -> Self {
        Setting {
            value: if row.secret { None } else { Some(row.value) },
            name: row.name,
            secret: row.secret,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingInput {
    #[schema(schema_with = value_schema)]
    pub value: String,
    #[serde(default)]
    pub secret: bool,
}

/// At most 64 Ki characters without NUL, the rule `put` enforces.
fn value_schema() -> utoipa::openapi::schema::Object {
    validate::schema::text_object(MAX_VALUE_LEN, false, 0)
}

pub fn list(conn: &mut PgConnection, cap: &CanView) -> Result<Vec<Setting>> {
    let rows: Vec<SettingRow> = settings::table
        .filter(settings::deployment_id.eq(cap.deployment_id()))
        .select(SettingRow::as_select())
        .order(settings::name)
        .load(conn)?;
    Ok(rows.into_iter().map(Setting::from).collect())
}

fn find(conn: &mut PgConnection, deployment: DeploymentId, name: &str) -> Result<Option<Setting>> {
    let row: Option<SettingRow> = settings::table
        .filter(settings::deployment_id.eq(deployment))
        .filter(settings::name.eq(name))
        .select(SettingRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Setting::from))
}

/// A stage sees settings and flags as one set of environment variables, so a setting may not be named like a
/// flag's varname (the flag would silently win). Takes the deployment row's lock, as creating a flag does.
fn check_no_flag(conn: &mut PgConnection, deployment: DeploymentId, name: &str) -> Result<()> {
    deployments::table.find(deployment).select(deployments::id).for_no_key_update().first::<DeploymentId>(conn)?;
    let taken: bool = diesel::select(diesel::dsl::exists(
        flags::table.filter(flags::deployment_id.eq(deployment)).filter(flags::varname.eq(name)),
    ))
    .get_result(conn)?;
    if taken {
        return Err(Error::invalid(
            "name",
            format!("this deployment has a flag with varname '{name}'; a flag and a setting cannot share a name"),
        ));
    }
    Ok(())
}

/// Creates or replaces a setting; tells which it did so the API can answer 201 or 200.
pub fn put(conn: &mut PgConnection, cap: &CanEdit, name: &str, input: SettingInput) -> Result<(Setting, bool)> {
    let (before, after) = store(conn, cap, name, &input)?;
    let mut change = Change::new("setting", "put", None).deployment(cap.deployment_id()).after(&after);
    if let Some(before) = &before {
        change = change.before(before);
    }
    audit::record(conn, cap.actor(), change)?;
    Ok((after, before.is_none()))
}

/// [`put`] without its audit event, for a caller that records one event for many changes: the setting before
/// (if it existed) and after.
pub(crate) fn store(
    conn: &mut PgConnection,
    cap: &CanEdit,
    name: &str,
    input: &SettingInput,
) -> Result<(Option<Setting>, Setting)> {
    validate::env_var_name("name", name)?;
    validate::text("value", &input.value, MAX_VALUE_LEN)?;
    let id = cap.deployment_id();
    check_no_flag(conn, id, name)?;
    let before = find(conn, id, name)?;
    let row: SettingRow = diesel::insert_into(settings::table)
        .values((
            settings::deployment_id.eq(id),
            settings::name.eq(name),
            settings::value.eq(&input.value),
            settings::secret.eq(input.secret),
        ))
        .on_conflict((settings::deployment_id, settings::name))
        .do_update()
        .set((
            settings::value.eq(&input.value),
            settings::secret.eq(input.secret),
            settings::updated_at.eq(diesel::dsl::now),
        ))
        .returning(SettingRow::as_returning())
        .get_result(conn)?;
    if input.secret {
        audit::forget_setting_values(conn, id, name)?;
    }
    Ok((before, Setting::from(row)))
}

/// Every setting of a deployment as stored, secret values included, by name: for comparing a document's
/// settings with them (`apply`), never for an answer.
pub(crate) fn stored(conn: &mut PgConnection, cap: &CanEdit) -> Result<Vec<(String, String, bool)>> {
    Ok(settings::table
        .filter(settings::deployment_id.eq(cap.deployment_id()))
        .select((settings::name, settings::value, settings::secret))
        .order(settings::name)
        .load(conn)?)
}

pub fn delete(conn: &mut PgConnection, cap: &CanEdit, name: &str) -> Result<()> {
    let before = remove(conn, cap, name)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("setting", "delete", None).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// [`delete`] without its audit event; returns the setting removed.
pub(crate) fn remove(conn: &mut PgConnection, cap: &CanEdit, name: &str) -> Result<Setting> {
    // No setting has a name that breaks the rules, and Postgres refuses some such text (NUL) outright.
    if validate::env_var_name("name", name).is_err() {
        return Err(Error::NotFound("setting"));
    }
    let id = cap.deployment_id();
    let before = find(conn, id, name)?.ok_or(Error::NotFound("setting"))?;
    diesel::delete(settings::table.filter(settings::deployment_id.eq(id)).filter(settings::name.eq(name)))
        .execute(conn)?;
    Ok(before)
}
