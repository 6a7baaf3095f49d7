//! The OpenAPI document describes the API whole: every path parameter declared, every body
//! typed, the answers of the cross-cutting layers declared. (That the API answers as the
//! document says is checked on every API call the suite makes: testkit's `conformance`.)

use serde_json::Value;

use crate::support::plain_tests;

plain_tests!(
    every_path_parameter_is_declared,
    no_body_is_an_untyped_object,
    cross_cutting_answers_are_declared,
    downloads_declare_their_file_types,
    schema_names_are_not_shared,
);

fn document() -> Value {
    serde_json::to_value(shopdeck_api::openapi_document()).unwrap()
}

/// (METHOD path, operation) for every operation.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                ops.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
    }
    ops
}

async fn every_path_parameter_is_declared() {
    let doc = document();
    let ops = operations(&doc);
    assert!(ops.len() > 150, "{} operations", ops.len());
    let mut missing = Vec::new();
    for (method, path, op) in &ops {
        let declared: Vec<&str> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for name in path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        {
            if !declared.contains(&name) {
                missing.push(format!("{method} {path}: {{{name}}}"));
            }
        }
        for name in &declared {
            if !path.contains(&format!("{{{name}}}")) {
                missing.push(format!("{method} {path}: `{name}` is not in the path"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "path parameters wrong:\n{}",
        missing.join("\n")
    );
}

/// A schema that says nothing but "an object": no properties, no map values, no reference.
fn untyped(schema: &Value) -> bool {
    let Some(o) = schema.as_object() else {
        return false;
    };
    if let Some(items) = o.get("items") {
        return untyped(items);
    }
    let says_object = o.get("type") == Some(&Value::from("object"))
        || o.get("type")
            .and_then(Value::as_array)
            .is_some_and(|t| t.contains(&Value::from("object")));
    says_object
        && [
            "properties",
            "additionalProperties",
            "$ref",
            "allOf",
            "oneOf",
            "anyOf",
        ]
        .iter()
        .all(|k| !o.contains_key(*k))
}

async fn no_body_is_an_untyped_object() {
    let doc = document();
    let mut bare = Vec::new();
    for (method, path, op) in operations(&doc) {
        let bodies = op["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(ct, c)| (format!("request {ct}"), c["schema"].clone()))
            .chain(
                op["responses"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .flat_map(|(status, r)| {
                        r["content"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(move |(ct, c)| (format!("{status} {ct}"), c["schema"].clone()))
                    }),
            );
        for (which, schema) in bodies {
            if untyped(&schema) {
                bare.push(format!("{method} {path}: {which}"));
            }
        }
    }
    // Component schemas' fields too (an array of bare objects hides the same way).
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        for (field, prop) in schema["properties"].as_object().into_iter().flatten() {
            if prop.get("items").is_some_and(untyped) {
                bare.push(format!(
                    "schema {name}.{field}: an array of untyped objects"
                ));
            }
        }
    }
    assert!(bare.is_empty(), "untyped bodies:\n{}", bare.join("\n"));
}

async fn cross_cutting_answers_are_declared() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let declares = |status: &str| op["responses"].get(status).is_some();
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        if secured {
            assert!(
                declares("401"),
                "{method} {path} is authenticated but declares no 401"
            );
        }
        if path.contains('{') {
            assert!(
                declares("400") && declares("404"),
                "{method} {path}: 400 and 404"
            );
        }
        if method == "POST" {
            assert!(
                declares("409") && declares("422"),
                "{method} {path}: idempotency answers"
            );
            assert!(
                op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"),
                "{method} {path} documents Idempotency-Key"
            );
        }
        for (status, response) in op["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') {
                let content = response["content"].as_object();
                assert!(
                    content.is_some_and(|c| c.keys().all(|k| k == "application/problem+json")),
                    "{method} {path} → {status} is not a problem: {response}"
                );
            }
        }
    }
}

async fn downloads_declare_their_file_types() {
    let doc = document();
    let types = |path: &str| -> Vec<String> {
        let mut t: Vec<String> = doc["paths"][path]["get"]["responses"]["200"]["content"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} declares its file"))
            .keys()
            .cloned()
            .collect();
        t.sort();
        t
    };
    let sheets = [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    ];
    for path in [
        "/shop/orders/exports/{id}/file",
        "/shop/bulk/jobs/{id}/file",
        "/shop/bulk/template",
    ] {
        assert_eq!(types(path), sheets, "{path}");
    }
    assert_eq!(types("/shop/bulk/jobs/{id}/report"), ["text/csv"]);
    assert_eq!(types("/shop/documents"), ["application/pdf"]);
    assert_eq!(types("/buyer/returns/{id}/label"), ["application/pdf"]);
}

async fn schema_names_are_not_shared() {
    // utoipa keys schemas by type name, so two types of one name would silently become one
    // schema. The ones that collided are renamed; their fields say which is which.
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let fields = |name: &str| -> Vec<String> {
        schemas[name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("schema {name}"))
            .keys()
            .cloned()
            .collect()
    };
    assert!(fields("BuyerAddressDto").contains(&"recipient_name".to_owned()));
    assert!(fields("ShopAddressDto").contains(&"contact_name".to_owned()));
    assert!(fields("ProductReviewDto").contains(&"actor_type".to_owned()));
    assert!(!fields("ShopReviewDto").contains(&"actor_type".to_owned()));
    assert!(fields("ShopDto").contains(&"time_zone".to_owned()));
    assert!(!fields("MembershipDto").contains(&"time_zone".to_owned()));
    assert_eq!(
        schemas["MeDto"]["properties"]["current_shop"]["oneOf"][1]["$ref"],
        "#/components/schemas/MembershipDto",
        "{}",
        schemas["MeDto"]
    );
    for name in [
        "AddressDto",
        "AddressRequest",
        "ReviewDto",
        "DecisionBody",
        "ExportBody",
    ] {
        assert!(schemas.get(name).is_none(), "{name} is ambiguous");
    }
}
