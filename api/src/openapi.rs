//! The OpenAPI document: paths come from the handlers' annotations; this module adds what every operation
//! shares (bearer security, the auth and body errors) so each handler only lists its own outcomes.

use rolf_common::validate::together::Together;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi as Spec, RefOr, Response};
use utoipa::{Modify, OpenApi, ToResponse};

use crate::error::ErrorBody;

/// Reusable error responses; all share the `ErrorBody` shape.
pub mod responses {
    use crate::error::ErrorBody;

    /// Malformed JSON (or YAML, for a deployment document), a field of the wrong type, an unknown field, or a bad
    /// query string (`bad_request`).
    #[derive(utoipa::ToResponse)]
    pub struct BadRequest(#[allow(dead_code)] ErrorBody);

    /// No bearer token, or one that is invalid, expired or revoked (`unauthorized`).
    #[derive(utoipa::ToResponse)]
    pub struct Unauthorized(#[allow(dead_code)] ErrorBody);

    /// The caller may see the object but not do this to it (`forbidden`).
    #[derive(utoipa::ToResponse)]
    pub struct Forbidden(#[allow(dead_code)] ErrorBody);

    /// No such object, or one the caller may not see (`not_found`).
    #[derive(utoipa::ToResponse)]
    pub struct NotFound(#[allow(dead_code)] ErrorBody);

    /// The name is taken, or the object is still in use (`conflict`).
    #[derive(utoipa::ToResponse)]
    pub struct Conflict(#[allow(dead_code)] ErrorBody);

    /// The body is over 1 MiB (`payload_too_large`).
    #[derive(utoipa::ToResponse)]
    pub struct PayloadTooLarge(#[allow(dead_code)] ErrorBody);

    /// The body is not declared as `application/json` (or, for a deployment document, YAML)
    /// (`unsupported_media_type`).
    #[derive(utoipa::ToResponse)]
    pub struct UnsupportedMediaType(#[allow(dead_code)] ErrorBody);

    /// Well-formed input that breaks a rule; `field` names the input at fault (`invalid`).
    #[derive(utoipa::ToResponse)]
    pub struct Invalid(#[allow(dead_code)] ErrorBody);

    /// Too many failed sign-ins for this username or address; see `Retry-After` (`too_many_requests`).
    #[derive(utoipa::ToResponse)]
    pub struct TooManyRequests(#[allow(dead_code)] ErrorBody);

    /// Postgres or Redis is unreachable (`unavailable`), or the sign-in directory is (`directory_unavailable`).
    #[derive(utoipa::ToResponse)]
    pub struct Unavailable(#[allow(dead_code)] ErrorBody);

    /// An unexpected failure, logged by the API; the message never says more than that (`internal`).
    #[derive(utoipa::ToResponse)]
    pub struct InternalError(#[allow(dead_code)] ErrorBody);
}

use responses::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rolf",
        description = "Deployment service: deployments with settings, flags and ordered stages, run as pushes \
                       by workers. Authenticate with `Authorization: Bearer <token>`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    components(
        schemas(ErrorBody, rolf_common::pushes::feed::FeedEvent),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnsupportedMediaType,
            Invalid,
            TooManyRequests,
            Unavailable,
            InternalError
        ),
    )
)]
pub struct ApiDoc;

/// Applied after the routes' paths are collected (a derive-time modifier would see no paths yet).
pub struct Shared;

fn reference<'a, R: ToResponse<'a>>() -> RefOr<Response> {
    RefOr::Ref(utoipa::openapi::Ref::from_response_name(R::response().0))
}

fn add(op: &mut Operation, status: &str, response: RefOr<Response>) {
    op.responses.responses.entry(status.to_owned()).or_insert(response);
}

/// OpenAPI requires a `description` on every response object; a handler that gives none gets the status's
/// reason phrase (`OK`, `Created`, `No Content`...).
fn describe(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        if let RefOr::T(response) = response
            && response.description.is_empty()
        {
            let reason = status.parse::<u16>().ok().and_then(|s| actix_web::http::StatusCode::from_u16(s).ok());
            response.description =
                reason.and_then(|s| s.canonical_reason()).unwrap_or("the operation's answer").to_owned();
        }
    }
}

/// The rule a parameter's value must meet, stated in its schema (`rolf_common::validate::schema`). Path segments
/// that break a name rule cannot name anything (404); `PUT` of a setting refuses one with 422.
fn parameter_schema(path: &str, name: &str, location: &ParameterIn) -> Option<Schema> {
    use rolf_common::validate::schema as rule;
    let range = |min: i64, max: Option<i64>| {
        Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(min))
                .maximum(max)
                .build(),
        )
    };
    match (location, name) {
        (ParameterIn::Path, "name") if path.contains("/settings/") => Some(Schema::Object(rule::env_var_name())),
        (ParameterIn::Path, "group") => Some(Schema::Object(rule::group_name())),
        (ParameterIn::Path, "name") if path.starts_with("/api/v1/groups/") || path.contains("/service-accounts/") => {
            Some(Schema::Object(rule::group_name()))
        }
        (ParameterIn::Query, "limit") => Some(range(1, Some(page_limit(path)))),
        (ParameterIn::Query, "after") => Some(range(0, None)),
        _ => None,
    }
}

/// The largest page each listing serves.
fn page_limit(path: &str) -> i64 {
    if path.ends_with("/log") {
        rolf_common::pushes::log::MAX_PAGE
    } else if path.ends_with("/audit") {
        rolf_common::audit::MAX_PAGE
    } else if path.ends_with("/deliveries") {
        rolf_common::webhooks::deliveries::MAX_PAGE
    } else {
        rolf_common::pushes::MAX_PAGE
    }
}

/// Query and header parameters are optional by `required: false`; a value is never `null` on the wire.
fn not_null(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema
        && let SchemaType::Array(types) = &object.schema_type
    {
        let types: Vec<Type> = types.iter().filter(|t| **t != Type::Null).cloned().collect();
        if let [only] = types.as_slice() {
            object.schema_type = SchemaType::Type(only.clone());
        }
    }
}

fn constrain_parameters(path: &str, op: &mut Operation) {
    for parameter in op.parameters.iter_mut().flatten() {
        let RefOr::T(parameter) = parameter else { continue };
        if let Some(schema) = parameter_schema(path, &parameter.name, &parameter.parameter_in) {
            parameter.schema = Some(RefOr::T(schema));
        }
        if parameter.parameter_in == ParameterIn::Query && parameter.name == "status" && path.ends_with("/pushes") {
            parameter.schema = Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("PushStatus")));
        }
        if parameter.parameter_in != ParameterIn::Path
            && let Some(schema) = parameter.schema.as_mut()
        {
            not_null(schema);
        }
    }
}

/// Adds the combinations of `T`'s fields it may not have to its schema (`rolf_common::validate::together`); the
/// object model has no `not`, so it goes in as an extension, which is written out as a keyword like any other.
fn together<T: Together>(schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>) {
    if let Some(RefOr::T(Schema::Object(object))) = schemas.get_mut(T::name().as_ref()) {
        let not = serde_json::json!({"anyOf": T::forbidden()});
        object.extensions.get_or_insert_with(Default::default).insert("not".to_owned(), not);
    }
}

impl Modify for Shared {
    fn modify(&self, spec: &mut Spec) {
        let components = spec.components.get_or_insert_with(Default::default);
        together::<rolf_common::recipes::stages::NewStage>(&mut components.schemas);
        together::<rolf_common::recipes::stages::StagePatch>(&mut components.schemas);
        together::<rolf_common::catalog::flags::NewFlag>(&mut components.schemas);
        together::<rolf_common::catalog::flags::FlagPatch>(&mut components.schemas);
        together::<rolf_common::schedules::NewSchedule>(&mut components.schemas);
        together::<rolf_common::freezes::NewFreeze>(&mut components.schemas);
        together::<rolf_common::original::OriginalExport>(&mut components.schemas);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        // The headers the error edge (`error.rs`) always sends with these answers.
        let headers = [
            (Unauthorized::response().0, "WWW-Authenticate", Type::String, "`Bearer`."),
            (TooManyRequests::response().0, "Retry-After", Type::Integer, "Seconds until sign-in is allowed again."),
        ];
        for (response, name, ty, description) in headers {
            if let Some(RefOr::T(response)) = components.responses.get_mut(response) {
                let schema = ObjectBuilder::new().schema_type(ty).build();
                let header =
                    utoipa::openapi::header::HeaderBuilder::new().schema(Some(schema)).description(Some(description));
                response.headers.insert(name.to_owned(), RefOr::T(header.build()));
            }
        }
        for (path, item) in spec.paths.paths.iter_mut() {
            let authenticated = path.starts_with("/api/v1/") && !crate::auth::PUBLIC_PATHS.contains(&path.as_str());
            let ops =
                [item.get.as_mut(), item.put.as_mut(), item.post.as_mut(), item.delete.as_mut(), item.patch.as_mut()];
            for op in ops.into_iter().flatten() {
                describe(op);
                constrain_parameters(path, op);
                // Handler names repeat across resources (`list`, `get_one`); operation ids must be unique.
                if let (Some(tag), Some(id)) = (op.tags.as_ref().and_then(|t| t.first()), op.operation_id.as_ref()) {
                    op.operation_id = Some(format!("{}_{id}", tag.replace('-', "_")));
                }
                if path.starts_with("/api/v1/") {
                    add(op, "503", reference::<Unavailable>());
                }
                // Any operation can meet a failure nobody foresaw (`ApiError`'s `internal`).
                add(op, "500", reference::<InternalError>());
                if authenticated {
                    op.security =
                        Some(vec![utoipa::openapi::security::SecurityRequirement::new("bearer", Vec::<String>::new())]);
                    add(op, "401", reference::<Unauthorized>());
                }
                if op.request_body.is_some() {
                    add(op, "400", reference::<BadRequest>());
                    add(op, "413", reference::<PayloadTooLarge>());
                    add(op, "415", reference::<UnsupportedMediaType>());
                }
            }
        }
    }
}
