//! Who may do what (grants, by group) and who is told (webhooks, by URL). Groups must exist already: applying a
//! document never creates one, as that is an admin's decision about people rather than about a deployment.

use diesel::PgConnection;

use super::document::{at, differing};
use super::report::{PartChanges, Updated};
use crate::access::groups;
use crate::access::permissions;
use crate::authz::{CanEdit, CanView};
use crate::catalog::export::{PermissionDoc, WebhookDoc};
use crate::error::{Error, Result};
use crate::webhooks::{self, HookSpec, NewWebhook};

pub(super) fn permissions(
    conn: &mut PgConnection,
    cap: &CanEdit,
    viewing: &CanView,
    wanted: &[PermissionDoc],
) -> Result<PartChanges> {
    for (i, grant) in wanted.iter().enumerate() {
        match groups::find(conn, &grant.group) {
            Ok(_) => {}
            Err(Error::NotFound(_)) => {
                return Err(Error::invalid(
                    format!("permissions[{i}].group"),
                    format!("no group is named '{}'; an admin creates it first", grant.group),
                ));
            }
            Err(other) => return Err(other),
        }
    }
    let mut changes = PartChanges::default();
    let existing = permissions::list(conn, viewing)?;
    for grant in &existing {
        if !wanted.iter().any(|w| w.group == grant.group) {
            permissions::remove(conn, cap, &grant.group)?;
            changes.removed.push(grant.group.clone());
        }
    }
    for (i, grant) in wanted.iter().enumerate() {
        let current = existing.iter().find(|e| e.group == grant.group);
        if current.is_some_and(|c| c.level == grant.level) {
            continue;
        }
        permissions::store(conn, cap, &grant.group, grant.level).map_err(at(&format!("permissions[{i}]")))?;
        match current {
            Some(_) => changes.updated.push(Updated { name: grant.group.clone(), fields: vec!["level".to_owned()] }),
            None => changes.created.push(grant.group.clone()),
        }
    }
    Ok(changes)
}

/// A hook of the document, checked, with what its `signed` and `secret` ask for.
fn spec(place: &str, hook: &WebhookDoc) -> Result<HookSpec> {
    let secret = match (hook.signed, &hook.secret) {
        (true, Some(secret)) => Some(Some(secret.clone())),
        // Signed, and the secret it has stays: an export never carries one.
        (true, None) => None,
        (false, None) => Some(None),
        (false, Some(_)) => {
            return Err(Error::invalid(
                format!("{place}.secret"),
                "an unsigned webhook has no secret: set `signed: true`, or leave the secret out",
            ));
        }
    };
    HookSpec::checked(&hook.url, &hook.events, hook.format, secret).map_err(at(place))
}

pub(super) fn webhooks(conn: &mut PgConnection, cap: &CanEdit, wanted: &[WebhookDoc]) -> Result<PartChanges> {
    let mut specs = Vec::new();
    for (i, hook) in wanted.iter().enumerate() {
        let place = format!("webhooks[{i}]");
        let spec = spec(&place, hook)?;
        specs.push((place, spec));
    }
    let mut changes = PartChanges::default();
    // One hook per URL: the first stored hook of a URL the document lists is kept, any other removed.
    let mut kept = Vec::new();
    for (hook, secret) in webhooks::stored(conn, cap)? {
        let listed = specs.iter().any(|(_, s)| s.url == hook.url);
        if listed && !kept.iter().any(|(k, _): &(webhooks::Webhook, Option<String>)| k.url == hook.url) {
            kept.push((hook, secret));
        } else {
            webhooks::remove(conn, cap, hook.id)?;
            changes.removed.push(hook.url);
        }
    }
    for (place, spec) in specs {
        let current = kept.iter().find(|(k, _)| k.url == spec.url);
        let needs_secret = || {
            Error::invalid(
                format!("{place}.secret"),
                format!("the webhook to {} is to sign its bodies: give its secret (exports never carry one)", spec.url),
            )
        };
        match current {
            Some((hook, stored_secret)) => {
                let secret_changes = match &spec.secret {
                    None if stored_secret.is_none() => return Err(needs_secret()),
                    None => false,
                    Some(wanted) => wanted != stored_secret,
                };
                let fields: Vec<String> = differing(&[
                    ("events", hook.events != spec.events),
                    ("format", hook.format != spec.format),
                    ("secret", secret_changes),
                ]);
                if fields.is_empty() {
                    continue;
                }
                let url = spec.url.clone();
                webhooks::change(conn, cap, hook.id, spec).map_err(at(&place))?;
                changes.updated.push(Updated { name: url, fields });
            }
            None => {
                let Some(secret) = spec.secret else { return Err(needs_secret()) };
                let input = NewWebhook {
                    url: spec.url.clone(),
                    events: spec.events.iter().map(|e| e.as_str().to_owned()).collect(),
                    secret,
                    format: Some(spec.format.as_str().to_owned()),
                };
                webhooks::insert(conn, cap, input).map_err(at(&place))?;
                changes.created.push(spec.url);
            }
        }
    }
    Ok(changes)
}
