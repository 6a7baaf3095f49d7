//! Pieces of product pages shared by Seller Center, the operator console and the other pages
//! that show a product or its variants: badges, quality findings, attributes, editions,
//! review history, images, variant words.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};
use shopdeck_app::catalog::{self, EffectiveAttribute};
use shopdeck_app::products::{ImageView, ProductView, ReviewView, ShopProduct, ShopSku};
use shopdeck_domain::Locale;
use shopdeck_domain::products::{
    AuditStatus, Finding, GRADED_SUGGESTIONS, ProductStatus, QualityGrade,
};

use crate::WebState;
use crate::page::Page;

pub(crate) fn status_badge(page: &Page, s: ProductStatus) -> Markup {
    html! {
        span class={ "badge status-" (s.as_str().to_lowercase()) } {
            (page.t(&format!("product-status-{}", s.as_str())))
        }
    }
}

pub(crate) fn audit_badge(page: &Page, audit: AuditStatus) -> Markup {
    if audit == AuditStatus::None {
        return html! {};
    }
    let name = audit.as_str();
    html! { span class={ "badge audit-" (name.to_lowercase()) } { (page.t(&format!("product-audit-{name}"))) } }
}

pub(crate) fn grade_badge(page: &Page, g: Option<QualityGrade>) -> Markup {
    match g {
        Some(g) => html! {
            span class={ "badge grade-" (g.as_str().to_lowercase()) } {
                (page.ta("product-grade", &[("grade", &page.t(&format!("product-grade-{}", g.as_str())))]))
            }
        },
        None => html! {},
    }
}

/// What a finding asks for, in the page's language when the code is known.
pub(crate) fn finding_text(page: &Page, f: &Finding) -> String {
    let key = format!("finding-{}", f.code);
    let newer = format!("cat-finding-{}", f.code);
    if page.i18n.has_own(&newer) {
        page.t(&newer)
    } else if page.i18n.has_own(&key) {
        page.t(&key)
    } else {
        f.suggestion.clone()
    }
}

/// The listing's grade with the rules it is made of: each rule met or missed (with what to
/// do), the scale stated, so the seller sees why the grade is what it is.
pub(crate) fn quality_card(page: &Page, v: &ProductView, attrs: &[EffectiveAttribute]) -> Markup {
    let Some(grade) = v.quality_grade else {
        return html! {};
    };
    let missed = |code: &str| v.suggestions.iter().find(|f| f.code == code);
    let checks_pass = v.failed_reasons.is_empty();
    let missed_count = GRADED_SUGGESTIONS
        .iter()
        .filter(|c| missed(c).is_some())
        .count();
    html! {
        section .card #quality {
            h2 { (page.t("product-quality")) " " (grade_badge(page, Some(grade))) }
            p .quality-scale { (page.t("cat-quality-scale")) }
            p .hint { (page.tn("cat-quality-missed", i64::try_from(missed_count).unwrap_or(0), &[])) }
            ul .quality-rules role="list" {
                li class=(if checks_pass { "rule-met" } else { "rule-missed" }) {
                    span .rule-mark aria-hidden="true" { (if checks_pass { "✓" } else { "✗" }) } " "
                    span .rule-state { (page.t(if checks_pass { "cat-rule-met" } else { "cat-rule-missed" })) } ": "
                    (page.t("cat-rule-checks"))
                    @if !checks_pass { (findings_list(page, &v.failed_reasons, attrs)) }
                }
                @for code in GRADED_SUGGESTIONS {
                    @let miss = missed(code);
                    li class=(if miss.is_none() { "rule-met" } else { "rule-missed" }) data-rule=(code) {
                        span .rule-mark aria-hidden="true" { (if miss.is_none() { "✓" } else { "✗" }) } " "
                        span .rule-state { (page.t(if miss.is_none() { "cat-rule-met" } else { "cat-rule-missed" })) } ": "
                        (page.t(&format!("cat-rule-{code}")))
                        @if let Some(f) = miss { br; span .muted { (finding_text(page, f)) } }
                    }
                }
                @let video = missed("video-missing").is_none();
                li class=(if video { "rule-met" } else { "rule-bonus" }) data-rule="video-missing" {
                    span .rule-mark aria-hidden="true" { (if video { "✓" } else { "○" }) } " "
                    (page.t("cat-rule-video-missing"))
                }
            }
        }
    }
}

pub(crate) fn locale_name(tag: &str) -> String {
    Locale::from_tag(tag)
        .filter(|l| l.tag() == tag)
        .map_or_else(|| tag.to_owned(), |l| l.native_name().to_owned())
}

