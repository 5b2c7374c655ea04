//! A deployment's flags: the inputs a push may set, each with a default.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Change};
use crate::authz::{CanEdit, CanView};
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, FlagId};
use crate::schema::{deployments, flags, settings};
use crate::validate;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = flags)]
pub struct Flag {
    pub id: FlagId,
    pub deployment_id: DeploymentId,
    pub name: String,
    /// The environment variable a stage reads the value from.
    pub varname: String,
    #[serde(rename = "default")]
    pub default_value: String,
    /// A boolean flag's value is `true` or `false`.
    #[serde(rename = "boolean")]
    pub is_boolean: bool,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFlag {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    #[schema(schema_with = crate::validate::schema::env_var_name)]
    pub varname: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub default: Option<String>,
    #[serde(default)]
    pub boolean: bool,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagPatch {
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub name: Option<String>,
    #[schema(schema_with = crate::validate::schema::env_var_name_or_null)]
    pub varname: Option<String>,
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub default: Option<String>,
    pub boolean: Option<bool>,
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub description: Option<String>,
}

/// Checks a flag's fields together and returns the default to store.
fn checked(
    name: &str,
    varname: &str,
    default: Option<String>,
    boolean: bool,
    description: &str,
) -> Result<(String, String)> {
    let name = validate::display_name("name", name)?;
    validate::env_var_name("varname", varname)?;
    validate::text("description", description, validate::MAX_TEXT_LEN)?;
    let default = match (boolean, default) {
        (true, None) => "false".to_owned(),
        (true, Some(v)) if v == "true" || v == "false" => v,
        (true, Some(_)) => {
            return Err(Error::invalid("default", "a boolean flag's default is \"true\" or \"false\""));
        }
        (false, v) => v.unwrap_or_default(),
    };
    validate::text("default", &default, validate::MAX_TEXT_LEN)?;
    Ok((name, default))
}

/// A stage sees settings and flags as one set of environment variables, so a flag's varname may not be a
/// setting's name (the flag would silently win). The deployment's row is locked so that a concurrent
/// `PUT` of a setting with the same name waits for this check's transaction ([`crate::catalog::settings::put`]
/// takes the same lock).
fn check_no_setting(conn: &mut PgConnection, deployment: DeploymentId, varname: &str) -> Result<()> {
    deployments::table.find(deployment).select(deployments::id).for_no_key_update().first::<DeploymentId>(conn)?;
    let taken: bool = diesel::select(diesel::dsl::exists(
        settings::table.filter(settings::deployment_id.eq(deployment)).filter(settings::name.eq(varname)),
    ))
    .get_result(conn)?;
    if taken {
        return Err(Error::invalid(
            "varname",
            format!("this deployment has a setting named '{varname}'; a flag and a setting cannot share a name"),
        ));
    }
    Ok(())
}

pub fn list(conn: &mut PgConnection, cap: &CanView) -> Result<Vec<Flag>> {
    Ok(flags::table
        .filter(flags::deployment_id.eq(cap.deployment_id()))
        .select(Flag::as_select())
        .order(flags::id)
        .load(conn)?)
}

fn find(conn: &mut PgConnection, cap: &CanEdit, id: FlagId) -> Result<Flag> {
    flags::table
        .find(id)
        .filter(flags::deployment_id.eq(cap.deployment_id()))
        .select(Flag::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("flag"))
}

pub fn create(conn: &mut PgConnection, cap: &CanEdit, input: NewFlag) -> Result<Flag> {
    let (name, default) = checked(&input.name, &input.varname, input.default, input.boolean, &input.description)?;
    check_no_setting(conn, cap.deployment_id(), &input.varname)?;
    let flag: Flag = diesel::insert_into(flags::table)
        .values((
            flags::deployment_id.eq(cap.deployment_id()),
            flags::name.eq(name),
            flags::varname.eq(&input.varname),
            flags::default_value.eq(default),
            flags::is_boolean.eq(input.boolean),
            flags::description.eq(&input.description),
        ))
        .returning(Flag::as_returning())
        .get_result(conn)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "create", flag.id.0).deployment(cap.deployment_id()).after(&flag),
    )?;
    Ok(flag)
}

pub fn update(conn: &mut PgConnection, cap: &CanEdit, id: FlagId, patch: FlagPatch) -> Result<Flag> {
    let before = find(conn, cap, id)?;
    let boolean = patch.boolean.unwrap_or(before.is_boolean);
    let varname = patch.varname.unwrap_or_else(|| before.varname.clone());
    let description = patch.description.unwrap_or_else(|| before.description.clone());
    // Turning a flag boolean keeps its default only when that is already "true"/"false".
    let default = match patch.default {
        Some(v) => Some(v),
        None if boolean && !before.is_boolean && before.default_value != "true" => None,
        None => Some(before.default_value.clone()),
    };
    let (name, default) =
        checked(patch.name.as_deref().unwrap_or(&before.name), &varname, default, boolean, &description)?;
    if varname != before.varname {
        check_no_setting(conn, cap.deployment_id(), &varname)?;
    }
    let after: Flag = diesel::update(flags::table.find(id))
        .set((
            flags::name.eq(name),
            flags::varname.eq(varname),
            flags::default_value.eq(default),
            flags::is_boolean.eq(boolean),
            flags::description.eq(description),
            flags::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Flag::as_returning())
        .get_result(conn)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "update", id.0).deployment(cap.deployment_id()).before(&before).after(&after),
    )?;
    Ok(after)
}

pub fn delete(conn: &mut PgConnection, cap: &CanEdit, id: FlagId) -> Result<()> {
    let before = find(conn, cap, id)?;
    diesel::delete(flags::table.find(id)).execute(conn)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "delete", id.0).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}
