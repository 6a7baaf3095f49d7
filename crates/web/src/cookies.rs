//! The cookies the web UI sets, each described once and written by the `cookie` crate
//! rather than assembled by hand.

use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
pub(crate) use cookie::SameSite;
use cookie::time::Duration;

/// How one cookie travels: its name, path, same-site rule, whether scripts may read it, and
/// how long it lasts (`None`: until the browser closes).
pub(crate) struct CookieSpec {
    pub name: &'static str,
    pub path: &'static str,
    pub same_site: SameSite,
    pub http_only: bool,
    pub max_age_secs: Option<i64>,
}

impl CookieSpec {
    /// A cookie scripts cannot read, sent on top-level navigation from other sites (`Lax`),
    /// kept until the browser closes.
    pub(crate) const fn new(name: &'static str, path: &'static str) -> CookieSpec {
        CookieSpec {
            name,
            path,
            same_site: SameSite::Lax,
            http_only: true,
            max_age_secs: None,
        }
    }

    /// Kept for `secs` seconds.
    pub(crate) const fn lasting(self, secs: i64) -> CookieSpec {
        CookieSpec {
            max_age_secs: Some(secs),
            ..self
        }
    }

    /// Sent only with requests from this site's own pages (`Strict`).
    pub(crate) const fn strict(self) -> CookieSpec {
        CookieSpec {
            same_site: SameSite::Strict,
            ..self
        }
    }

    /// Readable by the page's scripts.
    pub(crate) const fn readable(self) -> CookieSpec {
        CookieSpec {
            http_only: false,
            ..self
        }
    }
}

/// Sets the cookie to `value` on the response, or clears it with `None`. `secure` marks it
/// for HTTPS only (when Shopdeck is served over https).
pub(crate) fn set(res: &mut Response, spec: &CookieSpec, value: Option<&str>, secure: bool) {
    let mut c = cookie::Cookie::build((spec.name, value.unwrap_or("")))
        .path(spec.path)
        .same_site(spec.same_site)
        .http_only(spec.http_only)
        .secure(secure);
    match (value, spec.max_age_secs) {
        (None, _) => c = c.max_age(Duration::ZERO),
        (Some(_), Some(secs)) => c = c.max_age(Duration::seconds(secs)),
        (Some(_), None) => {}
    }
    if let Ok(v) = HeaderValue::from_str(&c.build().to_string()) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_carry_their_attributes_and_clear_with_max_age_zero() {
        const SPEC: CookieSpec = CookieSpec::new("sd_x", "/p").lasting(300);
        let mut res = Response::new(axum::body::Body::empty());
        set(&mut res, &SPEC, Some("abc"), true);
        set(&mut res, &SPEC, None, false);
        let all: Vec<String> = res
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for part in [
            "sd_x=abc",
            "Path=/p",
            "SameSite=Lax",
            "HttpOnly",
            "Secure",
            "Max-Age=300",
        ] {
            assert!(all[0].contains(part), "{} lacks {part}", all[0]);
        }
        assert!(
            all[1].starts_with("sd_x=;") && all[1].contains("Max-Age=0"),
            "{}",
            all[1]
        );
        assert!(!all[1].contains("Secure"), "{}", all[1]);
    }
}
