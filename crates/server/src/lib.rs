//! The `shopdeck` program: configuration, telemetry, the HTTP server that joins the API and
//! the web UI, and the commands `serve`, `migrate`, `worker` and `demo`.

pub mod bench;
pub mod bench_browse;
pub mod bench_checkout;
pub mod bench_ship;
pub mod config;
pub mod http;
pub mod listener;
pub mod metrics;
pub mod revalidate;
pub mod run;
pub mod telemetry;
pub mod text_guard;
