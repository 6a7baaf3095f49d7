//! Shoppable videos and their product tags, live sessions with their featured and pinned
//! products and buyers' questions, and the attribution events (views, tag clicks) recorded
//! against a video or session. Seller-side functions are scoped by `SellerId`; the
//! storefront's read only what approved shops published.

use jiff::Timestamp;
use shopdeck_domain::ids::{
    AttributionId, LiveId, ProductId, QuestionId, SellerId, UserId, VideoId,
};
use shopdeck_domain::media::{LiveStatus, VideoStatus};
use shopdeck_domain::products::ProductStatus;
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::{Conn, Result};

/// `$1, $2, …` from `start + 1` for `n` values.
fn marks(start: usize, n: usize) -> String {
    (1..=n)
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------
// Videos

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VideoRow {
    #[sqlx(try_from = "String")]
    pub id: VideoId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub caption: String,
    /// `FILE` or `LINK`.
    pub source_kind: String,
    pub file_key: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub link_url: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: VideoStatus,
    pub views: i64,
    pub tag_clicks: i64,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

/// A row of `VIDEO_COLUMNS` and the shop's name.
#[derive(sqlx::FromRow)]
struct VideoOfShop {
    #[sqlx(flatten)]
    video: VideoRow,
    store_name: String,
}

const VIDEO_COLUMNS: &str = "v.id, v.seller_id, v.caption, v.source_kind, v.file_key,
    v.content_type, v.size_bytes, v.link_url, v.status, v.views, v.tag_clicks, v.created_at,
    v.updated_at";

pub struct NewVideo<'a> {
    pub id: VideoId,
    pub seller_id: SellerId,
    pub caption: &'a str,
    pub source_kind: &'a str,
    pub file_key: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub size_bytes: Option<i64>,
    pub link_url: Option<&'a str>,
    pub status: &'a str,
    pub created_by: Option<UserId>,
}

pub async fn insert_video(conn: &mut Conn, v: &NewVideo<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO videos (id, seller_id, caption, source_kind, file_key, content_type,
            size_bytes, link_url, status, views, tag_clicks, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $11, $11)",
    )
    .bind(v.id.to_string())
    .bind(v.seller_id.to_string())
    .bind(v.caption)
    .bind(v.source_kind)
    .bind(v.file_key)
    .bind(v.content_type)
    .bind(v.size_bytes)
    .bind(v.link_url)
    .bind(v.status)
    .bind(v.created_by.map(|u| u.to_string()))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One of the shop's videos that is not deleted.
pub async fn find_video(
    conn: &mut Conn,
    seller: SellerId,
    id: VideoId,
) -> Result<Option<VideoRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {VIDEO_COLUMNS} FROM videos v
         WHERE v.seller_id = $1 AND v.id = $2 AND v.status <> 'DELETED'"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// A video buyers may see (published, by an approved shop), with the shop's name.
pub async fn find_public_video(conn: &mut Conn, id: VideoId) -> Result<Option<(VideoRow, String)>> {
    let row: Option<VideoOfShop> = sqlx::query_as(&format!(
        "SELECT {VIDEO_COLUMNS}, s.store_name FROM videos v JOIN sellers s ON s.id = v.seller_id
         WHERE v.id = $1 AND v.status = 'PUBLISHED' AND s.status = 'APPROVED'"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.video, r.store_name)))
}

/// The shop's videos (not deleted), newest first, older than `before` when given.
pub async fn list_videos_for_seller(
    conn: &mut Conn,
    seller: SellerId,
    status: Option<&str>,
    before: Option<VideoId>,
    limit: i64,
) -> Result<Vec<VideoRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {VIDEO_COLUMNS} FROM videos v
         WHERE v.seller_id = $1 AND v.status <> 'DELETED'
           AND ($2 IS NULL OR v.status = $2) AND ($3 IS NULL OR v.id < $3)
         ORDER BY v.id DESC LIMIT $4"
    ))
    .bind(seller.to_string())
    .bind(status)
    .bind(before.map(|b| b.to_string()))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// A published video in the storefront's feed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicVideoRow {
    #[sqlx(flatten)]
    pub video: VideoRow,
    pub store_name: String,
    /// Tagged products that are on sale now.
    #[sqlx(rename = "on_sale")]
    pub products_on_sale: i64,
}

