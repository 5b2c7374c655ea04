//! Deployments as code, second half (issue 13): [`apply`] makes the deployment a [`DeploymentDocument`] names (by
//! application and name) match the document, creating it (and its application and category) when it does not
//! exist, and reports the difference part by part. Each change goes through the domain function the API uses for
//! it, with the same checks. A real run is one transaction with one audit event; a dry run does the very same work
//! and rolls it back, so it reports what a real run would do, refusals included, and changes nothing.

mod access;
mod document;
mod parts;
pub mod report;
mod stages;

use diesel::prelude::*;

pub use report::{ApplyReport, Created, FieldChange, PartChanges, Updated};

use crate::audit::{self, Change};
use crate::authz::{self, Actor, AdminCap, Applier, CanEdit, CanView};
use crate::catalog::applications::{self, NewApplication};
use crate::catalog::categories::{self, CategoryInput};
use crate::catalog::deployments::{self, DeploymentPatch, NewDeployment};
use crate::catalog::export::{self, DeploymentDocument};
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, CategoryId, DeploymentId};
use crate::schema::{applications as application_rows, categories as category_rows, deployments as deployment_rows};
use crate::validate;

pub fn apply(conn: &mut PgConnection, actor: &Actor, doc: &DeploymentDocument, dry_run: bool) -> Result<ApplyReport> {
    let mut report = crate::db::commit_unless_dry_run(conn, dry_run, |conn| run(conn, actor, doc, dry_run))?;
    if dry_run {
        report.dry_run = true;
        // The id it had inside the rolled-back transaction names nothing.
        if report.created.contains(&Created::Deployment) {
            report.deployment_id = None;
        }
    }
    Ok(report)
}

fn run(conn: &mut PgConnection, actor: &Actor, doc: &DeploymentDocument, dry_run: bool) -> Result<ApplyReport> {
    document::check(doc)?;
    let application = validate::display_name("application", &doc.application)?;
    let name = validate::display_name("name", &doc.name)?;
    let category = doc.category.as_deref().map(|c| validate::display_name("category", c)).transpose()?;
    let found = locate(conn, &application, &name)?;
    let mut report = ApplyReport { application: application.clone(), name: name.clone(), ..Default::default() };
    let cap = match authz::applier(conn, actor, found.deployment)? {
        Applier::Update(cap) => {
            report.category = same_category(&application, category.as_deref(), found.application)?;
            cap
        }
        Applier::Create(admin) => {
            let application_id = match found.application {
                Some((id, _)) => {
                    report.category = same_category(&application, category.as_deref(), found.application)?;
                    id
                }
                None => {
                    let Some(category) = category else {
                        return Err(Error::invalid(
                            "category",
                            format!("no application is named '{application}': name its category to create both"),
                        ));
                    };
                    report.category = category.clone();
                    create_application(conn, &admin, &category, &application, &mut report.created)?
                }
            };
            let input = NewDeployment { application_id, name: name.clone(), description: String::new(), pool: None };
            let created = deployments::insert(conn, &admin, input)?;
            report.created.push(Created::Deployment);
            authz::edit(conn, actor, created.id)?
        }
    };
    let id = cap.deployment_id();
    report.deployment_id = Some(id);
    let viewing = authz::view(conn, actor, id)?;
    let before = match found.deployment {
        Some(_) => Some(export::export(conn, &viewing)?),
        None => None,
    };
    report.fields = fields(conn, &cap, &viewing, doc)?;
    (report.settings, report.flags) = parts::settings_and_flags(conn, &cap, &viewing, &doc.settings, &doc.flags)?;
    (report.stages, report.stages_reordered) = stages::apply(conn, &cap, &viewing, &doc.stages)?;
    report.permissions = access::permissions(conn, &cap, &viewing, &doc.permissions)?;
    if let Some(hooks) = &doc.webhooks {
        report.webhooks = access::webhooks(conn, &cap, hooks)?;
    }
    report.changed = report.any_change();
    if report.changed && !dry_run {
        record(conn, &viewing, before, &report)?;
    }
    Ok(report)
}

/// What of the document's target exists: its application (with its category's name) and the deployment.
struct Found {
    application: Option<(ApplicationId, String)>,
    deployment: Option<DeploymentId>,
}

