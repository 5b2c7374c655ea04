//! Stages, matched by name: dropped ones are removed, listed ones created or changed, and all of them put in the
//! document's order. A cookbook recipe is named and must exist; inline code comes with its language.

use diesel::prelude::*;

use super::document::{at, differing};
use super::report::{PartChanges, Updated};
use crate::authz::{self, CanEdit, CanView, Edit};
use crate::catalog::export::StageDoc;
use crate::error::{Error, Result};
use crate::ids::{RecipeId, StageId};
use crate::recipes::Language;
use crate::recipes::stages::{self, NewStage, Stage, StageOrder, StagePatch};
use crate::schema::recipes;
use crate::validate;

/// What a stage runs, as the document says it.
enum Runs {
    Cookbook(RecipeId),
    Inline(Language, String),
}

fn runs(conn: &mut PgConnection, place: &str, name: &str, doc: &StageDoc) -> Result<Runs> {
    match (&doc.recipe, &doc.code) {
        (Some(_), Some(_)) => Err(Error::invalid(
            format!("{place}.code"),
            "a stage runs a cookbook recipe or inline code, not both: drop `recipe` or `code`",
        )),
        (Some(recipe), None) => {
            let missing = || {
                Error::invalid(
                    format!("{place}.recipe"),
                    format!(
                        "stage '{name}' names the cookbook recipe '{recipe}', and the cookbook has none by that name"
                    ),
                )
            };
            // A name no recipe can have (a NUL, which Postgres refuses outright) is missing too.
            let recipe = validate::display_name("recipe", recipe).map_err(|_| missing())?;
            let id: Option<RecipeId> =
                recipes::table.filter(recipes::name.eq(&recipe)).select(recipes::id).first(conn).optional()?;
            id.map(Runs::Cookbook).ok_or_else(missing)
        }
        (None, Some(code)) => {
            let language = doc.language.ok_or_else(|| {
                Error::invalid(format!("{place}.language"), "inline code needs a language: bash or python")
            })?;
            Ok(Runs::Inline(language, code.clone()))
        }
        (None, None) => Err(Error::invalid(
            format!("{place}.code"),
            format!("stage '{name}' runs nothing: name a cookbook `recipe`, or give inline `code` and its `language`"),
        )),
    }
}

/// The fields of `stage` that differ from what the document wants.
fn differences(stage: &Stage, runs: &Runs, doc: &StageDoc) -> Vec<String> {
    let (recipe, language, code) = match runs {
        Runs::Cookbook(id) => (stage.recipe_id != Some(*id), false, false),
        Runs::Inline(language, code) => {
            let was_inline = stage.recipe_id.is_none();
            (!was_inline, was_inline && stage.language != *language, was_inline && stage.code != *code)
        }
    };
    differing(&[
        ("recipe", recipe),
        ("language", language),
        ("code", code),
        ("timeout_seconds", stage.timeout_seconds != doc.timeout_seconds),
        ("rerun_on_resume", stage.rerun_on_resume != doc.rerun_on_resume),
    ])
}

pub(super) fn apply(
    conn: &mut PgConnection,
    cap: &CanEdit,
    viewing: &CanView,
    wanted: &[StageDoc],
) -> Result<(PartChanges, bool)> {
    let actor = cap.actor();
    let mut changes = PartChanges::default();
    let names: Vec<String> = wanted.iter().map(|s| s.name.trim().to_owned()).collect();
    let mut existing = Vec::new();
    for stage in stages::list(conn, viewing)? {
        if names.contains(&stage.name) {
            existing.push(stage);
        } else {
            let grant = authz::for_stage::<Edit>(conn, actor, stage.id)?;
            stages::remove(conn, &grant)?;
            changes.removed.push(stage.name);
        }
    }
    let mut order: Vec<StageId> = Vec::new();
    for (i, doc) in wanted.iter().enumerate() {
        let place = format!("stages[{i}]");
        let name = validate::display_name("name", &doc.name).map_err(at(&place))?;
        validate::timeout(doc.timeout_seconds).map_err(at(&place))?;
        let runs = runs(conn, &place, &name, doc)?;
        match existing.iter().find(|s| s.name == name) {
            Some(stage) => {
                order.push(stage.id);
                let fields = differences(stage, &runs, doc);
                if fields.is_empty() {
                    continue;
                }
                let (recipe_id, language, code) = match runs {
                    Runs::Cookbook(id) if stage.recipe_id == Some(id) => (None, None, None),
                    Runs::Cookbook(id) => (Some(id), None, None),
                    Runs::Inline(language, code) => (None, Some(language), Some(code)),
                };
                let patch = StagePatch {
                    name: None,
                    recipe_id,
                    language,
                    code,
                    timeout_seconds: Some(doc.timeout_seconds),
                    rerun_on_resume: Some(doc.rerun_on_resume),
                };
                let grant = authz::for_stage::<Edit>(conn, actor, stage.id)?;
                stages::change(conn, &grant, patch).map_err(at(&place))?;
                changes.updated.push(Updated { name, fields });
            }
            None => {
                let (recipe_id, language, code) = match runs {
                    Runs::Cookbook(id) => (Some(id), None, None),
                    Runs::Inline(language, code) => (None, Some(language), Some(code)),
                };
                let input = NewStage {
                    name: name.clone(),
                    recipe_id,
                    language,
                    code,
                    timeout_seconds: doc.timeout_seconds,
                    rerun_on_resume: doc.rerun_on_resume,
                };
                order.push(stages::insert(conn, cap, input).map_err(at(&place))?.id);
                changes.created.push(name);
            }
        }
    }
    // Reported as reordered when the stages kept change places; new ones are placed without saying so.
    let kept_before: Vec<&str> = existing.iter().map(|s| s.name.as_str()).collect();
    let kept_after: Vec<&str> = names.iter().map(String::as_str).filter(|n| kept_before.contains(n)).collect();
    let reordered = kept_before != kept_after;
    let now: Vec<StageId> = stages::list(conn, viewing)?.into_iter().map(|s| s.id).collect();
    if now != order {
        stages::arrange(conn, cap, &StageOrder { stage_ids: order })?;
    }
    Ok((changes, reordered))
}
