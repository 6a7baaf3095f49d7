//! Demo videos and live sessions: a video of Maple & Pine tagging two of its products (a short
//! clip drawn by code and uploaded like a seller's file, so it plays on Shopdeck's own pages),
//! one session scheduled for tomorrow and one live now with a pinned product and questions
//! (no stream: the live page shows its poster, pins and Q&A). Put through the real use-cases
//! after the demo catalogue.

use jiff::SignedDuration;
use shopdeck_domain::roles::{Access, Permissions};
use shopdeck_domain::sellers::OWNER_ROLE;
use shopdeck_store::users;

use crate::access::SellerActor;
use crate::auth::ClientInfo;
use crate::media::{self, LiveAction, LiveInput, VideoSource};
use crate::{App, AppError, Result};

const MAPLE: &str = "owner@maple-pine.example";

/// Loads the demo videos and sessions; returns how many were made (none when the shop has
/// fewer than two products on sale).
pub async fn load_media(app: &App) -> Result<usize> {
    let owner = {
        let mut conn = app.db.conn().await?;
        let owner = users::find_user_by_login(&mut conn, MAPLE)
            .await?
            .ok_or(AppError::NotFound("demo shop owner"))?;
        let memberships =
            shopdeck_store::sellers::list_memberships_for_user(&mut conn, owner.id).await?;
        let Some(m) = memberships.into_iter().next() else {
            return Ok(0);
        };
        SellerActor {
            user_id: owner.id,
            seller_id: m.seller.id,
            role: OWNER_ROLE.to_owned(),
            permissions: Permissions::all(Access::Edit),
            token: None,
            client: ClientInfo::default(),
        }
    };
    let products = media::taggable_products(app, &owner).await?;
    let [first, second, ..] = products.as_slice() else {
        tracing::warn!("the demo shop has too few products on sale for a video");
        return Ok(0);
    };
    let tags = [first.id.to_string(), second.id.to_string()];
    // About 370 kB: small enough for the test suite, long enough to see it play.
    let clip = tokio::task::spawn_blocking(|| shopdeck_files::video::sample_clip(128, 80, 8, 3, 1))
        .await
        .map_err(AppError::internal)?;
    media::publish_video(
        app,
        &owner,
        "Autumn layers in two minutes: how we wax the field jacket, and what to wear under it. Tap a product to shop it.",
        &tags,
        VideoSource::File(clip.into()),
    )
    .await?;

    let now = app.now();
    let tomorrow = now
        .saturating_add(SignedDuration::from_hours(24))
        .unwrap_or(now);
    media::schedule_live(
        app,
        &owner,
        &LiveInput {
            title: "Winter outerwear preview: ask us anything".to_owned(),
            scheduled_at: tomorrow,
            stream_url: None,
        },
    )
    .await?;

    let live = media::schedule_live(
        app,
        &owner,
        &LiveInput {
            title: "Field jacket care, live from the workshop".to_owned(),
            scheduled_at: now,
            stream_url: None,
        },
    )
    .await?;
    media::change_live(app, &owner, live.id, LiveAction::Start).await?;
    media::pin_product(app, &owner, live.id, &second.id.to_string(), false).await?;
    media::pin_product(app, &owner, live.id, &first.id.to_string(), true).await?;
    tracing::info!("demo videos and live sessions loaded");
    Ok(3)
}
