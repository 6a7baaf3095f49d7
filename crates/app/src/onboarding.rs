//! The seller's way to approval: the profile (business details, addresses, payout account,
//! documents), the checklist of prerequisites, submission, and the operator's decisions.

use bytes::Bytes;
use jiff::Timestamp;
use object_store::path::Path as FilePath;
use shopdeck_domain::bank::{BankAccount, BankErrorKind, BankFields};
use shopdeck_domain::document::check_document;
use shopdeck_domain::ids::{DocumentId, ReviewId, SellerId, UserId};
use shopdeck_domain::phone::PhoneNumber;
use shopdeck_domain::sellers::{
    BusinessType, ChecklistItem, OnboardingFacts, SellerStatus, StatusAction, checklist,
    ready_to_submit,
};
use shopdeck_domain::{Country, Locale};
use shopdeck_store::profiles as repo;
use shopdeck_store::sellers;
use shopdeck_store::{Conn, StoreError, users};

use crate::access::{Operator, SellerActor};
use crate::audit::{self, Actor};
use crate::auth::Shop;
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, FieldError, Refusal, Result, messages};

/// A shop's business details as the onboarding page shows and edits them.
#[derive(Debug, Clone, Default)]
pub struct BusinessDetails {
    pub store_name: String,
    pub business_type: Option<String>,
    pub legal_name: Option<String>,
    pub registration_number: Option<String>,
    pub contact_name: Option<String>,
    pub time_zone: String,
    pub bank_account_masked: Option<String>,
    pub submitted_at: Option<Timestamp>,
}

impl From<repo::BusinessDetails> for BusinessDetails {
    fn from(r: repo::BusinessDetails) -> BusinessDetails {
        BusinessDetails {
            store_name: r.store_name,
            business_type: r.business_type,
            legal_name: r.legal_name,
            registration_number: r.registration_number,
            contact_name: r.contact_name,
            time_zone: r.time_zone,
            bank_account_masked: r.bank_account_masked,
            submitted_at: r.submitted_at,
        }
    }
}

impl From<BusinessDetails> for repo::BusinessDetails {
    fn from(r: BusinessDetails) -> repo::BusinessDetails {
        repo::BusinessDetails {
            store_name: r.store_name,
            business_type: r.business_type,
            legal_name: r.legal_name,
            registration_number: r.registration_number,
            contact_name: r.contact_name,
            time_zone: r.time_zone,
            bank_account_masked: r.bank_account_masked,
            submitted_at: r.submitted_at,
        }
    }
}

/// A warehouse or return address of the shop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub country: String,
}

impl From<repo::Address> for Address {
    fn from(r: repo::Address) -> Address {
        Address {
            contact_name: r.contact_name,
            phone: r.phone,
            line1: r.line1,
            line2: r.line2,
            city: r.city,
            region: r.region,
            postal_code: r.postal_code,
            country: r.country,
        }
    }
}

impl From<Address> for repo::Address {
    fn from(r: Address) -> repo::Address {
        repo::Address {
            contact_name: r.contact_name,
            phone: r.phone,
            line1: r.line1,
            line2: r.line2,
            city: r.city,
            region: r.region,
            postal_code: r.postal_code,
            country: r.country,
        }
    }
}

/// An uploaded verification document.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: DocumentId,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    pub uploaded_at: Timestamp,
}

impl From<repo::DocumentRow> for Document {
    fn from(r: repo::DocumentRow) -> Document {
        Document {
            id: r.id,
            kind: r.kind,
            file_name: r.file_name,
            content_type: r.content_type,
            size_bytes: r.size_bytes,
            storage_key: r.storage_key,
            uploaded_at: r.uploaded_at,
        }
    }
}

/// One decision in the shop's review history.
#[derive(Debug, Clone)]
pub struct Review {
    pub id: ReviewId,
    pub action: String,
    pub from_status: SellerStatus,
    pub to_status: SellerStatus,
    pub reasons: Vec<String>,
    pub actor_id: Option<UserId>,
    pub created_at: Timestamp,
}

impl From<repo::ReviewRow> for Review {
    fn from(r: repo::ReviewRow) -> Review {
        Review {
            id: r.id,
            action: r.action,
            from_status: r.from_status,
            to_status: r.to_status,
            reasons: r.reasons,
            actor_id: r.actor_id,
            created_at: r.created_at,
        }
    }
}

