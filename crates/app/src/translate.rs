//! The seam for machine translation of product editions. A product's title and description
//! are stored per language with a `generated` flag; a translator fills missing editions from
//! the seller's source edition and marks them generated, and a seller's own edit of such an
//! edition clears the flag (see `products::write_content`). No provider ships yet: with the
//! default `NoTranslator`, missing editions simply fall back to the source language in the
//! storefront. A later issue plugs a provider in through `App::with_translator`.

use shopdeck_domain::Locale;

#[async_trait::async_trait]
pub trait Translator: Send + Sync + std::fmt::Debug {
    fn name(&self) -> &'static str;
    /// `text` (plain text or the description HTML subset) from one language into another.
    async fn translate(&self, text: &str, from: Locale, to: Locale) -> Result<String, String>;
}

/// No machine translation: every request is declined.
#[derive(Debug, Default)]
pub struct NoTranslator;

#[async_trait::async_trait]
impl Translator for NoTranslator {
    fn name(&self) -> &'static str {
        "none"
    }

    async fn translate(&self, _text: &str, _from: Locale, _to: Locale) -> Result<String, String> {
        Err("no machine translation is configured".into())
    }
}
