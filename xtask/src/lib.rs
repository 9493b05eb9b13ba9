//! Maintainer tasks: generating the low-level API crates from `openapi/*.yaml`
//! with progenitor, checking that the checked-in code is fresh, and reviewing
//! spec changes.
//!
//! Every generator setting lives in [`settings`]; what the generator cannot take
//! as written is rewritten in memory by [`normalize`] (the spec) and
//! [`postprocess`] (the generated syntax tree). Generated files are never
//! edited by hand.

pub mod diff;
pub mod generate;
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
}

/// The vendors this workspace generates bindings for.
pub const TARGETS: &[Target] = &[
    Target {
        name: "sellercloud",
        spec: "openapi/sellercloud.yaml",
        output: "crates/sellercloud-api/src/generated.rs",
    },
    Target {
        name: "shopctrl",
        spec: "openapi/shopctrl.yaml",
        output: "crates/shopctrl-api/src/generated.rs",
    },
];

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
