//! The HTTP application: the API and the web UI under one router, with the cross-cutting
//! layers (security headers, request ids, logs, metrics, limits, timeouts, compression, panic
//! safety).

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, USER_AGENT, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::middleware;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use shopdeck_api::Problem;
use shopdeck_app::App;
use shopdeck_app::auth::ClientInfo;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// What the HTTP layer needs beyond the use-cases.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    pub secure_cookies: bool,
    /// Take the client's address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Serve `/metrics` on this router too, to callers that send this bearer token. Without
    /// one the public router has no `/metrics` (a separate address can serve it: see
    /// [`metrics_router`]).
    pub metrics_token: Option<MetricsToken>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            secure_cookies: false,
            trust_forwarded_for: false,
            metrics_token: None,
        }
    }
}

/// The bearer token that opens `/metrics`; redacted in `Debug`.
#[derive(Clone)]
pub struct MetricsToken(String);

impl MetricsToken {
    pub fn new(token: impl Into<String>) -> Self {
        MetricsToken(token.into())
    }

    /// Whether the request carries this token as `Authorization: Bearer …`, compared without
    /// an early exit so timing reveals nothing.
    fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(sent) = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let (a, b) = (sent.trim().as_bytes(), self.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(***)")
    }
}

/// The largest upload any route accepts (bulk import files are at most 64 MiB; documents
/// 10 MiB, images 5 MB). Each upload route sets its own smaller limit.
pub const MAX_UPLOAD_BYTES: usize = 65 * 1024 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The Content-Security-Policy of every answer. Pages load scripts, styles, images and video
/// from Shopdeck itself and nothing inline (the web crate keeps them in `/assets/`), talk only
/// to Shopdeck (the live page polls the JSON API), are never framed, and post forms only to
/// Shopdeck: to this origin, or to the public URL's when the site is reached by another name
/// (a checkout form's answer redirects to the payment page there).
pub fn content_security_policy(public_url: &str) -> String {
    let public_origin = url::Url::parse(public_url)
        .ok()
        .map(|u| u.origin())
        .filter(url::Origin::is_tuple)
        .map(|o| format!(" {}", o.ascii_serialization()))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
         media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'{public_origin}"
    )
}

/// One year, without `includeSubDomains`: other hosts under the same domain are not ours to
/// pin to HTTPS.
const HSTS: &str = "max-age=31536000";

/// The whole router, ready to serve.
pub fn router(app: App, settings: &HttpSettings) -> Router {
    crate::metrics::handle();
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(app.clone());
    // Metrics name routes, volumes and queue sizes: not for the public unless asked for.
    let ops = match &settings.metrics_token {
        Some(token) => ops.merge(metrics_router(app.clone(), Some(token.clone()))),
        None => ops,
    };
    let web = shopdeck_web::router(
        app.clone(),
        shopdeck_web::WebSettings {
            secure_cookies: settings.secure_cookies,
        },
    );
    let csp = HeaderValue::from_str(&content_security_policy(&app.settings.public_url))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    // Browsers heed HSTS only over HTTPS; sent over plain HTTP it would only mislead.
    let hsts = app.settings.public_url.starts_with("https://").then(|| {
        SetResponseHeaderLayer::if_not_present(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        )
    });
    let app_for_answers = app.clone();
    Router::new()
        .merge(ops)
        .merge(shopdeck_api::router(app))
        .merge(web)
        .fallback(not_found)
        // Next to the handlers: tags the storefront's answers, 304 for a known tag.
        .layer(middleware::from_fn(crate::revalidate::storefront))
        .layer(middleware::from_fn_with_state(
            ClientSettings {
                trust_forwarded_for: settings.trust_forwarded_for,
                secure_cookies: settings.secure_cookies,
            },
            client_info,
        ))
        .layer(middleware::from_fn_with_state(
            settings.max_body_bytes,
            crate::text_guard::refuse_control_characters,
        ))
        // Innermost, where the route template is known and bodies are still axum's.
        .layer(middleware::from_fn(crate::metrics::track))
        .layer(
            ServiceBuilder::new()
                // Outermost, so that every answer carries them, errors from the layers below
                // included. A handler may set its own (stricter) values.
                .layer(SetResponseHeaderLayer::if_not_present(
                    CONTENT_SECURITY_POLICY,
                    csp,
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .option_layer(hsts)
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                        let id = req
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                    }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CatchPanicLayer::custom(|_| {
                    tracing::error!("a handler panicked");
                    Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
                }))
                // The storefront API's answers as sent, compressed (outside the compression).
                .layer(middleware::from_fn_with_state(
                    crate::revalidate::Answers::new(app_for_answers),
                    crate::revalidate::keep_public,
                ))
                // Video is compressed already, and a compressed body loses `Accept-Ranges`.
                // Level 4, not the libraries' defaults: brotli's is 11, which took longer to
                // compress a storefront page than to make it.
                .layer(
                    CompressionLayer::new()
                        .quality(CompressionLevel::Precise(4))
                        .compress_when(
                            DefaultPredicate::new().and(NotForContentType::const_new("video/")),
                        ),
                )
                .layer(middleware::map_response(problem_for_bare_errors))
                // The hard cap allows uploads; JSON and forms keep the smaller default below,
                // and upload routes raise theirs.
                .layer(RequestBodyLimitLayer::new(
                    settings.max_body_bytes.max(MAX_UPLOAD_BYTES),
                ))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    settings.request_timeout,
                ))
                .layer(DefaultBodyLimit::max(settings.max_body_bytes)),
        )
}

