//! The original's deployments, each made a [`DeploymentDocument`] and applied: categories and applications come
//! with them, settings keep their order, boolean flags pass `1`/empty as they did, stages run in `_order`, and
//! permissions become grants to the groups of the same names.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::convert;
use super::dump::{self, At, Deployment, Dump};
use super::report::{RolfImportDeployment, RolfImportReport};
use crate::authz::{self, Actor, Level};
use crate::catalog::apply::{self, Created};
use crate::catalog::export::{self, DeploymentDocument, FlagDoc, PermissionDoc, SettingDoc, StageDoc};
use crate::catalog::flag_rules::{BooleanAs, FlagKind};
use crate::error::{Error, Result};
use crate::ids::DeploymentId;
use crate::recipes::import::Outcome;
use crate::schema::{applications, deployments, recipes, stages};

/// Setting names that hold credentials by every convention: imported as secret settings, so that their values
/// are masked in logs and never shown. The original had no secrets.
const SECRET_WORDS: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE", "CREDENTIAL", "API_KEY"];

fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| upper.contains(w)) || upper.ends_with("_KEY")
}

fn internal(what: &str) -> Error {
    Error::Internal(format!("a checked reference to {what} vanished"))
}

/// A deployment of the dump with its application and category.
struct Located<'a> {
    deployment: &'a At<Deployment>,
    application: &'a At<dump::Application>,
    category: &'a str,
}

impl Located<'_> {
    fn label(&self) -> String {
        format!(
            "{} / {} / {}",
            self.category.trim(),
            self.application.item.name.trim(),
            self.deployment.item.name.trim()
        )
    }
}

pub(super) fn import(conn: &mut PgConnection, actor: &Actor, dump: &Dump, report: &mut RolfImportReport) -> Result<()> {
    for located in locate(dump)? {
        let label = located.label();
        let refuse = |e: Error| match e {
            Error::Invalid { field, message } => {
                Error::invalid(located.deployment.place(), format!("deployment '{label}': {field}: {message}"))
            }
            Error::Conflict(message) | Error::Forbidden(message) => {
                Error::invalid(located.deployment.place(), format!("deployment '{label}': {message}"))
            }
            other => other,
        };
        let (doc, inline) = document(dump, &located, report)?;
        let doc = keep_what_rolf_adds(conn, actor, doc).map_err(refuse)?;
        let applied = apply::apply(conn, actor, &doc, false).map_err(refuse)?;
        let mut outcome = if applied.created.contains(&Created::Deployment) {
            Outcome::Created
        } else if applied.changed {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        };
        if let Some(id) = applied.deployment_id
            && mark_inline(conn, id, &inline)?
            && outcome == Outcome::Unchanged
        {
            outcome = Outcome::Updated;
        }
        report.deployments.push(RolfImportDeployment {
            category: doc.category.unwrap_or_default(),
            application: doc.application,
            name: doc.name,
            outcome,
            deployment_id: applied.deployment_id,
        });
    }
    Ok(())
}

/// The deployments in the original's order, each application's name once in one category (Rolf's application
/// names are unique) and each deployment's name once in its application.
fn locate(dump: &Dump) -> Result<Vec<Located<'_>>> {
    let mut category_of: HashMap<&str, (&str, String)> = HashMap::new();
    for a in &dump.applications {
        let category = dump::find(&dump.categories, a.item.category).ok_or_else(|| internal("a category"))?;
        let name = a.item.name.trim();
        match category_of.get(name) {
            Some((other, place)) if *other != category.item.name.trim() => {
                return Err(Error::invalid(
                    a.place(),
                    format!(
                        "application '{name}' is also in the category '{other}' ({place}); application names are \
                         unique in Rolf: rename one in the dump"
                    ),
                ));
            }
            _ => {
                category_of.insert(name, (category.item.name.trim(), a.place()));
            }
        }
    }
    let mut located = Vec::with_capacity(dump.deployments.len());
    for d in &dump.deployments {
        let application =
            dump::find(&dump.applications, d.item.application).ok_or_else(|| internal("an application"))?;
        let category = dump::find(&dump.categories, application.item.category).ok_or_else(|| internal("a category"))?;
        located.push(Located { deployment: d, application, category: &category.item.name });
    }
    located.sort_by_key(|l| {
        (l.category.trim(), l.application.item.order, l.application.pk, l.deployment.item.order, l.deployment.pk)
    });
    let mut seen = HashSet::new();
    for l in &located {
        if !seen.insert((l.application.item.name.trim(), l.deployment.item.name.trim())) {
            return Err(Error::invalid(
                l.deployment.place(),
                format!("deployment '{}' appears twice in the dump", l.label()),
            ));
        }
    }
    Ok(located)
}

