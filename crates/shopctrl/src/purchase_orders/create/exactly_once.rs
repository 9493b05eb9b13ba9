//! Create a ShopCtrl purchase order exactly once, even when the answer is
//! lost: the shared machinery of [`api_runtime::exactly_once`] with
//! ShopCtrl's lookup.
//!
//! # Where `OurReference` can be read back
//!
//! `OurReference` (at most 50 characters) is the caller's own reference,
//! and the create carries it. The help pages show no way to read it back:
//! the list answers `PurchaseOrderBasicInfo` (no `OurReference`), no page
//! for reading one purchase order was found, and no filter takes it; only
//! the vendor's `PurchaseOrder` model (the create's answer, which is what
//! was lost) holds it. The closest field that can be read back is a row's
//! `Comment` (`GET v1/PurchaseOrders/{purchaseOrderId}/Rows`). So the
//! reference goes into `OurReference` **and** the first row's `Comment`
//! (after a comment set there, in brackets), and a look:
//!
//! 1. lists the shop owner's purchase orders changed in the window
//!    (`fromDateChanged`/`untilDateChanged`, on the server's clock), a new
//!    purchase order's change time being its creation or later;
//! 2. rechecks each entry's `ChangeTimestamp` against the window;
//! 3. reads each one's rows and compares them with the rows sent: as many
//!    rows, the same products (`ProductId`, `ProductCode` trimmed, any
//!    case), quantities, and the marker in a `Comment`. A purchase order
//!    without rows cannot be compared: it is reported, never taken.
//!
//! A create without rows has no `Comment` to carry the marker; a lost
//! answer then ends in [`Error::Unresolved`](crate::Error::Unresolved) with
//! the candidates, never in a second create.
//!
//! A look reads at most [`MAX_SCANNED`] purchase orders; past it, it fails
//! rather than conclude from part of the list.

use super::{CreatePurchaseOrder, OPERATION, created_id};
use crate::client::Client;
use crate::ids::{PurchaseOrderId, ShopOwnerId};
use crate::purchase_orders::list::{self, PurchaseOrderFilter};
use crate::purchase_orders::rows;
use api_runtime::Result;
use api_runtime::exactly_once::{
    CreatedOnce, Judged, Look, Lookup, Window, kept_text, marker_matches, scan,
};
use shopctrl_api::types;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub use api_runtime::exactly_once::ExactlyOnce;

/// A purchase order created by
/// [`PurchaseOrders::create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once):
/// its [`PurchaseOrderId`], whether it was `recovered` by looking, how many
/// requests carried it (`sends`) and how many list and rows requests the
/// looks made (`list_calls`).
pub type Created = CreatedOnce<PurchaseOrderId>;

/// The most purchase orders one look goes through (each costs a rows read).
pub const MAX_SCANNED: usize = 1_000;

/// Writes `reference` into `OurReference` (unless the caller set one) and
/// into the first row's `Comment`.
fn mark(body: &mut types::NewPurchaseOrder, reference: &str) {
    if body.our_reference.is_none() {
        body.our_reference = Some(reference.to_owned());
    }
    if let Some(first) = body
        .purchase_order_rows
        .as_mut()
        .and_then(|r| r.first_mut())
    {
        first.comment = Some(match kept_text(first.comment.as_deref()) {
            Some(comment) => format!("{comment} [{reference}]"),
            None => reference.to_owned(),
        });
    }
}

/// Looks for the create's purchase order among those of its shop owner
/// changed in a window.
struct PurchaseOrderLookup<'a> {
    client: &'a Client,
    body: &'a types::NewPurchaseOrder,
    /// List and rows requests.
    requests: Arc<AtomicU32>,
}

impl Lookup for PurchaseOrderLookup<'_> {
    fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    async fn look(&mut self, window: &Window) -> Result<Look> {
        let (client, body, requests) = (self.client, self.body, &self.requests);
        let filter = PurchaseOrderFilter::new(ShopOwnerId::new(body.shop_owner_id))
            .changed_from(window.from)
            .changed_until(window.to);
        let listed = list::stream_counted(client.clone(), filter, requests.clone());
        scan(list::OPERATION.name, MAX_SCANNED, listed, |po| async move {
            // A server that ignores the change filter must not widen it.
            let (Some(id), true) = (po.id, window.contains(po.change_timestamp.as_ref())) else {
                return Ok(Judged::No);
            };
            requests.fetch_add(1, Ordering::Relaxed);
            let listed_rows = rows::read(client, PurchaseOrderId::new(id)).await?;
            Ok(match candidate(body, &listed_rows) {
                Candidate::Match => Judged::Match(id),
                Candidate::WithoutRows => Judged::Unconfirmed(id),
                Candidate::No => Judged::No,
            })
        })
        .await
    }
}

