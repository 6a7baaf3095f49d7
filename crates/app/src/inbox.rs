//! Notifications about what happened to a person's products, orders, cancellations and
//! returns: one in-app inbox entry and one message (e-mail, or SMS for a buyer with only a
//! phone) per recipient, both written in the transaction of the change they tell about.
//!
//! An inbox entry stores the kind and its arguments (order number, product name, amount),
//! never a sentence, and is written in the reader's language when it is read; the message is
//! written at queue time in the recipient's stored language. Who is told on the seller side:
//! the shop's members whose role may see the area (the owner always). Each person may switch a
//! kind off per channel (in-app, e-mail); everything is on until they do.

use std::collections::BTreeMap;

use jiff::Timestamp;
use shopdeck_domain::Locale;
use shopdeck_domain::ids::{BuyerId, InboxEntryId, NotificationId, OrderId, ProductId, SellerId};
use shopdeck_domain::money::{Currency, Money};
use shopdeck_domain::returns::ReturnAction;
use shopdeck_domain::roles::{Access, Area, BuiltInRole, Permissions};
use shopdeck_store::Conn;
use shopdeck_store::inbox::{self as repo, Owner};
use shopdeck_store::notifications::{self as outbox, NotificationRow, OutboxFilter};
use shopdeck_store::orders::{OrderRow, RefundRow};
use shopdeck_store::returns::ReturnRow;

use crate::access::SellerActor;
use crate::buyers::CurrentBuyer;
use crate::messages;
use crate::notify::{self, Channel, Message};
use crate::{App, AppError, Result};

/// What a notification is about. Stored as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    ProductApproved,
    ProductFailed,
    ProductDeactivated,
    OrderPaid,
    CancellationRequested,
    ReturnRequested,
    DisputeOpened,
    DisputeDecided,
    PaymentConfirmed,
    OrderShipped,
    OrderDelivered,
    OrderCancelled,
    CancellationRejected,
    ReturnApproved,
    ReturnRejected,
    Refunded,
}

/// Who hears of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Shop members whose role may view the area.
    Seller(Area),
    Buyer,
    Both(Area),
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::ProductApproved,
        Kind::ProductFailed,
        Kind::ProductDeactivated,
        Kind::OrderPaid,
        Kind::CancellationRequested,
        Kind::ReturnRequested,
        Kind::DisputeOpened,
        Kind::DisputeDecided,
        Kind::PaymentConfirmed,
        Kind::OrderShipped,
        Kind::OrderDelivered,
        Kind::OrderCancelled,
        Kind::CancellationRejected,
        Kind::ReturnApproved,
        Kind::ReturnRejected,
        Kind::Refunded,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Kind::ProductApproved => "product-approved",
            Kind::ProductFailed => "product-failed",
            Kind::ProductDeactivated => "product-deactivated",
            Kind::OrderPaid => "order-paid",
            Kind::CancellationRequested => "cancellation-requested",
            Kind::ReturnRequested => "return-requested",
            Kind::DisputeOpened => "dispute-opened",
            Kind::DisputeDecided => "dispute-decided",
            Kind::PaymentConfirmed => "payment-confirmed",
            Kind::OrderShipped => "order-shipped",
            Kind::OrderDelivered => "order-delivered",
            Kind::OrderCancelled => "order-cancelled",
            Kind::CancellationRejected => "cancellation-rejected",
            Kind::ReturnApproved => "return-approved",
            Kind::ReturnRejected => "return-rejected",
            Kind::Refunded => "refunded",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn audience(&self) -> Audience {
        match self {
            Kind::ProductApproved | Kind::ProductFailed | Kind::ProductDeactivated => {
                Audience::Seller(Area::Products)
            }
            Kind::OrderPaid | Kind::CancellationRequested => Audience::Seller(Area::Orders),
            Kind::ReturnRequested | Kind::DisputeOpened => Audience::Seller(Area::Returns),
            Kind::DisputeDecided => Audience::Both(Area::Returns),
            Kind::PaymentConfirmed
            | Kind::OrderShipped
            | Kind::OrderDelivered
            | Kind::OrderCancelled
            | Kind::CancellationRejected
            | Kind::ReturnApproved
            | Kind::ReturnRejected
            | Kind::Refunded => Audience::Buyer,
        }
    }

    /// Whether seller users hear of it.
    pub fn for_sellers(&self) -> bool {
        matches!(self.audience(), Audience::Seller(_) | Audience::Both(_))
    }

    /// Whether buyers hear of it.
    pub fn for_buyers(&self) -> bool {
        matches!(self.audience(), Audience::Buyer | Audience::Both(_))
    }
}

