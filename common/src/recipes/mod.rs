//! What stages run: recipes from the shared cookbook or inline code, and the stages themselves.

pub mod cookbook;
pub mod import;
pub mod stages;

crate::text_enum!(
    /// How a recipe's code is run: bash recipes with `bash -eo pipefail`, python with `python3`.
    Language { Bash => "bash", Python => "python" }
);
