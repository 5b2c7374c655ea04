//! A deployment's ordered stages. Each runs one recipe: a cookbook recipe it links, or inline code it owns.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Language;
use super::cookbook::check_code;
use crate::audit::{self, Change};
use crate::authz::{CanEdit, CanView, Edit, StageGrant, View};
use crate::catalog::double_option;
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, RecipeId, StageId};
use crate::schema::{recipes, stages};
use crate::validate;
use crate::validate::together::{Together, given, left_out, shape};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stages)]
struct StageRow {
    id: StageId,
    deployment_id: DeploymentId,
    name: String,
    position: i32,
    recipe_id: RecipeId,
    timeout_seconds: Option<i32>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    rerun_on_resume: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = recipes)]
struct RecipeRow {
    name: Option<String>,
    language: Language,
    code: String,
    needs_conversion: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Stage {
    pub id: StageId,
    pub deployment_id: DeploymentId,
    pub name: String,
    /// 0-based place in the deployment's order.
    pub position: i32,
    /// The linked cookbook recipe; `null` when the stage has inline code.
    pub recipe_id: Option<RecipeId>,
    pub recipe_name: Option<String>,
    pub language: Language,
    pub code: String,
    /// Why the recipe it runs (linked or inline) cannot run as it is, when imported from the original Rolf:
    /// pushes are refused until new code is saved.
    pub needs_conversion: Option<String>,
    /// `null` means the worker's default (`ROLF_STAGE_TIMEOUT_SECONDS`).
    pub timeout_seconds: Option<i32>,
    /// Runs again when a push is resumed past it: every push has a fresh work directory, so a stage that
    /// prepares it (a checkout) is needed by the stages after it.
    pub rerun_on_resume: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn view((s, r): (StageRow, RecipeRow)) -> Stage {
    let inline = r.name.is_none();
    Stage {
        id: s.id,
        deployment_id: s.deployment_id,
        name: s.name,
        position: s.position,
        recipe_id: if inline { None } else { Some(s.recipe_id) },
        recipe_name: r.name,
        language: r.language,
        code: r.code,
        needs_conversion: r.needs_conversion,
        timeout_seconds: s.timeout_seconds,
        rerun_on_resume: s.rerun_on_resume,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

/// Either `recipe_id` (link a cookbook recipe) or `language` and `code` (inline code).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStage {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    pub recipe_id: Option<RecipeId>,
    pub language: Option<Language>,
    #[schema(schema_with = crate::validate::schema::code_or_null)]
    pub code: Option<String>,
    #[schema(schema_with = crate::validate::schema::timeout_or_null)]
    pub timeout_seconds: Option<i32>,
    /// Run again when a push is resumed past this stage (default false).
    #[serde(default)]
    pub rerun_on_resume: bool,
}

/// Absent fields stay as they are. `recipe_id` switches to a cookbook recipe; `code` (and `language`) to
/// inline code; `"timeout_seconds": null` returns to the default.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StagePatch {
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub name: Option<String>,
    pub recipe_id: Option<RecipeId>,
    pub language: Option<Language>,
    #[schema(schema_with = crate::validate::schema::code_or_null)]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = crate::validate::schema::timeout_or_null)]
    pub timeout_seconds: Option<Option<i32>>,
    pub rerun_on_resume: Option<bool>,
}

/// The rule `recipe_for` checks: a cookbook recipe, or inline code in a language.
impl Together for NewStage {
    fn forbidden() -> Vec<Value> {
        let mut forbidden = recipe_and_code();
        forbidden.extend([
            shape(&[left_out("recipe_id"), left_out("language")]),
            shape(&[left_out("recipe_id"), left_out("code")]),
        ]);
        forbidden
    }
}

/// A patch that links a recipe brings no code. Whether a patch of only `language` or only `code` is enough
/// depends on the stage as stored (inline code is edited in place; a linked recipe is not).
impl Together for StagePatch {
    fn forbidden() -> Vec<Value> {
        recipe_and_code()
    }
}

/// A cookbook recipe with a language or code of its own.
fn recipe_and_code() -> Vec<Value> {
    vec![
        shape(&[given("recipe_id", "integer"), given("language", "string")]),
        shape(&[given("recipe_id", "integer"), given("code", "string")]),
    ]
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageOrder {
    #[schema(schema_with = stage_ids_schema)]
    pub stage_ids: Vec<StageId>,
}

/// Every stage of the deployment, each once (`reorder` refuses a repeated id).
fn stage_ids_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let id = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)));
    ArrayBuilder::new()
        .items(id)
        .unique_items(true)
        .description(Some("Every stage of the deployment, each once, in the new order."))
        .build()
}

