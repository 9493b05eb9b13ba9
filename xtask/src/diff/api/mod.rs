//! The public API of generated code, read with `syn`: every item a user of a
//! generated crate can name, with what decides whether their code still
//! compiles (field and argument types, variants, derives and trait impls)
//! and what decides what goes on the wire (serde attributes, and the request
//! each client method builds).
//!
//! This is the ground truth of `cargo xtask diff`: [`delta::compare`] turns
//! two of these into the Rust effects of a spec change.
//!
//! ```
//! let code = "pub mod types { #[derive(Clone)] pub struct A { pub x: ::std::option::Option<i32> } }";
//! let api = xtask::diff::api::PublicApi::from_file(&syn::parse_str(code).unwrap());
//! let item = &api.items["types::A"];
//! assert!(item.traits.contains("Clone"));
//! ```

pub mod delta;
mod read;
pub mod ty;
pub mod wire;

use std::collections::{BTreeMap, BTreeSet};

pub use wire::{FieldWire, MethodWire};

/// Every public item of one generated file, by path (`Client`,
/// `Client::update_order`, `types::OrderUpdate`, `enums::PoType`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicApi {
    /// The items, by path.
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub shape: Shape,
    /// Derived and implemented traits, as written (`Default`,
    /// `From<CreatedEntityId>`); an impl for a reference of the type is
    /// written with it (`ClientHooks<RequestHooks> for &Client`).
    pub traits: BTreeSet<String>,
    /// Attributes that change what users may do with the type or how it
    /// reads and writes JSON: `non_exhaustive`, `serde(untagged)`,
    /// `serde(transparent)`, `repr(...)`.
    pub attrs: BTreeSet<String>,
}

/// The kinds of public item, with what matters about each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A struct: named fields, or tuple fields named `0`, `1`, ...
    Struct {
        /// Public fields, in declaration order.
        fields: Vec<Field>,
        /// Whether it has fields users cannot name (so no struct literal
        /// outside the crate).
        private_fields: bool,
        /// A tuple struct (`pub struct Id(pub String)`).
        tuple: bool,
    },
    /// An enum.
    Enum {
        /// Variants, in declaration order.
        variants: Vec<Variant>,
    },
    /// A function or method.
    Fn(Box<Signature>),
    /// `pub type X = T`.
    Alias {
        /// The aliased type.
        target: String,
    },
    /// `pub const` or `pub static`.
    Const {
        /// Its type.
        ty: String,
    },
    /// `pub use path` (the path as written).
    Reexport {
        /// The re-exported path.
        target: String,
    },
    /// `pub trait`.
    Trait,
}

impl Shape {
    /// `struct`, `enum`, `fn`, ... for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Shape::Struct { .. } => "struct",
            Shape::Enum { .. } => "enum",
            Shape::Fn(_) => "fn",
            Shape::Alias { .. } => "type alias",
            Shape::Const { .. } => "constant",
            Shape::Reexport { .. } => "re-export",
            Shape::Trait => "trait",
        }
    }
}

/// A public struct field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Rust name (`warehouse_id`, or `0` in a tuple struct).
    pub name: String,
    /// Its type, as [`ty::show`] writes it (`Option<i32>`, `types::X`).
    pub ty: String,
    /// How it reads and writes JSON.
    pub wire: FieldWire,
}

/// An enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Its fields: empty, `(T, U)` or `{ a: T }`.
    pub payload: String,
    /// Its JSON name, when serde renames it.
    pub rename: Option<String>,
}

/// A function or method signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// `async fn`.
    pub is_async: bool,
    /// `&self`, `self`, `&mut self`, or `None` for an associated function.
    pub receiver: Option<String>,
    /// Arguments, in order: (name, type).
    pub args: Vec<(String, String)>,
    /// Return type (`()` when none).
    pub ret: String,
    /// For a client method: the request it builds and how it reads each
    /// status.
    pub wire: Option<MethodWire>,
}

impl PublicApi {
    /// Reads the public API of one generated file.
    pub fn from_file(file: &syn::File) -> PublicApi {
        read::read(file)
    }

    /// Parses generated code and reads its public API.
    pub fn from_code(code: &str) -> Result<PublicApi, String> {
        let file: syn::File = syn::parse_str(code).map_err(|e| format!("does not parse: {e}"))?;
        Ok(PublicApi::from_file(&file))
    }

    /// What every generated crate has whatever its spec says: the client
    /// with its constructors and trait impls, re-exports, the error module.
    /// Everything but component types, enums and operation methods (the
    /// methods that build a request).
    pub fn frame(&self) -> PublicApi {
        let items = self
            .items
            .iter()
            .filter(|(path, item)| {
                let from_spec = (path.starts_with("types::")
                    && !path.starts_with("types::error::"))
                    || path.starts_with("enums::")
                    || matches!(&item.shape, Shape::Fn(s) if s.wire.is_some());
                !from_spec
            })
            .map(|(p, i)| (p.clone(), i.clone()))
            .collect();
        PublicApi { items }
    }

    /// Removes the client methods of the given operations (by operationId,
    /// turned into method names): used for operations that do not generate
    /// on one side, whose method cannot be compared.
    pub fn without_methods(mut self, methods: &BTreeSet<String>) -> PublicApi {
        self.items.retain(|path, _| {
            path.strip_prefix("Client::")
                .is_none_or(|m| !methods.contains(m))
        });
        self
    }
}
