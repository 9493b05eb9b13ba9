//! What the quickstart reads from the environment: which vendor talks to a
//! real service (any of its variables set), and the IDs of the records it
//! may touch there.

use crate::RunError;
use sellercloud::{CompanyId, OrderId, PurchaseOrderId, PurchaseOrderItemId, VendorId};
use shopctrl::RowId;

/// `CompanyID` of the purchase orders to create on the real Sellercloud.
pub const ENV_COMPANY_ID: &str = "SELLERCLOUD_COMPANY_ID";
/// `VendorID` of the purchase orders to create on the real Sellercloud.
pub const ENV_VENDOR_ID: &str = "SELLERCLOUD_VENDOR_ID";
/// `ProductID` (SKU) of the purchase orders to create on the real Sellercloud.
pub const ENV_PRODUCT_ID: &str = "SELLERCLOUD_PRODUCT_ID";
/// A real purchase order in unit mode: its items and its tracking are updated.
pub const ENV_UNIT_PO_ID: &str = "SELLERCLOUD_UNIT_PO_ID";
/// A purchase order item ID of [`ENV_UNIT_PO_ID`].
pub const ENV_UNIT_PO_ITEM_ID: &str = "SELLERCLOUD_UNIT_PO_ITEM_ID";
/// A real purchase order in case mode: its items are updated.
pub const ENV_CASE_PO_ID: &str = "SELLERCLOUD_CASE_PO_ID";
/// A purchase order item ID of [`ENV_CASE_PO_ID`].
pub const ENV_CASE_PO_ITEM_ID: &str = "SELLERCLOUD_CASE_PO_ITEM_ID";
/// A real order whose shipping and billing addresses are replaced.
pub const ENV_ORDER_ID: &str = "SELLERCLOUD_ORDER_ID";
/// A real ShopCtrl purchase order.
pub const ENV_SHOPCTRL_PURCHASE_ORDER_ID: &str = "SHOPCTRL_PURCHASE_ORDER_ID";
/// A row of [`ENV_SHOPCTRL_PURCHASE_ORDER_ID`], updated with demo values.
pub const ENV_SHOPCTRL_ROW_ID: &str = "SHOPCTRL_ROW_ID";
/// The shop owner a ShopCtrl purchase order is created for (steps 22 to 26).
pub const ENV_SHOPCTRL_SHOP_OWNER_ID: &str = "SHOPCTRL_SHOP_OWNER_ID";
/// The supplier of that purchase order.
pub const ENV_SHOPCTRL_SUPPLIER_ID: &str = "SHOPCTRL_SUPPLIER_ID";

/// Every variable that switches the Sellercloud part to the real service.
pub const SELLERCLOUD_VARIABLES: [&str; 12] = [
    sellercloud::ENV_BASE_URL,
    sellercloud::ENV_SERVER_ID,
    sellercloud::ENV_USERNAME,
    sellercloud::ENV_PASSWORD,
    ENV_COMPANY_ID,
    ENV_VENDOR_ID,
    ENV_PRODUCT_ID,
    ENV_UNIT_PO_ID,
    ENV_UNIT_PO_ITEM_ID,
    ENV_CASE_PO_ID,
    ENV_CASE_PO_ITEM_ID,
    ENV_ORDER_ID,
];

/// Every variable that switches the ShopCtrl part to the real service.
pub const SHOPCTRL_VARIABLES: [&str; 7] = [
    shopctrl::ENV_BASE_URL,
    shopctrl::ENV_USERNAME,
    shopctrl::ENV_PASSWORD,
    ENV_SHOPCTRL_PURCHASE_ORDER_ID,
    ENV_SHOPCTRL_ROW_ID,
    ENV_SHOPCTRL_SHOP_OWNER_ID,
    ENV_SHOPCTRL_SUPPLIER_ID,
];

/// A purchase order item: the purchase order and the item's ID on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PurchaseOrderItemRef {
    /// The purchase order ID.
    pub purchase_order_id: PurchaseOrderId,
    /// The purchase order item ID (not the product ID).
    pub item_id: PurchaseOrderItemId,
}

/// What the Sellercloud part may touch on a real service. Each step runs
/// only when its IDs are known, and is skipped (saying why) otherwise.
///
/// ```
/// use quickstart::SellercloudIds;
/// let env = |name: &str| (name == "SELLERCLOUD_ORDER_ID").then(|| "5001".to_owned());
/// let ids = SellercloudIds::from_lookup(&env).unwrap();
/// assert_eq!(ids.order_id, Some(sellercloud::OrderId::new(5001)));
/// assert_eq!(ids.unit_mode_item, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SellercloudIds {
    /// Company, vendor and product of the purchase orders to create (steps 1
    /// and 2); all three or none.
    pub create: Option<(CompanyId, VendorId, String)>,
    /// The unit-mode item to update (step 3); its purchase order also gets
    /// the tracking update (step 5).
    pub unit_mode_item: Option<PurchaseOrderItemRef>,
    /// The case-mode item to update (step 4).
    pub case_mode_item: Option<PurchaseOrderItemRef>,
    /// The order whose addresses are replaced (step 6).
    pub order_id: Option<OrderId>,
}

impl SellercloudIds {
    /// The IDs from the process environment (see the [crate docs](crate)).
    ///
    /// # Errors
    ///
    /// [`RunError::Environment`] when a variable is not a number, or one of
    /// a group is set without the others.
    pub fn from_env() -> Result<Self, RunError> {
        Self::from_lookup(&process_env)
    }

