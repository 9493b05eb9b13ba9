//! The look-up routes: `GET /api/Vendors`, `/api/Companies`,
//! `/api/Warehouses`, `/api/Settings/PaymentTerms`, `/api/Catalog`, served
//! from [`StoredLookups`](super::StoredLookups).
//!
//! Queries bind as the purchase order list's do (names with or without
//! `model.`, any case, arrays repeated or comma-separated, a value that
//! does not bind is 400 with `ModelState` under its name as sent, unknown
//! parameters ignored). Lists answer `{Items, TotalResults}` by ascending
//! ID (the catalog by SKU), `pageNumber` from 1, `pageSize` capped at
//! [`SellercloudConfig::max_page_size`](super::SellercloudConfig::max_page_size)
//! like every list. Text filters match whole values, ignoring ASCII case
//! (vendor `names`, warehouse `name`, catalog `sKU`); the company `keyword`
//! is a substring of the name. These matchings are the fake's choice: the
//! Swagger names the filters and nothing more.

use super::app::SellercloudApp;
use super::lookup_model::{StoredCompany, StoredProduct, StoredVendor, StoredWarehouse};
use super::query::canonical;
use super::rules::invalid;
use crate::json::Violations;
use crate::out::Out;
use crate::server::Reply;
use http::StatusCode;
use std::collections::HashMap;

/// A look-up's query: values by canonical name, and the page.
struct Params {
    values: HashMap<String, Vec<(String, String)>>,
    page_number: usize,
    page_size: usize,
}

impl Params {
    fn parse(query: Option<&str>, cap: usize) -> Result<Params, Reply> {
        let mut values: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let value = value.trim();
            if !value.is_empty() {
                values
                    .entry(canonical(&key))
                    .or_default()
                    .push((key.to_string(), value.to_owned()));
            }
        }
        let mut params = Params {
            values,
            page_number: 1,
            page_size: cap,
        };
        let mut v = Violations::default();
        if let Some(n) = params.int(&mut v, "pagenumber").first() {
            params.page_number = (*n).max(1) as usize;
        }
        if let Some(n) = params.int(&mut v, "pagesize").first() {
            params.page_size = if *n >= 1 { (*n as usize).min(cap) } else { cap };
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        Ok(params)
    }

    fn int(&self, v: &mut Violations, name: &str) -> Vec<i32> {
        let mut out = Vec::new();
        let values = self.values.get(name).into_iter().flatten();
        let items = values.flat_map(|(key, value)| value.split(',').map(move |i| (key, i.trim())));
        for (key, item) in items {
            match item.parse() {
                Ok(n) => out.push(n),
                Err(_) => v.add(key.as_str(), format!("The value '{item}' is not valid.")),
            }
        }
        out
    }

    fn text(&self, name: &str) -> Vec<&str> {
        let values = self.values.get(name).into_iter().flatten();
        values.map(|(_, item)| item.as_str()).collect()
    }

    /// A yes/no filter given by name (`Yes`, `No`, `All`, any case) or by
    /// the numbers `codes` (yes, no, all); `None` for all.
    fn yes_no(&self, v: &mut Violations, name: &str, codes: [&str; 3]) -> Option<bool> {
        let (key, item) = self.values.get(name)?.first()?;
        let lower = item.to_ascii_lowercase();
        match lower.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            "all" => None,
            s if s == codes[0] => Some(true),
            s if s == codes[1] => Some(false),
            s if s == codes[2] => None,
            _ => {
                v.add(key.as_str(), format!("The value '{item}' is not valid."));
                None
            }
        }
    }

    /// One page of `found` as `{Items, TotalResults}`.
    fn page(&self, found: Vec<Out>) -> Reply {
        let total = found.len();
        let skip = (self.page_number - 1).saturating_mul(self.page_size);
        let items = found.into_iter().skip(skip).take(self.page_size).collect();
        let body = Out::obj([
            ("Items", Out::Arr(items)),
            ("TotalResults", Out::int(total as i64)),
        ]);
        Reply::json_text(StatusCode::OK, body.to_json())
    }
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn vendor(v: &StoredVendor) -> Out {
    Out::obj([
        ("Email", Out::opt(v.email.clone(), Out::str)),
        ("ID", Out::int(v.id)),
        ("IsDefault", Out::Bool(v.is_default)),
        ("Name", Out::str(v.name.clone())),
    ])
}

