//! `v1/ShopOwners/{shopOwnerId}/PurchaseOrders` (list, create),
//! `PUT v1/PurchaseOrders` (update) and `POST .../Rows` (add a row).
//!
//! Rules, each from the help page named in `openapi/shopctrl.yaml`:
//! - create (newer page): `ExchangeRate`, `ShopOwnerId`, `ShippingCostsExVat`
//!   and `SupplierId` required; `OurReference` at most 50 characters; rows
//!   as the row update reads them (`ProductCode` 100, `ProductName` 500).
//! - update (2021 page): `Id`, `OrderCode` (at most 50), `Date`,
//!   `OrderTotalExVat`, `CurrencyId`, `ExchangeRate`, `ShopOwnerId`,
//!   `ShippingCostsExVat`, `SupplierId` required; `OurReference` at most 50.
//! - add a row (newer page): nothing required, no `Id` (one sent is ignored).
//! - list: `pageSize` (default 100) and `pageNumber` (default 1), change
//!   filters on the stored change time, both bounds inclusive.

use super::app::ShopCtrlApp;
use super::model::{StoredPurchaseOrderRows, StoredRow};
use super::rows::{purchase_order, read_row_at};
use crate::json::{Json, Violations, parse_date_time};
use crate::out::Out;
use crate::server::Reply;
use chrono::{DateTime, SecondsFormat, Utc};
use http::StatusCode;
use rust_decimal::Decimal;

const OUR_REFERENCE_MAX: usize = 50;
const ORDER_CODE_MAX: usize = 50;

fn required<T>(v: &mut Violations, value: Option<T>, path: &str, name: &str) -> Option<T> {
    if value.is_none() {
        v.add(path, format!("The {name} field is required."));
    }
    value
}

fn at_most(v: &mut Violations, value: &Option<String>, path: &str, name: &str, max: usize) {
    if value.as_ref().is_some_and(|s| s.chars().count() > max) {
        v.add(
            path,
            format!("The field {name} must be a string with a maximum length of {max}."),
        );
    }
}

fn object<'a>(v: &mut Violations, body: &'a Json, prefix: &str) -> Option<&'a Json> {
    if matches!(body, Json::Obj(_)) {
        Some(body)
    } else {
        v.add(
            prefix,
            format!(
                "The request body must be a JSON object, not {}.",
                body.kind()
            ),
        );
        None
    }
}

/// The header fields both the create and the update carry.
struct Header {
    exchange_rate: Option<Decimal>,
    shop_owner_id: Option<i32>,
    shipping_costs_ex_vat: Option<Decimal>,
    supplier_id: Option<i32>,
    our_reference: Option<String>,
    comment: Option<String>,
    warehouse_id: Option<i32>,
    expected_delivery_date: Option<String>,
}

fn read_header(v: &mut Violations, body: &Json, prefix: &str) -> Header {
    let path = |name: &str| format!("{prefix}.{name}");
    let exchange_rate = v.decimal(body.get("ExchangeRate"), &path("ExchangeRate"));
    let shop_owner_id = v.int(body.get("ShopOwnerId"), &path("ShopOwnerId"));
    let shipping = v.decimal(body.get("ShippingCostsExVat"), &path("ShippingCostsExVat"));
    let supplier_id = v.int(body.get("SupplierId"), &path("SupplierId"));
    let header = Header {
        exchange_rate: required(v, exchange_rate, &path("ExchangeRate"), "ExchangeRate"),
        shop_owner_id: required(v, shop_owner_id, &path("ShopOwnerId"), "ShopOwnerId"),
        shipping_costs_ex_vat: required(
            v,
            shipping,
            &path("ShippingCostsExVat"),
            "ShippingCostsExVat",
        ),
        supplier_id: required(v, supplier_id, &path("SupplierId"), "SupplierId"),
        our_reference: v.string(body.get("OurReference"), &path("OurReference")),
        comment: v.string(body.get("Comment"), &path("Comment")),
        warehouse_id: v.int(body.get("WarehouseId"), &path("WarehouseId")),
        expected_delivery_date: v
            .date_time(
                body.get("ExpectedDeliveryDate"),
                &path("ExpectedDeliveryDate"),
            )
            .map(|(_, text)| text),
    };
    at_most(
        v,
        &header.our_reference,
        &path("OurReference"),
        "OurReference",
        OUR_REFERENCE_MAX,
    );
    header
}

