//! Schemas for the API's OpenAPI document, for the values whose wire form serde writes by hand
//! (prefixed ids, string enums). Built only with the `openapi` feature.

use utoipa::openapi::schema::{Schema, Type};
use utoipa::openapi::{ObjectBuilder, RefOr};

/// A prefixed id on the wire: `ord_` and 32 hexadecimal digits.
pub fn id_schema(prefix: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^{prefix}_[0-9a-f]{{32}}$")))
        .examples([format!("{prefix}_0193a1b2c3d4e5f6a7b8c9d0e1f2a3b4")])
        .into()
}

/// A string enum: one of these wire names.
pub fn enum_schema(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}
