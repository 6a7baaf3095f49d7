//! Sending messages to people. A use-case queues a message (a `notifications` row plus a
//! delivery job) inside its own transaction; the worker delivers it through the provider
//! configured for its channel. The development provider only marks it delivered: the message
//! waits in the outbox, which the operator console lists and `shopdeck outbox` prints.

use std::sync::Arc;
use std::time::Duration;

use shopdeck_domain::ids::{NotificationId, SellerId, UserId};
use shopdeck_store::Conn;
use shopdeck_store::jobs::ClaimedJob;
use shopdeck_store::notifications::{self as repo, Delivery, NotificationRow};

use crate::jobs::{JobError, JobHandler, enqueue};
use crate::{App, AppError, Result};

pub const DELIVER: &str = "notify.deliver";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Message {
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub user_id: Option<UserId>,
    pub seller_id: Option<SellerId>,
}

/// Queues a message on the caller's transaction; it is delivered after the commit.
pub async fn queue(app: &App, conn: &mut Conn, msg: &Message) -> Result<NotificationId> {
    insert(app, conn, msg, None).await
}

/// Queues a message about one kind of event (`order-paid`, …), which the operator's outbox
/// can be searched by.
pub async fn queue_kind(
    app: &App,
    conn: &mut Conn,
    msg: &Message,
    kind: &str,
) -> Result<NotificationId> {
    insert(app, conn, msg, Some(kind)).await
}

async fn insert(
    app: &App,
    conn: &mut Conn,
    msg: &Message,
    kind: Option<&str>,
) -> Result<NotificationId> {
    let id: NotificationId = app.new_id();
    repo::insert_notification(
        conn,
        &repo::NewNotification {
            id,
            channel: msg.channel.as_str(),
            recipient: &msg.recipient,
            subject: &msg.subject,
            body: &msg.body,
            user_id: msg.user_id,
            seller_id: msg.seller_id,
            kind,
        },
        app.now(),
    )
    .await?;
    enqueue(
        app,
        conn,
        DELIVER,
        serde_json::json!({ "notification_id": id.to_string() }),
        app.now(),
        Some(format!("{DELIVER}:{id}")),
    )
    .await?;
    Ok(id)
}

/// Delivers a message through some service.
#[async_trait::async_trait]
pub trait Sender: Send + Sync + std::fmt::Debug {
    fn name(&self) -> &'static str;
    async fn send(&self, msg: &NotificationRow) -> std::result::Result<(), String>;
}

/// The development outbox: the message stays readable in the database and the log.
#[derive(Debug, Default)]
pub struct DevOutbox;

#[async_trait::async_trait]
impl Sender for DevOutbox {
    fn name(&self) -> &'static str {
        "dev-outbox"
    }
    async fn send(&self, msg: &NotificationRow) -> std::result::Result<(), String> {
        tracing::info!(
            channel = %msg.channel,
            to = %msg.recipient,
            "dev outbox: {}",
            msg.body.lines().next().unwrap_or("")
        );
        Ok(())
    }
}

/// Email over SMTP (lettre), e.g. `smtps://user:pass@smtp.example.com`.
pub struct SmtpMailer {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("from", &self.from)
            .finish()
    }
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> std::result::Result<Self, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("email sender `{from}`: {e}"))?;
        Ok(SmtpMailer { transport, from })
    }
}

#[async_trait::async_trait]
impl Sender for SmtpMailer {
    fn name(&self) -> &'static str {
        "smtp"
    }
    async fn send(&self, msg: &NotificationRow) -> std::result::Result<(), String> {
        use lettre::AsyncTransport;
        let to = msg
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&msg.subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(msg.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// SMS through an HTTP gateway: `POST <url>` with `{"to": "+…", "text": "…"}` and an optional
/// bearer token. Most SMS providers accept this shape or sit behind a small adapter that does.
#[derive(Debug)]
pub struct HttpSmsGateway {
    url: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl HttpSmsGateway {
    pub fn new(url: &str, token: Option<String>) -> std::result::Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpSmsGateway {
            url: url.to_owned(),
            token,
            client,
        })
    }
}

#[async_trait::async_trait]
impl Sender for HttpSmsGateway {
    fn name(&self) -> &'static str {
        "http-sms"
    }
    async fn send(&self, msg: &NotificationRow) -> std::result::Result<(), String> {
        let mut req = self
            .client
            .post(&self.url)
            .json(&serde_json::json!({ "to": msg.recipient, "text": msg.body }));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.map_err(|e| e.to_string())?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("gateway answered {}", res.status()))
        }
    }
}

/// The sender per channel.
#[derive(Debug, Clone)]
pub struct Senders {
    pub email: Arc<dyn Sender>,
    pub sms: Arc<dyn Sender>,
}

impl Default for Senders {
    fn default() -> Self {
        Senders {
            email: Arc::new(DevOutbox),
            sms: Arc::new(DevOutbox),
        }
    }
}

/// The worker's handler for `notify.deliver`. Delivering twice is avoided by the SENT mark;
/// a crash between sending and marking can still send twice, which is the usual at-least-once
/// trade-off for messages.
pub struct Deliver;

#[async_trait::async_trait]
impl JobHandler for Deliver {
    async fn run(&self, app: &App, job: &ClaimedJob) -> std::result::Result<(), JobError> {
        let id: NotificationId = job.payload["notification_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| JobError("payload has no notification_id".into()))?;
        let mut conn = app.db.conn().await.map_err(AppError::from)?;
        let Some(msg) = repo::find_notification(&mut conn, id)
            .await
            .map_err(AppError::from)?
        else {
            return Ok(());
        };
        if msg.status == Delivery::Sent {
            return Ok(());
        }
        let sender = match msg.channel.as_str() {
            "sms" => &app.senders.sms,
            _ => &app.senders.email,
        };
        drop(conn);
        let sent = sender.send(&msg).await;
        // Through the write gate, like every write (see `store::group_commit`).
        let mut tx = app.db.begin().await.map_err(AppError::from)?;
        match &sent {
            Ok(()) => repo::mark_sent(&mut tx, id, sender.name(), app.now()).await,
            Err(e) => repo::mark_failed(&mut tx, id, e).await,
        }
        .map_err(AppError::from)?;
        tx.commit()
            .await
            .map_err(|e| AppError::from(shopdeck_store::StoreError::from(e)))?;
        sent.map_err(JobError)
    }
}

/// The newest messages, for the operator console and `shopdeck outbox`.
pub async fn list_outbox(
    app: &App,
    recipient: Option<&str>,
    limit: u32,
) -> Result<Vec<NotificationRow>> {
    let mut conn = app.db.conn().await?;
    Ok(repo::list_notifications(&mut conn, recipient, limit).await?)
}
