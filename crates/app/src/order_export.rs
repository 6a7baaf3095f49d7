//! Order exports: the shop's orders placed in a date range, one row per order line, as CSV or
//! XLSX. The file is made by the worker (a `bulk_jobs` row of kind `EXPORT_ORDERS` tracks it),
//! so a range of any size answers at once and the seller downloads the file when it is done.

use crate::bulk::BulkJob;
use bytes::Bytes;
use jiff::{SignedDuration, Timestamp};
use object_store::path::Path as FilePath;
use shopdeck_domain::ids::{BulkJobId, OrderId};
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_domain::roles::{Access, Area};
use shopdeck_files::sheets::{CsvOut, SheetFormat, XlsxOut, guard};
use shopdeck_store::StoreError;
use shopdeck_store::bulk::{self as bulk_repo, BulkJobRow};
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::orders::{self as repo, OrderFilter};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::jobs::{JobError, JobHandler, enqueue};
use crate::{App, AppError, Result};

/// Job: write an order export file.
pub const RUN: &str = "orders.export";
pub const KIND: &str = "EXPORT_ORDERS";
/// The longest range one export covers.
pub const MAX_RANGE_DAYS: i64 = 92;
const PAGE: i64 = 500;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Options {
    from: Timestamp,
    until: Timestamp,
}

