//! One look for a create's purchase order: the list within a window, and
//! whether an entry could be the one sent.

use crate::client::Client;
use crate::ids::CompanyId;
use crate::purchase_orders::list::{self, PurchaseOrderFilter};
use api_runtime::{Error, OpenEnum, Result};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use sellercloud_api::types;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// The most listed purchase orders one look goes through; past it the look
/// fails rather than conclude from part of the list.
const MAX_SCANNED: usize = 10_000;

/// Creation times a look accepts, on the server's clock.
pub(super) struct Window {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl Window {
    pub(super) fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Window {
        Window { from, to }
    }

    /// Whether a listed `CreatedOn` lies in the window; an entry without
    /// one cannot be ruled out. Sellercloud writes times without an offset,
    /// read as UTC, in a zone it does not document: a time read as UTC
    /// that lies a whole number of quarter hours (up to 14 h) off the
    /// window is the server's local time and counts as in it.
    fn contains(&self, created_on: Option<&chrono::DateTime<chrono::FixedOffset>>) -> bool {
        created_on.is_none_or(|t| {
            let in_window = |t: DateTime<Utc>| self.from <= t && t <= self.to;
            let utc = t.with_timezone(&Utc);
            in_window(utc)
                || (t.offset().local_minus_utc() == 0
                    && (-56..=56).any(|q| in_window(utc + chrono::Duration::minutes(15 * q))))
        })
    }
}

/// What one look found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Look {
    Found(i32),
    Several(Vec<i32>),
    /// No match; `unconfirmed` are entries that match but list no items,
    /// so they can be neither taken nor ruled out.
    Nothing {
        unconfirmed: Vec<i32>,
    },
}

/// The purchase orders of the request's company created in `window` that
/// match it, counting the list requests made in `list_calls`.
pub(super) async fn look(
    client: &Client,
    body: &types::CreatePurchaseOrderRequest,
    window: &Window,
    list_calls: &mut u32,
) -> Result<Look> {
    let filter = PurchaseOrderFilter::new()
        .company_id(CompanyId::new(body.company_id))
        .created_from(window.from)
        .created_to(window.to);
    let requests = Arc::new(AtomicU32::new(0));
    let mut listed = std::pin::pin!(list::stream_counted(
        client.clone(),
        filter,
        requests.clone()
    ));
    let mut matches = Vec::new();
    let mut unconfirmed = Vec::new();
    let mut scanned = 0;
    while let Some(po) = listed.next().await {
        *list_calls += requests.swap(0, Ordering::Relaxed);
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
        // A server that ignores the date filter must not widen the window.
        if !window.contains(po.created_on.as_ref()) {
            continue;
        }
        match candidate(body, &po) {
            Candidate::Match => matches.extend(po.id),
            Candidate::WithoutItems => unconfirmed.extend(po.id),
            Candidate::No => {}
        }
    }
    *list_calls += requests.swap(0, Ordering::Relaxed);
    matches.sort_unstable();
    matches.dedup();
    unconfirmed.sort_unstable();
    unconfirmed.dedup();
    Ok(match matches.as_slice() {
        [] => Look::Nothing { unconfirmed },
        [id] => Look::Found(*id),
        _ => Look::Several(matches),
    })
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
                notes(p.item_notes.as_deref()),
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
                notes(i.item_notes.as_deref()),
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
            // A note (a marker) that was sent must come back; the list may
            // leave an unset one empty.
            && s.2.is_none_or(|marker| g.2 == Some(marker))
    });
    if all { Candidate::Match } else { Candidate::No }
}

/// Notes as a server keeps them: trimmed, none when blank.
fn notes(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
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
    fn the_window_rechecks_created_on() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let window = Window::new(
            at("2026-01-01T10:00:00Z").to_utc(),
            at("2026-01-01T10:00:05Z").to_utc(),
        );
        assert!(window.contains(Some(&at("2026-01-01T10:00:03Z"))));
        assert!(window.contains(Some(&at("2026-01-01T11:00:03+01:00"))));
        assert!(!window.contains(Some(&at("2026-01-01T09:59:59Z"))));
        assert!(!window.contains(Some(&at("2026-01-01T10:00:06Z"))));
        assert!(!window.contains(Some(&at("2026-01-01T10:30:06+01:00"))));
        // Offset-less, in a server zone 5 h behind UTC: read as UTC, 5 h off.
        assert!(window.contains(Some(&at("2026-01-01T05:00:03Z"))));
        assert!(window.contains(Some(&at("2026-01-01T15:30:03Z"))));
        assert!(!window.contains(Some(&at("2026-01-01T05:07:03Z"))));
        assert!(!window.contains(Some(&at("2026-01-02T05:00:03Z"))));
        assert!(window.contains(None));
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
