//! Create a purchase order exactly once, even when the answer is lost.
//!
//! A create whose answer never arrives (a timeout after sending, a dropped
//! connection, a 5xx from a proxy after the server committed) has an unknown
//! outcome: sending it again risks a duplicate purchase order at a vendor,
//! giving up risks a missing one. [`PurchaseOrders::create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once)
//! resolves it by looking:
//!
//! 1. It waits a short settle time ([`ExactlyOnce::settle`]), then lists the
//!    purchase orders of the request's company created since just before
//!    the first attempt (less [`ExactlyOnce::clock_skew`]: the server's
//!    clock is not ours, and it sends times without an offset), all of them:
//!    a look that cannot go through the whole list (more than 10,000 in
//!    the window) fails rather than conclude from part of it.
//! 2. It compares each with what was sent: vendor, PO type and the products
//!    (SKU and ordered quantity in units, as the list answer carries them,
//!    and each product's `ItemNotes` when the request set one).
//! 3. Exactly one match: that is the purchase order; its id is returned,
//!    marked [`Created::recovered`]. More than one: [`Error::Ambiguous`]
//!    with their ids, and nothing is sent again. None: it waits and looks
//!    once more (a new purchase order may reach the list late); still none,
//!    the create did not apply and is sent again, within the client's retry
//!    policy. The lookup itself fails: [`Error::Unresolved`], the original
//!    failure with the lookup's attached.
//!
//! # Limits
//!
//! A purchase order with identical content created by someone else in the
//! same window cannot be told from this one: if the create did not apply,
//! that one is taken for it; if it did, both match and the call ends in
//! [`Error::Ambiguous`]. A caller who needs certainty puts a reference of
//! its own, unique per create, in a product's `ItemNotes`
//! ([`NewPurchaseOrderProduct::item_notes`](crate::NewPurchaseOrderProduct::item_notes)),
//! which the list answer echoes. A purchase order whose list entry carries
//! no products is taken as a candidate, never as a mismatch: a duplicate
//! is worse than an [`Error::Ambiguous`].
//!
//! [`Error::Ambiguous`]: crate::Error::Ambiguous
//! [`Error::Unresolved`]: crate::Error::Unresolved

use super::{CreatePurchaseOrder, OPERATION, created_id};
use crate::client::Client;
use crate::ids::{CompanyId, PurchaseOrderId};
use crate::purchase_orders::list::{self, PurchaseOrderFilter};
use api_runtime::{Error, Result};
use chrono::Utc;
use futures::StreamExt;
use sellercloud_api::types;
use std::time::Duration;

/// How [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once)
/// looks for a create whose answer was lost.
///
/// ```
/// use std::time::Duration;
/// let options = sellercloud::ExactlyOnce::new()
///     .settle(Duration::from_secs(5))
///     .clock_skew(Duration::from_secs(120));
/// # let _ = options;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExactlyOnce {
    settle: Duration,
    clock_skew: Duration,
}

impl Default for ExactlyOnce {
    fn default() -> Self {
        ExactlyOnce {
            settle: Duration::from_secs(2),
            clock_skew: Duration::from_secs(5 * 60),
        }
    }
}

impl ExactlyOnce {
    /// The defaults: settle 2 s, clock skew 5 minutes.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long to wait before each look (default 2 s): long enough for a
    /// purchase order the server committed to reach its list.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// How far our clock may be ahead of the server's (default 5 minutes):
    /// the look starts this much before the first attempt.
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }
}

/// A purchase order created by
/// [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Created {
    /// The purchase order's ID.
    pub id: PurchaseOrderId,
    /// Whether its answer was lost and the id was found by looking.
    pub recovered: bool,
    /// How many times the create was sent (more than once only when a look
    /// found it had not been applied).
    pub sends: u32,
}

/// The most listed purchase orders one look goes through; past it the look
/// fails rather than conclude from part of the list.
const MAX_SCANNED: usize = 10_000;

/// What one look found.
enum Look {
    Found(i32),
    Several(Vec<i32>),
    Nothing,
}

