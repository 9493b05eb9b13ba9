//! The vendor's enums the fake interprets, with their names and numbers from
//! the Swagger (`x-enumNames`) and `facts.md`.
//!
//! Requests may send an enum as its name (matched ASCII case-insensitively,
//! as Json.NET does) or its number; answers send numbers or names as
//! [`EnumFormat`](super::EnumFormat) says.

use std::fmt;

/// The name/number table of one vendor enum.
pub(crate) trait VendorEnum: Copy + PartialEq + 'static {
    /// The enum's name in messages.
    const NAME: &'static str;
    const TABLE: &'static [(&'static str, i64, Self)];

    fn entry(self) -> (&'static str, i64) {
        Self::TABLE
            .iter()
            .find(|(_, _, v)| *v == self)
            .map_or(("", 0), |(name, code, _)| (*name, *code))
    }

    /// The value with this name (ASCII case-insensitive) or number.
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.parse::<i64>() {
            Ok(code) => Self::TABLE.iter().find(|(_, c, _)| *c == code),
            Err(_) => Self::TABLE
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(text)),
        }
        .map(|(_, _, v)| *v)
    }

    /// The accepted values, for messages: `Saved (0), Ordered (1), ...`.
    fn expected() -> String {
        let names: Vec<String> = Self::TABLE
            .iter()
            .map(|(n, c, _)| format!("{n} ({c})"))
            .collect();
        names.join(", ")
    }
}

macro_rules! vendor_enum {
    (
        $(#[$meta:meta])*
        $name:ident as $wire:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl VendorEnum for $name {
            const NAME: &'static str = $wire;
            const TABLE: &'static [(&'static str, i64, Self)] =
                &[ $( (stringify!($variant), $code, $name::$variant), )+ ];
        }
    };
}

vendor_enum! {
    /// Kind of purchase order (the vendor's `POType`).
    ///
    /// The fake accepts the name (ASCII case-insensitively, as Json.NET does) or
    /// the number; other values are rejected with 400.
    #[derive(Default)]
    PoType as "POType" {
        /// `StoredPurchaseOrder` (0).
        #[default]
        PurchaseOrder = 0,
        /// `CreditMemo` (1).
        CreditMemo = 1,
        /// `VendorOffer` (2).
        VendorOffer = 2,
    }
}

vendor_enum! {
    /// How a line discount is read (the vendor's `DiscountType`). Accepted as
    /// name or number like [`PoType`].
    DiscountType as "DiscountType" {
        /// `FixedAmount` (0): an amount of money.
        FixedAmount = 0,
        /// `Percentage` (1): a percentage.
        Percentage = 1,
    }
}

vendor_enum! {
    /// Status of a purchase order (the Swagger's `PurchaseOrderStatusesDto.Status`
    /// and the `pOStatuses` list filter, whose `Select` (-1) means "any").
    ///
    /// New purchase orders are `Saved`; the fake moves one to `Received` when
    /// receiving makes it fully received and changes it in no other way (the
    /// vendor documents no transitions; seed another status to test others).
    #[derive(Default)]
    #[non_exhaustive]
    PoStatus as "PurchaseOrderStatus" {
        /// `Saved` (0).
        #[default]
        Saved = 0,
        /// `Ordered` (1).
        Ordered = 1,
        /// `Pending` (2).
        Pending = 2,
        /// `Received` (3).
        Received = 3,
        /// `Cancelled` (4).
        Cancelled = 4,
        /// `Completed` (5).
        Completed = 5,
    }
}

vendor_enum! {
    /// Receiving status of a purchase order (the Swagger's `ReceivingStatus`),
    /// kept by the fake from the received quantities: `None` while nothing is
    /// received, `FullyReceived` once every item's received units reach its
    /// ordered units, `PartiallyReceived` in between.
    #[derive(Default)]
    #[non_exhaustive]
    ReceivingStatus as "ReceivingStatus" {
        /// `None` (0).
        #[default]
        None = 0,
        /// `PartiallyReceived` (1).
        PartiallyReceived = 1,
        /// `FullyReceived` (2).
        FullyReceived = 2,
    }
}

vendor_enum! {
    /// Shipping status of a purchase order (the Swagger's `ShippingStatus`).
    ///
    /// A new purchase order starts at [`ShippingStatus::None`]. The vendor lets
    /// `ShippedOn` change only when the status is not "None" (document 004),
    /// so the fake rejects `ShippedOn` (400) on a purchase order still at
    /// `None`.
    #[derive(Default)]
    #[non_exhaustive]
    ShippingStatus as "ShippingStatus" {
        /// `None` (0): nothing shipped yet.
        #[default]
        None = 0,
        /// `PartiallyShipped` (1).
        PartiallyShipped = 1,
        /// `FullyShipped` (2).
        FullyShipped = 2,
    }
}

#[allow(non_upper_case_globals)]
impl ShippingStatus {
    /// The name this fake used before it had the vendor's three statuses;
    /// kept so code written against it compiles.
    pub const Shipped: ShippingStatus = ShippingStatus::FullyShipped;
}

/// `PaymentStatus`: the fake keeps no payments, so every purchase order is
/// at `NoPayment` (10), the first of the Swagger's values.
pub(crate) const NO_PAYMENT: (&str, i64) = ("NoPayment", 10);

/// The value of an enum the fake does not interpret (`OrderSource`,
/// `OrderSubType`, `CurrencyCode`), stored exactly as it arrived.
///
/// The fake keeps no name/number table for these on purpose: it checks only
/// that a name (a non-empty string) or a number (an integer) was sent, so that
/// assertions see what the client really put on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnumValue {
    /// Sent as a name, e.g. `"Local_Store"`.
    Name(String),
    /// Sent as the server's number, e.g. `0`.
    Code(i64),
}

impl EnumValue {
    /// The name, when the value was sent as one.
    pub fn name(&self) -> Option<&str> {
        match self {
            EnumValue::Name(n) => Some(n),
            EnumValue::Code(_) => None,
        }
    }
}

impl fmt::Display for EnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumValue::Name(n) => f.write_str(n),
            EnumValue::Code(c) => write!(f, "{c}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_parse_both_ways() {
        assert_eq!(PoStatus::parse("received"), Some(PoStatus::Received));
        assert_eq!(PoStatus::parse("3"), Some(PoStatus::Received));
        assert_eq!(
            PoStatus::parse("-1"),
            None,
            "Select is a filter, not a status"
        );
        assert_eq!(ReceivingStatus::FullyReceived.entry(), ("FullyReceived", 2));
        assert_eq!(ShippingStatus::Shipped, ShippingStatus::FullyShipped);
        assert!(DiscountType::expected().contains("Percentage (1)"));
        assert_eq!(PoType::NAME, "POType");
    }
}
