//! `POST v1/ShopOwners/{shopOwnerId}/PurchaseOrders`: a new purchase order
//! with its rows, and its rules.
//!
//! Source: the newer help page ("Add a new Purchase Order", body
//! `PurchaseOrderChanges`). Required there: `ExchangeRate`, `ShopOwnerId`,
//! `ShippingCostsExVat`, `SupplierId`; [`CreatePurchaseOrder::new`] takes
//! them, so they cannot be left out. `OurReference` is at most 50
//! characters; rows follow the row rules of the 2021 pages. The part of the
//! page read shows no `Id` in the body, so no "Must be 0" rule is enforced.

pub mod exactly_once;

use super::add_row::NewPurchaseOrderRow;
use crate::client::Client;
use crate::ids::{PurchaseOrderId, ShopOwnerId, SupplierId, WarehouseId};
use api_runtime::call::Operation;
use api_runtime::id::required;
use api_runtime::validate::{Rule, RuleKind, Validator, max_chars};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use shopctrl_api::types;

pub(crate) const OPERATION: Operation = Operation::not_idempotent("create_purchase_order");

const PAGE: &str = "help page POST v1/ShopOwners/{shopOwnerId}/PurchaseOrders (newer)";

/// A purchase order to create, for
/// [`PurchaseOrders::create`](crate::purchase_orders::PurchaseOrders::create)
/// or, safe against a lost answer,
/// [`PurchaseOrders::create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once).
///
/// | Field | Rule | Source |
/// |---|---|---|
/// | `ExchangeRate`, `ShopOwnerId`, `ShippingCostsExVat`, `SupplierId` | required | newer page (taken by [`CreatePurchaseOrder::new`]) |
/// | `OurReference` | at most 50 characters | newer page ([`OUR_REFERENCE_LENGTH`]) |
/// | `PurchaseOrderRows[i].ProductCode` | at most 100 characters | 2021 row pages ([`ROW_PRODUCT_CODE_LENGTH`]) |
/// | `PurchaseOrderRows[i].ProductName` | at most 500 characters | 2021 row pages ([`ROW_PRODUCT_NAME_LENGTH`]) |
///
/// ```
/// use shopctrl::{CreatePurchaseOrder, Decimal, NewPurchaseOrderRow, ShopOwnerId, SupplierId};
/// let po = CreatePurchaseOrder::new(ShopOwnerId::new(1), SupplierId::new(7), Decimal::ONE, Decimal::new(495, 2))
///     .our_reference("erp-8842")
///     .row(NewPurchaseOrderRow::new().product_code("SKU-1").item_quantity(Decimal::from(3)));
/// let json = serde_json::to_value(&po.build().unwrap()).unwrap();
/// assert_eq!(json["ShippingCostsExVat"], serde_json::json!(4.95));
/// assert_eq!(json["OurReference"], "erp-8842");
///
/// let e = CreatePurchaseOrder::new(ShopOwnerId::new(1), SupplierId::new(7), Decimal::ONE, Decimal::ZERO)
///     .our_reference("x".repeat(51))
///     .validate()
///     .unwrap_err();
/// assert!(e.violations().unwrap().has_field("OurReference"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CreatePurchaseOrder {
    pub(crate) body: types::NewPurchaseOrder,
    rows: Vec<NewPurchaseOrderRow>,
}

impl CreatePurchaseOrder {
    /// A purchase order of `shop_owner` from `supplier`, with its exchange
    /// rate and shipping costs without VAT (the four fields the page
    /// requires), and no rows yet.
    pub fn new(
        shop_owner: ShopOwnerId,
        supplier: SupplierId,
        exchange_rate: impl Into<Decimal>,
        shipping_costs_ex_vat: impl Into<Decimal>,
    ) -> Self {
        CreatePurchaseOrder {
            body: types::NewPurchaseOrder {
                shop_owner_id: shop_owner.get(),
                supplier_id: supplier.get(),
                exchange_rate: exchange_rate.into(),
                shipping_costs_ex_vat: shipping_costs_ex_vat.into(),
                comment: None,
                date_received: None,
                expected_delivery_date: None,
                handover_timestamp: None,
                our_reference: None,
                provision_date: None,
                purchase_order_rows: None,
                supplier_note: None,
                warehouse_id: None,
            },
            rows: Vec::new(),
        }
    }

    /// The shop owner (also the path's `shopOwnerId`).
    pub fn shop_owner(&self) -> ShopOwnerId {
        ShopOwnerId::new(self.body.shop_owner_id)
    }