pub(crate) async fn send(
    client: &Client,
    request: CreatePurchaseOrder,
    options: ExactlyOnce,
) -> Result<Created> {
    let body = request.build()?;
    let skew = chrono::Duration::from_std(options.clock_skew).unwrap_or(chrono::Duration::MAX);
    let since = Utc::now()
        .checked_sub_signed(skew)
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC);
    let max_sends = client.retry_policy().max_attempts();
    let mut sends = 0;
    loop {
        sends += 1;
        let error = match client
            .call(OPERATION, |api| api.create_purchase_order(&body))
            .await
        {
            Ok(reply) => {
                let created: types::CreatedPurchaseOrder = reply.decode(OPERATION.name)?;
                return Ok(Created {
                    id: created_id(created),
                    recovered: false,
                    sends,
                });
            }
            Err(e) if !e.may_have_been_applied() => return Err(e),
            Err(e) => e,
        };
        tracing::info!(target: "sellercloud", error = %error, "create outcome unknown; looking for the purchase order");
        let mut found = Look::Nothing;
        for _ in 0..2 {
            tokio::time::sleep(options.settle).await;
            found = match look(client, &body, since).await {
                Ok(found) => found,
                Err(lookup) => {
                    return Err(Error::Unresolved {
                        error: Box::new(error),
                        lookup: Box::new(lookup),
                    });
                }
            };
            if !matches!(found, Look::Nothing) {
                break;
            }
        }
        match found {
            Look::Found(id) => {
                tracing::info!(target: "sellercloud", id, "lost create answer recovered: the purchase order exists");
                return Ok(Created {
                    id: PurchaseOrderId::new(id),
                    recovered: true,
                    sends,
                });
            }
            Look::Several(candidates) => {
                return Err(Error::Ambiguous {
                    operation: OPERATION.name,
                    candidates,
                    error: Box::new(error),
                });
            }
            Look::Nothing if sends < max_sends => {
                tracing::info!(target: "sellercloud", "the create was not applied; sending it again");
            }
            Look::Nothing => return Err(error),
        }
    }
}

/// The purchase orders of the request's company created since `since` that
/// match it.
async fn look(
    client: &Client,
    body: &types::CreatePurchaseOrderRequest,
    since: chrono::DateTime<Utc>,
) -> Result<Look> {
    let filter = PurchaseOrderFilter::new()
        .company_id(CompanyId::new(body.company_id))
        .created_from(since);
    let mut listed = std::pin::pin!(list::stream(client.clone(), filter));
    let mut matches = Vec::new();
    let mut scanned = 0;
    while let Some(po) = listed.next().await {
        let po = po?;
        scanned += 1;
        if scanned > MAX_SCANNED {
            // Concluding "not there" from a partial look could duplicate.
            return Err(Error::Decode {
                operation: "list_purchase_orders",
                problem: format!(
                    "more than {MAX_SCANNED} purchase orders of company {} were created in the window; the create cannot be looked up",
                    body.company_id
                ),
                body: String::new(),
            });
        }
        if is_candidate(body, &po) {
            matches.extend(po.id);
        }
    }
    matches.sort_unstable();
    matches.dedup();
    Ok(match matches.as_slice() {
        [] => Look::Nothing,
        [id] => Look::Found(*id),
        _ => Look::Several(matches),
    })
}

