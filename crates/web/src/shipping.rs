//! Seller Center › Shipping: the shop's shipping templates (rules by destination, flat or by
//! weight, a free-shipping threshold, the default one buyers are quoted from), a form to add
//! and edit them with amounts in the shop's currency, and the buyer's cancellation window
//! after payment. Members need Shipping (view to see, edit to change); the cancellation
//! window is an order setting and needs Orders edit.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use shopdeck_app::AppError;
use shopdeck_app::access::SellerActor;
use shopdeck_app::orders::{self, ShippingSettings, TemplateInput, TemplateView};
use shopdeck_domain::ids::ShippingTemplateId;
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::orders::{FeeMode, ShippingError, ShippingRule, ShippingTemplate};
use shopdeck_domain::roles::{Access, Area};

use crate::WebState;
use crate::csrf::CsrfForm;
use crate::error::WebError;
use crate::extract::WebPath;
use crate::forms::{FormErrors, csrf_field, form_error};
use crate::layout;
use crate::page::{Page, redirect};
use crate::reply::{Out, Reply};
use crate::seller_parts::{Section, error_status, field_error, form_errors};

const SECTION: &str = "shipping";
const TITLE: &str = "nav-shipping";
const SHIPPING: Section = Section::new(Area::Shipping, SECTION, TITLE);

/// Rule rows on the template form.
pub const MAX_RULES: usize = 5;

/// The choices of the buyer's cancellation window, in minutes (0 = off).
const HOLD_CHOICES: [i64; 6] = [0, 15, 30, 60, 120, 240];

fn can_set_hold(a: &SellerActor) -> bool {
    a.permissions.allows(Area::Orders, Access::Edit)
}

/// The shop's currency, which template amounts are written in.
fn currency(page: &Page) -> Currency {
    page.user
        .as_ref()
        .and_then(|u| u.seller.as_ref())
        .map(|m| m.seller.currency)
        .unwrap_or(Currency::USD)
}

// ---------------------------------------------------------------------------------------
// Showing templates

fn destination(page: &Page, r: &ShippingRule) -> String {
    if r.country == "*" {
        return page.t("ord-ship-everywhere-else");
    }
    if r.regions.is_empty() {
        r.country.clone()
    } else {
        format!("{} ({})", r.country, r.regions.join(", "))
    }
}

fn fee_text(page: &Page, fee: &FeeMode, c: Currency) -> String {
    let m = |minor: i64| page.money_text(&Money::new(minor, c));
    match *fee {
        FeeMode::Flat { fee_minor } => page.ta("ord-ship-rule-flat", &[("fee", &m(fee_minor))]),
        FeeMode::ByWeight {
            first_grams,
            first_fee_minor,
            step_grams,
            step_fee_minor,
        } => page.ta(
            "ord-ship-rule-weight",
            &[
                ("first_fee", &m(first_fee_minor)),
                ("first_grams", &first_grams.to_string()),
                ("step_fee", &m(step_fee_minor)),
                ("step_grams", &step_grams.to_string()),
            ],
        ),
    }
}

