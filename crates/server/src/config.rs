//! Configuration: defaults, then an optional `shopdeck.toml`, then `SHOPDECK_…` environment
//! variables, then command-line flags. Works with no settings at all.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything `shopdeck` can be told. Secrets are redacted in `Debug`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; defaults to `sqlite://<data_dir>/shopdeck.db`.
    pub database_url: Option<String>,
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Folder for the SQLite file, uploads and other files.
    pub data_dir: PathBuf,
    /// The URL users reach Shopdeck at; `https://` makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Most connections in the database pool.
    pub max_connections: u32,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Seconds a request may take before it is answered 408.
    pub request_timeout_secs: u64,
    /// Seconds a connection has to send a request's headers before it is closed (against
    /// clients that open connections and trickle bytes, or send nothing).
    pub header_read_timeout_secs: u64,
    /// Connections one client address (an IPv6 /64) may hold open; more are closed at once.
    /// Behind a proxy every connection comes from the proxy: raise it, or 0 for no cap.
    pub max_connections_per_ip: usize,
    /// A separate address serving only `/metrics` (e.g. `127.0.0.1:9464`), for Prometheus on
    /// a private network.
    pub metrics_listen: Option<SocketAddr>,
    /// A bearer token: with it, `/metrics` is also served on the public address (and, on
    /// `metrics_listen`, also needs it). With neither, no address serves `/metrics`.
    pub metrics_token: Option<String>,
    /// `text` or `json` log lines.
    pub log_format: LogFormat,
    /// Trust `X-Forwarded-For` for the client's address (set only behind your own proxy).
    pub trust_forwarded_for: bool,
    /// Email: `dev` (the outbox) or `smtp`.
    pub email_provider: String,
    /// SMTP server, e.g. `smtps://user:password@smtp.example.com` (with `email_provider = "smtp"`).
    pub smtp_url: Option<String>,
    /// The sender of emails.
    pub email_from: String,
    /// SMS: `dev` (the outbox) or `http`.
    pub sms_provider: String,
    /// The HTTP SMS gateway's URL (with `sms_provider = "http"`).
    pub sms_gateway_url: Option<String>,
    /// A bearer token for the SMS gateway.
    pub sms_gateway_token: Option<String>,
    /// Where uploads (documents, product images, bulk files) are kept: unset for
    /// `<data_dir>/uploads`, or `s3://bucket/prefix` for S3 or an S3-compatible store, with
    /// credentials and endpoint from the usual `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_REGION`, `AWS_ENDPOINT` (and `AWS_ALLOW_HTTP=true` for a plain-HTTP MinIO).
    pub files_url: Option<String>,
    /// The secret the built-in sandbox payment provider and carrier sign their callbacks
    /// with. Unset (the default), the first start generates a random one and keeps it in the
    /// database, so every process of the deployment shares it. The documented example value
    /// is refused outside `--demo`.
    pub sandbox_secret: Option<String>,
    /// This process's name in the job queue's leases (default: host name and listen address,
    /// or `worker` for `shopdeck worker`). A process that starts again under the same name
    /// takes over at once the jobs its killed predecessor held; give each process on one host
    /// its own name.
    pub instance: Option<String>,
    /// Jobs one process's worker runs at the same time.
    pub worker_lanes: usize,
    /// Unpaid orders are cancelled this many hours after they are placed.
    pub pay_within_hours: u32,
    /// Sellers must arrange shipment within this many hours of the order.
    pub process_within_hours: u32,
    /// Sellers must mark orders shipped within this many hours of payment.
    pub ship_within_hours: u32,
    /// Days after delivery during which buyers may ask for a return; then the order completes.
    pub after_sale_days: u32,
    /// `after_sale_days` per shop country where it differs (e.g. `{ FR = 14 }`).
    pub after_sale_days_by_country: std::collections::BTreeMap<String, u32>,
    /// Minutes per step of the sandbox carrier's schedule (collected after 1 step, delivered
    /// after 24).
    pub sandbox_carrier_step_minutes: u32,
    /// Whether sellers confirming delivery by their own carrier must attach a proof.
    pub delivery_proof_required: bool,
    /// Hours before the shipping deadline at which the shop is reminded.
    pub ship_reminder_hours: Vec<u32>,
    /// Whether orders not shipped by their deadline are cancelled (and refunded).
    pub auto_cancel_late: bool,
    /// Hours after the shipping deadline before such an order is cancelled.
    pub auto_cancel_grace_hours: u32,
    /// Hours a seller has to answer a cancellation request before it is approved.
    pub cancel_respond_hours: u32,
    /// Hours a seller has to answer a return request before it is approved.
    pub return_respond_hours: u32,
    /// Days a buyer has to send an approved return back before it is closed.
    pub return_ship_days: u32,
    /// Days a seller has to check a returned package before it is accepted.
    pub return_receive_days: u32,
    /// The CJK font files shipping labels and packing slips set Chinese and Japanese in: the
    /// regular face, then optionally the bold one (OpenType/TrueType fonts or collections;
    /// in a `.ttc` the Japanese and Simplified Chinese faces are found by name). Defaults to
    /// Debian's `fonts-noto-cjk` (Noto Sans CJK); on other systems point it at the files, e.g.
    /// `SHOPDECK_PRINT_FONTS=/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc` (one path) or
    /// `print_fonts = ["…-Regular.ttc", "…-Bold.ttc"]`. Without a usable font such text
    /// prints as empty boxes, and start-up logs a warning.
    #[serde(deserialize_with = "one_or_many")]
    pub print_fonts: Vec<PathBuf>,
    /// Memory for the storefront cache of this process, in MiB of kept text (about twice
    /// that in all); 0 turns it off (every storefront read goes to the database).
    pub storefront_cache_mib: u64,
}

