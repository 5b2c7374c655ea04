//! What an import from the original Rolf did (or, on a dry run, would do), part by part.

use serde::Serialize;

use super::convert::Converted;
use crate::ids::DeploymentId;
use crate::recipes::import::Outcome;

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct RolfImportReport {
    /// Nothing was changed: this is what importing would do.
    pub dry_run: bool,
    /// Whether anything changed (on a dry run: would change). A second import of the same files changes nothing.
    pub changed: bool,
    /// Cookbook recipes, by name.
    pub recipes: Vec<RolfImportRecipe>,
    /// Rolf groups named after the original's groups.
    pub groups: Vec<RolfImportGroup>,
    pub deployments: Vec<RolfImportDeployment>,
    /// Every recipe, in the cookbook or a stage's inline code, that cannot run as it is: pushes of deployments
    /// running one are refused until its converted code is saved.
    pub flagged: Vec<RolfImportFlagged>,
    /// What the import rewrote so that it runs in Rolf as it ran in the original.
    pub converted: Vec<RolfImportConversion>,
    /// Objects of the dump that are not imported, by model.
    pub skipped: Vec<RolfImportSkipped>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportRecipe {
    pub name: String,
    pub outcome: Outcome,
    /// Why it cannot run as it is.
    pub needs_conversion: Option<String>,
    /// What the import rewrote.
    pub converted: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportGroup {
    pub name: String,
    /// `created`, or `unchanged` for a group that existed.
    pub outcome: Outcome,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportDeployment {
    pub category: String,
    pub application: String,
    pub name: String,
    pub outcome: Outcome,
    /// `null` on a dry run that would create it.
    pub deployment_id: Option<DeploymentId>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportFlagged {
    /// The cookbook recipe, or the deployment and stage whose inline code it is.
    pub place: String,
    pub reason: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportConversion {
    pub place: String,
    pub note: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RolfImportSkipped {
    /// e.g. `rolf_main.push`.
    pub model: String,
    pub count: usize,
    pub reason: String,
}

impl RolfImportReport {
    /// Lists what the conversion found of the recipe at `place`.
    pub(super) fn note(&mut self, place: String, converted: &Converted) {
        if let Some(reason) = &converted.needs_conversion {
            self.flagged.push(RolfImportFlagged { place: place.clone(), reason: reason.clone() });
        }
        if let Some(note) = &converted.note {
            self.converted.push(RolfImportConversion { place, note: note.clone() });
        }
    }

    pub(super) fn any_change(&self) -> bool {
        self.recipes.iter().any(|r| r.outcome != Outcome::Unchanged)
            || self.groups.iter().any(|g| g.outcome != Outcome::Unchanged)
            || self.deployments.iter().any(|d| d.outcome != Outcome::Unchanged)
    }

    /// The report of a dry run, whose transaction was rolled back: ids it made name nothing.
    pub(super) fn rolled_back(mut self) -> Self {
        self.dry_run = true;
        for d in &mut self.deployments {
            if d.outcome == Outcome::Created {
                d.deployment_id = None;
            }
        }
        self
    }
}