/// Everything the onboarding page shows.
#[derive(Debug, Clone)]
pub struct Onboarding {
    pub seller: Shop,
    pub status: SellerStatus,
    pub details: BusinessDetails,
    pub warehouse: Option<Address>,
    pub return_address: Option<Address>,
    pub documents: Vec<Document>,
    pub reviews: Vec<Review>,
    pub checklist: Vec<ChecklistItem>,
    pub can_submit: bool,
    /// Whether business details and documents may change (not while under review or once
    /// approved).
    pub editable: bool,
}

pub const WAREHOUSE: &str = "WAREHOUSE";
pub const RETURN: &str = "RETURN";

fn profile_complete(d: &BusinessDetails) -> bool {
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let needs_reg = d
        .business_type
        .as_deref()
        .and_then(BusinessType::parse)
        .is_none_or(|b| b.needs_registration_number());
    !d.store_name.is_empty()
        && filled(&d.business_type)
        && filled(&d.legal_name)
        && filled(&d.contact_name)
        && (!needs_reg || filled(&d.registration_number))
}

async fn load(app: &App, conn: &mut Conn, seller_id: SellerId) -> Result<Onboarding> {
    let seller = sellers::find_seller(conn, seller_id)
        .await?
        .ok_or(AppError::NotFound("shop"))?;
    let status = seller.status;
    let details: BusinessDetails = repo::find_business_details(conn, seller_id)
        .await?
        .ok_or(AppError::NotFound("shop"))?
        .into();
    let addresses = repo::list_addresses(conn, seller_id).await?;
    let pick = |kind: &str| {
        addresses
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, a)| Address::from(a.clone()))
    };
    let documents: Vec<Document> = repo::list_documents(conn, seller_id)
        .await?
        .into_iter()
        .map(Document::from)
        .collect();
    let reviews = repo::list_reviews(conn, seller_id)
        .await?
        .into_iter()
        .map(Review::from)
        .collect();
    let owners = users::list_owner_emails(conn, seller_id).await?;
    let (phone_at, email_at) = match owners.first() {
        Some((id, _)) => users::verification_times(conn, *id).await?,
        None => (None, None),
    };
    let facts = OnboardingFacts {
        phone_verified: phone_at.is_some(),
        email_verified: email_at.is_some(),
        profile_complete: profile_complete(&details),
        warehouse_address: pick(WAREHOUSE).is_some(),
        return_address: pick(RETURN).is_some(),
        bank_account: details.bank_account_masked.is_some(),
        documents: documents.len(),
        status: Some(status),
    };
    let items = checklist(&facts);
    let _ = app;
    Ok(Onboarding {
        can_submit: ready_to_submit(&items) && status.apply(StatusAction::Submit).is_ok(),
        editable: status.profile_editable(),
        checklist: items,
        warehouse: pick(WAREHOUSE),
        return_address: pick(RETURN),
        seller: seller.into(),
        status,
        details,
        documents,
        reviews,
    })
}

/// The shop's onboarding state.
pub async fn overview(app: &App, seller_id: SellerId) -> Result<Onboarding> {
    let mut conn = app.db.conn().await?;
    load(app, &mut conn, seller_id).await
}

fn locked() -> AppError {
    AppError::refused(
        Refusal::ProfileLocked,
        "the profile cannot change while it is under review or after approval",
    )
}

/// The business-details form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BusinessInput {
    pub store_name: String,
    pub business_type: String,
    pub legal_name: String,
    #[serde(default)]
    pub registration_number: String,
    pub contact_name: String,
    pub time_zone: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

