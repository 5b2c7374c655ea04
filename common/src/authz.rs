//! Authorization: the one place that decides who may do what. Every decision lives here and returns a
//! capability value: on a deployment ([`deployment`]), a push ([`for_push`], [`for_approval`]) or a stage
//! ([`for_stage`]); the admin role ([`admin`], [`admin_on`], and the changes an editor may not make:
//! [`pool_move`], [`approval_settings`]); a token ([`token`]); the audit trail ([`audit`]) and freezes
//! ([`freeze_manager`], [`freeze_view`]); and what a listing, a search or a stream shows ([`viewable`],
//! [`category`], [`application`], [`approval_queue`], [`feed`]). Every domain function that reads or changes a
//! protected object demands the capability. Capabilities have private fields and are built only by these checks,
//! from an [`Actor`] that only `access` builds, from the database (its constructor is private to this crate): a
//! read or a change cannot happen without passing the check first, and no other crate can make itself an admin.
//!
//! Taking no capability, on purpose: the actor's own tokens and session, for which the [`Actor`] is the proof;
//! the cookbook, which every signed-in user may read; and work nobody requests, which acts for no one on pushes
//! checked when they were requested: the worker's side of a push (`pushes::run`), sweeps and expiries, webhook
//! deliveries (through functions private to this crate), and the event fan-out, which reads every event once and
//! filters each follower's copy through its [`FeedScope`].
//!
//! Visibility rule, the same for every object: what the actor cannot view answers `NotFound`, as if it did not
//! exist; what it can view but not act on answers `Forbidden`.

use std::collections::HashMap;
use std::marker::PhantomData;

use diesel::prelude::*;

use crate::error::{Error, Result};
use crate::ids::{ApplicationId, CategoryId, DeploymentId, GroupId, PushId, StageId, TokenId, UserId};
use crate::schema::{api_tokens, applications, categories, deployments, permissions, pushes, stages};

crate::text_enum!(
    /// A grant on a deployment. `edit` includes `push` includes `view`.
    Level { View => "view", Push => "push", Edit => "edit" }
);

impl Level {
    pub fn rank(self) -> u8 {
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

/// The highest of several grants on one deployment (an actor in two groups holds the better of the two).
fn highest(levels: impl IntoIterator<Item = Level>) -> Option<Level> {
    levels.into_iter().max_by_key(|l| l.rank())
}

/// Who is asking: resolved from a credential at each request, so a revoked grant takes effect at once. It is
/// the root every capability grows from, so its fields are private and only `access` builds one, from the
/// database (`access::callers`, `access::users`); code elsewhere cannot claim to be an admin:
/// ```compile_fail
/// fn forge() -> rolf_common::authz::Actor {
///     rolf_common::authz::Actor {
///         user_id: rolf_common::ids::UserId(1),
///         username: "root".to_owned(),
///         admin: true,
///         groups: vec![],
///         group_ids: vec![],
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Actor {
    user_id: UserId,
    username: String,
    admin: bool,
    /// Names of the actor's Rolf groups, sorted.
    groups: Vec<String>,
    group_ids: Vec<GroupId>,
}

impl Actor {
    /// For `access` only, with what it read from the database: `groups` and `group_ids` name the same groups, and
    /// `admin` is the user's own flag or a membership of one of `ROLF_ADMIN_GROUPS`.
    pub(crate) fn resolved(
        user_id: UserId,
        username: String,
        admin: bool,
        groups: Vec<String>,
        group_ids: Vec<GroupId>,
    ) -> Actor {
        Actor { user_id, username, admin, groups, group_ids }
    }

    pub fn user_id(&self) -> UserId {
        self.user_id
    }
    pub fn username(&self) -> &str {
        &self.username
    }
    /// Whether the actor is an admin; to act as one, ask [`admin`] for an [`AdminCap`].
    pub fn is_admin(&self) -> bool {
        self.admin
    }
    /// Names of the actor's Rolf groups, sorted.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
    pub fn group_ids(&self) -> &[GroupId] {
        &self.group_ids
    }
}

/// Proof that the actor is an admin. Only [`admin`] makes one:
/// ```compile_fail
/// fn forge(actor: &rolf_common::authz::Actor) -> rolf_common::authz::AdminCap<'_> {
///     rolf_common::authz::AdminCap { actor }
/// }
/// ```
pub struct AdminCap<'a> {
    actor: &'a Actor,
}

impl std::fmt::Debug for AdminCap<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminCap").field("user", &self.actor.username).finish()
    }
}