    /// The IDs from `lookup` (a variable's value, `None` when unset).
    ///
    /// # Errors
    ///
    /// As [`SellercloudIds::from_env`].
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, RunError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let create = match (get(ENV_COMPANY_ID), get(ENV_VENDOR_ID), get(ENV_PRODUCT_ID)) {
            (None, None, None) => None,
            (Some(company), Some(vendor), Some(product)) => Some((
                CompanyId::new(number(ENV_COMPANY_ID, &company)?),
                VendorId::new(number(ENV_VENDOR_ID, &vendor)?),
                product.trim().to_owned(),
            )),
            (company, vendor, _) => {
                let missing = if company.is_none() {
                    ENV_COMPANY_ID
                } else if vendor.is_none() {
                    ENV_VENDOR_ID
                } else {
                    ENV_PRODUCT_ID
                };
                return Err(RunError::Environment {
                    variable: missing,
                    problem: format!(
                        "is needed with the others of {ENV_COMPANY_ID}, {ENV_VENDOR_ID} and {ENV_PRODUCT_ID}"
                    ),
                });
            }
        };
        Ok(SellercloudIds {
            create,
            unit_mode_item: item_pair(lookup, ENV_UNIT_PO_ID, ENV_UNIT_PO_ITEM_ID)?,
            case_mode_item: item_pair(lookup, ENV_CASE_PO_ID, ENV_CASE_PO_ITEM_ID)?,
            order_id: get(ENV_ORDER_ID)
                .map(|v| number(ENV_ORDER_ID, &v).map(OrderId::new))
                .transpose()?,
        })
    }
}

/// What the ShopCtrl part may touch on a real service.
///
/// ```
/// use quickstart::ShopCtrlIds;
/// let env = |name: &str| match name {
///     "SHOPCTRL_PURCHASE_ORDER_ID" => Some("7".to_owned()),
///     "SHOPCTRL_ROW_ID" => Some("70".to_owned()),
///     _ => None,
/// };
/// use shopctrl::{PurchaseOrderId, RowId};
/// assert_eq!(ShopCtrlIds::from_lookup(&env).unwrap().row, Some((PurchaseOrderId::new(7), RowId::new(70))));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShopCtrlIds {
    /// The purchase order ID and the row ID to update (step 21).
    pub row: Option<(shopctrl::PurchaseOrderId, RowId)>,
    /// The shop owner and supplier of the purchase order steps 22 to 26
    /// create, change, provision and list.
    pub owner: Option<(shopctrl::ShopOwnerId, shopctrl::SupplierId)>,
}

impl ShopCtrlIds {
    /// The IDs from the process environment (see the [crate docs](crate)).
    ///
    /// # Errors
    ///
    /// [`RunError::Environment`] when a variable is not a number, or only
    /// one of the two is set.
    pub fn from_env() -> Result<Self, RunError> {
        Self::from_lookup(&process_env)
    }

    /// The IDs from `lookup` (a variable's value, `None` when unset).
    ///
    /// # Errors
    ///
    /// As [`ShopCtrlIds::from_env`].
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, RunError> {
        let row = id_pair(lookup, ENV_SHOPCTRL_PURCHASE_ORDER_ID, ENV_SHOPCTRL_ROW_ID)?;
        let owner = id_pair(lookup, ENV_SHOPCTRL_SHOP_OWNER_ID, ENV_SHOPCTRL_SUPPLIER_ID)?;
        Ok(ShopCtrlIds {
            row: row.map(|(po, row)| (shopctrl::PurchaseOrderId::new(po), RowId::new(row))),
            owner: owner.map(|(owner, supplier)| {
                (
                    shopctrl::ShopOwnerId::new(owner),
                    shopctrl::SupplierId::new(supplier),
                )
            }),
        })
    }
}

pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn number(variable: &'static str, value: &str) -> Result<i32, RunError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| RunError::Environment {
            variable,
            problem: format!("must be a positive 32-bit ID, not `{}`", value.trim()),
        })
}

fn item_pair(
    lookup: &dyn Fn(&str) -> Option<String>,
    parent: &'static str,
    child: &'static str,
) -> Result<Option<PurchaseOrderItemRef>, RunError> {
    Ok(
        id_pair(lookup, parent, child)?.map(|(po, item)| PurchaseOrderItemRef {
            purchase_order_id: PurchaseOrderId::new(po),
            item_id: PurchaseOrderItemId::new(item),
        }),
    )
}

/// A parent's and a child's ID, both or neither.
fn id_pair(
    lookup: &dyn Fn(&str) -> Option<String>,
    parent: &'static str,
    child: &'static str,
) -> Result<Option<(i32, i32)>, RunError> {
    let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
    match (get(parent), get(child)) {
        (None, None) => Ok(None),
        (Some(p), Some(c)) => Ok(Some((number(parent, &p)?, number(child, &c)?))),
        (Some(_), None) => Err(RunError::Environment {
            variable: child,
            problem: format!("is needed with {parent}"),
        }),
        (None, Some(_)) => Err(RunError::Environment {
            variable: parent,
            problem: format!("is needed with {child}"),
        }),
    }
}

/// Whether any of `variables` is set to something other than blanks: the
/// rule that decides between a fake and the real service.
///
/// ```
/// use quickstart::{SELLERCLOUD_VARIABLES, any_set};
/// assert!(!any_set(&SELLERCLOUD_VARIABLES, &|_| None));
/// assert!(!any_set(&SELLERCLOUD_VARIABLES, &|_| Some(" ".into())));
/// assert!(any_set(&SELLERCLOUD_VARIABLES, &|n| (n == "SELLERCLOUD_SERVER_ID").then(|| "tt".into())));
/// ```
pub fn any_set(variables: &[&str], lookup: &dyn Fn(&str) -> Option<String>) -> bool {
    variables
        .iter()
        .any(|name| lookup(name).is_some_and(|v| !v.trim().is_empty()))
}
