//! What the fake's look-up routes serve: vendors, companies, warehouses,
//! payment terms and catalog products, seeded by tests and the quickstart
//! ([`SellercloudConfig::with_lookups`](super::SellercloudConfig::with_lookups),
//! [`FakeSellercloud::modify_lookups`](super::FakeSellercloud::modify_lookups)).

use rust_decimal::Decimal;

/// A vendor (`GET /api/Vendors`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVendor {
    /// `ID`.
    pub id: i32,
    /// `Name`.
    pub name: String,
    /// `Email`.
    pub email: Option<String>,
    /// `IsDefault`.
    pub is_default: bool,
    /// Selected by `model.activeStatus` (1: active, 0: inactive); the
    /// answer has no field for it.
    pub active: bool,
}

impl StoredVendor {
    /// An active vendor that is not the default.
    pub fn new(id: i32, name: impl Into<String>) -> Self {
        StoredVendor {
            id,
            name: name.into(),
            email: None,
            is_default: false,
            active: true,
        }
    }

    /// The same vendor, inactive.
    pub fn inactive(mut self) -> Self {
        self.active = false;
        self
    }
}

/// A company (`GET /api/Companies`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCompany {
    /// `ID`.
    pub id: i32,
    /// `CompanyName`.
    pub name: String,
    /// `IsDefaultCompany`.
    pub is_default: bool,
    /// `IsDisabled`.
    pub is_disabled: bool,
}

impl StoredCompany {
    /// An enabled company that is not the default.
    pub fn new(id: i32, name: impl Into<String>) -> Self {
        StoredCompany {
            id,
            name: name.into(),
            is_default: false,
            is_disabled: false,
        }
    }
}

/// A warehouse (`GET /api/Warehouses`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredWarehouse {
    /// `ID`.
    pub id: i32,
    /// `Name`.
    pub name: String,
    /// `WarehouseType`, the server's number ("0 = Normal, 1 = FBA, 2 =
    /// Un_Tested, 3 = Interim, 4 = DropShip, 5 = NewEgg, 6 = Cdiscount, 7 = WFS").
    pub warehouse_type: i32,
    /// `IsDefault`.
    pub is_default: bool,
    /// `IsSellAble`.
    pub is_sellable: bool,
}

impl StoredWarehouse {
    /// A normal, sellable warehouse that is not the default.
    pub fn new(id: i32, name: impl Into<String>) -> Self {
        StoredWarehouse {
            id,
            name: name.into(),
            warehouse_type: 0,
            is_default: false,
            is_sellable: true,
        }
    }
}

/// A product of the catalog (`GET /api/Catalog`), named by its SKU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredProduct {
    /// `ID`: the SKU.
    pub sku: String,
    /// `ProductName`.
    pub name: String,
    /// `CompanyID`.
    pub company_id: i32,
    /// `SiteCost`, exact.
    pub site_cost: Option<Decimal>,
    /// `DefaultVendor`.
    pub default_vendor: Option<String>,
    /// `UPC`.
    pub upc: Option<String>,
    /// Selected by `model.activeStatus` ("0 = No, 1 = Yes, -1 = All").
    pub active: bool,
}

impl StoredProduct {
    /// An active product of company 1.
    pub fn new(sku: impl Into<String>, name: impl Into<String>) -> Self {
        StoredProduct {
            sku: sku.into(),
            name: name.into(),
            company_id: 1,
            site_cost: None,
            default_vendor: None,
            upc: None,
            active: true,
        }
    }
}

/// Everything the look-up routes serve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredLookups {
    /// Vendors, listed by ascending ID.
    pub vendors: Vec<StoredVendor>,
    /// Companies, listed by ascending ID.
    pub companies: Vec<StoredCompany>,
    /// Warehouses, listed by ascending ID.
    pub warehouses: Vec<StoredWarehouse>,
    /// Payment terms (`Key`, `Value`), in this order.
    pub payment_terms: Vec<(i32, String)>,
    /// Catalog products, listed by SKU.
    pub products: Vec<StoredProduct>,
}

impl StoredLookups {
    /// Nothing to look up.
    pub fn new() -> Self {
        Self::default()
    }

    /// With this vendor.
    pub fn vendor(mut self, vendor: StoredVendor) -> Self {
        self.vendors.push(vendor);
        self
    }

    /// With this company.
    pub fn company(mut self, company: StoredCompany) -> Self {
        self.companies.push(company);
        self
    }

    /// With this warehouse.
    pub fn warehouse(mut self, warehouse: StoredWarehouse) -> Self {
        self.warehouses.push(warehouse);
        self
    }

    /// With this payment term.
    pub fn payment_term(mut self, id: i32, name: impl Into<String>) -> Self {
        self.payment_terms.push((id, name.into()));
        self
    }

    /// With this product.
    pub fn product(mut self, product: StoredProduct) -> Self {
        self.products.push(product);
        self
    }
}