impl<'a> AdminCap<'a> {
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
}

pub fn admin(actor: &Actor) -> Result<AdminCap<'_>> {
    admin_because(actor, "only admins may do this")
}

fn admin_because<'a>(actor: &'a Actor, refusal: &str) -> Result<AdminCap<'a>> {
    if actor.admin { Ok(AdminCap { actor }) } else { Err(Error::forbidden(refusal)) }
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

/// Proof that the actor holds at least level `L` on one deployment. Only [`deployment`] makes one:
/// ```compile_fail
/// use rolf_common::authz::{Edit, Granted, Level};
/// fn forge(actor: &rolf_common::authz::Actor) -> Granted<'_, Edit> {
///     let deployment_id = rolf_common::ids::DeploymentId(1);
///     Granted { actor, deployment_id, level: Level::Edit, _level: std::marker::PhantomData }
/// }
/// ```
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
    level_on_existing(conn, actor, id)
}

/// [`level_on`] for a deployment known to exist (a push's, by foreign key): one query fewer.
fn level_on_existing(conn: &mut PgConnection, actor: &Actor, id: DeploymentId) -> Result<Option<Level>> {
    if actor.admin {
        return Ok(Some(Level::Edit));
    }
    let levels: Vec<Level> = permissions::table
        .filter(permissions::deployment_id.eq(id))
        .filter(permissions::group_id.eq_any(&actor.group_ids))
        .select(permissions::level)
        .load(conn)?;
    Ok(highest(levels))
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
        Some(level) => Err(insufficient::<L>(level)),
    }
}

fn insufficient<L: Needed>(level: Level) -> Error {
    Error::forbidden(format!("this needs '{}' on the deployment; you have '{}'", L::LEVEL, level))
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

/// Admin rights over one deployment (delete, clone): a deployment the actor cannot view answers `NotFound`
/// before a non-admin is told `Forbidden`, so the route reveals nothing to outsiders.
pub fn admin_on<'a>(conn: &mut PgConnection, actor: &'a Actor, id: DeploymentId) -> Result<AdminCap<'a>> {
    view(conn, actor, id)?;
    admin(actor)
}

/// Moving a deployment to another worker pool, which an editor may not do: a pool decides which networks its
/// pushes reach.
pub fn pool_move<'a>(cap: &CanEdit<'a>) -> Result<AdminCap<'a>> {
    admin_because(
        cap.actor(),
        "only an admin moves a deployment to another worker pool: a pool decides which networks its pushes reach",
    )
}

/// Changing a deployment's approval settings, which an editor may not do: one who could lower them would make
/// them pointless.
pub fn approval_settings<'a>(cap: &CanEdit<'a>) -> Result<AdminCap<'a>> {
    admin_because(cap.actor(), "only an admin changes a deployment's approval settings")
}