fn company(c: &StoredCompany) -> Out {
    Out::obj([
        ("AmazonMarketplace", Out::Null),
        ("CompanyName", Out::str(c.name.clone())),
        ("CustomColumns", Out::Arr(Vec::new())),
        ("EnabledOnChannels", Out::Arr(Vec::new())),
        ("ID", Out::int(c.id)),
        ("IsDefaultCompany", Out::Bool(c.is_default)),
        ("IsDisabled", Out::Bool(c.is_disabled)),
        ("ScheduledTasksCount", Out::int(0)),
    ])
}

fn warehouse(w: &StoredWarehouse) -> Out {
    Out::obj([
        ("ID", Out::int(w.id)),
        ("Name", Out::str(w.name.clone())),
        ("IsDefault", Out::Bool(w.is_default)),
        ("IsSellAble", Out::Bool(w.is_sellable)),
        ("EnforceBins", Out::Bool(false)),
        ("WarehouseType", Out::int(w.warehouse_type)),
        ("WarehouseAddress", Out::Null),
    ])
}

fn product(p: &StoredProduct) -> Out {
    Out::obj([
        ("ID", Out::str(p.sku.clone())),
        ("ProductName", Out::str(p.name.clone())),
        ("CompanyID", Out::int(p.company_id)),
        ("SiteCost", Out::opt(p.site_cost, Out::decimal)),
        (
            "DefaultVendor",
            Out::opt(p.default_vendor.clone(), Out::str),
        ),
        ("UPC", Out::opt(p.upc.clone(), Out::str)),
    ])
}

/// The warehouse type filter: a name of the Swagger's list or its number.
const WAREHOUSE_TYPES: [&str; 8] = [
    "normal",
    "fba",
    "un_tested",
    "interim",
    "dropship",
    "newegg",
    "cdiscount",
    "wfs",
];

impl SellercloudApp {
    fn params(&self, query: Option<&str>) -> Result<Params, Reply> {
        Params::parse(query, self.config.max_page_size)
    }

    /// `GET /api/Vendors`: `vendorIDs`, `names`, `email`, `activeStatus`
    /// (1 active, 0 inactive, anything else all).
    pub(crate) fn list_vendors(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let p = self.params(query)?;
        let mut v = Violations::default();
        let ids = p.int(&mut v, "vendorids");
        let active = p.int(&mut v, "activestatus").first().copied();
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let (names, email) = (p.text("names"), p.text("email"));
        let mut found: Vec<&StoredVendor> = Vec::new();
        let state = self.state();
        for vendor in &state.lookups.vendors {
            let by_active = match active {
                Some(1) => vendor.active,
                Some(0) => !vendor.active,
                _ => true,
            };
            if (ids.is_empty() || ids.contains(&vendor.id))
                && (names.is_empty() || names.iter().any(|n| same(n, &vendor.name)))
                && email
                    .first()
                    .is_none_or(|e| vendor.email.as_deref().is_some_and(|m| same(e, m)))
                && by_active
            {
                found.push(vendor);
            }
        }
        found.sort_by_key(|v| v.id);
        Ok(p.page(found.into_iter().map(vendor).collect()))
    }

