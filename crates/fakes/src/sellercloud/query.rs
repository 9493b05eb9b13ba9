//! The query of `GET /api/PurchaseOrders`, read the way ASP.NET Web API binds
//! a `[FromUri]` model: parameter names with or without the `model.` prefix
//! and in any case, enums by name or number, arrays as repeated keys (the
//! Swagger's `collectionFormat: multi`) and, for convenience, also as
//! comma-separated values.

use super::enums::{PoStatus, ReceivingStatus, ShippingStatus, VendorEnum};
use super::model::StoredPurchaseOrder;
use crate::json::{Violations, parse_date_time};
use chrono::{FixedOffset, NaiveDateTime};

/// The most purchase orders one page holds: "If greater value is provided 50
/// records will be returned per page" (the sibling "Get Purchase Orders by
/// View" article; `lifecycle-facts.md` applies it here). Also the page size
/// when none (or one below 1) is sent, which no source documents.
pub(crate) const MAX_PAGE_SIZE: usize = 50;

/// Filters the fake accepts without applying them (the fake keeps no state
/// they could select on): payment status, inventory count, vendor invoicing,
/// approval and QuickBooks export. Their values are not checked.
pub(crate) const IGNORED: [&str; 5] = [
    "paymentstatus",
    "inventorycountenabled",
    "vendorinvoiced",
    "approved",
    "qbexported",
];

/// An inclusive range of server-local times; an open end is `None`.
#[derive(Debug, Default)]
struct Range(Option<NaiveDateTime>, Option<NaiveDateTime>);

impl Range {
    fn is_open(&self) -> bool {
        self.0.is_none() && self.1.is_none()
    }

    fn contains(&self, time: Option<NaiveDateTime>) -> bool {
        if self.is_open() {
            return true;
        }
        time.is_some_and(|t| self.0.is_none_or(|from| from <= t) && self.1.is_none_or(|to| t <= to))
    }
}

#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    ids: Vec<i32>,
    companies: Vec<i32>,
    statuses: Vec<PoStatus>,
    warehouses: Vec<i32>,
    shipping: Vec<ShippingStatus>,
    receiving: Vec<ReceivingStatus>,
    created: Range,
    received: Range,
    updated: Range,
    keyword: Option<String>,
    pub(crate) page_number: usize,
    pub(crate) page_size: usize,
}

/// The canonical name of a query key: `model.` removed, lower case.
pub(crate) fn canonical(key: &str) -> String {
    let lower = key.to_ascii_lowercase();
    lower.strip_prefix("model.").unwrap_or(&lower).to_owned()
}

impl ListQuery {
    /// Reads the query; `zone` is the server's, for dates sent without
    /// offset, and `cap` the largest page it answers.
    pub(crate) fn parse(
        query: Option<&str>,
        zone: FixedOffset,
        cap: usize,
    ) -> Result<ListQuery, Violations> {
        let mut q = ListQuery::default();
        let mut v = Violations::default();
        let mut page_number = None;
        let mut page_size = None;
        let pairs = url::form_urlencoded::parse(query.unwrap_or("").as_bytes());
        for (key, value) in pairs {
            let (key, value) = (key.as_ref(), value.trim());
            if value.is_empty() {
                continue;
            }
            let bad = |v: &mut Violations, item: &str| {
                v.add(key, format!("The value '{item}' is not valid."));
            };
            let each = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
            match canonical(key).as_str() {
                "poids" => q
                    .ids
                    .extend(each().filter_map(|s| int(s).or_else(|| bad_none(&mut v, key, s)))),
                "companyidlist" => q
                    .companies
                    .extend(each().filter_map(|s| int(s).or_else(|| bad_none(&mut v, key, s)))),
                "receivewarehouseid" | "receivingwarehouseid" => q
                    .warehouses
                    .extend(each().filter_map(|s| int(s).or_else(|| bad_none(&mut v, key, s)))),
                "postatuses" => {
                    for s in each() {
                        // `Select` (-1) is the Swagger's "any status".
                        if s == "-1" || s.eq_ignore_ascii_case("select") {
                            continue;
                        }
                        match PoStatus::parse(s) {
                            Some(status) => q.statuses.push(status),
                            None => bad(&mut v, s),
                        }
                    }
                }
                "shippingstatuses" => enums(&mut q.shipping, each(), &mut v, key),
                "receivedstatuses" => enums(&mut q.receiving, each(), &mut v, key),
                "createdatefrom" => q.created.0 = date(value, zone, &mut v, key),
                "createdateto" => q.created.1 = date(value, zone, &mut v, key),
                "receivedatefrom" => q.received.0 = date(value, zone, &mut v, key),
                "receivedateto" => q.received.1 = date(value, zone, &mut v, key),
                "updateddatefrom" => q.updated.0 = date(value, zone, &mut v, key),
                "updateddateto" => q.updated.1 = date(value, zone, &mut v, key),
                "keyword" => q.keyword = Some(value.to_lowercase()),
                // A repeated scalar binds its first value, as ASP.NET does.
                "pagenumber" if page_number.is_none() => {
                    page_number = Some(int(value).or_else(|| bad_none(&mut v, key, value)))
                }
                "pagesize" if page_size.is_none() => {
                    page_size = Some(int(value).or_else(|| bad_none(&mut v, key, value)))
                }
                ignored if IGNORED.contains(&ignored) => {}
                // Unknown parameters are not bound, so ASP.NET ignores them.
                _ => {}
            }
        }
        if !v.is_empty() {
            return Err(v);
        }
        // Page numbers start at 1; the vendor says nothing about 0 or less,
        // so the fake reads them as the first page.
        q.page_number = page_number.flatten().map_or(1, |n| n.max(1) as usize);
        q.page_size = match page_size.flatten() {
            Some(n) if n >= 1 => (n as usize).min(cap),
            _ => cap,
        };
        Ok(q)
    }

