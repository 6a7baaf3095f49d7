//! `shopdeck`: the seller center's one binary.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use shopdeck_server::config::Config;
use shopdeck_server::{run, telemetry};

#[derive(Parser)]
#[command(
    name = "shopdeck",
    version,
    about = "Shopdeck: a self-hostable seller center for social commerce"
)]
struct Cli {
    /// Configuration file (default: ./shopdeck.toml when present).
    #[arg(long, global = true, env = "SHOPDECK_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (API, Seller Center, operator console, storefront) and the worker.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Run the background worker alone.
    Worker(DbArgs),
    /// Load the demo marketplace into an empty database.
    Demo(DbArgs),
    /// Print the newest messages (the development outbox of emails and SMS).
    Outbox(OutboxArgs),
    /// Measure performance on a throw-away database and print the figures.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// The storefront and the seller's product list over a big catalogue (the demo's live
    /// products copied up to `--products`), list pages picked at random over the whole depth.
    Browse(BrowseArgs),
    /// Import a large product file through the worker, then measure product list and search
    /// requests per second, then export.
    Catalog(CatalogArgs),
    /// A flash sale (concurrent buyers through real checkout and sandbox payment until one
    /// SKU is sold out) and a browsing crowd, against real `shopdeck serve` processes.
    Checkout(CheckoutArgs),
    /// Arrange shipment for up to 600 paid orders at once (platform logistics, sandbox
    /// carrier) and render their merged labels, packing slips and pick list.
    Ship(ShipArgs),
}

#[derive(Args)]
struct ShipArgs {
    /// `sqlite` (a temporary file) or a PostgreSQL server URL (a database is created there
    /// and dropped).
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// Orders in the bulk request (at most 600).
    #[arg(long, default_value_t = 600)]
    orders: usize,
}

#[derive(Args)]
struct CheckoutArgs {
    /// `sqlite` (a temporary file) or a PostgreSQL server URL (a database is created there
    /// and dropped).
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// Server processes sharing the database (PostgreSQL; SQLite runs one).
    #[arg(long, default_value_t = 2)]
    processes: usize,
    /// Concurrent buyers.
    #[arg(long, default_value_t = 64)]
    buyers: usize,
    /// Units of the hot SKU.
    #[arg(long, default_value_t = 5_000)]
    stock: i64,
    /// Concurrent clients of the browsing scenario.
    #[arg(long, default_value_t = 32)]
    browse_clients: usize,
    /// Seconds of browsing.
    #[arg(long, default_value_t = 20)]
    browse_seconds: u64,
}

#[derive(Args)]
struct CatalogArgs {
    /// `sqlite` (a temporary file) or a PostgreSQL server URL such as
    /// postgres://postgres@127.0.0.1:5432/postgres (a database is created there and dropped).
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// Products to import.
    #[arg(long, default_value_t = 25_000)]
    products: usize,
    /// SKUs per product (25,000 × 4 = 100,000 SKUs).
    #[arg(long, default_value_t = 4)]
    skus_per_product: usize,
    /// Seconds per request scenario.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Skip the export step.
    #[arg(long)]
    no_export: bool,
}

#[derive(Args)]
struct BrowseArgs {
    /// `sqlite` (a temporary file) or a PostgreSQL server URL such as
    /// postgres://postgres@127.0.0.1:5432/postgres (a database is created there and dropped).
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// Live products in the catalogue.
    #[arg(long, default_value_t = 100_000)]
    products: usize,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// MiB for the storefront cache (0: off, every read goes to the database).
    #[arg(long, default_value_t = 32)]
    cache_mib: u64,
}

#[derive(Args)]
struct OutboxArgs {
    #[command(flatten)]
    db: DbArgs,
    /// How many messages to show.
    #[arg(long, default_value_t = 10)]
    limit: u32,
    /// Only messages to this email address or phone number.
    #[arg(long)]
    to: Option<String>,
}

#[derive(Args)]
struct DbArgs {
    /// Database URL: sqlite://path/to/file.db or postgres://user@host/db.
    #[arg(long, env = "SHOPDECK_DATABASE_URL")]
    database_url: Option<String>,
    /// Folder for the default SQLite database and uploads.
    #[arg(long, env = "SHOPDECK_DATA_DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "SHOPDECK_LISTEN")]
    listen: Option<SocketAddr>,
    /// Load the demo marketplace if the database is empty.
    #[arg(long, env = "SHOPDECK_DEMO")]
    demo: bool,
    /// Do not run the background worker in this process.
    #[arg(long, env = "SHOPDECK_NO_WORKER")]
    no_worker: bool,
}

fn apply_db(config: &mut Config, args: DbArgs) {
    if let Some(url) = args.database_url {
        config.database_url = Some(url);
    }
    if let Some(dir) = args.data_dir {
        config.data_dir = dir;
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("shopdeck: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("shopdeck: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => {
                apply_db(&mut config, args.db);
                if let Some(listen) = args.listen {
                    config.listen = listen;
                }
                config.validate()?;
                run::serve(config, args.demo, !args.no_worker).await
            }
            Command::Migrate(args) => {
                apply_db(&mut config, args);
                config.validate()?;
                let db = run::open_db(&config).await?;
                let app = run::make_app(db.clone(), &config, false).await?;
                shopdeck_app::catalog::seed_platform_data(&app).await?;
                db.close().await;
                println!(
                    "Migrations applied to {}",
                    shopdeck_server::config::redact(&config.database_url())
                );
                Ok(())
            }
            Command::Worker(args) => {
                apply_db(&mut config, args);
                config.validate()?;
                run::run_worker(config).await
            }
            Command::Demo(args) => {
                apply_db(&mut config, args);
                config.validate()?;
                run::load_demo(config).await
            }
            Command::Bench(BenchCommand::Checkout(a)) => {
                shopdeck_server::bench_checkout::run_checkout(
                    shopdeck_server::bench_checkout::CheckoutBench {
                        database: a.database,
                        processes: a.processes,
                        buyers: a.buyers,
                        stock: a.stock,
                        browse_clients: a.browse_clients,
                        browse_seconds: a.browse_seconds,
                    },
                )
                .await
            }
            Command::Bench(BenchCommand::Ship(a)) => {
                shopdeck_server::bench_ship::run_ship(shopdeck_server::bench_ship::ShipBench {
                    database: a.database,
                    orders: a.orders,
                })
                .await
            }
            Command::Bench(BenchCommand::Browse(a)) => {
                shopdeck_server::bench_browse::run_browse(
                    shopdeck_server::bench_browse::BrowseBench {
                        database: a.database,
                        products: a.products,
                        clients: a.clients.max(1),
                        seconds: a.seconds.max(1),
                        cache_mib: a.cache_mib.min(65_536),
                    },
                )
                .await
            }
            Command::Bench(BenchCommand::Catalog(a)) => {
                shopdeck_server::bench::run_catalog(shopdeck_server::bench::CatalogBench {
                    database: a.database,
                    products: a.products,
                    skus_per_product: a.skus_per_product.clamp(1, 8),
                    seconds: a.seconds,
                    concurrency: a.concurrency.max(1),
                    no_export: a.no_export,
                })
                .await
            }
            Command::Outbox(args) => {
                apply_db(&mut config, args.db);
                config.validate()?;
                run::print_outbox(config, args.to.as_deref(), args.limit).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shopdeck: {e:#}");
            ExitCode::FAILURE
        }
    }
}