/// Published videos of approved shops, newest first: all, or one shop's.
pub async fn list_public_videos(
    conn: &mut Conn,
    seller: Option<SellerId>,
    before: Option<VideoId>,
    limit: i64,
) -> Result<Vec<PublicVideoRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {VIDEO_COLUMNS}, s.store_name,
            (SELECT COUNT(*) FROM video_tags t JOIN products p ON p.id = t.product_id
             WHERE t.video_id = v.id AND p.status = 'LIVE' AND p.published IS NOT NULL)
             AS on_sale
         FROM videos v JOIN sellers s ON s.id = v.seller_id
         WHERE v.status = 'PUBLISHED' AND s.status = 'APPROVED'
           AND ($1 IS NULL OR v.seller_id = $1) AND ($2 IS NULL OR v.id < $2)
         ORDER BY v.id DESC LIMIT $3"
    ))
    .bind(seller.map(|s| s.to_string()))
    .bind(before.map(|b| b.to_string()))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sets caption and status of a video that is not deleted; false when there is none.
pub async fn update_video(
    conn: &mut Conn,
    seller: SellerId,
    id: VideoId,
    caption: &str,
    status: &str,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE videos SET caption = $1, status = $2, updated_at = $3
         WHERE seller_id = $4 AND id = $5 AND status <> 'DELETED'",
    )
    .bind(caption)
    .bind(status)
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a video deleted (the row stays for the attribution history); false when there is
/// no such video.
pub async fn mark_video_deleted(
    conn: &mut Conn,
    seller: SellerId,
    id: VideoId,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE videos SET status = 'DELETED', deleted_at = $1, updated_at = $1
         WHERE seller_id = $2 AND id = $3 AND status <> 'DELETED'",
    )
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces a video's tags with `products`, in this order.
pub async fn replace_tags(conn: &mut Conn, video: VideoId, products: &[ProductId]) -> Result<()> {
    sqlx::query("DELETE FROM video_tags WHERE video_id = $1")
        .bind(video.to_string())
        .execute(&mut *conn)
        .await?;
    for (i, p) in products.iter().enumerate() {
        sqlx::query("INSERT INTO video_tags (video_id, product_id, position) VALUES ($1, $2, $3)")
            .bind(video.to_string())
            .bind(p.to_string())
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A video's tagged products, in order.
pub async fn list_tags(conn: &mut Conn, video: VideoId) -> Result<Vec<ProductId>> {
    let rows: Vec<Tag> = sqlx::query_as(
        "SELECT video_id, product_id FROM video_tags WHERE video_id = $1
         ORDER BY position, product_id",
    )
    .bind(video.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|t| t.product_id).collect())
}

#[derive(sqlx::FromRow)]
struct Tag {
    #[sqlx(try_from = "String")]
    video_id: VideoId,
    #[sqlx(try_from = "String")]
    product_id: ProductId,
}

/// The tags of several videos: (video, product) in each video's order.
pub async fn list_tags_of(
    conn: &mut Conn,
    videos: &[VideoId],
) -> Result<Vec<(VideoId, ProductId)>> {
    let mut out = Vec::new();
    for chunk in videos.chunks(200) {
        let sql = format!(
            "SELECT video_id, product_id FROM video_tags WHERE video_id IN ({})
             ORDER BY video_id, position, product_id",
            marks(0, chunk.len())
        );
        let mut q = sqlx::query_as::<_, Tag>(&sql);
        for v in chunk {
            q = q.bind(v.to_string());
        }
        let tags = q.fetch_all(&mut *conn).await?;
        out.extend(tags.into_iter().map(|t| (t.video_id, t.product_id)));
    }
    Ok(out)
}

/// Of `ids`, the shop's own products that are not deleted, with their status.
pub async fn own_products(
    conn: &mut Conn,
    seller: SellerId,
    ids: &[ProductId],
) -> Result<Vec<(ProductId, ProductStatus)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(200) {
        let sql = format!(
            "SELECT id, status FROM products
             WHERE seller_id = $1 AND status <> 'DELETED' AND id IN ({})",
            marks(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, OwnProduct>(&sql).bind(seller.to_string());
        for p in chunk {
            q = q.bind(p.to_string());
        }
        let own = q.fetch_all(&mut *conn).await?;
        out.extend(own.into_iter().map(|p| (p.id, p.status)));
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct OwnProduct {
    #[sqlx(try_from = "String")]
    id: ProductId,
    #[sqlx(try_from = "String")]
    status: ProductStatus,
}

/// A product a seller can tag or pin: id and the title in the shop's source language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaggableRow {
    #[sqlx(try_from = "String")]
    pub id: ProductId,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: ProductStatus,
}

/// The shop's products on sale, newest first: what the tag and pin pickers offer.
pub async fn list_taggable_products(
    conn: &mut Conn,
    seller: SellerId,
    limit: i64,
) -> Result<Vec<TaggableRow>> {
    Ok(sqlx::query_as(
        "SELECT id, title, status FROM products
         WHERE seller_id = $1 AND status = 'LIVE'
         ORDER BY published_at DESC, id DESC LIMIT $2",
    )
    .bind(seller.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Titles of the shop's products among `ids` (any status), for the seller's pages.
pub async fn product_titles(
    conn: &mut Conn,
    seller: SellerId,
    ids: &[ProductId],
) -> Result<Vec<TaggableRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(200) {
        let sql = format!(
            "SELECT id, title, status FROM products WHERE seller_id = $1 AND id IN ({})",
            marks(1, chunk.len())
        );
        let mut q = sqlx::query_as(&sql).bind(seller.to_string());
        for p in chunk {
            q = q.bind(p.to_string());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Live sessions

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveRow {
    #[sqlx(try_from = "String")]
    pub id: LiveId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub title: String,
    pub stream_url: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: LiveStatus,
    #[sqlx(try_from = "Micros")]
    pub scheduled_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub started_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub ended_at: Option<Timestamp>,
    pub views: i64,
    pub tag_clicks: i64,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "Micros")]
    pub updated_at: Timestamp,
}

/// A row of `LIVE_COLUMNS` and the shop's name.
#[derive(sqlx::FromRow)]
struct LiveOfShop {
    #[sqlx(flatten)]
    live: LiveRow,
    store_name: String,
}

const LIVE_COLUMNS: &str = "l.id, l.seller_id, l.title, l.stream_url, l.status, l.scheduled_at,
    l.started_at, l.ended_at, l.views, l.tag_clicks, l.created_at, l.updated_at";

pub struct NewLive<'a> {
    pub id: LiveId,
    pub seller_id: SellerId,
    pub title: &'a str,
    pub stream_url: Option<&'a str>,
    pub scheduled_at: Timestamp,
    pub created_by: Option<UserId>,
}

pub async fn insert_live(conn: &mut Conn, l: &NewLive<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO live_sessions (id, seller_id, title, stream_url, status, scheduled_at,
            views, tag_clicks, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'SCHEDULED', $5, 0, 0, $6, $7, $7)",
    )
    .bind(l.id.to_string())
    .bind(l.seller_id.to_string())
    .bind(l.title)
    .bind(l.stream_url)
    .bind(to_micros(l.scheduled_at))
    .bind(l.created_by.map(|u| u.to_string()))
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_live(conn: &mut Conn, seller: SellerId, id: LiveId) -> Result<Option<LiveRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LIVE_COLUMNS} FROM live_sessions l WHERE l.seller_id = $1 AND l.id = $2"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// A session buyers may see (not cancelled, by an approved shop), with the shop's name.
pub async fn find_public_live(conn: &mut Conn, id: LiveId) -> Result<Option<(LiveRow, String)>> {
    let row: Option<LiveOfShop> = sqlx::query_as(&format!(
        "SELECT {LIVE_COLUMNS}, s.store_name FROM live_sessions l
         JOIN sellers s ON s.id = l.seller_id
         WHERE l.id = $1 AND l.status <> 'CANCELLED' AND s.status = 'APPROVED'"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.live, r.store_name)))
}

/// The shop's sessions, newest first, older than `before` when given.
pub async fn list_live_for_seller(
    conn: &mut Conn,
    seller: SellerId,
    before: Option<LiveId>,
    limit: i64,
) -> Result<Vec<LiveRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {LIVE_COLUMNS} FROM live_sessions l
         WHERE l.seller_id = $1 AND ($2 IS NULL OR l.id < $2)
         ORDER BY l.id DESC LIMIT $3"
    ))
    .bind(seller.to_string())
    .bind(before.map(|b| b.to_string()))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sessions of approved shops in `status`: LIVE ones by start (latest first), SCHEDULED ones
/// from `scheduled_since` by time (soonest first). All shops, or one.
pub async fn list_public_live(
    conn: &mut Conn,
    status: &str,
    seller: Option<SellerId>,
    scheduled_since: Option<Timestamp>,
    limit: i64,
) -> Result<Vec<(LiveRow, String)>> {
    let order = if status == "LIVE" {
        "l.started_at DESC, l.id DESC"
    } else {
        "l.scheduled_at, l.id"
    };
    let rows: Vec<LiveOfShop> = sqlx::query_as(&format!(
        "SELECT {LIVE_COLUMNS}, s.store_name FROM live_sessions l
         JOIN sellers s ON s.id = l.seller_id
         WHERE l.status = $1 AND s.status = 'APPROVED'
           AND ($2 IS NULL OR l.seller_id = $2) AND ($3 IS NULL OR l.scheduled_at >= $3)
         ORDER BY {order} LIMIT $4"
    ))
    .bind(status)
    .bind(seller.map(|s| s.to_string()))
    .bind(scheduled_since.map(to_micros))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.live, r.store_name)).collect())
}

/// A change of a session's status, with the start or end it stamps.
#[derive(Debug, Clone, Copy)]
pub struct LiveTransition<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub started_at: Option<Timestamp>,
    pub ended_at: Option<Timestamp>,
}

