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

    /// The message `key` with a count `$n` (a number, so plural variants apply) and other
    /// named arguments.
    pub fn tn(&self, key: &str, n: i64, args: &[(&'static str, &str)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
            .collect();
        map.insert(Cow::Borrowed("n"), FluentValue::from(n));
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Whether `key` resolves without arguments in this locale (used for error messages).
    pub fn has_own(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.id, key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids of a Fluent file.
    fn ids(ftl: &str) -> Vec<&str> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
            .collect()
    }

    #[test]
    fn counts_choose_their_plural_form() {
        let en = I18n::new(Locale::En);
        assert_eq!(
            en.tn("cxl-list-notice", 1, &[]),
            "1 cancellation request waiting for your answer"
        );
        assert_eq!(
            en.tn("cxl-list-notice", 3, &[]),
            "3 cancellation requests waiting for your answer"
        );
        let fr = I18n::new(Locale::Fr);
        assert_eq!(
            fr.tn("cxl-list-notice", 2, &[]),
            "2 demandes d'annulation attendent votre réponse"
        );
        let ar = I18n::new(Locale::Ar);
        assert_eq!(ar.tn("cxl-list-notice", 2, &[]), "طلبا إلغاء في انتظار ردك");
        assert_eq!(
            ar.tn("cxl-list-notice", 5, &[]),
            "5 طلبات إلغاء في انتظار ردك"
        );
        let ja = I18n::new(Locale::Ja);
        assert_eq!(
            ja.tn("cxl-list-notice", 1, &[]),
            "回答待ちのキャンセル申請が 1 件あります"
        );
    }

    /// Every Fluent file of a language: (file name, text), read from the source tree.
    fn files(tag: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(tag);
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    /// Every file under `locales/en` exists in every language with the same messages in the
    /// same order, no id is defined twice, and each message without arguments resolves in every
    /// language (those with arguments are checked where they are used, with their arguments).
    #[test]
    fn every_language_has_every_message() {
        let en = files("en");
        assert!(en.iter().any(|(n, _)| n == "main.ftl"));
        let mut seen = std::collections::HashSet::new();
        for (_, text) in &en {
            for id in ids(text) {
                assert!(seen.insert(id.to_owned()), "{id} is defined twice");
            }
        }
        for l in Locale::ALL {
            let other = files(l.tag());
            let names =
                |f: &[(String, String)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
            assert_eq!(names(&other), names(&en), "{l} has other files than en");
            for ((name, en_text), (_, text)) in en.iter().zip(&other) {
                assert_eq!(
                    ids(text),
                    ids(en_text),
                    "{l}/{name} has other messages than en"
                );
            }
            let i = I18n::new(l);
            for (_, en_text) in &en {
                for id in ids(en_text) {
                    let plain = en_text
                        .lines()
                        .find(|x| x.starts_with(&format!("{id} =")))
                        .is_some_and(|x| !x.contains("{ $"));
                    if plain {
                        assert!(i.has_own(id), "{l}: {id} does not resolve");
                    }
                }
            }
        }
    }
}