/// Queues an export of the orders placed in `[from, until)`.
pub async fn start_export(
    app: &App,
    actor: &SellerActor,
    from: Timestamp,
    until: Timestamp,
    format: SheetFormat,
) -> Result<BulkJob> {
    actor.require(Area::Orders, Access::View)?;
    if until <= from {
        return Err(AppError::invalid(
            "until",
            "range",
            "The end must come after the start",
        ));
    }
    if until.duration_since(from) > SignedDuration::from_hours(24 * MAX_RANGE_DAYS) {
        return Err(AppError::invalid(
            "until",
            "range-too-long",
            format!("Export at most {MAX_RANGE_DAYS} days at once"),
        ));
    }
    let id: BulkJobId = app.new_id();
    let name = format!(
        "orders-{}-{}.{}",
        from.strftime("%Y%m%d"),
        until.strftime("%Y%m%d"),
        format.extension()
    );
    let row = BulkJobRow {
        id,
        seller_id: actor.seller_id,
        kind: KIND.into(),
        format: format.extension().into(),
        dry_run: false,
        status: BulkStatus::Queued,
        file_name: name,
        input_key: None,
        output_key: None,
        report_key: None,
        options: serde_json::to_string(&Options { from, until }).map_err(AppError::internal)?,
        total_rows: 0,
        processed_rows: 0,
        ok_rows: 0,
        error_rows: 0,
        created_count: 0,
        updated_count: 0,
        error: None,
        created_by: Some(actor.user_id),
        created_at: app.now(),
        started_at: None,
        finished_at: None,
    };
    let mut tx = app.db.begin().await?;
    bulk_repo::insert(&mut tx, &row).await?;
    enqueue(
        app,
        &mut tx,
        RUN,
        serde_json::json!({ "bulk_job_id": id }),
        app.now(),
        Some(format!("{RUN}:{id}")),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        "orders.exported",
        Some(&id.to_string()),
        serde_json::json!({ "from": from, "until": until, "format": format.extension() }),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    app.wake_worker();
    Ok(row.into())
}

pub async fn get_export(app: &App, actor: &SellerActor, id: BulkJobId) -> Result<BulkJob> {
    export_row(app, actor, id).await.map(BulkJob::from)
}

async fn export_row(app: &App, actor: &SellerActor, id: BulkJobId) -> Result<BulkJobRow> {
    actor.require(Area::Orders, Access::View)?;
    let mut conn = app.db.conn().await?;
    bulk_repo::find(&mut conn, actor.seller_id, id)
        .await?
        .filter(|j| j.kind == KIND)
        .ok_or(AppError::NotFound("export"))
}

/// The shop's recent order exports, newest first.
pub async fn list_exports(app: &App, actor: &SellerActor) -> Result<Vec<BulkJob>> {
    actor.require(Area::Orders, Access::View)?;
    let mut conn = app.db.conn().await?;
    Ok(bulk_repo::list(&mut conn, actor.seller_id, 100)
        .await?
        .into_iter()
        .filter(|j| j.kind == KIND)
        .take(20)
        .map(BulkJob::from)
        .collect())
}

/// The finished file: bytes, file name, content type.
pub async fn download(
    app: &App,
    actor: &SellerActor,
    id: BulkJobId,
) -> Result<(Bytes, String, &'static str)> {
    let job = export_row(app, actor, id).await?;
    let key = job.output_key.clone().ok_or(AppError::NotFound("file"))?;
    let bytes = app
        .files
        .get(&FilePath::from(key.as_str()))
        .await
        .map_err(AppError::internal)?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    let mime = if job.format == "xlsx" {
        SheetFormat::Xlsx.mime()
    } else {
        SheetFormat::Csv.mime()
    };
    Ok((bytes, job.file_name, mime))
}

const HEADERS: [&str; 24] = [
    "order_id",
    "placed_at",
    "status",
    "paid_at",
    "buyer",
    "country",
    "region",
    "city",
    "line",
    "seller_sku",
    "product",
    "variant",
    "quantity",
    "unit_price",
    "line_total",
    "subtotal",
    "discount",
    "shipping_fee",
    "order_total",
    "currency",
    "process_by",
    "ship_by",
    "cancel_reason",
    "source",
];

fn decimal(minor: i64, currency: shopdeck_domain::money::Currency) -> String {
    shopdeck_domain::money::Money::new(minor, currency).to_decimal_string()
}

enum Sheet {
    Csv(Box<CsvOut>),
    Xlsx(Box<XlsxOut>),
}

impl Sheet {
    fn row(&mut self, cells: Vec<String>) {
        let cells: Vec<String> = cells.iter().map(|c| guard(c).into_owned()).collect();
        match self {
            Sheet::Csv(s) => {
                s.row(cells);
            }
            Sheet::Xlsx(s) => {
                s.row(cells);
            }
        }
    }
}

/// Writes the export file page by page and stores it.
pub struct RunExport;

#[async_trait::async_trait]
impl JobHandler for RunExport {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: BulkJobId = job.payload["bulk_job_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("export job without bulk_job_id".into()))?;
        let mut conn = app.db.conn().await?;
        let Some(row) = bulk_repo::find_any(&mut conn, id).await? else {
            return Ok(());
        };
        if row.status.is_finished() {
            return Ok(());
        }
        let options: Options = serde_json::from_str(&row.options)
            .map_err(|e| JobError(format!("export options: {e}")))?;
        let mut sheet = if row.format == "xlsx" {
            Sheet::Xlsx(Box::new(XlsxOut::new(HEADERS)))
        } else {
            Sheet::Csv(Box::new(CsvOut::new(HEADERS)))
        };
        let mut filter = OrderFilter {
            seller: Some(row.seller_id),
            created_from: Some(options.from),
            created_until: Some(options.until),
            limit: PAGE,
            ..OrderFilter::default()
        };
        let mut rows = 0i64;
        loop {
            let orders = repo::list_orders(&mut conn, &filter).await?;
            let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
            let lines = repo::lines_of(&mut conn, &ids).await?;
            for o in &orders {
                let recipient: Option<crate::orders::Recipient> = if o.status.shows_address() {
                    serde_json::from_str(&o.recipient).ok()
                } else {
                    None
                };
                let c = o.currency;
                for l in lines.iter().filter(|l| l.order_id == o.id) {
                    let variant: std::collections::BTreeMap<String, String> =
                        serde_json::from_str(&l.variant).unwrap_or_default();
                    sheet.row(vec![
                        o.id.to_string(),
                        o.created_at.to_string(),
                        o.status.as_str().to_owned(),
                        o.paid_at.map(|t| t.to_string()).unwrap_or_default(),
                        o.buyer_name.clone(),
                        o.ship_country.clone(),
                        o.ship_region.clone(),
                        recipient
                            .as_ref()
                            .map(|r| r.city.clone())
                            .unwrap_or_default(),
                        l.line_no.to_string(),
                        l.seller_sku.clone(),
                        l.title.clone(),
                        variant.values().cloned().collect::<Vec<_>>().join(" / "),
                        l.quantity.to_string(),
                        decimal(l.unit_price_minor, c),
                        decimal(l.total_minor, c),
                        decimal(o.subtotal_minor, c),
                        decimal(o.discount_minor, c),
                        decimal(o.shipping_fee_minor, c),
                        decimal(o.total_minor, c),
                        o.currency.code().to_owned(),
                        o.process_by.to_string(),
                        o.ship_by.map(|t| t.to_string()).unwrap_or_default(),
                        o.cancel_reason
                            .map(|r| r.as_str().to_owned())
                            .unwrap_or_default(),
                        match (&l.source_kind, &l.source_id) {
                            (Some(k), Some(i)) => format!("{k}:{i}"),
                            _ => String::new(),
                        },
                    ]);
                    rows += 1;
                }
            }
            match orders.last() {
                Some(last) if orders.len() as i64 == PAGE => {
                    filter.before = Some((last.created_at, last.id));
                }
                _ => break,
            }
        }
        let bytes = match sheet {
            Sheet::Csv(s) => (*s).finish(),
            Sheet::Xlsx(s) => (*s)
                .finish()
                .map_err(|e| JobError(format!("the workbook could not be written: {e}")))?,
        };
        let key = format!("exports/{}/{id}.{}", row.seller_id, row.format);
        app.files
            .put(&FilePath::from(key.as_str()), bytes.into())
            .await
            .map_err(|e| JobError(format!("storing the export: {e}")))?;
        drop(conn);
        let mut tx = app.db.begin().await?;
        bulk_repo::set_progress(
            &mut tx,
            id,
            bulk_repo::Progress {
                processed: rows,
                ok: rows,
                ..bulk_repo::Progress::default()
            },
        )
        .await?;
        bulk_repo::finish(
            &mut tx,
            id,
            BulkStatus::Done,
            Some(&key),
            None,
            None,
            app.now(),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}
