//! Bulk work on a shop's catalogue, run by the worker: product import (create and update),
//! price and stock import, and catalogue export, in CSV or XLSX; templates per category.
//!
//! An import first stores the file and queues a job; the request returns at once. The job
//! reads the file, groups rows into products (by `product_id`, else `product_ref`, else
//! `seller_sku`), and saves each product inside a savepoint of a chunk transaction, so one bad
//! product never takes its neighbours down and a 100,000-row file commits a few hundred times,
//! not 100,000. A dry run does the same work and rolls every chunk back. Every problem becomes
//! a row of the downloadable report, with the file's line number.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use jiff::Timestamp;
use object_store::path::Path as FilePath;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{BulkJobId, JobId, ProductId, SellerId, UserId};
use shopdeck_domain::jobs::BulkStatus;
use shopdeck_domain::roles::{Access, Area, Permissions};
use shopdeck_files::sheets::{
    self, CsvOut, Row, SheetError, SheetFormat, Table, TemplateColumn, XlsxOut,
};
use shopdeck_store::bulk::{self as repo, BulkJobRow, Progress};
use shopdeck_store::products as products_repo;
use shopdeck_store::{Conn, StoreError, inventory as inv_repo, jobs as jobs_repo, sellers};

use crate::access::SellerActor;
use crate::audit::{self, Actor};
use crate::auth::ClientInfo;
use crate::catalog;
use crate::inventory::{self, Change, MovementKind, Mover};
use crate::jobs::{JobError, JobHandler, enqueue};
use crate::products::{
    self, CatalogCache, EditionInput, PriceInput, ProductInput, ProductView, SkuInput, StockInput,
};
use crate::{App, AppError, FieldError, Result};

/// The worker's job kind.
pub const RUN: &str = "catalog.bulk";
/// Most data rows an import takes.
pub const MAX_ROWS: usize = 200_000;
/// Largest file an import takes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Products saved per transaction. Under 64, because PostgreSQL keeps at most 64
/// subtransactions (savepoints) per transaction in shared memory before every snapshot in the
/// server slows down.
const CHUNK: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ImportProducts,
    ImportPriceStock,
    ExportProducts,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::ImportProducts => "IMPORT_PRODUCTS",
            Kind::ImportPriceStock => "IMPORT_PRICE_STOCK",
            Kind::ExportProducts => "EXPORT_PRODUCTS",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::ImportProducts,
            Kind::ImportPriceStock,
            Kind::ExportProducts,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Export filters (the product list's).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ExportFilter {
    pub q: Option<String>,
    pub status: Option<String>,
    pub category_id: Option<String>,
    pub stock: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Options {
    #[serde(default)]
    submit: bool,
    #[serde(default)]
    filter: ExportFilter,
}

/// Queues an import of `bytes`. `submit` sends created and edited products to review.
pub async fn start_import(
    app: &App,
    actor: &SellerActor,
    kind: Kind,
    file_name: &str,
    bytes: Bytes,
    dry_run: bool,
    submit: bool,
) -> Result<BulkJobId> {
    actor.require(Area::Products, Access::Edit)?;
    if kind == Kind::ExportProducts {
        return Err(AppError::invalid(
            "kind",
            "bulk-kind",
            "Choose products or price_stock",
        ));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid(
            "file",
            "file-too-large",
            "The file is larger than 64 MB",
        ));
    }
    let format = SheetFormat::detect(&bytes).ok_or_else(|| {
        AppError::invalid("file", "sheet-format", "Upload a CSV (UTF-8) or XLSX file")
    })?;
    let id: BulkJobId = app.new_id();
    let key = format!(
        "sellers/{}/bulk/{id}-input.{}",
        actor.seller_id,
        format.extension()
    );
    app.files
        .put(&FilePath::from(key.as_str()), bytes.into())
        .await
        .map_err(AppError::internal)?;
    let options = Options {
        submit,
        ..Options::default()
    };
    queue_job(
        app,
        actor,
        id,
        kind,
        format,
        dry_run,
        file_name,
        Some(key),
        &options,
    )
    .await?;
    Ok(id)
}

/// Queues an export of the products matching `filter`.
pub async fn start_export(
    app: &App,
    actor: &SellerActor,
    format: SheetFormat,
    filter: ExportFilter,
) -> Result<BulkJobId> {
    actor.require(Area::Products, Access::View)?;
    // Refuse bad filters now rather than in the worker.
    products::list(
        app,
        actor,
        &products::ListQuery {
            q: filter.q.clone(),
            status: filter.status.clone(),
            category_id: filter.category_id.clone(),
            stock: filter.stock.clone(),
            limit: Some(1),
            ..Default::default()
        },
    )
    .await?;
    let id: BulkJobId = app.new_id();
    let name = format!(
        "products-{}.{}",
        app.now().strftime("%Y%m%d-%H%M%S"),
        format.extension()
    );
    let options = Options {
        submit: false,
        filter,
    };
    queue_job(
        app,
        actor,
        id,
        Kind::ExportProducts,
        format,
        false,
        &name,
        None,
        &options,
    )
    .await?;
    Ok(id)
}