macro_rules! with_recipe {
    () => {
        stages::table.inner_join(recipes::table).select((StageRow::as_select(), RecipeRow::as_select()))
    };
}

pub fn list(conn: &mut PgConnection, cap: &CanView) -> Result<Vec<Stage>> {
    list_for(conn, cap.deployment_id())
}

fn load(conn: &mut PgConnection, id: StageId) -> Result<Stage> {
    let row = with_recipe!().filter(stages::id.eq(id)).first(conn).optional()?;
    row.map(view).ok_or(Error::NotFound("stage"))
}

pub fn get(conn: &mut PgConnection, grant: &StageGrant<View>) -> Result<Stage> {
    load(conn, grant.stage_id())
}

fn cookbook_recipe(conn: &mut PgConnection, id: RecipeId) -> Result<RecipeId> {
    let named: Option<Option<String>> = recipes::table.find(id).select(recipes::name).first(conn).optional()?;
    match named {
        Some(Some(_)) => Ok(id),
        _ => Err(Error::invalid("recipe_id", format!("no cookbook recipe has id {id}"))),
    }
}

fn insert_inline(conn: &mut PgConnection, language: Language, code: &str) -> Result<RecipeId> {
    check_code(code)?;
    Ok(diesel::insert_into(recipes::table)
        .values((recipes::language.eq(language), recipes::code.eq(code)))
        .returning(recipes::id)
        .get_result(conn)?)
}

/// The recipe a new stage runs, from the mutually exclusive ways of naming one.
fn recipe_for(
    conn: &mut PgConnection,
    recipe_id: Option<RecipeId>,
    language: Option<Language>,
    code: Option<&str>,
) -> Result<RecipeId> {
    match (recipe_id, language, code) {
        (Some(id), None, None) => cookbook_recipe(conn, id),
        (Some(_), _, _) => Err(Error::invalid("recipe_id", "give either recipe_id or language and code, not both")),
        (None, Some(language), Some(code)) => insert_inline(conn, language, code),
        (None, None, Some(_)) => Err(Error::invalid("language", "inline code needs a language: bash or python")),
        (None, _, None) => Err(Error::invalid("code", "give either recipe_id or language and code")),
    }
}

pub fn create(conn: &mut PgConnection, cap: &CanEdit, input: NewStage) -> Result<Stage> {
    let stage = insert(conn, cap, input)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("stage", "create", stage.id.0).deployment(cap.deployment_id()).after(&stage),
    )?;
    Ok(stage)
}

/// [`create`] without its audit event, for a caller that records one event for many changes.
pub(crate) fn insert(conn: &mut PgConnection, cap: &CanEdit, input: NewStage) -> Result<Stage> {
    let name = validate::display_name("name", &input.name)?;
    validate::timeout(input.timeout_seconds)?;
    let recipe_id = recipe_for(conn, input.recipe_id, input.language, input.code.as_deref())?;
    let deployment = cap.deployment_id();
    let next: Option<i32> = stages::table
        .filter(stages::deployment_id.eq(deployment))
        .select(diesel::dsl::max(stages::position))
        .first(conn)?;
    let id: StageId = diesel::insert_into(stages::table)
        .values((
            stages::deployment_id.eq(deployment),
            stages::name.eq(name),
            stages::position.eq(next.map_or(0, |p| p + 1)),
            stages::recipe_id.eq(recipe_id),
            stages::timeout_seconds.eq(input.timeout_seconds),
            stages::rerun_on_resume.eq(input.rerun_on_resume),
        ))
        .returning(stages::id)
        .get_result(conn)?;
    load(conn, id)
}

