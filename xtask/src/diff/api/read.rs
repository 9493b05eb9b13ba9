//! Walks a generated file and collects its public items.

use super::ty::{Scope, show, show_path, show_trait, tokens};
use super::wire::{read_container, read_field, read_method};
use super::{Field, Item, PublicApi, Shape, Signature, Variant};
use std::collections::{BTreeMap, BTreeSet};
use syn::Visibility;

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Names defined by each module, for [`Scope`].
fn collect_scope(items: &[syn::Item], module: &str, scope: &mut Scope) {
    let mut names = BTreeSet::new();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                names.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                names.insert(e.ident.to_string());
            }
            syn::Item::Type(t) => {
                names.insert(t.ident.to_string());
            }
            syn::Item::Trait(t) => {
                names.insert(t.ident.to_string());
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_scope(inner, &join(module, &m.ident.to_string()), scope);
                }
            }
            _ => {}
        }
    }
    scope.defined.insert(module.to_owned(), names);
}

struct Reader {
    scope: Scope,
    items: BTreeMap<String, Item>,
    /// (type path, trait) pairs, attached once every item is known.
    impls: Vec<(String, String)>,
}

fn item(shape: Shape) -> Item {
    Item {
        shape,
        traits: BTreeSet::new(),
        attrs: BTreeSet::new(),
    }
}

/// Derived traits and the attributes that matter (see [`Item::attrs`]).
fn derives_and_attrs(attrs: &[syn::Attribute]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut derives = BTreeSet::new();
    let mut kept = BTreeSet::new();
    for attr in attrs {
        if attr.path().is_ident("derive") {
            let _ = attr.parse_nested_meta(|meta| {
                if let Some(last) = meta.path.segments.last() {
                    derives.insert(last.ident.to_string());
                }
                Ok(())
            });
        } else if attr.path().is_ident("non_exhaustive") {
            kept.insert("non_exhaustive".to_owned());
        } else if attr.path().is_ident("repr") {
            kept.insert(tokens(&attr.meta));
        }
    }
    kept.extend(read_container(attrs).0);
    (derives, kept)
}

