//! Authorization: the one place that decides who may do what. A check returns a capability value, and the
//! domain's write functions demand one, so a change cannot be made without passing the check first.

use std::marker::PhantomData;

use diesel::prelude::*;

use crate::error::{Error, Result};
use crate::ids::{DeploymentId, GroupId, UserId};
use crate::schema::{deployments, permissions};

crate::text_enum!(
    /// A grant on a deployment. `edit` includes `push` includes `view`.
    Level { View => "view", Push => "push", Edit => "edit" }
);

impl Level {
    fn rank(self) -> u8 {
        match self {
            Level::View => 1,
            Level::Push => 2,
            Level::Edit => 3,
        }
    }

    pub fn includes(self, other: Level) -> bool {
        self.rank() >= other.rank()
    }
}

/// Who is asking: resolved from a token at each request, so a revoked grant takes effect at once.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub admin: bool,
    /// Names of the actor's Rolf groups, sorted.
    pub groups: Vec<String>,
    pub group_ids: Vec<GroupId>,
}

/// Proof that the actor is an admin.
pub struct AdminCap<'a> {
    actor: &'a Actor,
}

impl<'a> AdminCap<'a> {
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
}

pub fn admin(actor: &Actor) -> Result<AdminCap<'_>> {
    if actor.admin { Ok(AdminCap { actor }) } else { Err(Error::forbidden("only admins may do this")) }
}

pub enum View {}
pub enum Push {}
pub enum Edit {}

/// Compile-time name of the level a capability proves.
pub trait Needed {
    const LEVEL: Level;
}
impl Needed for View {
    const LEVEL: Level = Level::View;
}
impl Needed for Push {
    const LEVEL: Level = Level::Push;
}
impl Needed for Edit {
    const LEVEL: Level = Level::Edit;
}

/// Proof that the actor holds at least level `L` on one deployment.
pub struct Granted<'a, L> {
    actor: &'a Actor,
    deployment_id: DeploymentId,
    level: Level,
    _level: PhantomData<L>,
}

pub type CanView<'a> = Granted<'a, View>;
pub type CanPush<'a> = Granted<'a, Push>;
pub type CanEdit<'a> = Granted<'a, Edit>;

impl<'a, L> Granted<'a, L> {
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
    pub fn deployment_id(&self) -> DeploymentId {
        self.deployment_id
    }
    /// The actor's full level, which may exceed what was asked for.
    pub fn level(&self) -> Level {
        self.level
    }
}

/// The actor's effective level on a deployment: `None` when it has no grant. Errors when the deployment
/// does not exist.
pub fn level_on(conn: &mut PgConnection, actor: &Actor, id: DeploymentId) -> Result<Option<Level>> {
    let exists: bool = diesel::select(diesel::dsl::exists(deployments::table.find(id))).get_result(conn)?;
    if !exists {
        return Err(Error::NotFound("deployment"));
    }
    if actor.admin {
        return Ok(Some(Level::Edit));
    }
    let levels: Vec<Level> = permissions::table
        .filter(permissions::deployment_id.eq(id))
        .filter(permissions::group_id.eq_any(&actor.group_ids))
        .select(permissions::level)
        .load(conn)?;
    Ok(levels.into_iter().max_by_key(|l| l.rank()))
}

/// Checks that the actor holds level `L` on the deployment. A deployment the actor cannot view answers
/// `NotFound`, as if it did not exist; one it can view but not act on answers `Forbidden`.
pub fn deployment<'a, L: Needed>(
    conn: &mut PgConnection,
    actor: &'a Actor,
    id: DeploymentId,
) -> Result<Granted<'a, L>> {
    match level_on(conn, actor, id)? {
        None => Err(Error::NotFound("deployment")),
        Some(level) if level.includes(L::LEVEL) => Ok(Granted { actor, deployment_id: id, level, _level: PhantomData }),
        Some(level) => {
            Err(Error::forbidden(format!("this needs '{}' on the deployment; you have '{}'", L::LEVEL, level)))
        }
    }
}

pub fn view<'a>(conn: &mut PgConnection, actor: &'a Actor, id: DeploymentId) -> Result<CanView<'a>> {
    deployment::<View>(conn, actor, id)
}

pub fn push<'a>(conn: &mut PgConnection, actor: &'a Actor, id: DeploymentId) -> Result<CanPush<'a>> {
    deployment::<Push>(conn, actor, id)
}

pub fn edit<'a>(conn: &mut PgConnection, actor: &'a Actor, id: DeploymentId) -> Result<CanEdit<'a>> {
    deployment::<Edit>(conn, actor, id)
}

/// The deployments the actor may view; `None` means all of them (an admin).
pub fn viewable(conn: &mut PgConnection, actor: &Actor) -> Result<Option<Vec<DeploymentId>>> {
    if actor.admin {
        return Ok(None);
    }
    let ids = permissions::table
        .filter(permissions::group_id.eq_any(&actor.group_ids))
        .select(permissions::deployment_id)
        .distinct()
        .load(conn)?;
    Ok(Some(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_include_lower_levels_only() {
        assert!(Level::Edit.includes(Level::Push));
        assert!(Level::Edit.includes(Level::View));
        assert!(Level::Push.includes(Level::View));
        assert!(!Level::View.includes(Level::Push));
        assert!(!Level::Push.includes(Level::Edit));
    }
}