/// The arguments an entry keeps; every message text may use them.
const ARG_NAMES: [&str; 4] = ["order", "product", "amount", "outcome"];

/// One event to tell about.
struct Event {
    kind: Kind,
    args: BTreeMap<&'static str, String>,
    seller: Option<(SellerId, String)>,
    buyer: Option<(BuyerId, String)>,
}

fn title(locale: Locale, kind: Kind, args: &BTreeMap<String, String>) -> String {
    let list: Vec<(&'static str, String)> = ARG_NAMES
        .iter()
        .filter_map(|n| {
            args.get(*n).map(|v| match *n {
                "amount" => (*n, amount_in(v, locale)),
                _ => (*n, v.clone()),
            })
        })
        .collect();
    messages::text(locale, &format!("ntf-{}", kind.code()), &list)
}

fn locale_of(stored: Option<&str>) -> Locale {
    stored.and_then(Locale::from_tag).unwrap_or(Locale::En)
}

/// The language a seller user chose for their messages, else `fallback`.
pub(crate) async fn stored_locale(
    conn: &mut Conn,
    user: shopdeck_domain::ids::UserId,
    fallback: Locale,
) -> Result<Locale> {
    Ok(repo::user_locale(conn, user)
        .await?
        .and_then(|l| Locale::from_tag(&l))
        .unwrap_or(fallback))
}

/// (in-app, e-mail) for one person and kind.
async fn wanted(conn: &mut Conn, recipient: &str, kind: Kind) -> Result<(bool, bool)> {
    Ok(repo::list_settings(conn, recipient)
        .await?
        .into_iter()
        .find(|(k, _, _)| k == kind.code())
        .map(|(_, a, e)| (a, e))
        .unwrap_or((true, true)))
}

async fn permissions_of(conn: &mut Conn, seller: SellerId, role: &str) -> Result<Permissions> {
    if let Some(r) = BuiltInRole::parse(role) {
        return Ok(r.permissions());
    }
    let Ok(id) = role.parse() else {
        return Ok(Permissions::default());
    };
    Ok(shopdeck_store::staff::find_role(conn, seller, id)
        .await?
        .and_then(|r| serde_json::from_str(&r.permissions).ok())
        .unwrap_or_default())
}

async fn emit(app: &App, conn: &mut Conn, ev: Event) -> Result<()> {
    let args: BTreeMap<String, String> = ev
        .args
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let args_json = serde_json::to_string(&args).map_err(AppError::internal)?;
    let base = app.settings.public_url.trim_end_matches('/').to_owned();
    if let (Some((seller, link)), Audience::Seller(area) | Audience::Both(area)) =
        (&ev.seller, ev.kind.audience())
    {
        for m in repo::member_contacts(conn, *seller).await? {
            if !permissions_of(conn, *seller, &m.role)
                .await?
                .allows(area, Access::View)
            {
                continue;
            }
            let (in_app, email) = wanted(conn, &m.user_id.to_string(), ev.kind).await?;
            if in_app {
                entry(
                    app,
                    conn,
                    Owner::User(m.user_id, *seller),
                    ev.kind,
                    &args_json,
                    link,
                )
                .await?;
            }
            if email {
                let locale = locale_of(m.locale.as_deref());
                let subject = title(locale, ev.kind, &args);
                let body = email_body(
                    locale,
                    &subject,
                    &base,
                    link,
                    "/seller/notifications/settings",
                );
                notify::queue_kind(
                    app,
                    conn,
                    &Message {
                        channel: Channel::Email,
                        recipient: m.email,
                        subject,
                        body,
                        user_id: Some(m.user_id),
                        seller_id: Some(*seller),
                    },
                    ev.kind.code(),
                )
                .await?;
            }
        }
    }
    if let (Some((buyer, link)), true) = (&ev.buyer, ev.kind.for_buyers()) {
        let Some(b) = shopdeck_store::buyers::find_buyer(conn, *buyer).await? else {
            return Ok(());
        };
        let (in_app, email) = wanted(conn, &buyer.to_string(), ev.kind).await?;
        if in_app {
            entry(app, conn, Owner::Buyer(*buyer), ev.kind, &args_json, link).await?;
        }
        if email {
            let locale = locale_of(Some(&b.locale));
            let subject = title(locale, ev.kind, &args);
            let message = match (&b.email, &b.phone) {
                (Some(to), _) => Some(Message {
                    channel: Channel::Email,
                    recipient: to.clone(),
                    body: email_body(
                        locale,
                        &subject,
                        &base,
                        link,
                        "/account/notifications/settings",
                    ),
                    subject,
                    user_id: None,
                    seller_id: None,
                }),
                (None, Some(phone)) => Some(Message {
                    channel: Channel::Sms,
                    recipient: phone.clone(),
                    body: messages::text(
                        locale,
                        "ntf-sms",
                        &[
                            ("title", subject.clone()),
                            ("link", format!("{base}{link}")),
                        ],
                    ),
                    subject,
                    user_id: None,
                    seller_id: None,
                }),
                (None, None) => None,
            };
            if let Some(msg) = message {
                notify::queue_kind(app, conn, &msg, ev.kind.code()).await?;
            }
        }
    }
    Ok(())
}

fn email_body(locale: Locale, title: &str, base: &str, link: &str, settings: &str) -> String {
    format!(
        "{title}\n\n{}\n\n{}\n",
        messages::text(
            locale,
            "ntf-email-open",
            &[("link", format!("{base}{link}"))]
        ),
        messages::text(
            locale,
            "ntf-email-settings",
            &[("settings", format!("{base}{settings}"))]
        ),
    )
}

async fn entry(
    app: &App,
    conn: &mut Conn,
    owner: Owner,
    kind: Kind,
    args: &str,
    link: &str,
) -> Result<()> {
    repo::insert_entry(
        conn,
        &repo::NewEntry {
            id: app.new_id(),
            owner,
            kind: kind.code(),
            args,
            link,
        },
        app.now(),
    )
    .await?;
    Ok(())
}

/// An amount as an entry keeps it: "12.00 USD", the same in every language, worded by
/// [`amount_in`] when the entry or message is written for its reader.
fn money(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => format!("{} {}", Money::new(minor, c).to_decimal_string(), c.code()),
        Err(_) => format!("{minor} {currency}"),
    }
}