/// A list of paths given as a list, or as one path (an environment variable).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(path) if path.as_os_str().is_empty() => Vec::new(),
        OneOrMany::One(path) => vec![path],
        OneOrMany::Many(paths) => paths,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            public_url: None,
            max_connections: 10,
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout_secs: 30,
            header_read_timeout_secs: 10,
            max_connections_per_ip: 64,
            metrics_listen: None,
            metrics_token: None,
            log_format: LogFormat::Text,
            trust_forwarded_for: false,
            email_provider: "dev".to_owned(),
            smtp_url: None,
            email_from: "Shopdeck <no-reply@shopdeck.localhost>".to_owned(),
            sms_provider: "dev".to_owned(),
            sms_gateway_url: None,
            sms_gateway_token: None,
            files_url: None,
            sandbox_secret: None,
            instance: None,
            worker_lanes: 4,
            pay_within_hours: 24,
            process_within_hours: 72,
            ship_within_hours: 120,
            after_sale_days: 15,
            after_sale_days_by_country: std::collections::BTreeMap::new(),
            sandbox_carrier_step_minutes: 60,
            delivery_proof_required: false,
            ship_reminder_hours: vec![24, 4],
            auto_cancel_late: true,
            auto_cancel_grace_hours: 24,
            cancel_respond_hours: 48,
            return_respond_hours: 48,
            return_ship_days: 5,
            return_receive_days: 8,
            print_fonts: shopdeck_files::pdf::DEFAULT_CJK_FONT_PATHS
                .iter()
                .map(PathBuf::from)
                .collect(),
            storefront_cache_mib: shopdeck_app::Settings::default().storefront_cache_mib,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("public_url", &self.public_url)
            .field("max_connections", &self.max_connections)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("header_read_timeout_secs", &self.header_read_timeout_secs)
            .field("max_connections_per_ip", &self.max_connections_per_ip)
            .field("metrics_listen", &self.metrics_listen)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("log_format", &self.log_format)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("email_provider", &self.email_provider)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact))
            .field("email_from", &self.email_from)
            .field("sms_provider", &self.sms_provider)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field(
                "sms_gateway_token",
                &self.sms_gateway_token.as_ref().map(|_| "***"),
            )
            .field("files_url", &self.files_url)
            .field(
                "sandbox_secret",
                &self.sandbox_secret.as_ref().map(|_| "***"),
            )
            .field("instance", &self.instance)
            .field("worker_lanes", &self.worker_lanes)
            .field("pay_within_hours", &self.pay_within_hours)
            .field("process_within_hours", &self.process_within_hours)
            .field("ship_within_hours", &self.ship_within_hours)
            .field("after_sale_days", &self.after_sale_days)
            .field(
                "after_sale_days_by_country",
                &self.after_sale_days_by_country,
            )
            .field(
                "sandbox_carrier_step_minutes",
                &self.sandbox_carrier_step_minutes,
            )
            .field("delivery_proof_required", &self.delivery_proof_required)
            .field("ship_reminder_hours", &self.ship_reminder_hours)
            .field("auto_cancel_late", &self.auto_cancel_late)
            .field("auto_cancel_grace_hours", &self.auto_cancel_grace_hours)
            .field("cancel_respond_hours", &self.cancel_respond_hours)
            .field("return_respond_hours", &self.return_respond_hours)
            .field("return_ship_days", &self.return_ship_days)
            .field("return_receive_days", &self.return_receive_days)
            .field("print_fonts", &self.print_fonts)
            .field("storefront_cache_mib", &self.storefront_cache_mib)
            .finish()
    }
}