fn template_card(page: &Page, t: &TemplateView, c: Currency, editable: bool) -> Markup {
    html! {
        article .card .template id={ "template-" (t.id) } {
            h3 {
                (t.name)
                @if t.is_default { " " span .badge .status-live .default-template { (page.t("ord-ship-default")) } }
            }
            ul .rules {
                @for r in &t.template.rules {
                    li { strong { (destination(page, r)) } ": " (fee_text(page, &r.fee, c)) }
                }
            }
            @if let Some(free) = t.template.free_above_minor {
                p .free-above { (page.ta("ord-ship-free-above", &[("amount", &page.money_text(&Money::new(free, c)))])) }
            }
            @if editable {
                div .actions-bar {
                    a .button href={ "/seller/shipping/templates/" (t.id) } { (page.t("ord-ship-edit")) }
                    form method="post" action={ "/seller/shipping/templates/" (t.id) "/delete" } .inline {
                        (csrf_field(page))
                        button type="submit" { (page.t("ord-ship-delete")) }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The template form

/// One rule row as typed.
#[derive(Debug, Default, Clone)]
struct RuleRow {
    country: String,
    regions: String,
    mode: String,
    fee: String,
    first_grams: String,
    first_fee: String,
    step_grams: String,
    step_fee: String,
}

impl RuleRow {
    fn is_blank(&self) -> bool {
        [
            &self.country,
            &self.regions,
            &self.fee,
            &self.first_grams,
            &self.first_fee,
            &self.step_grams,
            &self.step_fee,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// The template form as typed.
#[derive(Debug, Clone)]
struct TemplateForm {
    name: String,
    rules: Vec<RuleRow>,
    free_above: String,
    is_default: bool,
}

impl TemplateForm {
    fn blank() -> Self {
        TemplateForm {
            name: String::new(),
            rules: vec![RuleRow::default(); MAX_RULES],
            free_above: String::new(),
            is_default: false,
        }
    }

    fn from_view(v: &TemplateView, c: Currency) -> Self {
        let dec = |minor: i64| Money::new(minor, c).to_decimal_string();
        let mut rules: Vec<RuleRow> = v
            .template
            .rules
            .iter()
            .map(|r| {
                let mut row = RuleRow {
                    country: r.country.clone(),
                    regions: r.regions.join(", "),
                    ..RuleRow::default()
                };
                match r.fee {
                    FeeMode::Flat { fee_minor } => {
                        row.mode = "flat".into();
                        row.fee = dec(fee_minor);
                    }
                    FeeMode::ByWeight {
                        first_grams,
                        first_fee_minor,
                        step_grams,
                        step_fee_minor,
                    } => {
                        row.mode = "by_weight".into();
                        row.first_grams = first_grams.to_string();
                        row.first_fee = dec(first_fee_minor);
                        row.step_grams = step_grams.to_string();
                        row.step_fee = dec(step_fee_minor);
                    }
                }
                row
            })
            .collect();
        // Room for more destinations (a template made through the API may have more rows).
        while rules.len() < MAX_RULES {
            rules.push(RuleRow::default());
        }
        TemplateForm {
            name: v.name.clone(),
            rules,
            free_above: v.template.free_above_minor.map(dec).unwrap_or_default(),
            is_default: v.is_default,
        }
    }

    fn from_pairs(f: &[(String, String)]) -> Self {
        let get = |k: &str| {
            f.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let count = f
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("rules[")?.split_once(']'))
            .filter_map(|(i, _)| i.parse::<usize>().ok())
            .map(|i| i + 1)
            .max()
            .unwrap_or(0)
            .clamp(MAX_RULES, 2 * MAX_RULES);
        let rules = (0..count)
            .map(|i| {
                let g = |k: &str| get(&format!("rules[{i}].{k}"));
                RuleRow {
                    country: g("country"),
                    regions: g("regions"),
                    mode: g("mode"),
                    fee: g("fee"),
                    first_grams: g("first_grams"),
                    first_fee: g("first_fee"),
                    step_grams: g("step_grams"),
                    step_fee: g("step_fee"),
                }
            })
            .collect();
        TemplateForm {
            name: get("name"),
            rules,
            free_above: get("free_above"),
            is_default: matches!(get("is_default").as_str(), "1" | "on" | "true"),
        }
    }

    /// The template the form describes, or messages beside the fields that are wrong.
    fn build(&self, page: &Page, c: Currency) -> Result<ShippingTemplate, FormErrors> {
        let mut problems: Vec<(String, &'static str)> = Vec::new();
        let mut err = |field: String, key: &'static str| problems.push((field, key));
        let amount = |s: &str| -> Option<i64> {
            let s = s.trim();
            let s = if s.contains('.') {
                s.to_owned()
            } else {
                s.replacen(',', ".", 1)
            };
            Money::parse_decimal(&s, c)
                .ok()
                .map(|m| m.amount_minor())
                .filter(|m| *m >= 0)
        };
        let grams = |s: &str, min: i64| -> Option<i64> {
            s.trim()
                .parse::<i64>()
                .ok()
                .filter(|g| (min..=1_000_000).contains(g))
        };
        let mut rules = Vec::new();
        for (i, row) in self.rules.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let f = |k: &str| format!("rules[{i}].{k}");
            let country = row.country.trim().to_uppercase();
            if !(country == "*"
                || (country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())))
            {
                err(f("country"), "ord-ship-error-country");
            }
            let regions: Vec<String> = row
                .regions
                .split(',')
                .map(|r| r.trim().to_uppercase())
                .filter(|r| !r.is_empty())
                .collect();
            if country == "*" && !regions.is_empty() {
                err(f("regions"), "ord-ship-error-regions-everywhere");
            }
            if regions.iter().any(|r| r.chars().count() > 50) || regions.len() > 100 {
                err(f("regions"), "ord-ship-error-regions");
            }
            let fee = match row.mode.as_str() {
                "by_weight" => {
                    let first_grams = grams(&row.first_grams, 0);
                    let first_fee = amount(&row.first_fee);
                    let step_grams = grams(&row.step_grams, 1);
                    let step_fee = amount(&row.step_fee);
                    if first_grams.is_none() {
                        err(f("first_grams"), "ord-ship-error-grams");
                    }
                    if first_fee.is_none() {
                        err(f("first_fee"), "ord-ship-error-amount");
                    }
                    if step_grams.is_none() {
                        err(f("step_grams"), "ord-ship-error-step-grams");
                    }
                    if step_fee.is_none() {
                        err(f("step_fee"), "ord-ship-error-amount");
                    }
                    match (first_grams, first_fee, step_grams, step_fee) {
                        (
                            Some(first_grams),
                            Some(first_fee_minor),
                            Some(step_grams),
                            Some(step_fee_minor),
                        ) => Some(FeeMode::ByWeight {
                            first_grams,
                            first_fee_minor,
                            step_grams,
                            step_fee_minor,
                        }),
                        _ => None,
                    }
                }
                "flat" => match amount(&row.fee) {
                    Some(fee_minor) => Some(FeeMode::Flat { fee_minor }),
                    None => {
                        err(f("fee"), "ord-ship-error-amount");
                        None
                    }
                },
                _ => {
                    err(f("mode"), "ord-ship-error-mode");
                    None
                }
            };
            if let Some(fee) = fee {
                rules.push(ShippingRule {
                    country,
                    regions,
                    fee,
                });
            }
        }
        let free_above_minor = match self.free_above.trim() {
            "" => None,
            s => match amount(s).filter(|m| *m > 0) {
                Some(m) => Some(m),
                None => {
                    err("free_above".into(), "ord-ship-error-threshold");
                    None
                }
            },
        };
        if self.rules.iter().all(RuleRow::is_blank) {
            err("rules".into(), "ord-ship-error-no-rules");
        }
        let template = ShippingTemplate {
            rules,
            free_above_minor,
        };
        // The domain's rules, with the message beside the row it is about.
        if problems.is_empty()
            && let Err(e) = template.validate()
        {
            let (field, key) = match e {
                ShippingError::NoRules => ("rules".to_owned(), "ord-ship-error-no-rules"),
                ShippingError::Country(n) => (
                    format!("rules[{}].country", n.saturating_sub(1)),
                    "ord-ship-error-country",
                ),
                ShippingError::Amounts(n) => (
                    format!("rules[{}].mode", n.saturating_sub(1)),
                    "ord-ship-error-amount",
                ),
                ShippingError::Threshold => ("free_above".to_owned(), "ord-ship-error-threshold"),
            };
            problems.push((field, key));
        }
        if problems.is_empty() {
            return Ok(template);
        }
        let mut errors = FormErrors::default();
        for (field, key) in problems {
            errors.fields.entry(field).or_insert_with(|| page.t(key));
        }
        Err(errors)
    }
}

fn text_input(
    errors: &FormErrors,
    name: &str,
    label: &str,
    value: &str,
    extra: (&str, &str),
) -> Markup {
    let id = name.replace(['[', ']', '.'], "-");
    let err = errors.field(name);
    let (mode, size) = extra;
    html! {
        div .field {
            label for=(id) { (label) }
            input id=(id) name=(name) type="text" value=(value) inputmode=[(!mode.is_empty()).then_some(mode)]
                size=[(!size.is_empty()).then_some(size)]
                aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| format!("{id}-error"))];
            (field_error(errors, name, &id))
        }
    }
}

fn rule_fieldset(page: &Page, i: usize, row: &RuleRow, errors: &FormErrors, c: Currency) -> Markup {
    let n = |k: &str| format!("rules[{i}].{k}");
    let cur = c.code();
    let mode_id = format!("rules-{i}--mode");
    let mode_err = errors.field(&n("mode"));
    let in_cur = |key: &str| page.ta(key, &[("currency", cur)]);
    html! {
        fieldset .card .rule id={ "rule-" (i) } {
            legend { (page.ta("ord-ship-rule-legend", &[("n", &(i + 1).to_string())])) }
            div .grid-fields {
                (text_input(errors, &n("country"), &page.t("ord-ship-field-country"), &row.country, ("", "4")))
                (text_input(errors, &n("regions"), &page.t("ord-ship-field-regions"), &row.regions, ("", "")))
                div .field {
                    label for=(mode_id) { (page.t("ord-ship-field-mode")) }
                    select id=(mode_id) name=(n("mode"))
                        aria-invalid=[mode_err.map(|_| "true")] aria-describedby=[mode_err.map(|_| format!("{mode_id}-error"))] {
                        @for m in ["flat", "by_weight"] {
                            option value=(m) selected[row.mode == m || (row.mode.is_empty() && m == "flat")] {
                                (page.t(&format!("ord-ship-mode-{m}")))
                            }
                        }
                    }
                    (field_error(errors, &n("mode"), &mode_id))
                }
                (text_input(errors, &n("fee"), &in_cur("ord-ship-field-fee"), &row.fee, ("decimal", "8")))
                (text_input(errors, &n("first_grams"), &page.t("ord-ship-field-first-grams"), &row.first_grams, ("numeric", "8")))
                (text_input(errors, &n("first_fee"), &in_cur("ord-ship-field-first-fee"), &row.first_fee, ("decimal", "8")))
                (text_input(errors, &n("step_grams"), &page.t("ord-ship-field-step-grams"), &row.step_grams, ("numeric", "8")))
                (text_input(errors, &n("step_fee"), &in_cur("ord-ship-field-step-fee"), &row.step_fee, ("decimal", "8")))
            }
        }
    }
}

/// The form to add (`id` none) or edit a template.
fn template_form(
    page: &Page,
    id: Option<ShippingTemplateId>,
    f: &TemplateForm,
    errors: &FormErrors,
    c: Currency,
    was_default: bool,
) -> Markup {
    let action = match id {
        Some(id) => format!("/seller/shipping/templates/{id}"),
        None => "/seller/shipping/templates".to_owned(),
    };
    html! {
        form .template-form method="post" action=(action) novalidate {
            (csrf_field(page))
            (form_error(errors))
            (text_input(errors, "name", &page.t("ord-ship-field-name"), &f.name, ("", "")))
            p .hint { (page.t("ord-ship-rules-hint")) }
            @if let Some(e) = errors.field("rules") { p .field-error #rules-error role="alert" { (e) } }
            @for (i, row) in f.rules.iter().enumerate() {
                (rule_fieldset(page, i, row, errors, c))
            }
            (text_input(errors, "free_above", &page.ta("ord-ship-field-free-above", &[("currency", c.code())]), &f.free_above, ("decimal", "8")))
            div .field {
                @if was_default {
                    input type="hidden" name="is_default" value="1";
                    p .hint { (page.t("ord-ship-is-default-hint")) }
                } @else {
                    label .choice for="is_default" {
                        input #is_default type="checkbox" name="is_default" value="1" checked[f.is_default];
                        " " (page.t("ord-ship-field-default"))
                    }
                }
            }
            div .form-actions {
                button type="submit" .primary .auto { (page.t(if id.is_some() { "ord-ship-save" } else { "ord-ship-add" })) }
                @if id.is_some() { " " a href="/seller/shipping" { (page.t("ord-ship-cancel-edit")) } }
            }
        }
    }
}

fn hold_label(page: &Page, minutes: i64) -> String {
    if minutes == 0 {
        page.t("ord-ship-hold-off")
    } else {
        page.ta("ord-ship-hold-minutes", &[("n", &minutes.to_string())])
    }
}

fn hold_section(page: &Page, a: &SellerActor, minutes: i64, errors: &FormErrors) -> Markup {
    let mut choices = HOLD_CHOICES.to_vec();
    if !choices.contains(&minutes) {
        choices.push(minutes);
        choices.sort_unstable();
    }
    let err = errors.field("hold_minutes");
    html! {
        section .card #hold {
            h2 { (page.t("ord-ship-hold-title")) }
            p .hint { (page.t("ord-ship-hold-hint")) }
            @if can_set_hold(a) {
                form method="post" action="/seller/shipping/hold" .inline-form novalidate {
                    (csrf_field(page))
                    label for="hold_minutes" { (page.t("ord-ship-hold-label")) }
                    select #hold_minutes name="hold_minutes"
                        aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| "hold_minutes-error")] {
                        @for m in &choices {
                            option value=(m) selected[*m == minutes] { (hold_label(page, *m)) }
                        }
                    }
                    button type="submit" { (page.t("ord-ship-hold-save")) }
                    (field_error(errors, "hold_minutes", "hold_minutes"))
                }
            } @else {
                p #hold-value { (page.t("ord-ship-hold-label")) ": " strong { (hold_label(page, minutes)) } }
            }
        }
    }
}

/// What the index page shows besides the list: the add form as typed, and errors of the
/// add form or the cancellation-window form.
struct IndexState {
    add: TemplateForm,
    add_errors: FormErrors,
    hold_errors: FormErrors,
    notice: Option<String>,
}

impl IndexState {
    fn fresh(notice: Option<String>) -> Self {
        IndexState {
            add: TemplateForm::blank(),
            add_errors: FormErrors::default(),
            hold_errors: FormErrors::default(),
            notice,
        }
    }
}

fn index_page(page: &Page, a: &SellerActor, s: &ShippingSettings, st: &IndexState) -> Markup {
    let c = currency(page);
    let editable = SHIPPING.can_edit(a);
    let has_default = s.templates.iter().any(|t| t.is_default);
    html! {
        @if let Some(n) = &st.notice { p .notice role="status" { (n) } }
        section #templates {
            h2 { (page.t("ord-ship-templates")) }
            p .hint { (page.t("ord-ship-templates-hint")) }
            @if s.templates.is_empty() {
                p .notice #no-templates { (page.t("ord-ship-no-templates")) }
            } @else if !has_default {
                p .notice #no-default { (page.t("ord-ship-no-default")) }
            }
            @for t in &s.templates { (template_card(page, t, c, editable)) }
        }
        @if editable {
            section .card #add-template {
                h2 { (page.t("ord-ship-add-title")) }
                (template_form(page, None, &st.add, &st.add_errors, c, false))
            }
        } @else {
            p .muted { (page.t("ord-ship-view-only")) }
        }
        (hold_section(page, a, s.hold_minutes, &st.hold_errors))
    }
}

async fn render_index(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    st: &IndexState,
    status: StatusCode,
) -> Out {
    let s = orders::shipping_settings(&state.app, a)
        .await
        .map_err(|e| SHIPPING.fail(page, e))?;
    let content = index_page(page, a, &s, st);
    Ok(layout::seller_reply(
        page,
        status,
        SECTION,
        &page.t(TITLE),
        content,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeParams {
    notice: Option<String>,
}

fn notice(page: &Page, n: Option<&str>) -> Option<String> {
    page.notice(
        n,
        &[
            ("saved", "ord-ship-notice-saved"),
            ("deleted", "ord-ship-notice-deleted"),
            ("hold", "ord-ship-notice-hold"),
        ],
    )
}

/// `GET /seller/shipping`.
pub async fn index(
    State(state): State<WebState>,
    page: Page,
    Query(q): Query<NoticeParams>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::View)?;
    let st = IndexState::fresh(notice(&page, q.notice.as_deref()));
    render_index(&state, &page, &a, &st, StatusCode::OK).await
}

/// Saves the typed template; the use-case's field names become the form's.
async fn save(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: Option<ShippingTemplateId>,
    f: &TemplateForm,
    was_default: bool,
) -> Result<Result<(), (FormErrors, StatusCode)>, Reply> {
    let c = currency(page);
    let template = match f.build(page, c) {
        Ok(t) => t,
        Err(errors) => return Ok(Err((errors, StatusCode::UNPROCESSABLE_ENTITY))),
    };
    let input = TemplateInput {
        name: f.name.clone(),
        template,
        // A new template unticked: the use-case makes the shop's first one the default.
        is_default: if f.is_default || was_default {
            Some(true)
        } else if id.is_some() {
            Some(false)
        } else {
            None
        },
    };
    match orders::save_template(&state.app, a, id, &input).await {
        Ok(_) => Ok(Ok(())),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = error_status(&e);
            let mut errors = form_errors(page, e, SECTION, TITLE)?;
            if let Some(m) = errors.fields.remove("free_above_minor") {
                errors.fields.insert("free_above".into(), m);
            }
            Ok(Err((errors, status)))
        }
        Err(e) => Err(SHIPPING.fail(page, e)),
    }
}

/// `POST /seller/shipping/templates`: adds a template.
pub async fn create(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::Edit)?;
    let f = TemplateForm::from_pairs(&pairs);
    match save(&state, &page, &a, None, &f, false).await? {
        Ok(()) => Ok(redirect("/seller/shipping?notice=saved")),
        Err((errors, status)) => {
            let st = IndexState {
                add: f,
                add_errors: errors,
                ..IndexState::fresh(None)
            };
            render_index(&state, &page, &a, &st, status).await
        }
    }
}

async fn find_template(
    state: &WebState,
    page: &Page,
    a: &SellerActor,
    id: ShippingTemplateId,
) -> Result<TemplateView, Reply> {
    orders::shipping_settings(&state.app, a)
        .await
        .map_err(|e| SHIPPING.fail(page, e))?
        .templates
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| WebError::NotFound(page.locale()).into())
}

fn edit_page(
    page: &Page,
    id: ShippingTemplateId,
    f: &TemplateForm,
    errors: &FormErrors,
    was_default: bool,
    status: StatusCode,
) -> Response {
    let c = currency(page);
    let title = page.ta("ord-ship-edit-title", &[("name", &f.name)]);
    let content = html! {
        p { a href="/seller/shipping" { "← " (page.t("ord-ship-back")) } }
        section .card #edit-template {
            (template_form(page, Some(id), f, errors, c, was_default))
        }
    };
    (status, layout::seller_shell(page, SECTION, &title, content)).into_response()
}