/// A kept amount ("12.00 USD") in the reader's language ("$12.00", "12,00 $US"); one that
/// does not parse is shown as kept.
fn amount_in(kept: &str, locale: Locale) -> String {
    kept.split_once(' ')
        .and_then(|(number, code)| {
            let c = Currency::parse(code).ok()?;
            Money::parse_decimal(number, c).ok()
        })
        .map_or_else(|| kept.to_owned(), |m| m.format(locale))
}

// ---------------------------------------------------------------------------------------
// The events, one call each from the use-case that makes the change (in its transaction).

/// A product passed review, failed it, or was deactivated by the platform.
pub async fn product(
    app: &App,
    conn: &mut Conn,
    kind: Kind,
    seller: SellerId,
    id: ProductId,
    name: &str,
) -> Result<()> {
    emit(
        app,
        conn,
        Event {
            kind,
            args: BTreeMap::from([("product", name.to_owned())]),
            seller: Some((seller, format!("/seller/products/{id}"))),
            buyer: None,
        },
    )
    .await
}

/// Something happened to an order: told to the shop or the buyer as the kind says.
pub async fn order(app: &App, conn: &mut Conn, kind: Kind, order: &OrderRow) -> Result<()> {
    let mut args = BTreeMap::from([("order", order.id.to_string())]);
    if kind == Kind::OrderPaid {
        args.insert("amount", money(order.total_minor, order.currency.code()));
    }
    emit(
        app,
        conn,
        Event {
            kind,
            args,
            seller: Some((order.seller_id, format!("/seller/orders/{}", order.id))),
            buyer: Some((order.buyer_id, format!("/account/orders/{}", order.id))),
        },
    )
    .await
}

/// Like [`order`], by id (for use-cases that hold only the id).
pub async fn order_by_id(app: &App, conn: &mut Conn, kind: Kind, id: OrderId) -> Result<()> {
    match shopdeck_store::orders::find_order_any(conn, id).await? {
        Some(o) => order(app, conn, kind, &o).await,
        None => Ok(()),
    }
}

