//! Form plumbing: errors shown beside their fields, in the page's language.

use std::collections::HashMap;

use maud::{Markup, html};
use shopdeck_app::{AppError, Refusal};

use crate::error::WebError;
use crate::page::Page;

/// Messages for a form: one per field, and one for the form as a whole.
#[derive(Debug, Default)]
pub struct FormErrors {
    pub fields: HashMap<String, String>,
    pub form: Option<String>,
}

impl FormErrors {
    pub fn field(&self, name: &str) -> Option<&String> {
        self.fields.get(name)
    }

    /// Turns a use-case error into messages for the user; errors that are not the user's to
    /// fix become an error page.
    pub fn from_app(page: &Page, e: AppError) -> Result<FormErrors, WebError> {
        let mut out = FormErrors::default();
        match e {
            AppError::Validation(fields) => {
                for f in fields {
                    let key = format!("error-{}", f.code);
                    let msg = if page.i18n.has_own(&key) {
                        page.t(&key)
                    } else {
                        f.message
                    };
                    out.fields.entry(f.field).or_insert(msg);
                }
            }
            AppError::BadCredentials => out.form = Some(page.t("login-error-bad-credentials")),
            AppError::RateLimited { retry_after } => {
                let secs = retry_after.as_secs().max(1).to_string();
                out.form = Some(page.ta("error-rate-limited", &[("seconds", &secs)]));
            }
            AppError::Conflict { code, .. } => out.form = Some(refusal_text(page, code)),
            other => return Err(WebError::from_app(other, page.locale())),
        }
        Ok(out)
    }
}

/// A use-case's refusal in the reader's language: the one place where refusal codes become
/// words (`refusal-<code>` in `locales/*/refusals.ftl`).
pub fn refusal_text(page: &Page, code: Refusal) -> String {
    page.t(&format!("refusal-{}", code.code()))
}

/// A field of a form read as pairs ("" when it was not sent).
pub(crate) fn value<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// A labelled input with its hint and error, wired for screen readers.
pub struct Input<'a> {
    pub name: &'a str,
    pub label: String,
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: &'a str,
    pub hint: Option<String>,
}

/// The `aria-describedby` of field `name`: its hint (`<name>-hint`) and its error
/// (`<name>-error`), those it shows.
pub(crate) fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, what)| format!("{name}-{what}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

pub fn input(errors: &FormErrors, i: Input<'_>) -> Markup {
    let err = errors.field(i.name);
    let err_id = format!("{}-error", i.name);
    let hint_id = format!("{}-hint", i.name);
    let described = described_by(i.name, i.hint.is_some(), err.is_some());
    html! {
        div .field {
            label for=(i.name) { (i.label) }
            @if let Some(h) = &i.hint { p .hint id=(hint_id) { (h) } }
            input id=(i.name) name=(i.name) type=(i.kind) value=(i.value) autocomplete=(i.autocomplete)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[described];
            @if let Some(e) = err { p .field-error id=(err_id) { (e) } }
        }
    }
}

/// A field's message, if any, with the id `<id>-error` its input points at.
pub(crate) fn field_error(errors: &FormErrors, name: &str, id: &str) -> Markup {
    html! { @if let Some(e) = errors.field(name) { p .field-error id={ (id) "-error" } role="alert" { (e) } } }
}

/// The form-level message, if any.
pub fn form_error(errors: &FormErrors) -> Markup {
    html! { @if let Some(e) = &errors.form { p .form-error role="alert" { (e) } } }
}

/// The hidden CSRF field every POST form carries.
pub fn csrf_field(page: &Page) -> Markup {
    html! { input type="hidden" name="_csrf" value=(page.csrf); }
}

/// A multipart upload's text field; control characters (NUL and the like, see
/// `shopdeck_domain::text`) are refused as the URL-encoded forms' are by the server's layer.
pub(crate) async fn field_text(
    field: axum::extract::multipart::Field<'_>,
) -> Result<String, axum::http::StatusCode> {
    let text = field.text().await.map_err(|e| e.status())?;
    if shopdeck_domain::text::has_refused_char(&text) {
        return Err(axum::http::StatusCode::BAD_REQUEST);
    }
    Ok(text)
}
