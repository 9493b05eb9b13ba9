//! Enum values, compositions and value constraints of one schema node.

use super::*;

impl<'a> Differ<'a> {
    pub(super) fn enum_values(&mut self, old: &Value, new: &Value, site: &Site) {
        let list = |v: &Value| -> Vec<Value> {
            v.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(old), list(new));
        if ol.is_empty() && nl.is_empty() {
            return;
        }
        let location = site.location();
        let ty = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        for v in nl.iter().filter(|v| !ol.contains(v)) {
            let name = show(v);
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::EnumValueAdded,
                    rules::enum_value_added(site.usage, site.open_enum),
                    if site.open_enum {
                        format!("enum value `{name}` added")
                    } else {
                        format!("enum value `{name}` added to an exhaustive (inline) enum")
                    },
                )
                .values(None, Some(v.clone()))
                .api(
                    &ty,
                    Member::Variant(variant_ident(&name)),
                    ApiChange::Changed,
                    format!("gains variant `{}`", variant_ident(&name)),
                ),
            );
        }
        for v in ol.iter().filter(|v| !nl.contains(v)) {
            let name = show(v);
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::EnumValueRemoved,
                    rules::enum_value_removed(site.usage),
                    format!("enum value `{name}` removed"),
                )
                .values(Some(v.clone()), None)
                .api(
                    &ty,
                    Member::Variant(variant_ident(&name)),
                    ApiChange::Changed,
                    format!("loses variant `{}`", variant_ident(&name)),
                ),
            );
        }
        let codes = |v: &Value, names: &[Value]| -> BTreeMap<String, Value> {
            let codes = v.get("x-enum-codes").and_then(Value::as_array);
            names
                .iter()
                .zip(codes.into_iter().flatten())
                .map(|(n, c)| (show(n), c.clone()))
                .collect()
        };
        let (oc, nc) = (codes(old, &ol), codes(new, &nl));
        for (name, code) in &oc {
            if let Some(new_code) = nc.get(name).filter(|c| *c != code) {
                self.push(
                    Draft::new(
                        &site.group,
                        location.clone(),
                        Kind::EnumCodeChanged,
                        rules::enum_code_changed(),
                        format!("server number of `{name}` changed from {code} to {new_code}"),
                    )
                    .values(Some(code.clone()), Some(new_code.clone())),
                );
            }
        }
    }

    pub(super) fn composition(&mut self, key: &str, old: &Value, new: &Value, site: &Site) {
        let list = |v: &Value| {
            v.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(old), list(new));
        if ol == nl {
            return;
        }
        let refs = |l: &[Value]| -> BTreeSet<String> {
            l.iter()
                .filter_map(|v| ref_name(v).map(str::to_owned))
                .collect()
        };
        let inline = |l: &[Value]| -> Vec<Value> {
            l.iter()
                .filter(|v| ref_name(v).is_none())
                .cloned()
                .collect()
        };
        let location = site.location();
        let ty = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        let (or, nr) = (refs(&ol), refs(&nl));
        for added in nr.difference(&or) {
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(site.usage),
                    format!("`{key}` member `{added}` added"),
                )
                .api_member(key, &ty, added, true, &self.new.naming),
            );
        }
        for removed in or.difference(&nr) {
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(site.usage),
                    format!("`{key}` member `{removed}` removed"),
                )
                .api_member(key, &ty, removed, false, &self.old.naming),
            );
        }
        let (oi, ni) = (inline(&ol), inline(&nl));
        for (i, (o, n)) in oi.iter().zip(ni.iter()).enumerate() {
            let child = Site {
                path: site.child_path(&format!("({key} {})", i + 1)),
                hint: format!("{}Variant{i}", site.hint),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            self.node(o, n, &child);
        }
        let describe = |v: &Value, naming: &Naming| naming.rust_type(v, &site.hint);
        for extra in ni.iter().skip(oi.len()) {
            let t = describe(extra, &self.new.naming);
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(site.usage),
                    format!("inline `{key}` member ({t}) added"),
                )
                .api(
                    &ty,
                    Member::Item,
                    ApiChange::Changed,
                    format!("gains a `{t}` member"),
                ),
            );
        }
        for extra in oi.iter().skip(ni.len()) {
            let t = describe(extra, &self.old.naming);
            self.push(
                Draft::on(
                    site,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(site.usage),
                    format!("inline `{key}` member ({t}) removed"),
                )
                .api(
                    &ty,
                    Member::Item,
                    ApiChange::Changed,
                    format!("loses its `{t}` member"),
                ),
            );
        }
    }

    pub(super) fn constraints(&mut self, old: &Value, new: &Value, site: &Site) {
        for (key, larger_is_stricter) in CONSTRAINTS {
            let (o, n) = (old.get(*key), new.get(*key));
            if o == n {
                continue;
            }
            let tightened = match (o, n, larger_is_stricter) {
                (None, Some(_), _) => true,
                (Some(_), None, _) => false,
                (Some(a), Some(b), Some(up)) => match (a.as_f64(), b.as_f64()) {
                    (Some(a), Some(b)) => (b > a) == *up,
                    // `exclusiveMinimum: true` and other flags: changed, so assume stricter.
                    _ => true,
                },
                // A new pattern or multiple: cannot tell, assume stricter.
                _ => true,
            };
            let message = format!(
                "constraint `{key}` {} ({} → {})",
                if tightened { "tightened" } else { "loosened" },
                o.map(show).unwrap_or_else(|| "none".into()),
                n.map(show).unwrap_or_else(|| "none".into()),
            );
            self.push(
                Draft::on(
                    site,
                    site.location(),
                    Kind::ConstraintChanged,
                    rules::constraint_changed(site.usage, tightened),
                    message,
                )
                .values(o.cloned(), n.cloned()),
            );
        }
    }

    /// A plain schema that became an enum, or the reverse: reported once,
    /// not value by value. Returns whether it was.
    pub(super) fn enum_presence(&mut self, old: &Value, new: &Value, site: &Site) -> bool {
        let (was, is) = (old.get("enum").is_some(), new.get("enum").is_some());
        if was == is {
            return false;
        }
        let values = |v: &Value| {
            v.get("enum")
                .and_then(Value::as_array)
                .map(|l| l.iter().map(show).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        };
        let (ot, nt) = match &site.self_type {
            // A component: its own type, named by each side.
            Some(_) => {
                let name = site.group.name();
                (
                    self.old.naming.component_path(name),
                    self.new.naming.component_path(name),
                )
            }
            None => self.type_pair(old, new, site),
        };
        let (kind, verdict, message) = if is {
            let inline = if site.self_type.is_none() {
                " (an inline enum: the generator takes only named string enums)"
            } else {
                ""
            };
            (
                Kind::BecameEnum,
                rules::became_enum(site.usage),
                format!("became an enum of {}{inline}", values(new)),
            )
        } else {
            (
                Kind::NoLongerEnum,
                rules::no_longer_enum(),
                format!("is no longer an enum (was {})", values(old)),
            )
        };
        let mut draft = Draft::on(site, site.location(), kind, verdict, message)
            .values(old.get("enum").cloned(), new.get("enum").cloned());
        if ot != nt {
            if site.self_type.is_some() {
                draft = draft
                    .api(&ot, Member::Item, ApiChange::Removed, "type removed")
                    .api(&nt, Member::Item, ApiChange::Added, "new type");
                for (owner, field, before, after) in self.referrers(site.group.name()) {
                    draft = draft.api(
                        &owner,
                        Member::Field(field.clone()),
                        ApiChange::Changed,
                        format!("field `{field}`: {before} → {after}"),
                    );
                }
            } else {
                draft = draft.api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{}: {ot} → {nt}", site.subject()),
                );
            }
        }
        self.push(draft);
        true
    }

    /// Fields of components that name component `name` directly (or as
    /// their items), with their Rust type on each side where it differs.
    fn referrers(&self, name: &str) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        let schemas = |side: &Side<'a>| {
            side.doc
                .pointer("/components/schemas")
                .and_then(Value::as_object)
        };
        let (Some(old), Some(new)) = (schemas(&self.old), schemas(&self.new)) else {
            return out;
        };
        for (owner, n) in new {
            let Some(o) = old.get(owner) else { continue };
            let props = |v: &'a Value| v.get("properties").and_then(Value::as_object);
            let (Some(op), Some(np)) = (props(o), props(n)) else {
                continue;
            };
            let (or, nr) = (required_set(o), required_set(n));
            for (prop, ns) in np {
                let names_it = |s: &Value| {
                    ref_name(s) == Some(name) || s.get("items").and_then(ref_name) == Some(name)
                };
                let Some(os) = op.get(prop) else { continue };
                if !names_it(ns) || !names_it(os) {
                    continue;
                }
                let hint = format!("{}{}", type_name(owner), type_name(prop));
                let before = self.old.naming.field_type(os, or.contains(prop), &hint);
                let after = self.new.naming.field_type(ns, nr.contains(prop), &hint);
                if before != after {
                    out.push((
                        self.new.naming.component_path(owner),
                        field_name(prop),
                        before,
                        after,
                    ));
                }
            }
        }
        out
    }

    /// A `default` value. On an optional struct field typify turns
    /// `Option<T>` into `T` with a serde default (see
    /// [`rules::default_value_added`]).
    pub(super) fn default_value(&mut self, old: &Value, new: &Value, site: &Site) {
        let (o, n) = (old.get("default"), new.get("default"));
        if o == n {
            return;
        }
        let optional_field = site
            .field
            .is_some_and(|f| !f.param && !f.old_required && !f.new_required);
        let shown = |v: Option<&Value>| v.map(show).unwrap_or_else(|| "none".into());
        let (kind, verdict, message) = match (o, n) {
            (None, Some(v)) => (
                Kind::DefaultValueAdded,
                rules::default_value_added(optional_field && default_changes_type(new, v)),
                format!("`default: {}` added", show(v)),
            ),
            (Some(v), None) => (
                Kind::DefaultValueRemoved,
                rules::default_value_removed(optional_field && default_changes_type(old, v)),
                format!("`default: {}` removed", show(v)),
            ),
            _ => (
                Kind::DefaultValueChanged,
                rules::default_value_changed(site.field.is_some_and(|f| f.param)),
                format!("`default` changed from {} to {}", shown(o), shown(n)),
            ),
        };
        let mut draft =
            Draft::on(site, site.location(), kind, verdict, message).values(o.cloned(), n.cloned());
        if let (Some(field), true) = (site.field, optional_field) {
            let base = self.new.naming.rust_type(new, &site.hint);
            let with = |d: Option<&Value>, schema: &Value| {
                let typed = d.is_some_and(|v| default_changes_type(schema, v));
                if typed {
                    base.clone()
                } else {
                    wrap(&base, field.new_required, field.new_nullable, false)
                }
            };
            let (before, after) = (with(o, old), with(n, new));
            if before != after {
                draft = draft.api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{}: {before} → {after}", site.subject()),
                );
            }
        }
        self.push(draft);
    }

    /// `readOnly` and `writeOnly`: the generated types ignore both; the
    /// server does not.
    pub(super) fn access(&mut self, old: &Value, new: &Value, site: &Site) {
        for (key, kind) in [
            ("readOnly", Kind::ReadOnlyChanged),
            ("writeOnly", Kind::WriteOnlyChanged),
        ] {
            let (was, is) = (bool_of(old, key), bool_of(new, key));
            if was == is {
                continue;
            }
            let verdict = if key == "readOnly" {
                rules::read_only_changed(site.usage, is)
            } else {
                rules::write_only_changed(site.usage, is)
            };
            let message = match (key, is) {
                ("readOnly", true) => "now `readOnly`: the server ignores it in requests",
                ("readOnly", false) => "no longer `readOnly`: requests may set it",
                (_, true) => "now `writeOnly`: the server no longer returns it",
                _ => "no longer `writeOnly`: responses may carry it",
            };
            self.push(
                Draft::on(site, site.location(), kind, verdict, message)
                    .values(Some(json!(was)), Some(json!(is))),
            );
        }
    }
}

/// Whether typify gives an optional property with this default a plain `T`
/// instead of `Option<T>`: any default but `null` and the type's own empty
/// value (typify-impl 0.8 `structs.rs`, `has_default`); optional arrays
/// stay `Option<Vec<T>>` because [`crate::normalize`] marks them nullable.
pub(super) fn default_changes_type(schema: &Value, default: &Value) -> bool {
    let ty = schema.get("type").and_then(Value::as_str);
    if default.is_null() || ty == Some("array") {
        return false;
    }
    true
}
