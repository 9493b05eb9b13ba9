//! One look for a create's purchase order: the list within a window, and
//! whether an entry could be the one sent.

use crate::client::Client;
use crate::ids::CompanyId;
use crate::purchase_orders::list::{self, PurchaseOrderFilter};
use api_runtime::exactly_once::{Judged, Look, Lookup, Window, kept_text, marker_matches, scan};
use api_runtime::{OpenEnum, Result};
use sellercloud_api::types;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// The most listed purchase orders one look goes through; past it the look
/// fails rather than conclude from part of the list.
const MAX_SCANNED: usize = 10_000;

/// Looks for a create's purchase order among those its company created in
/// a window (`createDateFrom`/`createDateTo`), comparing each with what was
/// sent.
pub(super) struct PurchaseOrderLookup<'a> {
    client: &'a Client,
    body: &'a types::CreatePurchaseOrderRequest,
    requests: Arc<AtomicU32>,
}

impl<'a> PurchaseOrderLookup<'a> {
    pub(super) fn new(
        client: &'a Client,
        body: &'a types::CreatePurchaseOrderRequest,
    ) -> PurchaseOrderLookup<'a> {
        PurchaseOrderLookup {
            client,
            body,
            requests: Arc::default(),
        }
    }
}

impl Lookup for PurchaseOrderLookup<'_> {
    fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    async fn look(&mut self, window: &Window) -> Result<Look> {
        let body = self.body;
        let filter = PurchaseOrderFilter::new()
            .company_id(CompanyId::new(body.company_id))
            .created_from(window.from)
            .created_to(window.to);
        let listed = list::stream_counted(self.client.clone(), filter, self.requests.clone());
        scan(
            "list_purchase_orders",
            MAX_SCANNED,
            listed,
            |po| async move {
                // A server that ignores the date filter must not widen the
                // window; Sellercloud writes times without an offset, in a zone
                // it does not document.
                if !window.contains_local_or_utc(po.created_on.as_ref()) {
                    return Ok(Judged::No);
                }
                Ok(match (candidate(body, &po), po.id) {
                    (Candidate::Match, Some(id)) => Judged::Match(id),
                    (Candidate::WithoutItems, Some(id)) => Judged::Unconfirmed(id),
                    _ => Judged::No,
                })
            },
        )
        .await
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Candidate {
    Match,
    /// Vendor, company and type match, but the entry lists no items.
    WithoutItems,
    No,
}

/// Whether a listed purchase order could be the one `body` created.
fn candidate(
    body: &types::CreatePurchaseOrderRequest,
    po: &types::PurchaseOrderSummary,
) -> Candidate {
    let same = |listed: Option<i32>, sent: i32| listed.is_none_or(|l| l == sent);
    if !same(po.vendor_id, body.vendor_id) || !same(po.company_id, body.company_id) {
        return Candidate::No;
    }
    if po
        .po_type
        .as_ref()
        .is_some_and(|t| !same_enum_value(t, &body.po_type))
    {
        return Candidate::No;
    }
    let listed = match &po.items {
        Some(items) if !items.is_empty() => items,
        _ => return Candidate::WithoutItems,
    };
    type Line<'a> = (String, Option<i64>, Option<&'a str>);
    let mut sent: Vec<Line<'_>> = body
        .products
        .iter()
        .map(|p| {
            (
                p.product_id.trim().to_ascii_lowercase(),
                units_ordered(body.case_qty_mode, p),
                kept_text(p.item_notes.as_deref()),
            )
        })
        .collect();
    let mut got: Vec<Line<'_>> = listed
        .iter()
        .map(|i| {
            (
                i.sku
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase(),
                i.qty_ordered.map(i64::from),
                kept_text(i.item_notes.as_deref()),
            )
        })
        .collect();
    if sent.len() != got.len() {
        return Candidate::No;
    }
    sent.sort();
    got.sort();
    let all = sent.iter().zip(&got).all(|(s, g)| {
        s.0 == g.0
            && (s.1.is_none() || g.1.is_none() || s.1 == g.1)
            // A note (a marker) that was sent must come back.
            && marker_matches(s.2, g.2)
    });
    if all { Candidate::Match } else { Candidate::No }
}