    pub(crate) fn matches(&self, po: &StoredPurchaseOrder) -> bool {
        let any = |list: &[i32], value: i32| list.is_empty() || list.contains(&value);
        let warehouse = self.warehouses.is_empty()
            || po
                .default_warehouse_id
                .into_iter()
                .chain(po.items.iter().filter_map(|i| i.warehouse_id))
                .any(|w| self.warehouses.contains(&w));
        any(&self.ids, po.id)
            && any(&self.companies, po.company_id)
            && (self.statuses.is_empty() || self.statuses.contains(&po.status))
            && (self.shipping.is_empty() || self.shipping.contains(&po.shipping.status))
            && (self.receiving.is_empty() || self.receiving.contains(&po.receiving_status))
            && warehouse
            && self.created.contains(po.created_on)
            && self.received.contains(po.received_on)
            && self.updated.contains(po.updated_on)
            && self
                .keyword
                .as_deref()
                .is_none_or(|k| keyword_matches(po, k))
    }
}

/// The keyword's matching is the fake's choice (the vendor does not document
/// it): a case-insensitive substring of the ID, `Description`, `VendorNote`,
/// or an item's `ProductID` or product name.
fn keyword_matches(po: &StoredPurchaseOrder, keyword: &str) -> bool {
    let hit = |text: &str| text.to_lowercase().contains(keyword);
    hit(&po.id.to_string())
        || po.description.as_deref().is_some_and(hit)
        || po.vendor_note.as_deref().is_some_and(hit)
        || po
            .items
            .iter()
            .any(|i| hit(&i.product_id) || i.product_name.as_deref().is_some_and(hit))
}

fn int(text: &str) -> Option<i32> {
    text.parse().ok()
}

fn bad_none<T>(v: &mut Violations, key: &str, item: &str) -> Option<T> {
    v.add(key, format!("The value '{item}' is not valid."));
    None
}

fn enums<'a, E: VendorEnum>(
    into: &mut Vec<E>,
    values: impl Iterator<Item = &'a str>,
    v: &mut Violations,
    key: &str,
) {
    for s in values {
        match E::parse(s) {
            Some(value) => into.push(value),
            None => {
                bad_none::<()>(v, key, s);
            }
        }
    }
}

fn date(text: &str, zone: FixedOffset, v: &mut Violations, key: &str) -> Option<NaiveDateTime> {
    match parse_date_time(text) {
        Some(date) => Some(date.local_to(zone)),
        None => bad_none(v, key, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, Utc};

    #[test]
    fn names_prefixes_repeats_and_commas_bind_alike() {
        let zone = Utc.fix();
        let q = ListQuery::parse(
            Some("model.pOIds=1&POIDS=2,3&pOStatuses=Saved&model.postatuses=3&pageSize=500&PageNumber=0&x=y"),
            zone,
            MAX_PAGE_SIZE,
        )
        .unwrap();
        assert_eq!(q.ids, [1, 2, 3]);
        assert_eq!(q.statuses, [PoStatus::Saved, PoStatus::Received]);
        assert_eq!((q.page_number, q.page_size), (1, MAX_PAGE_SIZE));
        let err =
            ListQuery::parse(Some("model.pOIds=abc&receivedStatuses=Nope"), zone, 50).unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert_eq!(err.0[0].0, "model.pOIds");
        let q = ListQuery::parse(
            Some("createDateFrom=2024-05-01T10%3A00%3A00%2B02%3A00&pOStatuses=-1"),
            zone,
            MAX_PAGE_SIZE,
        )
        .unwrap();
        assert_eq!(
            q.created.0.unwrap().to_string(),
            "2024-05-01 08:00:00",
            "an offset is converted to the server's zone"
        );
        assert!(q.statuses.is_empty(), "Select means any");
    }
}
