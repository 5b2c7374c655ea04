//! Importing a cookbook file (such as the starter cookbook shipped in `cookbook/starter.json`): recipes matched by
//! name, so importing the same file again updates them in place and never duplicates one. The whole file is
//! checked before anything is written, and the caller runs the import in one transaction: a bad file imports
//! nothing.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::Language;
use super::cookbook::{self, Recipe};
use crate::audit::{self, Change};
use crate::authz::AdminCap;
use crate::error::{Error, Result};
use crate::ids::RecipeId;
use crate::schema::recipes;
use crate::validate;

/// The only version of the cookbook file format so far.
pub const FORMAT_VERSION: u32 = 1;

/// A cookbook file: recipes, and snippets of code several recipes start with.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CookbookFile {
    /// The format's version: 1.
    #[schema(minimum = 1, maximum = 1)]
    pub rolf_cookbook: u32,
    /// What the file holds; not imported.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    #[serde(default)]
    #[schema(schema_with = snippets_schema)]
    pub snippets: BTreeMap<String, String>,
    #[schema(min_items = 1, max_items = 500)]
    pub recipes: Vec<FileRecipe>,
}

/// Snippets by name, each code as a recipe's (no NUL, at most 256 Ki characters).
fn snippets_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .additional_properties(Some(utoipa::openapi::Schema::Object(crate::validate::schema::code())))
        .description(Some(
            "Code shared by several recipes, by name: a recipe listing one in its `snippets` starts with it. \
             Recipes are stored with their snippets written out, so each runs on its own.",
        ))
        .build()
}

/// One recipe of a cookbook file.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRecipe {
    /// The recipe's name in the cookbook: an existing recipe of this name is updated.
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    pub language: Language,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    /// Names of snippets the code starts with, in this order.
    #[serde(default)]
    pub snippets: Vec<String>,
    #[schema(schema_with = crate::validate::schema::code)]
    pub code: String,
}

crate::text_enum!(
    /// What an import did to one recipe.
    Outcome { Created => "created", Updated => "updated", Unchanged => "unchanged" }
);

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportedRecipe {
    pub id: RecipeId,
    pub name: String,
    pub outcome: Outcome,
}

/// What an import did, recipe by recipe in the file's order, and the counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub recipes: Vec<ImportedRecipe>,
}

/// Who imports: an admin through the API, or an operator running `rolf-api import-cookbook`, who holds the
/// database's URL and with it everything an admin may do.
pub enum Importer<'a> {
    Admin(&'a AdminCap<'a>),
    CommandLine,
}

impl Importer<'_> {
    pub(crate) fn record(&self, conn: &mut PgConnection, change: Change<'_>) -> Result<()> {
        match self {
            Importer::Admin(cap) => audit::record(conn, cap.actor(), change),
            Importer::CommandLine => audit::record_as(conn, None, "rolf-api import-cookbook", change),
        }
    }
}

/// A recipe as it will be stored: name trimmed, snippets written out.
pub(crate) struct Checked {
    pub name: String,
    pub language: Language,
    pub description: String,
    pub code: String,
    /// Set by an import from the original Rolf: why the recipe cannot run as it is.
    pub needs_conversion: Option<String>,
}