/// Objects of `list` belonging to the deployment, in the original's order.
fn of_deployment<T>(list: &[At<T>], pk: i64, owner: impl Fn(&T) -> i64, order: impl Fn(&T) -> i64) -> Vec<&At<T>> {
    let mut items: Vec<&At<T>> = list.iter().filter(|o| owner(&o.item) == pk).collect();
    items.sort_by_key(|o| (order(&o.item), o.pk));
    items
}

/// The stages whose inline code needs conversion, by stage name, with why; `None` for those that do not.
type InlineMarks = Vec<(String, Option<String>)>;

fn document(
    dump: &Dump,
    located: &Located<'_>,
    report: &mut RolfImportReport,
) -> Result<(DeploymentDocument, InlineMarks)> {
    let pk = located.deployment.pk;
    // Later settings and flags of one name won, as they did in the original's environment.
    let mut settings: Vec<SettingDoc> = Vec::new();
    for s in of_deployment(&dump.settings, pk, |s| s.deployment, |s| s.order) {
        settings.retain(|kept| kept.name != s.item.name);
        let secret = looks_secret(&s.item.name);
        settings.push(SettingDoc { name: s.item.name.clone(), value: Some(s.item.value.clone()), secret });
    }
    let mut flags: Vec<FlagDoc> = Vec::new();
    for f in of_deployment(&dump.flags, pk, |f| f.deployment, |_| 0) {
        flags.retain(|kept| kept.varname != f.item.varname);
        let (kind, default, boolean_as) = if f.item.boolean {
            let checked = if f.item.default.is_empty() { "false" } else { "true" };
            (FlagKind::Boolean, checked.to_owned(), BooleanAs::OneEmpty)
        } else {
            (FlagKind::Text, f.item.default.clone(), BooleanAs::TrueFalse)
        };
        flags.push(FlagDoc {
            name: f.item.name.clone(),
            varname: f.item.varname.clone(),
            kind,
            default: Some(default),
            pattern: None,
            choices: Vec::new(),
            required: false,
            description: f.item.description.clone(),
            boolean_as,
        });
    }
    let mut stage_docs: Vec<StageDoc> = Vec::new();
    let mut inline = InlineMarks::new();
    for s in of_deployment(&dump.stages, pk, |s| s.deployment, |s| s.order) {
        let recipe = dump::find(&dump.recipes, s.item.recipe).ok_or_else(|| internal("a recipe"))?;
        let mut name = s.item.name.trim().to_owned();
        for n in 2.. {
            if !stage_docs.iter().any(|d| d.name == name) {
                break;
            }
            name = format!("{} ({n})", s.item.name.trim());
        }
        let linked = recipe.item.name.trim();
        if !linked.is_empty() {
            stage_docs.push(stage(name, Some(linked.to_owned()), None));
            continue;
        }
        let language = convert::language(&recipe.item.language).ok_or_else(|| {
            Error::invalid(
                format!("{}.fields.language", recipe.place()),
                format!(
                    "stage '{name}' of '{}': '{}' is neither shell nor python",
                    located.label(),
                    recipe.item.language
                ),
            )
        })?;
        let converted = convert::convert(language, &recipe.item.code);
        report.note(format!("deployment '{}', stage '{name}'", located.label()), &converted);
        inline.push((name.clone(), converted.needs_conversion.clone()));
        stage_docs.push(stage(name, None, Some((converted.language, converted.code))));
    }
    let mut permissions: Vec<PermissionDoc> = Vec::new();
    for p in of_deployment(&dump.permissions, pk, |p| p.deployment, |_| 0) {
        let group = dump.group_name(p)?.to_owned();
        let level = match p.item.capability.as_str() {
            "edit" => Level::Edit,
            "push" => Level::Push,
            _ => Level::View,
        };
        match permissions.iter_mut().find(|kept| kept.group == group) {
            Some(kept) if kept.level.rank() >= level.rank() => {}
            Some(kept) => kept.level = level,
            None => permissions.push(PermissionDoc { group, level }),
        }
    }
    let doc = DeploymentDocument {
        rolf: export::VERSION,
        category: Some(located.category.trim().to_owned()),
        application: located.application.item.name.trim().to_owned(),
        name: located.deployment.item.name.trim().to_owned(),
        description: String::new(),
        deprecated: located.deployment.item.deprecated,
        pool: crate::workers::DEFAULT_POOL.to_owned(),
        log_retention_days: None,
        approvals: Default::default(),
        settings,
        flags,
        stages: stage_docs,
        permissions,
        webhooks: None,
    };
    Ok((doc, inline))
}