#[expect(clippy::too_many_arguments, reason = "one row of bulk_jobs")]
async fn queue_job(
    app: &App,
    actor: &SellerActor,
    id: BulkJobId,
    kind: Kind,
    format: SheetFormat,
    dry_run: bool,
    file_name: &str,
    input_key: Option<String>,
    options: &Options,
) -> Result<()> {
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(120)
        .collect();
    let mut tx = app.db.begin().await?;
    repo::insert(
        &mut tx,
        &BulkJobRow {
            id,
            seller_id: actor.seller_id,
            kind: kind.as_str().into(),
            format: format.extension().into(),
            dry_run,
            status: BulkStatus::Queued,
            file_name: if name.is_empty() { "file".into() } else { name },
            input_key,
            output_key: None,
            report_key: None,
            options: serde_json::to_string(options).map_err(AppError::internal)?,
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
        },
    )
    .await?;
    enqueue(
        app,
        &mut tx,
        RUN,
        serde_json::json!({"bulk_job_id": id.to_string()}),
        app.now(),
        Some(format!("{RUN}:{id}")),
    )
    .await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(actor),
        Some(actor.seller_id),
        &format!("bulk.{}", kind.as_str().to_lowercase()),
        Some(&id.to_string()),
        serde_json::json!({"dry_run": dry_run, "format": format.extension()}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// A bulk job (product import or export, order export) as Seller Center and the API show
/// it: where its files are stored stays inside `app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkJob {
    pub id: BulkJobId,
    /// `IMPORT_PRODUCTS`, `IMPORT_PRICE_STOCK`, `EXPORT_PRODUCTS` or `EXPORT_ORDERS`.
    pub kind: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub dry_run: bool,
    pub status: BulkStatus,
    pub file_name: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub ok_rows: i64,
    pub error_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub error: Option<String>,
    /// An error report can be downloaded.
    pub has_report: bool,
    /// A result file (an export) can be downloaded.
    pub has_output: bool,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

impl From<BulkJobRow> for BulkJob {
    fn from(j: BulkJobRow) -> BulkJob {
        BulkJob {
            id: j.id,
            kind: j.kind,
            format: j.format,
            dry_run: j.dry_run,
            status: j.status,
            file_name: j.file_name,
            total_rows: j.total_rows,
            processed_rows: j.processed_rows,
            ok_rows: j.ok_rows,
            error_rows: j.error_rows,
            created_count: j.created_count,
            updated_count: j.updated_count,
            error: j.error,
            has_report: j.report_key.is_some(),
            has_output: j.output_key.is_some(),
            created_at: j.created_at,
            started_at: j.started_at,
            finished_at: j.finished_at,
        }
    }
}

async fn find_row(app: &App, actor: &SellerActor, id: BulkJobId) -> Result<BulkJobRow> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    repo::find(&mut conn, actor.seller_id, id)
        .await?
        .filter(|j| j.kind != crate::order_export::KIND)
        .ok_or(AppError::NotFound("bulk job"))
}

pub async fn get(app: &App, actor: &SellerActor, id: BulkJobId) -> Result<BulkJob> {
    find_row(app, actor, id).await.map(BulkJob::from)
}

pub async fn list(app: &App, actor: &SellerActor) -> Result<Vec<BulkJob>> {
    actor.require(Area::Products, Access::View)?;
    let mut conn = app.db.conn().await?;
    Ok(repo::list(&mut conn, actor.seller_id, 50)
        .await?
        .into_iter()
        .filter(|j| j.kind != crate::order_export::KIND)
        .map(BulkJob::from)
        .collect())
}

/// A job's error report (CSV) or export file, with its file name and content type.
pub async fn download(
    app: &App,
    actor: &SellerActor,
    id: BulkJobId,
    what: &str,
) -> Result<(Bytes, String, &'static str)> {
    let job = find_row(app, actor, id).await?;
    let (key, name, mime) = match what {
        "report" => (
            job.report_key.clone(),
            format!("errors-{}.csv", job.id),
            SheetFormat::Csv.mime(),
        ),
        "file" => (
            job.output_key.clone(),
            job.file_name.clone(),
            if job.format == "xlsx" {
                SheetFormat::Xlsx.mime()
            } else {
                SheetFormat::Csv.mime()
            },
        ),
        _ => return Err(AppError::NotFound("file")),
    };
    let key = key.ok_or(AppError::NotFound("file"))?;
    let bytes = app
        .files
        .get(&FilePath::from(key.as_str()))
        .await
        .map_err(AppError::internal)?
        .bytes()
        .await
        .map_err(AppError::internal)?;
    Ok((bytes, name, mime))
}

// ---------------------------------------------------------------------------------------
// Templates

/// The columns of the product import for a category (all categories when None).
pub async fn template_columns(
    app: &App,
    category: Option<&str>,
) -> Result<(Vec<TemplateColumn>, Option<String>)> {
    let col = |h: &str, required: bool, help: &str| TemplateColumn {
        header: h.into(),
        required,
        help: help.into(),
        allowed: Vec::new(),
    };
    let mut cols = vec![
        col(
            "product_id",
            false,
            "Leave empty for a new product; the id (prd_…) to update one.",
        ),
        col(
            "product_ref",
            false,
            "Your own key that groups the rows (SKUs) of one new product.",
        ),
        col(
            "category",
            true,
            "The leaf category's slug or id (see the category list).",
        ),
        col(
            "language",
            false,
            "The language you write in: en, zh-CN, ja, ar, fr or es (default en).",
        ),
        col(
            "title",
            true,
            "25–255 characters: brand, product, key feature.",
        ),
        col(
            "description",
            false,
            "Plain text or simple HTML (p, ul, li, strong…).",
        ),
        col("brand", false, "The brand, or \"No brand\"."),
        col(
            "seller_sku",
            true,
            "Your SKU code: letters, digits, - _ . (unique in the shop).",
        ),
        col("gtin", false, "Barcode: GTIN-14, EAN-13/8 or UPC-A."),
        col("price", true, "In the shop currency, e.g. 19.99."),
        col(
            "stock",
            false,
            "Quantity on hand in the warehouse (the default one when empty).",
        ),
        col(
            "warehouse",
            false,
            "Warehouse name or id; the default warehouse when empty.",
        ),
        col(
            "low_stock_threshold",
            false,
            "Alert when available stock falls to this number.",
        ),
        col(
            "image_ids",
            false,
            "Ids of images uploaded in Seller Center, separated by spaces.",
        ),
        col("video_url", false, "https:// link to a product video."),
        col("weight_grams", false, "Package weight in grams."),
        col("length_mm", false, "Package length in millimetres."),
        col("width_mm", false, "Package width in millimetres."),
        col("height_mm", false, "Package height in millimetres."),
        col(
            "handling_days",
            false,
            "Days to hand the parcel to the carrier (1–30, default 3).",
        ),
    ];
    let mut slug = None;
    if let Some(c) = category.map(str::trim).filter(|c| !c.is_empty()) {
        let cache = CatalogCache::load(app, Locale::En).await?;
        let id = cache.find_by_slug_or_id(c).ok_or_else(|| {
            AppError::invalid("category_id", "category-unknown", "Unknown category")
        })?;
        for a in catalog::attributes_for(app, id, Locale::En).await? {
            let (prefix, help) = if a.sales {
                (
                    "variant",
                    format!("{}: what this SKU is (varies by SKU).", a.name),
                )
            } else {
                ("attr", a.name.clone())
            };
            cols.push(TemplateColumn {
                header: format!("{prefix}:{}", a.key),
                required: a.required,
                help,
                allowed: if a.sales {
                    Vec::new()
                } else {
                    a.values.clone()
                },
            });
        }
        slug = Some(c.to_owned());
    }
    for l in Locale::ALL.iter().skip(1) {
        cols.push(col(
            &format!("title:{}", l.tag()),
            false,
            "The title in this language (optional).",
        ));
        cols.push(col(
            &format!("description:{}", l.tag()),
            false,
            "The description in this language (optional).",
        ));
    }
    Ok((cols, slug))
}

pub async fn template(
    app: &App,
    category: Option<&str>,
    format: SheetFormat,
) -> Result<(Vec<u8>, String)> {
    let (cols, slug) = template_columns(app, category).await?;
    let name = format!(
        "shopdeck-products-{}.{}",
        slug.unwrap_or_else(|| "all".into()),
        format.extension()
    );
    let bytes = match format {
        SheetFormat::Csv => sheets::csv_template(&cols),
        SheetFormat::Xlsx => {
            sheets::xlsx_template("Products", &cols).map_err(AppError::internal)?
        }
    };
    Ok((bytes, name))
}

// ---------------------------------------------------------------------------------------
// The worker

pub struct RunBulk;

#[async_trait::async_trait]
impl JobHandler for RunBulk {
    async fn run(
        &self,
        app: &App,
        job: &shopdeck_store::jobs::ClaimedJob,
    ) -> std::result::Result<(), JobError> {
        let id: BulkJobId = job
            .payload
            .get("bulk_job_id")
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("payload has no bulk_job_id".into()))?;
        let row = {
            let mut conn = app.db.conn().await.map_err(AppError::from)?;
            repo::find_any(&mut conn, id)
                .await
                .map_err(AppError::from)?
        };
        let Some(row) = row else {
            return Ok(());
        };
        if row.status.is_finished() {
            return Ok(());
        }
        let mut run = Run {
            app,
            job: row.clone(),
            claimed: job.id,
            progress: Progress::default(),
            report: Vec::new(),
        };
        match run.go().await {
            Ok(output_key) => {
                let report_key = run.write_report().await?;
                let mut tx = app.db.begin().await.map_err(AppError::from)?;
                repo::set_progress(&mut tx, id, run.progress)
                    .await
                    .map_err(AppError::from)?;
                repo::finish(
                    &mut tx,
                    id,
                    BulkStatus::Done,
                    output_key.as_deref(),
                    report_key.as_deref(),
                    None,
                    app.now(),
                )
                .await
                .map_err(AppError::from)?;
                tx.commit()
                    .await
                    .map_err(|e| AppError::from(StoreError::from(e)))?;
                Ok(())
            }
            // The file itself is unusable: the job fails for good, with the reason.
            Err(Stop::File(msg)) => {
                let mut tx = app.db.begin().await.map_err(AppError::from)?;
                repo::finish(
                    &mut tx,
                    id,
                    BulkStatus::Failed,
                    None,
                    None,
                    Some(&msg),
                    app.now(),
                )
                .await
                .map_err(AppError::from)?;
                tx.commit()
                    .await
                    .map_err(|e| AppError::from(StoreError::from(e)))?;
                Ok(())
            }
            // Storage trouble: retried later from the start (saving is idempotent by seller SKU).
            Err(Stop::Retry(e)) => {
                tracing::error!(error = ?e, "bulk job stopped");
                Err(JobError(e.to_string()))
            }
        }
    }
}