    /// `OurReference`: the caller's own reference, at most 50 characters.
    /// [`create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once)
    /// uses it to find the purchase order when the answer is lost.
    pub fn our_reference(mut self, reference: impl Into<String>) -> Self {
        self.body.our_reference = Some(reference.into());
        self
    }

    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.body.comment = Some(comment.into());
        self
    }

    /// `SupplierNote`.
    pub fn supplier_note(mut self, note: impl Into<String>) -> Self {
        self.body.supplier_note = Some(note.into());
        self
    }

    /// `WarehouseId`: where the goods go.
    pub fn warehouse_id(mut self, warehouse: WarehouseId) -> Self {
        self.body.warehouse_id = Some(warehouse.get());
        self
    }

    /// `ExpectedDeliveryDate`, sent with its offset.
    pub fn expected_delivery_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.body.expected_delivery_date = Some(at.into());
        self
    }

    /// Adds a row (`PurchaseOrderRows`).
    pub fn row(mut self, row: NewPurchaseOrderRow) -> Self {
        self.rows.push(row);
        self
    }

    /// Checks the rules (see [`CreatePurchaseOrder`]); every broken one is
    /// reported with its field path.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        if let Some(reference) = &self.body.our_reference {
            v.enforce(
                &OUR_REFERENCE_LENGTH,
                "OurReference",
                max_chars(reference, 50),
            );
        }
        for (i, row) in self.rows.iter().enumerate() {
            row.check_at(
                &mut v,
                [&ROW_PRODUCT_CODE_LENGTH, &ROW_PRODUCT_NAME_LENGTH],
                &format!("PurchaseOrderRows[{i}]."),
            );
        }
        v.finish().map_err(Error::Validation)
    }

    /// The validated body, as the generated client takes it.
    pub fn build(self) -> Result<types::NewPurchaseOrder> {
        self.validate()?;
        let mut body = self.body;
        if !self.rows.is_empty() {
            body.purchase_order_rows = Some(
                self.rows
                    .into_iter()
                    .map(NewPurchaseOrderRow::into_create_row)
                    .collect(),
            );
        }
        Ok(body)
    }
}

/// `OurReference`: "Max length: 50" on the newer create page.
pub static OUR_REFERENCE_LENGTH: Rule = Rule {
    operation: "create_purchase_order",
    field: "OurReference",
    rule: "at most 50 characters",
    kind: RuleKind::Stated,
    source: PAGE,
    quote: "OurReference | Gets or sets Our Reference. | string | Max length: 50",
};

/// A row's `ProductCode`: "Max length: 100" on the 2021 row pages.
pub static ROW_PRODUCT_CODE_LENGTH: Rule = Rule {
    operation: "create_purchase_order",
    field: "PurchaseOrderRows[].ProductCode",
    rule: "at most 100 characters",
    kind: RuleKind::Stated,
    source: super::update_row::FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// A row's `ProductName`: "Max length: 500" on the 2021 row pages.
pub static ROW_PRODUCT_NAME_LENGTH: Rule = Rule {
    operation: "create_purchase_order",
    field: "PurchaseOrderRows[].ProductName",
    rule: "at most 500 characters",
    kind: RuleKind::Stated,
    source: super::update_row::FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[
    &OUR_REFERENCE_LENGTH,
    &ROW_PRODUCT_CODE_LENGTH,
    &ROW_PRODUCT_NAME_LENGTH,
];

/// The created purchase order's `Id`; an answer without one is
/// [`Error::MissingField`].
pub(crate) fn created_id(answer: &types::PurchaseOrder) -> Result<i32> {
    required(answer.id, OPERATION.name, || "Id".to_owned())
}

/// Sends the create once; a lost answer is the caller's to resolve.
pub(crate) async fn send(client: &Client, request: CreatePurchaseOrder) -> Result<PurchaseOrderId> {
    let shop_owner = request.shop_owner();
    let body = request.build()?;
    let answer: types::PurchaseOrder = client
        .call(OPERATION, |api| {
            api.create_purchase_order(shop_owner.get(), &body)
        })
        .await?
        .decode(OPERATION.name)?;
    created_id(&answer).map(PurchaseOrderId::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn po() -> CreatePurchaseOrder {
        CreatePurchaseOrder::new(ShopOwnerId::new(1), SupplierId::new(2), 1, 0)
    }

    #[test]
    fn our_reference_is_at_most_50_characters() {
        let e = po().our_reference("é".repeat(51)).validate().unwrap_err();
        assert!(e.violations().unwrap().has_field("OurReference"));
        assert!(po().our_reference("é".repeat(50)).validate().is_ok());
    }

    #[test]
    fn row_texts_are_checked_with_their_index() {
        let e = po()
            .row(NewPurchaseOrderRow::new())
            .row(
                NewPurchaseOrderRow::new()
                    .product_code("x".repeat(101))
                    .product_name("y".repeat(501)),
            )
            .validate()
            .unwrap_err();
        let v = e.violations().unwrap();
        assert!(v.has_field("PurchaseOrderRows[1].ProductCode"), "{v}");
        assert!(v.has_field("PurchaseOrderRows[1].ProductName"), "{v}");
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn money_is_exact_and_rows_carry_no_id() {
        let body = CreatePurchaseOrder::new(
            ShopOwnerId::new(1),
            SupplierId::new(2),
            Decimal::new(10825, 4),
            Decimal::new(1, 28),
        )
        .row(NewPurchaseOrderRow::new().item_quantity(Decimal::new(15, 1)))
        .build()
        .unwrap();
        let json = serde_json::to_string(&body).unwrap();
        assert!(json.contains(r#""ExchangeRate":1.0825"#), "{json}");
        assert!(
            json.contains(r#""ShippingCostsExVat":0.0000000000000000000000000001"#),
            "{json}"
        );
        assert!(
            json.contains(r#""PurchaseOrderRows":[{"ItemQuantity":1.5}]"#),
            "{json}"
        );
    }
}
