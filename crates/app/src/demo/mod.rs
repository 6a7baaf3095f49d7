//! The demo marketplace: an operator; three approved shops in three countries and currencies
//! (US/USD, GB/GBP, JP/JPY) with complete profiles and staff; one shop waiting for review and
//! one rejected; and the category tree. Loaded by `shopdeck demo` and `serve --demo`, only
//! into an empty database.

mod buyers;
mod catalogue;
mod media;
mod orders;
pub use buyers::{BUYER_EMAIL, BUYER_PHONE, buyer_logins, load_buyers};
pub use catalogue::load_catalogue;
pub use media::load_media;
pub use orders::{load_orders, paid_orders_for_bench};

use shopdeck_domain::bank::{BankAccount, BankFields};
use shopdeck_domain::ids::{DocumentId, ReviewId, SellerId, UserId};
use shopdeck_domain::phone::PhoneNumber;
use shopdeck_domain::roles::BuiltInRole;
use shopdeck_domain::sellers::{BusinessType, OWNER_ROLE, SellerStatus, StatusAction};
use shopdeck_domain::{Country, Email};
use shopdeck_store::{profiles, sellers, users};

use crate::{App, AppError, Result};

/// The password every demo account shares. Printed at start-up and written in README.
pub const DEMO_PASSWORD: &str = "shopdeck-demo";

/// A demo login, for printing.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub shop: Option<&'static str>,
}

struct DemoStaff {
    name: &'static str,
    email: &'static str,
    role: BuiltInRole,
}

struct DemoShop {
    store_name: &'static str,
    legal_name: &'static str,
    registration_number: &'static str,
    country: &'static str,
    owner_name: &'static str,
    owner_email: &'static str,
    owner_phone: &'static str,
    status: SellerStatus,
    /// Reasons given with a rejection.
    reasons: &'static [&'static str],
    address: (&'static str, &'static str, &'static str, &'static str),
    bank: BankFields,
    staff: &'static [DemoStaff],
}

fn bank(f: &[(&str, &str)]) -> BankFields {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| (*v).to_owned())
    };
    BankFields {
        account_holder: get("holder"),
        iban: get("iban"),
        routing_number: get("routing"),
        account_number: get("account"),
        bank_code: get("bank_code"),
        branch_code: get("branch_code"),
        account_type: get("account_type"),
        ..BankFields::default()
    }
}

fn shops() -> Vec<DemoShop> {
    vec![
        DemoShop {
            store_name: "Maple & Pine Outfitters",
            legal_name: "Maple & Pine Outfitters LLC",
            registration_number: "EIN 12-3456789",
            country: "US",
            owner_name: "Avery Johnson",
            owner_email: "owner@maple-pine.example",
            owner_phone: "(212) 555-0142",
            status: SellerStatus::Approved,
            reasons: &[],
            address: ("120 Hudson Street", "New York", "NY", "10013"),
            bank: bank(&[
                ("holder", "Maple & Pine Outfitters LLC"),
                ("routing", "021000021"),
                ("account", "000123456789"),
            ]),
            staff: &[
                DemoStaff {
                    name: "Priya Patel",
                    email: "priya@maple-pine.example",
                    role: BuiltInRole::ProductManager,
                },
                DemoStaff {
                    name: "Sam Rivera",
                    email: "sam@maple-pine.example",
                    role: BuiltInRole::OrderFulfilment,
                },
            ],
        },
        DemoShop {
            store_name: "Thistle & Thread",
            legal_name: "Thistle & Thread Ltd",
            registration_number: "SC654321",
            country: "GB",
            owner_name: "Isla Campbell",
            owner_email: "owner@thistle-thread.example",
            owner_phone: "07700 900461",
            status: SellerStatus::Approved,
            reasons: &[],
            address: ("14 Rose Street", "Edinburgh", "", "EH2 2PR"),
            bank: bank(&[
                ("holder", "Thistle & Thread Ltd"),
                ("iban", "GB82 WEST 1234 5698 7654 32"),
            ]),
            staff: &[DemoStaff {
                name: "Callum Reid",
                email: "callum@thistle-thread.example",
                role: BuiltInRole::CustomerService,
            }],
        },
        DemoShop {
            store_name: "Sakura Stationery",
            legal_name: "株式会社さくら文具",
            registration_number: "1234567890123",
            country: "JP",
            owner_name: "Yui Tanaka",
            owner_email: "owner@sakura-stationery.example",
            owner_phone: "090-1234-5678",
            status: SellerStatus::Approved,
            reasons: &[],
            address: ("1-2-3 Jingumae", "Shibuya-ku", "Tokyo", "150-0001"),
            bank: bank(&[
                ("holder", "カ）サクラブング"),
                ("bank_code", "0005"),
                ("branch_code", "001"),
                ("account_type", "ordinary"),
                ("account", "1234567"),
            ]),
            staff: &[DemoStaff {
                name: "Kenji Sato",
                email: "kenji@sakura-stationery.example",
                role: BuiltInRole::Admin,
            }],
        },
        DemoShop {
            store_name: "Lumière Atelier",
            legal_name: "Lumière Atelier SARL",
            registration_number: "RCS Paris 123 456 789",
            country: "FR",
            owner_name: "Camille Martin",
            owner_email: "owner@lumiere-atelier.example",
            owner_phone: "06 12 34 56 78",
            status: SellerStatus::PendingReview,
            reasons: &[],
            address: ("8 rue de Rivoli", "Paris", "", "75004"),
            bank: bank(&[
                ("holder", "Lumière Atelier SARL"),
                ("iban", "FR14 2004 1010 0505 0001 3M02 606"),
            ]),
            staff: &[],
        },
        DemoShop {
            store_name: "Casa Verde Cerámica",
            legal_name: "Casa Verde Cerámica SL",
            registration_number: "B12345678",
            country: "ES",
            owner_name: "Lucía García",
            owner_email: "owner@casa-verde.example",
            owner_phone: "612 345 678",
            status: SellerStatus::Rejected,
            reasons: &[
                "The business licence is unreadable: upload a sharper scan.",
                "The legal name does not match the registration certificate.",
            ],
            address: ("Calle Mayor 10", "Madrid", "", "28013"),
            bank: bank(&[
                ("holder", "Casa Verde Ceramica SL"),
                ("iban", "ES91 2100 0418 4502 0005 1332"),
            ]),
            staff: &[],
        },
    ]
}

