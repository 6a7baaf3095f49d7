//! What the order pages and the sections placed on them share (`orders`, `cancellations`,
//! `fulfilment`, the buyer's pages in `checkout`): the cancellation request waiting for an
//! answer, the units typed per line, and a section's refused form to show again on the
//! seller's order page. It sits below those modules and imports none of them: a section
//! answers `Again` and `orders`, which places the sections, renders the page, so no section
//! imports the page that places it.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Response;
use shopdeck_app::cancellations::CancellationView;
use shopdeck_app::orders::OrderDetail;
use shopdeck_domain::cancellations::CancelStatus;
use shopdeck_domain::ids::OrderId;

use crate::reply::Reply;

/// The units typed per line (`qty_<line_no>`), as typed, to show the form again.
pub(crate) fn typed_quantities(f: &[(String, String)]) -> BTreeMap<i64, String> {
    f.iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("qty_")?.parse().ok()?, v.clone())))
        .collect()
}

/// Whether a cancellation still waits for the seller's answer.
pub(crate) fn is_pending(c: &CancellationView) -> bool {
    CancelStatus::parse(&c.status) == Some(CancelStatus::Pending)
}

/// The request waiting for the seller's answer, if any (an order has one at a time).
pub(crate) fn pending_of(o: &OrderDetail) -> Option<&CancellationView> {
    o.cancellations.iter().find(|c| is_pending(c))
}

/// The seller's order page to show again: by id, or the order already loaded.
pub(crate) enum OrderRef {
    Id(OrderId),
    Loaded(Box<OrderDetail>),
}

/// A form of a section of the seller's order page that its use-case refused: the page again,
/// with the form as typed beside its errors.
pub(crate) struct Again<F> {
    pub order: OrderRef,
    pub form: F,
    pub status: StatusCode,
}

/// What a section's form answers: a response (a redirect, or a page of the section's own),
/// the order page again with the form, or the page that explains why not.
pub(crate) type Answered<F> = Result<Result<Response, Again<F>>, Reply>;
