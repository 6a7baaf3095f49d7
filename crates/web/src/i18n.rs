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
        // Arguments (names, titles, numbers) are isolated (FSI … PDI) in right-to-left
        // languages, so a Latin shop name inside Arabic text keeps its place; left-to-right
        // languages need no marks, and tests and copied text stay clean there.
        customise: |bundle| {
            let rtl = bundle.locales.first().is_some_and(|l| l.language.as_str() == "ar");
            bundle.set_use_isolating(rtl)
        },
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

/// The message ids of a Fluent file, in order (for the tests that check the translations).
#[cfg(test)]
pub(crate) fn message_ids(ftl: &str) -> Vec<&str> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ftl: &str) -> Vec<&str> {
        message_ids(ftl)
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
            "\u{2068}5\u{2069} طلبات إلغاء في انتظار ردك",
            "arguments are isolated in Arabic"
        );
        assert_eq!(
            fr.tn("cxl-list-notice", 5, &[]),
            "5 demandes d'annulation attendent votre réponse",
            "and bare elsewhere"
        );
        let ja = I18n::new(Locale::Ja);
        assert_eq!(
            ja.tn("cxl-list-notice", 1, &[]),
            "回答待ちのキャンセル申請が 1 件あります"
        );
    }

    /// The seller home's counts follow each language's plural rules: English and French one
    /// and other, Arabic its own words for one and two.
    #[test]
    fn to_do_counts_use_plural_forms() {
        let en = I18n::new(Locale::En);
        assert_eq!(en.tn("todo-to-ship", 1, &[]), "1 order to ship");
        assert_eq!(en.tn("todo-to-ship", 2, &[]), "2 orders to ship");
        let fr = I18n::new(Locale::Fr);
        assert_eq!(
            fr.tn("todo-unpaid", 1, &[]),
            "1 commande en attente de paiement"
        );
        assert_eq!(
            fr.tn("todo-unpaid", 2, &[]),
            "2 commandes en attente de paiement"
        );
        let ar = I18n::new(Locale::Ar);
        assert_eq!(ar.tn("todo-to-ship", 1, &[]), "طلب واحد للشحن");
        assert_eq!(ar.tn("todo-to-ship", 2, &[]), "طلبان للشحن");
        assert_eq!(
            ar.tn("todo-to-ship", 3, &[]),
            "\u{2068}3\u{2069} طلبات للشحن"
        );
        assert_eq!(
            ar.tn("todo-to-ship", 11, &[]),
            "\u{2068}11\u{2069} طلبًا للشحن"
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

    /// Every refusal code the use-cases can send has words in every language, in that
    /// language (the API sends the code; the web shows these words).
    #[test]
    fn every_refusal_has_words_in_every_language() {
        let en = I18n::new(Locale::En);
        for r in shopdeck_app::Refusal::ALL {
            let key = format!("refusal-{}", r.code());
            for l in Locale::ALL {
                let i = I18n::new(l);
                assert!(i.has_own(&key), "{l}: {key}");
                if l != Locale::En {
                    assert_ne!(i.t(&key), en.t(&key), "{l}: {key} is English");
                }
            }
        }
    }

    /// Every reason the system stores as a code has words for the seller and the buyer in
    /// every language, in that language.
    #[test]
    fn every_stored_reason_code_has_words_in_every_language() {
        use shopdeck_domain::orders::{StockReason, TimelineReason};
        let mut keys = Vec::new();
        for r in TimelineReason::ALL {
            keys.push(format!("ord-event-{}", r.as_str()));
            keys.push(format!("buy-event-{}", r.as_str()));
        }
        for r in StockReason::ALL {
            keys.push(format!("stock-reason-{}", r.as_str()));
        }
        let en = I18n::new(Locale::En);
        for l in Locale::ALL {
            let i = I18n::new(l);
            for key in &keys {
                assert!(i.has_own(key), "{l}: {key}");
                if l != Locale::En {
                    assert_ne!(i.t(key), en.t(key), "{l}: {key} is English");
                }
            }
        }
    }

    /// The Seller Center's tabs and areas are named in every language (none left in English),
    /// and labels shown side by side stay distinct.
    #[test]
    fn navigation_is_translated_and_statuses_are_distinct() {
        let en_text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/main.ftl"),
        )
        .unwrap();
        let en = I18n::new(Locale::En);
        for l in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let i = I18n::new(l);
            for id in ids(&en_text)
                .into_iter()
                .filter(|id| id.starts_with("nav-") || id.starts_with("area-"))
            {
                // Words that are the same in both languages.
                let same = [(Locale::Fr, "Promotions")];
                if !same.contains(&(l, en.t(id).as_str())) {
                    assert_ne!(i.t(id), en.t(id), "{l}: {id} is English");
                }
            }
            assert_ne!(
                i.t("product-status-FAILED"),
                i.t("product-audit-REJECTED"),
                "{l}: a failed product and a failed review read the same"
            );
        }
    }
}