enum Stop {
    File(String),
    Retry(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Stop::Retry(e)
    }
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Retry(e.into())
    }
}

/// One line of the error report.
#[derive(Debug, Clone)]
struct Problem {
    line: usize,
    seller_sku: String,
    column: String,
    severity: &'static str,
    code: String,
    message: String,
}

struct Run<'a> {
    app: &'a App,
    job: BulkJobRow,
    claimed: JobId,
    progress: Progress,
    report: Vec<Problem>,
}

impl Run<'_> {
    fn actor(&self) -> SellerActor {
        SellerActor {
            // Jobs are queued by a person; a row without one acts as a placeholder user.
            user_id: self
                .job
                .created_by
                .unwrap_or_else(|| UserId::new_at(jiff::Timestamp::UNIX_EPOCH, [0; 10])),
            seller_id: self.job.seller_id,
            role: "BULK_IMPORT".into(),
            permissions: Permissions::new(&[(Area::Products, Access::Edit)]),
            token: None,
            client: ClientInfo::default(),
        }
    }

    async fn go(&mut self) -> std::result::Result<Option<String>, Stop> {
        let kind =
            Kind::parse(&self.job.kind).ok_or_else(|| Stop::File("unknown job kind".into()))?;
        if kind == Kind::ExportProducts {
            return self.export().await.map(Some);
        }
        let key = self
            .job
            .input_key
            .clone()
            .ok_or_else(|| Stop::File("the upload is missing".into()))?;
        let bytes = self
            .app
            .files
            .get(&FilePath::from(key.as_str()))
            .await
            .map_err(|e| Stop::Retry(AppError::internal(e)))?
            .bytes()
            .await
            .map_err(|e| Stop::Retry(AppError::internal(e)))?;
        let format = if self.job.format == "xlsx" {
            SheetFormat::Xlsx
        } else {
            SheetFormat::Csv
        };
        let table =
            tokio::task::spawn_blocking(move || sheets::read_table(&bytes, format, MAX_ROWS))
                .await
                .map_err(|e| Stop::Retry(AppError::internal(e)))?
                .map_err(|e: SheetError| Stop::File(e.to_string()))?;
        {
            let mut tx = self.app.db.begin().await?;
            repo::mark_running(
                &mut tx,
                self.job.id,
                table.rows.len() as i64,
                self.app.now(),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
        }
        match kind {
            Kind::ImportProducts => self.import_products(&table).await?,
            Kind::ImportPriceStock => self.import_price_stock(&table).await?,
            Kind::ExportProducts => {}
        }
        Ok(None)
    }

    /// Refreshes the planner's statistics. `ANALYZE` writes them (SQLite's `sqlite_stat1`), so
    /// it runs in a write transaction: on a read connection it fails as a write.
    async fn analyze(&self) -> std::result::Result<(), Stop> {
        let mut tx = self.app.db.begin().await?;
        shopdeck_store::products::analyze(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    async fn save_progress(&self) -> std::result::Result<(), Stop> {
        let mut tx = self.app.db.begin().await?;
        repo::set_progress(&mut tx, self.job.id, self.progress).await?;
        let until = self
            .app
            .now()
            .checked_add(self.app.settings.job_lease)
            .unwrap_or(self.app.now());
        jobs_repo::extend_lease(&mut tx, self.claimed, until).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    fn problem(
        &mut self,
        line: usize,
        sku: &str,
        column: &str,
        severity: &'static str,
        code: &str,
        message: &str,
    ) {
        self.report.push(Problem {
            line,
            seller_sku: sku.to_owned(),
            column: column.to_owned(),
            severity,
            code: code.to_owned(),
            message: message.to_owned(),
        });
    }

    async fn write_report(&self) -> std::result::Result<Option<String>, JobError> {
        if self.report.is_empty() {
            return Ok(None);
        }
        let mut out = CsvOut::new([
            "line",
            "seller_sku",
            "column",
            "severity",
            "code",
            "message",
        ]);
        let mut sorted = self.report.clone();
        sorted.sort_by_key(|p| p.line);
        for p in &sorted {
            out.row([
                p.line.to_string(),
                p.seller_sku.clone(),
                p.column.clone(),
                p.severity.to_owned(),
                p.code.clone(),
                p.message.clone(),
            ]);
        }
        let key = format!(
            "sellers/{}/bulk/{}-report.csv",
            self.job.seller_id, self.job.id
        );
        self.app
            .files
            .put(
                &FilePath::from(key.as_str()),
                Bytes::from(out.finish()).into(),
            )
            .await
            .map_err(|e| JobError(e.to_string()))?;
        Ok(Some(key))
    }

    // ---- product import ----

    async fn import_products(&mut self, table: &Table) -> std::result::Result<(), Stop> {
        let cols = Columns::of(table);
        if cols.seller_sku.is_none() {
            return Err(Stop::File("the file has no seller_sku column".into()));
        }
        let options: Options = serde_json::from_str(&self.job.options).unwrap_or_default();
        // Group rows into products, keeping the file's order.
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<&Row>> = HashMap::new();
        for row in &table.rows {
            let key = if !cols.get(row, cols.product_id).is_empty() {
                format!("id:{}", cols.get(row, cols.product_id))
            } else if !cols.get(row, cols.product_ref).is_empty() {
                format!("ref:{}", cols.get(row, cols.product_ref))
            } else {
                format!("sku:{}", cols.get(row, cols.seller_sku).to_lowercase())
            };
            groups
                .entry(key.clone())
                .or_insert_with(|| {
                    order.push(key.clone());
                    Vec::new()
                })
                .push(row);
        }
        let actor = self.actor();
        let mut cache = CatalogCache::load(self.app, Locale::En).await?;
        let mut chunks = 0usize;
        for chunk in order.chunks(CHUNK) {
            let mut tx = self.app.db.begin().await?;
            for key in chunk {
                let rows = &groups[key];
                let mut sp = sqlx_savepoint(&mut tx).await?;
                let outcome = self
                    .import_group(&mut sp, &actor, &mut cache, &cols, rows, options.submit)
                    .await;
                match outcome {
                    Ok((created, warnings)) => {
                        sp.commit().await.map_err(StoreError::from)?;
                        if created {
                            self.progress.created += 1;
                        } else {
                            self.progress.updated += 1;
                        }
                        self.progress.ok += rows.len() as i64;
                        for (line, sku, column, code, message) in warnings {
                            self.problem(line, &sku, &column, "warning", &code, &message);
                        }
                    }
                    Err(e @ (AppError::Unavailable(_) | AppError::Internal(_))) => {
                        return Err(Stop::Retry(e));
                    }
                    Err(e) => {
                        sp.rollback().await.map_err(StoreError::from)?;
                        self.progress.errors += rows.len() as i64;
                        self.report_error(&cols, rows, e);
                    }
                }
                self.progress.processed += rows.len() as i64;
            }
            if self.job.dry_run {
                tx.rollback().await.map_err(StoreError::from)?;
            } else {
                tx.commit().await.map_err(StoreError::from)?;
            }
            self.save_progress().await?;
            chunks += 1;
            // Fresh planner statistics as the tables grow, or the database keeps planning for
            // the empty tables it saw at the start.
            if !self.job.dry_run && (chunks == 2 || chunks.is_multiple_of(40)) {
                self.analyze().await?;
            }
        }
        if !self.job.dry_run && chunks > 2 {
            self.analyze().await?;
        }
        Ok(())
    }

    /// Saves one product from its rows; returns whether it was created, and warnings (the
    /// quality check's findings when submitting).
    async fn import_group(
        &self,
        tx: &mut Conn,
        actor: &SellerActor,
        cache: &mut CatalogCache,
        cols: &Columns,
        rows: &[&Row],
        submit: bool,
    ) -> Result<(bool, Vec<(usize, String, String, String, String)>)> {
        let first = rows[0];
        // An existing product: by id, or by a seller SKU the shop already has.
        let mut existing: Option<ProductId> = None;
        let pid = cols.get(first, cols.product_id);
        if !pid.is_empty() {
            let id: ProductId = pid.parse().map_err(|_| {
                AppError::invalid(
                    "product_id",
                    "product-unknown",
                    "No product of the shop has this id",
                )
            })?;
            products_repo::find_product(tx, actor.seller_id, id)
                .await?
                .ok_or_else(|| {
                    AppError::invalid(
                        "product_id",
                        "product-unknown",
                        "No product of the shop has this id",
                    )
                })?;
            existing = Some(id);
        } else {
            for r in rows {
                let sku = cols.get(r, cols.seller_sku);
                if sku.is_empty() {
                    continue;
                }
                if let Some(found) =
                    products_repo::find_sku_by_code(tx, actor.seller_id, sku).await?
                {
                    existing = Some(found.product_id);
                    break;
                }
            }
        }
        let (input, sku_lines) = match existing {
            Some(id) => {
                let row = products_repo::find_product(tx, actor.seller_id, id)
                    .await?
                    .ok_or(AppError::NotFound("product"))?;
                let view = products::view_with(self.app, tx, row, Locale::En, Some(cache)).await?;
                merge_input(&view, cols, rows)
            }
            None => new_input(cols, rows),
        };
        let saved = match existing {
            Some(id) => products::update_in(self.app, tx, actor, cache, id, &input, None, submit)
                .await
                .map(|(s, _)| s),
            None => products::create_in(self.app, tx, actor, cache, &input, submit).await,
        }
        .map_err(|e| match e {
            AppError::Validation(errors) => AppError::Validation(
                errors
                    .into_iter()
                    .map(|f| locate(f, &sku_lines, first.line))
                    .collect(),
            ),
            other => other,
        })?;
        let mut warnings = Vec::new();
        if let Some(report) = saved.report {
            for f in report.failures {
                let (line, column) = line_of(&f.field, &sku_lines, first.line);
                warnings.push((line, String::new(), column, f.code, f.suggestion));
            }
        }
        Ok((existing.is_none(), warnings))
    }

    fn report_error(&mut self, cols: &Columns, rows: &[&Row], e: AppError) {
        let first = rows[0];
        let sku_of = |line: usize| {
            rows.iter()
                .find(|r| r.line == line)
                .map(|r| cols.get(r, cols.seller_sku).to_owned())
                .unwrap_or_default()
        };
        match e {
            AppError::Validation(errors) => {
                for f in errors {
                    // `locate` put "line:column" into the field.
                    let (line, column) = f
                        .field
                        .split_once(':')
                        .and_then(|(l, c)| l.parse::<usize>().ok().map(|l| (l, c.to_owned())))
                        .unwrap_or((first.line, f.field.clone()));
                    let sku = sku_of(line);
                    self.problem(line, &sku, &column, "error", &f.code, &f.message);
                }
            }
            other => {
                let sku = sku_of(first.line);
                self.problem(first.line, &sku, "", "error", "product", &other.to_string());
            }
        }
        // The product's other rows say why they were not saved.
        let bad: Vec<usize> = self
            .report
            .iter()
            .rev()
            .take_while(|p| rows.iter().any(|r| r.line == p.line))
            .map(|p| p.line)
            .collect();
        let mut bad_lines = bad.clone();
        bad_lines.sort_unstable();
        bad_lines.dedup();
        let listed = bad_lines
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        for r in rows.iter().filter(|r| !bad_lines.contains(&r.line)) {
            let sku = cols.get(r, cols.seller_sku).to_owned();
            self.problem(
                r.line,
                &sku,
                "",
                "error",
                "product-skipped",
                &format!("Not saved: the same product has errors on line {listed}"),
            );
        }
    }

    // ---- price and stock ----

    async fn import_price_stock(&mut self, table: &Table) -> std::result::Result<(), Stop> {
        let cols = Columns::of(table);
        if cols.seller_sku.is_none() {
            return Err(Stop::File("the file has no seller_sku column".into()));
        }
        if cols.price.is_none() && cols.stock.is_none() && cols.low_stock_threshold.is_none() {
            return Err(Stop::File(
                "the file needs a price, stock or low_stock_threshold column".into(),
            ));
        }
        let actor = self.actor();
        let mover = Mover::from(&actor);
        let currency = {
            let mut conn = self.app.db.conn().await?;
            let s = sellers::find_seller(&mut conn, actor.seller_id)
                .await?
                .ok_or(AppError::NotFound("shop"))?;
            s.currency
        };
        for chunk in table.rows.chunks(CHUNK) {
            let mut tx = self.app.db.begin().await?;
            for row in chunk {
                let mut sp = sqlx_savepoint(&mut tx).await?;
                match self
                    .price_stock_row(&mut sp, &actor, &mover, currency, &cols, row)
                    .await
                {
                    Ok(()) => {
                        sp.commit().await.map_err(StoreError::from)?;
                        self.progress.ok += 1;
                        self.progress.updated += 1;
                    }
                    Err(e @ (AppError::Unavailable(_) | AppError::Internal(_))) => {
                        return Err(Stop::Retry(e));
                    }
                    Err(e) => {
                        sp.rollback().await.map_err(StoreError::from)?;
                        self.progress.errors += 1;
                        let sku = cols.get(row, cols.seller_sku).to_owned();
                        match e {
                            AppError::Validation(errors) => {
                                for f in errors {
                                    self.problem(
                                        row.line, &sku, &f.field, "error", &f.code, &f.message,
                                    );
                                }
                            }
                            other => {
                                self.problem(row.line, &sku, "", "error", "row", &other.to_string())
                            }
                        }
                    }
                }
                self.progress.processed += 1;
            }
            if self.job.dry_run {
                tx.rollback().await.map_err(StoreError::from)?;
            } else {
                tx.commit().await.map_err(StoreError::from)?;
            }
            self.save_progress().await?;
        }
        Ok(())
    }

    async fn price_stock_row(
        &self,
        tx: &mut Conn,
        actor: &SellerActor,
        mover: &Mover,
        currency: shopdeck_domain::money::Currency,
        cols: &Columns,
        row: &Row,
    ) -> Result<()> {
        let code = cols.get(row, cols.seller_sku);
        if code.is_empty() {
            return Err(AppError::invalid(
                "seller_sku",
                "seller-sku",
                "Give the seller SKU",
            ));
        }
        let sku = products_repo::find_sku_by_code(tx, actor.seller_id, code)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "seller_sku",
                    "sku-unknown",
                    "No SKU of the shop has this seller SKU",
                )
            })?;
        let now = self.app.now();
        let price = cols.get(row, cols.price);
        if !price.is_empty() {
            let money =
                products::parse_price(&PriceInput::Text(price.to_owned()), currency, "price")?;
            products_repo::set_sku_price(tx, actor.seller_id, sku.id, money.amount_minor(), now)
                .await?;
        }
        let threshold = cols.get(row, cols.low_stock_threshold);
        if !threshold.is_empty() {
            let t = parse_count(threshold, "low_stock_threshold")?;
            products_repo::set_sku_threshold(tx, actor.seller_id, sku.id, Some(t)).await?;
        }
        let stock = cols.get(row, cols.stock);
        if !stock.is_empty() {
            let q = parse_count(stock, "stock")?;
            let wh_text = cols.get(row, cols.warehouse);
            let wh = inventory::resolve_warehouse(
                self.app,
                tx,
                actor.seller_id,
                Some(wh_text).filter(|w| !w.is_empty()),
                "warehouse",
            )
            .await?;
            let reference = self.job.id.to_string();
            inventory::apply(
                self.app,
                tx,
                &Change {
                    seller: actor.seller_id,
                    sku: sku.id,
                    warehouse: wh,
                    kind: MovementKind::Import,
                    quantity: q,
                    reason: shopdeck_domain::orders::StockReason::StockFile.as_str(),
                    reference: Some(&reference),
                    mover,
                },
            )
            .await
            .map_err(|e| match e {
                AppError::Conflict { detail: m, .. } => {
                    AppError::invalid("stock", "stock-reserved", m)
                }
                other => other,
            })?;
        } else if !price.is_empty() || !threshold.is_empty() {
            let default = inv_repo::low_stock_default(tx, actor.seller_id).await?;
            products_repo::refresh_aggregates(tx, sku.product_id, default, now).await?;
            inventory::after_change(self.app, tx, actor.seller_id, sku.id).await?;
        }
        Ok(())
    }

    // ---- export ----

    async fn export(&mut self) -> std::result::Result<String, Stop> {
        let options: Options = serde_json::from_str(&self.job.options).unwrap_or_default();
        let actor = SellerActor {
            permissions: Permissions::new(&[(Area::Products, Access::View)]),
            ..self.actor()
        };
        let extra_locales: Vec<Locale> = Locale::ALL.iter().skip(1).copied().collect();
        let mut headers: Vec<String> = [
            "product_id",
            "product_ref",
            "category",
            "language",
            "title",
            "description",
            "brand",
            "status",
            "seller_sku",
            "gtin",
            "price",
            "currency",
            "stock",
            "warehouse",
            "available",
            "low_stock_threshold",
            "image_ids",
            "video_url",
            "weight_grams",
            "length_mm",
            "width_mm",
            "height_mm",
            "handling_days",
            "attributes",
            "variant",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for l in &extra_locales {
            headers.push(format!("title:{}", l.tag()));
            headers.push(format!("description:{}", l.tag()));
        }
        // Rows go into the writer page by page, so memory holds one page, not the catalogue.
        let xlsx = self.job.format == "xlsx";
        let mut out = if xlsx {
            Out::Xlsx(Box::new(XlsxOut::new(&headers)))
        } else {
            Out::Csv(Box::new(CsvOut::new(&headers)))
        };
        let mut written: i64 = 0;
        let mut cursor: Option<String> = None;
        let cache = CatalogCache::load(self.app, Locale::En).await?;
        loop {
            let page = products::list(
                self.app,
                &actor,
                &products::ListQuery {
                    q: options.filter.q.clone(),
                    status: options.filter.status.clone(),
                    category_id: options.filter.category_id.clone(),
                    stock: options.filter.stock.clone(),
                    sort: Some("created".into()),
                    cursor: cursor.clone(),
                    limit: Some(100),
                    ..Default::default()
                },
            )
            .await?;
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut conn = self.app.db.conn().await?;
            // The page's products in the list's order, each table read once for the page.
            let ids: Vec<ProductId> = page.items.iter().map(|i| i.id).collect();
            let mut found = products_repo::find_products(&mut conn, actor.seller_id, &ids).await?;
            found.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
            let views =
                products::views_with(self.app, &mut conn, found, Locale::En, Some(&cache)).await?;
            drop(conn);
            for v in &views {
                export_rows(v, &cache, &extra_locales, &mut rows);
            }
            for r in &rows {
                match &mut out {
                    Out::Csv(o) => {
                        o.row(r);
                    }
                    Out::Xlsx(o) => {
                        o.row(r);
                    }
                }
            }
            written += rows.len() as i64;
            self.progress.processed = written;
            self.progress.ok = written;
            self.save_progress().await?;
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        {
            let mut tx = self.app.db.begin().await?;
            repo::mark_running(&mut tx, self.job.id, written, self.app.now()).await?;
            tx.commit().await.map_err(StoreError::from)?;
        }
        let bytes =
            tokio::task::spawn_blocking(move || -> std::result::Result<Vec<u8>, SheetError> {
                match out {
                    Out::Csv(o) => Ok(o.finish()),
                    Out::Xlsx(o) => o.finish(),
                }
            })
            .await
            .map_err(|e| Stop::Retry(AppError::internal(e)))?
            .map_err(|e| Stop::File(e.to_string()))?;
        let key = format!(
            "sellers/{}/bulk/{}-export.{}",
            self.job.seller_id,
            self.job.id,
            if xlsx { "xlsx" } else { "csv" }
        );
        self.app
            .files
            .put(&FilePath::from(key.as_str()), Bytes::from(bytes).into())
            .await
            .map_err(|e| Stop::Retry(AppError::internal(e)))?;
        Ok(key)
    }
}

/// The export file being written.
enum Out {
    Csv(Box<CsvOut>),
    Xlsx(Box<XlsxOut>),
}

/// A savepoint inside the chunk transaction.
async fn sqlx_savepoint(
    tx: &mut shopdeck_store::Tx,
) -> std::result::Result<shopdeck_store::Savepoint<'_>, Stop> {
    shopdeck_store::savepoint(tx)
        .await
        .map_err(|e| Stop::Retry(e.into()))
}

fn parse_count(s: &str, field: &str) -> Result<i64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=inventory::MAX_STOCK).contains(n))
        .ok_or_else(|| {
            AppError::invalid(field, "stock-range", "Use a whole number from 0 to 999,999")
        })
}

