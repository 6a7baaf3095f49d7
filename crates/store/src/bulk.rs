//! Bulk imports and exports of a shop's catalogue, run by the worker, with their progress.

use jiff::Timestamp;
use shopdeck_domain::ids::{BulkJobId, SellerId, UserId};
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_domain::time::to_micros;

use crate::column::{Flag, Micros, OptMicros, OptText};
use crate::{Conn, Result};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BulkJobRow {
    #[sqlx(try_from = "String")]
    pub id: BulkJobId,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    /// `IMPORT_PRODUCTS`, `IMPORT_PRICE_STOCK` or `EXPORT_PRODUCTS`.
    pub kind: String,
    /// `csv` or `xlsx`.
    pub format: String,
    #[sqlx(try_from = "Flag")]
    pub dry_run: bool,
    #[sqlx(try_from = "String")]
    pub status: BulkStatus,
    pub file_name: String,
    pub input_key: Option<String>,
    pub output_key: Option<String>,
    pub report_key: Option<String>,
    /// JSON options (export filters and the like).
    pub options: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub ok_rows: i64,
    pub error_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub error: Option<String>,
    #[sqlx(try_from = "OptText")]
    pub created_by: Option<UserId>,
    #[sqlx(try_from = "Micros")]
    pub created_at: Timestamp,
    #[sqlx(try_from = "OptMicros")]
    pub started_at: Option<Timestamp>,
    #[sqlx(try_from = "OptMicros")]
    pub finished_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, seller_id, kind, format, dry_run, status, file_name, input_key,
    output_key, report_key, options, total_rows, processed_rows, ok_rows, error_rows,
    created_count, updated_count, error, created_by, created_at, started_at, finished_at";

pub async fn insert(conn: &mut Conn, j: &BulkJobRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO bulk_jobs (id, seller_id, kind, format, dry_run, status, file_name,
            input_key, options, total_rows, processed_rows, ok_rows, error_rows, created_count,
            updated_count, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6, $7, $8, 0, 0, 0, 0, 0, 0, $9, $10)",
    )
    .bind(j.id.to_string())
    .bind(j.seller_id.to_string())
    .bind(&j.kind)
    .bind(&j.format)
    .bind(i64::from(j.dry_run))
    .bind(&j.file_name)
    .bind(j.input_key.as_deref())
    .bind(&j.options)
    .bind(j.created_by.map(|u| u.to_string()))
    .bind(to_micros(j.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, seller: SellerId, id: BulkJobId) -> Result<Option<BulkJobRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM bulk_jobs WHERE seller_id = $1 AND id = $2"
    ))
    .bind(seller.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn find_any(conn: &mut Conn, id: BulkJobId) -> Result<Option<BulkJobRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM bulk_jobs WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn list(conn: &mut Conn, seller: SellerId, limit: i64) -> Result<Vec<BulkJobRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM bulk_jobs WHERE seller_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(seller.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn mark_running(
    conn: &mut Conn,
    id: BulkJobId,
    total: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE bulk_jobs SET status = 'RUNNING', total_rows = $1, processed_rows = 0,
            ok_rows = 0, error_rows = 0, created_count = 0, updated_count = 0,
            started_at = $2 WHERE id = $3",
    )
    .bind(total)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub processed: i64,
    pub ok: i64,
    pub errors: i64,
    pub created: i64,
    pub updated: i64,
}

pub async fn set_progress(conn: &mut Conn, id: BulkJobId, p: Progress) -> Result<()> {
    sqlx::query(
        "UPDATE bulk_jobs SET processed_rows = $1, ok_rows = $2, error_rows = $3,
            created_count = $4, updated_count = $5 WHERE id = $6",
    )
    .bind(p.processed)
    .bind(p.ok)
    .bind(p.errors)
    .bind(p.created)
    .bind(p.updated)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn finish(
    conn: &mut Conn,
    id: BulkJobId,
    status: BulkStatus,
    output_key: Option<&str>,
    report_key: Option<&str>,
    error: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE bulk_jobs SET status = $1, output_key = $2, report_key = $3, error = $4,
            finished_at = $5 WHERE id = $6",
    )
    .bind(status.as_str())
    .bind(output_key)
    .bind(report_key)
    .bind(error)
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