/// An operator's decision on a product: approved, failed or deactivated are told.
pub async fn product_decision(
    app: &App,
    conn: &mut Conn,
    action: crate::products::OperatorAction,
    seller: SellerId,
    id: ProductId,
    name: &str,
) -> Result<()> {
    use crate::products::OperatorAction as A;
    let kind = match action {
        A::Approve => Kind::ProductApproved,
        A::Reject => Kind::ProductFailed,
        A::Deactivate => Kind::ProductDeactivated,
        A::Reactivate => return Ok(()),
    };
    product(app, conn, kind, seller, id, name).await
}

/// A new paid order for the shop, and the buyer's payment confirmation.
pub async fn order_paid(app: &App, conn: &mut Conn, o: &OrderRow) -> Result<()> {
    order(app, conn, Kind::OrderPaid, o).await?;
    order(app, conn, Kind::PaymentConfirmed, o).await
}

/// The buyer asks the shop to cancel an order.
pub async fn cancellation_requested(app: &App, conn: &mut Conn, o: &OrderRow) -> Result<()> {
    order(app, conn, Kind::CancellationRequested, o).await
}

/// The shop declined the buyer's cancellation request.
pub async fn cancellation_rejected(app: &App, conn: &mut Conn, o: &OrderRow) -> Result<()> {
    order(app, conn, Kind::CancellationRejected, o).await
}

/// The order was cancelled by anyone but the buyer (the shop, an approved request, a timer).
pub async fn order_cancelled(
    app: &App,
    conn: &mut Conn,
    o: &OrderRow,
    by: shopdeck_domain::orders::Party,
) -> Result<()> {
    if by == shopdeck_domain::orders::Party::Buyer {
        return Ok(());
    }
    order(app, conn, Kind::OrderCancelled, o).await
}

/// A return request was opened.
pub async fn return_requested(app: &App, conn: &mut Conn, r: &ReturnRow) -> Result<()> {
    emit(app, conn, return_event(Kind::ReturnRequested, r, None)).await
}

fn return_event(kind: Kind, r: &ReturnRow, outcome: Option<&str>) -> Event {
    let mut args = BTreeMap::from([("order", r.order_id.to_string())]);
    if let Some(o) = outcome {
        args.insert("outcome", o.to_owned());
    }
    Event {
        kind,
        args,
        seller: Some((r.seller_id, format!("/seller/returns/{}", r.id))),
        buyer: Some((r.buyer_id, format!("/account/returns/{}", r.id))),
    }
}

/// A step of a return: the ones people wait for are told.
pub async fn return_step(
    app: &App,
    conn: &mut Conn,
    r: &ReturnRow,
    action: ReturnAction,
) -> Result<()> {
    let (kind, outcome) = match action {
        ReturnAction::SellerApprove | ReturnAction::AutoApprove => (Kind::ReturnApproved, None),
        ReturnAction::SellerReject(_) | ReturnAction::SellerRejectReceipt(_) => {
            (Kind::ReturnRejected, None)
        }
        ReturnAction::Escalate => (Kind::DisputeOpened, None),
        ReturnAction::SupportBuyer => (Kind::DisputeDecided, Some("buyer")),
        ReturnAction::SupportSeller => (Kind::DisputeDecided, Some("seller")),
        _ => return Ok(()),
    };
    emit(app, conn, return_event(kind, r, outcome)).await
}

