//! What changed between two pushes, or between the last good push and the configuration as it is now: stages
//! (added, removed, renamed, moved, code, language, timeout), settings (secret values never shown) and flag
//! values. Both sides are snapshots, so the answer is what ran, whatever was edited since.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{PushStatus, row, stages_of};
use crate::authz::{CanView, PushGrant};
use crate::error::{Error, Result};
use crate::ids::{DeploymentId, PushId, StageId};
use crate::recipes::Language;
use crate::schema::{flags, pushes, recipes, stages};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    /// The push to compare with: another push of the same deployment. Default: the deployment's last
    /// succeeded push before this one.
    pub against: Option<i64>,
}

crate::text_enum!(
    ChangeKind {
        Added => "added",
        Removed => "removed",
        Changed => "changed",
    }
);

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StageChange {
    pub change: ChangeKind,
    /// The stage's name (its old one when removed).
    pub name: String,
    /// Set when the stage was renamed: its name before.
    pub old_name: Option<String>,
    /// 0-based place on the newer side; `null` when removed.
    pub position: Option<i32>,
    /// 0-based place on the older side; `null` when added.
    pub old_position: Option<i32>,
    /// Its order relative to the other stages changed.
    pub moved: bool,
    /// Set when the language changed: the language before.
    pub old_language: Option<Language>,
    pub language: Language,
    /// The timeout changed (`null` on either side is the worker's default).
    pub timeout_changed: bool,
    pub old_timeout_seconds: Option<i32>,
    pub timeout_seconds: Option<i32>,
    /// A unified diff of the code (recipe links resolved as they were run); `null` when the code is the same.
    /// An added or removed stage has its whole code here.
    pub code_diff: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ValueChange {
    pub change: ChangeKind,
    /// The setting's name or the flag's varname.
    pub name: String,
    /// `null` when absent, or when the setting is secret on either side: a secret value is never shown.
    pub old: Option<String>,
    pub new: Option<String>,
    pub secret: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Diff {
    /// The newer side: a push, or `null` for the deployment's configuration as it is now.
    pub push_id: Option<PushId>,
    /// The older side; `null` when there is nothing to compare with (no earlier succeeded push), in which case
    /// everything is `added`.
    pub against: Option<PushId>,
    /// True when nothing differs.
    pub unchanged: bool,
    pub stages: Vec<StageChange>,
    pub settings: Vec<ValueChange>,
    pub flags: Vec<ValueChange>,
}

#[derive(Debug, Clone, PartialEq)]
struct StageSnap {
    stage_id: Option<StageId>,
    name: String,
    language: Language,
    code: String,
    timeout_seconds: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
enum SettingSnap {
    Plain(String),
    /// When its value was last set; `None` in pushes made before secrets were fingerprinted.
    Secret(Option<String>),
}

#[derive(Debug, Clone, Default)]
struct Snapshot {
    stages: Vec<StageSnap>,
    settings: BTreeMap<String, SettingSnap>,
    flags: BTreeMap<String, String>,
}

fn settings_of(value: &Value) -> BTreeMap<String, SettingSnap> {
    let Value::Object(map) = value else { return BTreeMap::new() };
    map.iter()
        .map(|(name, v)| {
            let snap = match v {
                Value::String(s) => SettingSnap::Plain(s.clone()),
                other => SettingSnap::Secret(other.get("set_at").map(Value::to_string)),
            };
            (name.clone(), snap)
        })
        .collect()
}

fn flags_of(value: &Value) -> BTreeMap<String, String> {
    let Value::Object(map) = value else { return BTreeMap::new() };
    map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect()
}

fn push_snapshot(conn: &mut PgConnection, id: PushId) -> Result<Snapshot> {
    let push = row(conn, id)?;
    let stages = stages_of(conn, id)?
        .into_iter()
        .map(|s| StageSnap {
            stage_id: s.stage_id,
            name: s.name,
            language: s.language,
            code: s.code,
            timeout_seconds: s.timeout_seconds,
        })
        .collect();
    Ok(Snapshot { stages, settings: settings_of(&push.settings), flags: flags_of(&push.flags) })
}

/// The deployment as a push made now would snapshot it, flags at their defaults.
fn current_snapshot(conn: &mut PgConnection, deployment: DeploymentId) -> Result<Snapshot> {
    let rows: Vec<(StageId, String, Option<i32>, Language, String)> = stages::table
        .inner_join(recipes::table)
        .filter(stages::deployment_id.eq(deployment))
        .order(stages::position)
        .select((stages::id, stages::name, stages::timeout_seconds, recipes::language, recipes::code))
        .load(conn)?;
    let stages = rows
        .into_iter()
        .map(|(id, name, timeout_seconds, language, code)| StageSnap {
            stage_id: Some(id),
            name,
            language,
            code,
            timeout_seconds,
        })
        .collect();
    let settings = settings_of(&Value::Object(super::request::snapshot_settings(conn, deployment)?));
    let flags: Vec<(String, String)> = flags::table
        .filter(flags::deployment_id.eq(deployment))
        .select((flags::varname, flags::default_value))
        .load(conn)?;
    Ok(Snapshot { stages, settings, flags: flags.into_iter().collect() })
}

/// The deployment's last succeeded push, before `before` when given.
fn last_succeeded(conn: &mut PgConnection, deployment: DeploymentId, before: Option<PushId>) -> Result<Option<PushId>> {
    let mut q = pushes::table
        .filter(pushes::deployment_id.eq(deployment))
        .filter(pushes::status.eq(PushStatus::Succeeded))
        .order(pushes::id.desc())
        .select(pushes::id)
        .into_boxed();
    if let Some(before) = before {
        q = q.filter(pushes::id.lt(before));
    }
    Ok(q.first(conn).optional()?)
}

/// `GET /pushes/{id}/diff`: the push against `against`, or against the last succeeded push before it.
pub fn of_push<L>(conn: &mut PgConnection, grant: &PushGrant<L>, query: DiffQuery) -> Result<Diff> {
    let id = grant.push_id();
    let against = match (query.against, grant.deployment_id()) {
        (Some(other), deployment) => {
            let same: bool = diesel::select(diesel::dsl::exists(
                pushes::table.find(PushId(other)).filter(pushes::deployment_id.nullable().eq(deployment)),
            ))
            .get_result(conn)?;
            if !same || deployment.is_none() {
                return Err(Error::invalid("against", "must be a push of the same deployment"));
            }
            Some(PushId(other))
        }
        (None, Some(deployment)) => last_succeeded(conn, deployment, Some(id))?,
        (None, None) => None,
    };
    let old = match against {
        Some(other) => push_snapshot(conn, other)?,
        None => Snapshot::default(),
    };
    let new = push_snapshot(conn, id)?;
    Ok(compare(Some(id), against, &old, &new))
}

/// `GET /deployments/{id}/diff`: what a push made now would change, against the last succeeded push.
pub fn of_deployment(conn: &mut PgConnection, cap: &CanView) -> Result<Diff> {
    let against = last_succeeded(conn, cap.deployment_id(), None)?;
    let old = match against {
        Some(other) => push_snapshot(conn, other)?,
        None => Snapshot::default(),
    };
    let new = current_snapshot(conn, cap.deployment_id())?;
    Ok(compare(None, against, &old, &new))
}

fn compare(push_id: Option<PushId>, against: Option<PushId>, old: &Snapshot, new: &Snapshot) -> Diff {
    let stages = compare_stages(&old.stages, &new.stages);
    let settings = compare_settings(&old.settings, &new.settings);
    let flags = compare_values(&old.flags, &new.flags);
    let unchanged = stages.is_empty() && settings.is_empty() && flags.is_empty();
    Diff { push_id, against, unchanged, stages, settings, flags }
}

/// Pairs old and new stages: first by the deployment's stage id, then by name.
fn pair(old: &[StageSnap], new: &[StageSnap]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_taken = vec![false; old.len()];
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    for (n, stage) in new.iter().enumerate() {
        let by_id = stage
            .stage_id
            .and_then(|id| old.iter().enumerate().position(|(o, s)| !old_taken[o] && s.stage_id == Some(id)));
        if let Some(o) = by_id {
            old_taken[o] = true;
            partner[n] = Some(o);
        }
    }
    for (n, stage) in new.iter().enumerate() {
        if partner[n].is_some() {
            continue;
        }
        if let Some(o) = old.iter().enumerate().position(|(o, s)| !old_taken[o] && s.name == stage.name) {
            old_taken[o] = true;
            partner[n] = Some(o);
        }
    }
    let mut pairs: Vec<_> = partner.iter().enumerate().map(|(n, o)| (*o, Some(n))).collect();
    pairs.extend(old_taken.iter().enumerate().filter(|(_, taken)| !**taken).map(|(o, _)| (Some(o), None)));
    pairs
}

/// Which paired stages moved: those outside a longest run of pairs that kept their relative order.
fn moved(order: &[usize]) -> Vec<bool> {
    // Longest increasing subsequence by O(n^2) dynamic programming: deployments have tens of stages.
    let n = order.len();
    let mut best = vec![1usize; n];
    let mut prev = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if order[j] < order[i] && best[j] + 1 > best[i] {
                best[i] = best[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let mut kept = vec![false; n];
    let mut at = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        kept[i] = true;
        at = prev[i];
    }
    kept.into_iter().map(|k| !k).collect()
}

fn unified(old: &str, new: &str, old_label: &str, new_label: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(old_label, new_label).to_string()
}

fn compare_stages(old: &[StageSnap], new: &[StageSnap]) -> Vec<StageChange> {
    let pairs = pair(old, new);
    let paired: Vec<(usize, usize)> = pairs.iter().filter_map(|(o, n)| Some(((*o)?, (*n)?))).collect();
    let old_order: Vec<usize> = paired.iter().map(|(o, _)| *o).collect();
    let moved_flags = moved(&old_order);
    let mut changes = Vec::new();
    for (i, (o, n)) in paired.iter().enumerate() {
        let (a, b) = (&old[*o], &new[*n]);
        let moved = moved_flags[i];
        let renamed = a.name != b.name;
        let code_diff = (a.code != b.code).then(|| unified(&a.code, &b.code, &a.name, &b.name));
        let timeout_changed = a.timeout_seconds != b.timeout_seconds;
        if !(moved || renamed || code_diff.is_some() || timeout_changed || a.language != b.language) {
            continue;
        }
        changes.push(StageChange {
            change: ChangeKind::Changed,
            name: b.name.clone(),
            old_name: renamed.then(|| a.name.clone()),
            position: Some(*n as i32),
            old_position: Some(*o as i32),
            moved,
            old_language: (a.language != b.language).then_some(a.language),
            language: b.language,
            timeout_changed,
            old_timeout_seconds: a.timeout_seconds,
            timeout_seconds: b.timeout_seconds,
            code_diff,
        });
    }
    for (o, n) in pairs {
        let (change, stage, position, old_position) = match (o, n) {
            (None, Some(n)) => (ChangeKind::Added, &new[n], Some(n as i32), None),
            (Some(o), None) => (ChangeKind::Removed, &old[o], None, Some(o as i32)),
            _ => continue,
        };
        let code_diff = match change {
            ChangeKind::Added => unified("", &stage.code, "/dev/null", &stage.name),
            _ => unified(&stage.code, "", &stage.name, "/dev/null"),
        };
        changes.push(StageChange {
            change,
            name: stage.name.clone(),
            old_name: None,
            position,
            old_position,
            moved: false,
            old_language: None,
            language: stage.language,
            timeout_changed: false,
            old_timeout_seconds: None,
            timeout_seconds: stage.timeout_seconds,
            code_diff: Some(code_diff),
        });
    }
    changes.sort_by_key(|c| (c.position.unwrap_or(i32::MAX), c.old_position.unwrap_or(i32::MAX)));
    changes
}

fn compare_settings(old: &BTreeMap<String, SettingSnap>, new: &BTreeMap<String, SettingSnap>) -> Vec<ValueChange> {
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut changes = Vec::new();
    for name in names {
        let (a, b) = (old.get(name), new.get(name));
        let secret = matches!(a, Some(SettingSnap::Secret(_))) || matches!(b, Some(SettingSnap::Secret(_)));
        let shown = |s: Option<&SettingSnap>| match s {
            Some(SettingSnap::Plain(v)) if !secret => Some(v.clone()),
            _ => None,
        };
        let change = match (a, b) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            (Some(SettingSnap::Plain(x)), Some(SettingSnap::Plain(y))) if x != y => ChangeKind::Changed,
            // Both secret: changed when set at different times; a push from before fingerprints cannot tell.
            (Some(SettingSnap::Secret(Some(x))), Some(SettingSnap::Secret(Some(y)))) if x != y => ChangeKind::Changed,
            (Some(SettingSnap::Plain(_)), Some(SettingSnap::Secret(_)))
            | (Some(SettingSnap::Secret(_)), Some(SettingSnap::Plain(_))) => ChangeKind::Changed,
            _ => continue,
        };
        changes.push(ValueChange { change, name: name.clone(), old: shown(a), new: shown(b), secret });
    }
    changes
}

fn compare_values(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<ValueChange> {
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (a, b) = (old.get(name), new.get(name));
            let change = match (a, b) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (Some(x), Some(y)) if x != y => ChangeKind::Changed,
                _ => return None,
            };
            Some(ValueChange { change, name: name.clone(), old: a.cloned(), new: b.cloned(), secret: false })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: i64, name: &str, code: &str) -> StageSnap {
        StageSnap {
            stage_id: Some(StageId(id)),
            name: name.into(),
            language: Language::Bash,
            code: code.into(),
            timeout_seconds: None,
        }
    }

    #[test]
    fn inserting_a_stage_moves_nothing_and_swapping_two_moves_one() {
        let old = [stage(1, "a", "x"), stage(2, "b", "y")];
        let inserted = [stage(1, "a", "x"), stage(3, "new", "z"), stage(2, "b", "y")];
        let changes = compare_stages(&old, &inserted);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        assert_eq!(changes[0].change, ChangeKind::Added);
        let swapped = [stage(2, "b", "y"), stage(1, "a", "x")];
        let changes = compare_stages(&old, &swapped);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        assert!(changes[0].moved);
    }

    #[test]
    fn a_rename_keeps_the_stage_and_code_changes_come_as_a_unified_diff() {
        let old = [stage(1, "build", "make\nmake test\n")];
        let new = [stage(1, "compile", "make\nmake check\n")];
        let changes = compare_stages(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old_name.as_deref(), Some("build"));
        let diff = changes[0].code_diff.as_deref().unwrap();
        assert!(diff.contains("-make test\n") && diff.contains("+make check\n"), "{diff}");
    }

    #[test]
    fn secret_values_are_never_shown_but_their_change_is() {
        let old = BTreeMap::from([
            ("TOKEN".to_owned(), SettingSnap::Secret(Some("t1".into()))),
            ("HOST".to_owned(), SettingSnap::Plain("a".into())),
        ]);
        let new = BTreeMap::from([
            ("TOKEN".to_owned(), SettingSnap::Secret(Some("t2".into()))),
            ("HOST".to_owned(), SettingSnap::Secret(Some("t3".into()))),
        ]);
        let changes = compare_settings(&old, &new);
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|c| c.secret && c.old.is_none() && c.new.is_none()), "{changes:#?}");
    }
}