/// Where each known column is.
struct Columns {
    product_id: Option<usize>,
    product_ref: Option<usize>,
    category: Option<usize>,
    language: Option<usize>,
    title: Option<usize>,
    description: Option<usize>,
    brand: Option<usize>,
    seller_sku: Option<usize>,
    gtin: Option<usize>,
    price: Option<usize>,
    stock: Option<usize>,
    warehouse: Option<usize>,
    low_stock_threshold: Option<usize>,
    image_ids: Option<usize>,
    video_url: Option<usize>,
    weight_grams: Option<usize>,
    length_mm: Option<usize>,
    width_mm: Option<usize>,
    height_mm: Option<usize>,
    handling_days: Option<usize>,
    /// attr:<key>
    attrs: Vec<(String, usize)>,
    /// variant:<key>
    variants: Vec<(String, usize)>,
    /// title:<locale> / description:<locale>
    titles: Vec<(String, usize)>,
    descriptions: Vec<(String, usize)>,
}

impl Columns {
    fn of(t: &Table) -> Columns {
        let prefixed = |p: &str| -> Vec<(String, usize)> {
            t.headers
                .iter()
                .enumerate()
                .filter_map(|(i, h)| {
                    let h = h.trim();
                    h.split_once(':')
                        .filter(|(a, _)| a.eq_ignore_ascii_case(p))
                        .map(|(_, k)| (k.trim().to_owned(), i))
                })
                .collect()
        };
        Columns {
            product_id: t.column("product_id"),
            product_ref: t.column("product_ref"),
            category: t.column("category").or_else(|| t.column("category_id")),
            language: t.column("language"),
            title: t.column("title"),
            description: t.column("description"),
            brand: t.column("brand"),
            seller_sku: t.column("seller_sku"),
            gtin: t.column("gtin"),
            price: t.column("price"),
            stock: t.column("stock"),
            warehouse: t.column("warehouse"),
            low_stock_threshold: t.column("low_stock_threshold"),
            image_ids: t.column("image_ids"),
            video_url: t.column("video_url"),
            weight_grams: t.column("weight_grams"),
            length_mm: t.column("length_mm"),
            width_mm: t.column("width_mm"),
            height_mm: t.column("height_mm"),
            handling_days: t.column("handling_days"),
            attrs: prefixed("attr"),
            variants: prefixed("variant"),
            titles: prefixed("title"),
            descriptions: prefixed("description"),
        }
    }

