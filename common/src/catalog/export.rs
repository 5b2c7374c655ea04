//! A deployment as one document: its description, settings (a secret named, never its value), flags, stages
//! (cookbook recipes by name, inline code as it is), approval settings, pool, grants and, for editors, its
//! webhooks (without their secrets). What `rolf export` saves and what a later `apply` will read.

use serde::Serialize;

use crate::access::permissions::{self, Permission};
use crate::authz::{self, CanView, Edit};
use crate::catalog::deployments;
use crate::catalog::flag_rules::FlagKind;
use crate::catalog::flags;
use crate::catalog::settings;
use crate::error::Result;
use crate::recipes::{Language, stages};
use crate::webhooks::{self, WebhookEvent, WebhookFormat};

/// The document's version: a reader refuses versions it does not know.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeploymentDocument {
    /// The document format's version (1).
    pub rolf: u32,
    pub application: String,
    pub name: String,
    pub description: String,
    pub deprecated: bool,
    pub pool: String,
    pub log_retention_days: Option<i32>,
    pub approvals: ApprovalSettings,
    pub settings: Vec<SettingDoc>,
    pub flags: Vec<FlagDoc>,
    pub stages: Vec<StageDoc>,
    pub permissions: Vec<PermissionDoc>,
    /// Present for callers with `edit` (who may read webhooks); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Vec<WebhookDoc>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApprovalSettings {
    pub required: i32,
    pub approver_group: Option<String>,
    pub expires_hours: i32,
    pub rollback_without_approval: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SettingDoc {
    pub name: String,
    /// Absent for a secret: only its name travels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub secret: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FlagDoc {
    pub name: String,
    pub varname: String,
    pub kind: FlagKind,
    pub default: String,
    pub pattern: Option<String>,
    pub choices: Vec<String>,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageDoc {
    pub name: String,
    /// A cookbook recipe, by name; `null` for inline code.
    pub recipe: Option<String>,
    pub language: Language,
    /// Inline code; absent for a cookbook recipe (the cookbook holds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub timeout_seconds: Option<i32>,
    pub rerun_on_resume: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PermissionDoc {
    pub group: String,
    pub level: authz::Level,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookDoc {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub format: WebhookFormat,
    /// Whether it signs its bodies; the secret itself is never exported.
    pub signed: bool,
}

pub fn export(conn: &mut diesel::PgConnection, cap: &CanView) -> Result<DeploymentDocument> {
    let d = deployments::get(conn, cap)?;
    let settings = settings::list(conn, cap)?
        .into_iter()
        .map(|s| SettingDoc { name: s.name, value: s.value, secret: s.secret })
        .collect();
    let flags = flags::list(conn, cap)?
        .into_iter()
        .map(|f| FlagDoc {
            name: f.name,
            varname: f.varname,
            kind: f.kind,
            default: f.default_value,
            pattern: f.pattern,
            choices: f.choices,
            required: f.required,
            description: f.description,
        })
        .collect();
    let stages = stages::list(conn, cap)?
        .into_iter()
        .map(|s| {
            let inline = s.recipe_name.is_none();
            StageDoc {
                name: s.name,
                recipe: s.recipe_name,
                language: s.language,
                code: inline.then_some(s.code),
                timeout_seconds: s.timeout_seconds,
                rerun_on_resume: s.rerun_on_resume,
            }
        })
        .collect();
    let permissions = permissions::list(conn, cap)?
        .into_iter()
        .map(|Permission { group, level, .. }| PermissionDoc { group, level })
        .collect();
    // Webhooks are an editor's to read: a viewer's export leaves them out rather than failing.
    let webhooks = match authz::deployment::<Edit>(conn, cap.actor(), cap.deployment_id()) {
        Ok(editing) => Some(
            webhooks::list(conn, &editing)?
                .into_iter()
                .map(|w| WebhookDoc { url: w.url, events: w.events, format: w.format, signed: w.secret })
                .collect(),
        ),
        Err(_) => None,
    };
    Ok(DeploymentDocument {
        rolf: VERSION,
        application: d.application,
        name: d.name,
        description: d.description,
        deprecated: d.deprecated,
        pool: d.pool,
        log_retention_days: d.log_retention_days,
        approvals: ApprovalSettings {
            required: d.approvals_required,
            approver_group: d.approver_group,
            expires_hours: d.approval_expires_hours,
            rollback_without_approval: d.rollback_without_approval,
        },
        settings,
        flags,
        stages,
        permissions,
        webhooks,
    })
}
