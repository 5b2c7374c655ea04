//! A deployment's flags: the inputs a push may set, each with a kind, rules and a default.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::flag_rules::{BooleanAs, FlagKind, FlagRules};
use crate::audit::{self, Change};
use crate::authz::{CanEdit, CanView};
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, FlagId};
use crate::schema::{deployments, flags, settings};
use crate::validate;
use crate::validate::together::{Together, given, has, is, left_out, shape, within};

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = flags)]
pub struct Flag {
    pub id: FlagId,
    pub deployment_id: DeploymentId,
    pub name: String,
    /// The environment variable a stage reads the value from.
    pub varname: String,
    /// The value a push takes when it gives none; empty for a required flag.
    #[serde(rename = "default")]
    pub default_value: String,
    pub description: String,
    pub kind: FlagKind,
    /// A text flag's regular expression; the whole value must match it.
    pub pattern: Option<String>,
    /// A choice flag's allowed values, in the order offered.
    #[diesel(deserialize_as = super::flag_rules::Texts)]
    pub choices: Vec<String>,
    /// A required flag has no default: every push must give its value.
    pub required: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A boolean flag's values as recipes see them.
    pub boolean_as: BooleanAs,
}

impl Flag {
    pub fn rules(&self) -> FlagRules {
        FlagRules {
            kind: self.kind,
            pattern: self.pattern.clone(),
            choices: self.choices.clone(),
            required: self.required,
            default: self.default_value.clone(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFlag {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    #[schema(schema_with = crate::validate::schema::env_var_name)]
    pub varname: String,
    /// Absent: `false` for a boolean flag, the first choice for a choice flag, empty text otherwise. A required
    /// flag has none.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub default: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    /// `text` when absent.
    #[serde(default)]
    pub kind: Option<FlagKind>,
    /// Text flags only: a regular expression (Rust `regex` syntax) the whole value must match.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_pattern)]
    pub pattern: Option<String>,
    /// Choice flags only: 1 to 100 distinct values.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_choices)]
    pub choices: Option<Vec<String>>,
    #[serde(default)]
    pub required: bool,
    /// Boolean flags only; `true_false` when absent.
    #[serde(default)]
    pub boolean_as: Option<BooleanAs>,
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
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub description: Option<String>,
    /// Changing the kind drops a pattern or choices the new kind does not have, unless given again.
    pub kind: Option<FlagKind>,
    /// An empty pattern removes it.
    #[schema(schema_with = crate::validate::schema::flag_pattern)]
    pub pattern: Option<String>,
    #[schema(schema_with = crate::validate::schema::flag_choices)]
    pub choices: Option<Vec<String>>,
    pub required: Option<bool>,
    /// Boolean flags only. Left out: kept while the flag stays boolean.
    pub boolean_as: Option<BooleanAs>,
}

/// What [`FlagRules::checked`] asks of a new flag's fields together: a choice flag has choices and no other kind
/// has, and each kind's rules (`kind_rules`). A default that is not among the choices or that a text flag's
/// pattern refuses, and a pattern that is not a valid regular expression, are beyond a schema.
impl Together for NewFlag {
    fn forbidden() -> Vec<Value> {
        let mut forbidden = vec![
            shape(&[is("kind", json!([FlagKind::Choice])), left_out("choices")]),
            // Without a kind, a flag is a text flag.
            shape(&[within("kind", json!([FlagKind::Text, FlagKind::Boolean, null])), given("choices", "array")]),
            shape(&[within("kind", json!([FlagKind::Text, FlagKind::Choice, null])), is("boolean_as", one_empty())]),
        ];
        forbidden.extend(kind_rules());
        forbidden
    }
}

/// A patch that names the kind is held to it: no choices unless it is `choice`, and each kind's rules
/// (`kind_rules`). A patch that leaves the kind out is judged by the stored kind, and one that leaves `required`
/// out by the stored `required`: a schema cannot see those.
impl Together for FlagPatch {
    fn forbidden() -> Vec<Value> {
        let mut forbidden = vec![
            shape(&[is("kind", json!([FlagKind::Text, FlagKind::Boolean])), given("choices", "array")]),
            shape(&[is("kind", json!([FlagKind::Text, FlagKind::Choice])), is("boolean_as", one_empty())]),
        ];
        forbidden.extend(kind_rules());
        forbidden
    }
}

fn one_empty() -> Value {
    json!([BooleanAs::OneEmpty])
}

/// Only a text flag has a pattern (an empty one is none); a boolean flag always has a value, `true` or `false`,
/// so it is never required; a required flag has no default, since every push gives its value.
fn kind_rules() -> Vec<Value> {
    let not_empty = json!({"type": "string", "minLength": 1});
    vec![
        shape(&[is("kind", json!([FlagKind::Boolean, FlagKind::Choice])), has("pattern", not_empty.clone())]),
        shape(&[is("kind", json!([FlagKind::Boolean])), is("required", json!([true]))]),
        shape(&[
            is("kind", json!([FlagKind::Boolean])),
            has("default", json!({"type": "string", "not": {"enum": ["true", "false"]}})),
        ]),
        shape(&[is("required", json!([true])), has("default", not_empty)]),
    ]
}

/// Checks a flag's name, varname and description; the value rules are [`FlagRules::checked`]'s.
fn checked_names(name: &str, varname: &str, description: &str) -> Result<String> {
    let name = validate::display_name("name", name)?;
    validate::env_var_name("varname", varname)?;
    validate::text("description", description, validate::MAX_TEXT_LEN)?;
    Ok(name)
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

/// `choices` given must hold one: an empty list is neither a choice flag's nor another kind's.
fn check_choices_given(choices: &Option<Vec<String>>) -> Result<()> {
    match choices {
        Some(list) if list.is_empty() => {
            Err(Error::invalid("choices", "give 1 to 100 choices, or leave choices out for a flag without them"))
        }
        _ => Ok(()),
    }
}

/// A new flag's name (trimmed) and rules, or why the body cannot make one: every check but those against stored
/// rows.
pub fn checked_new(input: &NewFlag) -> Result<(String, FlagRules)> {
    let name = checked_names(&input.name, &input.varname, &input.description)?;
    check_choices_given(&input.choices)?;
    let rules = FlagRules::checked(
        input.kind.unwrap_or(FlagKind::Text),
        input.pattern.clone(),
        input.choices.clone().unwrap_or_default(),
        input.required,
        input.default.clone(),
    )?;
    input.boolean_as.unwrap_or(BooleanAs::TrueFalse).check(rules.kind)?;
    Ok((name, rules))
}

pub fn create(conn: &mut PgConnection, cap: &CanEdit, input: NewFlag) -> Result<Flag> {
    let flag = insert(conn, cap, input)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "create", flag.id.0).deployment(cap.deployment_id()).after(&flag),
    )?;
    Ok(flag)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, cap: &CanEdit, input: NewFlag) -> Result<Flag> {
    let (name, rules) = checked_new(&input)?;
    check_no_setting(conn, cap.deployment_id(), &input.varname)?;
    let flag: Flag = diesel::insert_into(flags::table)
        .values((
            flags::deployment_id.eq(cap.deployment_id()),
            flags::name.eq(name),
            flags::varname.eq(&input.varname),
            flags::description.eq(&input.description),
            flags::kind.eq(rules.kind),
            flags::pattern.eq(rules.pattern),
            flags::choices.eq(rules.choices),
            flags::required.eq(rules.required),
            flags::default_value.eq(rules.default),
            flags::boolean_as.eq(input.boolean_as.unwrap_or(BooleanAs::TrueFalse)),
        ))
        .returning(Flag::as_returning())
        .get_result(conn)?;
    Ok(flag)
}

pub fn update(conn: &mut PgConnection, cap: &CanEdit, id: FlagId, patch: FlagPatch) -> Result<Flag> {
    let (before, after) = change(conn, cap, id, patch)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "update", id.0).deployment(cap.deployment_id()).before(&before).after(&after),
    )?;
    Ok(after)
}

/// [`update`] without its audit event: the flag before and after.
pub(crate) fn change(conn: &mut PgConnection, cap: &CanEdit, id: FlagId, patch: FlagPatch) -> Result<(Flag, Flag)> {
    let before = find(conn, cap, id)?;
    check_choices_given(&patch.choices)?;
    let varname = patch.varname.unwrap_or_else(|| before.varname.clone());
    let description = patch.description.unwrap_or_else(|| before.description.clone());
    let name = checked_names(patch.name.as_deref().unwrap_or(&before.name), &varname, &description)?;
    let kind = patch.kind.unwrap_or(before.kind);
    let same_kind = kind == before.kind;
    let pattern = patch.pattern.or_else(|| same_kind.then(|| before.pattern.clone()).flatten());
    let choices = patch.choices.unwrap_or_else(|| if same_kind { before.choices.clone() } else { Vec::new() });
    let required = patch.required.unwrap_or(before.required && kind != FlagKind::Boolean);
    // The old default is kept when it still fits the new rules; otherwise the kind's own default is taken,
    // unless the patch names one (which must fit).
    let default = match patch.default {
        Some(v) => Some(v),
        None if required => None,
        None => {
            let kept =
                FlagRules::checked(kind, pattern.clone(), choices.clone(), false, Some(before.default_value.clone()));
            kept.ok().map(|r| r.default)
        }
    };
    let rules = FlagRules::checked(kind, pattern, choices, required, default)?;
    let boolean_as = match patch.boolean_as {
        Some(wanted) => wanted.check(kind)?,
        None if kind == FlagKind::Boolean => before.boolean_as,
        None => BooleanAs::TrueFalse,
    };
    if varname != before.varname {
        check_no_setting(conn, cap.deployment_id(), &varname)?;
    }
    let after: Flag = diesel::update(flags::table.find(id))
        .set((
            flags::name.eq(name),
            flags::varname.eq(varname),
            flags::description.eq(description),
            flags::kind.eq(rules.kind),
            flags::pattern.eq(rules.pattern),
            flags::choices.eq(rules.choices),
            flags::required.eq(rules.required),
            flags::default_value.eq(rules.default),
            flags::boolean_as.eq(boolean_as),
            flags::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Flag::as_returning())
        .get_result(conn)?;
    Ok((before, after))
}

pub fn delete(conn: &mut PgConnection, cap: &CanEdit, id: FlagId) -> Result<()> {
    let before = remove(conn, cap, id)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("flag", "delete", id.0).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// [`delete`] without its audit event; returns the flag removed.
pub(crate) fn remove(conn: &mut PgConnection, cap: &CanEdit, id: FlagId) -> Result<Flag> {
    let before = find(conn, cap, id)?;
    diesel::delete(flags::table.find(id)).execute(conn)?;
    Ok(before)
}
