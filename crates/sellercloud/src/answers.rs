//! Answers as this crate gives them: the IDs the vendor always sends as
//! typed values, so reading one needs no `Option` and no unwrap chain.
//!
//! This module is the one place where the generated [`types`]' plain
//! integers become typed IDs ([`crate::ids`]). An answer that leaves out one
//! of these IDs is not patched with a default (an item ID 0 would address
//! nothing, or the wrong item): the call fails with
//! [`Error::MissingField`](crate::Error::MissingField) naming the field. Everything else an answer
//! carries is kept as the wire has it, in the answer's `wire` field, and the
//! generated types read through [`Client::call`](crate::Client::call) take
//! any answer as it is.

use crate::ids::{
    CompanyId, OrderId, PaymentTermId, PurchaseOrderId, PurchaseOrderItemId, VendorId, WarehouseId,
};
use api_runtime::Result;
use api_runtime::id::required;
use sellercloud_api::types;

/// An item of a purchase order as `GET /api/PurchaseOrders/{id}/Items`
/// lists it: its [`PurchaseOrderItemId`] typed, the rest as sent.
///
/// ```
/// use sellercloud::{ItemsByMode, PurchaseOrderItemId, types};
/// let answer: types::PurchaseOrderItems =
///     serde_json::from_str(r#"{"PoCaseQtyEnabled": false, "Items": [{"ID": 7, "ProductID": "SKU-1"}]}"#).unwrap();
/// let items = ItemsByMode::try_from(answer)?;
/// let item = &items.items()[0];
/// assert_eq!(item.id, PurchaseOrderItemId::new(7));
/// assert_eq!(item.wire.product_id.as_deref(), Some("SKU-1"));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedItem {
    /// The item's ID on its purchase order (`ID`), which updates and
    /// receipts name it by.
    pub id: PurchaseOrderItemId,
    /// The item as the server sent it (`ProductID`, quantities, prices).
    pub wire: types::PurchaseOrderItem,
}

/// The items of an answer, each with its ID; `operation` names the call in
/// the error when one has none.
pub(crate) fn listed_items(
    operation: &'static str,
    items: Vec<types::PurchaseOrderItem>,
) -> Result<Vec<ListedItem>> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, wire)| {
            let id = required(wire.id, operation, || format!("Items[{i}].ID"))?;
            Ok(ListedItem {
                id: PurchaseOrderItemId::new(id),
                wire,
            })
        })
        .collect()
}

/// A purchase order as `GET /api/PurchaseOrders` lists it: its
/// [`PurchaseOrderId`] typed, the rest as sent.
///
/// ```
/// use sellercloud::{ListedPurchaseOrder, PurchaseOrderId, types};
/// let wire: types::PurchaseOrderSummary = serde_json::from_str(r#"{"ID": 1001, "VendorID": 20}"#).unwrap();
/// let po = ListedPurchaseOrder::from_wire(wire)?;
/// assert_eq!((po.id, po.wire.vendor_id), (PurchaseOrderId::new(1001), Some(20)));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedPurchaseOrder {
    /// The purchase order's `ID`.
    pub id: PurchaseOrderId,
    /// The purchase order as the server listed it.
    pub wire: types::PurchaseOrderSummary,
}

impl ListedPurchaseOrder {
    /// The listed purchase order with its `ID`; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(wire: types::PurchaseOrderSummary) -> Result<Self> {
        let id = required(wire.id, "list_purchase_orders", || "Items[].ID".into())?;
        Ok(ListedPurchaseOrder {
            id: PurchaseOrderId::new(id),
            wire,
        })
    }
}

/// The ID from either answer shape of create purchase order: `{"Id": n}`
/// (the vendor's Swagger) or a bare `n` (the article: "ID of the created
/// purchase order is returned").
pub(crate) fn created_id(created: types::CreatedPurchaseOrder) -> PurchaseOrderId {
    PurchaseOrderId::new(match created {
        types::CreatedPurchaseOrder::CreatedEntityId(e) => e.id,
        types::CreatedPurchaseOrder::Int32(id) => id,
    })
}

