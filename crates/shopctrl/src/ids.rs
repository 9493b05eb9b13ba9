//! Typed IDs: one type per kind of ShopCtrl ID, so that an ID of one kind
//! where another belongs does not compile.
//!
//! Each is made explicitly from the integer ShopCtrl uses
//! (`PurchaseOrderId::new(7)`), gives it back with `get()`, prints as the
//! integer and serializes as it. The generated [`types`](crate::types) keep
//! the wire's plain integers; the request builders turn IDs into integers
//! when they build a body, and answers are given typed by
//! [`answers`](crate::answers).
//!
//! A row ID where a purchase order ID is expected does not compile:
//!
//! ```compile_fail,E0308
//! # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
//! use shopctrl::RowId;
//! client.purchase_orders().rows(RowId::new(1)).await?;
//! # Ok(()) }
//! ```
//!
//! (The same call with a [`PurchaseOrderId`] compiles:)
//!
//! ```no_run
//! # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
//! use shopctrl::PurchaseOrderId;
//! client.purchase_orders().rows(PurchaseOrderId::new(7)).await?;
//! # Ok(()) }
//! ```

api_runtime::id_types! {
    /// A purchase order's ID: the `{purchaseOrderId}` of
    /// `v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    ///
    /// ```
    /// let id = shopctrl::PurchaseOrderId::new(7);
    /// assert_eq!((id.get(), id.to_string()), (7, "7".to_owned()));
    /// ```
    PurchaseOrderId;
    /// A purchase order row's `Id`.
    RowId;
    /// A product's `ProductId`.
    ProductId;
    /// A shop owner's ID.
    ShopOwnerId;
    /// A supplier's ID.
    SupplierId;
    /// A shop group's ID: the `{shopGroupId}` products are found by code in.
    ShopGroupId;
    /// A warehouse's ID.
    WarehouseId;
    /// A warehouse location's ID, where provisioned goods go.
    WarehouseLocationId;
    /// A currency's ID.
    CurrencyId;
}
