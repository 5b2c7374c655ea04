//! Rules that tie a body's fields together, stated in its schema so that a body the schema accepts passes these
//! checks too: a stage names a cookbook recipe or brings its own code, never both; only a choice flag has choices.
//! A body lists the combinations of fields it may not have ([`Together::forbidden`]), and the API's OpenAPI
//! document adds them to the body's schema as `"not": {"anyOf": [...]}`. A `null` counts as left out, as serde
//! reads an `Option`.
//!
//! Why `not` and not `if`/`then`/`else` or `anyOf` of the allowed shapes, which say the same: client generators
//! (openapi-typescript, for the web) turn an `anyOf` into a union of partial types that no longer type-check where
//! a body is built field by field, and schemathesis generates from `if`/`then` many times more slowly; both read
//! `not` well (the generator leaves it out of the types, the fuzzer filters by it).
//!
//! What depends on stored rows (an id that must exist, the kind a patch leaves as it is) or compares two values
//! (`ends_at` after `starts_at`, a default among the choices) is beyond what a schema states; the checks alone
//! hold those.

use serde_json::{Map, Value, json};

/// A request body whose fields depend on each other.
pub trait Together: utoipa::ToSchema {
    /// The combinations of fields the body may not have, each a schema that matches them ([`shape`]).
    fn forbidden() -> Vec<Value>;
}

/// A combination of field states, each made by [`given`], [`left_out`], [`is`], [`within`] or [`has`].
pub fn shape(parts: &[Value]) -> Value {
    let mut required = Vec::new();
    let mut properties = Map::new();
    for part in parts {
        required.extend(part["required"].as_array().into_iter().flatten().cloned());
        for (field, schema) in part["properties"].as_object().into_iter().flatten() {
            match properties.remove(field) {
                Some(earlier) => properties.insert(field.clone(), json!({"allOf": [earlier, schema]})),
                None => properties.insert(field.clone(), schema.clone()),
            };
        }
    }
    let mut shape = json!({"properties": properties});
    if !required.is_empty() {
        shape["required"] = Value::Array(required);
    }
    shape
}

/// The field is present and meets `schema`.
pub fn has(field: &str, schema: Value) -> Value {
    json!({"required": [field], "properties": {field: schema}})
}

/// The field is present and not `null`: a value of JSON type `json_type`.
pub fn given(field: &str, json_type: &str) -> Value {
    has(field, json!({"type": json_type}))
}

/// The field is absent or `null`.
pub fn left_out(field: &str) -> Value {
    json!({"properties": {field: {"type": "null"}}})
}

/// The field is present and one of `values` (a JSON array).
pub fn is(field: &str, values: Value) -> Value {
    has(field, json!({"enum": values}))
}

/// The field is absent or one of `values` (a JSON array).
pub fn within(field: &str, values: Value) -> Value {
    json!({"properties": {field: {"enum": values}}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shape_joins_its_parts() {
        let joined = shape(&[given("recipe_id", "integer"), left_out("code"), within("code", json!([null, ""]))]);
        assert_eq!(
            joined,
            json!({
                "required": ["recipe_id"],
                "properties": {
                    "recipe_id": {"type": "integer"},
                    "code": {"allOf": [{"type": "null"}, {"enum": [null, ""]}]},
                },
            })
        );
    }
}