/// Whether a listed enum is the value sent, whatever its spelling: a name
/// in any case, or the server's number. An unreadable value cannot rule a
/// candidate out.
fn same_enum_value<E: OpenEnum>(listed: &E, sent: &E) -> bool {
    let value = |e: &E| {
        e.code().or_else(|| {
            let name = e.name()?.trim();
            E::VARIANTS
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, code)| *code)
        })
    };
    match (value(listed), value(sent)) {
        (Some(l), Some(s)) => l == s,
        _ => true,
    }
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
    use crate::{CreatePurchaseOrder, NewPurchaseOrderProduct, PoType, VendorId};
    use serde_json::json;

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

    fn same() -> serde_json::Value {
        json!({"ID": 5, "VendorID": 20, "CompanyID": 1, "POType": 0,
            "Items": [{"SKU": "B", "QtyOrdered": 1}, {"SKU": "A", "QtyOrdered": 3, "ItemNotes": "ref-1"}]})
    }

    fn is(json: serde_json::Value) -> Candidate {
        candidate(&body(), &listed(json))
    }

    #[test]
    fn matches_vendor_type_products_and_markers() {
        assert_eq!(is(same()), Candidate::Match);
        let mut other_vendor = same();
        other_vendor["VendorID"] = 21.into();
        assert_eq!(is(other_vendor), Candidate::No);
        let mut other_qty = same();
        other_qty["Items"][0]["QtyOrdered"] = 2.into();
        assert_eq!(is(other_qty), Candidate::No);
        let mut other_marker = same();
        other_marker["Items"][1]["ItemNotes"] = "ref-2".into();
        assert_eq!(is(other_marker), Candidate::No);
        let mut credit_memo = same();
        credit_memo["POType"] = "CreditMemo".into();
        assert_eq!(is(credit_memo), Candidate::No);
    }

    #[test]
    fn enums_match_by_value_whatever_their_spelling() {
        for spelling in [
            json!(0),
            json!("0"),
            json!("PurchaseOrder"),
            json!("purchaseorder"),
            json!(" PURCHASEORDER "),
        ] {
            let mut po = same();
            po["POType"] = spelling.clone();
            assert_eq!(is(po), Candidate::Match, "{spelling}");
        }
        for other in [json!(1), json!("creditmemo"), json!("2")] {
            let mut po = same();
            po["POType"] = other.clone();
            assert_eq!(is(po), Candidate::No, "{other}");
        }
        // A value nobody knows cannot rule a candidate out.
        let mut po = same();
        po["POType"] = json!("SomethingNew");
        assert_eq!(is(po), Candidate::Match);
    }

    #[test]
    fn notes_and_skus_are_compared_trimmed() {
        let mut po = same();
        po["Items"][1]["ItemNotes"] = " ref-1\n".into();
        po["Items"][0]["SKU"] = "b ".into();
        assert_eq!(is(po), Candidate::Match);
        let mut po = same();
        po["Items"][1]["ItemNotes"] = "ref-1x".into();
        assert_eq!(is(po), Candidate::No);
    }

    #[test]
    fn an_entry_without_items_is_never_taken() {
        assert_eq!(
            is(json!({"ID": 6, "VendorID": 20})),
            Candidate::WithoutItems
        );
        assert_eq!(
            is(json!({"ID": 6, "VendorID": 20, "Items": []})),
            Candidate::WithoutItems
        );
        assert_eq!(is(json!({"ID": 6, "VendorID": 21})), Candidate::No);
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
        assert_eq!(
            candidate(
                &b,
                &listed(json!({"Items": [{"SKU": "C", "QtyOrdered": 24}]}))
            ),
            Candidate::Match
        );
        assert_eq!(
            candidate(
                &b,
                &listed(json!({"Items": [{"SKU": "C", "QtyOrdered": 2}]}))
            ),
            Candidate::No
        );
    }
}