const OPERATOR_EMAIL: &str = "ops@shopdeck.example";

/// Every demo login.
pub fn logins() -> Vec<DemoLogin> {
    let mut v = vec![DemoLogin {
        role: "operator",
        email: OPERATOR_EMAIL,
        shop: None,
    }];
    for s in shops() {
        let role = match s.status {
            SellerStatus::PendingReview => "owner (pending)",
            SellerStatus::Rejected => "owner (rejected)",
            _ => "seller owner",
        };
        v.push(DemoLogin {
            role,
            email: s.owner_email,
            shop: Some(s.store_name),
        });
        for st in s.staff {
            v.push(DemoLogin {
                role: staff_label(st.role),
                email: st.email,
                shop: Some(s.store_name),
            });
        }
    }
    v
}

fn staff_label(r: BuiltInRole) -> &'static str {
    match r {
        BuiltInRole::ProductManager => "product manager",
        BuiltInRole::OrderFulfilment => "fulfilment",
        BuiltInRole::CustomerService => "customer service",
        BuiltInRole::Admin => "admin",
        BuiltInRole::Marketing => "marketing",
        BuiltInRole::Finance => "finance",
        BuiltInRole::Analyst => "analyst",
        BuiltInRole::Owner => "owner",
    }
}

/// Whether anything was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded,
    /// The database already had users; nothing was changed.
    AlreadyPopulated,
}

