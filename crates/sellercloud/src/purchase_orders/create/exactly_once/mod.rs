//! Create a purchase order exactly once, even when the answer is lost.
//!
//! A create whose answer never arrives (a timeout after sending, a dropped
//! connection, a 5xx from a proxy, a 400 the vendor may use for a server
//! error) has an unknown outcome: sending it again risks a duplicate
//! purchase order, giving up risks a missing one. A server may also commit
//! it *later* than its answer was lost: a proxy answers 503 while the server
//! behind it is still working. [`PurchaseOrders::create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once)
//! therefore never sends an unknown create again; it looks:
//!
//! 1. **A reference.** Unless turned off ([`ExactlyOnce::auto_reference`]),
//!    the request carries a reference unique to this create in the first
//!    product's `ItemNotes` (the list answer echoes it): the caller's own
//!    ([`ExactlyOnce::reference`]) or one the SDK makes up
//!    (`once-<24 hex digits>`), as aws-sdk fills an idempotency token. A
//!    note the caller set on that product is kept, the reference follows it
//!    in brackets. With a reference a match is certain; without one a
//!    purchase order with the same content created by someone else cannot
//!    be told from this one.
//! 2. **Restart safety.** With a reference and
//!    [`ExactlyOnce::look_first_since`], it first looks for a purchase order
//!    carrying the reference created since then (say, since the job's run
//!    started before a crash), and returns it instead of creating a second
//!    one.
//! 3. **Send once.** The client's retry policy re-sends only an attempt
//!    that provably did not reach the server (the connection was refused,
//!    the token request failed or was refused, the rate limiter refused
//!    it). Any other failure that may have been applied
//!    ([`Error::may_have_been_applied`]) is resolved by looking.
//! 4. **Look.** After [`ExactlyOnce::settle`] (default 2 s) it lists the
//!    purchase orders of the request's company created in a window on the
//!    server's clock (`createDateFrom`/`createDateTo`), first tightly around
//!    the attempt, then from the attempt to now, and compares each with what
//!    was sent: vendor and company, PO type by value (a name in any case or
//!    a number), the products (SKU, ordered units, `ItemNotes` trimmed) and
//!    the `CreatedOn` against the window. A candidate whose entry carries no
//!    items is never taken as the purchase order; it is reported. It keeps
//!    looking for [`ExactlyOnce::look_for`] (default: the client's request
//!    timeout, so a server that commits as late as the attempt could have
//!    waited is still seen), the wait between wide looks doubling each time
//!    and the last look at the end.
//! 5. **Outcome.** One match: its id, marked [`Created::recovered`]. More
//!    than one: [`Error::Ambiguous`] with their ids. None by the end of the
//!    look, or a lookup that fails: [`Error::Unresolved`] with the
//!    candidates seen; nothing is sent again. Look again later (the same
//!    request with the same reference and `look_first_since` finds it once
//!    it commits) rather than create a second one.
//!
//! "The server's clock" is the client's estimate from the `Date` headers of
//! its answers ([`Client::server_clock`]; our clock until an answer has
//! come), so the tight look finds a purchase order even when the two clocks
//! disagree; the wide look adds an allowance ([`ExactlyOnce::clock_skew`],
//! default 5 minutes) for an estimate that is off. Sellercloud sends times
//! without an offset, read as UTC.
//!
//! # Limits
//!
//! - A create that never reached the server but failed in a way that
//!   cannot prove it (a 503 from a proxy, a timeout) ends in
//!   [`Error::Unresolved`] after the look, not in a second send: the
//!   server may still commit it. Run the same request with the same
//!   reference and [`ExactlyOnce::look_first_since`] later to settle it.
//! - Without a reference, a purchase order with the same content created
//!   by someone else in the window is taken for this one (if this one did
//!   not apply) or makes the call [`Error::Ambiguous`].
//! - A wide look lists everything the company created in the allowance
//!   around the attempt; past 10,000 entries it fails rather than conclude
//!   from part of the list ([`Error::Unresolved`] with the lookup's error).
//! - `CreatedOn` is re-checked against the window, allowing for a server
//!   that writes its local time without an offset (a whole number of
//!   quarter hours, up to 14 h, off UTC).
//!
//! [`Error::Ambiguous`]: crate::Error::Ambiguous
//! [`Error::Unresolved`]: crate::Error::Unresolved
//! [`Error::may_have_been_applied`]: crate::Error::may_have_been_applied

mod look;

use super::{CreatePurchaseOrder, OPERATION, created_id};
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::Result;
use api_runtime::exactly_once::CreatedOnce;
use sellercloud_api::types;

/// How [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once)
/// marks a create and looks for it when its answer was lost (shared with
/// the ShopCtrl client). Sellercloud writes the reference into the first
/// product's `ItemNotes` (after a note set there, in brackets).
///
/// ```
/// use std::time::Duration;
/// let run_started = chrono::Utc::now();
/// let options = sellercloud::ExactlyOnce::new()
///     .reference("sync-8842-line-3")
///     .look_first_since(run_started)
///     .settle(Duration::from_secs(5))
///     .look_for(Duration::from_secs(60))
///     .clock_skew(Duration::from_secs(120));
/// # let _ = options;
/// ```
pub use api_runtime::exactly_once::ExactlyOnce;

/// A purchase order created by
/// [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once):
/// its [`PurchaseOrderId`], whether it was `recovered` by looking, how many
/// requests carried it (`sends`) and how many list requests the looks made
/// (`list_calls`).
pub type Created = CreatedOnce<PurchaseOrderId>;

/// Writes `reference` into the first product's `ItemNotes`.
fn mark(body: &mut types::CreatePurchaseOrderRequest, reference: &str) {
    if let Some(first) = body.products.first_mut() {
        first.item_notes = Some(match first.item_notes.as_deref().map(str::trim) {
            Some(note) if !note.is_empty() => format!("{note} [{reference}]"),
            _ => reference.to_owned(),
        });
    }
}

pub(crate) async fn send(
    client: &Client,
    request: CreatePurchaseOrder,
    options: ExactlyOnce,
) -> Result<Created> {
    let mut body = request.build()?;
    if let Some(reference) = options.reference_to_send() {
        mark(&mut body, &reference);
    }
    let attempt = client.exactly_once(OPERATION.name, &options);
    let mut lookup = look::PurchaseOrderLookup::new(client, &body);
    let call = client.call(OPERATION, |api| {
        attempt.count_send();
        api.create_purchase_order(&body)
    });
    let created = attempt
        .create(&mut lookup, call, |reply| {
            let created: types::CreatedPurchaseOrder = reply.decode(OPERATION.name)?;
            Ok(created_id(created).get())
        })
        .await?;
    Ok(created.map_id(PurchaseOrderId::new))
}