/// Hides the password part of a URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads defaults → `shopdeck.toml` (or the given file) → `SHOPDECK_*` variables.
    pub fn load(file: Option<&std::path::Path>) -> Result<Config, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    return Err(ConfigError::Invalid(format!(
                        "config file {} does not exist",
                        path.display()
                    )));
                }
                fig = fig.merge(Toml::file(path));
            }
            None => fig = fig.merge(Toml::file("shopdeck.toml")),
        }
        // Only variables that name a setting; SHOPDECK_CONFIG and SHOPDECK_LOG are not settings.
        fig = fig.merge(Env::prefixed("SHOPDECK_").only(&[
            "database_url",
            "listen",
            "data_dir",
            "public_url",
            "max_connections",
            "max_body_bytes",
            "request_timeout_secs",
            "header_read_timeout_secs",
            "max_connections_per_ip",
            "metrics_listen",
            "metrics_token",
            "log_format",
            "trust_forwarded_for",
            "email_provider",
            "smtp_url",
            "email_from",
            "sms_provider",
            "sms_gateway_url",
            "sms_gateway_token",
            "files_url",
            "sandbox_secret",
            "instance",
            "worker_lanes",
            "pay_within_hours",
            "process_within_hours",
            "ship_within_hours",
            "after_sale_days",
            "after_sale_days_by_country",
            "sandbox_carrier_step_minutes",
            "delivery_proof_required",
            "ship_reminder_hours",
            "auto_cancel_late",
            "auto_cancel_grace_hours",
            "cancel_respond_hours",
            "return_respond_hours",
            "return_ship_days",
            "return_receive_days",
            "print_fonts",
            "storefront_cache_mib",
        ]));
        let config: Config = fig
            .extract()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(url) = &self.database_url {
            shopdeck_store::Backend::from_url(url)
                .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        }
        if let Some(u) = &self.files_url
            && !u.starts_with("s3://")
        {
            return Err(ConfigError::Invalid(
                "files_url must be s3://bucket/prefix (or unset for the data folder)".into(),
            ));
        }
        if self.storefront_cache_mib > 65_536 {
            return Err(ConfigError::Invalid(
                "storefront_cache_mib must be at most 65536 (0 turns the cache off)".into(),
            ));
        }
        if !(1..=64).contains(&self.worker_lanes) {
            return Err(ConfigError::Invalid(
                "worker_lanes must be from 1 to 64".into(),
            ));
        }
        if self.sandbox_secret.as_ref().is_some_and(|s| s.len() < 16) {
            return Err(ConfigError::Invalid(
                "sandbox_secret must be at least 16 characters".into(),
            ));
        }
        for (name, h) in [
            ("pay_within_hours", self.pay_within_hours),
            ("process_within_hours", self.process_within_hours),
            ("ship_within_hours", self.ship_within_hours),
        ] {
            if !(1..=24 * 60).contains(&h) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be from 1 to 1440 hours"
                )));
            }
        }
        for (name, d) in std::iter::once(("after_sale_days", &self.after_sale_days)).chain(
            self.after_sale_days_by_country
                .iter()
                .map(|(c, d)| (c.as_str(), d)),
        ) {
            if !(1..=365).contains(d) {
                return Err(ConfigError::Invalid(format!(
                    "after-sale days ({name}) must be from 1 to 365"
                )));
            }
        }
        for (name, h) in [
            ("auto_cancel_grace_hours", self.auto_cancel_grace_hours),
            ("cancel_respond_hours", self.cancel_respond_hours),
            ("return_respond_hours", self.return_respond_hours),
        ] {
            if !(1..=24 * 30).contains(&h) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be from 1 to 720 hours"
                )));
            }
        }
        for (name, d) in [
            ("return_ship_days", self.return_ship_days),
            ("return_receive_days", self.return_receive_days),
        ] {
            if !(1..=60).contains(&d) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be from 1 to 60 days"
                )));
            }
        }
        if self.ship_reminder_hours.len() > 5
            || self
                .ship_reminder_hours
                .iter()
                .any(|h| !(1..=24 * 5).contains(h))
        {
            return Err(ConfigError::Invalid(
                "ship_reminder_hours takes up to 5 values from 1 to 120 hours".into(),
            ));
        }
        if !(1..=24 * 60).contains(&self.sandbox_carrier_step_minutes) {
            return Err(ConfigError::Invalid(
                "sandbox_carrier_step_minutes must be from 1 to 1440".into(),
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "max_connections must be at least 1".into(),
            ));
        }
        if !(1..=300).contains(&self.header_read_timeout_secs) {
            return Err(ConfigError::Invalid(
                "header_read_timeout_secs must be from 1 to 300".into(),
            ));
        }
        if let Some(t) = &self.metrics_token
            && t.len() < 16
        {
            return Err(ConfigError::Invalid(
                "metrics_token must be at least 16 characters".into(),
            ));
        }
        if self.metrics_listen == Some(self.listen) && self.listen.port() != 0 {
            return Err(ConfigError::Invalid(
                "metrics_listen must differ from listen".into(),
            ));
        }
        if self.max_body_bytes < 1024 {
            return Err(ConfigError::Invalid(
                "max_body_bytes must be at least 1024".into(),
            ));
        }
        if let Some(u) = &self.public_url
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(
                "public_url must start with http:// or https://".into(),
            ));
        }
        match (self.email_provider.as_str(), &self.smtp_url) {
            ("dev", _) | ("smtp", Some(_)) => {}
            ("smtp", None) => {
                return Err(ConfigError::Invalid(
                    "email_provider = \"smtp\" needs smtp_url".into(),
                ));
            }
            (other, _) => {
                return Err(ConfigError::Invalid(format!(
                    "email_provider `{other}` is not dev or smtp"
                )));
            }
        }
        match (self.sms_provider.as_str(), &self.sms_gateway_url) {
            ("dev", _) | ("http", Some(_)) => {}
            ("http", None) => {
                return Err(ConfigError::Invalid(
                    "sms_provider = \"http\" needs sms_gateway_url".into(),
                ));
            }
            (other, _) => {
                return Err(ConfigError::Invalid(format!(
                    "sms_provider `{other}` is not dev or http"
                )));
            }
        }
        Ok(())
    }

    /// The message senders this configuration asks for.
    pub fn senders(&self) -> Result<shopdeck_app::notify::Senders, ConfigError> {
        use shopdeck_app::notify::{HttpSmsGateway, Senders, SmtpMailer};
        use std::sync::Arc;
        let mut senders = Senders::default();
        if let ("smtp", Some(url)) = (self.email_provider.as_str(), &self.smtp_url) {
            senders.email =
                Arc::new(SmtpMailer::new(url, &self.email_from).map_err(ConfigError::Invalid)?);
        }
        if let ("http", Some(url)) = (self.sms_provider.as_str(), &self.sms_gateway_url) {
            senders.sms = Arc::new(
                HttpSmsGateway::new(url, self.sms_gateway_token.clone())
                    .map_err(ConfigError::Invalid)?,
            );
        }
        Ok(senders)
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("shopdeck.db").display()))
    }

    /// What one client may hold open.
    pub fn connection_limits(&self) -> crate::listener::ConnectionLimits {
        crate::listener::ConnectionLimits {
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout_secs),
            max_per_ip: self.max_connections_per_ip,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_point_at_data_dir() {
        let c = Config::default();
        c.validate().unwrap();
        assert_eq!(c.database_url(), "sqlite://./data/shopdeck.db");
        assert!(!c.secure_cookies());
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Config {
            database_url: Some("postgres://shop:hunter2@db:5432/shopdeck".into()),
            ..Config::default()
        };
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("postgres://shop:***@db:5432/shopdeck"));
    }

    #[test]
    fn metrics_token_is_redacted_and_must_be_long() {
        let c = Config {
            metrics_token: Some("prometheus-scrape-secret".into()),
            ..Config::default()
        };
        c.validate().unwrap();
        assert!(!format!("{c:?}").contains("prometheus-scrape-secret"));
        let c = Config {
            metrics_token: Some("short".into()),
            ..Config::default()
        };
        assert!(c.validate().is_err());
        let c = Config {
            header_read_timeout_secs: 0,
            ..Config::default()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        let c = Config {
            database_url: Some("mysql://x".into()),
            ..Config::default()
        };
        assert!(c.validate().is_err());
        let c = Config {
            max_connections: 0,
            ..Config::default()
        };
        assert!(c.validate().is_err());
        for c in [
            Config {
                cancel_respond_hours: 0,
                ..Config::default()
            },
            Config {
                return_ship_days: 61,
                ..Config::default()
            },
            Config {
                ship_reminder_hours: vec![24, 0],
                ..Config::default()
            },
        ] {
            let e = c.validate().unwrap_err().to_string();
            assert!(e.contains("hours") || e.contains("days"), "{e}");
        }
    }

    #[test]
    fn print_fonts_take_one_path_or_a_list() {
        let read = |toml: &str| -> Vec<PathBuf> {
            Figment::from(Serialized::defaults(Config::default()))
                .merge(Toml::string(toml))
                .extract::<Config>()
                .unwrap()
                .print_fonts
        };
        assert_eq!(
            read(""),
            [
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
            ]
            .map(PathBuf::from)
        );
        assert_eq!(
            read("print_fonts = \"/f/cjk.otf\""),
            [PathBuf::from("/f/cjk.otf")]
        );
        assert_eq!(
            read("print_fonts = [\"/f/r.ttc\", \"/f/b.ttc\"]"),
            ["/f/r.ttc", "/f/b.ttc"].map(PathBuf::from)
        );
        // An empty value turns the CJK face off.
        assert!(read("print_fonts = \"\"").is_empty());
        // As an environment variable reads it (a bare string).
        let env: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Serialized::default("print_fonts", "/opt/fonts/cjk.ttc"))
            .extract()
            .unwrap();
        assert_eq!(env.print_fonts, [PathBuf::from("/opt/fonts/cjk.ttc")]);
        let s = crate::run::settings_of(&env, None);
        assert_eq!(s.print_fonts, env.print_fonts);
    }

    #[test]
    fn fulfilment_timers_reach_the_settings() {
        let dir = std::env::temp_dir().join(format!("shopdeck-cfg-{}", std::process::id()));
        let c = Config {
            data_dir: dir.clone(),
            ship_reminder_hours: vec![4, 48, 4],
            auto_cancel_late: false,
            cancel_respond_hours: 24,
            return_respond_hours: 24,
            return_ship_days: 7,
            return_receive_days: 10,
            ..Config::default()
        };
        c.validate().unwrap();
        let s = crate::run::settings_of(&c, None);
        let h = jiff::SignedDuration::from_hours;
        assert_eq!(s.fulfilment.reminders_before, vec![h(48), h(4)]);
        assert!(!s.fulfilment.auto_cancel_late);
        assert_eq!(s.cancel_policy.auto_approve_after, h(24));
        assert_eq!(s.return_policy.respond, h(24));
        assert_eq!(s.return_policy.buyer_ship, h(7 * 24));
        assert_eq!(s.return_policy.seller_receive, h(10 * 24));
        let _ = std::fs::remove_dir_all(dir);
    }
}
