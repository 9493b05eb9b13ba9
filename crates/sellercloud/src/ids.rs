//! Typed IDs: one type per kind of Sellercloud ID, so that an ID of one kind
//! where another belongs does not compile.
//!
//! Each is made explicitly from the integer Sellercloud uses
//! (`PurchaseOrderId::new(1001)`), gives it back with `get()`, prints as the
//! integer and serializes as it. The generated [`types`](crate::types) keep
//! the wire's plain integers (the way around this crate takes them as the
//! server sends them); the request builders turn IDs into integers when they
//! build a body, and answers are given typed by [`answers`](crate::answers).
//!
//! ```
//! use sellercloud::{CompanyId, CreatePurchaseOrder, VendorId};
//! let request = CreatePurchaseOrder::new().company_id(CompanyId::new(1)).vendor_id(VendorId::new(20));
//! # let _ = request;
//! ```
//!
//! A vendor ID where a company ID is expected does not compile:
//!
//! ```compile_fail,E0308
//! use sellercloud::{CreatePurchaseOrder, VendorId};
//! let request = CreatePurchaseOrder::new().company_id(VendorId::new(20));
//! ```
//!
//! Nor does a purchase order item ID where a purchase order ID is expected:
//!
//! ```compile_fail,E0308
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! use sellercloud::PurchaseOrderItemId;
//! client.purchase_orders().get(PurchaseOrderItemId::new(501)).await?;
//! # Ok(()) }
//! ```
//!
//! (The same call with a [`PurchaseOrderId`] compiles:)
//!
//! ```no_run
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! use sellercloud::PurchaseOrderId;
//! client.purchase_orders().get(PurchaseOrderId::new(1001)).await?;
//! # Ok(()) }
//! ```

api_runtime::id_types! {
    /// A purchase order's ID: the `{id}` of `/api/PurchaseOrders/{id}`, and
    /// what creating one answers.
    ///
    /// ```
    /// let id = sellercloud::PurchaseOrderId::new(1001);
    /// assert_eq!((id.get(), id.to_string()), (1001, "1001".to_owned()));
    /// ```
    PurchaseOrderId;
    /// A purchase order item's ID (an item's `ID` on its purchase order;
    /// not the product, which is named by its SKU).
    PurchaseOrderItemId;
    /// An order's ID: the `{id}` of `/api/Orders/{id}`.
    OrderId;
    /// A company's ID (`CompanyID`).
    CompanyId;
    /// A vendor's ID (`VendorID`).
    VendorId;
    /// A warehouse's ID (`DefaultWarehouseID`, `WarehouseID`).
    WarehouseId;
    /// A payment term's ID (`PaymentTermID`).
    PaymentTermId;
}
