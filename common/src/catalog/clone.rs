//! Copying a deployment: a new deployment with the same settings, flags, stages and grants.

use diesel::prelude::*;
use serde::Deserialize;

use crate::audit::{self, Change};
use crate::authz::{self, AdminCap};
use crate::error::Result;
use crate::ids::{ApplicationId, DeploymentId};
use crate::schema::{deployments, flags, settings};
use crate::validate;

use super::deployments::{Deployment, check_application, get};
use super::flags::Flag;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloneInput {
    #[schema(schema_with = crate::validate::schema::display_name)]
    pub name: String,
    /// Defaults to the source's application.
    pub application_id: Option<ApplicationId>,
}

pub fn clone(conn: &mut PgConnection, cap: &AdminCap, source: DeploymentId, input: CloneInput) -> Result<Deployment> {
    let actor = cap.actor();
    let viewing = authz::view(conn, actor, source)?;
    let from = get(conn, &viewing)?;
    let name = validate::display_name("name", &input.name)?;
    let application_id = input.application_id.unwrap_or(from.application_id);
    check_application(conn, application_id)?;
    let approver_group: Option<crate::ids::GroupId> =
        deployments::table.find(source).select(deployments::approver_group_id).first(conn)?;
    let to: DeploymentId = diesel::insert_into(deployments::table)
        .values((
            deployments::application_id.eq(application_id),
            deployments::name.eq(name),
            deployments::description.eq(&from.description),
            deployments::deprecated.eq(from.deprecated),
            deployments::pool.eq(&from.pool),
            deployments::approvals_required.eq(from.approvals_required),
            deployments::approver_group_id.eq(approver_group),
            deployments::approval_expires_hours.eq(from.approval_expires_hours),
            deployments::rollback_without_approval.eq(from.rollback_without_approval),
        ))
        .returning(deployments::id)
        .get_result(conn)?;

    let copied_settings: Vec<(String, String, bool)> = settings::table
        .filter(settings::deployment_id.eq(source))
        .select((settings::name, settings::value, settings::secret))
        .load(conn)?;
    let rows: Vec<_> = copied_settings
        .iter()
        .map(|(n, v, s)| {
            (settings::deployment_id.eq(to), settings::name.eq(n), settings::value.eq(v), settings::secret.eq(s))
        })
        .collect();
    diesel::insert_into(settings::table).values(rows).execute(conn)?;

    let copied_flags: Vec<Flag> =
        flags::table.filter(flags::deployment_id.eq(source)).select(Flag::as_select()).order(flags::id).load(conn)?;
    let rows: Vec<_> = copied_flags
        .into_iter()
        .map(|f| {
            (
                flags::deployment_id.eq(to),
                flags::name.eq(f.name),
                flags::varname.eq(f.varname),
                flags::default_value.eq(f.default_value),
                flags::description.eq(f.description),
                flags::kind.eq(f.kind),
                flags::pattern.eq(f.pattern),
                flags::choices.eq(f.choices),
                flags::required.eq(f.required),
            )
        })
        .collect();
    diesel::insert_into(flags::table).values(rows).execute(conn)?;

    crate::recipes::stages::copy_all(conn, source, to)?;
    crate::access::permissions::copy_all(conn, source, to)?;

    let viewing = authz::view(conn, actor, to)?;
    let created = get(conn, &viewing)?;
    audit::record(
        conn,
        actor,
        Change::new("deployment", "clone", to.0)
            .deployment(to)
            .after(&serde_json::json!({"from": source, "deployment": created})),
    )?;
    Ok(created)
}
