//! Demo buyers: two storefront accounts, one signing in by email (United States) and one by
//! mobile number (France), each with a default address, made through the buyers' use-cases.

use shopdeck_domain::password::NewPassword;
use shopdeck_domain::phone::PhoneNumber;
use shopdeck_domain::{Country, Locale};
use shopdeck_store::{StoreError, buyers as repo};

use super::{DEMO_PASSWORD, DemoLogin};
use crate::buyers::{AddressInput, NewAccount, create_address, insert_account};
use crate::{App, AppError, Result};

struct DemoBuyer {
    display_name: &'static str,
    email: Option<&'static str>,
    /// The account's mobile number, in the national form of `country`.
    phone: Option<&'static str>,
    country: &'static str,
    locale: Locale,
    address: AddressInput,
}

fn buyers() -> Vec<DemoBuyer> {
    vec![
        DemoBuyer {
            display_name: "Jordan Lee",
            email: Some(BUYER_EMAIL),
            phone: None,
            country: "US",
            locale: Locale::En,
            address: AddressInput {
                recipient_name: "Jordan Lee".into(),
                phone: "(415) 555-0136".into(),
                country: "US".into(),
                region: "CA".into(),
                city: "San Francisco".into(),
                postal_code: "94103".into(),
                line1: "500 Howard Street".into(),
                line2: "Apt 4B".into(),
                make_default: true,
            },
        },
        DemoBuyer {
            display_name: "Léa Dubois",
            email: None,
            phone: Some("06 98 76 54 32"),
            country: "FR",
            locale: Locale::Fr,
            address: AddressInput {
                recipient_name: "Léa Dubois".into(),
                phone: "06 98 76 54 32".into(),
                country: "FR".into(),
                region: String::new(),
                city: "Lyon".into(),
                postal_code: "69002".into(),
                line1: "12 rue de la République".into(),
                line2: String::new(),
                make_default: true,
            },
        },
    ]
}

/// The demo buyer who signs in by email.
pub const BUYER_EMAIL: &str = "buyer@demo.shopdeck.test";
/// The demo buyer who signs in by mobile number, in international form.
pub const BUYER_PHONE: &str = "+33698765432";

/// The demo buyers' logins (email or phone), for printing. They share [`DEMO_PASSWORD`].
pub fn buyer_logins() -> Vec<DemoLogin> {
    vec![
        DemoLogin {
            role: "buyer",
            email: BUYER_EMAIL,
            shop: None,
        },
        DemoLogin {
            role: "buyer (phone)",
            email: BUYER_PHONE,
            shop: None,
        },
    ]
}

/// Loads the demo buyers unless there are buyers already; returns how many were made.
pub async fn load_buyers(app: &App) -> Result<usize> {
    {
        let mut conn = app.db.conn().await?;
        if repo::count_buyers(&mut conn).await? > 0 {
            return Ok(0);
        }
    }
    let password = NewPassword::parse(DEMO_PASSWORD).map_err(AppError::internal)?;
    let hash = crate::auth::hash_new_password(&password).await?;
    let mut made = 0;
    for b in buyers() {
        let phone = match b.phone {
            Some(p) => {
                let country = Country::by_code(b.country).ok_or_else(|| {
                    AppError::Internal(format!("unknown country {}", b.country).into())
                })?;
                Some(PhoneNumber::parse(p, &country).map_err(AppError::internal)?)
            }
            None => None,
        };
        let mut tx = app.db.begin().await?;
        let id = insert_account(
            app,
            &mut tx,
            &NewAccount {
                email: b.email,
                phone: phone.as_ref().map(PhoneNumber::as_e164),
                display_name: b.display_name,
                password_hash: &hash,
                locale: b.locale,
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        create_address(app, id, &b.address).await?;
        made += 1;
    }
    tracing::info!(buyers = made, "demo buyers loaded");
    Ok(made)
}