pub async fn save_business(app: &App, actor: &SellerActor, input: &BusinessInput) -> Result<()> {
    actor.require_owner()?;
    let mut errors = Vec::new();
    let name = input
        .store_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !(3..=50).contains(&name.chars().count()) {
        errors.push(FieldError::new(
            "store_name",
            "store-name-length",
            "A shop name has 3 to 50 characters",
        ));
    }
    let business_type = BusinessType::parse(&input.business_type);
    if business_type.is_none() {
        errors.push(FieldError::new(
            "business_type",
            "required",
            "Choose the type of business",
        ));
    }
    if opt(&input.legal_name).is_none() {
        errors.push(FieldError::new(
            "legal_name",
            "required",
            "Enter the legal name",
        ));
    }
    if business_type.is_some_and(|b| b.needs_registration_number())
        && opt(&input.registration_number).is_none()
    {
        errors.push(FieldError::new(
            "registration_number",
            "required",
            "Enter the registration number",
        ));
    }
    if opt(&input.contact_name).is_none() {
        errors.push(FieldError::new(
            "contact_name",
            "required",
            "Enter a contact person",
        ));
    }
    if jiff::tz::TimeZone::get(input.time_zone.trim()).is_err() {
        errors.push(FieldError::new(
            "time_zone",
            "time-zone-invalid",
            "Choose a time zone",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut tx = app.db.begin().await?;
    let current = load(app, &mut tx, actor.seller_id).await?;
    if !current.editable {
        return Err(locked());
    }
    let details = BusinessDetails {
        store_name: name,
        business_type: business_type.map(|b| b.as_str().to_owned()),
        legal_name: opt(&input.legal_name),
        registration_number: opt(&input.registration_number),
        contact_name: opt(&input.contact_name),
        time_zone: input.time_zone.trim().to_owned(),
        ..current.details
    };
    let row = repo::BusinessDetails::from(details.clone());
    match repo::update_business_details(&mut tx, actor.seller_id, &row, app.now()).await {
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "store_name",
                "store-name-taken",
                "Another shop already has this name",
            ));
        }
        other => other?,
    }
    audit::record(app, &mut tx, &Actor::from(actor), Some(actor.seller_id), "profile.business_updated", None, serde_json::json!({"store_name": details.store_name, "business_type": details.business_type})).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The address form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AddressInput {
    pub contact_name: String,
    pub phone: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    #[serde(default)]
    pub region: String,
    pub postal_code: String,
}

/// Saves the warehouse (pickup) or return address. Addresses are in the shop's country.
pub async fn save_address(
    app: &App,
    actor: &SellerActor,
    kind: &str,
    input: &AddressInput,
) -> Result<()> {
    actor.require_owner()?;
    if kind != WAREHOUSE && kind != RETURN {
        return Err(AppError::NotFound("address"));
    }
    let mut tx = app.db.begin().await?;
    let current = load(app, &mut tx, actor.seller_id).await?;
    if current.status == SellerStatus::PendingReview {
        return Err(locked());
    }
    let country = Country::by_code(&current.seller.country).ok_or(AppError::NotFound("country"))?;
    let mut errors = Vec::new();
    for (field, value, label) in [
        ("contact_name", &input.contact_name, "Enter a contact name"),
        ("line1", &input.line1, "Enter the street address"),
        ("city", &input.city, "Enter the city"),
        ("postal_code", &input.postal_code, "Enter the postal code"),
    ] {
        if opt(value).is_none() || value.chars().count() > 200 {
            errors.push(FieldError::new(field, "required", label));
        }
    }
    let phone = match PhoneNumber::parse(&input.phone, &country) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError::new("phone", "phone-invalid", e.to_string()));
            None
        }
    };
    let Some(phone) = phone.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let address = Address {
        contact_name: input.contact_name.trim().to_owned(),
        phone: phone.as_e164().to_owned(),
        line1: input.line1.trim().to_owned(),
        line2: opt(&input.line2),
        city: input.city.trim().to_owned(),
        region: opt(&input.region),
        postal_code: input.postal_code.trim().to_uppercase(),
        country: country.code.to_owned(),
    };
    let row = repo::Address::from(address.clone());
    repo::upsert_address(&mut tx, actor.seller_id, kind, &row, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "profile.address_saved",
        Some(kind),
        serde_json::json!({"city": address.city, "country": address.country}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Saves the payout account; only its masked form is ever shown again.
pub async fn save_bank_account(
    app: &App,
    actor: &SellerActor,
    fields: &BankFields,
) -> Result<String> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    let current = load(app, &mut tx, actor.seller_id).await?;
    if current.status == SellerStatus::PendingReview {
        return Err(locked());
    }
    let country = Country::by_code(&current.seller.country).ok_or(AppError::NotFound("country"))?;
    let account = BankAccount::parse(&country, fields)
        .map_err(|e| AppError::invalid(e.field, bank_error_code(&e.kind), e.to_string()))?;
    let json = stored_form(&account);
    let masked = account.masked();
    repo::set_bank_account(&mut tx, actor.seller_id, &json, &masked, app.now()).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "profile.bank_account_saved",
        None,
        serde_json::json!({"account": masked}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(masked)
}

/// The stored form of a payout account: its normalised fields, which parse back to it.
pub(crate) fn stored_form(account: &BankAccount) -> String {
    let f = account.to_fields();
    serde_json::json!({
        "iban": f.iban, "routing_number": f.routing_number, "account_number": f.account_number,
        "sort_code": f.sort_code, "bank_code": f.bank_code, "branch_code": f.branch_code,
        "account_type": f.account_type, "swift_bic": f.swift_bic, "account_holder": f.account_holder,
    })
    .to_string()
}

fn bank_error_code(kind: &BankErrorKind) -> &'static str {
    match kind {
        BankErrorKind::Missing => "required",
        BankErrorKind::Characters(_) => "bank-characters",
        BankErrorKind::Length(_) => "bank-length",
        BankErrorKind::Checksum => "bank-checksum",
        BankErrorKind::WrongCountry { .. } => "bank-wrong-country",
        BankErrorKind::UnsupportedCountry(_) => "bank-unsupported-country",
        BankErrorKind::UnknownRoutingPrefix => "bank-routing-number",
        BankErrorKind::AccountType => "bank-account-type",
        BankErrorKind::BicFormat => "bank-bic",
    }
}

/// Kinds of business document a seller can upload.
pub const DOCUMENT_KINDS: [&str; 3] = ["BUSINESS_LICENSE", "IDENTITY", "OTHER"];

/// Stores an uploaded document after checking what it really is.
pub async fn upload_document(
    app: &App,
    actor: &SellerActor,
    kind: &str,
    file_name: &str,
    bytes: Bytes,
) -> Result<DocumentId> {
    actor.require_owner()?;
    if !DOCUMENT_KINDS.contains(&kind) {
        return Err(AppError::invalid(
            "kind",
            "document-kind-invalid",
            "Choose what the document is",
        ));
    }
    let doc_kind = check_document(&bytes)
        .map_err(|e| AppError::invalid("file", "document-invalid", e.to_string()))?;
    {
        let mut conn = app.db.conn().await?;
        if !load(app, &mut conn, actor.seller_id).await?.editable {
            return Err(locked());
        }
    }
    let id: DocumentId = app.new_id();
    let key = format!(
        "sellers/{}/documents/{id}.{}",
        actor.seller_id,
        doc_kind.extension()
    );
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    // The file first: a row never points at a missing file; an orphan file is harmless.
    app.files
        .put(&FilePath::from(key.as_str()), bytes.into())
        .await
        .map_err(AppError::internal)?;
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(120)
        .collect();
    let mut tx = app.db.begin().await?;
    repo::insert_document(
        &mut tx,
        &repo::NewDocument {
            id,
            seller_id: actor.seller_id,
            kind,
            file_name: if name.is_empty() { "document" } else { &name },
            content_type: doc_kind.mime(),
            size_bytes: size,
            storage_key: &key,
            uploaded_by: actor.user_id,
        },
        app.now(),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "profile.document_uploaded",
        Some(&id.to_string()),
        serde_json::json!({"kind": kind, "bytes": size}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// A document's row and bytes, for the shop itself or an operator reviewing it.
pub async fn document_file(
    app: &App,
    seller_id: SellerId,
    id: DocumentId,
) -> Result<(Document, Bytes)> {
    let row = {
        let mut conn = app.db.conn().await?;
        repo::find_document(&mut conn, seller_id, id)
            .await?
            .ok_or(AppError::NotFound("document"))?
    };
    let bytes = app
        .files
        .get(&FilePath::from(row.storage_key.as_str()))
        .await
        .map_err(AppError::internal)?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    Ok((row.into(), bytes))
}

async fn change_status(
    app: &App,
    conn: &mut Conn,
    seller_id: SellerId,
    action: StatusAction,
    reasons: &[String],
    actor: shopdeck_domain::ids::UserId,
) -> Result<(SellerStatus, SellerStatus)> {
    let current = load(app, conn, seller_id).await?;
    let to = current
        .status
        .apply(action)
        .map_err(|e| AppError::refused(Refusal::ShopState, e.to_string()))?;
    if !repo::change_status(
        conn,
        seller_id,
        current.status.as_str(),
        to.as_str(),
        app.now(),
    )
    .await?
    {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the shop's status changed meanwhile; reload",
        ));
    }
    let id: ReviewId = app.new_id();
    repo::insert_review(
        conn,
        &repo::NewReview {
            id,
            seller_id,
            action: action.as_str(),
            from_status: current.status.as_str(),
            to_status: to.as_str(),
            reasons,
            actor_id: Some(actor),
        },
        app.now(),
    )
    .await?;
    Ok((current.status, to))
}

/// The seller sends the completed profile to the operators.
pub async fn submit(app: &App, actor: &SellerActor) -> Result<()> {
    actor.require_owner()?;
    let mut tx = app.db.begin().await?;
    let current = load(app, &mut tx, actor.seller_id).await?;
    if !current.can_submit {
        let missing: Vec<FieldError> = current
            .checklist
            .iter()
            .filter(|i| !i.done && i.key != "platform_approval")
            .map(|i| {
                FieldError::new(
                    i.key,
                    i.missing_reason.unwrap_or("missing"),
                    format!("{} is missing", i.key),
                )
            })
            .collect();
        return Err(if missing.is_empty() {
            AppError::refused(
                Refusal::ShopState,
                format!(
                    "a shop that is {} cannot be submitted",
                    current.status.as_str()
                ),
            )
        } else {
            AppError::Validation(missing)
        });
    }
    change_status(
        app,
        &mut tx,
        actor.seller_id,
        StatusAction::Submit,
        &[],
        actor.user_id,
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "review.submitted",
        None,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Shops waiting for (or past) review, oldest first.
pub async fn review_queue(
    app: &App,
    operator: &Operator,
    status: SellerStatus,
) -> Result<Vec<Shop>> {
    let _ = operator;
    let mut conn = app.db.conn().await?;
    Ok(
        sellers::list_sellers_by_status(&mut conn, status.as_str(), 200)
            .await?
            .into_iter()
            .map(Shop::from)
            .collect(),
    )
}

/// An operator approves, rejects (with reasons), suspends (with a reason) or reinstates a
/// shop; its owners are told by email.
pub async fn decide(
    app: &App,
    operator: &Operator,
    seller_id: SellerId,
    action: StatusAction,
    reasons: &[String],
    locale: Locale,
) -> Result<()> {
    let reasons: Vec<String> = reasons
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if matches!(action, StatusAction::Reject | StatusAction::Suspend) && reasons.is_empty() {
        return Err(AppError::invalid(
            "reasons",
            "required",
            "Give the seller at least one reason",
        ));
    }
    if action == StatusAction::Submit {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.begin().await?;
    let (from, to) =
        change_status(app, &mut tx, seller_id, action, &reasons, operator.user_id).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(operator),
        Some(seller_id),
        &format!("review.{}", action.as_str().to_lowercase()),
        None,
        serde_json::json!({"from": from.as_str(), "to": to.as_str(), "reasons": reasons}),
    )
    .await?;
    let owners = users::list_owner_emails(&mut tx, seller_id).await?;
    let key = match action {
        StatusAction::Approve => "review-approved",
        StatusAction::Reject => "review-rejected",
        StatusAction::Suspend => "review-suspended",
        _ => "review-reinstated",
    };
    let args = [(
        "reasons",
        reasons
            .iter()
            .map(|r| format!("• {r}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )];
    for (user_id, email) in owners {
        let locale = crate::inbox::stored_locale(&mut tx, user_id, locale).await?;
        notify::queue_kind(
            app,
            &mut tx,
            &Message {
                channel: Channel::Email,
                recipient: email,
                subject: messages::text(locale, &format!("{key}-subject"), &args),
                body: messages::text(locale, &format!("{key}-email"), &args),
                user_id: Some(user_id),
                seller_id: Some(seller_id),
            },
            key,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(seller.id = %seller_id, to = to.as_str(), "shop review decision");
    Ok(())
}
