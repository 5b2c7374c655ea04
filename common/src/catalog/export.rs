//! A deployment as one document: its category and application, description, settings (a secret named, never its
//! value), flags, stages (cookbook recipes by name, inline code as it is), approval settings, pool, grants and, for
//! editors, its webhooks (without their secrets). What `rolf export` saves and `rolf apply` reads back
//! ([`super::apply`]).

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::permissions::{self, Permission};
use crate::authz::{self, CanView, Edit};
use crate::catalog::deployments;
use crate::catalog::flag_rules::{BooleanAs, FlagKind};
use crate::catalog::flags;
use crate::catalog::settings;
use crate::error::Result;
use crate::recipes::{Language, stages};
use crate::schema::categories;
use crate::webhooks::{self, WebhookEvent, WebhookFormat};

/// The document's version: a reader refuses versions it does not know.
pub const VERSION: u32 = 1;

/// A deployment as one document. Applying it makes the deployment match: a part left out is empty (no settings,
/// no stages...) or takes a new deployment's default, except `webhooks`, which stay as they are when left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentDocument {
    /// The document format's version: 1.
    #[schema(minimum = 1, maximum = 1)]
    pub rolf: u32,
    /// The application's category. Exports always name it; applying needs it only to create the application.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub category: Option<String>,
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub application: String,
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    #[serde(default)]
    pub deprecated: bool,
    /// `default` when absent.
    #[serde(default = "default_pool")]
    #[schema(schema_with = crate::validate::schema::pool)]
    pub pool: String,
    /// 1 to 36500 days; `null` or absent for `ROLF_LOG_RETENTION_DAYS`.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 36500)]
    pub log_retention_days: Option<i32>,
    #[serde(default)]
    pub approvals: ApprovalSettings,
    #[serde(default)]
    pub settings: Vec<SettingDoc>,
    #[serde(default)]
    pub flags: Vec<FlagDoc>,
    /// In the order they run.
    #[serde(default)]
    pub stages: Vec<StageDoc>,
    #[serde(default)]
    pub permissions: Vec<PermissionDoc>,
    /// Exported for callers with `edit` (who may read webhooks). Applying a document without them leaves the
    /// deployment's webhooks as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Vec<WebhookDoc>>,
}

fn default_pool() -> String {
    crate::workers::DEFAULT_POOL.to_owned()
}

/// Who approves pushes, and how: admins alone change these (as with `PATCH /deployments/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalSettings {
    /// Approvals a push needs before it runs (0 to 5; 0 when absent).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 5)]
    pub required: i32,
    /// A group's name; `null` or absent: anyone with `push` on the deployment.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::group_name_or_null)]
    pub approver_group: Option<String>,
    /// 1 to 720 hours; 24 when absent.
    #[serde(default = "default_expiry")]
    #[schema(minimum = 1, maximum = 720)]
    pub expires_hours: i32,
    #[serde(default)]
    pub rollback_without_approval: bool,
}

/// A new deployment's approval expiry (the column's default).
fn default_expiry() -> i32 {
    24
}

impl Default for ApprovalSettings {
    fn default() -> Self {
        ApprovalSettings {
            required: 0,
            approver_group: None,
            expires_hours: default_expiry(),
            rollback_without_approval: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingDoc {
    #[schema(schema_with = crate::validate::schema::env_var_name)]
    pub name: String,
    /// Never exported for a secret. Applying: a secret without a value keeps the value it has (a new one must be
    /// given its value); a setting that is not secret needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = setting_value_schema)]
    pub value: Option<String>,
    #[serde(default)]
    pub secret: bool,
}

fn setting_value_schema() -> utoipa::openapi::schema::Object {
    crate::validate::schema::text_object(settings::MAX_VALUE_LEN, true, 0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagDoc {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    /// What identifies the flag when a document is applied.
    #[schema(schema_with = crate::validate::schema::env_var_name)]
    pub varname: String,
    /// `text` when absent.
    #[serde(default = "default_kind")]
    pub kind: FlagKind,
    /// Absent: `false` for a boolean flag, the first choice for a choice flag, empty text otherwise. Empty for a
    /// required flag.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description_or_null)]
    pub default: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_pattern)]
    pub pattern: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::flag_choices_or_empty)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::description)]
    pub description: String,
    /// Boolean flags only: what recipes see (`true_false` when absent).
    #[serde(default, skip_serializing_if = "BooleanAs::is_true_false")]
    pub boolean_as: BooleanAs,
}

fn default_kind() -> FlagKind {
    FlagKind::Text
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
    /// What identifies the stage when a document is applied.
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    /// A cookbook recipe, by name; `null` or absent for inline code.
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::display_name_or_null)]
    pub recipe: Option<String>,
    /// The code's language; for a cookbook recipe, the recipe's (shown for the reader; applying ignores it).
    #[serde(default)]
    pub language: Option<Language>,
    /// Inline code; absent for a cookbook recipe (the cookbook holds it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::validate::schema::code_or_null)]
    pub code: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::validate::schema::timeout_or_null)]
    pub timeout_seconds: Option<i32>,
    #[serde(default)]
    pub rerun_on_resume: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionDoc {
    /// A Rolf group that exists.
    #[schema(schema_with = crate::validate::schema::group_name)]
    pub group: String,
    pub level: authz::Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookDoc {
    /// What identifies the hook when a document is applied: one hook per URL.
    #[schema(schema_with = webhook_url_schema)]
    pub url: String,
    #[schema(min_items = 1)]
    pub events: Vec<WebhookEvent>,
    /// `json` when absent.
    #[serde(default = "default_format")]
    pub format: WebhookFormat,
    /// Whether it signs its bodies. Applying: a signed hook without `secret` keeps the secret it has (a new one
    /// must be given its secret).
    #[serde(default)]
    pub signed: bool,
    /// Write-only: the key of the bodies' HMAC, never exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(write_only, min_length = 1, max_length = 1024, pattern = r"^[^\u0000]*$")]
    pub secret: Option<String>,
}

fn webhook_url_schema() -> utoipa::openapi::schema::Object {
    webhooks::url_schema()
}

fn default_format() -> WebhookFormat {
    WebhookFormat::Json
}

pub fn export(conn: &mut diesel::PgConnection, cap: &CanView) -> Result<DeploymentDocument> {
    let d = deployments::get(conn, cap)?;
    let category: String = categories::table.find(d.category_id).select(categories::name).first(conn)?;
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
            default: Some(f.default_value),
            pattern: f.pattern,
            choices: f.choices,
            required: f.required,
            description: f.description,
            boolean_as: f.boolean_as,
        })
        .collect();
    let stages = stages::list(conn, cap)?
        .into_iter()
        .map(|s| {
            let inline = s.recipe_name.is_none();
            StageDoc {
                name: s.name,
                recipe: s.recipe_name,
                language: Some(s.language),
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
                .map(|w| WebhookDoc { url: w.url, events: w.events, format: w.format, signed: w.secret, secret: None })
                .collect(),
        ),
        Err(_) => None,
    };
    Ok(DeploymentDocument {
        rolf: VERSION,
        category: Some(category),
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
