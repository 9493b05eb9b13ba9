//! A purchase order's quantity mode as a type, so that a request in the
//! wrong mode does not compile: Sellercloud's items carry either case
//! fields (`QtyCasesOrdered`, `QtyUnitsPerCase`, `CasePrice`) or unit fields
//! (`QtyUnitsOrdered`, `UnitPrice`), "Can be provided only for PO in (non)
//! case quantity mode" (Sellercloud's article "Update Purchase Order Items";
//! the same split for create, add items and receive).

mod sealed {
    pub trait Sealed {}
}

/// A purchase order's quantity mode, as a type: [`CaseMode`] or
/// [`UnitMode`]. Sealed.
///
/// ```
/// use sellercloud::{ItemUpdate, PurchaseOrderItemId, QuantityMode, UpdatePurchaseOrderItems};
///
/// fn count_items<M: QuantityMode>(update: &UpdatePurchaseOrderItems<M>) -> usize {
///     update.clone().build().map(|b| b.items.len()).unwrap_or(0)
/// }
/// assert_eq!(count_items(&UpdatePurchaseOrderItems::unit_mode().item(ItemUpdate::new(PurchaseOrderItemId::new(1)))), 1);
/// ```
pub trait QuantityMode: sealed::Sealed + Send + Sync + 'static {
    /// The mode in words, for `Debug`.
    ///
    /// ```
    /// use sellercloud::{CaseMode, QuantityMode};
    /// assert_eq!(CaseMode::NAME, "case mode");
    /// ```
    const NAME: &'static str;
}

/// The purchase order is in case quantity mode (`CaseQtyMode: true`): items
/// carry `QtyCasesOrdered`, `QtyUnitsPerCase` and `CasePrice`.
///
/// ```
/// let update = sellercloud::UpdatePurchaseOrderItems::<sellercloud::CaseMode>::case_mode();
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum CaseMode {}

/// The purchase order is not in case quantity mode: items carry
/// `QtyUnitsOrdered` and `UnitPrice`.
///
/// ```
/// let update = sellercloud::UpdatePurchaseOrderItems::<sellercloud::UnitMode>::unit_mode();
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum UnitMode {}

impl sealed::Sealed for CaseMode {}
impl sealed::Sealed for UnitMode {}
impl QuantityMode for CaseMode {
    const NAME: &'static str = "case mode";
}
impl QuantityMode for UnitMode {
    const NAME: &'static str = "unit mode";
}
