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
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::EnumValueAdded,
                    rules::enum_value_added(site.open_enum),
                    if site.open_enum {
                        format!("enum value `{name}` added")
                    } else {
                        format!("enum value `{name}` added to an exhaustive (inline) enum")
                    },
                )
                .values(None, Some(v.clone()))
                .api(
                    &ty,
                    ApiChange::Changed,
                    format!("gains variant `{}`", variant_ident(&name)),
                ),
            );
        }
        for v in ol.iter().filter(|v| !nl.contains(v)) {
            let name = show(v);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::EnumValueRemoved,
                    rules::enum_value_removed(),
                    format!("enum value `{name}` removed"),
                )
                .values(Some(v.clone()), None)
                .api(
                    &ty,
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
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(),
                    format!("`{key}` member `{added}` added"),
                )
                .api(&ty, ApiChange::Changed, format!("gains member `{added}`")),
            );
        }
        for removed in or.difference(&nr) {
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(),
                    format!("`{key}` member `{removed}` removed"),
                )
                .api(&ty, ApiChange::Changed, format!("loses member `{removed}`")),
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
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(),
                    format!("inline `{key}` member ({t}) added"),
                )
                .api(&ty, ApiChange::Changed, format!("gains a `{t}` member")),
            );
        }
        for extra in oi.iter().skip(ni.len()) {
            let t = describe(extra, &self.old.naming);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(),
                    format!("inline `{key}` member ({t}) removed"),
                )
                .api(&ty, ApiChange::Changed, format!("loses its `{t}` member")),
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
                Draft::new(
                    &site.group,
                    site.location(),
                    Kind::ConstraintChanged,
                    rules::constraint_changed(site.usage, tightened),
                    message,
                )
                .values(o.cloned(), n.cloned()),
            );
        }
    }
}