fn locate(conn: &mut PgConnection, application: &str, name: &str) -> Result<Found> {
    let app: Option<(ApplicationId, String)> = application_rows::table
        .inner_join(category_rows::table)
        .filter(application_rows::name.eq(application))
        .select((application_rows::id, category_rows::name))
        .first(conn)
        .optional()?;
    let deployment = match &app {
        Some((app_id, _)) => deployment_rows::table
            .filter(deployment_rows::application_id.eq(app_id))
            .filter(deployment_rows::name.eq(name))
            .select(deployment_rows::id)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(Found { application: app, deployment })
}

/// The category the application is in, which the document must not contradict.
fn same_category(application: &str, wanted: Option<&str>, found: Option<(ApplicationId, String)>) -> Result<String> {
    let Some((_, actual)) = found else {
        return Err(Error::Internal(format!("the application '{application}' vanished")));
    };
    match wanted {
        Some(wanted) if wanted != actual => Err(Error::invalid(
            "category",
            format!("the application '{application}' is in the category '{actual}'; applying does not move it"),
        )),
        _ => Ok(actual),
    }
}

fn create_application(
    conn: &mut PgConnection,
    admin: &AdminCap,
    category: &str,
    application: &str,
    created: &mut Vec<Created>,
) -> Result<ApplicationId> {
    let existing: Option<CategoryId> = category_rows::table
        .filter(category_rows::name.eq(category))
        .select(category_rows::id)
        .first(conn)
        .optional()?;
    let category_id = match existing {
        Some(id) => id,
        None => {
            created.push(Created::Category);
            categories::insert(conn, admin, CategoryInput { name: category.to_owned() })?.id
        }
    };
    let input = NewApplication { category_id, name: application.to_owned() };
    let app = applications::insert(conn, admin, input)?;
    created.push(Created::Application);
    Ok(app.id)
}

/// The deployment's own fields: changed together, by the checks of `PATCH /deployments/{id}` (approval settings
/// and the pool are an admin's).
fn fields(
    conn: &mut PgConnection,
    cap: &CanEdit,
    viewing: &CanView,
    doc: &DeploymentDocument,
) -> Result<Vec<FieldChange>> {
    let before = deployments::get(conn, viewing)?;
    let text = |v: &dyn ToString| Some(v.to_string());
    let approvals = &doc.approvals;
    let pairs = [
        ("description", text(&before.description), text(&doc.description)),
        ("deprecated", text(&before.deprecated), text(&doc.deprecated)),
        ("pool", text(&before.pool), text(&doc.pool)),
        (
            "log_retention_days",
            before.log_retention_days.map(|d| d.to_string()),
            doc.log_retention_days.map(|d| d.to_string()),
        ),
        ("approvals.required", text(&before.approvals_required), text(&approvals.required)),
        ("approvals.approver_group", before.approver_group.clone(), approvals.approver_group.clone()),
        ("approvals.expires_hours", text(&before.approval_expires_hours), text(&approvals.expires_hours)),
        (
            "approvals.rollback_without_approval",
            text(&before.rollback_without_approval),
            text(&approvals.rollback_without_approval),
        ),
    ];
    let changed: Vec<FieldChange> = pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, before, after)| FieldChange { field: field.to_owned(), before, after })
        .collect();
    if changed.is_empty() {
        return Ok(changed);
    }
    let patch = DeploymentPatch {
        name: None,
        description: Some(doc.description.clone()),
        deprecated: Some(doc.deprecated),
        log_retention_days: Some(doc.log_retention_days),
        approvals_required: Some(approvals.required),
        approver_group: Some(approvals.approver_group.clone()),
        approval_expires_hours: Some(approvals.expires_hours),
        rollback_without_approval: Some(approvals.rollback_without_approval),
        pool: Some(doc.pool.clone()),
    };
    deployments::change(conn, cap, patch).map_err(|e| match e {
        Error::Invalid { field, message } => {
            let field = match field.as_str() {
                "approvals_required" => "approvals.required".to_owned(),
                "approver_group" => "approvals.approver_group".to_owned(),
                "approval_expires_hours" => "approvals.expires_hours".to_owned(),
                _ => field,
            };
            Error::Invalid { field, message }
        }
        other => other,
    })?;
    Ok(changed)
}

/// The one audit event of a real run: the document before and after (neither holds a secret's value) and the
/// report. A setting that is secret now shows no value before either, as `settings::put` makes earlier events
/// forget it.
fn record(
    conn: &mut PgConnection,
    viewing: &CanView,
    before: Option<DeploymentDocument>,
    report: &ApplyReport,
) -> Result<()> {
    let id = viewing.deployment_id();
    let after = export::export(conn, viewing)?;
    let mut change = Change::new("deployment", "apply", id.0)
        .deployment(id)
        .after(&serde_json::json!({"document": after, "changes": report}));
    if let Some(mut before) = before {
        for setting in &mut before.settings {
            if after.settings.iter().any(|s| s.name == setting.name && s.secret) {
                setting.value = None;
            }
        }
        change = change.before(&before);
    }
    audit::record(conn, viewing.actor(), change)
}
