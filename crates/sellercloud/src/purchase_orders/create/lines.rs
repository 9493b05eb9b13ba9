//! The parts of a new purchase order: its product lines and addresses.

use crate::ids::WarehouseId;
use rust_decimal::Decimal;
use sellercloud_api::enums::DiscountType;
use sellercloud_api::types;

/// One product line of a [`CreatePurchaseOrder`](super::CreatePurchaseOrder).
///
/// Set either the case fields or the unit fields, matching the request's
/// `case_qty_mode`.
///
/// ```
/// use sellercloud::{Decimal, DiscountType, NewPurchaseOrderProduct};
///
/// let in_units = NewPurchaseOrderProduct::new("SKU-1")
///     .qty_units_ordered(12)
///     .unit_price(Decimal::new(450, 2))
///     .discount(DiscountType::Percentage, Decimal::from(5))
///     .item_notes("fragile");
/// let in_cases = NewPurchaseOrderProduct::new("SKU-2")
///     .qty_cases_ordered(3)
///     .qty_units_per_case(24)
///     .case_price(Decimal::new(9900, 2));
/// # let _ = (in_units, in_cases);
/// ```
#[derive(Clone, Debug)]
pub struct NewPurchaseOrderProduct(pub(super) types::PurchaseOrderProduct);

impl NewPurchaseOrderProduct {
    /// A line for `product_id` (`ProductID`, the product's SKU-like ID).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1");
    /// # let _ = p;
    /// ```
    pub fn new(product_id: impl Into<String>) -> Self {
        NewPurchaseOrderProduct(types::PurchaseOrderProduct {
            case_price: None,
            discount_type: None,
            discount_value: None,
            item_notes: None,
            product_id: product_id.into(),
            qty_cases_ordered: None,
            qty_units_ordered: None,
            qty_units_per_case: None,
            unit_price: None,
            warehouse_id: None,
        })
    }

    /// `QtyUnitsOrdered` (unit mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(12);
    /// # let _ = p;
    /// ```
    pub fn qty_units_ordered(mut self, qty: i32) -> Self {
        self.0.qty_units_ordered = Some(qty);
        self
    }

    /// `UnitPrice` (unit mode; not negative).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").unit_price(sellercloud::Decimal::new(199, 2));
    /// # let _ = p;
    /// ```
    pub fn unit_price(mut self, price: Decimal) -> Self {
        self.0.unit_price = Some(price);
        self
    }

    /// `QtyCasesOrdered` (case mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").qty_cases_ordered(2);
    /// # let _ = p;
    /// ```
    pub fn qty_cases_ordered(mut self, qty: i32) -> Self {
        self.0.qty_cases_ordered = Some(qty);
        self
    }

    /// `QtyUnitsPerCase` (case mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").qty_units_per_case(24);
    /// # let _ = p;
    /// ```
    pub fn qty_units_per_case(mut self, qty: i32) -> Self {
        self.0.qty_units_per_case = Some(qty);
        self
    }

    /// `CasePrice` (case mode; not negative).
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").case_price(sellercloud::Decimal::from(48));
    /// # let _ = p;
    /// ```
    pub fn case_price(mut self, price: Decimal) -> Self {
        self.0.case_price = Some(price);
        self
    }

    /// `DiscountType` and `DiscountValue` together (only while the client
    /// setting "Enable Multi Discount for Purchase Order" is off).
    ///
    /// ```
    /// use sellercloud::{Decimal, DiscountType, NewPurchaseOrderProduct};
    /// let p = NewPurchaseOrderProduct::new("SKU-1").discount(DiscountType::FixedAmount, Decimal::from(3));
    /// # let _ = p;
    /// ```
    pub fn discount(self, kind: DiscountType, value: Decimal) -> Self {
        self.discount_type(kind).discount_value(value)
    }

    /// `DiscountType` alone.
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").discount_type(sellercloud::DiscountType::Percentage);
    /// # let _ = p;
    /// ```
    pub fn discount_type(mut self, kind: DiscountType) -> Self {
        self.0.discount_type = Some(kind);
        self
    }

