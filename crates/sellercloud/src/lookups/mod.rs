//! The look-ups a purchase order sync needs before it creates one:
//! [`Lookups`], reached with [`Client::lookups`](crate::Client::lookups).
//! One module per endpoint: [`vendors`], [`companies`], [`warehouses`],
//! [`payment_terms`], [`catalog`] (products by SKU). An order is read with
//! [`Orders::get`](crate::Orders::get).
//!
//! The lists are streams paged lazily on `TotalResults`, 50 a page at most
//! ([`crate::paging`]); each page is one idempotent call, retried on
//! transient failures, and a failed page ends its stream with the error.
//! Each record comes with its ID typed ([`crate::answers`]).
//!
//! ```no_run
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! use futures::TryStreamExt;
//! use sellercloud::{ProductsBySku, VendorFilter, WarehouseFilter};
//! let lookups = client.lookups();
//! let vendor = lookups.vendors(VendorFilter::new().name("Acme Supplies")).try_next().await?;
//! let warehouses: Vec<_> = lookups.warehouses(WarehouseFilter::new().sellable(true)).try_collect().await?;
//! let net_30 = lookups.payment_terms().await?.into_iter().find(|t| t.name == "Net 30");
//! let product = lookups.products_by_sku(ProductsBySku::new("SKU-1")).try_next().await?;
//! # let _ = (vendor, warehouses, net_30, product);
//! # Ok(()) }
//! ```

pub mod catalog;
pub mod companies;
pub mod payment_terms;
pub mod vendors;
pub mod warehouses;

use crate::answers::{ListedCompany, ListedProduct, ListedVendor, ListedWarehouse, PaymentTerm};
use crate::client::Client;
use api_runtime::Result;
use catalog::ProductsBySku;
use companies::CompanyFilter;
use futures::Stream;
use vendors::VendorFilter;
use warehouses::WarehouseFilter;

/// The look-ups of a [`Client`].
#[derive(Clone, Copy, Debug)]
pub struct Lookups<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> Lookups<'a> {
    /// The vendors `filter` selects (`GET /api/Vendors`), paged lazily.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use futures::TryStreamExt;
    /// let acme = client.lookups().vendors(sellercloud::VendorFilter::new().name("Acme").active(true)).try_next().await?;
    /// if let Some(vendor) = acme { println!("vendor {}", vendor.id) }
    /// # Ok(()) }
    /// ```
    pub fn vendors(
        &self,
        filter: VendorFilter,
    ) -> impl Stream<Item = Result<ListedVendor>> + Send + Unpin + 'static {
        vendors::stream(self.client.clone(), filter)
    }

    /// The companies `filter` selects (`GET /api/Companies`), paged lazily.
    pub fn companies(
        &self,
        filter: CompanyFilter,
    ) -> impl Stream<Item = Result<ListedCompany>> + Send + Unpin + 'static {
        companies::stream(self.client.clone(), filter)
    }

    /// The warehouses `filter` selects (`GET /api/Warehouses`), paged lazily.
    pub fn warehouses(
        &self,
        filter: WarehouseFilter,
    ) -> impl Stream<Item = Result<ListedWarehouse>> + Send + Unpin + 'static {
        warehouses::stream(self.client.clone(), filter)
    }

    /// Every payment term (`GET /api/Settings/PaymentTerms`): the IDs a
    /// purchase order's `PaymentTermID` takes.
    pub async fn payment_terms(&self) -> Result<Vec<PaymentTerm>> {
        payment_terms::send(self.client).await
    }

    /// The catalog's products of one SKU (`GET /api/Catalog?model.sKU=`),
    /// paged lazily; a blank SKU is an [`Error::Validation`](crate::Error::Validation)
    /// and nothing is sent.
    pub fn products_by_sku(
        &self,
        lookup: ProductsBySku,
    ) -> impl Stream<Item = Result<ListedProduct>> + Send + Unpin + 'static {
        catalog::stream(self.client.clone(), lookup)
    }
}