    /// `GET /api/Companies`: `companyID`, `keyword` (`channel` is accepted
    /// and ignored: the fake keeps no channels).
    pub(crate) fn list_companies(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let p = self.params(query)?;
        let mut v = Violations::default();
        let ids = p.int(&mut v, "companyid");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let keyword = p.text("keyword").first().map(|k| k.to_lowercase());
        let state = self.state();
        let mut found: Vec<&StoredCompany> = state
            .lookups
            .companies
            .iter()
            .filter(|c| ids.is_empty() || ids.contains(&c.id))
            .filter(|c| {
                keyword
                    .as_deref()
                    .is_none_or(|k| c.name.to_lowercase().contains(k))
            })
            .collect();
        found.sort_by_key(|c| c.id);
        Ok(p.page(found.into_iter().map(company).collect()))
    }

    /// `GET /api/Warehouses`: `warehouseIds`, `warehouseType` (name or
    /// number), `name`, `isDefault` and `isSellable` ("0 = All, 1 = Yes, 2
    /// = No", or the names).
    pub(crate) fn list_warehouses(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let p = self.params(query)?;
        let mut v = Violations::default();
        let ids = p.int(&mut v, "warehouseids");
        let is_default = p.yes_no(&mut v, "isdefault", ["1", "2", "0"]);
        let is_sellable = p.yes_no(&mut v, "issellable", ["1", "2", "0"]);
        let mut kind = None;
        if let Some((key, item)) = p.values.get("warehousetype").and_then(|w| w.first()) {
            let lower = item.to_ascii_lowercase();
            kind = WAREHOUSE_TYPES
                .iter()
                .position(|t| *t == lower)
                .map(|i| i as i32)
                .or_else(|| lower.parse().ok().filter(|n| (0..8).contains(n)));
            if kind.is_none() {
                v.add(key.as_str(), format!("The value '{item}' is not valid."));
            }
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let name = p.text("name");
        let state = self.state();
        let mut found: Vec<&StoredWarehouse> = state
            .lookups
            .warehouses
            .iter()
            .filter(|w| ids.is_empty() || ids.contains(&w.id))
            .filter(|w| name.first().is_none_or(|n| same(n, &w.name)))
            .filter(|w| kind.is_none_or(|k| k == w.warehouse_type))
            .filter(|w| is_default.is_none_or(|d| d == w.is_default))
            .filter(|w| is_sellable.is_none_or(|s| s == w.is_sellable))
            .collect();
        found.sort_by_key(|w| w.id);
        Ok(p.page(found.into_iter().map(warehouse).collect()))
    }

    /// `GET /api/Settings/PaymentTerms`: every term as `[{Key, Value}]`.
    pub(crate) fn list_payment_terms(&self) -> Result<Reply, Reply> {
        let state = self.state();
        let terms = state.lookups.payment_terms.iter().map(|(id, name)| {
            Out::obj([("Key", Out::int(*id)), ("Value", Out::str(name.clone()))])
        });
        let body = Out::Arr(terms.collect());
        Ok(Reply::json_text(StatusCode::OK, body.to_json()))
    }

    /// `GET /api/Catalog`: `sKU` and `activeStatus` ("0 = No, 1 = Yes, -1
    /// = All", or the names); the other filters are accepted and ignored.
    pub(crate) fn list_catalog(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let p = self.params(query)?;
        let mut v = Violations::default();
        let active = p.yes_no(&mut v, "activestatus", ["1", "0", "-1"]);
        if !v.is_empty() {
            return Err(invalid(v));
        }
        // "List of product IDs": one SKU, or several separated by commas.
        let sku: Vec<&str> = p
            .text("sku")
            .into_iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .collect();
        let state = self.state();
        let mut found: Vec<&StoredProduct> = state
            .lookups
            .products
            .iter()
            .filter(|x| sku.is_empty() || sku.iter().any(|s| same(s, &x.sku)))
            .filter(|x| active.is_none_or(|a| a == x.active))
            .collect();
        found.sort_by(|a, b| a.sku.cmp(&b.sku));
        Ok(p.page(found.into_iter().map(product).collect()))
    }
}