    fn get<'r>(&self, row: &'r Row, col: Option<usize>) -> &'r str {
        col.map(|c| row.get(c).trim()).unwrap_or("")
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// A whole number from a cell; anything else becomes a value the use-case refuses with a
/// field error (so the report names the column).
fn number(s: &str) -> Option<i64> {
    if s.is_empty() {
        None
    } else {
        Some(s.parse::<i64>().unwrap_or(-1))
    }
}

fn sku_from_row(cols: &Columns, r: &Row) -> SkuInput {
    let stock = cols.get(r, cols.stock);
    SkuInput {
        id: None,
        seller_sku: cols.get(r, cols.seller_sku).to_owned(),
        gtin: opt(cols.get(r, cols.gtin)),
        price: PriceInput::Text(cols.get(r, cols.price).to_owned()),
        variant: cols
            .variants
            .iter()
            .filter_map(|(k, i)| {
                let v = r.get(*i).trim();
                (!v.is_empty()).then(|| (k.clone(), v.to_owned()))
            })
            .collect(),
        stock: (!stock.is_empty()).then(|| {
            vec![StockInput {
                warehouse_id: opt(cols.get(r, cols.warehouse)),
                quantity: stock.parse().unwrap_or(-1),
            }]
        }),
        low_stock_threshold: number(cols.get(r, cols.low_stock_threshold)),
    }
}

