//! Rolf's shared library: the domain (deployments, access, pushes), its storage, authorization and configuration.
//!
//! Error policy: model code returns [`Error`]; the HTTP edge maps it to statuses once (`rolf-api`'s `error`
//! module). Domain functions are synchronous and take a `&mut PgConnection`, so the API runs them on the
//! connection pool's blocking threads through [`db::Db`].

pub mod access;
pub mod audit;
pub mod authz;
pub mod catalog;
pub mod config;
pub mod db;
pub mod dispatch;
pub mod error;
pub mod events;
pub mod freezes;
pub mod ids;
pub mod jobs;
pub mod original;
pub mod pushes;
pub mod queue;
pub mod recipes;
pub mod schedules;
pub mod schema;
pub mod stats;
pub mod text_enum;
pub mod validate;
pub mod webhooks;
pub mod workers;

pub use error::{Error, Result};