/// `GET /seller/shipping/templates/{id}`: the edit form.
pub async fn edit_form(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ShippingTemplateId>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::Edit)?;
    let t = find_template(&state, &page, &a, id).await?;
    let f = TemplateForm::from_view(&t, currency(&page));
    Ok(edit_page(
        &page,
        id,
        &f,
        &FormErrors::default(),
        t.is_default,
        StatusCode::OK,
    ))
}

/// `POST /seller/shipping/templates/{id}`: replaces a template.
pub async fn update(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ShippingTemplateId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::Edit)?;
    let was_default = find_template(&state, &page, &a, id).await?.is_default;
    let f = TemplateForm::from_pairs(&pairs);
    match save(&state, &page, &a, Some(id), &f, was_default).await? {
        Ok(()) => Ok(redirect("/seller/shipping?notice=saved")),
        Err((errors, status)) => Ok(edit_page(&page, id, &f, &errors, was_default, status)),
    }
}

/// `POST /seller/shipping/templates/{id}/delete`.
pub async fn delete(
    State(state): State<WebState>,
    page: Page,
    WebPath(id): WebPath<ShippingTemplateId>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::Edit)?;
    orders::delete_template(&state.app, &a, id)
        .await
        .map_err(|e| SHIPPING.fail(&page, e))?;
    Ok(redirect("/seller/shipping?notice=deleted"))
}

#[derive(Debug, serde::Deserialize)]
pub struct HoldForm {
    #[serde(default)]
    hold_minutes: String,
}

/// `POST /seller/shipping/hold`: the buyer's cancellation window after payment.
pub async fn set_hold(
    State(state): State<WebState>,
    page: Page,
    CsrfForm(f): CsrfForm<HoldForm>,
) -> Out {
    let a = SHIPPING.actor(&page, Access::View)?;
    if !can_set_hold(&a) {
        return Err(crate::reply::forbidden_in(&page, SECTION, TITLE));
    }
    let result = match f.hold_minutes.trim().parse::<i64>() {
        Ok(m) => orders::set_hold_minutes(&state.app, &a, m).await,
        Err(_) => Err(AppError::invalid(
            "hold_minutes",
            "range",
            "Use 0 (off) to 1440 minutes",
        )),
    };
    match result {
        Ok(()) => Ok(redirect("/seller/shipping?notice=hold#hold")),
        Err(e @ AppError::Validation(_)) => {
            let st = IndexState {
                hold_errors: form_errors(&page, e, SECTION, TITLE)?,
                ..IndexState::fresh(None)
            };
            render_index(&state, &page, &a, &st, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(SHIPPING.fail(&page, e)),
    }
}
