//! Typed IDs: one newtype per kind of integer ID, so that passing a vendor
//! ID where a company ID belongs is a compile error instead of a 400 (or a
//! 200 on the wrong record).
//!
//! The machinery is written once here, in [`id_types!`](crate::id_types);
//! each vendor crate declares its kinds with it. Every kind:
//!
//! - is made from the vendor's integer explicitly (`PurchaseOrderId::new(1001)`;
//!   there is no `From<i32>`, so a bare integer never becomes an ID
//!   unnoticed) and gives it back with `get()` (or `i32::from`);
//! - serializes as the bare integer, like `#[serde(transparent)]`, so it
//!   fits wherever the wire has the integer;
//! - prints as the integer (`Display`) and as `PurchaseOrderId(1001)`
//!   (`Debug`), and parses from it (`FromStr`);
//! - is `Copy`, `Eq`, `Ord` and `Hash`, for use as a map key.

use crate::error::{Error, Result};

/// Declares ID newtypes over `i32` (see the [module](crate::id) for what
/// each gets).
///
/// ```
/// sellercloud_shopctrl_runtime::id_types! {
///     /// A widget's ID.
///     WidgetId;
///     /// A gadget's ID.
///     GadgetId;
/// }
///
/// let id = WidgetId::new(7);
/// assert_eq!((id.get(), id.to_string(), format!("{id:?}")), (7, "7".to_owned(), "WidgetId(7)".to_owned()));
/// assert_eq!(serde_json::to_string(&id).unwrap(), "7");
/// assert_eq!(serde_json::from_str::<GadgetId>("9").unwrap(), GadgetId::new(9));
/// ```
#[macro_export]
macro_rules! id_types {
    ($($(#[$attr:meta])* $name:ident;)+) => {$(
        $(#[$attr])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(transparent)]
        pub struct $name(i32);

        impl $name {
            #[doc = concat!("The ", stringify!($name), " the vendor numbers `id`.")]
            pub const fn new(id: i32) -> Self {
                $name(id)
            }

            /// The vendor's integer.
            pub const fn get(self) -> i32 {
                self.0
            }
        }

        /// Parses the integer (`"1001"`), for IDs read from text.
        impl ::core::str::FromStr for $name {
            type Err = ::core::num::ParseIntError;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }

        impl ::core::convert::From<$name> for i32 {
            fn from(id: $name) -> i32 {
                id.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_i32(self.0)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                <i32 as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer)
                    .map($name)
            }
        }
    )+};
}

/// The ID an answer always carries, or [`Error::MissingField`] naming the
/// field (`field` is only called when it is missing): the typed answers of
/// both vendors read their IDs through it, never defaulting one.
///
/// ```
/// use sellercloud_shopctrl_runtime::{Error, id::required};
/// assert_eq!(required(Some(7), "get_rows", || "[0].Id".into()).unwrap(), 7);
/// let e = required(None, "get_rows", || "[0].Id".into()).unwrap_err();
/// assert!(matches!(e, Error::MissingField { operation: "get_rows", ref field } if field == "[0].Id"));
/// ```
pub fn required(
    id: Option<i32>,
    operation: &'static str,
    field: impl FnOnce() -> String,
) -> Result<i32> {
    id.ok_or_else(|| Error::MissingField {
        operation,
        field: field(),
    })
}