/// Checks the whole file; the first broken rule names its place (`recipes[2].code`) and the recipe.
fn check(file: &CookbookFile) -> Result<Vec<Checked>> {
    if file.rolf_cookbook != FORMAT_VERSION {
        return Err(Error::invalid(
            "rolf_cookbook",
            format!("this Rolf reads cookbook files of version {FORMAT_VERSION}, not {}", file.rolf_cookbook),
        ));
    }
    validate::text("description", &file.description, validate::MAX_TEXT_LEN)?;
    if file.recipes.is_empty() {
        return Err(Error::invalid("recipes", "the file has no recipes"));
    }
    if file.recipes.len() > 500 {
        return Err(Error::invalid("recipes", "at most 500 recipes per file"));
    }
    for (name, code) in &file.snippets {
        cookbook::check_code(code).map_err(|e| match e {
            Error::Invalid { message, .. } => Error::invalid(format!("snippets.{name}"), message),
            other => other,
        })?;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut checked = Vec::with_capacity(file.recipes.len());
    for (i, recipe) in file.recipes.iter().enumerate() {
        let at = |field: &str| format!("recipes[{i}].{field}");
        let name = validate::display_name(&at("name"), &recipe.name)?;
        let named = |e: Error| match e {
            Error::Invalid { field, message } => {
                Error::Invalid { field, message: format!("recipe '{name}': {message}") }
            }
            other => other,
        };
        if let Some(first) = seen.insert(name.clone(), i) {
            return Err(Error::invalid(
                at("name"),
                format!("recipe '{name}' appears twice in the file (also as recipes[{first}])"),
            ));
        }
        validate::text(&at("description"), &recipe.description, validate::MAX_TEXT_LEN).map_err(named)?;
        let mut code = String::new();
        for (j, snippet) in recipe.snippets.iter().enumerate() {
            let Some(text) = file.snippets.get(snippet) else {
                return Err(named(Error::invalid(
                    at(&format!("snippets[{j}]")),
                    format!("no snippet '{snippet}' in the file's snippets"),
                )));
            };
            code.push_str(text);
            if !text.ends_with('\n') {
                code.push('\n');
            }
        }
        code.push_str(&recipe.code);
        if recipe.code.trim().is_empty() {
            return Err(named(Error::invalid(at("code"), "must not be empty")));
        }
        cookbook::check_code(&code).map_err(|e| match e {
            Error::Invalid { message, .. } => named(Error::invalid(at("code"), message)),
            other => other,
        })?;
        checked.push(Checked {
            name,
            language: recipe.language,
            description: recipe.description.clone(),
            code,
            needs_conversion: None,
        });
    }
    Ok(checked)
}

/// Imports the file: [`upsert`] for each recipe, and the import itself recorded with its report. Run it in a
/// transaction, so an error leaves the cookbook as it was.
pub fn import(conn: &mut PgConnection, importer: &Importer<'_>, file: &CookbookFile) -> Result<ImportReport> {
    let checked = check(file)?;
    let mut report = ImportReport { created: 0, updated: 0, unchanged: 0, recipes: Vec::with_capacity(checked.len()) };
    for recipe in checked {
        let (id, outcome) = upsert(conn, importer, &recipe)?;
        match outcome {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
        report.recipes.push(ImportedRecipe { id, name: recipe.name, outcome });
    }
    importer.record(conn, Change::new("cookbook", "import", None).after(&report))?;
    Ok(report)
}

/// Creates the recipe when its name is new, updates it when its language, description, code or conversion mark
/// differ, and leaves it otherwise; each change audited like one through `/recipes`.
pub(crate) fn upsert(
    conn: &mut PgConnection,
    importer: &Importer<'_>,
    recipe: &Checked,
) -> Result<(RecipeId, Outcome)> {
    let existing: Option<Recipe> = recipes::table
        .filter(recipes::name.eq(&recipe.name))
        .select(Recipe::as_select())
        .for_update()
        .first(conn)
        .optional()?;
    Ok(match existing {
        Some(before)
            if before.language == recipe.language
                && before.code == recipe.code
                && before.description == recipe.description
                && before.needs_conversion == recipe.needs_conversion =>
        {
            (before.id, Outcome::Unchanged)
        }
        Some(before) => {
            let after: Recipe = diesel::update(recipes::table.find(before.id))
                .set((
                    recipes::language.eq(recipe.language),
                    recipes::code.eq(&recipe.code),
                    recipes::description.eq(&recipe.description),
                    recipes::needs_conversion.eq(&recipe.needs_conversion),
                    recipes::updated_at.eq(diesel::dsl::now),
                ))
                .returning(Recipe::as_returning())
                .get_result(conn)?;
            importer.record(conn, Change::new("recipe", "update", after.id.0).before(&before).after(&after))?;
            (after.id, Outcome::Updated)
        }
        None => {
            let created: Recipe = diesel::insert_into(recipes::table)
                .values((
                    recipes::name.eq(&recipe.name),
                    recipes::language.eq(recipe.language),
                    recipes::code.eq(&recipe.code),
                    recipes::description.eq(&recipe.description),
                    recipes::needs_conversion.eq(&recipe.needs_conversion),
                ))
                .returning(Recipe::as_returning())
                .get_result(conn)?;
            importer.record(conn, Change::new("recipe", "create", created.id.0).after(&created))?;
            (created.id, Outcome::Created)
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn file(recipes: serde_json::Value) -> CookbookFile {
        serde_json::from_value(serde_json::json!({
            "rolf_cookbook": 1,
            "snippets": {"hello": "echo hello"},
            "recipes": recipes,
        }))
        .unwrap()
    }

    fn refused(file: &CookbookFile) -> (String, String) {
        match check(file) {
            Err(Error::Invalid { field, message }) => (field, message),
            other => panic!("expected a refusal, got {:?}", other.map(|c| c.len())),
        }
    }

    #[test]
    fn snippets_are_written_out_before_the_code() {
        let checked = check(&file(serde_json::json!([
            {"name": " greet ", "language": "bash", "snippets": ["hello"], "code": "echo world\n"}
        ])))
        .unwrap();
        assert_eq!(checked[0].name, "greet");
        assert_eq!(checked[0].code, "echo hello\necho world\n");
    }

    #[test]
    fn a_bad_recipe_is_named_by_its_place_and_name() {
        let (field, message) = refused(&file(serde_json::json!([
            {"name": "fine", "language": "bash", "code": "true"},
            {"name": "empty", "language": "bash", "code": "  "}
        ])));
        assert_eq!(field, "recipes[1].code");
        assert!(message.contains("'empty'") && message.contains("must not be empty"), "{message}");

        let (field, message) = refused(&file(serde_json::json!([
            {"name": "x", "language": "bash", "snippets": ["hello", "missing"], "code": "true"}
        ])));
        assert_eq!(field, "recipes[0].snippets[1]");
        assert!(message.contains("'missing'"), "{message}");

        let (field, message) = refused(&file(serde_json::json!([
            {"name": "twice", "language": "bash", "code": "true"},
            {"name": "twice ", "language": "python", "code": "pass"}
        ])));
        assert_eq!(field, "recipes[1].name");
        assert!(message.contains("recipes[0]"), "{message}");

        let (field, _) = refused(&file(serde_json::json!([{"name": "a/b", "language": "bash", "code": "true"}])));
        assert_eq!(field, "recipes[0].name");
        let (field, _) = refused(&file(serde_json::json!([])));
        assert_eq!(field, "recipes");
    }

    #[test]
    fn another_format_version_is_refused() {
        let mut f = file(serde_json::json!([{"name": "a", "language": "bash", "code": "true"}]));
        f.rolf_cookbook = 2;
        assert_eq!(refused(&f).0, "rolf_cookbook");
    }

    #[test]
    fn the_starter_cookbook_passes_the_checks() {
        let text = include_str!("../../../cookbook/starter.json");
        let starter: CookbookFile = serde_json::from_str(text).unwrap();
        let checked = check(&starter).unwrap();
        assert!(checked.len() >= 10, "{}", checked.len());
        assert!(checked.iter().all(|r| r.name.starts_with("starter: ")));
    }
}
