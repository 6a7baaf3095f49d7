//! Products in the catalogue: the listing life cycle, seller SKUs, product identifier codes
//! (GTIN/EAN/UPC) and the automatic title rules of the quality check. Pure; the catalogue
//! use-cases build on these.

use std::fmt;

/// Where a product is in its listing life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductStatus {
    /// Being prepared; nobody else sees it.
    Draft,
    /// Waiting for the operator's review.
    Pending,
    /// On sale.
    Live,
    /// Refused by the automatic check or the reviewer, with reasons.
    Failed,
    SellerDeactivated,
    PlatformDeactivated,
    /// Recoverable for 30 days.
    Deleted,
}

string_enum! {
    /// The review of a product's latest content, beside its status: a live product's edits
    /// are `Auditing` while the approved version stays on sale.
    pub enum AuditStatus {
        /// Never submitted.
        None = "NONE",
        /// Waiting for (or in) the operator's review.
        Auditing = "AUDITING",
        /// Approved.
        Passed = "PASSED",
        /// Refused, with reasons.
        Rejected = "REJECTED",
    }
}

/// A new product's: never submitted.
impl Default for AuditStatus {
    fn default() -> Self {
        AuditStatus::None
    }
}

/// What someone does to a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductAction {
    Submit,
    /// The automatic check refused the listing before review.
    AutoFail,
    Approve,
    Reject,
    Deactivate,
    Activate,
    PlatformDeactivate,
    PlatformReactivate,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {from} product cannot be {action}")]
pub struct ProductTransitionError {
    pub from: &'static str,
    pub action: &'static str,
}

impl ProductStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ProductStatus::Draft => "DRAFT",
            ProductStatus::Pending => "PENDING",
            ProductStatus::Live => "LIVE",
            ProductStatus::Failed => "FAILED",
            ProductStatus::SellerDeactivated => "SELLER_DEACTIVATED",
            ProductStatus::PlatformDeactivated => "PLATFORM_DEACTIVATED",
            ProductStatus::Deleted => "DELETED",
        }
    }

    pub fn parse(s: &str) -> Option<ProductStatus> {
        use ProductStatus::*;
        [
            Draft,
            Pending,
            Live,
            Failed,
            SellerDeactivated,
            PlatformDeactivated,
            Deleted,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// The life cycle's arrows. Deletion is possible from every state but the platform's
    /// deactivation (which the seller must not escape by deleting and recovering).
    pub fn apply(self, action: ProductAction) -> Result<ProductStatus, ProductTransitionError> {
        use ProductAction as A;
        use ProductStatus::*;
        match (self, action) {
            (Draft | Failed, A::Submit) => Ok(Pending),
            (Draft | Failed | Pending, A::AutoFail) => Ok(Failed),
            (Pending, A::Approve) => Ok(Live),
            (Pending, A::Reject) => Ok(Failed),
            (Live, A::Deactivate) => Ok(SellerDeactivated),
            (SellerDeactivated, A::Activate) => Ok(Live),
            (Live | SellerDeactivated | Pending, A::PlatformDeactivate) => Ok(PlatformDeactivated),
            (PlatformDeactivated, A::PlatformReactivate) => Ok(SellerDeactivated),
            (Draft | Pending | Live | Failed | SellerDeactivated, A::Delete) => Ok(Deleted),
            (from, action) => Err(ProductTransitionError {
                from: from.as_str(),
                action: match action {
                    A::Submit => "submitted for review",
                    A::AutoFail => "failed by the automatic check",
                    A::Approve => "approved",
                    A::Reject => "rejected",
                    A::Deactivate => "deactivated",
                    A::Activate => "activated",
                    A::PlatformDeactivate => "deactivated by the platform",
                    A::PlatformReactivate => "reactivated by the platform",
                    A::Delete => "deleted",
                },
            }),
        }
    }

    /// Whether buyers can see and buy it.
    pub fn on_sale(&self) -> bool {
        matches!(self, ProductStatus::Live)
    }
}

/// A seller's own SKU code: 1–50 letters, digits, `-`, `_` or `.`, unique in the shop.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct SellerSku(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a seller SKU has 1 to 50 letters, digits, hyphens, underscores or dots")]
pub struct SkuError;

impl SellerSku {
    pub fn parse(s: &str) -> Result<SellerSku, SkuError> {
        let s = s.trim();
        let ok = (1..=50).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        ok.then(|| SellerSku(s.to_owned())).ok_or(SkuError)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SellerSku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SellerSku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SellerSku({})", self.0)
    }
}

/// A product identifier code with a valid check digit: EAN-8, UPC-A (12), EAN-13 or GTIN-14.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Gtin(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("a product code has 8, 12, 13 or 14 digits")]
    Length,
    #[error("the last digit does not match: look for a typo")]
    CheckDigit,
}

