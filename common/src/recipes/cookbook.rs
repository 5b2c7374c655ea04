//! The shared cookbook: named recipes any stage may link to. Reading is open to every signed-in user;
//! changing is for admins, because one change reaches every deployment that links the recipe.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::Language;
use crate::audit::{self, Change};
use crate::authz::{AdminCap, Viewable};
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, DeploymentId, RecipeId, StageId};
use crate::schema::{applications, deployments, recipes, stages};
use crate::validate;

#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = recipes)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Recipe {
    pub id: RecipeId,
    /// Always set for cookbook recipes (inline recipes are never listed here).
    #[schema(value_type = String)]
    pub name: Option<String>,
    pub language: Language,
    pub code: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set on a recipe imported from the original Rolf that cannot run as it is (python using the original's
    /// objects, Python 2 syntax): why. Pushes of deployments running it are refused until new code is saved.
    pub needs_conversion: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRecipe {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    pub language: Language,
    #[schema(schema_with = crate::validate::schema::code)]
    pub code: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipePatch {
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub name: Option<String>,
    pub language: Option<Language>,
    #[schema(schema_with = crate::validate::schema::code_or_null)]
    pub code: Option<String>,
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub description: Option<String>,
}

/// A stage that links a cookbook recipe.
#[derive(Debug, Clone, Queryable, Serialize, utoipa::ToSchema)]
pub struct Usage {
    pub stage_id: StageId,
    pub stage: String,
    pub deployment_id: DeploymentId,
    pub deployment: String,
    pub application_id: ApplicationId,
    pub application: String,
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<Recipe>> {
    Ok(recipes::table
        .filter(recipes::name.is_not_null())
        .select(Recipe::as_select())
        .order(recipes::name)
        .load(conn)?)
}

pub fn get(conn: &mut PgConnection, id: RecipeId) -> Result<Recipe> {
    recipes::table
        .find(id)
        .filter(recipes::name.is_not_null())
        .select(Recipe::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound("recipe"))
}

/// Stages linking the recipe, limited to deployments the actor may view.
pub fn usages(conn: &mut PgConnection, viewable: &Viewable, id: RecipeId) -> Result<Vec<Usage>> {
    get(conn, id)?;
    let mut query = stages::table
        .inner_join(deployments::table.inner_join(applications::table))
        .filter(stages::recipe_id.eq(id))
        .select((stages::id, stages::name, deployments::id, deployments::name, applications::id, applications::name))
        .order((applications::name, deployments::name, stages::position))
        .into_boxed();
    if let Some(ids) = viewable.deployment_ids() {
        query = query.filter(deployments::id.eq_any(ids));
    }
    Ok(query.load(conn)?)
}

/// Code of a recipe or an inline stage: not all white space, at most 256 Ki characters, no NUL.
pub fn check_code(code: &str) -> Result<()> {
    if code.trim().is_empty() {
        return Err(Error::invalid("code", "must not be empty"));
    }
    validate::text("code", code, validate::MAX_CODE_LEN)
}

pub fn create(conn: &mut PgConnection, cap: &AdminCap, input: NewRecipe) -> Result<Recipe> {
    let name = validate::display_name("name", &input.name)?;
    check_code(&input.code)?;
    validate::text("description", &input.description, validate::MAX_TEXT_LEN)?;
    let recipe: Recipe = diesel::insert_into(recipes::table)
        .values((
            recipes::name.eq(name),
            recipes::language.eq(input.language),
            recipes::code.eq(&input.code),
            recipes::description.eq(&input.description),
        ))
        .returning(Recipe::as_returning())
        .get_result(conn)?;
    audit::record(conn, cap.actor(), Change::new("recipe", "create", recipe.id.0).after(&recipe))?;
    Ok(recipe)
}

pub fn update(conn: &mut PgConnection, cap: &AdminCap, id: RecipeId, patch: RecipePatch) -> Result<Recipe> {
    let before = get(conn, id)?;
    let name = match &patch.name {
        Some(name) => validate::display_name("name", name)?,
        None => before.name.clone().unwrap_or_default(),
    };
    // Saving code is how a recipe is converted: whoever saves it has read it.
    let converted = patch.code.is_some();
    let code = patch.code.unwrap_or_else(|| before.code.clone());
    check_code(&code)?;
    let description = patch.description.unwrap_or_else(|| before.description.clone());
    validate::text("description", &description, validate::MAX_TEXT_LEN)?;
    let after: Recipe = diesel::update(recipes::table.find(id))
        .set((
            recipes::name.eq(name),
            recipes::language.eq(patch.language.unwrap_or(before.language)),
            recipes::code.eq(code),
            recipes::description.eq(description),
            recipes::needs_conversion.eq(if converted { None } else { before.needs_conversion.clone() }),
            recipes::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Recipe::as_returning())
        .get_result(conn)?;
    audit::record(conn, cap.actor(), Change::new("recipe", "update", id.0).before(&before).after(&after))?;
    Ok(after)
}

pub fn delete(conn: &mut PgConnection, cap: &AdminCap, id: RecipeId) -> Result<()> {
    let before = get(conn, id)?;
    let used: i64 = stages::table.filter(stages::recipe_id.eq(id)).count().get_result(conn)?;
    if used > 0 {
        return Err(Error::Conflict(format!(
            "the recipe is used by {used} stage(s); see GET /api/v1/recipes/{id}/usages"
        )));
    }
    diesel::delete(recipes::table.find(id)).execute(conn)?;
    audit::record(conn, cap.actor(), Change::new("recipe", "delete", id.0).before(&before))?;
    Ok(())
}
