//! Writes Rust types the way a reviewer reads them: `Option<i32>`, not
//! `::std::option::Option<i32>`; `types::X` for a generated type wherever it
//! is named from; lifetimes left out (`&str`, not `&'a str`).

use std::collections::{BTreeMap, BTreeSet};
use syn::{GenericArgument, PathArguments, ReturnType, Type};

/// Crates whose items are shown by their last path segment: they are what
/// the generated code names with full paths, and the short name is
/// unambiguous in a report.
const SHORTENED: &[&str] = &[
    "std",
    "core",
    "alloc",
    "serde_json",
    "rust_decimal",
    "chrono",
    "uuid",
    "progenitor_client",
];

/// Which names each module of the generated file defines, to write a bare
/// `PurchaseOrderAddress` inside `types` as `types::PurchaseOrderAddress`.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Module path (`""` for the root, `types`, `types::error`) → the type
    /// names it defines.
    pub defined: BTreeMap<String, BTreeSet<String>>,
}

impl Scope {
    fn defines(&self, module: &str, name: &str) -> bool {
        self.defined
            .get(module)
            .is_some_and(|names| names.contains(name))
    }
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map(|(p, _)| p).unwrap_or("")
}

/// Writes a path as a reviewer reads it (see the module docs).
pub fn show_path(path: &syn::Path, module: &str, scope: &Scope) -> String {
    let mut segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
    // Where the path starts: `None` for another crate (`::x`), else a module
    // of this file, moved by leading `crate`, `self` and `super`.
    let mut base = if path.leading_colon.is_some() {
        None
    } else {
        Some(module.to_owned())
    };
    let mut anchored = false;
    while let (Some(first), Some(at)) = (segments.first(), base.as_mut()) {
        match first.ident.to_string().as_str() {
            "crate" => *at = String::new(),
            "self" => {}
            "super" => *at = parent(at).to_owned(),
            _ => break,
        }
        anchored = true;
        segments.remove(0);
    }
    let shown = |segs: &[&syn::PathSegment]| -> String {
        segs.iter()
            .map(|s| format!("{}{}", s.ident, show_args(&s.arguments, module, scope)))
            .collect::<Vec<_>>()
            .join("::")
    };
    let Some(first) = segments.first() else {
        return "Self".into();
    };
    let first = first.ident.to_string();
    let extern_crate =
        base.is_none() || (!anchored && segments.len() > 1 && SHORTENED.contains(&first.as_str()));
    if extern_crate {
        if segments.len() > 1 && SHORTENED.contains(&first.as_str()) {
            return shown(&segments[segments.len() - 1..]);
        }
        return shown(&segments);
    }
    let base = base.unwrap_or_default();
    let prefix = |at: &str| {
        if at.is_empty() {
            shown(&segments)
        } else {
            format!("{at}::{}", shown(&segments))
        }
    };
    if anchored {
        return prefix(&base);
    }
    if segments.len() == 1 {
        // A bare name: the innermost enclosing module that defines it.
        let mut at = base;
        loop {
            if scope.defines(&at, &first) {
                return prefix(&at);
            }
            if at.is_empty() {
                return shown(&segments);
            }
            at = parent(&at).to_owned();
        }
    }
    // `error::ConversionError` inside `types` is `types::error::...`.
    let child = if base.is_empty() {
        first.clone()
    } else {
        format!("{base}::{first}")
    };
    if scope.defined.contains_key(&child) {
        prefix(&base)
    } else {
        shown(&segments)
    }
}

/// A trait as a reviewer reads it: its last path segment with its
/// arguments (`From<types::CreatedEntityId>`, `Serialize`), so that a derive
/// and a hand-written impl read the same.
pub fn show_trait(path: &syn::Path, module: &str, scope: &Scope) -> String {
    path.segments
        .last()
        .map(|s| format!("{}{}", s.ident, show_args(&s.arguments, module, scope)))
        .unwrap_or_default()
}