/// A refund reached the buyer.
pub async fn refunded(app: &App, conn: &mut Conn, refund: &RefundRow) -> Result<()> {
    let Some(o) = shopdeck_store::orders::find_order_any(conn, refund.order_id).await? else {
        return Ok(());
    };
    emit(
        app,
        conn,
        Event {
            kind: Kind::Refunded,
            args: BTreeMap::from([
                ("order", o.id.to_string()),
                ("amount", money(refund.amount_minor, refund.currency.code())),
            ]),
            seller: None,
            buyer: Some((o.buyer_id, format!("/account/orders/{}", o.id))),
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Reading the inbox

/// An inbox entry in the reader's language.
#[derive(Debug, Clone)]
pub struct InboxEntry {
    pub id: InboxEntryId,
    pub kind: String,
    pub title: String,
    /// A path on this site, e.g. `/seller/orders/ord_…`.
    pub link: String,
    pub created_at: Timestamp,
    pub read: bool,
}

/// One page of an inbox, newest first.
#[derive(Debug, Clone)]
pub struct InboxPage {
    pub entries: Vec<InboxEntry>,
    pub unread: i64,
    /// Where the next (older) page starts, if there is one.
    pub next_cursor: Option<String>,
}

pub const PAGE_SIZE: i64 = 25;

fn parse_cursor(cursor: Option<&str>) -> Result<Option<(Timestamp, InboxEntryId)>> {
    let Some(c) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || AppError::invalid("cursor", "invalid", "This cursor is not from this list");
    let (at, id) = c.split_once('_').ok_or_else(bad)?;
    let at: i64 = at.parse().map_err(|_| bad())?;
    let at = Timestamp::from_microsecond(at).map_err(|_| bad())?;
    let id: InboxEntryId = id.parse().map_err(|_| bad())?;
    Ok(Some((at, id)))
}

fn view(locale: Locale, row: repo::EntryRow) -> InboxEntry {
    let args: BTreeMap<String, String> = serde_json::from_str(&row.args).unwrap_or_default();
    let title = match Kind::parse(&row.kind) {
        Some(k) => title(locale, k, &args),
        None => row.kind.clone(),
    };
    InboxEntry {
        id: row.id,
        kind: row.kind,
        title,
        link: row.link,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    }
}

async fn page_of(
    app: &App,
    owner: Owner,
    locale: Locale,
    cursor: Option<&str>,
) -> Result<InboxPage> {
    let before = parse_cursor(cursor)?;
    let mut conn = app.db.conn().await?;
    let mut rows = repo::list_entries(&mut conn, owner, before, PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next_cursor = if more {
        rows.last()
            .map(|r| format!("{}_{}", r.created_at.as_microsecond(), r.id))
    } else {
        None
    };
    let unread = repo::count_unread(&mut conn, owner).await?;
    Ok(InboxPage {
        entries: rows.into_iter().map(|r| view(locale, r)).collect(),
        unread,
        next_cursor,
    })
}

fn seller_owner(actor: &SellerActor) -> Owner {
    Owner::User(actor.user_id, actor.seller_id)
}

/// The seller user's inbox in the shop they work in.
pub async fn list_for_seller(
    app: &App,
    actor: &SellerActor,
    locale: Locale,
    cursor: Option<&str>,
) -> Result<InboxPage> {
    page_of(app, seller_owner(actor), locale, cursor).await
}

/// The buyer's inbox.
pub async fn list_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    locale: Locale,
    cursor: Option<&str>,
) -> Result<InboxPage> {
    page_of(app, Owner::Buyer(buyer.id), locale, cursor).await
}

/// How many entries of a seller user in a shop are unread (the header's badge).
pub async fn unread_for_seller(
    app: &App,
    user: shopdeck_domain::ids::UserId,
    seller: SellerId,
) -> Result<i64> {
    let mut conn = app.db.conn().await?;
    Ok(repo::count_unread(&mut conn, Owner::User(user, seller)).await?)
}

/// How many of the buyer's entries are unread.
pub async fn unread_for_buyer(app: &App, buyer: BuyerId) -> Result<i64> {
    let mut conn = app.db.conn().await?;
    Ok(repo::count_unread(&mut conn, Owner::Buyer(buyer)).await?)
}

async fn mark(app: &App, owner: Owner, id: InboxEntryId) -> Result<String> {
    let mut tx = app.db.begin().await?;
    let row = repo::mark_read(&mut tx, owner, id, app.now())
        .await?
        .ok_or(AppError::NotFound("notification"))?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(row.link)
}

async fn mark_all(app: &App, owner: Owner) -> Result<u64> {
    let mut tx = app.db.begin().await?;
    let n = repo::mark_all_read(&mut tx, owner, app.now()).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(n)
}

/// Marks one of the seller user's entries read; returns the page it links to.
pub async fn mark_read_for_seller(
    app: &App,
    actor: &SellerActor,
    id: InboxEntryId,
) -> Result<String> {
    mark(app, seller_owner(actor), id).await
}

pub async fn mark_all_read_for_seller(app: &App, actor: &SellerActor) -> Result<u64> {
    mark_all(app, seller_owner(actor)).await
}

/// Marks one of the buyer's entries read; returns the page it links to.
pub async fn mark_read_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    id: InboxEntryId,
) -> Result<String> {
    mark(app, Owner::Buyer(buyer.id), id).await
}

pub async fn mark_all_read_for_buyer(app: &App, buyer: &CurrentBuyer) -> Result<u64> {
    mark_all(app, Owner::Buyer(buyer.id)).await
}

// ---------------------------------------------------------------------------------------
// Settings

/// One kind's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub kind: Kind,
    pub in_app: bool,
    pub email: bool,
}

/// A person's notification settings and the language their messages are written in.
#[derive(Debug, Clone)]
pub struct Settings {
    pub kinds: Vec<Setting>,
    pub locale: Option<Locale>,
}

async fn settings_of(
    conn: &mut Conn,
    recipient: &str,
    kinds: impl Iterator<Item = Kind>,
    locale: Option<Locale>,
) -> Result<Settings> {
    let stored = repo::list_settings(conn, recipient).await?;
    let kinds = kinds
        .map(|kind| {
            let (in_app, email) = stored
                .iter()
                .find(|(k, _, _)| k == kind.code())
                .map(|(_, a, e)| (*a, *e))
                .unwrap_or((true, true));
            Setting {
                kind,
                in_app,
                email,
            }
        })
        .collect();
    Ok(Settings { kinds, locale })
}

/// The seller user's settings (the kinds shop members hear of).
pub async fn settings_for_seller(app: &App, actor: &SellerActor) -> Result<Settings> {
    let mut conn = app.db.conn().await?;
    let locale = repo::user_locale(&mut conn, actor.user_id)
        .await?
        .and_then(|l| Locale::from_tag(&l));
    settings_of(
        &mut conn,
        &actor.user_id.to_string(),
        Kind::ALL.into_iter().filter(Kind::for_sellers),
        locale,
    )
    .await
}

/// The buyer's settings (the kinds buyers hear of).
pub async fn settings_for_buyer(app: &App, buyer: &CurrentBuyer) -> Result<Settings> {
    let mut conn = app.db.conn().await?;
    settings_of(
        &mut conn,
        &buyer.id.to_string(),
        Kind::ALL.into_iter().filter(Kind::for_buyers),
        Some(buyer.locale),
    )
    .await
}

async fn save(
    app: &App,
    recipient: &str,
    allowed: fn(&Kind) -> bool,
    choices: &[Setting],
) -> Result<Vec<Setting>> {
    let mut tx = app.db.begin().await?;
    let now = app.now();
    let mut out = Vec::new();
    for kind in Kind::ALL.into_iter().filter(allowed) {
        // A kind missing from the form is switched off on both channels (unticked boxes are
        // not sent by browsers).
        let s = choices
            .iter()
            .find(|s| s.kind == kind)
            .copied()
            .unwrap_or(Setting {
                kind,
                in_app: false,
                email: false,
            });
        repo::put_setting(&mut tx, recipient, kind.code(), s.in_app, s.email, now).await?;
        out.push(s);
    }
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(out)
}

/// Saves the seller user's choices for every seller kind, and the language of their messages.
pub async fn save_settings_for_seller(
    app: &App,
    actor: &SellerActor,
    choices: &[Setting],
    locale: Option<Locale>,
) -> Result<Vec<Setting>> {
    let saved = save(app, &actor.user_id.to_string(), Kind::for_sellers, choices).await?;
    if let Some(l) = locale {
        remember_user_locale(app, actor.user_id, l).await?;
    }
    Ok(saved)
}

/// Saves the buyer's choices for every buyer kind, and the language of their messages.
pub async fn save_settings_for_buyer(
    app: &App,
    buyer: &CurrentBuyer,
    choices: &[Setting],
    locale: Option<Locale>,
) -> Result<Vec<Setting>> {
    let saved = save(app, &buyer.id.to_string(), Kind::for_buyers, choices).await?;
    if let Some(l) = locale {
        remember_buyer_locale(app, buyer.id, l).await?;
    }
    Ok(saved)
}

/// The language a seller user's messages are written in, from now on (their choice in the
/// language menu or the settings).
pub async fn remember_user_locale(
    app: &App,
    user: shopdeck_domain::ids::UserId,
    locale: Locale,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::set_user_locale(&mut tx, user, locale.tag()).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

/// The language a buyer's messages are written in, from now on.
pub async fn remember_buyer_locale(app: &App, buyer: BuyerId, locale: Locale) -> Result<()> {
    let mut tx = app.db.begin().await?;
    repo::set_buyer_locale(&mut tx, buyer, locale.tag()).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The operator's outbox

/// A search of the outbox.
#[derive(Debug, Clone, Default)]
pub struct OutboxQuery {
    pub recipient: Option<String>,
    pub kind: Option<String>,
    pub cursor: Option<String>,
}

/// A message of the outbox, as operators see it.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: NotificationId,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// `PENDING` until delivered, then `SENT`.
    pub status: String,
    pub provider: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub last_error: Option<String>,
    /// What the message is about (`order-paid`, …), for messages that name one.
    pub kind: Option<String>,
}

impl From<NotificationRow> for OutboxMessage {
    fn from(r: NotificationRow) -> Self {
        OutboxMessage {
            id: r.id,
            channel: r.channel,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            status: r.status.as_str().to_owned(),
            provider: r.provider,
            created_at: r.created_at,
            sent_at: r.sent_at,
            last_error: r.last_error,
            kind: r.kind,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutboxPage {
    pub messages: Vec<OutboxMessage>,
    pub next_cursor: Option<String>,
    /// Every kind the outbox holds, for the search form.
    pub kinds: Vec<String>,
}

pub const OUTBOX_PAGE: u32 = 25;

/// A page of sent and waiting messages, newest first, for operators.
pub async fn search_outbox(
    app: &App,
    _op: &crate::access::Operator,
    q: &OutboxQuery,
) -> Result<OutboxPage> {
    let before = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let bad =
                || AppError::invalid("cursor", "invalid", "This cursor is not from this list");
            let (at, id) = c.split_once('_').ok_or_else(bad)?;
            let at = at
                .parse::<i64>()
                .ok()
                .and_then(|m| Timestamp::from_microsecond(m).ok())
                .ok_or_else(bad)?;
            let id: NotificationId = id.parse().map_err(|_| bad())?;
            Some((at, id))
        }
    };
    let filter = OutboxFilter {
        recipient: q
            .recipient
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        kind: q
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned),
        before,
    };
    let mut conn = app.db.conn().await?;
    let mut messages = outbox::search_notifications(&mut conn, &filter, OUTBOX_PAGE + 1).await?;
    let more = messages.len() > OUTBOX_PAGE as usize;
    messages.truncate(OUTBOX_PAGE as usize);
    let next_cursor = if more {
        messages
            .last()
            .map(|m| format!("{}_{}", m.created_at.as_microsecond(), m.id))
    } else {
        None
    };
    let kinds = outbox::list_kinds(&mut conn).await?;
    Ok(OutboxPage {
        messages: messages.into_iter().map(OutboxMessage::from).collect(),
        next_cursor,
        kinds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_code_and_a_text_in_every_language() {
        let args = BTreeMap::from([
            ("order".to_owned(), "ord_1".to_owned()),
            ("product".to_owned(), "Dress".to_owned()),
            ("amount".to_owned(), "12.00 USD".to_owned()),
            ("outcome".to_owned(), "buyer".to_owned()),
        ]);
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
            for l in Locale::ALL {
                let t = title(l, k, &args);
                assert!(!t.starts_with("ntf-"), "{l} {}: {t}", k.code());
            }
        }
    }

    #[test]
    fn amounts_are_worded_in_the_readers_language() {
        let args = BTreeMap::from([
            ("order".to_owned(), "ord_1".to_owned()),
            ("amount".to_owned(), money(680_000, "JPY")),
        ]);
        assert_eq!(args["amount"], "680000 JPY");
        let ja = title(Locale::Ja, Kind::Refunded, &args);
        assert!(ja.contains("￥680,000"), "{ja}");
        let fr = title(Locale::Fr, Kind::Refunded, &args);
        assert!(fr.contains("680\u{202f}000\u{a0}JPY"), "{fr}");
        assert_eq!(amount_in("oops", Locale::En), "oops");
    }

    #[test]
    fn every_language_has_every_notification_text() {
        let ids = |ftl: &'static str| -> Vec<&'static str> {
            ftl.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect()
        };
        let en = ids(include_str!("../locales/en/notifications.ftl"));
        for (tag, ftl) in [
            ("zh-CN", include_str!("../locales/zh-CN/notifications.ftl")),
            ("ja", include_str!("../locales/ja/notifications.ftl")),
            ("ar", include_str!("../locales/ar/notifications.ftl")),
            ("fr", include_str!("../locales/fr/notifications.ftl")),
            ("es", include_str!("../locales/es/notifications.ftl")),
        ] {
            assert_eq!(ids(ftl), en, "{tag}");
        }
    }
}