impl Header {
    fn apply(self, po: &mut StoredPurchaseOrderRows) {
        if self.shop_owner_id.is_some() {
            po.shop_owner_id = self.shop_owner_id;
        }
        po.exchange_rate = self.exchange_rate;
        po.shipping_costs_ex_vat = self.shipping_costs_ex_vat;
        po.supplier_id = self.supplier_id;
        po.our_reference = self.our_reference;
        po.comment = self.comment;
        po.warehouse_id = self.warehouse_id;
        po.expected_delivery_date = self.expected_delivery_date;
    }
}

fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn order_total(po: &StoredPurchaseOrderRows) -> Decimal {
    po.rows.iter().filter_map(|r| r.row_total_ex_vat).sum()
}

/// `PurchaseOrderBasicInfo`.
fn basic_info(po: &StoredPurchaseOrderRows) -> Out {
    let text = |value: &Option<String>| Out::opt(value.clone(), Out::Str);
    Out::obj([
        ("Id", Out::int(po.id)),
        ("OrderCode", text(&po.order_code)),
        ("Date", Out::opt(po.changed_at.map(utc_text), Out::Str)),
        ("OrderTotalExVat", Out::decimal(order_total(po))),
        ("CurrencyId", Out::opt(po.currency_id, Out::int)),
        (
            "ChangeTimestamp",
            Out::opt(po.changed_at.map(utc_text), Out::Str),
        ),
        ("DeletedTimestamp", Out::Null),
    ])
}

/// `PurchaseOrder`, as the create answers it.
fn stored(po: &StoredPurchaseOrderRows) -> Out {
    let text = |value: &Option<String>| Out::opt(value.clone(), Out::Str);
    Out::obj([
        ("Id", Out::int(po.id)),
        ("OrderCode", text(&po.order_code)),
        ("OurReference", text(&po.our_reference)),
        ("ShopOwnerId", Out::opt(po.shop_owner_id, Out::int)),
        ("SupplierId", Out::opt(po.supplier_id, Out::int)),
        ("OrderTotalExVat", Out::decimal(order_total(po))),
    ])
}

/// The list's query: change bounds and paging.
struct ListQuery {
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    page_size: usize,
    page_number: usize,
}

fn read_query(query: Option<&str>) -> Result<ListQuery, Violations> {
    let mut v = Violations::default();
    let mut q = ListQuery {
        from: None,
        until: None,
        page_size: 100,
        page_number: 1,
    };
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let date = |v: &mut Violations| match parse_date_time(value) {
            Some(at) => Some(at.with_offset_or_utc().to_utc()),
            None => {
                v.add(key.as_ref(), format!("The value '{value}' is not valid."));
                None
            }
        };
        let count = |v: &mut Violations| match value.parse::<i32>() {
            Ok(n) => Some(usize::try_from(n.max(1)).unwrap_or(1)),
            Err(_) => {
                v.add(key.as_ref(), format!("The value '{value}' is not valid."));
                None
            }
        };
        match key.to_ascii_lowercase().as_str() {
            "fromdatechanged" => q.from = date(&mut v),
            "untildatechanged" => q.until = date(&mut v),
            "pagesize" => q.page_size = count(&mut v).unwrap_or(q.page_size),
            "pagenumber" => q.page_number = count(&mut v).unwrap_or(q.page_number),
            _ => {}
        }
    }
    if v.is_empty() { Ok(q) } else { Err(v) }
}

impl ShopCtrlApp {
    /// `GET v1/ShopOwners/{shopOwnerId}/PurchaseOrders`.
    pub(crate) fn list_purchase_orders(
        &self,
        shop_owner_id: i32,
        query: Option<&str>,
    ) -> Result<Reply, Reply> {
        let q = read_query(query).map_err(|v| v.into_reply(false))?;
        let purchase_orders = self.purchase_orders();
        let page: Vec<Out> = purchase_orders
            .values()
            .filter(|po| po.shop_owner_id == Some(shop_owner_id))
            .filter(|po| match (po.changed_at, q.from, q.until) {
                (None, None, None) => true,
                (None, _, _) => false,
                (Some(at), from, until) => {
                    from.is_none_or(|f| f <= at) && until.is_none_or(|u| at <= u)
                }
            })
            .skip(q.page_size.saturating_mul(q.page_number - 1))
            .take(q.page_size)
            .map(basic_info)
            .collect();
        Ok(Reply::json_text(StatusCode::OK, Out::Arr(page).to_json()))
    }