impl Reader {
    fn signature(
        &self,
        sig: &syn::Signature,
        block: Option<&syn::Block>,
        module: &str,
    ) -> Signature {
        let mut receiver = None;
        let mut args = Vec::new();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    receiver = Some(format!(
                        "{}{}self",
                        if r.reference.is_some() { "&" } else { "" },
                        if r.mutability.is_some() { "mut " } else { "" }
                    ));
                }
                syn::FnArg::Typed(t) => {
                    let name = match &*t.pat {
                        syn::Pat::Ident(i) => i.ident.to_string(),
                        other => tokens(other),
                    };
                    args.push((name, show(&t.ty, module, &self.scope)));
                }
            }
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => "()".to_owned(),
            syn::ReturnType::Type(_, t) => show(t, module, &self.scope),
        };
        Signature {
            is_async: sig.asyncness.is_some(),
            receiver,
            args,
            ret,
            wire: block.and_then(read_method),
        }
    }

    fn fields(&self, fields: &syn::Fields, module: &str) -> (Vec<Field>, bool) {
        let mut out = Vec::new();
        let mut private = false;
        for (i, f) in fields.iter().enumerate() {
            if !public(&f.vis) {
                private = true;
                continue;
            }
            let name = f
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(|| i.to_string());
            out.push(Field {
                wire: read_field(&f.attrs, &name),
                name,
                ty: show(&f.ty, module, &self.scope),
            });
        }
        (out, private)
    }

    fn payload(&self, fields: &syn::Fields, module: &str) -> String {
        match fields {
            syn::Fields::Unit => String::new(),
            syn::Fields::Unnamed(u) => {
                let parts: Vec<String> = u
                    .unnamed
                    .iter()
                    .map(|f| show(&f.ty, module, &self.scope))
                    .collect();
                format!("({})", parts.join(", "))
            }
            syn::Fields::Named(n) => {
                let parts: Vec<String> = n
                    .named
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {}",
                            f.ident
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                            show(&f.ty, module, &self.scope)
                        )
                    })
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }

    fn add(&mut self, path: String, shape: Shape, attrs: &[syn::Attribute]) {
        let (traits, kept) = derives_and_attrs(attrs);
        let mut it = item(shape);
        it.traits = traits;
        it.attrs = kept;
        self.items.insert(path, it);
    }

    fn walk(&mut self, items: &[syn::Item], module: &str) {
        for it in items {
            match it {
                syn::Item::Mod(m) if public(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        self.walk(inner, &join(module, &m.ident.to_string()));
                    }
                }
                syn::Item::Struct(s) if public(&s.vis) => {
                    let (fields, private_fields) = self.fields(&s.fields, module);
                    let tuple = matches!(s.fields, syn::Fields::Unnamed(_));
                    let shape = Shape::Struct {
                        fields,
                        private_fields,
                        tuple,
                    };
                    self.add(join(module, &s.ident.to_string()), shape, &s.attrs);
                }
                syn::Item::Enum(e) if public(&e.vis) => {
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| Variant {
                            name: v.ident.to_string(),
                            payload: self.payload(&v.fields, module),
                            rename: read_container(&v.attrs).1,
                        })
                        .collect();
                    self.add(
                        join(module, &e.ident.to_string()),
                        Shape::Enum { variants },
                        &e.attrs,
                    );
                }
                syn::Item::Fn(f) if public(&f.vis) => {
                    let sig = self.signature(&f.sig, None, module);
                    self.add(
                        join(module, &f.sig.ident.to_string()),
                        Shape::Fn(Box::new(sig)),
                        &[],
                    );
                }
                syn::Item::Type(t) if public(&t.vis) => {
                    let target = show(&t.ty, module, &self.scope);
                    self.add(
                        join(module, &t.ident.to_string()),
                        Shape::Alias { target },
                        &t.attrs,
                    );
                }
                syn::Item::Const(c) if public(&c.vis) => {
                    let ty = show(&c.ty, module, &self.scope);
                    self.add(join(module, &c.ident.to_string()), Shape::Const { ty }, &[]);
                }
                syn::Item::Static(s) if public(&s.vis) => {
                    let ty = show(&s.ty, module, &self.scope);
                    self.add(join(module, &s.ident.to_string()), Shape::Const { ty }, &[]);
                }
                syn::Item::Trait(t) if public(&t.vis) => {
                    self.add(join(module, &t.ident.to_string()), Shape::Trait, &t.attrs);
                }
                syn::Item::Use(u) if public(&u.vis) => {
                    let mut found = Vec::new();
                    use_tree(&u.tree, String::new(), &mut found);
                    for (name, target) in found {
                        self.add(join(module, &name), Shape::Reexport { target }, &[]);
                    }
                }
                syn::Item::Impl(i) => self.impl_block(i, module),
                _ => {}
            }
        }
    }

    fn impl_block(&mut self, block: &syn::ItemImpl, module: &str) {
        let (self_path, by_ref) = match &*block.self_ty {
            syn::Type::Path(p) => (show_path(&p.path, module, &self.scope), false),
            syn::Type::Reference(r) => match &*r.elem {
                syn::Type::Path(p) => (show_path(&p.path, module, &self.scope), true),
                _ => return,
            },
            _ => return,
        };
        if let Some((_, trait_path, _)) = &block.trait_ {
            let mut name = show_trait(trait_path, module, &self.scope);
            if by_ref {
                name = format!("{name} for &{self_path}");
            }
            self.impls.push((self_path, name));
            return;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(f) = member
                && public(&f.vis)
            {
                let sig = self.signature(&f.sig, Some(&f.block), module);
                self.add(
                    format!("{self_path}::{}", f.sig.ident),
                    Shape::Fn(Box::new(sig)),
                    &[],
                );
            }
        }
    }
}

fn use_tree(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    let join_prefix = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(p) => use_tree(&p.tree, join_prefix(&p.ident.to_string()), out),
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            out.push((name.clone(), join_prefix(&name)));
        }
        syn::UseTree::Rename(r) => {
            out.push((r.rename.to_string(), join_prefix(&r.ident.to_string())))
        }
        syn::UseTree::Glob(_) => out.push(("*".into(), join_prefix("*"))),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_tree(t, prefix.clone(), out);
            }
        }
    }
}

pub(super) fn read(file: &syn::File) -> PublicApi {
    let mut scope = Scope::default();
    collect_scope(&file.items, "", &mut scope);
    let mut reader = Reader {
        scope,
        items: BTreeMap::new(),
        impls: Vec::new(),
    };
    reader.walk(&file.items, "");
    for (ty, name) in std::mem::take(&mut reader.impls) {
        if let Some(it) = reader.items.get_mut(&ty) {
            it.traits.insert(name);
        }
    }
    PublicApi {
        items: reader.items,
    }
}