/// What applying a deployment document may do: change the deployment it names (with `edit` there), or create it,
/// which, like creating any deployment, admins do. Only [`applier`] makes one: each variant holds a capability
/// that only its own check makes.
pub enum Applier<'a> {
    Update(CanEdit<'a>),
    Create(AdminCap<'a>),
}

/// Checks that the actor may apply a document naming `existing` (`None`: no deployment has that name yet). A
/// caller who may not edit it hears the same whether it is missing or only hidden from them, so an outsider learns
/// nothing about which deployments exist.
pub fn applier<'a>(conn: &mut PgConnection, actor: &'a Actor, existing: Option<DeploymentId>) -> Result<Applier<'a>> {
    let refused = || {
        Error::forbidden(
            "applying a document needs 'edit' on the deployment it names; creating a deployment needs an admin",
        )
    };
    match existing {
        Some(id) => match deployment::<Edit>(conn, actor, id) {
            Ok(cap) => Ok(Applier::Update(cap)),
            Err(Error::NotFound(_)) => Err(refused()),
            Err(other) => Err(other),
        },
        None => admin(actor).map(Applier::Create).map_err(|_| refused()),
    }
}

/// Renames the `NotFound` of a parent check after the object asked for, so a stage or push of an unviewable
/// deployment reads as a missing stage or push.
fn not_found_as<T>(result: Result<T>, what: &'static str) -> Result<T> {
    result.map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound(what),
        other => other,
    })
}

/// Proof that the actor holds level `L` on one stage's deployment. Only [`for_stage`] makes one, even from a
/// grant on the deployment:
/// ```compile_fail
/// use rolf_common::authz::{CanEdit, Edit, StageGrant};
/// fn forge(grant: CanEdit<'_>) -> StageGrant<'_, Edit> {
///     StageGrant { stage: rolf_common::ids::StageId(1), grant }
/// }
/// ```
pub struct StageGrant<'a, L> {
    stage: StageId,
    grant: Granted<'a, L>,
}

impl<'a, L> StageGrant<'a, L> {
    pub fn stage_id(&self) -> StageId {
        self.stage
    }
    /// The grant on the stage's deployment.
    pub fn deployment(&self) -> &Granted<'a, L> {
        &self.grant
    }
}

/// Checks level `L` on the deployment a stage belongs to.
pub fn for_stage<'a, L: Needed>(conn: &mut PgConnection, actor: &'a Actor, id: StageId) -> Result<StageGrant<'a, L>> {
    let owner: Option<DeploymentId> = stages::table.find(id).select(stages::deployment_id).first(conn).optional()?;
    let owner = owner.ok_or(Error::NotFound("stage"))?;
    let grant = not_found_as(deployment::<L>(conn, actor, owner), "stage")?;
    Ok(StageGrant { stage: id, grant })
}

/// Proof that the actor holds level `L` on a push's deployment, or is an admin (the only ones who see a push
/// whose deployment was deleted). Only [`for_push`] makes one; code elsewhere cannot:
/// ```compile_fail
/// use rolf_common::authz::{PushGrant, View};
/// fn forge(actor: &rolf_common::authz::Actor) -> PushGrant<'_, View> {
///     PushGrant { push: rolf_common::ids::PushId(1), deployment: None, actor, _level: std::marker::PhantomData }
/// }
/// ```
pub struct PushGrant<'a, L> {
    push: PushId,
    deployment: Option<DeploymentId>,
    actor: &'a Actor,
    _level: PhantomData<L>,
}

impl<'a, L> PushGrant<'a, L> {
    pub fn push_id(&self) -> PushId {
        self.push
    }
    /// `None` when the deployment was deleted.
    pub fn deployment_id(&self) -> Option<DeploymentId> {
        self.deployment
    }
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
    /// Any grant on a push lets its log be read, also by tasks that outlive the request (a live stream).
    pub fn log_reader(&self) -> LogReader {
        LogReader { push: self.push }
    }
}

/// Checks level `L` on the deployment a push belongs to. One round trip: the push's deployment and the
/// actor's grants there come back together.
pub fn for_push<'a, L: Needed>(conn: &mut PgConnection, actor: &'a Actor, id: PushId) -> Result<PushGrant<'a, L>> {
    let rows: Vec<(Option<DeploymentId>, Option<Level>)> = pushes::table
        .left_join(push_grants_of(actor))
        .filter(pushes::id.eq(id))
        .select((pushes::deployment_id, permissions::level.nullable()))
        .load(conn)?;
    let Some((owner, _)) = rows.first() else { return Err(Error::NotFound("push")) };
    push_grant(actor, id, *owner, rows.iter().filter_map(|(_, l)| *l))
}