/// Values agree unless both are known and differ (a side that does not
/// say cannot rule a candidate out).
fn agree<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    a.is_none() || b.is_none() || a == b
}

#[derive(Debug, PartialEq, Eq)]
enum Candidate {
    Match,
    /// Either side has no rows to compare.
    WithoutRows,
    No,
}

/// Whether a purchase order with `listed` rows could be the one `body`
/// created.
fn candidate(body: &types::NewPurchaseOrder, listed: &[types::PurchaseOrderRow]) -> Candidate {
    let sent = body.purchase_order_rows.as_deref().unwrap_or_default();
    if sent.is_empty() || listed.is_empty() {
        return Candidate::WithoutRows;
    }
    if sent.len() != listed.len() {
        return Candidate::No;
    }
    let code = |c: Option<&str>| kept_text(c).map(str::to_ascii_lowercase);
    let mut unmatched: Vec<&types::PurchaseOrderRow> = listed.iter().collect();
    for s in sent {
        let same = |l: &&types::PurchaseOrderRow| {
            agree(s.product_id, l.product_id)
                && agree(
                    code(s.product_code.as_deref()),
                    code(l.product_code.as_deref()),
                )
                && agree(s.item_quantity, l.item_quantity)
                && marker_matches(s.comment.as_deref(), l.comment.as_deref())
        };
        match unmatched.iter().position(same) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => return Candidate::No,
        }
    }
    Candidate::Match
}

pub(crate) async fn send(
    client: &Client,
    request: CreatePurchaseOrder,
    options: ExactlyOnce,
) -> Result<Created> {
    let shop_owner = request.shop_owner();
    let mut body = request.build()?;
    // The caller's own OurReference is a reference too.
    let options = match (&body.our_reference, options.given_reference()) {
        (Some(ours), None) => options.reference(ours.clone()),
        _ => options,
    };
    if let Some(reference) = options.reference_to_send() {
        mark(&mut body, &reference);
    }
    let attempt = client.exactly_once(OPERATION.name, &options);
    let mut lookup = PurchaseOrderLookup {
        client,
        body: &body,
        requests: Arc::default(),
    };
    let call = client.call(OPERATION, |api| {
        attempt.count_send();
        api.create_purchase_order(shop_owner.get(), &body)
    });
    let created = attempt
        .create(&mut lookup, call, |reply| {
            let answer: types::PurchaseOrder = reply.decode(OPERATION.name)?;
            created_id(&answer)
        })
        .await?;
    Ok(created.map_id(PurchaseOrderId::new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decimal, NewPurchaseOrderRow, SupplierId};
    use serde_json::json;

    fn body(reference: &str) -> types::NewPurchaseOrder {
        let mut body = CreatePurchaseOrder::new(ShopOwnerId::new(1), SupplierId::new(2), 1, 0)
            .row(
                NewPurchaseOrderRow::new()
                    .product_code("A")
                    .item_quantity(Decimal::from(3))
                    .comment("first"),
            )
            .row(
                NewPurchaseOrderRow::new()
                    .product_code("B")
                    .item_quantity(Decimal::from(1)),
            )
            .build()
            .unwrap();
        mark(&mut body, reference);
        body
    }

    fn rows(json: serde_json::Value) -> Vec<types::PurchaseOrderRow> {
        serde_json::from_value(json).unwrap()
    }

    fn same() -> serde_json::Value {
        json!([{"Id": 1, "ProductCode": "b", "ItemQuantity": 1.0},
               {"Id": 2, "ProductCode": " A ", "ItemQuantity": 3.0, "Comment": "first [ref-1]"}])
    }

    #[test]
    fn the_reference_goes_into_our_reference_and_the_first_comment() {
        let b = body("ref-1");
        assert_eq!(b.our_reference.as_deref(), Some("ref-1"));
        let first = &b.purchase_order_rows.as_ref().unwrap()[0];
        assert_eq!(first.comment.as_deref(), Some("first [ref-1]"));
    }

    #[test]
    fn rows_are_matched_by_product_quantity_and_marker() {
        assert_eq!(candidate(&body("ref-1"), &rows(same())), Candidate::Match);
        assert_eq!(candidate(&body("ref-2"), &rows(same())), Candidate::No);
        let mut other_qty = same();
        other_qty[0]["ItemQuantity"] = json!(2.0);
        assert_eq!(candidate(&body("ref-1"), &rows(other_qty)), Candidate::No);
        let mut fewer = same();
        fewer.as_array_mut().unwrap().pop();
        assert_eq!(candidate(&body("ref-1"), &rows(fewer)), Candidate::No);
    }

    #[test]
    fn a_purchase_order_without_rows_is_never_taken() {
        assert_eq!(candidate(&body("ref-1"), &[]), Candidate::WithoutRows);
    }
}