/// `skus[3].price` → (3, "price").
pub(crate) fn split_index<'a>(name: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('[')?;
    let (n, rest) = rest.split_once(']')?;
    let n: usize = n.parse().ok()?;
    Some((n, rest.strip_prefix('.').unwrap_or(rest)))
}

/// A readable name for a field of a product, as findings and form errors name them.
pub(crate) fn field_label(page: &Page, field: &str, attrs: &[EffectiveAttribute]) -> String {
    let attr_name = |key: &str| {
        attrs
            .iter()
            .find(|a| a.key == key)
            .map_or_else(|| key.to_owned(), |a| a.name.clone())
    };
    let simple = |name: &str| -> Option<String> {
        Some(match name {
            "title" => page.t("product-field-title"),
            "description" => page.t("product-field-description"),
            "locale" => page.t("product-field-language"),
            "images" | "image_ids" | "file" => page.t("product-field-images"),
            "attributes" => page.t("product-field-attributes"),
            "brand" => page.t("product-field-brand"),
            "skus" => page.t("product-field-skus"),
            "sales_attributes" => page.t("product-field-sales-attributes"),
            "package" => page.t("product-field-package"),
            "weight_grams" => page.t("product-field-weight"),
            "length_mm" => page.t("product-field-length"),
            "width_mm" => page.t("product-field-width"),
            "height_mm" => page.t("product-field-height"),
            "handling_days" => page.t("product-field-handling"),
            "video_url" => page.t("product-field-video"),
            "category_id" | "category" => page.t("product-field-category"),
            "source_locale" => page.t("product-field-source-locale"),
            "editions" => page.t("product-field-editions"),
            "product" => page.t("product-field-product"),
            "seller_sku" => page.t("sku-field-seller-sku"),
            "gtin" => page.t("sku-field-gtin"),
            "price" => page.t("sku-field-price"),
            "stock" | "quantity" => page.t("sku-field-stock"),
            "low_stock_threshold" => page.t("sku-field-threshold"),
            "variant" => page.t("sku-field-variant"),
            "" => page.t("product-field-general"),
            _ => return None,
        })
    };
    if let Some(s) = simple(field) {
        return s;
    }
    if let Some(key) = field.strip_prefix("attributes.") {
        return attr_name(key);
    }
    if let Some(rest) = field.strip_prefix("editions.")
        && let Some((tag, what)) = rest.split_once('.')
    {
        return format!(
            "{} ({})",
            simple(what).unwrap_or_else(|| what.to_owned()),
            locale_name(tag)
        );
    }
    if let Some((i, what)) = split_index(field, "editions") {
        let n = (i + 1).to_string();
        let base = page.ta("product-edition-n", &[("n", &n)]);
        return if what.is_empty() {
            base
        } else {
            format!(
                "{base} · {}",
                simple(what).unwrap_or_else(|| what.to_owned())
            )
        };
    }
    if let Some((i, what)) = split_index(field, "skus") {
        let n = (i + 1).to_string();
        let base = page.ta("sku-n", &[("n", &n)]);
        let what_label = match what.strip_prefix("variant.") {
            Some(key) => attr_name(key),
            None if what.starts_with("stock") => page.t("sku-field-stock"),
            None => simple(what).unwrap_or_else(|| what.to_owned()),
        };
        return if what.is_empty() {
            base
        } else {
            format!("{base} · {what_label}")
        };
    }
    field.to_owned()
}

/// Findings as a readable list: which part, and what to do.
pub(crate) fn findings_list(
    page: &Page,
    findings: &[Finding],
    attrs: &[EffectiveAttribute],
) -> Markup {
    html! {
        ul .findings {
            @for f in findings {
                li {
                    strong { (field_label(page, &f.field, attrs)) } ": " (finding_text(page, f))
                }
            }
        }
    }
}

pub(crate) fn review_history(
    page: &Page,
    reviews: &[ReviewView],
    attrs: &[EffectiveAttribute],
) -> Markup {
    html! {
        @if reviews.is_empty() { p .muted { (page.t("product-history-empty")) } }
        ol .history {
            @for r in reviews {
                li {
                    (page.time(r.created_at)) " · "
                    strong { (page.t(&format!("product-review-{}", r.action))) }
                    " · " (status_text(page, r.from_status)) " → " (status_text(page, r.to_status))
                    " · " span .muted { (page.t(&format!("product-actor-{}", r.actor_type))) }
                    @if !r.reasons.is_empty() { (findings_list(page, &r.reasons, attrs)) }
                }
            }
        }
    }
}

pub(crate) fn status_text(page: &Page, s: ProductStatus) -> String {
    page.t(&format!("product-status-{}", s.as_str()))
}

