//! The operators' review.

use shopdeck_domain::Locale;
use shopdeck_domain::ids::ProductId;
use shopdeck_domain::products::{AuditStatus, Finding, ProductAction, ProductStatus};
use shopdeck_store::products::{self as repo, ProductRow, StatusChange};
use shopdeck_store::{Conn, StoreError};

use super::life_cycle::{conflict, review_entry};
use super::list::view;
use super::views::{ProductView, Published, PublishedEdition, PublishedImage};
use crate::access::Operator;
use crate::audit::{self, Actor};
use crate::{App, AppError, Refusal, Result};

/// Products waiting for review, oldest first.
pub async fn review_queue(app: &App, _op: &Operator, limit: i64) -> Result<Vec<ProductView>> {
    let mut conn = app.db.conn().await?;
    let rows = repo::review_queue(&mut conn, limit.clamp(1, 200)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(app, &mut conn, r, Locale::En).await?);
    }
    Ok(out)
}

pub async fn get_for_review(app: &App, _op: &Operator, id: ProductId) -> Result<ProductView> {
    let mut conn = app.db.conn().await?;
    let row = repo::find_product_any(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    view(app, &mut conn, row, Locale::En).await
}

/// What an operator decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorAction {
    Approve,
    Reject,
    Deactivate,
    Reactivate,
}

impl OperatorAction {
    pub fn parse(s: &str) -> Option<OperatorAction> {
        match s {
            "approve" => Some(OperatorAction::Approve),
            "reject" => Some(OperatorAction::Reject),
            "deactivate" => Some(OperatorAction::Deactivate),
            "reactivate" => Some(OperatorAction::Reactivate),
            _ => None,
        }
    }
}

/// Approves or rejects a product under review, or deactivates / reactivates one on sale.
/// Reject and deactivate need at least one reason.
pub async fn decide(
    app: &App,
    op: &Operator,
    id: ProductId,
    action: OperatorAction,
    reasons: &[Finding],
) -> Result<ProductStatus> {
    let reasons: Vec<Finding> = reasons
        .iter()
        .filter(|r| !r.suggestion.trim().is_empty())
        .map(|r| Finding {
            field: r.field.trim().chars().take(100).collect(),
            code: if r.code.trim().is_empty() {
                "reviewer".into()
            } else {
                r.code.trim().chars().take(60).collect()
            },
            suggestion: r.suggestion.trim().chars().take(1000).collect(),
        })
        .collect();
    if matches!(action, OperatorAction::Reject | OperatorAction::Deactivate) && reasons.is_empty() {
        return Err(AppError::invalid(
            "reasons",
            "reasons-required",
            "Tell the seller why",
        ));
    }
    let mut tx = app.db.begin().await?;
    let row = repo::find_product_any(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("product"))?;
    let from = row.status;
    let now = app.now();
    let reasons_json = serde_json::to_string(&reasons).map_err(AppError::internal)?;
    let (to, audit_status, name) = match action {
        OperatorAction::Approve | OperatorAction::Reject => {
            if row.audit_status != AuditStatus::Auditing {
                return Err(AppError::refused(
                    Refusal::ProductNotInReview,
                    "the product is not waiting for review",
                ));
            }
            let approve = action == OperatorAction::Approve;
            let to = match from {
                ProductStatus::Pending => from
                    .apply(if approve {
                        ProductAction::Approve
                    } else {
                        ProductAction::Reject
                    })
                    .map_err(conflict)?,
                // An edit of a product with an approved version: its status stays.
                ProductStatus::Live | ProductStatus::SellerDeactivated => from,
                other => {
                    return Err(AppError::refused(
                        Refusal::ProductState,
                        format!("a {} product cannot be reviewed", other.as_str()),
                    ));
                }
            };
            if approve {
                let approved = snapshot(&mut tx, &row).await?;
                let published = serde_json::to_string(&approved).map_err(AppError::internal)?;
                let card = serde_json::to_string(&approved.card()).map_err(AppError::internal)?;
                repo::publish(&mut tx, id, &published, &card, now).await?;
            }
            (
                to,
                if approve {
                    AuditStatus::Passed
                } else {
                    AuditStatus::Rejected
                },
                if approve { "APPROVE" } else { "REJECT" },
            )
        }
        OperatorAction::Deactivate => (
            from.apply(ProductAction::PlatformDeactivate)
                .map_err(conflict)?,
            row.audit_status,
            "PLATFORM_DEACTIVATE",
        ),
        OperatorAction::Reactivate => (
            from.apply(ProductAction::PlatformReactivate)
                .map_err(conflict)?,
            row.audit_status,
            "PLATFORM_REACTIVATE",
        ),
    };
    let failed = match action {
        OperatorAction::Reject | OperatorAction::Deactivate => Some(reasons_json.as_str()),
        OperatorAction::Approve => Some("[]"),
        OperatorAction::Reactivate => None,
    };
    if !repo::change_status(
        &mut tx,
        id,
        &StatusChange {
            from: from.as_str(),
            to: to.as_str(),
            audit_status,
            failed_reasons: failed,
            ..StatusChange::default()
        },
        now,
    )
    .await?
    {
        return Err(AppError::refused(
            Refusal::ChangedMeanwhile,
            "the product changed meanwhile; reload",
        ));
    }
    review_entry(
        app,
        &mut tx,
        id,
        name,
        from,
        to,
        &reasons,
        "operator",
        Some(op.user_id.to_string()),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor {
            kind: "operator",
            id: Some(op.user_id.to_string()),
            client: op.client.clone(),
        },
        Some(row.seller_id),
        &format!("product.{}", name.to_lowercase()),
        Some(&id.to_string()),
        serde_json::json!({"from": from.as_str(), "to": to.as_str(), "reasons": reasons.len()}),
    )
    .await?;
    crate::inbox::product_decision(app, &mut tx, action, row.seller_id, id, &row.title).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to)
}

pub(super) async fn snapshot(conn: &mut Conn, row: &ProductRow) -> Result<Published> {
    let editions = repo::list_editions(conn, row.id).await?;
    let imgs = repo::list_images(conn, row.id).await?;
    let p = Published {
        category_id: row.category_id,
        source_locale: row.source_locale.clone(),
        editions: editions
            .into_iter()
            .map(|e| PublishedEdition {
                locale: e.locale,
                title: e.title,
                description: e.description,
            })
            .collect(),
        brand: row.brand.clone(),
        attributes: serde_json::from_str(&row.attributes).unwrap_or_default(),
        sales_attributes: serde_json::from_str(&row.sales_attributes).unwrap_or_default(),
        images: imgs
            .into_iter()
            .filter(|i| i.position >= 0)
            .map(|i| PublishedImage {
                id: i.id,
                width: i.width,
                height: i.height,
            })
            .collect(),
        video_url: row.video_url.clone(),
        handling_days: row.handling_days,
    };
    Ok(p)
}
