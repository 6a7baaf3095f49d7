//! Every `/api/v1` answer a test receives is held against the OpenAPI document: the route and
//! method are documented, the status is declared for that operation, the content type is one
//! it declares, and a JSON body validates against the declared schema (OpenAPI 3.1 schemas are
//! JSON Schema 2020-12; `$ref`s resolve against the document's components, embedded in each
//! schema compiled). A violation fails the test that received the answer, naming the route.
//!
//! The document is read and its routes indexed once per test process; a schema is compiled the
//! first time an answer needs it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

/// Where the API is mounted; the document's paths are relative to it.
const PREFIX: &str = "/api/v1";

struct Document {
    doc: Value,
    /// (path template split into segments, the template) of every documented path.
    routes: Vec<(Vec<String>, String)>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

fn document() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc = serde_json::to_value(shopdeck_api::openapi_document())
            .expect("the OpenAPI document serialises");
        let routes = doc["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .keys()
                    .map(|p| (segments(p), p.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Document {
            doc,
            routes,
            validators: Mutex::default(),
        }
    })
}

fn segments(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

impl Document {
    /// The documented path template this concrete path falls under: the one with the most
    /// literal segments in common (so `/shop/orders/settings` wins over `/shop/orders/{id}`).
    fn route(&self, path: &str) -> Option<&str> {
        let parts = segments(path);
        self.routes
            .iter()
            .filter(|(tpl, _)| {
                tpl.len() == parts.len()
                    && tpl
                        .iter()
                        .zip(&parts)
                        .all(|(t, p)| t.starts_with('{') || t == p)
            })
            .max_by_key(|(tpl, _)| tpl.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(_, p)| p.as_str())
    }

    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let mut cache = self
            .validators
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = cache.get(key) {
            return Ok(v.clone());
        }
        // The declared schema with the document's components beside it, so that
        // `#/components/schemas/…` resolves inside this one JSON Schema document.
        let mut root = match schema {
            Value::Object(o) => o.clone(),
            other => {
                let mut m = serde_json::Map::new();
                m.insert("allOf".into(), Value::Array(vec![other.clone()]));
                m
            }
        };
        root.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        root.insert("components".into(), self.doc["components"].clone());
        let v = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .map_err(|e| format!("the declared schema does not compile: {e}"))?;
        let v = Arc::new(v);
        cache.insert(key.to_owned(), v.clone());
        Ok(v)
    }
}

/// Fails the calling test when the answer is not what the document says. With
/// `SHOPDECK_OPENAPI_REPORT=<file>` set, appends the violation to that file and goes on
/// instead, to see every violation of a whole run at once while fixing them.
pub fn enforce(method: &str, uri_path: &str, status: u16, content_type: &str, body: &[u8]) {
    let Err(violation) = check(method, uri_path, status, content_type, body) else {
        return;
    };
    if let Some(file) = std::env::var_os("SHOPDECK_OPENAPI_REPORT") {
        use std::io::Write as _;
        let line = violation.replace('\n', " ");
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
        {
            let _ = writeln!(f, "{line}");
            return;
        }
    }
    panic!("OpenAPI conformance: {violation}");
}

/// Checks one answer; `Err` says what is wrong. Paths outside `/api/v1` (pages, media, health)
/// and the document itself are not described by it and pass.
pub fn check(
    method: &str,
    uri_path: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), String> {
    let Some(path) = uri_path.strip_prefix(PREFIX) else {
        return Ok(());
    };
    if path == "/openapi.json" {
        return Ok(());
    }
    let d = document();
    let method = method.to_ascii_lowercase();
    let op = d
        .route(path)
        .and_then(|tpl| d.doc["paths"][tpl].get(&method).map(|op| (tpl, op)));
    let Some((tpl, op)) = op else {
        // The router's own answers for what it does not serve (docs/API.md: an unknown path is
        // a 404, a method a route does not take a 405), both problems.
        let problem = content_type == "application/problem+json";
        if (status == 404 || status == 405) && problem {
            return Ok(());
        }
        return Err(format!(
            "{} {path} is not in the OpenAPI document (answered {status})",
            method.to_ascii_uppercase()
        ));
    };
    let Some(response) = op["responses"].get(status.to_string()) else {
        return Err(format!(
            "status {status} is not declared (declared: {}); body: {}",
            op["responses"]
                .as_object()
                .map(|r| r.keys().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            String::from_utf8_lossy(&body[..body.len().min(600)])
        ))
        .map_err(|e| format!("{} {tpl}: {e}", method.to_ascii_uppercase()));
    };
    let here = |e: String| format!("{} {tpl} → {status}: {e}", method.to_ascii_uppercase());
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        if body.is_empty() {
            return Ok(());
        }
        return Err(here(format!(
            "the document declares no body, but one came ({content_type})"
        )));
    };
    let declared = content.iter().find(|(k, _)| media_matches(k, &media));
    let Some((declared_type, declared)) = declared else {
        return Err(here(format!(
            "content type `{content_type}` is not declared (declared: {})",
            content.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    };
    let json = media == "application/json" || media.ends_with("+json");
    let Some(schema) = declared.get("schema").filter(|_| json) else {
        return Ok(());
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|e| here(format!("the body is not JSON ({e})")))?;
    let key = format!("{method} {tpl} {status} {declared_type}");
    let validator = d.validator(&key, schema).map_err(here)?;
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(here(format!(
            "the body does not match the declared schema:\n  {}\nbody: {}",
            errors.join("\n  "),
            String::from_utf8_lossy(&body[..body.len().min(2000)])
        )))
    }
}

/// `image/*` covers `image/png`; anything else matches exactly.
fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared.to_ascii_lowercase();
    match declared.strip_suffix("/*") {
        Some(kind) => actual.split('/').next() == Some(kind),
        None => declared == "*/*" || declared == actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        let d = document();
        assert_eq!(
            d.route("/shop/orders/settings"),
            Some("/shop/orders/settings")
        );
        assert_eq!(d.route("/shop/orders/ord_1"), Some("/shop/orders/{id}"));
        assert_eq!(
            d.route("/shop/orders/exports"),
            Some("/shop/orders/exports")
        );
    }

    #[test]
    fn undeclared_statuses_and_bad_bodies_are_caught() {
        assert!(
            check(
                "GET",
                "/api/v1/categories",
                200,
                "application/json",
                b"{\"data\": 5}"
            )
            .is_err()
        );
        assert!(check("GET", "/api/v1/categories", 418, "application/json", b"{}").is_err());
        assert!(
            check(
                "GET",
                "/api/v1/nope",
                404,
                "application/problem+json",
                b"{}"
            )
            .is_ok()
        );
        assert!(check("GET", "/seller", 200, "text/html", b"<html>").is_ok());
    }
}