fn show_args(args: &PathArguments, module: &str, scope: &Scope) -> String {
    match args {
        PathArguments::None => String::new(),
        PathArguments::AngleBracketed(a) => {
            let parts: Vec<String> = a
                .args
                .iter()
                .filter_map(|arg| match arg {
                    GenericArgument::Lifetime(_) => None,
                    GenericArgument::Type(t) => Some(show(t, module, scope)),
                    GenericArgument::Const(c) => Some(tokens(c)),
                    GenericArgument::AssocType(a) => {
                        Some(format!("{} = {}", a.ident, show(&a.ty, module, scope)))
                    }
                    other => Some(tokens(other)),
                })
                .collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!("<{}>", parts.join(", "))
            }
        }
        PathArguments::Parenthesized(p) => {
            let inputs: Vec<String> = p.inputs.iter().map(|t| show(t, module, scope)).collect();
            let out = match &p.output {
                ReturnType::Default => String::new(),
                ReturnType::Type(_, t) => format!(" -> {}", show(t, module, scope)),
            };
            format!("({}){out}", inputs.join(", "))
        }
    }
}

/// Writes a type as a reviewer reads it (see the module docs). `module` is
/// where the type is written (`types` for a field of a generated type).
pub fn show(ty: &Type, module: &str, scope: &Scope) -> String {
    match ty {
        Type::Path(p) if p.qself.is_none() => show_path(&p.path, module, scope),
        Type::Reference(r) => format!(
            "&{}{}",
            if r.mutability.is_some() { "mut " } else { "" },
            show(&r.elem, module, scope)
        ),
        Type::Tuple(t) => {
            let parts: Vec<String> = t.elems.iter().map(|e| show(e, module, scope)).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Type::Slice(s) => format!("[{}]", show(&s.elem, module, scope)),
        Type::Array(a) => format!("[{}; {}]", show(&a.elem, module, scope), tokens(&a.len)),
        Type::Paren(p) => show(&p.elem, module, scope),
        Type::Group(g) => show(&g.elem, module, scope),
        Type::ImplTrait(t) => format!("impl {}", bounds(&t.bounds, module, scope)),
        Type::TraitObject(t) => format!("dyn {}", bounds(&t.bounds, module, scope)),
        other => tokens(other),
    }
}

fn bounds(
    list: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
    module: &str,
    scope: &Scope,
) -> String {
    list.iter()
        .filter_map(|b| match b {
            syn::TypeParamBound::Trait(t) => Some(show_path(&t.path, module, scope)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Tokens as text, with the spaces `quote` puts between them taken out where
/// Rust does not need them.
pub fn tokens(t: &impl quote::ToTokens) -> String {
    let raw = t.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    for part in raw.split(' ') {
        let glue = matches!(part, "::" | "<" | ">" | "," | "(" | ")" | "&" | "'")
            || out.ends_with("::")
            || out.ends_with('<')
            || out.ends_with('(')
            || out.ends_with('&')
            || out.ends_with('\'')
            || out.is_empty();
        if !glue {
            out.push(' ');
        }
        if part == "," {
            out.push_str(", ");
            continue;
        }
        out.push_str(part);
    }
    out.replace(",  ", ", ")
        .replace(", >", ">")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        let mut s = Scope::default();
        s.defined
            .insert("types".into(), ["Thing".to_owned()].into_iter().collect());
        s.defined.insert("".into(), BTreeSet::new());
        s
    }

    fn ty(code: &str, module: &str) -> String {
        show(&syn::parse_str(code).unwrap(), module, &scope())
    }

    #[test]
    fn full_paths_become_what_a_reviewer_reads() {
        assert_eq!(ty("::std::option::Option<i32>", "types"), "Option<i32>");
        assert_eq!(
            ty(
                "::std::option::Option<::chrono::DateTime<::chrono::FixedOffset>>",
                "types"
            ),
            "Option<DateTime<FixedOffset>>"
        );
        assert_eq!(ty("Option<&'a str>", ""), "Option<&str>");
        assert_eq!(ty("&'a types::Thing", ""), "&types::Thing");
        assert_eq!(ty("Thing", "types"), "types::Thing");
        assert_eq!(ty("super::Thing", "types::error"), "types::Thing");
        assert_eq!(ty("crate::enums::PoType", "types"), "enums::PoType");
        assert_eq!(
            ty("Result<ResponseValue<()>, Error<ByteStream>>", ""),
            "Result<ResponseValue<()>, Error<ByteStream>>"
        );
        assert_eq!(
            ty("::api_runtime::hooks::RequestHooks", ""),
            "api_runtime::hooks::RequestHooks"
        );
    }
}