pub(crate) fn image_gallery(images: &[ImageView], alt: &str) -> Markup {
    html! {
        ul .image-strip role="list" {
            @for (i, img) in images.iter().enumerate() {
                li {
                    a href=(img.display_url) {
                        img src=(img.thumb_url) alt={ (alt) " " (i + 1) } width="120" height="120" loading="lazy";
                    }
                }
            }
        }
    }
}

/// Editions, source first, one section each.
pub(crate) fn editions_sections(page: &Page, v: &ProductView) -> Markup {
    let mut eds: Vec<_> = v.editions.iter().collect();
    eds.sort_by_key(|e| !e.is_source);
    html! {
        nav .tabs aria-label=(page.t("product-editions")) {
            @for e in &eds { a href={ "#edition-" (e.locale) } { (locale_name(&e.locale)) } }
        }
        @for e in &eds {
            section .edition id={ "edition-" (e.locale) } lang=(e.locale) {
                h3 {
                    (locale_name(&e.locale)) " "
                    @if e.is_source { span .badge .badge-source { (page.t("product-edition-source")) } }
                    @if e.generated { span .badge .badge-generated { (page.t("product-edition-generated")) } }
                }
                p .edition-title { strong { bdi { (e.title) } } }
                div .description { (PreEscaped(shopdeck_files::html::render_description(&e.description))) }
            }
        }
    }
}

pub(crate) fn attributes_facts(
    page: &Page,
    v: &ProductView,
    attrs: &[EffectiveAttribute],
) -> Markup {
    let name = |k: &str| {
        attrs
            .iter()
            .find(|a| a.key == k)
            .map_or_else(|| k.to_owned(), |a| a.name.clone())
    };
    let dash = || "—".to_owned();
    html! {
        dl .facts {
            dt { (page.t("product-field-category")) } dd { (v.category_path.join(" › ")) }
            dt { (page.t("product-field-brand")) }
            dd { (v.brand.clone().or_else(|| v.attributes.get("brand").cloned()).unwrap_or_else(dash)) }
            @for (k, val) in v.attributes.iter().filter(|(k, _)| k.as_str() != "brand") { dt { (name(k)) } dd { (catalog::value_name(page.locale(), k, val)) } }
            @if !v.sales_attributes.is_empty() {
                dt { (page.t("product-field-sales-attributes")) }
                dd { (v.sales_attributes.iter().map(|k| name(k)).collect::<Vec<_>>().join(", ")) }
            }
            dt { (page.t("product-field-weight")) } dd { (v.weight_grams.map(|w| w.to_string()).unwrap_or_else(dash)) }
            dt { (page.t("product-field-dimensions")) }
            dd { @match (v.length_mm, v.width_mm, v.height_mm) {
                (Some(l), Some(w), Some(h)) => { (l) " × " (w) " × " (h) }
                _ => { "—" }
            } }
            dt { (page.t("product-field-handling")) } dd { (v.handling_days) }
            dt { (page.t("product-field-video")) }
            dd { @match &v.video_url { Some(u) => a href=(u) rel="noopener noreferrer nofollow" { (u) }, None => "—" } }
        }
    }
}

/// The category's attributes, named in the page's language; none when it cannot be read.
pub(crate) async fn category_attributes(
    state: &WebState,
    page: &Page,
    category: &str,
) -> Vec<EffectiveAttribute> {
    match category.trim().parse() {
        Ok(id) => catalog::attributes_for(&state.app, id, page.locale())
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

pub(crate) fn variant_text(page: &Page, v: &BTreeMap<String, String>) -> String {
    catalog::variant_label(page.locale(), v)
}

/// An order, cart or return line's variant in the page's language ("Size: XS · Colour:
/// Black"); a line without the values by attribute shows its joined text.
pub(crate) fn variant_words(
    page: &Page,
    values: &BTreeMap<String, String>,
    joined: &str,
) -> String {
    if values.is_empty() {
        joined.replace('_', " ")
    } else {
        catalog::variant_label(page.locale(), values)
    }
}

/// A SKU of the buy box: its variant's values in the reader's language ("XS / ブラック"), in
/// the order of the product's sales attributes.
pub(crate) fn sku_label(locale: Locale, p: &ShopProduct, s: &ShopSku) -> String {
    let parts: Vec<String> = p
        .sales_attributes
        .iter()
        .filter_map(|k| s.variant.get(k).map(|v| catalog::value_name(locale, k, v)))
        .collect();
    if parts.is_empty() {
        s.variant
            .iter()
            .map(|(k, v)| catalog::value_name(locale, k, v))
            .collect::<Vec<_>>()
            .join(" / ")
    } else {
        parts.join(" / ")
    }
}

// ---------------------------------------------------------------------------------------
// Media