/// The actor's grants on a push's deployment, to be left-joined to `pushes` by a query that reads the push in
/// the same round trip (then [`push_grant`] decides with what it found).
pub fn push_grants_of(actor: &Actor) -> diesel::helper_types::On<permissions::table, PushGrantsOn<'_>> {
    permissions::table.on(permissions::deployment_id
        .nullable()
        .eq(pushes::deployment_id)
        .and(permissions::group_id.eq_any(&actor.group_ids)))
}

pub type PushGrantsOn<'g> = diesel::dsl::And<
    diesel::dsl::Eq<diesel::dsl::Nullable<permissions::deployment_id>, pushes::deployment_id>,
    diesel::dsl::EqAny<permissions::group_id, &'g Vec<GroupId>>,
>;

/// Decides level `L` on push `id` of deployment `owner` (`None`: deleted) from the actor's grants there.
pub fn push_grant<'a, L: Needed>(
    actor: &'a Actor,
    id: PushId,
    owner: Option<DeploymentId>,
    levels: impl Iterator<Item = Level>,
) -> Result<PushGrant<'a, L>> {
    let level = if actor.admin { Some(Level::Edit) } else { highest(levels) };
    let deployment = match (owner, level) {
        (None, _) if actor.admin => None,
        (None, _) | (Some(_), None) => return Err(Error::NotFound("push")),
        (Some(d), Some(level)) if level.includes(L::LEVEL) => Some(d),
        (Some(_), Some(level)) => return Err(insufficient::<L>(level)),
    };
    Ok(PushGrant { push: id, deployment, actor, _level: PhantomData })
}

/// Proof that the actor may approve or reject one push: it can view the push, belongs to the deployment's
/// approver group (or, without one, holds `push` there), or is an admin; and did not request the push. Only
/// [`for_approval`] makes one:
/// ```compile_fail
/// use rolf_common::authz::ApproverGrant;
/// fn forge(actor: &rolf_common::authz::Actor) -> ApproverGrant<'_> {
///     ApproverGrant { push: rolf_common::ids::PushId(1), deployment: rolf_common::ids::DeploymentId(1), actor }
/// }
/// ```
pub struct ApproverGrant<'a> {
    push: PushId,
    deployment: DeploymentId,
    actor: &'a Actor,
}

impl<'a> ApproverGrant<'a> {
    pub fn push_id(&self) -> PushId {
        self.push
    }
    pub fn deployment_id(&self) -> DeploymentId {
        self.deployment
    }
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
}

pub fn for_approval<'a>(conn: &mut PgConnection, actor: &'a Actor, id: PushId) -> Result<ApproverGrant<'a>> {
    let viewing = for_push::<View>(conn, actor, id)?;
    let Some(deployment) = viewing.deployment_id() else {
        return Err(Error::Conflict("the push's deployment was deleted; nothing is left to approve".to_owned()));
    };
    let (requester, approver_group, status): (Option<UserId>, Option<GroupId>, crate::pushes::PushStatus) =
        pushes::table
            .inner_join(deployments::table)
            .filter(pushes::id.eq(id))
            .select((pushes::user_id, deployments::approver_group_id, pushes::status))
            .first(conn)?;
    let eligible = actor.admin
        || match approver_group {
            Some(group) => actor.group_ids.contains(&group),
            None => level_on_existing(conn, actor, deployment)?.is_some_and(|l| l.includes(Level::Push)),
        };
    if !eligible {
        let who = if approver_group.is_some() { "the deployment's approver group" } else { "push on the deployment" };
        return Err(Error::forbidden(format!("approving or rejecting needs {who}")));
    }
    if status != crate::pushes::PushStatus::AwaitingApproval {
        return Err(Error::Conflict(format!("the push is not awaiting approval (it is {status})")));
    }
    if requester == Some(actor.user_id) {
        return Err(Error::forbidden("you requested this push: someone else must approve or reject it"));
    }
    Ok(ApproverGrant { push: id, deployment, actor })
}

