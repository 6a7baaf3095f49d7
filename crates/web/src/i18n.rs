//! UI translations: Fluent files per locale, embedded in the binary at compile time.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use shopdeck_domain::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments would show up in tests and copied text;
        // the layout sets `dir` on the page instead.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The translator for one request's language.
#[derive(Debug, Clone)]
pub struct I18n {
    locale: Locale,
    id: LanguageIdentifier,
}

impl I18n {
    pub fn new(locale: Locale) -> Self {
        let id = locale
            .tag()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default());
        I18n { locale, id }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `key`, falling back to English, then to the key itself.
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.id, key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn ta(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Whether `key` exists in this locale's own file (no fallback).
    pub fn has_own(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.id, key).is_some()
    }
}