    /// `DiscountValue` alone.
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").discount_value(sellercloud::Decimal::from(10));
    /// # let _ = p;
    /// ```
    pub fn discount_value(mut self, value: Decimal) -> Self {
        self.0.discount_value = Some(value);
        self
    }

    /// `WarehouseID` of this line.
    ///
    /// ```
    /// use sellercloud::WarehouseId;
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").warehouse_id(WarehouseId::new(4));
    /// # let _ = p;
    /// ```
    pub fn warehouse_id(mut self, id: WarehouseId) -> Self {
        self.0.warehouse_id = Some(id.get());
        self
    }

    /// `ItemNotes`: notes on the purchase order item.
    ///
    /// ```
    /// let p = sellercloud::NewPurchaseOrderProduct::new("SKU-1").item_notes("fragile");
    /// # let _ = p;
    /// ```
    pub fn item_notes(mut self, notes: impl Into<String>) -> Self {
        self.0.item_notes = Some(notes.into());
        self
    }
}

/// A purchase order's billing or shipping address: only `Country` is
/// required (order addresses, see [`OrderAddressUpdate`](crate::OrderAddressUpdate),
/// have stricter rules).
///
/// ```
/// let a = sellercloud::NewPurchaseOrderAddress::new("US")
///     .first_name("Ada")
///     .last_name("Lovelace")
///     .address_line1("1 Main St")
///     .city("Springfield")
///     .state("IL")
///     .zip_code("62701");
/// # let _ = a;
/// ```
#[derive(Clone, Debug)]
pub struct NewPurchaseOrderAddress(pub(super) types::PurchaseOrderAddress);

macro_rules! optional_text {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.0.$name = Some(value.into());
            self
        }
    )*};
}

impl NewPurchaseOrderAddress {
    /// An address in `country` (two-letter code, e.g. `US`).
    ///
    /// ```
    /// let a = sellercloud::NewPurchaseOrderAddress::new("GB");
    /// # let _ = a;
    /// ```
    pub fn new(country: impl Into<String>) -> Self {
        NewPurchaseOrderAddress(types::PurchaseOrderAddress {
            address_line1: None,
            address_line2: None,
            business: None,
            city: None,
            country: country.into(),
            fax: None,
            first_name: None,
            last_name: None,
            middle_name: None,
            phone: None,
            region: None,
            state: None,
            zip_code: None,
        })
    }

    optional_text! {
        /// `FirstName`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").first_name("Ada");
        /// # let _ = a;
        /// ```
        first_name,
        /// `MiddleName`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").middle_name("K");
        /// # let _ = a;
        /// ```
        middle_name,
        /// `LastName`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").last_name("Lovelace");
        /// # let _ = a;
        /// ```
        last_name,
        /// `Business`: company name.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").business("Acme");
        /// # let _ = a;
        /// ```
        business,
        /// `AddressLine1`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").address_line1("1 Main St");
        /// # let _ = a;
        /// ```
        address_line1,
        /// `AddressLine2`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").address_line2("Suite 4");
        /// # let _ = a;
        /// ```
        address_line2,
        /// `City`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").city("Springfield");
        /// # let _ = a;
        /// ```
        city,
        /// `State`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").state("IL");
        /// # let _ = a;
        /// ```
        state,
        /// `Region`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("FR").region("Bretagne");
        /// # let _ = a;
        /// ```
        region,
        /// `ZipCode`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").zip_code("62701");
        /// # let _ = a;
        /// ```
        zip_code,
        /// `Phone`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").phone("+1 555 0100");
        /// # let _ = a;
        /// ```
        phone,
        /// `Fax`.
        ///
        /// ```
        /// let a = sellercloud::NewPurchaseOrderAddress::new("US").fax("+1 555 0101");
        /// # let _ = a;
        /// ```
        fax,
    }
}