/// What `client_info` needs to know.
#[derive(Debug, Clone, Copy)]
struct ClientSettings {
    trust_forwarded_for: bool,
    secure_cookies: bool,
}

/// The browser's long-lived device cookie (log-in throttling lets a known device through).
const DEVICE_COOKIE: &str = "sd_device";
/// The same for API clients, which keep their own random id.
const DEVICE_HEADER: &str = "shopdeck-device";

fn valid_device(v: &str) -> bool {
    (16..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Tells handlers who is calling: the user agent, the IP address from the connection or,
/// behind a trusted proxy, from the first `X-Forwarded-For` entry, and the device (a
/// browser gets its device cookie on its first page).
async fn client_info(
    State(settings): State<ClientSettings>,
    mut req: Request,
    next: Next,
) -> Response {
    let forwarded = settings
        .trust_forwarded_for
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let sent_device = req
        .headers()
        .get(DEVICE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            axum_extra::extract::CookieJar::from_headers(req.headers())
                .get(DEVICE_COOKIE)
                .map(|c| c.value().to_owned())
        })
        .filter(|d| valid_device(d));
    let is_api = req.uri().path().starts_with("/api/");
    let new_device = (sent_device.is_none() && !is_api).then(|| {
        rand::random::<[u8; 32]>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    });
    let info = ClientInfo {
        user_agent: req
            .headers()
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
        ip: forwarded.or(peer).map(|ip| ip.to_string()),
        device: sent_device.or_else(|| new_device.clone()),
    };
    req.extensions_mut().insert(info);
    let mut res = next.run(req).await;
    if let Some(device) = new_device {
        // About 400 days, the longest browsers keep a cookie.
        let cookie = cookie::Cookie::build((DEVICE_COOKIE, device))
            .path("/")
            .max_age(cookie::time::Duration::days(400))
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .secure(settings.secure_cookies)
            .build();
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie.to_string()) {
            res.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    res
}

/// Unknown paths: a problem for API clients, a page for browsers.
async fn not_found(uri: Uri, headers: HeaderMap) -> Response {
    let wants_html = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if uri.path().starts_with("/api/") || uri.path() == "/api" || !wants_html {
        Problem::for_status(StatusCode::NOT_FOUND)
            .detail("No route matches this path.")
            .into_response()
    } else {
        shopdeck_web::not_found_page(&headers)
    }
}

/// Errors raised below the handlers (405 from routing, 408, 413, plain-text rejections) come
/// without a useful body; give them the same problem+json shape as every other error.
async fn problem_for_bare_errors<B>(res: Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let status = res.status();
    let plain = match res.headers().get(CONTENT_TYPE) {
        None => true,
        Some(ct) => ct.to_str().is_ok_and(|c| c.starts_with("text/plain")),
    };
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return res.map(Body::new);
    }
    let (mut parts, _body) = res.into_parts();
    let problem = Problem::for_status(status).into_response();
    let (pparts, pbody) = problem.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    for (k, v) in pparts.headers.iter() {
        parts.headers.insert(k.clone(), v.clone());
    }
    Response::from_parts(parts, pbody)
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers.
async fn readyz(State(app): State<App>) -> Response {
    match shopdeck_app::system::check_ready(&app).await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            Problem::for_status(StatusCode::SERVICE_UNAVAILABLE)
                .detail("The database is not reachable.")
                .into_response()
        }
    }
}

/// `/metrics` alone, for a private address (`metrics_listen`) or, with a token, the public
/// router. With a token, a request without it is answered 401.
pub fn metrics_router(app: App, token: Option<MetricsToken>) -> Router {
    crate::metrics::handle();
    Router::new()
        .route("/metrics", get(metrics_text))
        .with_state(MetricsState { app, token })
}

#[derive(Clone)]
struct MetricsState {
    app: App,
    token: Option<MetricsToken>,
}

/// Prometheus text exposition.
async fn metrics_text(State(state): State<MetricsState>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.token
        && !token.admits(&headers)
    {
        return Problem::for_status(StatusCode::UNAUTHORIZED)
            .detail("The metrics need the configured bearer token.")
            .into_response();
    }
    let app = state.app;
    let stats = app.db.stats();
    metrics::gauge!("db_pool_connections", "state" => "open").set(f64::from(stats.size));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(stats.idle));
    metrics::gauge!("db_pool_max_connections").set(f64::from(stats.max));
    if let Ok(counts) = shopdeck_app::system::platform_counts(&app).await {
        for (status, n) in counts.jobs_by_status {
            metrics::gauge!("jobs", "status" => status).set(n as f64);
        }
    }
    let body = crate::metrics::handle()
        .map(|h| h.render())
        .unwrap_or_default();
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        body,
    )
        .into_response()
}
