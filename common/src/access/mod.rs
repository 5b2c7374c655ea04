//! Who may do what: users and service accounts, Rolf groups with their directory mappings, grants on
//! deployments, and API tokens.

pub mod callers;
pub mod explain;
pub mod groups;
pub mod permissions;
pub mod sessions;
pub mod tokens;
pub mod users;