/// The pushes awaiting approval that the actor may approve (not its own): what `GET /approvals` lists. Only
/// [`approval_queue`] makes one:
/// ```compile_fail
/// let queue = rolf_common::authz::ApprovalQueue { pushes: vec![] };
/// ```
#[derive(Debug)]
pub struct ApprovalQueue {
    pushes: Vec<PushId>,
}

impl ApprovalQueue {
    pub fn push_ids(&self) -> &[PushId] {
        &self.pushes
    }
}

/// At most this many pushes are listed for approval, oldest first.
const APPROVAL_QUEUE_MAX: i64 = 200;

pub fn approval_queue(conn: &mut PgConnection, actor: &Actor) -> Result<ApprovalQueue> {
    use crate::pushes::PushStatus;
    let rows: Vec<(PushId, Option<DeploymentId>, Option<GroupId>)> = pushes::table
        .inner_join(deployments::table)
        .filter(pushes::status.eq(PushStatus::AwaitingApproval))
        .filter(pushes::user_id.ne(actor.user_id).or(pushes::user_id.is_null()))
        .order(pushes::id)
        .limit(APPROVAL_QUEUE_MAX)
        .select((pushes::id, pushes::deployment_id, deployments::approver_group_id))
        .load(conn)?;
    let mut mine = Vec::new();
    for (push, deployment, group) in rows {
        let Some(deployment) = deployment else { continue };
        let eligible = actor.admin || {
            let level = level_on_existing(conn, actor, deployment)?;
            match group {
                Some(group) => actor.group_ids.contains(&group) && level.is_some(),
                None => level.is_some_and(|l| l.includes(Level::Push)),
            }
        };
        if eligible {
            mine.push(push);
        }
    }
    Ok(ApprovalQueue { pushes: mine })
}

/// Proof that the log of one push may be read. Owned, so a live stream's reader can keep it; made only from a
/// [`PushGrant`]:
/// ```compile_fail
/// let reader = rolf_common::authz::LogReader { push: rolf_common::ids::PushId(1) };
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LogReader {
    push: PushId,
}

impl LogReader {
    pub fn push_id(&self) -> PushId {
        self.push
    }
}

/// Which part of the audit trail the actor may read: one deployment's (needs `edit`) or all of it (admins). Only
/// [`audit`] makes one:
/// ```compile_fail
/// let everything = rolf_common::authz::AuditScope { deployment: None };
/// ```
#[derive(Debug)]
pub struct AuditScope {
    deployment: Option<DeploymentId>,
}

impl AuditScope {
    /// `None`: the whole trail.
    pub fn deployment_id(&self) -> Option<DeploymentId> {
        self.deployment
    }
}

pub fn audit(conn: &mut PgConnection, actor: &Actor, deployment: Option<DeploymentId>) -> Result<AuditScope> {
    match deployment {
        // An admin may read a deleted deployment's trail: its events outlive it.
        Some(_) if actor.admin => {}
        Some(id) => {
            edit(conn, actor, id)?;
        }
        None => {
            admin(actor)
                .map_err(|_| Error::forbidden("only admins may read the whole audit trail; pass deployment_id"))?;
        }
    }
    Ok(AuditScope { deployment })
}

/// The deployments the actor may view, with its level on each: what a listing or a search shows it. Only
/// [`viewable`] makes one:
/// ```compile_fail
/// let everything = rolf_common::authz::Viewable { levels: None };
/// ```
#[derive(Debug)]
pub struct Viewable {
    /// `None`: every deployment, at `edit` (an admin).
    levels: Option<HashMap<DeploymentId, Level>>,
}

