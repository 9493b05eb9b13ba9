//! The read routes' answers, with the Swagger's property names and order:
//! `PoItemsDto`, `PoDetailsDto` and `PoMultipleDataDto`.
//!
//! Where the fake keeps no state for a field (payments, approvals, custom
//! columns, the client's display settings) it sends what .NET sends for an
//! unset value: `null` for references and nullable values, `false`, `0`, or
//! an empty list.

use super::config::EnumFormat;
use super::enums::{DiscountType, NO_PAYMENT, VendorEnum};
use super::model::{StoredAddress, StoredPurchaseOrder, StoredPurchaseOrderItem};
use crate::out::Out;
use crate::server::dotnet_naive;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use rust_decimal::Decimal;

/// What the answers need besides the purchase order.
pub(crate) struct Writer<'a> {
    pub(crate) enums: EnumFormat,
    /// The zone the server writes its times in, without offset.
    pub(crate) zone: FixedOffset,
    /// The API user, shown as `CreatedBy` and the like.
    pub(crate) username: &'a str,
}

/// Money of one item, by the fake's arithmetic (the vendor documents none):
/// the line is `QtyUnitsOrdered` × `UnitPrice`, or in case mode
/// `QtyCasesOrdered` × `CasePrice`; a `FixedAmount` discount takes its value
/// off the line, a `Percentage` discount that share of it.
pub(crate) struct Line {
    pub(crate) gross: Decimal,
    pub(crate) discount: Decimal,
}

impl Line {
    pub(crate) fn of(item: &StoredPurchaseOrderItem, case_mode: bool) -> Line {
        let (qty, price) = if case_mode {
            (item.qty_cases_ordered, item.case_price)
        } else {
            (item.qty_units_ordered, item.unit_price)
        };
        let gross = Decimal::from(qty.unwrap_or(0))
            .checked_mul(price.unwrap_or(Decimal::ZERO))
            .unwrap_or(Decimal::MAX);
        let discount = match (item.discount_type, item.discount_value) {
            (Some(DiscountType::FixedAmount), Some(value)) => value,
            (Some(DiscountType::Percentage), Some(value)) => gross
                .checked_mul(value)
                .map_or(Decimal::ZERO, |d| d / Decimal::ONE_HUNDRED),
            _ => Decimal::ZERO,
        };
        Line { gross, discount }
    }

    pub(crate) fn net(&self) -> Decimal {
        self.gross
            .checked_sub(self.discount)
            .unwrap_or(Decimal::MIN)
    }
}

/// Totals of a purchase order.
struct Totals {
    sub_total: Decimal,
    discount: Decimal,
    shipping: Decimal,
    unreceived: Decimal,
}

impl Totals {
    fn of(po: &StoredPurchaseOrder) -> Totals {
        let mut totals = Totals {
            sub_total: Decimal::ZERO,
            discount: Decimal::ZERO,
            shipping: po
                .receipts
                .iter()
                .filter_map(|r| r.shipping_cost)
                .fold(Decimal::ZERO, |a, b| a.saturating_add(b)),
            unreceived: Decimal::ZERO,
        };
        for item in &po.items {
            let line = Line::of(item, po.case_qty_mode);
            totals.sub_total = totals.sub_total.saturating_add(line.gross);
            totals.discount = totals.discount.saturating_add(line.discount);
            let ordered = item.units_ordered(po.case_qty_mode);
            if ordered > 0 {
                let open = (ordered - i64::from(item.qty_received)).max(0);
                let share = line
                    .net()
                    .checked_mul(Decimal::from(open))
                    .and_then(|d| d.checked_div(Decimal::from(ordered)))
                    .unwrap_or(Decimal::ZERO);
                totals.unreceived = totals.unreceived.saturating_add(share.round_dp(4));
            }
        }
        totals
    }

    fn grand(&self) -> Decimal {
        self.sub_total
            .saturating_sub(self.discount)
            .saturating_add(self.shipping)
    }
}