/// Applies `t` if the session is still in `t.from`; false when it was not (someone else
/// moved it first).
pub async fn set_live_status(
    conn: &mut Conn,
    seller: SellerId,
    id: LiveId,
    t: &LiveTransition<'_>,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE live_sessions SET status = $1, started_at = COALESCE($2, started_at),
            ended_at = COALESCE($3, ended_at), updated_at = $4
         WHERE seller_id = $5 AND id = $6 AND status = $7",
    )
    .bind(t.to)
    .bind(t.started_at.map(to_micros))
    .bind(t.ended_at.map(to_micros))
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(id.to_string())
    .bind(t.from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The shop's sessions in `status` other than `except`.
pub async fn count_live_in_status(
    conn: &mut Conn,
    seller: SellerId,
    status: &str,
    except: LiveId,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM live_sessions WHERE seller_id = $1 AND status = $2 AND id <> $3",
    )
    .bind(seller.to_string())
    .bind(status)
    .bind(except.to_string())
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PinRow {
    #[sqlx(try_from = "String")]
    pub product_id: ProductId,
    #[sqlx(try_from = "Flag")]
    pub pinned: bool,
    #[sqlx(try_from = "Micros")]
    pub added_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub pinned_at: Option<Timestamp>,
}

/// A session's featured products in the order they were added.
pub async fn list_pins(conn: &mut Conn, live: LiveId) -> Result<Vec<PinRow>> {
    Ok(sqlx::query_as(
        "SELECT product_id, pinned, added_at, pinned_at FROM live_pins WHERE live_id = $1
         ORDER BY added_at, product_id",
    )
    .bind(live.to_string())
    .fetch_all(&mut *conn)
    .await?)
}

/// Features `product` in the session; with `pinned`, it becomes the one pinned now (the
/// previous one stays featured). Without, it stays (or becomes) merely featured.
pub async fn put_pin(
    conn: &mut Conn,
    live: LiveId,
    product: ProductId,
    pinned: bool,
    now: Timestamp,
) -> Result<()> {
    if pinned {
        sqlx::query(
            "UPDATE live_pins SET pinned = 0 WHERE live_id = $1 AND pinned = 1 AND product_id <> $2",
        )
        .bind(live.to_string())
        .bind(product.to_string())
        .execute(&mut *conn)
        .await?;
    }
    let flag = i64::from(pinned);
    let pinned_at = pinned.then(|| to_micros(now));
    sqlx::query(
        "INSERT INTO live_pins (live_id, product_id, pinned, added_at, pinned_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (live_id, product_id) DO UPDATE SET pinned = $3,
             pinned_at = COALESCE($5, live_pins.pinned_at)",
    )
    .bind(live.to_string())
    .bind(product.to_string())
    .bind(flag)
    .bind(to_micros(now))
    .bind(pinned_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a product out of the session; false when it was not in it.
pub async fn delete_pin(conn: &mut Conn, live: LiveId, product: ProductId) -> Result<bool> {
    let done = sqlx::query("DELETE FROM live_pins WHERE live_id = $1 AND product_id = $2")
        .bind(live.to_string())
        .bind(product.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Nothing is pinned any more (the session ended); the featured list stays.
pub async fn clear_pinned(conn: &mut Conn, live: LiveId) -> Result<()> {
    sqlx::query("UPDATE live_pins SET pinned = 0 WHERE live_id = $1 AND pinned = 1")
        .bind(live.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Questions

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    #[sqlx(try_from = "String")]
    pub id: QuestionId,
    #[sqlx(try_from = "String")]
    pub live_id: LiveId,
    pub buyer_id: String,
    pub buyer_name: String,
    pub body: String,
    pub answer: Option<String>,
    #[sqlx(try_from = "OptMicros")]
    pub answered_at: Option<Timestamp>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
}

const QUESTION_COLUMNS: &str =
    "id, live_id, buyer_id, buyer_name, body, answer, answered_at, created_at";

pub struct NewQuestion<'a> {
    pub id: QuestionId,
    pub live_id: LiveId,
    pub seller_id: SellerId,
    pub buyer_id: &'a str,
    pub buyer_name: &'a str,
    pub body: &'a str,
}

pub async fn insert_question(conn: &mut Conn, q: &NewQuestion<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO live_questions (id, live_id, seller_id, buyer_id, buyer_name, body,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(q.id.to_string())
    .bind(q.live_id.to_string())
    .bind(q.seller_id.to_string())
    .bind(q.buyer_id)
    .bind(q.buyer_name)
    .bind(q.body)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A session's questions, newest first.
pub async fn list_questions(conn: &mut Conn, live: LiveId, limit: i64) -> Result<Vec<QuestionRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM live_questions WHERE live_id = $1
         ORDER BY id DESC LIMIT $2"
    ))
    .bind(live.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sets (or replaces) the answer to one of the shop's questions in `live`; false when there
/// is no such question.
pub async fn answer_question(
    conn: &mut Conn,
    seller: SellerId,
    live: LiveId,
    id: QuestionId,
    answer: &str,
    by: UserId,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE live_questions SET answer = $1, answered_by = $2, answered_at = $3
         WHERE seller_id = $4 AND live_id = $5 AND id = $6",
    )
    .bind(answer)
    .bind(by.to_string())
    .bind(to_micros(now))
    .bind(seller.to_string())
    .bind(live.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Attribution

pub struct NewEvent<'a> {
    pub id: AttributionId,
    /// `VIEW` or `TAG_CLICK`.
    pub kind: &'a str,
    /// `VIDEO` or `LIVE`.
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub seller_id: SellerId,
    pub product_id: Option<ProductId>,
    pub buyer_id: Option<&'a str>,
}

/// Records the event and counts it on the video's or session's row.
pub async fn insert_event(conn: &mut Conn, e: &NewEvent<'_>, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO attribution_events (id, kind, source_kind, source_id, seller_id,
            product_id, buyer_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id.to_string())
    .bind(e.kind)
    .bind(e.source_kind)
    .bind(e.source_id)
    .bind(e.seller_id.to_string())
    .bind(e.product_id.map(|p| p.to_string()))
    .bind(e.buyer_id)
    .bind(to_micros(now))
    .execute(&mut *conn)
    .await?;
    let table = if e.source_kind == "LIVE" {
        "live_sessions"
    } else {
        "videos"
    };
    let column = if e.kind == "VIEW" {
        "views"
    } else {
        "tag_clicks"
    };
    sqlx::query(&format!(
        "UPDATE {table} SET {column} = {column} + 1 WHERE id = $1"
    ))
    .bind(e.source_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Events of one of the shop's sources in [since, until): (kind, product, count).
pub async fn count_events(
    conn: &mut Conn,
    seller: SellerId,
    source_id: &str,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Result<Vec<(String, Option<ProductId>, i64)>> {
    #[derive(sqlx::FromRow)]
    struct EventCount {
        kind: String,
        #[sqlx(try_from = "OptText")]
        product_id: Option<ProductId>,
        n: i64,
    }
    let rows: Vec<EventCount> = sqlx::query_as(
        "SELECT kind, product_id, COUNT(*) AS n FROM attribution_events
         WHERE source_id = $1 AND seller_id = $2
           AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)
         GROUP BY kind, product_id",
    )
    .bind(source_id)
    .bind(seller.to_string())
    .bind(since.map(to_micros))
    .bind(until.map(to_micros))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.kind, r.product_id, r.n))
        .collect())
}
