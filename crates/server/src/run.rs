//! The commands: serve, migrate, worker and demo.

use std::sync::Arc;

use anyhow::Context;
use shopdeck_app::jobs::{Worker, WorkerBuilder};
use shopdeck_app::{App, Settings, SystemClock};
use shopdeck_store::{Db, PoolSettings};
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::http::{self, HttpSettings};

/// Connects to the configured database and applies migrations.
pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    let url = config.database_url();
    let settings = PoolSettings {
        max_connections: config.max_connections,
        ..PoolSettings::default()
    };
    let db = Db::connect(&url, &settings)
        .await
        .with_context(|| format!("cannot open database {}", crate::config::redact(&url)))?;
    db.migrate().await.context("migrations failed")?;
    Ok(db)
}

pub fn make_app(db: Db, config: &Config) -> anyhow::Result<App> {
    make_app_at(db, config, None)
}

/// The application; `listening` is the address this process serves, the public URL when
/// none is configured (links in emails, payment return and callback addresses).
pub fn make_app_at(
    db: Db,
    config: &Config,
    listening: Option<std::net::SocketAddr>,
) -> anyhow::Result<App> {
    let settings = settings_of(config, listening);
    Ok(App::new(db, Arc::new(SystemClock), settings)
        .with_senders(config.senders()?)
        .with_files(file_store(config)?))
}

/// The application's settings from the configuration.
pub fn settings_of(config: &Config, listening: Option<std::net::SocketAddr>) -> Settings {
    let defaults = Settings::default();
    let public_url = config
        .public_url
        .clone()
        .or_else(|| listening.map(|a| format!("http://{a}")))
        .unwrap_or(defaults.public_url.clone());
    let hours = |h: u32| jiff::SignedDuration::from_hours(i64::from(h));
    let days = |d: u32| jiff::SignedDuration::from_hours(24 * i64::from(d));
    Settings {
        public_url: public_url.trim_end_matches('/').to_owned(),
        sandbox_secret: config.sandbox_secret.clone(),
        order_policy: shopdeck_domain::orders::OrderPolicy {
            pay_within: hours(config.pay_within_hours),
            process_within: hours(config.process_within_hours),
            ship_within: hours(config.ship_within_hours),
        },
        fulfilment: shopdeck_domain::fulfilment::FulfilmentPolicy {
            after_sale_window: days(config.after_sale_days),
            reminders_before: {
                let mut r: Vec<u32> = config.ship_reminder_hours.clone();
                r.sort_unstable_by(|a, b| b.cmp(a));
                r.dedup();
                r.into_iter().map(hours).collect()
            },
            auto_cancel_late: config.auto_cancel_late,
            auto_cancel_grace: hours(config.auto_cancel_grace_hours),
        },
        cancel_policy: shopdeck_domain::fulfilment::CancelPolicy {
            auto_approve_after: hours(config.cancel_respond_hours),
        },
        return_policy: shopdeck_domain::fulfilment::ReturnPolicy {
            respond: hours(config.return_respond_hours),
            buyer_ship: days(config.return_ship_days),
            seller_receive: days(config.return_receive_days),
            ..defaults.return_policy
        },
        after_sale_window_by_country: config
            .after_sale_days_by_country
            .iter()
            .map(|(c, d)| (c.to_ascii_uppercase(), days(*d)))
            .collect(),
        sandbox_carrier_step: jiff::SignedDuration::from_mins(i64::from(
            config.sandbox_carrier_step_minutes,
        )),
        delivery_proof_required: config.delivery_proof_required,
        ..defaults
    }
}

/// Where uploads live: the data folder, or an S3(-compatible) bucket when `files_url` says so.
pub fn file_store(config: &Config) -> anyhow::Result<Arc<dyn object_store::ObjectStore>> {
    if let Some(url) = &config.files_url {
        let parsed = url::Url::parse(url).with_context(|| format!("files_url `{url}`"))?;
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_url(url.as_str())
            .build()
            .with_context(|| format!("cannot use {url} for uploads"))?;
        let prefix = parsed.path().trim_matches('/').to_owned();
        if prefix.is_empty() {
            return Ok(Arc::new(store));
        }
        return Ok(Arc::new(object_store::prefix::PrefixStore::new(
            store, prefix,
        )));
    }
    let uploads = config.data_dir.join("uploads");
    std::fs::create_dir_all(&uploads)
        .with_context(|| format!("cannot create {}", uploads.display()))?;
    let files = object_store::local::LocalFileSystem::new_with_prefix(&uploads)
        .with_context(|| format!("cannot use {} for uploads", uploads.display()))?;
    Ok(Arc::new(files))
}

/// A worker id that tells processes apart in the jobs table and in logs.
pub fn worker_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".to_owned());
    format!(
        "{host}-{}-{:04x}",
        std::process::id(),
        rand::random::<u16>()
    )
}

