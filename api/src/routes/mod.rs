//! One module per resource. Handlers extract, authorize through one check of `rolf_common::authz` (directly,
//! or through `AppState::on_deployment` / `on_push` / `on_stage`, which run the check and the domain call in one
//! transaction, or `reading_push`, which runs them without one for reads), pass the capability the check returned
//! to the domain function, and return its DTO; a stream keeps an owned capability (`LogReader`, `FeedScope`) for
//! as long as it runs. A domain function that reads or changes a protected object takes that capability, so
//! skipping the check does not compile. What is not protected takes none: the cookbook, which every signed-in
//! user may read, and the caller's own tokens and session, which the caller's identity is proof enough for.

pub mod applications;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod categories;
pub mod deployments;
pub mod documents;
pub mod events;
pub mod flags;
pub mod freezes;
pub mod groups;
pub mod health;
pub mod imports;
pub mod logs;
pub mod me;
pub mod permissions;
pub mod pushes;
pub mod recipes;
pub mod schedules;
pub mod service_accounts;
pub mod settings;
pub mod stages;
pub mod stream;
pub mod tokens;
pub mod webhooks;
pub mod workers;

use utoipa_actix_web::service_config::ServiceConfig;

/// Everything under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    // The router tries routes in this order, a regex each: pushes first, as polling clients read them most.
    // None of their patterns matches a path another module serves, so the order changes nothing else.
    cfg.configure(pushes::configure)
        .configure(categories::configure)
        .configure(applications::configure)
        .configure(documents::configure)
        .configure(deployments::configure)
        .configure(settings::configure)
        .configure(flags::configure)
        .configure(stages::configure)
        .configure(recipes::configure)
        .configure(imports::configure)
        .configure(permissions::configure)
        .configure(groups::configure)
        .configure(tokens::configure)
        .configure(service_accounts::configure)
        .configure(me::configure)
        .configure(audit::configure)
        .configure(auth::configure)
        .configure(approvals::configure)
        .configure(freezes::configure)
        .configure(schedules::configure)
        .configure(stream::configure)
        .configure(events::configure)
        .configure(logs::configure)
        .configure(webhooks::configure)
        .configure(workers::configure);
}