    /// `POST v1/ShopOwners/{shopOwnerId}/PurchaseOrders`.
    pub(crate) fn create_purchase_order(
        &self,
        shop_owner_id: i32,
        body: &Json,
    ) -> Result<Reply, Reply> {
        let prefix = "purchaseOrder";
        let mut v = Violations::default();
        let Some(body) = object(&mut v, body, prefix) else {
            return Err(v.into_reply(false));
        };
        let header = read_header(&mut v, body, prefix);
        let rows: Vec<_> = v
            .array(
                body.get("PurchaseOrderRows"),
                "purchaseOrder.PurchaseOrderRows",
            )
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                read_row_at(
                    &mut v,
                    row,
                    &format!("purchaseOrder.PurchaseOrderRows[{i}]"),
                )
            })
            .collect();
        if !v.is_empty() {
            return Err(v.into_reply(false));
        }
        let now = self.core.clock.utc_now();
        let mut purchase_orders = self.purchase_orders();
        // IDs from 1000, after any seeded one.
        let id = purchase_orders
            .keys()
            .max()
            .map_or(1000, |max| (max + 1).max(1000));
        let first_row = next_row_id(purchase_orders.values());
        let mut po = StoredPurchaseOrderRows {
            id,
            order_code: Some(format!("PO-{id}")),
            changed_at: Some(now),
            ..StoredPurchaseOrderRows::default()
        };
        header.apply(&mut po);
        // The path names the shop owner the purchase order is created for.
        po.shop_owner_id = Some(shop_owner_id);
        for (row_id, (position, row)) in (first_row..).zip(rows.into_iter().enumerate()) {
            let mut stored = StoredRow::new(row_id);
            row.overwrite(&mut stored, position);
            po.rows.push(stored);
        }
        let answer = stored(&po).to_json();
        purchase_orders.insert(id, po);
        Ok(Reply::json_text(StatusCode::OK, answer))
    }

    /// `PUT v1/PurchaseOrders`.
    pub(crate) fn update_purchase_order(&self, body: &Json) -> Result<Reply, Reply> {
        let prefix = "purchaseOrder";
        let mut v = Violations::default();
        let Some(body) = object(&mut v, body, prefix) else {
            return Err(v.into_reply(false));
        };
        let header = read_header(&mut v, body, prefix);
        let id = v.int(body.get("Id"), "purchaseOrder.Id");
        let id = required(&mut v, id, "purchaseOrder.Id", "Id");
        let code = v.string(body.get("OrderCode"), "purchaseOrder.OrderCode");
        at_most(
            &mut v,
            &code,
            "purchaseOrder.OrderCode",
            "OrderCode",
            ORDER_CODE_MAX,
        );
        let code = required(&mut v, code, "purchaseOrder.OrderCode", "OrderCode");
        let date = v.date_time(body.get("Date"), "purchaseOrder.Date");
        required(&mut v, date, "purchaseOrder.Date", "Date");
        let total = v.decimal(body.get("OrderTotalExVat"), "purchaseOrder.OrderTotalExVat");
        required(
            &mut v,
            total,
            "purchaseOrder.OrderTotalExVat",
            "OrderTotalExVat",
        );
        let currency = v.int(body.get("CurrencyId"), "purchaseOrder.CurrencyId");
        let currency = required(&mut v, currency, "purchaseOrder.CurrencyId", "CurrencyId");
        let (Some(id), true) = (id, v.is_empty()) else {
            return Err(v.into_reply(false));
        };
        let now = self.core.clock.utc_now();
        let mut purchase_orders = self.purchase_orders();
        let po = purchase_order(&mut purchase_orders, id)?;
        header.apply(po);
        po.order_code = code;
        po.currency_id = currency;
        po.changed_at = Some(now);
        Ok(Reply::empty(StatusCode::OK))
    }

    /// `POST v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    pub(crate) fn add_row(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let mut v = Violations::default();
        let row = read_row_at(&mut v, body, "row");
        let (Some(row), true) = (row, v.is_empty()) else {
            return Err(v.into_reply(false));
        };
        let now = self.core.clock.utc_now();
        let mut purchase_orders = self.purchase_orders();
        let id = next_row_id(purchase_orders.values());
        let po = purchase_order(&mut purchase_orders, po_id)?;
        let mut stored = StoredRow::new(id);
        row.overwrite(&mut stored, po.rows.len());
        po.rows.push(stored);
        po.changed_at = Some(now);
        Ok(Reply::empty(StatusCode::OK))
    }
}

/// Row IDs are unique across purchase orders, as database keys are.
fn next_row_id<'a>(pos: impl Iterator<Item = &'a StoredPurchaseOrderRows>) -> i32 {
    pos.flat_map(|po| po.rows.iter().map(|r| r.id))
        .max()
        .map_or(1, |max| max + 1)
}
