//! The Sellercloud client settings that decide which purchase-order
//! endpoint works, and how a refusal naming one becomes
//! [`Error::ServerSetting`].
//!
//! The API cannot read these settings. The vendor's pages say which
//! endpoint works under which setting, and the server answers 400 when the
//! other one is used; such a 400 whose text names the setting is turned
//! into a typed error that says which way the setting is and what to use
//! instead.
//!
//! ```
//! use sellercloud::purchase_orders::settings::MULTIPLE_TRACKING_NUMBERS;
//! assert_eq!(MULTIPLE_TRACKING_NUMBERS, "Enable Multiple Tracking Numbers On PO");
//! ```

use api_runtime::Error;

/// "Enable Multiple Tracking Numbers On PO": while it is on, only the
/// multiple-tracking endpoints work; while it is off, only the single one
/// (pages "Update PO Shipping Information (Single Tracking)" and "Add PO
/// Shipping Information (Multiple Tracking Numbers)").
pub const MULTIPLE_TRACKING_NUMBERS: &str = "Enable Multiple Tracking Numbers On PO";

/// "Enable Vendor Invoices Workflow": while it is on, the invoice endpoint
/// does not work (page "Update PO Invoice Number").
pub const VENDOR_INVOICES_WORKFLOW: &str = "Enable Vendor Invoices Workflow";

/// "Enable Multiple Invoices for Purchase Orders": while it is on, the
/// invoice endpoint does not work either (page "Update PO Invoice Number").
pub const MULTIPLE_INVOICES: &str = "Enable Multiple Invoices for Purchase Orders";

/// A refusal this endpoint gets when a setting is the other way.
pub(crate) struct Refusal {
    /// The setting the refusal's text names.
    pub(crate) setting: &'static str,
    /// Whether a refusal naming it means the setting is on.
    pub(crate) enabled: bool,
    /// The client method that works in that case, if any.
    pub(crate) use_instead: Option<&'static str>,
}

/// `error` as [`Error::ServerSetting`] when it is a 400 whose text names one
/// of `refusals`' settings (case and spacing ignored); otherwise unchanged.
pub(crate) fn explain(error: Error, operation: &'static str, refusals: &[Refusal]) -> Error {
    let Error::Api {
        service,
        status: 400,
        ref message,
        ref body,
        ..
    } = error
    else {
        return error;
    };
    let text = squash(&format!("{} {body}", message.as_deref().unwrap_or("")));
    match refusals.iter().find(|r| text.contains(&squash(r.setting))) {
        Some(refusal) => Error::ServerSetting {
            service,
            operation,
            setting: refusal.setting,
            enabled: refusal.enabled,
            use_instead: refusal.use_instead,
            status: 400,
            message: message.clone().or_else(|| Some(body.clone())),
        },
        None => error,
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_request(message: &str) -> Error {
        Error::Api {
            service: "Sellercloud",
            status: 400,
            message: Some(message.into()),
            field_errors: vec![],
            body: String::new(),
            attempts: None,
            may_have_been_applied: false,
        }
    }

    const ON: Refusal = Refusal {
        setting: MULTIPLE_TRACKING_NUMBERS,
        enabled: true,
        use_instead: Some("add_tracking_numbers"),
    };

    #[test]
    fn a_400_naming_the_setting_becomes_typed() {
        let e = explain(
            bad_request(
                "Only while the client setting 'Enable multiple tracking numbers on PO' is disabled.",
            ),
            "update_purchase_order_tracking_number",
            &[ON],
        );
        assert!(
            matches!(e, Error::ServerSetting { setting, enabled: true, .. } if setting == MULTIPLE_TRACKING_NUMBERS),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("use add_tracking_numbers instead"),
            "{e}"
        );
        assert_eq!(e.status(), Some(400));
        assert!(!e.may_have_been_applied());
    }

    #[test]
    fn other_refusals_stay_as_they_are() {
        let e = explain(bad_request("TrackingNumber: too long"), "op", &[ON]);
        assert!(matches!(e, Error::Api { status: 400, .. }));
    }
}
