//! An in-process HTTP client over the router, with a cookie jar like a browser's.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    /// Asserts a problem+json answer with this status and code, and returns the document.
    pub fn assert_problem(&self, status: u16, code: &str) -> serde_json::Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "status; body: {}",
            self.text()
        );
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "content type"
        );
        let doc = self.json();
        assert_eq!(doc["status"], status);
        assert_eq!(doc["code"], code, "problem code in {doc}");
        assert!(doc["type"].as_str().is_some_and(|t| t.ends_with(code)));
        assert!(doc["title"].is_string());
        doc
    }
}

/// Sends requests through the router and keeps the cookies it sets.
#[derive(Clone)]
pub struct TestClient {
    router: axum::Router,
    cookies: Arc<Mutex<BTreeMap<String, String>>>,
    headers: HeaderMap,
}

impl TestClient {
    pub fn new(router: axum::Router) -> Self {
        TestClient {
            router,
            cookies: Arc::default(),
            headers: HeaderMap::new(),
        }
    }

    /// Sends this header with every request (e.g. `Accept-Language`).
    pub fn with_header(mut self, name: &'static str, value: &str) -> Self {
        if let Ok(v) = value.parse() {
            self.headers.insert(name, v);
        }
        self
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().ok()?.get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        if let Ok(mut c) = self.cookies.lock() {
            c.insert(name.to_owned(), value.to_owned());
        }
    }

    pub async fn send(&self, mut req: Request<Body>) -> TestResponse {
        for (k, v) in &self.headers {
            req.headers_mut().insert(k.clone(), v.clone());
        }
        let jar = self
            .cookies
            .lock()
            .map(|c| {
                c.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        if !jar.is_empty()
            && let Ok(v) = jar.parse()
        {
            req.headers_mut().insert(header::COOKIE, v);
        }
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router never fails");
        let (parts, body) = res.into_parts();
        let body = body
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        if let Ok(mut jar) = self.cookies.lock() {
            for v in parts.headers.get_all(header::SET_COOKIE) {
                let Ok(v) = v.to_str() else { continue };
                let Some((pair, attrs)) = v.split_once(';').or(Some((v, ""))) else {
                    continue;
                };
                let Some((name, value)) = pair.split_once('=') else {
                    continue;
                };
                if attrs.contains("Max-Age=0") {
                    jar.remove(name.trim());
                } else {
                    jar.insert(name.trim().to_owned(), value.trim().to_owned());
                }
            }
        }
        let res = TestResponse {
            status: parts.status,
            headers: parts.headers,
            body,
        };
        // Every API answer must be what the OpenAPI document says it is.
        crate::conformance::enforce(
            method.as_str(),
            &path,
            res.status.as_u16(),
            res.content_type(),
            &res.body,
        );
        res
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(
            Request::get(path)
                .header(header::ACCEPT, "text/html,application/json")
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Body,
        content_type: Option<&str>,
    ) -> TestResponse {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        self.send(b.body(body).expect("request")).await
    }

    pub async fn post_json(&self, path: &str, json: &serde_json::Value) -> TestResponse {
        self.request(
            Method::POST,
            path,
            Body::from(json.to_string()),
            Some("application/json"),
        )
        .await
    }

    /// Posts a form the way a browser would, with the CSRF token from the cookie.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut all: Vec<(&str, String)> =
            fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        if let Some(token) = self.cookie("sd_csrf") {
            all.push(("_csrf", token));
        }
        self.post_form_raw(path, &all).await
    }

    /// Posts a multipart form the way a browser would, with the CSRF token from the cookie:
    /// text `fields`, then `files` as (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let token = self.cookie("sd_csrf").unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        let (body, content_type) = multipart(&all, files);
        self.request(Method::POST, path, Body::from(body), Some(&content_type))
            .await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, String)]) -> TestResponse {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.request(
            Method::POST,
            path,
            Body::from(body),
            Some("application/x-www-form-urlencoded"),
        )
        .await
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A `multipart/form-data` body of text `fields` and `files` (field, file name, bytes), and
/// its content type.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (Vec<u8>, String) {
    let boundary = "----shopdeck-test-boundary-7d3f";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (body, format!("multipart/form-data; boundary={boundary}"))
}
