//! List purchase orders: `GET /api/PurchaseOrders` (the vendor's
//! `PurchaseOrders_GetAll`), with the Swagger's `model.*` filters and
//! paging, answering `{Items, TotalResults}`.
//!
//! [`PurchaseOrders::list`](crate::PurchaseOrders::list) pages lazily
//! through every result as a [`futures::Stream`], as every list of this
//! crate does ([`crate::paging`]: on `TotalResults`, in the server's page
//! size, never looping).
//!
//! The page size is at most 50 ([`MAX_PAGE_SIZE`]). A larger value is sent
//! as 50, not refused.

use crate::client::Client;
use crate::ids::{CompanyId, PurchaseOrderId, WarehouseId};
use api_runtime::Result;
use api_runtime::call::Operation;
use chrono::{DateTime, FixedOffset};
use futures::Stream;
use sellercloud_api::enums::{
    PaymentStatus, PurchaseOrderStatus, QuickBooksExportedFilter, ReceivingStatus, ShippingStatus,
    VendorInvoicedFilter,
};
use sellercloud_api::types;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub use crate::paging::MAX_PAGE_SIZE;
use crate::paging::{ListPage, non_empty, paged};

const OPERATION: Operation = Operation::idempotent("list_purchase_orders");

/// Which purchase orders to list. Every filter is optional; list filters
/// are sent as repeated keys (`model.pOIds=1&model.pOIds=2`), dates with
/// their offset.
///
/// ```
/// use sellercloud::CompanyId;
/// use chrono::{TimeZone, Utc};
/// use sellercloud::{PurchaseOrderFilter, PurchaseOrderStatus};
///
/// let filter = PurchaseOrderFilter::new()
///     .company_id(CompanyId::new(1))
///     .status(PurchaseOrderStatus::Ordered)
///     .created_from(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
///     .page_size(100); // sent as 50
/// assert_eq!(filter.page_size_value(), 50);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PurchaseOrderFilter {
    ids: Vec<PurchaseOrderId>,
    company_ids: Vec<CompanyId>,
    statuses: Vec<PurchaseOrderStatus>,
    receive_warehouse_ids: Vec<WarehouseId>,
    shipping_statuses: Vec<ShippingStatus>,
    received_statuses: Vec<ReceivingStatus>,
    payment_statuses: Vec<PaymentStatus>,
    created_from: Option<DateTime<FixedOffset>>,
    created_to: Option<DateTime<FixedOffset>>,
    received_from: Option<DateTime<FixedOffset>>,
    received_to: Option<DateTime<FixedOffset>>,
    updated_from: Option<DateTime<FixedOffset>>,
    updated_to: Option<DateTime<FixedOffset>>,
    keyword: Option<String>,
    inventory_count_enabled: Option<bool>,
    approved: Option<bool>,
    vendor_invoiced: Option<VendorInvoicedFilter>,
    qb_exported: Option<QuickBooksExportedFilter>,
    page_size: i32,
}

