//! Where deployments live: categories > applications > deployments, copying a deployment, and a deployment as
//! a document (export, apply).

pub mod applications;
pub mod apply;
pub mod categories;
pub mod clone;
pub mod deployments;
pub mod export;
pub mod flag_rules;
pub mod flags;
pub mod last_push;
pub mod settings;

/// Tells "field absent" (leave as is) from "field null" (clear it) in a PATCH body.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(de).map(Some)
}