impl Gtin {
    pub fn parse(s: &str) -> Result<Gtin, GtinError> {
        let digits: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if !matches!(digits.len(), 8 | 12 | 13 | 14) || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(GtinError::Length);
        }
        // GS1 mod-10: from the right, excluding the check digit, weights 3, 1, 3, 1…
        let nums: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let (body, check) = nums.split_at(nums.len() - 1);
        let sum: u32 = body
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
            .sum();
        if (10 - sum % 10) % 10 != check[0] {
            return Err(GtinError::CheckDigit);
        }
        Ok(Gtin(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One problem the automatic check found, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QualityIssue {
    pub field: &'static str,
    pub code: &'static str,
    pub suggestion: &'static str,
}

/// Words that make a title an advertisement rather than a name.
const PROMOTIONAL: &[&str] = &[
    "% off",
    "free shipping",
    "free delivery",
    "best price",
    "cheapest",
    "sale",
    "discount",
    "buy now",
    "limited offer",
    "hot deal",
    "clearance",
    "promo",
];
/// Other marketplaces and platforms a title must not name.
const PLATFORMS: &[&str] = &[
    "tiktok",
    "amazon",
    "ebay",
    "shopee",
    "lazada",
    "aliexpress",
    "etsy",
    "temu",
    "shein",
];

/// The automatic title rules: length, no links, no promotional text, no other platforms, no
/// shouting and no decoration symbols.
pub fn check_title(title: &str, min_chars: usize) -> Vec<QualityIssue> {
    let t = title.trim();
    let lower = t.to_lowercase();
    let mut issues = Vec::new();
    let n = t.chars().count();
    if n < min_chars || n > 255 {
        issues.push(QualityIssue {
            field: "title",
            code: "title-length",
            suggestion: "Use 25 to 255 characters: brand, product, key feature, size or colour.",
        });
    }
    if lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || lower.split_whitespace().any(|w| {
            w.contains('.')
                && [".com", ".net", ".shop", ".co"]
                    .iter()
                    .any(|d| w.ends_with(d))
        })
    {
        issues.push(QualityIssue {
            field: "title",
            code: "title-link",
            suggestion: "Remove links and web addresses from the title.",
        });
    }
    if PROMOTIONAL.iter().any(|p| contains_word(&lower, p)) {
        issues.push(QualityIssue {
            field: "title",
            code: "title-promotional",
            suggestion: "Describe the product; put offers in Promotions, not in the title.",
        });
    }
    // "lazada" is also Spanish ("tied"): only the capitalised name counts as the platform.
    let names_platform = PLATFORMS
        .iter()
        .any(|p| contains_word(&lower, p) && *p != "lazada")
        || contains_word(t, "Lazada")
        || contains_word(t, "LAZADA");
    if names_platform {
        issues.push(QualityIssue {
            field: "title",
            code: "title-platform",
            suggestion: "Do not name other marketplaces or platforms.",
        });
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() >= 12 && upper * 10 > letters.len() * 7 {
        issues.push(QualityIssue {
            field: "title",
            code: "title-shouting",
            suggestion: "Write the title in normal case, not capitals.",
        });
    }
    if t.chars().any(|c| {
        matches!(
            c,
            '★' | '☆' | '♥' | '❤' | '🔥' | '✨' | '!' | '$' | '€' | '£'
        )
    }) {
        issues.push(QualityIssue {
            field: "title",
            code: "title-symbols",
            suggestion: "Remove decorative symbols and exclamation marks.",
        });
    }
    issues
}

/// Whether `needle` appears in `hay` as whole words (so "sale" does not match "wholesale").
fn contains_word(hay: &str, needle: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let at = start + pos;
        let before_ok = at == 0 || !hay[..at].chars().last().is_some_and(char::is_alphanumeric);
        let end = at + needle.len();
        let after_ok =
            end >= hay.len() || !hay[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        start = at + needle.len().max(1);
        if start >= hay.len() {
            break;
        }
    }
    false
}

/// How complete and attractive a listing is, shown to the seller with suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QualityGrade {
    Poor,
    Fair,
    Good,
}

impl QualityGrade {
    pub fn as_str(&self) -> &'static str {
        match self {
            QualityGrade::Poor => "POOR",
            QualityGrade::Fair => "FAIR",
            QualityGrade::Good => "GOOD",
        }
    }

    pub fn parse(s: &str) -> Option<QualityGrade> {
        [QualityGrade::Poor, QualityGrade::Fair, QualityGrade::Good]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// One finding of the quality check: which field (`title`, `editions.fr.title`,
/// `skus[1].price`, `attributes.material`…), a stable code, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub field: String,
    pub code: String,
    pub suggestion: String,
}

impl Finding {
    pub fn new(field: impl Into<String>, code: &str, suggestion: impl Into<String>) -> Finding {
        Finding {
            field: field.into(),
            code: code.to_owned(),
            suggestion: suggestion.into(),
        }
    }
}

/// The facts of a listing the automatic check looks at.
#[derive(Debug, Clone, Default)]
pub struct ListingFacts {
    /// Minimum title length in characters (1 in the US and UK, 25 elsewhere).
    pub min_title_chars: usize,
    /// (locale tag, is source, title, description as plain text, description HTML length)
    pub editions: Vec<EditionFacts>,
    pub image_count: usize,
    /// The shorter side of the smallest image, in pixels.
    pub smallest_image_side: u32,
    pub missing_required_attributes: Vec<String>,
    pub unfilled_optional_attributes: usize,
    pub has_brand: bool,
    pub has_video: bool,
    pub has_package_details: bool,
    /// Per SKU: price in minor units and whether it has a GTIN.
    pub skus: Vec<(i64, bool)>,
    /// Inclusive price bounds in minor units of the shop currency.
    pub price_bounds: (i64, i64),
}

#[derive(Debug, Clone, Default)]
pub struct EditionFacts {
    pub locale: String,
    pub is_source: bool,
    pub title: String,
    pub description_text: String,
    pub description_html_len: usize,
    /// Items of the description's lists (its selling points).
    pub list_items: usize,
}

/// What the automatic check concluded: failures stop the listing (FAILED); suggestions only
/// lower the grade.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QualityReport {
    pub failures: Vec<Finding>,
    pub suggestions: Vec<Finding>,
    pub grade: QualityGrade,
}

/// Longest description, in characters of HTML.
pub const MAX_DESCRIPTION_HTML: usize = 10_000;
/// Descriptions shorter than this (visible characters) get a suggestion.
pub const GOOD_DESCRIPTION_CHARS: usize = 300;
/// The same for Chinese and Japanese, where a character carries about a word.
pub const GOOD_DESCRIPTION_CHARS_CJK: usize = 150;
/// Selling points (list items) a good description has.
pub const GOOD_SELLING_POINTS: usize = 3;

/// The suggestions the grade counts, in the order the quality card lists them as rules. A
/// missing video is suggested too but does not count.
pub const GRADED_SUGGESTIONS: [&str; 8] = [
    "description-short",
    "description-points",
    "images-few",
    "images-small",
    "attributes-incomplete",
    "brand-missing",
    "gtin-missing",
    "package-missing",
];

/// The grade a listing gets: Poor with any failure or three or more missed suggestions, Fair
/// with one or two, Good with none.
pub fn grade_for(failures: usize, missed_suggestions: usize) -> QualityGrade {
    if failures > 0 || missed_suggestions >= 3 {
        QualityGrade::Poor
    } else if missed_suggestions >= 1 {
        QualityGrade::Fair
    } else {
        QualityGrade::Good
    }
}

/// The description length a good listing has in a language.
pub fn good_description_chars(locale: &str) -> usize {
    if matches!(locale, "zh-CN" | "ja") {
        GOOD_DESCRIPTION_CHARS_CJK
    } else {
        GOOD_DESCRIPTION_CHARS
    }
}
pub const MAX_IMAGES: usize = 9;
pub const GOOD_IMAGE_COUNT: usize = 5;
pub const GOOD_IMAGE_SIDE: u32 = 600;
pub const MAX_SALES_ATTRIBUTES: usize = 3;
pub const MAX_SKUS: usize = 100;
/// Days a deleted product can be recovered.
pub const RECOVERY_DAYS: i64 = 30;

/// The platform's price bounds for a currency, in minor units (DOMAIN: US 0.01–7,600 USD,
/// UK 0.01–5,600 GBP; the others by the same order of magnitude).
pub fn price_bounds(currency_code: &str) -> (i64, i64) {
    match currency_code {
        "USD" => (1, 760_000),
        "GBP" => (1, 560_000),
        "EUR" => (1, 700_000),
        "JPY" => (1, 1_100_000),
        "CNY" => (1, 5_000_000),
        _ => (1, 10_000_000),
    }
}

/// The automatic part of the quality check.
pub fn check_listing(f: &ListingFacts) -> QualityReport {
    let mut failures = Vec::new();
    let mut suggestions = Vec::new();
    for e in &f.editions {
        let prefix = if e.is_source {
            String::new()
        } else {
            format!("editions.{}.", e.locale)
        };
        for issue in check_title(&e.title, f.min_title_chars) {
            failures.push(Finding::new(
                format!("{prefix}{}", issue.field),
                issue.code,
                issue.suggestion,
            ));
        }
        let text = e.description_text.trim();
        if text.is_empty() {
            failures.push(Finding::new(
                format!("{prefix}description"),
                "description-empty",
                "Describe the product: what it is, what it is made of, sizes and care.",
            ));
        } else if e.is_source {
            if text.chars().count() < good_description_chars(&e.locale) {
                suggestions.push(Finding::new(
                    "description",
                    "description-short",
                    "Write at least 300 characters (150 in Chinese or Japanese).",
                ));
            }
            if e.list_items < GOOD_SELLING_POINTS {
                suggestions.push(Finding::new(
                    "description",
                    "description-points",
                    "List 3 to 5 selling points as a list (lines starting with \"- \").",
                ));
            }
        }
        if e.description_html_len > MAX_DESCRIPTION_HTML {
            failures.push(Finding::new(
                format!("{prefix}description"),
                "description-length",
                "Shorten the description to 10,000 characters.",
            ));
        }
        let lower = text.to_lowercase();
        if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
            failures.push(Finding::new(
                format!("{prefix}description"),
                "description-link",
                "Remove links to other websites from the description.",
            ));
        }
    }
    if f.image_count == 0 {
        failures.push(Finding::new(
            "images",
            "images-missing",
            "Add at least one image; five or more sell best.",
        ));
    } else {
        if f.image_count < GOOD_IMAGE_COUNT {
            suggestions.push(Finding::new(
                "images",
                "images-few",
                "Add more images (five or more): other angles, details, the product in use.",
            ));
        }
        if f.smallest_image_side < GOOD_IMAGE_SIDE {
            suggestions.push(Finding::new(
                "images",
                "images-small",
                "Use images of at least 600×600 px so buyers can zoom in.",
            ));
        }
    }
    if f.image_count > MAX_IMAGES {
        failures.push(Finding::new(
            "images",
            "images-too-many",
            "Keep at most 9 images.",
        ));
    }
    for key in &f.missing_required_attributes {
        failures.push(Finding::new(
            format!("attributes.{key}"),
            "attribute-required",
            "Fill in this attribute: the category requires it.",
        ));
    }
    if f.unfilled_optional_attributes > 0 {
        suggestions.push(Finding::new(
            "attributes",
            "attributes-incomplete",
            "Fill in the optional attributes too: buyers filter by them.",
        ));
    }
    if f.skus.is_empty() {
        failures.push(Finding::new(
            "skus",
            "skus-missing",
            "Add at least one SKU with a price.",
        ));
    }
    let (lo, hi) = f.price_bounds;
    for (i, (price, _)) in f.skus.iter().enumerate() {
        if *price < lo || *price > hi {
            failures.push(Finding::new(
                format!("skus[{i}].price"),
                "price-bounds",
                "Set a price within the platform's limits for your currency.",
            ));
        }
    }
    if !f.has_brand {
        suggestions.push(Finding::new(
            "brand",
            "brand-missing",
            "Name the brand, or \"No brand\" for unbranded goods.",
        ));
    }
    if !f.skus.is_empty() && f.skus.iter().all(|(_, gtin)| !gtin) {
        suggestions.push(Finding::new(
            "skus",
            "gtin-missing",
            "Add the barcode (GTIN, EAN or UPC) so buyers find the exact product.",
        ));
    }
    if !f.has_package_details {
        suggestions.push(Finding::new(
            "package",
            "package-missing",
            "Give the package weight and dimensions so shipping is quoted right.",
        ));
    }
    if !f.has_video {
        suggestions.push(Finding::new(
            "video_url",
            "video-missing",
            "A short video of the product in use raises sales.",
        ));
    }
    // The video is a nice-to-have: it alone does not lower the grade.
    let counted = suggestions
        .iter()
        .filter(|s| GRADED_SUGGESTIONS.contains(&s.code.as_str()))
        .count();
    let grade = grade_for(failures.len(), counted);
    QualityReport {
        failures,
        suggestions,
        grade,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn audit_status_names_round_trip() {
        crate::macros::names_round_trip(AuditStatus::ALL, AuditStatus::as_str, AuditStatus::parse);
    }

    use super::*;
    use proptest::prelude::*;

    fn good_listing() -> ListingFacts {
        ListingFacts {
            min_title_chars: 25,
            editions: vec![EditionFacts {
                locale: "en".into(),
                is_source: true,
                title: "Linen summer dress with pockets, sage green".into(),
                description_text: "A light dress in washed linen. ".repeat(12),
                description_html_len: 400,
                list_items: 4,
            }],
            image_count: 6,
            smallest_image_side: 1000,
            has_brand: true,
            has_video: true,
            has_package_details: true,
            skus: vec![(2999, true)],
            price_bounds: price_bounds("USD"),
            ..ListingFacts::default()
        }
    }

    #[test]
    fn a_complete_listing_passes_with_a_good_grade() {
        let r = check_listing(&good_listing());
        assert!(r.failures.is_empty(), "{r:?}");
        assert_eq!(r.grade, QualityGrade::Good);
    }

    #[test]
    fn hard_rules_fail_with_the_field_named() {
        let mut f = good_listing();
        f.editions[0].title = "BEST PRICE dress www.myshop.com".into();
        f.image_count = 0;
        f.missing_required_attributes = vec!["material".into()];
        f.skus = vec![(2999, false), (900_000, false)];
        f.editions.push(EditionFacts {
            locale: "fr".into(),
            is_source: false,
            title: "Robe".into(),
            description_text: String::new(),
            description_html_len: 0,
            list_items: 0,
        });
        let r = check_listing(&f);
        let fields: Vec<&str> = r.failures.iter().map(|x| x.field.as_str()).collect();
        for expected in [
            "title",
            "images",
            "attributes.material",
            "skus[1].price",
            "editions.fr.title",
            "editions.fr.description",
        ] {
            assert!(
                fields.contains(&expected),
                "{expected} missing in {fields:?}"
            );
        }
        assert!(!fields.contains(&"skus[0].price"));
        assert_eq!(r.grade, QualityGrade::Poor);
    }

    #[test]
    fn soft_findings_lower_the_grade_without_failing() {
        let mut f = good_listing();
        f.image_count = 3;
        let r = check_listing(&f);
        assert!(r.failures.is_empty());
        assert_eq!(r.grade, QualityGrade::Fair);
        f.has_brand = false;
        f.has_package_details = false;
        f.skus = vec![(100, false)];
        let r = check_listing(&f);
        assert!(r.failures.is_empty());
        assert_eq!(r.grade, QualityGrade::Poor);
        assert!(r.suggestions.iter().any(|s| s.code == "gtin-missing"));
    }

    #[test]
    fn a_spanish_word_is_not_a_marketplace() {
        let codes = |t: &str| {
            check_title(t, 25)
                .iter()
                .map(|i| i.code)
                .collect::<Vec<_>>()
        };
        assert!(codes("Vestido midi de lino con bolsillos y lazada, verde salvia").is_empty());
        assert_eq!(
            codes("Vestido midi de lino, el mismo que en Lazada"),
            ["title-platform"]
        );
        assert_eq!(codes("Linen dress as seen on amazon"), ["title-platform"]);
    }

    #[test]
    fn links_in_descriptions_fail() {
        let mut f = good_listing();
        f.editions[0].description_text = "Buy it cheaper at https://example.com".into();
        let r = check_listing(&f);
        assert!(r.failures.iter().any(|x| x.code == "description-link"));
    }

    #[test]
    fn the_life_cycle_allows_only_its_arrows() {
        use ProductAction as A;
        use ProductStatus::*;
        assert_eq!(Draft.apply(A::Submit), Ok(Pending));
        assert_eq!(Pending.apply(A::Approve), Ok(Live));
        assert_eq!(Pending.apply(A::Reject), Ok(Failed));
        assert_eq!(Failed.apply(A::Submit), Ok(Pending));
        assert_eq!(Live.apply(A::Deactivate), Ok(SellerDeactivated));
        assert_eq!(SellerDeactivated.apply(A::Activate), Ok(Live));
        assert_eq!(Live.apply(A::PlatformDeactivate), Ok(PlatformDeactivated));
        assert!(
            PlatformDeactivated.apply(A::Activate).is_err(),
            "only the platform lifts its own block"
        );
        assert!(PlatformDeactivated.apply(A::Delete).is_err());
        assert!(Draft.apply(A::Approve).is_err());
        assert!(Deleted.apply(A::Submit).is_err());
        for s in [
            "DRAFT",
            "PENDING",
            "LIVE",
            "FAILED",
            "SELLER_DEACTIVATED",
            "PLATFORM_DEACTIVATED",
            "DELETED",
        ] {
            assert_eq!(ProductStatus::parse(s).unwrap().as_str(), s);
        }
        assert!(Live.on_sale() && !Pending.on_sale());
    }

    #[test]
    fn gtins_need_a_valid_check_digit() {
        for ok in [
            "4006381333931",
            "036000291452",
            "96385074",
            "10614141000415",
            "4006-3813-3393-1",
        ] {
            assert!(Gtin::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Gtin::parse("4006381333932"), Err(GtinError::CheckDigit));
        assert_eq!(Gtin::parse("12345"), Err(GtinError::Length));
        assert_eq!(Gtin::parse("40063813339a1"), Err(GtinError::Length));
    }

    #[test]
    fn seller_skus_are_short_codes() {
        assert!(SellerSku::parse("MP-TEE-BLK-M").is_ok());
        assert!(SellerSku::parse("").is_err());
        assert!(SellerSku::parse("has space").is_err());
        assert!(SellerSku::parse(&"x".repeat(51)).is_err());
    }

    #[test]
    fn titles_that_advertise_are_refused_with_a_suggestion() {
        let codes = |t: &str| {
            check_title(t, 25)
                .into_iter()
                .map(|i| i.code)
                .collect::<Vec<_>>()
        };
        assert!(codes("Merino wool crew-neck jumper, charcoal grey, medium").is_empty());
        assert_eq!(codes("Jumper"), ["title-length"]);
        assert!(
            codes("Merino jumper 50% off free shipping today only").contains(&"title-promotional")
        );
        assert!(
            codes("Merino jumper as seen on TikTok, charcoal grey").contains(&"title-platform")
        );
        assert!(codes("Merino jumper charcoal grey see www.example.com").contains(&"title-link"));
        assert!(codes("MERINO WOOL JUMPER CHARCOAL GREY MEDIUM").contains(&"title-shouting"));
        assert!(
            codes("Merino wool jumper ★ charcoal grey, medium size!").contains(&"title-symbols")
        );
        assert!(
            codes("Wholesale-grade merino wool jumper, charcoal grey").is_empty(),
            "sale inside a word is fine"
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in ".{0,80}") {
            let _ = Gtin::parse(&s);
            let _ = SellerSku::parse(&s);
            let _ = check_title(&s, 25);
        }
    }
}

crate::try_from_string!(ProductStatus, QualityGrade);