pub fn update(conn: &mut PgConnection, grant: &StageGrant<Edit>, patch: StagePatch) -> Result<Stage> {
    let (cap, id) = (grant.deployment(), grant.stage_id());
    let (before, after) = change(conn, grant, patch)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("stage", "update", id.0).deployment(cap.deployment_id()).before(&before).after(&after),
    )?;
    Ok(after)
}

/// [`update`] without its audit event: the stage before and after.
pub(crate) fn change(conn: &mut PgConnection, grant: &StageGrant<Edit>, patch: StagePatch) -> Result<(Stage, Stage)> {
    let (cap, id) = (grant.deployment(), grant.stage_id());
    let before = load(conn, id)?;
    if before.deployment_id != cap.deployment_id() {
        return Err(Error::NotFound("stage"));
    }
    let name = match &patch.name {
        Some(name) => validate::display_name("name", name)?,
        None => before.name.clone(),
    };
    let timeout = patch.timeout_seconds.unwrap_or(before.timeout_seconds);
    validate::timeout(timeout)?;
    let old_recipe: RecipeId = stages::table.find(id).select(stages::recipe_id).first(conn)?;
    let was_inline = before.recipe_id.is_none();
    let recipe_id = match (patch.recipe_id, patch.language, patch.code.as_deref()) {
        (None, None, None) => old_recipe,
        (Some(rid), language, code) => recipe_for(conn, Some(rid), language, code)?,
        // Editing inline code in place keeps the recipe row the stage owns.
        (None, language, code) if was_inline => {
            let language = language.unwrap_or(before.language);
            let code = code.unwrap_or(&before.code);
            check_code(code)?;
            // New code converts an imported recipe; a change of language alone does not.
            let needs_conversion = if patch.code.is_some() { None } else { before.needs_conversion.clone() };
            diesel::update(recipes::table.find(old_recipe))
                .set((
                    recipes::language.eq(language),
                    recipes::code.eq(code),
                    recipes::needs_conversion.eq(needs_conversion),
                    recipes::updated_at.eq(diesel::dsl::now),
                ))
                .execute(conn)?;
            old_recipe
        }
        (None, language, code) => recipe_for(conn, None, language, code)?,
    };
    diesel::update(stages::table.find(id))
        .set((
            stages::name.eq(name),
            stages::timeout_seconds.eq(timeout),
            stages::rerun_on_resume.eq(patch.rerun_on_resume.unwrap_or(before.rerun_on_resume)),
            stages::recipe_id.eq(recipe_id),
            stages::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    if was_inline && recipe_id != old_recipe {
        diesel::delete(recipes::table.find(old_recipe)).execute(conn)?;
    }
    let after = load(conn, id)?;
    Ok((before, after))
}

fn renumber(conn: &mut PgConnection, ids: &[StageId]) -> Result<()> {
    for (position, id) in ids.iter().enumerate() {
        let position = i32::try_from(position).map_err(|_| Error::invalid("stage_ids", "too many stages"))?;
        diesel::update(stages::table.find(*id)).set(stages::position.eq(position)).execute(conn)?;
    }
    Ok(())
}

fn ids_in_order(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Vec<StageId>> {
    Ok(stages::table
        .filter(stages::deployment_id.eq(deployment))
        .order(stages::position)
        .select(stages::id)
        .load(conn)?)
}

pub fn delete(conn: &mut PgConnection, grant: &StageGrant<Edit>) -> Result<()> {
    let (cap, id) = (grant.deployment(), grant.stage_id());
    let before = remove(conn, grant)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("stage", "delete", id.0).deployment(cap.deployment_id()).before(&before),
    )?;
    Ok(())
}

/// [`delete`] without its audit event; returns the stage removed.
pub(crate) fn remove(conn: &mut PgConnection, grant: &StageGrant<Edit>) -> Result<Stage> {
    let (cap, id) = (grant.deployment(), grant.stage_id());
    let before = load(conn, id)?;
    if before.deployment_id != cap.deployment_id() {
        return Err(Error::NotFound("stage"));
    }
    let recipe: RecipeId = stages::table.find(id).select(stages::recipe_id).first(conn)?;
    diesel::delete(stages::table.find(id)).execute(conn)?;
    if before.recipe_id.is_none() {
        diesel::delete(recipes::table.find(recipe)).execute(conn)?;
    }
    let remaining = ids_in_order(conn, cap.deployment_id())?;
    renumber(conn, &remaining)?;
    Ok(before)
}

pub fn reorder(conn: &mut PgConnection, cap: &CanEdit, order: StageOrder) -> Result<Vec<Stage>> {
    let current = arrange(conn, cap, &order)?;
    audit::record(
        conn,
        cap.actor(),
        Change::new("stage", "reorder", None).deployment(cap.deployment_id()).before(&current).after(&order.stage_ids),
    )?;
    list_for(conn, cap.deployment_id())
}

/// [`reorder`] without its audit event; returns the order before.
pub(crate) fn arrange(conn: &mut PgConnection, cap: &CanEdit, order: &StageOrder) -> Result<Vec<StageId>> {
    let current = ids_in_order(conn, cap.deployment_id())?;
    let wanted: HashSet<StageId> = order.stage_ids.iter().copied().collect();
    let have: HashSet<StageId> = current.iter().copied().collect();
    if wanted.len() != order.stage_ids.len() {
        return Err(Error::invalid("stage_ids", "names a stage more than once"));
    }
    if wanted != have {
        return Err(Error::invalid("stage_ids", "must name every stage of the deployment exactly once"));
    }
    renumber(conn, &order.stage_ids)?;
    Ok(current)
}

fn list_for(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Vec<Stage>> {
    let rows: Vec<(StageRow, RecipeRow)> =
        with_recipe!().filter(stages::deployment_id.eq(deployment)).order(stages::position).load(conn)?;
    Ok(rows.into_iter().map(view).collect())
}

/// Removes every stage of a deployment being deleted, with the inline recipes they own; returns what was
/// removed, for the audit trail.
pub(crate) fn delete_all(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Vec<Stage>> {
    let removed = list_for(conn, deployment)?;
    let inline: Vec<RecipeId> = stages::table
        .inner_join(recipes::table)
        .filter(stages::deployment_id.eq(deployment))
        .filter(recipes::name.is_null())
        .select(recipes::id)
        .load(conn)?;
    diesel::delete(stages::table.filter(stages::deployment_id.eq(deployment))).execute(conn)?;
    diesel::delete(recipes::table.filter(recipes::id.eq_any(inline))).execute(conn)?;
    Ok(removed)
}

/// Copies a deployment's stages to another: inline code is duplicated, cookbook links are kept.
pub(crate) fn copy_all(conn: &mut PgConnection, from: DeploymentId, to: DeploymentId) -> Result<()> {
    for stage in list_for(conn, from)? {
        let recipe_id = match stage.recipe_id {
            Some(id) => id,
            None => {
                let id = insert_inline(conn, stage.language, &stage.code)?;
                diesel::update(recipes::table.find(id))
                    .set(recipes::needs_conversion.eq(&stage.needs_conversion))
                    .execute(conn)?;
                id
            }
        };
        diesel::insert_into(stages::table)
            .values((
                stages::deployment_id.eq(to),
                stages::name.eq(&stage.name),
                stages::position.eq(stage.position),
                stages::recipe_id.eq(recipe_id),
                stages::timeout_seconds.eq(stage.timeout_seconds),
                stages::rerun_on_resume.eq(stage.rerun_on_resume),
            ))
            .execute(conn)?;
    }
    Ok(())
}
