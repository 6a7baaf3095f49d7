//! The six languages Shopdeck speaks, and choosing one from what a browser sends.

use std::fmt;

/// A supported UI and listing language; English where nothing else is known.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "ar")]
    Ar,
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "es")]
    Es,
}

impl Locale {
    pub const ALL: [Locale; 6] = [
        Locale::En,
        Locale::ZhCn,
        Locale::Ja,
        Locale::Ar,
        Locale::Fr,
        Locale::Es,
    ];

    /// The BCP 47 tag used in URLs, cookies, `lang=` and translation folders.
    pub fn tag(&self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
            Locale::Ja => "ja",
            Locale::Ar => "ar",
            Locale::Fr => "fr",
            Locale::Es => "es",
        }
    }

    /// The language's own name, as shown in the language switcher.
    pub fn native_name(&self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
            Locale::Ja => "日本語",
            Locale::Ar => "العربية",
            Locale::Fr => "Français",
            Locale::Es => "Español",
        }
    }

    /// Whether text runs right to left.
    pub fn is_rtl(&self) -> bool {
        matches!(self, Locale::Ar)
    }

    /// Matches a language tag loosely: `zh`, `zh-Hans`, `zh-cn` all mean Simplified Chinese,
    /// `fr-CA` means French.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Locale::En),
            "zh" => {
                // Traditional Chinese is a different script; don't serve it Simplified.
                let traditional = tag.contains("hant")
                    || tag.ends_with("-tw")
                    || tag.ends_with("-hk")
                    || tag.ends_with("-mo");
                (!traditional).then_some(Locale::ZhCn)
            }
            "ja" => Some(Locale::Ja),
            "ar" => Some(Locale::Ar),
            "fr" => Some(Locale::Fr),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header value, honouring
    /// q-values; `None` when nothing matches.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(u16, usize, Locale)> = None;
        for (pos, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let mut q = 1000u16;
            for param in pieces {
                if let Some(v) = param.trim().strip_prefix("q=") {
                    q = parse_qvalue(v).unwrap_or(0);
                }
            }
            if q == 0 {
                continue;
            }
            if let Some(locale) = Locale::from_tag(tag) {
                // Higher q wins; on a tie the earlier entry wins.
                let better = match best {
                    None => true,
                    Some((bq, _, _)) => q > bq,
                };
                if better {
                    best = Some((q, pos, locale));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }
}

/// A q-value ("0.8") as thousandths.
fn parse_qvalue(v: &str) -> Option<u16> {
    let v = v.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    let whole: u16 = whole.parse().ok()?;
    if whole > 1 || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut f: u16 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..3 {
        f *= 10;
    }
    Some((whole * 1000 + f).min(1000))
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_q_values_and_order() {
        assert_eq!(
            Locale::negotiate("de-DE,fr;q=0.8,ja;q=0.9"),
            Some(Locale::Ja)
        );
        assert_eq!(Locale::negotiate("ar-EG,en;q=0.5"), Some(Locale::Ar));
        assert_eq!(Locale::negotiate("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::negotiate("zh-TW"), None);
        assert_eq!(Locale::negotiate("de, it"), None);
        assert_eq!(Locale::negotiate("es;q=0, fr;q=0.1"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::negotiate(";;;q=abc,,"), None);
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for l in Locale::ALL {
            assert_eq!(l.is_rtl(), l == Locale::Ar);
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
    }
}
