//! The requests the quickstart sends: valid, complete, with demo values
//! (quantities, prices, an address). Also handy as known-good requests in
//! tests.

use rust_decimal::Decimal;
use sellercloud::{
    CompanyId, CreatePurchaseOrder, NewPurchaseOrderProduct, OrderAddressUpdate, PoType, VendorId,
};

/// A valid unit-mode purchase order for company `company_id` and vendor
/// `vendor_id`: one line of product `sku`, 12 units at 4.50.
///
/// ```
/// use sellercloud::{CompanyId, VendorId};
/// let request = quickstart::samples::unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "SKU-1");
/// let body = request.build().unwrap();
/// assert!(!body.case_qty_mode);
/// assert_eq!(body.products[0].qty_units_ordered, Some(12));
/// ```
pub fn unit_mode_purchase_order(
    company_id: CompanyId,
    vendor_id: VendorId,
    sku: &str,
) -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(company_id)
        .vendor_id(vendor_id)
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .description("SDK quickstart, ordered in units")
        .product(
            NewPurchaseOrderProduct::new(sku)
                .qty_units_ordered(12)
                .unit_price(Decimal::new(450, 2)),
        )
}

/// A valid case-mode purchase order for company `company_id` and vendor
/// `vendor_id`: one line of product `sku`, 2 cases of 24 units at 96.00 a
/// case.
///
/// ```
/// use sellercloud::{CompanyId, VendorId};
/// let body = quickstart::samples::case_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "SKU-1").build().unwrap();
/// assert!(body.case_qty_mode);
/// assert_eq!(body.products[0].qty_cases_ordered, Some(2));
/// ```
pub fn case_mode_purchase_order(
    company_id: CompanyId,
    vendor_id: VendorId,
    sku: &str,
) -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(company_id)
        .vendor_id(vendor_id)
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(true)
        .description("SDK quickstart, ordered in cases")
        .product(
            NewPurchaseOrderProduct::new(sku)
                .qty_cases_ordered(2)
                .qty_units_per_case(24)
                .case_price(Decimal::new(9600, 2)),
        )
}

/// A complete US order address (every part the vendor requires, plus the
/// optional ones), for `first_name`.
///
/// ```
/// use sellercloud::UpdateOrder;
/// let address = quickstart::samples::full_order_address("Ada");
/// assert!(UpdateOrder::new().shipping_address(address).build().is_ok());
/// ```
pub fn full_order_address(first_name: &str) -> OrderAddressUpdate {
    OrderAddressUpdate::new()
        .first_name(first_name)
        .middle_name("K")
        .last_name("Lovelace")
        .business("Analytical Engines Ltd")
        .address_line1("12 Babbage Road")
        .address_line2("Suite 4")
        .city("Springfield")
        .state("IL")
        .zip_code("62701")
        .country("US")
        .phone("+1 555 0100")
        .fax("+1 555 0101")
}
