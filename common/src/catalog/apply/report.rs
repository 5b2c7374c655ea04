//! What applying a document changed (or, on a dry run, would change), part by part. Names only: a secret's value
//! never appears, and neither does any other value but the deployment's own fields.

use serde::Serialize;

use crate::ids::DeploymentId;

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ApplyReport {
    /// Nothing was changed: this is what applying the document would do.
    pub dry_run: bool,
    /// Whether anything changed (on a dry run: would change).
    pub changed: bool,
    /// The deployment; `null` on a dry run that would create it.
    pub deployment_id: Option<DeploymentId>,
    pub category: String,
    pub application: String,
    pub name: String,
    /// What was made afresh, in this order: the category, the application, the deployment.
    pub created: Vec<Created>,
    /// The deployment's own fields that changed, named by their place in the document.
    pub fields: Vec<FieldChange>,
    /// Settings by name.
    pub settings: PartChanges,
    /// Flags by varname.
    pub flags: PartChanges,
    /// Stages by name.
    pub stages: PartChanges,
    /// The stages that were kept now run in another order.
    pub stages_reordered: bool,
    /// Grants by group.
    pub permissions: PartChanges,
    /// Webhooks by URL; empty when the document has no `webhooks` (they were left as they are).
    pub webhooks: PartChanges,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Created {
    Category,
    Application,
    Deployment,
}

/// One of the deployment's own fields: its value before and after, as text (`null` for none).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    /// e.g. `description`, `approvals.required`.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The items of one part of the deployment that were created, updated or removed.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct PartChanges {
    pub created: Vec<String>,
    pub updated: Vec<Updated>,
    pub removed: Vec<String>,
}

impl PartChanges {
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

/// An item that was kept and changed: which of its fields changed (a secret's `value`, never the value itself).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Updated {
    pub name: String,
    pub fields: Vec<String>,
}

impl ApplyReport {
    /// Whether the report holds any change at all.
    pub fn any_change(&self) -> bool {
        !self.created.is_empty()
            || !self.fields.is_empty()
            || self.stages_reordered
            || [&self.settings, &self.flags, &self.stages, &self.permissions, &self.webhooks]
                .iter()
                .any(|part| !part.is_empty())
    }
}
