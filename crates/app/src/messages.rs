//! The texts of messages sent to people, in their language (Fluent files under `locales/`).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use shopdeck_domain::Locale;

fluent_templates::static_loader! {
    static MESSAGES = {
        locales: "./locales",
        fallback_language: "en",
        // Arguments (names, titles, numbers) are isolated (FSI … PDI) in right-to-left
        // languages, so a Latin shop name inside Arabic text keeps its place; left-to-right
        // languages need no marks, and tests and copied text stay clean there.
        customise: |bundle| {
            let rtl = bundle.locales.first().is_some_and(|l| l.language.as_str() == "ar");
            bundle.set_use_isolating(rtl)
        },
    };
}

/// The message `key` in `locale` with arguments, falling back to English.
pub fn text(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let id: LanguageIdentifier = locale.tag().parse().unwrap_or_default();
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    MESSAGES
        .try_lookup_with_args(&id, key, &map)
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language_with_its_arguments() {
        for l in Locale::ALL {
            let s = text(
                l,
                "code-sms",
                &[("code", "123456".into()), ("minutes", "10".into())],
            );
            assert!(s.contains("123456"), "{l}: {s}");
            assert!(!s.contains("code-sms"), "{l}");
        }
    }
}

#[cfg(test)]
mod parity {
    #[test]
    fn every_language_has_every_message() {
        let ids = |ftl: &'static str| -> Vec<&'static str> {
            ftl.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect()
        };
        let en = ids(include_str!("../locales/en/messages.ftl"));
        for (tag, ftl) in [
            ("zh-CN", include_str!("../locales/zh-CN/messages.ftl")),
            ("ja", include_str!("../locales/ja/messages.ftl")),
            ("ar", include_str!("../locales/ar/messages.ftl")),
            ("fr", include_str!("../locales/fr/messages.ftl")),
            ("es", include_str!("../locales/es/messages.ftl")),
        ] {
            assert_eq!(ids(ftl), en, "{tag}");
        }
    }

    #[test]
    fn every_language_has_every_printed_word() {
        let ids = |ftl: &'static str| -> Vec<&'static str> {
            ftl.lines()
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .filter(|id| id.starts_with("print-"))
                .collect()
        };
        let en = ids(include_str!("../locales/en/print.ftl"));
        assert_eq!(en.len(), 23);
        for (tag, ftl) in [
            ("zh-CN", include_str!("../locales/zh-CN/print.ftl")),
            ("ja", include_str!("../locales/ja/print.ftl")),
            ("ar", include_str!("../locales/ar/print.ftl")),
            ("fr", include_str!("../locales/fr/print.ftl")),
            ("es", include_str!("../locales/es/print.ftl")),
        ] {
            assert_eq!(ids(ftl), en, "{tag}");
        }
    }
}