fn stage(name: String, recipe: Option<String>, inline: Option<(crate::recipes::Language, String)>) -> StageDoc {
    let (language, code) = inline.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    StageDoc { name, recipe, language, code, timeout_seconds: None, rerun_on_resume: false }
}

/// A deployment imported before keeps what Rolf added to it: its category, description, pool, retention,
/// approvals and webhooks, settings made secret, and its stages' timeouts and resume behaviour.
fn keep_what_rolf_adds(
    conn: &mut PgConnection,
    actor: &Actor,
    mut doc: DeploymentDocument,
) -> Result<DeploymentDocument> {
    let existing: Option<DeploymentId> = deployments::table
        .inner_join(applications::table)
        .filter(applications::name.eq(&doc.application))
        .filter(deployments::name.eq(&doc.name))
        .select(deployments::id)
        .first(conn)
        .optional()?;
    let Some(id) = existing else { return Ok(doc) };
    let viewing = authz::view(conn, actor, id)?;
    let now = export::export(conn, &viewing)?;
    doc.category = now.category;
    doc.description = now.description;
    doc.pool = now.pool;
    doc.log_retention_days = now.log_retention_days;
    doc.approvals = now.approvals;
    for setting in &mut doc.settings {
        setting.secret |= now.settings.iter().any(|s| s.name == setting.name && s.secret);
    }
    for stage in &mut doc.stages {
        if let Some(kept) = now.stages.iter().find(|s| s.name == stage.name) {
            stage.timeout_seconds = kept.timeout_seconds;
            stage.rerun_on_resume = kept.rerun_on_resume;
        }
    }
    Ok(doc)
}

/// Marks (or clears) the deployment's inline recipes as needing conversion; whether any mark changed.
fn mark_inline(conn: &mut PgConnection, deployment: DeploymentId, inline: &InlineMarks) -> Result<bool> {
    let mut changed = false;
    for (stage, reason) in inline {
        let recipe_ids = stages::table
            .filter(stages::deployment_id.eq(deployment))
            .filter(stages::name.eq(stage))
            .select(stages::recipe_id);
        let marked = diesel::update(
            recipes::table
                .filter(recipes::id.eq_any(recipe_ids))
                .filter(recipes::name.is_null())
                .filter(recipes::needs_conversion.is_distinct_from(reason)),
        )
        .set(recipes::needs_conversion.eq(reason))
        .execute(conn)?;
        changed |= marked > 0;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn credentials_are_secret_by_their_names() {
        for name in ["DB_PASSWORD", "SECRET_KEY", "API_TOKEN", "AWS_ACCESS_KEY", "ssh_private_key", "Api_Key"] {
            assert!(looks_secret(name), "{name}");
        }
        for name in ["REMOTE_HOST", "BRANCH", "KEYS_DIR", "MONKEY"] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