/// A small but valid one-page PDF, made here rather than committed.
fn demo_pdf(title: &str) -> Vec<u8> {
    let text = title.replace(['(', ')', '\\'], " ");
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Loads the demo marketplace in one transaction, unless the database already has users.
pub async fn load_demo(app: &App) -> Result<DemoOutcome> {
    let hash = {
        let password = DEMO_PASSWORD.to_owned();
        tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
            .await
            .map_err(AppError::internal)??
    };
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if users::count_users(&mut tx).await? > 0 {
        return Ok(DemoOutcome::AlreadyPopulated);
    }

    let email = |s: &str| Email::parse(s).map_err(AppError::internal);
    let operator: UserId = app.new_id();
    users::insert_user(
        &mut tx,
        &users::NewUser {
            id: operator,
            email: &email(OPERATOR_EMAIL)?,
            phone: None,
            display_name: "Platform Operator",
            password_hash: &hash,
            is_operator: true,
            phone_verified_at: None,
            email_verified_at: Some(now),
        },
        now,
    )
    .await?;

    for shop in shops() {
        let country = Country::by_code(shop.country).ok_or_else(|| {
            AppError::Internal(format!("unknown country {}", shop.country).into())
        })?;
        let seller_id: SellerId = app.new_id();
        sellers::insert_seller(
            &mut tx,
            &sellers::NewSeller {
                id: seller_id,
                store_name: shop.store_name,
                country: country.code,
                currency: country.currency,
                time_zone: country.time_zone,
                portal: crate::signup::portal_name(country.portal),
                status: shop.status.as_str(),
            },
            now,
        )
        .await?;
        let phone = PhoneNumber::parse(shop.owner_phone, &country).map_err(AppError::internal)?;
        let owner: UserId = app.new_id();
        users::insert_user(
            &mut tx,
            &users::NewUser {
                id: owner,
                email: &email(shop.owner_email)?,
                phone: Some(phone.as_e164()),
                display_name: shop.owner_name,
                password_hash: &hash,
                is_operator: false,
                phone_verified_at: Some(now),
                email_verified_at: Some(now),
            },
            now,
        )
        .await?;
        sellers::insert_member(&mut tx, seller_id, owner, OWNER_ROLE, now).await?;

        // A complete profile, as the operator saw it at review.
        profiles::update_business_details(
            &mut tx,
            seller_id,
            &profiles::BusinessDetails {
                store_name: shop.store_name.to_owned(),
                business_type: Some(BusinessType::Company.as_str().to_owned()),
                legal_name: Some(shop.legal_name.to_owned()),
                registration_number: Some(shop.registration_number.to_owned()),
                contact_name: Some(shop.owner_name.to_owned()),
                time_zone: country.time_zone.to_owned(),
                bank_account_masked: None,
                submitted_at: None,
            },
            now,
        )
        .await?;
        let (line1, city, region, postal) = shop.address;
        let address = profiles::Address {
            contact_name: shop.owner_name.to_owned(),
            phone: phone.as_e164().to_owned(),
            line1: line1.to_owned(),
            line2: None,
            city: city.to_owned(),
            region: (!region.is_empty()).then(|| region.to_owned()),
            postal_code: postal.to_owned(),
            country: country.code.to_owned(),
        };
        for kind in [crate::onboarding::WAREHOUSE, crate::onboarding::RETURN] {
            profiles::upsert_address(&mut tx, seller_id, kind, &address, now).await?;
        }
        let account = BankAccount::parse(&country, &shop.bank).map_err(AppError::internal)?;
        profiles::set_bank_account(
            &mut tx,
            seller_id,
            &crate::onboarding::stored_form(&account),
            &account.masked(),
            now,
        )
        .await?;
        let doc_id: DocumentId = app.new_id();
        let pdf = demo_pdf(&format!("Business registration - {}", shop.legal_name));
        let key = format!("sellers/{seller_id}/documents/{doc_id}.pdf");
        app.files
            .put(
                &object_store::path::Path::from(key.as_str()),
                pdf.clone().into(),
            )
            .await
            .map_err(AppError::internal)?;
        profiles::insert_document(
            &mut tx,
            &profiles::NewDocument {
                id: doc_id,
                seller_id,
                kind: "BUSINESS_LICENSE",
                file_name: "business-registration.pdf",
                content_type: "application/pdf",
                size_bytes: i64::try_from(pdf.len()).unwrap_or(0),
                storage_key: &key,
                uploaded_by: owner,
            },
            now,
        )
        .await?;
        // The review history behind the status.
        let mut history = vec![(
            StatusAction::Submit,
            SellerStatus::Registered,
            SellerStatus::PendingReview,
            owner,
        )];
        match shop.status {
            SellerStatus::Approved => history.push((
                StatusAction::Approve,
                SellerStatus::PendingReview,
                SellerStatus::Approved,
                operator,
            )),
            SellerStatus::Rejected => history.push((
                StatusAction::Reject,
                SellerStatus::PendingReview,
                SellerStatus::Rejected,
                operator,
            )),
            _ => {}
        }
        let reasons: Vec<String> = shop.reasons.iter().map(|r| (*r).to_owned()).collect();
        for (action, from, to, actor) in history {
            let id: ReviewId = app.new_id();
            let with = if action == StatusAction::Reject {
                reasons.as_slice()
            } else {
                &[]
            };
            profiles::insert_review(
                &mut tx,
                &profiles::NewReview {
                    id,
                    seller_id,
                    action: action.as_str(),
                    from_status: from.as_str(),
                    to_status: to.as_str(),
                    reasons: with,
                    actor_id: Some(actor),
                },
                now,
            )
            .await?;
        }

        for st in shop.staff {
            let id: UserId = app.new_id();
            users::insert_user(
                &mut tx,
                &users::NewUser {
                    id,
                    email: &email(st.email)?,
                    phone: None,
                    display_name: st.name,
                    password_hash: &hash,
                    is_operator: false,
                    phone_verified_at: None,
                    email_verified_at: Some(now),
                },
                now,
            )
            .await?;
            sellers::insert_member(&mut tx, seller_id, id, st.role.key(), now).await?;
        }
    }

    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    crate::catalog::seed_platform_data(app).await?;
    tracing::info!("demo marketplace loaded");
    Ok(DemoOutcome::Loaded)
}