impl Viewable {
    /// `None`: every deployment (an admin).
    pub fn deployment_ids(&self) -> Option<Vec<DeploymentId>> {
        self.levels.as_ref().map(|levels| levels.keys().copied().collect())
    }
    /// The actor's level on a deployment; `None` when it may not view it.
    pub fn level(&self, id: DeploymentId) -> Option<Level> {
        match &self.levels {
            None => Some(Level::Edit),
            Some(levels) => levels.get(&id).copied(),
        }
    }
}

pub fn viewable(conn: &mut PgConnection, actor: &Actor) -> Result<Viewable> {
    if actor.admin {
        return Ok(Viewable { levels: None });
    }
    let rows: Vec<(DeploymentId, Level)> = permissions::table
        .filter(permissions::group_id.eq_any(&actor.group_ids))
        .select((permissions::deployment_id, permissions::level))
        .load(conn)?;
    let mut by_deployment: HashMap<DeploymentId, Vec<Level>> = HashMap::new();
    for (id, level) in rows {
        by_deployment.entry(id).or_default().push(level);
    }
    let levels = by_deployment.into_iter().filter_map(|(id, levels)| Some((id, highest(levels)?))).collect();
    Ok(Viewable { levels: Some(levels) })
}

/// Proof that the actor may see one category or application: it holds a deployment the actor may view (admins
/// see them all), so an outsider learns nothing of what is filed where. Only [`category`] and [`application`]
/// make one:
/// ```compile_fail
/// use rolf_common::authz::Visible;
/// use rolf_common::ids::CategoryId;
/// let seen: Visible<CategoryId> = Visible { id: CategoryId(1) };
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Visible<Id> {
    id: Id,
}

impl<Id: Copy> Visible<Id> {
    pub fn id(&self) -> Id {
        self.id
    }
}

/// Checks that the actor may see a category: one it may not answers `NotFound`, as if it did not exist.
pub fn category(conn: &mut PgConnection, actor: &Actor, id: CategoryId) -> Result<Visible<CategoryId>> {
    let exists: bool = diesel::select(diesel::dsl::exists(categories::table.find(id))).get_result(conn)?;
    if !exists {
        return Err(Error::NotFound("category"));
    }
    if let Some(ids) = viewable(conn, actor)?.deployment_ids() {
        let visible: bool = diesel::select(diesel::dsl::exists(
            applications::table
                .inner_join(deployments::table)
                .filter(applications::category_id.eq(id))
                .filter(deployments::id.eq_any(ids)),
        ))
        .get_result(conn)?;
        if !visible {
            return Err(Error::NotFound("category"));
        }
    }
    Ok(Visible { id })
}

/// Checks that the actor may see an application: one it may not answers `NotFound`, as if it did not exist.
pub fn application(conn: &mut PgConnection, actor: &Actor, id: ApplicationId) -> Result<Visible<ApplicationId>> {
    let exists: bool = diesel::select(diesel::dsl::exists(applications::table.find(id))).get_result(conn)?;
    if !exists {
        return Err(Error::NotFound("application"));
    }
    if let Some(ids) = viewable(conn, actor)?.deployment_ids() {
        let visible: bool = diesel::select(diesel::dsl::exists(
            deployments::table.filter(deployments::application_id.eq(id)).filter(deployments::id.eq_any(ids)),
        ))
        .get_result(conn)?;
        if !visible {
            return Err(Error::NotFound("application"));
        }
    }
    Ok(Visible { id })
}

/// Proof that the actor may revoke one API token: its own, or (an admin) anyone's. Only [`token`] makes one:
/// ```compile_fail
/// use rolf_common::authz::TokenGrant;
/// fn forge(actor: &rolf_common::authz::Actor) -> TokenGrant<'_> {
///     TokenGrant { token: rolf_common::ids::TokenId(1), actor }
/// }
/// ```
pub struct TokenGrant<'a> {
    token: TokenId,
    actor: &'a Actor,
}

impl<'a> TokenGrant<'a> {
    pub fn token_id(&self) -> TokenId {
        self.token
    }
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
}