pub fn worker(app: &App) -> Worker {
    WorkerBuilder::new(app.clone(), worker_id()).build()
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

pub fn print_demo_logins() {
    println!(
        "Demo logins (password: {}):",
        shopdeck_app::demo::DEMO_PASSWORD
    );
    for l in shopdeck_app::demo::logins() {
        match l.shop {
            Some(shop) => println!("  {:<18} {:<34} {}", l.role, l.email, shop),
            None => println!("  {:<18} {}", l.role, l.email),
        }
    }
    println!("Demo buyers on the storefront (same password; sign in at /account/login):");
    for l in shopdeck_app::demo::buyer_logins() {
        println!("  {:<18} {}", l.role, l.email);
    }
}

/// `shopdeck serve`.
pub async fn serve(config: Config, demo: bool, with_worker: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = open_db(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let app = make_app_at(db.clone(), &config, Some(addr))?;
    shopdeck_app::catalog::seed_platform_data(&app).await?;
    if demo {
        let outcome = shopdeck_app::demo::load_demo(&app).await?;
        if outcome == shopdeck_app::demo::DemoOutcome::Loaded {
            shopdeck_app::demo::load_catalogue(&app).await?;
            shopdeck_app::demo::load_buyers(&app).await?;
            shopdeck_app::demo::load_media(&app).await?;
            shopdeck_app::demo::load_orders(&app).await?;
        }
        tracing::info!(?outcome, "demo data");
    }
    let router = http::router(
        app.clone(),
        &HttpSettings {
            max_body_bytes: config.max_body_bytes,
            request_timeout: std::time::Duration::from_secs(config.request_timeout_secs),
            secure_cookies: config.secure_cookies(),
            trust_forwarded_for: config.trust_forwarded_for,
            metrics_token: config.metrics_token.clone().map(http::MetricsToken::new),
        },
    );
    let metrics_listener = match config.metrics_listen {
        Some(at) => Some(
            tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("cannot listen on {at} (metrics_listen)"))?,
        ),
        None => None,
    };

    let stop = CancellationToken::new();
    let worker_task = with_worker.then(|| {
        let w = worker(&app);
        tokio::spawn(w.run_lanes(config.worker_lanes, stop.clone()))
    });

    let base = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let base = base.trim_end_matches('/');
    println!("Shopdeck is listening on http://{addr}");
    if let Some(m) = &metrics_listener {
        println!("Metrics: http://{}/metrics", m.local_addr()?);
    }
    println!("Open {base}/seller/login   (storefront: {base}/   operator console: {base}/ops)");
    if demo {
        print_demo_logins();
    }
    tracing::info!(
        %addr,
        database = db.backend().name(),
        worker = with_worker,
        startup_ms = started.elapsed().as_millis() as u64,
        "ready"
    );

    let stop_http = CancellationToken::new();
    let metrics_task = metrics_listener.map(|listener| {
        let router = http::metrics_router(
            app.clone(),
            config.metrics_token.clone().map(http::MetricsToken::new),
        );
        let stop = stop_http.clone();
        tokio::spawn(crate::listener::serve(
            listener,
            router,
            config.connection_limits(),
            stop.cancelled_owned(),
        ))
    });
    let signal = stop_http.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        signal.cancel();
    });
    crate::listener::serve(
        listener,
        router,
        config.connection_limits(),
        stop_http.clone().cancelled_owned(),
    )
    .await;
    if let Some(t) = metrics_task {
        let _ = t.await;
    }
    stop.cancel();
    if let Some(t) = worker_task {
        let _ = t.await;
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `shopdeck worker`.
pub async fn run_worker(config: Config) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    let app = make_app(db.clone(), &config)?;
    let stop = CancellationToken::new();
    let task = tokio::spawn(worker(&app).run_lanes(config.worker_lanes, stop.clone()));
    shutdown_signal().await;
    stop.cancel();
    let _ = task.await;
    db.close().await;
    Ok(())
}

/// `shopdeck demo`.
pub async fn load_demo(config: Config) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    let app = make_app(db.clone(), &config)?;
    match shopdeck_app::demo::load_demo(&app).await? {
        shopdeck_app::demo::DemoOutcome::Loaded => {
            let live = shopdeck_app::demo::load_catalogue(&app).await?;
            shopdeck_app::demo::load_buyers(&app).await?;
            shopdeck_app::demo::load_media(&app).await?;
            shopdeck_app::demo::load_orders(&app).await?;
            println!("{live} demo products are on sale.");
            println!(
                "Demo marketplace loaded into {}",
                crate::config::redact(&config.database_url())
            );
            print_demo_logins();
        }
        shopdeck_app::demo::DemoOutcome::AlreadyPopulated => {
            println!("The database already has users; demo data was not loaded.");
        }
    }
    db.close().await;
    Ok(())
}

/// `shopdeck outbox`: the newest messages, oldest first, so the latest code is at the bottom.
pub async fn print_outbox(config: Config, to: Option<&str>, limit: u32) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    let app = make_app(db.clone(), &config)?;
    let mut messages = shopdeck_app::notify::list_outbox(&app, to, limit).await?;
    messages.reverse();
    if messages.is_empty() {
        println!("The outbox is empty.");
    }
    for m in messages {
        println!(
            "── {} · {} to {} · {}",
            m.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            m.channel,
            m.recipient,
            m.status
        );
        if m.channel == "email" {
            println!("Subject: {}", m.subject);
        }
        println!("{}\n", m.body.trim_end());
    }
    db.close().await;
    Ok(())
}