impl Writer<'_> {
    fn enumeration<E: VendorEnum>(&self, value: E) -> Out {
        self.enum_entry(value.entry())
    }

    fn enum_entry(&self, (name, code): (&str, i64)) -> Out {
        match self.enums {
            EnumFormat::Names => Out::str(name),
            _ => Out::int(code),
        }
    }

    fn naive(&self, time: Option<NaiveDateTime>) -> Out {
        Out::opt(time, |t| Out::Str(dotnet_naive(t)))
    }

    /// A stored date with offset, as the server writes it: in its zone, without offset.
    fn local(&self, time: Option<DateTime<FixedOffset>>) -> Out {
        self.naive(time.map(|t| t.with_timezone(&self.zone).naive_local()))
    }

    fn discount_type(&self, value: Option<DiscountType>) -> Out {
        Out::opt(value, |d| self.enumeration(d))
    }

    /// `PoItemDto`.
    fn item(&self, item: &StoredPurchaseOrderItem) -> Out {
        Out::obj([
            ("ID", Out::int(item.id)),
            ("ProductID", Out::str(&item.product_id)),
            ("ProductName", Out::opt(item.product_name.clone(), Out::Str)),
            (
                "QtyUnitsOrdered",
                Out::opt(item.qty_units_ordered, Out::int),
            ),
            ("UnitPrice", Out::opt(item.unit_price, Out::decimal)),
            (
                "QtyCasesOrdered",
                Out::opt(item.qty_cases_ordered, Out::int),
            ),
            (
                "QtyUnitsPerCase",
                Out::opt(item.qty_units_per_case, Out::int),
            ),
            ("CasePrice", Out::opt(item.case_price, Out::decimal)),
            ("DiscountType", self.discount_type(item.discount_type)),
            ("DiscountValue", Out::opt(item.discount_value, Out::decimal)),
            (
                "ExpectedDeliveryDate",
                self.local(item.expected_delivery_date),
            ),
        ])
    }

    /// `PoItemsDto`, the answer of `GET .../Items`.
    pub(crate) fn items(&self, po: &StoredPurchaseOrder) -> Out {
        Out::obj([
            ("PoCaseQtyEnabled", Out::Bool(po.case_qty_mode)),
            (
                "Items",
                Out::Arr(po.items.iter().map(|i| self.item(i)).collect()),
            ),
        ])
    }

    fn invoice_number(po: &StoredPurchaseOrder) -> Option<String> {
        po.receipts
            .iter()
            .rev()
            .find_map(|r| r.receive_invoice_number.clone())
    }

    /// `PoDetailsDto`, the answer of `GET /api/PurchaseOrders/{id}`.
    pub(crate) fn details(&self, po: &StoredPurchaseOrder, require_expected_delivery: bool) -> Out {
        let totals = Totals::of(po);
        let received_by = po.received_on.map(|_| Out::str(self.username));
        let purchase = Out::obj([
            ("POId", Out::int(po.id)),
            ("CompanyId", Out::int(po.company_id)),
            ("VendorId", Out::int(po.vendor_id)),
            ("OrderedOn", Out::Null),
            ("RequestedOn", Out::Null),
            ("OrderType", self.enum_entry(("Default", 0))),
            ("OrderTypeEnable", Out::Bool(false)),
            ("POType", self.enumeration(po.po_type)),
            ("Description", Out::opt(po.description.clone(), Out::Str)),
            (
                "DefaultWarehouseID",
                Out::opt(po.default_warehouse_id, Out::int),
            ),
            ("ExpectedDelivery", self.local(po.expected_delivery_date)),
            (
                "RequireExpectedDeliveryDate",
                Out::Bool(require_expected_delivery),
            ),
            ("CancelByDate", Out::Null),
            ("CreditMemoID", Out::Null),
            ("CurrencyCode", self.enum_entry(("USD", 0))),
            ("CurrencyRateToUSD", Out::int(1)),
            ("CurrencyRateFromUSD", Out::int(1)),
            ("ReceivingStatus", self.enumeration(po.receiving_status)),
            ("RelatedFbaId", Out::Null),
            ("Instructions", Out::Null),
            ("IsQBExported", Out::Bool(false)),
            ("IsWarehouseBinsEnabled", Out::Bool(false)),
            ("IsModified", Out::Bool(false)),
        ]);
        let vendor_and_invoice = Out::obj([
            ("PaymentTermID", Out::opt(po.payment_term_id, Out::int)),
            (
                "InvoiceNumber",
                Out::opt(Self::invoice_number(po), Out::Str),
            ),
            ("InvoiceDate", Out::Null),
            ("VendorInvoice", Out::Null),
            ("Memo", Out::opt(po.vendor_note.clone(), Out::Str)),
            ("InvoiceLineCount", Out::Null),
            ("InvoiceLink", Out::Null),
            ("EnableVendorInvoicesWorkflow", Out::Bool(false)),
            ("EnableMultipleinvoicesforpurchaseorders", Out::Bool(false)),
            ("PaymentStatus", self.enum_entry(NO_PAYMENT)),
            ("Balance", Out::decimal(totals.grand())),
            ("TotalPaid", Out::int(0)),
            ("TotalRefunded", Out::int(0)),
            ("OverRecived", Out::int(0)),
            ("IsModified", Out::Bool(false)),
        ]);
        let changes = Out::obj([
            ("CreatedBy", Out::str(self.username)),
            ("CreatedByEmployeeId", Out::Null),
            ("CreatedOn", self.naive(po.created_on)),
            ("UpdatedBy", Out::str(self.username)),
            ("UpdatedByEmployeeId", Out::Null),
            ("UpdatedOn", self.naive(po.updated_on)),
            ("ApprovedBy", Out::Null),
            ("ApprovedByEmployeeId", Out::Null),
            ("ApprovedOn", Out::Null),
            ("ReceivedBy", received_by.unwrap_or(Out::Null)),
            ("ReceivedByEmployeeId", Out::Null),
            ("ReceivedOn", self.naive(po.received_on)),
        ]);
        let mut total_info = vec![
            ("DiscountTotal", Out::decimal(totals.discount)),
            ("DiscountTotalFixed", Out::Bool(false)),
            ("MultiDiscountTotal", Out::int(0)),
            ("EnableMultiDiscountForPurchaseOrder", Out::Bool(false)),
            ("SubTotal", Out::decimal(totals.sub_total)),
            ("FreeShipping", Out::Bool(false)),
            ("ShippingTotal", Out::decimal(totals.shipping)),
            ("EnableShippingTotal", Out::Bool(false)),
        ];
        for zero in [
            "DropShipFeeTotal",
            "ShippingTotalThirdParty",
            "CustomsTotal",
            "TaxTotal",
            "OtherTotal",
            "SmallOrderFee",
            "CreditCardFee",
        ] {
            total_info.push((zero, Out::int(0)));
        }
        total_info.push(("GrandTotal", Out::decimal(totals.grand())));
        total_info.push(("UnreceivedTotal", Out::decimal(totals.unreceived)));
        total_info.push((
            "IsFullyRecivedandshipped",
            Out::Bool(
                po.receiving_status == super::enums::ReceivingStatus::FullyReceived
                    && po.shipping.status == super::enums::ShippingStatus::FullyShipped,
            ),
        ));
        total_info.push(("IsModified", Out::Bool(false)));
        let metadata = Out::obj([
            ("PurchaseOrderCurrencyDigitsCount", Out::int(2)),
            ("EnableCaseQty", Out::Bool(po.case_qty_mode)),
            ("EnabledMultipleDiscounts", Out::Bool(false)),
            ("FixedTotalDiscount", Out::Bool(false)),
            ("EnablePerCaseQtyModeSetting", Out::Bool(true)),
        ]);
        let statuses = Out::obj([
            ("Status", self.enumeration(po.status)),
            ("IsApproved", Out::Bool(false)),
            ("Priority", self.enum_entry(("Normal", 0))),
            ("ShippingStatus", self.enumeration(po.shipping.status)),
            ("ReceivingStatus", self.enumeration(po.receiving_status)),
            ("PaymentStatus", self.enum_entry(NO_PAYMENT)),
            ("InvoicedStatus", Out::Null),
            ("InventoryCount", Out::Null),
            ("EmailSent", Out::Null),
        ]);
        Out::obj([
            ("Purchase", purchase),
            ("RelatedPurchaseOrders", Out::Arr(Vec::new())),
            ("VendorAndInvoice", vendor_and_invoice),
            ("Changes", changes),
            ("RelatedItems", Out::Arr(Vec::new())),
            ("TotalInfo", Out::Obj(total_info)),
            ("CustomColumns", Out::Arr(Vec::new())),
            ("Metadata", metadata),
            ("Statuses", statuses),
            ("ShowProductImageForItems", Out::Bool(false)),
            ("EnablePoPrSellQuantity", Out::Bool(false)),
            ("NotesCount", Out::int(0)),
            ("IsModified", Out::Bool(false)),
        ])
    }

    /// `PurchaseOrderItemDto`, an item as the list shows it. `QtyOrdered` is
    /// in units ([`StoredPurchaseOrderItem::units_ordered`]); in case mode
    /// `UnitPrice` is `CasePrice` / `QtyUnitsPerCase`, rounded to 4 places.
    fn list_item(&self, item: &StoredPurchaseOrderItem, case_mode: bool) -> Out {
        let ordered = item.units_ordered(case_mode);
        let line = Line::of(item, case_mode);
        let per_unit = |total: Decimal| {
            (ordered > 0)
                .then(|| total.checked_div(Decimal::from(ordered)))
                .flatten()
                .map(|d| d.round_dp(4))
        };
        let unit_price = if case_mode {
            item.case_price.and_then(|p| {
                let per_case = Decimal::from(item.qty_units_per_case.unwrap_or(1));
                p.checked_div(per_case).map(|d| d.round_dp(4))
            })
        } else {
            item.unit_price
        };
        Out::obj([
            ("ID", Out::int(item.id)),
            ("SKU", Out::str(&item.product_id)),
            ("VendorSKU", Out::Null),
            ("ProductName", Out::opt(item.product_name.clone(), Out::Str)),
            ("QtyOrdered", Out::int(ordered)),
            ("QtyReceived", Out::int(item.qty_received)),
            ("UnitPrice", Out::opt(unit_price, Out::decimal)),
            (
                "AdjustedPrice",
                Out::opt(per_unit(line.net()), Out::decimal),
            ),
            ("LineTotal", Out::decimal(line.net())),
            (
                "ExpectedDeliveryDate",
                self.local(item.expected_delivery_date),
            ),
            ("ItemNotes", Out::opt(item.item_notes.clone(), Out::Str)),
        ])
    }

    /// `BVSoftware.BVC.Core.Contacts.Address`, the list's `ShipToAddress`,
    /// from the purchase order's `ShippingAddress`.
    fn ship_to(address: &StoredAddress) -> Out {
        let s = |v: &Option<String>| Out::opt(v.clone(), Out::Str);
        Out::obj([
            ("IsShippingAddress", Out::Bool(true)),
            ("IsBillingAddress", Out::Bool(false)),
            ("FirstName", s(&address.first_name)),
            ("MiddleInitial", s(&address.middle_name)),
            ("LastName", s(&address.last_name)),
            ("CompanyName", s(&address.business)),
            ("StreetLine1", s(&address.address_line1)),
            ("StreetLine2", s(&address.address_line2)),
            ("City", s(&address.city)),
            ("StateName", s(&address.region)),
            ("StateCode", s(&address.state)),
            ("PostalCode", s(&address.zip_code)),
            ("CountryCode", s(&address.country)),
            ("PhoneNumber", s(&address.phone)),
            ("FaxNumber", s(&address.fax)),
        ])
    }

    /// `PoMultipleDataDto`, one purchase order in the list.
    pub(crate) fn list_entry(&self, po: &StoredPurchaseOrder) -> Out {
        let totals = Totals::of(po);
        let shipping = &po.shipping;
        let tracking = if shipping.tracking_number.is_some() || shipping.shipped_on.is_some() {
            vec![Out::obj([
                ("ShippedOn", self.local(shipping.shipped_on)),
                (
                    "ShippingCarrier",
                    Out::opt(shipping.shipped_via_carrier.clone(), Out::Str),
                ),
                (
                    "TrackingNumber",
                    Out::opt(shipping.tracking_number.clone(), Out::Str),
                ),
            ])]
        } else {
            Vec::new()
        };
        let invoices = po
            .receipts
            .iter()
            .filter_map(|r| r.receive_invoice_number.clone())
            .map(|n| Out::obj([("InvoiceNumber", Out::Str(n))]))
            .collect();
        let units: i64 = po
            .items
            .iter()
            .map(|i| i.units_ordered(po.case_qty_mode))
            .sum();
        Out::obj([
            ("EmailSentCount", Out::int(0)),
            ("DisableInventoryCount", Out::Bool(false)),
            ("POType", self.enumeration(po.po_type)),
            ("CancelledPOID", Out::Null),
            ("TotalBalance", Out::decimal(totals.grand())),
            (
                "TotalBalanceNotReceivedGood",
                Out::decimal(totals.unreceived),
            ),
            ("VendorID", Out::int(po.vendor_id)),
            ("PurchaseTitle", Out::opt(po.description.clone(), Out::Str)),
            ("CreatedOn", self.naive(po.created_on)),
            ("CreatedBy", Out::Null),
            ("OrderTotal", Out::decimal(totals.sub_total)),
            ("TaxTotal", Out::int(0)),
            ("ShippingTotal", Out::decimal(totals.shipping)),
            ("GrandTotal", Out::decimal(totals.grand())),
            ("DateOrdered", Out::Null),
            ("LastRevisedOn", self.naive(po.updated_on)),
            ("RevisedBy", Out::Null),
            ("PurchaseOrderStatus", self.enumeration(po.status)),
            ("PaymentStatus", self.enum_entry(NO_PAYMENT)),
            ("ExtraCharges", Out::int(0)),
            ("TotalRefunded", Out::int(0)),
            (
                "PurchaseOrdersShippingStatus",
                self.enumeration(shipping.status),
            ),
            (
                "TrackingNumber",
                Out::opt(shipping.tracking_number.clone(), Out::Str),
            ),
            ("TrackingNumbers", Out::Arr(tracking)),
            ("ShippedOn", self.local(shipping.shipped_on)),
            (
                "CourierService",
                Out::opt(shipping.shipped_via_carrier.clone(), Out::Str),
            ),
            ("PurchaseOrdersPriority", self.enum_entry(("Normal", 0))),
            ("ReceivingStatus", self.enumeration(po.receiving_status)),
            ("CompanyID", Out::int(po.company_id)),
            ("PurchaseOrdersApproved", Out::Bool(false)),
            ("DropShipOrderNumber", Out::Null),
            (
                "VendorInvoiceNumber",
                Out::opt(Self::invoice_number(po), Out::Str),
            ),
            ("VendorInvoiceFileName", Out::Null),
            ("VendorInvoiceFileNameOriginal", Out::Null),
            ("Invoices", Out::Arr(invoices)),
            ("Memo", Out::opt(po.vendor_note.clone(), Out::Str)),
            (
                "ExpectedDeliveryDate",
                self.local(po.expected_delivery_date),
            ),
            ("DiscountTotal", Out::decimal(totals.discount)),
            ("bExported", Out::Bool(false)),
            ("DisplayName", Out::Null),
            ("CM", Out::Null),
            ("NotesCount", Out::int(0)),
            ("PaidOn", Out::Null),
            ("UnitCounts", Out::int(units)),
            (
                "PurchaseOrderCreditMemo",
                Out::Bool(po.po_type == super::enums::PoType::CreditMemo),
            ),
            ("WarehouseID", Out::opt(po.default_warehouse_id, Out::int)),
            (
                "Items",
                Out::Arr(
                    po.items
                        .iter()
                        .map(|i| self.list_item(i, po.case_qty_mode))
                        .collect(),
                ),
            ),
            ("RequestedShippingCarrier", Out::Null),
            ("RequestedShippingService", Out::Null),
            (
                "ShipToAddress",
                Out::opt(po.shipping_address.as_ref(), Self::ship_to),
            ),
            ("ID", Out::int(po.id)),
        ])
    }
}
