//! The demo marketplace: an operator, three shops in three countries and currencies, and a
//! category tree. Loaded by `shopdeck demo` and `serve --demo`, only into an empty database.

use shopdeck_domain::sellers::{OWNER_ROLE, SellerStatus};
use shopdeck_domain::{Country, Email};
use shopdeck_store::{categories, sellers, users};

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

struct DemoShop {
    store_name: &'static str,
    country: &'static str,
    owner_name: &'static str,
    owner_email: &'static str,
}

const SHOPS: &[DemoShop] = &[
    DemoShop {
        store_name: "Maple & Pine Outfitters",
        country: "US",
        owner_name: "Avery Johnson",
        owner_email: "owner@maple-pine.example",
    },
    DemoShop {
        store_name: "Thistle & Thread",
        country: "GB",
        owner_name: "Isla Campbell",
        owner_email: "owner@thistle-thread.example",
    },
    DemoShop {
        store_name: "Sakura Stationery",
        country: "JP",
        owner_name: "Yui Tanaka",
        owner_email: "owner@sakura-stationery.example",
    },
];

const OPERATOR_EMAIL: &str = "ops@shopdeck.example";

/// Every demo login.
pub fn logins() -> Vec<DemoLogin> {
    let mut v = vec![DemoLogin {
        role: "operator",
        email: OPERATOR_EMAIL,
        shop: None,
    }];
    v.extend(SHOPS.iter().map(|s| DemoLogin {
        role: "seller owner",
        email: s.owner_email,
        shop: Some(s.store_name),
    }));
    v
}

/// Whether anything was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded,
    /// The database already had users; nothing was changed.
    AlreadyPopulated,
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
    users::insert_user(
        &mut tx,
        &users::NewUser {
            id: app.new_id(),
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

    for shop in SHOPS {
        let country = Country::by_code(shop.country).ok_or_else(|| {
            AppError::Internal(format!("unknown country {}", shop.country).into())
        })?;
        let seller_id = app.new_id();
        sellers::insert_seller(
            &mut tx,
            &sellers::NewSeller {
                id: seller_id,
                store_name: shop.store_name,
                country: country.code,
                currency: country.currency,
                time_zone: country.time_zone,
                portal: match country.portal {
                    shopdeck_domain::Portal::Asia => "asia",
                    shopdeck_domain::Portal::Europe => "europe",
                    shopdeck_domain::Portal::Americas => "americas",
                },
                status: SellerStatus::Approved.as_str(),
            },
            now,
        )
        .await?;
        let owner = app.new_id();
        users::insert_user(
            &mut tx,
            &users::NewUser {
                id: owner,
                email: &email(shop.owner_email)?,
                phone: None,
                display_name: shop.owner_name,
                password_hash: &hash,
                is_operator: false,
                phone_verified_at: None,
                email_verified_at: Some(now),
            },
            now,
        )
        .await?;
        sellers::insert_member(&mut tx, seller_id, owner, OWNER_ROLE, now).await?;
    }

    insert_categories(app, &mut tx, now).await?;

    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    tracing::info!("demo marketplace loaded");
    Ok(DemoOutcome::Loaded)
}

/// The demo category tree: `slug | en | zh-CN | ja | ar | fr | es`, children indented by
/// two spaces under their parent.
const CATEGORIES: &str = include_str!("categories.txt");

fn parse_category_line(line: &str) -> Result<(&str, Vec<&str>)> {
    let mut parts = line.trim().split('|').map(str::trim);
    let slug = parts
        .next()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::Internal(format!("bad category line `{line}`").into()))?;
    Ok((slug, parts.collect()))
}

async fn insert_categories(
    app: &App,
    tx: &mut shopdeck_store::Conn,
    now: jiff::Timestamp,
) -> Result<()> {
    let lines: Vec<&str> = CATEGORIES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    // (depth, id) of the current ancestors.
    let mut stack: Vec<(usize, shopdeck_domain::ids::CategoryId)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let depth = (line.len() - line.trim_start().len()) / 2;
        let next_depth = lines
            .get(i + 1)
            .map(|l| (l.len() - l.trim_start().len()) / 2)
            .unwrap_or(0);
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        let (slug, names) = parse_category_line(line)?;
        let id = app.new_id();
        categories::insert_category(
            tx,
            &categories::NewCategory {
                id,
                parent_id: stack.last().map(|(_, p)| *p),
                slug,
                position: i64::try_from(i).unwrap_or(i64::MAX),
                is_leaf: next_depth <= depth,
            },
            now,
        )
        .await?;
        for (locale, name) in shopdeck_domain::Locale::ALL.iter().zip(names) {
            if !name.is_empty() {
                categories::insert_category_name(tx, id, locale.tag(), name).await?;
            }
        }
        stack.push((depth, id));
    }
    Ok(())
}