fn sales_from(cols: &Columns, rows: &[&Row]) -> Vec<String> {
    cols.variants
        .iter()
        .filter(|(_, i)| rows.iter().any(|r| !r.get(*i).trim().is_empty()))
        .map(|(k, _)| k.clone())
        .collect()
}

fn images_from(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A new product from its rows; and, per SKU position, the file line it came from.
fn new_input(cols: &Columns, rows: &[&Row]) -> (ProductInput, Vec<usize>) {
    let first = rows[0];
    let language = opt(cols.get(first, cols.language)).unwrap_or_else(|| "en".into());
    let mut editions = vec![EditionInput {
        locale: language.clone(),
        title: cols.get(first, cols.title).to_owned(),
        description: cols.get(first, cols.description).to_owned(),
    }];
    for (locale, i) in &cols.titles {
        let title = first.get(*i).trim();
        if title.is_empty() || locale.eq_ignore_ascii_case(&language) {
            continue;
        }
        let description = cols
            .descriptions
            .iter()
            .find(|(l, _)| l == locale)
            .map(|(_, d)| first.get(*d).trim().to_owned())
            .unwrap_or_default();
        editions.push(EditionInput {
            locale: locale.clone(),
            title: title.to_owned(),
            description,
        });
    }
    let input = ProductInput {
        category_id: cols.get(first, cols.category).to_owned(),
        source_locale: language,
        editions,
        brand: opt(cols.get(first, cols.brand)),
        attributes: cols
            .attrs
            .iter()
            .filter_map(|(k, i)| {
                let v = first.get(*i).trim();
                (!v.is_empty()).then(|| (k.clone(), v.to_owned()))
            })
            .collect(),
        sales_attributes: sales_from(cols, rows),
        skus: rows.iter().map(|r| sku_from_row(cols, r)).collect(),
        image_ids: images_from(cols.get(first, cols.image_ids)),
        video_url: opt(cols.get(first, cols.video_url)),
        weight_grams: number(cols.get(first, cols.weight_grams)),
        length_mm: number(cols.get(first, cols.length_mm)),
        width_mm: number(cols.get(first, cols.width_mm)),
        height_mm: number(cols.get(first, cols.height_mm)),
        handling_days: number(cols.get(first, cols.handling_days)),
    };
    (input, rows.iter().map(|r| r.line).collect())
}

/// An existing product with the file's non-empty cells laid over it: SKUs matched by seller
/// SKU are updated, others added; SKUs not in the file stay.
fn merge_input(v: &ProductView, cols: &Columns, rows: &[&Row]) -> (ProductInput, Vec<usize>) {
    let first = rows[0];
    let pick = |col: Option<usize>, old: Option<String>| -> Option<String> {
        opt(cols.get(first, col)).or(old)
    };
    let base = ProductInput::from_view(v);
    let mut editions = base.editions;
    let source = v.source_locale.clone();
    if let Some(e) = editions.iter_mut().find(|e| e.locale == source) {
        if let Some(t) = opt(cols.get(first, cols.title)) {
            e.title = t;
        }
        if let Some(d) = opt(cols.get(first, cols.description)) {
            e.description = d;
        }
    }
    for (locale, i) in &cols.titles {
        let title = first.get(*i).trim();
        if title.is_empty() {
            continue;
        }
        let description = cols
            .descriptions
            .iter()
            .find(|(l, _)| l == locale)
            .map(|(_, d)| first.get(*d).trim().to_owned());
        match editions.iter_mut().find(|e| &e.locale == locale) {
            Some(e) => {
                e.title = title.to_owned();
                if let Some(d) = description.filter(|d| !d.is_empty()) {
                    e.description = d;
                }
            }
            None => editions.push(EditionInput {
                locale: locale.clone(),
                title: title.to_owned(),
                description: description.unwrap_or_default(),
            }),
        }
    }
    let mut attributes: BTreeMap<String, String> = v.attributes.clone();
    for (k, i) in &cols.attrs {
        let val = first.get(*i).trim();
        if !val.is_empty() {
            attributes.insert(k.clone(), val.to_owned());
        }
    }
    let mut sales = v.sales_attributes.clone();
    for k in sales_from(cols, rows) {
        if !sales.contains(&k) {
            sales.push(k);
        }
    }
    let mut skus = base.skus;
    let mut lines: Vec<usize> = vec![first.line; skus.len()];
    for r in rows {
        let new = sku_from_row(cols, r);
        match skus
            .iter()
            .position(|s| s.seller_sku.eq_ignore_ascii_case(&new.seller_sku))
        {
            Some(pos) => {
                let s = &mut skus[pos];
                if new.gtin.is_some() {
                    s.gtin = new.gtin;
                }
                if let PriceInput::Text(t) = &new.price
                    && !t.is_empty()
                {
                    s.price = new.price.clone();
                }
                s.variant.extend(new.variant);
                if new.stock.is_some() {
                    s.stock = new.stock;
                }
                if new.low_stock_threshold.is_some() {
                    s.low_stock_threshold = new.low_stock_threshold;
                }
                lines[pos] = r.line;
            }
            None => {
                skus.push(new);
                lines.push(r.line);
            }
        }
    }
    let image_ids = {
        let given = images_from(cols.get(first, cols.image_ids));
        if given.is_empty() {
            v.images.iter().map(|i| i.id.to_string()).collect()
        } else {
            given
        }
    };
    let input = ProductInput {
        category_id: pick(cols.category, Some(v.category_id.to_string())).unwrap_or_default(),
        source_locale: source,
        editions,
        brand: pick(cols.brand, v.brand.clone()),
        attributes,
        sales_attributes: sales,
        skus,
        image_ids,
        video_url: pick(cols.video_url, v.video_url.clone()),
        weight_grams: number(cols.get(first, cols.weight_grams)).or(v.weight_grams),
        length_mm: number(cols.get(first, cols.length_mm)).or(v.length_mm),
        width_mm: number(cols.get(first, cols.width_mm)).or(v.width_mm),
        height_mm: number(cols.get(first, cols.height_mm)).or(v.height_mm),
        handling_days: number(cols.get(first, cols.handling_days)).or(Some(v.handling_days)),
    };
    (input, lines)
}

/// The file line and column a use-case field error points at.
fn line_of(field: &str, sku_lines: &[usize], first: usize) -> (usize, String) {
    if let Some(rest) = field.strip_prefix("skus[")
        && let Some((idx, tail)) = rest.split_once(']')
        && let Ok(i) = idx.parse::<usize>()
    {
        let line = sku_lines.get(i).copied().unwrap_or(first);
        let tail = tail.trim_start_matches('.');
        let column = if let Some(k) = tail.strip_prefix("variant.") {
            format!("variant:{k}")
        } else if tail.starts_with("stock") {
            "stock".to_owned()
        } else if tail.is_empty() {
            "seller_sku".to_owned()
        } else {
            tail.to_owned()
        };
        return (line, column);
    }
    let column = if let Some(k) = field.strip_prefix("attributes.") {
        format!("attr:{k}")
    } else if field == "category_id" {
        "category".into()
    } else if field.starts_with("editions") {
        if field.ends_with("description") {
            "description".into()
        } else if field.ends_with("locale") {
            "language".into()
        } else {
            "title".into()
        }
    } else if field == "source_locale" {
        "language".into()
    } else if field.starts_with("image_ids") {
        "image_ids".into()
    } else if field.starts_with("sales_attributes") {
        "variant".into()
    } else {
        field.to_owned()
    };
    (first, column)
}

/// Rewrites a field error as "line:column" for the report.
fn locate(f: FieldError, sku_lines: &[usize], first: usize) -> FieldError {
    let (line, column) = line_of(&f.field, sku_lines, first);
    FieldError {
        field: format!("{line}:{column}"),
        ..f
    }
}

fn export_rows(
    v: &ProductView,
    cache: &CatalogCache,
    locales: &[Locale],
    out: &mut Vec<Vec<String>>,
) {
    let source = v.editions.iter().find(|e| e.is_source);
    let attrs = v
        .attributes
        .iter()
        .map(|(k, x)| format!("{k}={x}"))
        .collect::<Vec<_>>()
        .join("; ");
    let images = v
        .images
        .iter()
        .map(|i| i.id.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let n = |x: Option<i64>| x.map(|v| v.to_string()).unwrap_or_default();
    for s in &v.skus {
        let stock = s.stock.first();
        let mut row = vec![
            v.id.to_string(),
            String::new(),
            cache.slug_of(v.category_id),
            v.source_locale.clone(),
            source.map(|e| e.title.clone()).unwrap_or_default(),
            source.map(|e| e.description.clone()).unwrap_or_default(),
            v.brand.clone().unwrap_or_default(),
            v.status.as_str().to_owned(),
            s.seller_sku.clone(),
            s.gtin.clone().unwrap_or_default(),
            s.price.to_decimal_string(),
            s.price.currency().code().to_owned(),
            stock.map(|x| x.on_hand.to_string()).unwrap_or_default(),
            stock.map(|x| x.warehouse_name.clone()).unwrap_or_default(),
            s.available.to_string(),
            n(s.low_stock_threshold),
            images.clone(),
            v.video_url.clone().unwrap_or_default(),
            n(v.weight_grams),
            n(v.length_mm),
            n(v.width_mm),
            n(v.height_mm),
            v.handling_days.to_string(),
            attrs.clone(),
            s.variant
                .iter()
                .map(|(k, x)| format!("{k}={x}"))
                .collect::<Vec<_>>()
                .join("; "),
        ];
        for l in locales {
            let e = v
                .editions
                .iter()
                .find(|e| e.locale == l.tag() && !e.is_source);
            row.push(e.map(|e| e.title.clone()).unwrap_or_default());
            row.push(e.map(|e| e.description.clone()).unwrap_or_default());
        }
        out.push(row);
    }
}

/// Which shop a job belongs to, for tests and the console.
pub async fn seller_of(app: &App, id: BulkJobId) -> Result<Option<SellerId>> {
    let mut conn = app.db.conn().await?;
    Ok(repo::find_any(&mut conn, id).await?.map(|j| j.seller_id))
}