/// Declares an answer type that carries one typed ID (or key) beside the
/// record as the server sent it, and its `from_wire`.
macro_rules! keyed_answer {
    ($(#[$doc:meta])* $name:ident { $(#[$id_doc:meta])* $field:ident: $id:ty = $wire_id:ident as $path:literal }, $wire:ty, $operation:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(#[$id_doc])*
            pub $field: $id,
            /// The record as the server sent it.
            pub wire: $wire,
        }

        impl $name {
            /// The record with its key; one without is an
            /// [`Error::MissingField`](crate::Error::MissingField).
            pub fn from_wire(wire: $wire) -> Result<Self> {
                let $field = <$id>::new(required(wire.$wire_id, $operation, || $path.into())?);
                Ok($name { $field, wire })
            }
        }
    };
}

keyed_answer! {
    /// A vendor as `GET /api/Vendors` lists it.
    ///
    /// ```
    /// use sellercloud::{ListedVendor, VendorId, types};
    /// let wire: types::BaseVendorDto = serde_json::from_str(r#"{"ID": 20, "Name": "Acme"}"#).unwrap();
    /// assert_eq!(ListedVendor::from_wire(wire)?.id, VendorId::new(20));
    /// # Ok::<(), sellercloud::Error>(())
    /// ```
    ListedVendor { /// The vendor's `ID`.
    id: VendorId = id as "Items[].ID" }, types::BaseVendorDto, "list_vendors"
}

keyed_answer! {
    /// A company as `GET /api/Companies` lists it.
    ListedCompany { /// The company's `ID`.
    id: CompanyId = id as "Items[].ID" }, types::CompanyDto, "list_companies"
}

keyed_answer! {
    /// A warehouse as `GET /api/Warehouses` lists it.
    ListedWarehouse { /// The warehouse's `ID`.
    id: WarehouseId = id as "Items[].ID" }, types::ManageWarehouseDto, "list_warehouses"
}

/// A product as `GET /api/Catalog` lists it; Sellercloud names a product
/// by its SKU (the catalog's `ID`).
///
/// ```
/// use sellercloud::{ListedProduct, types};
/// let wire: types::ProductCatalogDto = serde_json::from_str(r#"{"ID": "SKU-1", "ProductName": "Widget"}"#).unwrap();
/// assert_eq!(ListedProduct::from_wire(wire)?.sku, "SKU-1");
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedProduct {
    /// The product's SKU (`ID`), which purchase order items name as `ProductID`.
    pub sku: String,
    /// The product as the server listed it.
    pub wire: types::ProductCatalogDto,
}

impl ListedProduct {
    /// The product with its SKU; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(wire: types::ProductCatalogDto) -> Result<Self> {
        let sku = wire
            .id
            .clone()
            .ok_or_else(|| api_runtime::Error::MissingField {
                operation: "list_products",
                field: "Items[].ID".into(),
            })?;
        Ok(ListedProduct { sku, wire })
    }
}

keyed_answer! {
    /// An order as `GET /api/Orders/{id}` answers it.
    Order { /// The order's `OrderID`.
    id: OrderId = order_id as "OrderID" }, types::SingleOrderDataDto, "get_order"
}

/// A payment term from `GET /api/Settings/PaymentTerms` (`{Key, Value}`).
///
/// ```
/// use sellercloud::{PaymentTerm, PaymentTermId, types};
/// let wire: types::IDataItemOfInt32AndString = serde_json::from_str(r#"{"Key": 3, "Value": "Net 30"}"#).unwrap();
/// let term = PaymentTerm::from_wire(wire)?;
/// assert_eq!((term.id, term.name.as_str()), (PaymentTermId::new(3), "Net 30"));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentTerm {
    /// The term's ID (`Key`), a purchase order's `PaymentTermID`.
    pub id: PaymentTermId,
    /// Its name (`Value`; empty when the server sends none).
    pub name: String,
}

impl PaymentTerm {
    /// The term with its `Key`; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(wire: types::IDataItemOfInt32AndString) -> Result<Self> {
        let id = required(wire.key, "list_payment_terms", || "[].Key".into())?;
        Ok(PaymentTerm {
            id: PaymentTermId::new(id),
            name: wire.value.unwrap_or_default(),
        })
    }
}