impl Default for PurchaseOrderFilter {
    fn default() -> Self {
        PurchaseOrderFilter {
            ids: Vec::new(),
            company_ids: Vec::new(),
            statuses: Vec::new(),
            receive_warehouse_ids: Vec::new(),
            shipping_statuses: Vec::new(),
            received_statuses: Vec::new(),
            payment_statuses: Vec::new(),
            created_from: None,
            created_to: None,
            received_from: None,
            received_to: None,
            updated_from: None,
            updated_to: None,
            keyword: None,
            inventory_count_enabled: None,
            approved: None,
            vendor_invoiced: None,
            qb_exported: None,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

impl PurchaseOrderFilter {
    /// No filter: every purchase order, 50 a page.
    pub fn new() -> Self {
        Self::default()
    }

    /// `model.pOIds`: this purchase order (repeatable).
    pub fn id(mut self, id: PurchaseOrderId) -> Self {
        self.ids.push(id);
        self
    }

    /// `model.companyIDList`: purchase orders of this company (repeatable).
    pub fn company_id(mut self, id: CompanyId) -> Self {
        self.company_ids.push(id);
        self
    }

    /// `model.pOStatuses`: purchase orders in this status (repeatable).
    pub fn status(mut self, status: PurchaseOrderStatus) -> Self {
        self.statuses.push(status);
        self
    }

    /// `model.receiveWarehouseID`: received into this warehouse (repeatable).
    pub fn receive_warehouse_id(mut self, id: WarehouseId) -> Self {
        self.receive_warehouse_ids.push(id);
        self
    }

    /// `model.shippingStatuses` (repeatable).
    pub fn shipping_status(mut self, status: ShippingStatus) -> Self {
        self.shipping_statuses.push(status);
        self
    }

    /// `model.receivedStatuses` (repeatable).
    pub fn received_status(mut self, status: ReceivingStatus) -> Self {
        self.received_statuses.push(status);
        self
    }

    /// `model.paymentStatus` (repeatable; used by the server only while
    /// the client setting "Enable vendor invoices workflow" is off).
    pub fn payment_status(mut self, status: PaymentStatus) -> Self {
        self.payment_statuses.push(status);
        self
    }

    /// `model.createDateFrom`: created at or after.
    pub fn created_from(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.created_from = Some(at.into());
        self
    }

    /// `model.createDateTo`: created at or before.
    pub fn created_to(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.created_to = Some(at.into());
        self
    }

    /// `model.receiveDateFrom`.
    pub fn received_from(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.received_from = Some(at.into());
        self
    }

    /// `model.receiveDateTo`.
    pub fn received_to(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.received_to = Some(at.into());
        self
    }

    /// `model.updatedDateFrom`.
    pub fn updated_from(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.updated_from = Some(at.into());
        self
    }

    /// `model.updatedDateTo`.
    pub fn updated_to(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.updated_to = Some(at.into());
        self
    }

    /// `model.keyword`.
    pub fn keyword(mut self, keyword: impl Into<String>) -> Self {
        self.keyword = Some(keyword.into());
        self
    }

    /// `model.inventoryCountEnabled` (sent as 0 or 1).
    pub fn inventory_count_enabled(mut self, enabled: bool) -> Self {
        self.inventory_count_enabled = Some(enabled);
        self
    }

    /// `model.approved` (sent as 0 or 1).
    pub fn approved(mut self, approved: bool) -> Self {
        self.approved = Some(approved);
        self
    }

    /// `model.vendorInvoiced` (used only while "Enable vendor invoices
    /// workflow" is on).
    pub fn vendor_invoiced(mut self, filter: VendorInvoicedFilter) -> Self {
        self.vendor_invoiced = Some(filter);
        self
    }

    /// `model.qBExported`.
    pub fn qb_exported(mut self, filter: QuickBooksExportedFilter) -> Self {
        self.qb_exported = Some(filter);
        self
    }

    /// `model.pageSize`, 1 to [`MAX_PAGE_SIZE`] (50, the default); a value
    /// outside is brought inside (see the module docs).
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// The page size sent.
    pub fn page_size_value(&self) -> i32 {
        self.page_size
    }
}

/// One page: `page_number` counts from 1.
pub(crate) async fn page(
    client: &Client,
    filter: &PurchaseOrderFilter,
    page_number: i32,
) -> Result<types::PurchaseOrderList> {
    let f = filter;
    let flag = |b: Option<bool>| b.map(i32::from);
    let company_ids: Vec<i32> = f.company_ids.iter().map(|id| id.get()).collect();
    let ids: Vec<i32> = f.ids.iter().map(|id| id.get()).collect();
    let receive_warehouse_ids: Vec<i32> =
        f.receive_warehouse_ids.iter().map(|id| id.get()).collect();
    client
        .call(OPERATION, |api| {
            api.list_purchase_orders(
                flag(f.approved),
                non_empty(&company_ids),
                f.created_from.as_ref(),
                f.created_to.as_ref(),
                flag(f.inventory_count_enabled),
                f.keyword.as_deref(),
                non_empty(&ids),
                non_empty(&f.statuses),
                Some(page_number),
                Some(f.page_size),
                non_empty(&f.payment_statuses),
                f.qb_exported.as_ref(),
                f.received_from.as_ref(),
                f.received_to.as_ref(),
                non_empty(&receive_warehouse_ids),
                non_empty(&f.received_statuses),
                non_empty(&f.shipping_statuses),
                f.updated_from.as_ref(),
                f.updated_to.as_ref(),
                f.vendor_invoiced.as_ref(),
            )
        })
        .await?
        .decode(OPERATION.name)
}

/// Every purchase order the filter selects, paged lazily.
pub(crate) fn stream(
    client: Client,
    filter: PurchaseOrderFilter,
) -> impl Stream<Item = Result<types::PurchaseOrderSummary>> + Send + 'static {
    stream_counted(client, filter, Arc::default())
}

/// [`stream`], counting the list requests it makes in `requests`.
pub(crate) fn stream_counted(
    client: Client,
    filter: PurchaseOrderFilter,
    requests: Arc<AtomicU32>,
) -> impl Stream<Item = Result<types::PurchaseOrderSummary>> + Send + 'static {
    let size = filter.page_size;
    paged(
        size,
        |po: &types::PurchaseOrderSummary| po.id,
        move |number, size| {
            let client = client.clone();
            let filter = filter.clone().page_size(size);
            requests.fetch_add(1, Ordering::Relaxed);
            async move { Ok(page(&client, &filter, number).await?.into_page()) }
        },
    )
}