/// Whether a listed purchase order could be the one `body` created.
fn is_candidate(
    body: &types::CreatePurchaseOrderRequest,
    po: &types::PurchaseOrderSummary,
) -> bool {
    let same = |listed: Option<i32>, sent: i32| listed.is_none_or(|l| l == sent);
    if !same(po.vendor_id, body.vendor_id) || !same(po.company_id, body.company_id) {
        return false;
    }
    if po.po_type.as_ref().is_some_and(|t| *t != body.po_type) {
        return false;
    }
    let Some(listed) = &po.items else {
        return true;
    };
    let mut sent: Vec<(String, Option<i64>, Option<&str>)> = body
        .products
        .iter()
        .map(|p| {
            (
                p.product_id.clone(),
                units_ordered(body.case_qty_mode, p),
                p.item_notes.as_deref(),
            )
        })
        .collect();
    let mut got: Vec<(String, Option<i64>, Option<&str>)> = listed
        .iter()
        .map(|i| {
            (
                i.sku.clone().unwrap_or_default(),
                i.qty_ordered.map(i64::from),
                i.item_notes.as_deref(),
            )
        })
        .collect();
    if sent.len() != got.len() {
        return false;
    }
    sent.sort();
    got.sort();
    sent.iter().zip(&got).all(|(s, g)| {
        s.0.eq_ignore_ascii_case(&g.0)
            && (s.1.is_none() || g.1.is_none() || s.1 == g.1)
            // A marker the caller set must come back; the list may leave
            // an unset one empty.
            && s.2.is_none_or(|marker| g.2 == Some(marker))
    })
}

/// The units a product line orders: `QtyUnitsOrdered`, or cases times units
/// per case in case mode (the list's `QtyOrdered` counts units).
fn units_ordered(case_mode: bool, p: &types::PurchaseOrderProduct) -> Option<i64> {
    if case_mode {
        Some(i64::from(p.qty_cases_ordered?) * i64::from(p.qty_units_per_case?))
    } else {
        p.qty_units_ordered.map(i64::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewPurchaseOrderProduct, PoType, VendorId};

    fn body() -> types::CreatePurchaseOrderRequest {
        CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .vendor_id(VendorId::new(20))
            .po_type(PoType::PurchaseOrder)
            .case_qty_mode(false)
            .product(
                NewPurchaseOrderProduct::new("A")
                    .qty_units_ordered(3)
                    .item_notes("ref-1"),
            )
            .product(NewPurchaseOrderProduct::new("B").qty_units_ordered(1))
            .build()
            .unwrap()
    }

    fn listed(json: serde_json::Value) -> types::PurchaseOrderSummary {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn matches_vendor_type_products_and_markers() {
        let b = body();
        let same = serde_json::json!({"ID": 5, "VendorID": 20, "CompanyID": 1, "POType": 0,
            "Items": [{"SKU": "B", "QtyOrdered": 1}, {"SKU": "A", "QtyOrdered": 3, "ItemNotes": "ref-1"}]});
        assert!(is_candidate(&b, &listed(same.clone())));
        let mut other_vendor = same.clone();
        other_vendor["VendorID"] = 21.into();
        assert!(!is_candidate(&b, &listed(other_vendor)));
        let mut other_qty = same.clone();
        other_qty["Items"][0]["QtyOrdered"] = 2.into();
        assert!(!is_candidate(&b, &listed(other_qty)));
        let mut other_marker = same.clone();
        other_marker["Items"][1]["ItemNotes"] = "ref-2".into();
        assert!(!is_candidate(&b, &listed(other_marker)));
        let mut credit_memo = same.clone();
        credit_memo["POType"] = "CreditMemo".into();
        assert!(!is_candidate(&b, &listed(credit_memo)));
        // Without its products the entry cannot be ruled out.
        assert!(is_candidate(
            &b,
            &listed(serde_json::json!({"ID": 6, "VendorID": 20}))
        ));
    }

    #[test]
    fn case_mode_lines_count_units() {
        let b = CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .vendor_id(VendorId::new(20))
            .po_type(PoType::PurchaseOrder)
            .case_qty_mode(true)
            .product(
                NewPurchaseOrderProduct::new("C")
                    .qty_cases_ordered(2)
                    .qty_units_per_case(12),
            )
            .build()
            .unwrap();
        assert!(is_candidate(
            &b,
            &listed(serde_json::json!({"Items": [{"SKU": "C", "QtyOrdered": 24}]}))
        ));
        assert!(!is_candidate(
            &b,
            &listed(serde_json::json!({"Items": [{"SKU": "C", "QtyOrdered": 2}]}))
        ));
    }
}