/// Checks that a token is the actor's own, or that the actor is an admin. Someone else's token answers
/// `NotFound`, so token ids reveal nothing about other users.
pub fn token<'a>(conn: &mut PgConnection, actor: &'a Actor, id: TokenId) -> Result<TokenGrant<'a>> {
    let owner: Option<UserId> = api_tokens::table.find(id).select(api_tokens::user_id).first(conn).optional()?;
    match owner {
        Some(owner) if actor.admin || owner == actor.user_id => Ok(TokenGrant { token: id, actor }),
        _ => Err(Error::NotFound("token")),
    }
}

/// Where a freeze applies: everything, or one category, application or deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreezeScope {
    Everything,
    Category(crate::ids::CategoryId),
    Application(crate::ids::ApplicationId),
    Deployment(DeploymentId),
}

/// Proof that the actor may create or remove freezes of one scope: admins for everything, a category or an
/// application; `edit` on the deployment for a deployment's. Only [`freeze_manager`] makes one:
/// ```compile_fail
/// use rolf_common::authz::{FreezeManager, FreezeScope};
/// fn forge(actor: &rolf_common::authz::Actor) -> FreezeManager<'_> {
///     FreezeManager { actor, scope: FreezeScope::Everything }
/// }
/// ```
pub struct FreezeManager<'a> {
    actor: &'a Actor,
    scope: FreezeScope,
}

impl<'a> FreezeManager<'a> {
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }
    pub fn scope(&self) -> FreezeScope {
        self.scope
    }
}

pub fn freeze_manager<'a>(conn: &mut PgConnection, actor: &'a Actor, scope: FreezeScope) -> Result<FreezeManager<'a>> {
    match scope {
        FreezeScope::Deployment(d) => {
            deployment::<Edit>(conn, actor, d)?;
        }
        _ if actor.admin => {}
        _ => return Err(Error::forbidden("only admins manage freezes of everything, a category or an application")),
    }
    Ok(FreezeManager { actor, scope })
}

/// Which freezes the actor may see: those of everything, of categories and applications, and of the
/// deployments it may view. Only [`freeze_view`] makes one:
/// ```compile_fail
/// let view = rolf_common::authz::FreezeView { deployments: None };
/// ```
#[derive(Debug)]
pub struct FreezeView {
    deployments: Option<Vec<DeploymentId>>,
}

impl FreezeView {
    /// `None`: every deployment's (an admin).
    pub fn deployments(&self) -> Option<&[DeploymentId]> {
        self.deployments.as_deref()
    }
}

pub fn freeze_view(conn: &mut PgConnection, actor: &Actor) -> Result<FreezeView> {
    Ok(FreezeView { deployments: viewable(conn, actor)?.deployment_ids() })
}

/// Which deployments' push events a follower of the event stream may see. Owned, so a stream can keep it; it is
/// rebuilt from the caller's current grants while the stream runs. Only [`feed`] makes one:
/// ```compile_fail
/// let scope = rolf_common::authz::FeedScope { deployments: None };
/// ```
#[derive(Debug, Clone)]
pub struct FeedScope {
    /// `None`: every deployment, and pushes of deleted ones (an admin).
    deployments: Option<std::collections::HashSet<DeploymentId>>,
}

impl FeedScope {
    pub fn admits(&self, deployment: Option<DeploymentId>) -> bool {
        match (&self.deployments, deployment) {
            (None, _) => true,
            (Some(ids), Some(d)) => ids.contains(&d),
            // A deleted deployment's pushes are seen by admins only, as for_push decides.
            (Some(_), None) => false,
        }
    }
}

/// The event stream's scope: the deployments the actor may view.
pub fn feed(conn: &mut PgConnection, actor: &Actor) -> Result<FeedScope> {
    Ok(FeedScope { deployments: viewable(conn, actor)?.deployment_ids().map(|ids| ids.into_iter().collect()) })
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
