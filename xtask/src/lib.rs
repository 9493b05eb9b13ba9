//! Maintainer tasks: generating the low-level API crates from `openapi/*.yaml`
//! with progenitor, checking that the checked-in code is fresh, and reviewing
//! spec changes.
//!
//! Every generator setting lives in [`settings`]; what the generator cannot take
//! as written is rewritten in memory by [`normalize`] (the spec) and
//! [`postprocess`] (the generated syntax tree). Generated files are never
//! edited by hand.

pub mod areas;
pub mod diff;
pub mod generate;
pub mod import;
pub mod normalize;
pub mod postprocess;
pub mod settings;
pub mod spec;

use std::path::{Path, PathBuf};

/// One vendor: its spec and the file generated from it.
#[derive(Clone, Debug)]
pub struct Target {
    /// Short name, e.g. `sellercloud`.
    pub name: &'static str,
    /// Spec path relative to the workspace root.
    pub spec: &'static str,
    /// Generated file path relative to the workspace root.
    pub output: &'static str,
    /// The operations the vendor documents, with the statuses its documents
    /// (and `facts.md`, for the rate limit) list for each: `check` fails when
    /// the spec drops one. Written down here, from
    /// `shared/vendor-docs/`, so that the spec cannot silently drift from them.
    pub documented: &'static [(&'static str, &'static [u16])],
    /// Whether operations are gated by area features ([`areas`]), and which
    /// features the crate's `default` turns on (the operations the ergonomic
    /// crate wraps: [`areas::WRAPPED_FEATURE`]).
    pub default_features: Option<&'static [&'static str]>,
}

/// The vendors this workspace generates bindings for.
pub const TARGETS: &[Target] = &[
    Target {
        name: "sellercloud",
        spec: "openapi/sellercloud.yaml",
        output: "crates/sellercloud-api/src/generated.rs",
        // 409 and 429: the rate-limit answer, reported with either status.
        documented: &[
            ("createToken", &[200, 409, 429]),
            ("createPurchaseOrder", &[200, 401, 409, 429, 500]),
            ("updatePurchaseOrderItems", &[200, 401, 409, 429, 500]),
            (
                "updatePurchaseOrderTrackingNumber",
                &[200, 400, 401, 409, 429, 500],
            ),
            ("updateOrder", &[200, 400, 401, 409, 429, 500]),
            // The read side and lifecycle: the Swagger (receive: 400, 401,
            // 500) and lifecycle-facts.md (the reads: 401, 500; add-items:
            // "a server error is reported as 400").
            ("listPurchaseOrders", &[200, 401, 409, 429, 500]),
            ("getPurchaseOrder", &[200, 401, 409, 429, 500]),
            ("getPurchaseOrderItems", &[200, 401, 409, 429, 500]),
            ("addPurchaseOrderItems", &[200, 400, 401, 409, 429, 500]),
            ("receivePurchaseOrder", &[200, 400, 401, 409, 429, 500]),
        ],
        default_features: Some(&[areas::WRAPPED_FEATURE]),
    },
    Target {
        name: "shopctrl",
        spec: "openapi/shopctrl.yaml",
        output: "crates/shopctrl-api/src/generated.rs",
        // The page documents the answer only as an HttpResponseMessage; 401
        // follows from HTTP Basic (facts.md).
        documented: &[
            ("updatePurchaseOrderRow", &[200, 401]),
            // lifecycle-facts.md: "Get a list with all order rows for a
            // given order", on the same help pages.
            ("getPurchaseOrderRows", &[200, 401]),
        ],
        default_features: None,
    },
];

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
