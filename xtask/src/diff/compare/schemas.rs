//! Component schemas, struct fields and schema nodes.

use super::*;

impl<'a> Differ<'a> {
    pub(super) fn schemas(&mut self) {
        let empty = Map::new();
        let schemas = |side: &Side<'a>| -> Option<&'a Map<String, Value>> {
            side.doc
                .pointer("/components/schemas")
                .and_then(Value::as_object)
        };
        let old = schemas(&self.old).unwrap_or(&empty);
        let new = schemas(&self.new).unwrap_or(&empty);
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let naming = if new.contains_key(name) {
                &self.new.naming
            } else {
                &self.old.naming
            };
            let rust = naming.component_path(name);
            let (requests, responses) = self.users.get(name).cloned().unwrap_or_default();
            let usage = Usage {
                request: !requests.is_empty(),
                response: !responses.is_empty(),
            };
            let group = Group::Schema {
                name: name.clone(),
                rust: rust.clone(),
                requests: requests.into_iter().collect(),
                responses: responses.into_iter().collect(),
            };
            self.groups.push(group.clone());
            match (old.get(name), new.get(name)) {
                (None, Some(_)) => self.push(
                    Draft::new(
                        &group,
                        "",
                        Kind::SchemaAdded,
                        rules::schema_added(),
                        "schema added",
                    )
                    .api(&rust, Member::Item, ApiChange::Added, "new type"),
                ),
                (Some(_), None) => self.push(
                    Draft::new(
                        &group,
                        "",
                        Kind::SchemaRemoved,
                        rules::schema_removed(),
                        "schema removed",
                    )
                    .api(
                        &rust,
                        Member::Item,
                        ApiChange::Removed,
                        "type removed",
                    ),
                ),
                (Some(o), Some(n)) => {
                    let site = Site {
                        group: group.clone(),
                        prefix: String::new(),
                        path: String::new(),
                        usage,
                        api_item: rust.clone(),
                        api_subject: String::new(),
                        member: Member::Item,
                        status: None,
                        template: "{}".into(),
                        hint: name.clone(),
                        self_type: Some(rust.clone()),
                        open_enum: self.old.naming.open_enums.contains(name)
                            && self.new.naming.open_enums.contains(name),
                        field: None,
                    };
                    self.node(o, n, &site);
                }
                (None, None) => {}
            }
        }
    }

    /// A struct field or an argument: required and nullable decide its
    /// `Option` wrapper; the rest is the schema itself.
    pub(super) fn field(&mut self, old: &Value, new: &Value, site: &Site) {
        let shape = site.field.expect("field sites carry their shape");
        let base = self.old.naming.rust_type(old, &site.hint);
        let location = site.location();
        let subject = site.subject();
        if shape.old_required != shape.new_required {
            let before = shape_type(
                &base,
                shape.old_required,
                shape.old_nullable,
                shape.param,
                old,
            );
            let after = shape_type(
                &base,
                shape.new_required,
                shape.old_nullable,
                shape.param,
                new,
            );
            let changed = before != after;
            let (kind, severity, message) = if shape.new_required {
                let severity = if shape.param {
                    rules::parameter_required_changed(true)
                } else {
                    rules::required_added(site.usage, changed)
                };
                (Kind::RequiredAdded, severity, "now required".to_owned())
            } else {
                let severity = if shape.param {
                    rules::parameter_required_changed(false)
                } else {
                    rules::required_removed(changed)
                };
                (
                    Kind::RequiredRemoved,
                    severity,
                    "no longer required".to_owned(),
                )
            };
            let message = if changed {
                message
            } else {
                format!("{message} (Rust type stays `{after}`)")
            };
            let mut draft = Draft::on(site, location.clone(), kind, severity, message).values(
                Some(json!(shape.old_required)),
                Some(json!(shape.new_required)),
            );
            if changed {
                draft = draft.api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{subject}: {before} → {after}"),
                );
            }
            self.push(draft);
        }
        if shape.old_nullable != shape.new_nullable {
            let before = shape_type(
                &base,
                shape.new_required,
                shape.old_nullable,
                shape.param,
                old,
            );
            let after = shape_type(
                &base,
                shape.new_required,
                shape.new_nullable,
                shape.param,
                new,
            );
            let changed = before != after;
            let added = shape.new_nullable;
            let (kind, message) = if added {
                (Kind::NullableAdded, "may now be null")
            } else {
                (Kind::NullableRemoved, "may no longer be null")
            };
            let message = if changed {
                message.to_owned()
            } else {
                format!("{message} (Rust type stays `{after}`)")
            };
            let mut draft = Draft::on(
                site,
                location,
                kind,
                rules::nullable_changed(site.usage, added, true, changed),
                message,
            );
            if changed {
                draft = draft.api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{subject}: {before} → {after}"),
                );
            }
            self.push(draft);
        }
        self.node(old, new, site);
    }

    /// The Rust types a type change turns into, for messages.
    pub(super) fn type_pair(&self, old: &Value, new: &Value, site: &Site) -> (String, String) {
        let (o, n) = (
            self.old.naming.rust_type(old, &site.hint),
            self.new.naming.rust_type(new, &site.hint),
        );
        let (o, n) = match site.field {
            Some(s) => (
                shape_type(&o, s.old_required, s.old_nullable, s.param, old),
                shape_type(&n, s.new_required, s.new_nullable, s.param, new),
            ),
            None => (o, n),
        };
        (
            site.template.replace("{}", &o),
            site.template.replace("{}", &n),
        )
    }

    /// The template of a child whose type sits in `container` (`Vec<{}>`)
    /// of this node's type.
    fn child_template(&self, site: &Site, container: &str, new: &Value) -> String {
        let inner = match site.field {
            Some(s) => shape_type(container, s.new_required, s.new_nullable, s.param, new),
            None => container.to_owned(),
        };
        site.template.replace("{}", &inner)
    }

    /// One schema node on both sides.
    pub(super) fn node(&mut self, old: &Value, new: &Value, site: &Site) {
        let location = site.location();
        let group = site.group.clone();
        self.docs(&group, &location, old, new, DOC_KEYWORDS);
        let subject = site.subject();
        match (ref_name(old), ref_name(new)) {
            // The target is compared once, as a component.
            (Some(a), Some(b)) if a == b => return,
            (None, None) => {}
            (a, b) => {
                let (ot, nt) = self.type_pair(old, new, site);
                let show_ref = |r: Option<&str>, t: &str| match r {
                    Some(r) => format!("`{r}`"),
                    None => format!("inline {t}"),
                };
                self.push(
                    Draft::on(
                        site,
                        location,
                        Kind::TypeChanged,
                        rules::type_changed(),
                        format!(
                            "schema changed from {} to {}",
                            show_ref(a, &ot),
                            show_ref(b, &nt)
                        ),
                    )
                    .values(old.get("$ref").cloned(), new.get("$ref").cloned())
                    .api(
                        &site.api_item,
                        site.member.clone(),
                        ApiChange::Changed,
                        format!("{subject}: {ot} → {nt}"),
                    ),
                );
                return;
            }
        }
        if old.get("type") != new.get("type") {
            let (ot, nt) = self.type_pair(old, new, site);
            let show_type = |v: &Value| v.get("type").map(show).unwrap_or_else(|| "untyped".into());
            self.push(
                Draft::new(
                    &group,
                    location,
                    Kind::TypeChanged,
                    rules::type_changed(),
                    format!("type changed from {} to {}", show_type(old), show_type(new)),
                )
                .values(old.get("type").cloned(), new.get("type").cloned())
                .api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{subject}: {ot} → {nt}"),
                ),
            );
            return;
        }
        if old.get("format") != new.get("format") {
            let (ot, nt) = self.type_pair(old, new, site);
            let show_format =
                |v: &Value| v.get("format").map(show).unwrap_or_else(|| "none".into());
            let mut draft = Draft::on(
                site,
                location.clone(),
                Kind::FormatChanged,
                rules::format_changed(site.usage),
                format!(
                    "format changed from {} to {}",
                    show_format(old),
                    show_format(new)
                ),
            )
            .values(old.get("format").cloned(), new.get("format").cloned());
            if ot != nt {
                draft = draft.api(
                    &site.api_item,
                    site.member.clone(),
                    ApiChange::Changed,
                    format!("{subject}: {ot} → {nt}"),
                );
            }
            self.push(draft);
        }
        if site.field.is_none() && bool_of(old, "nullable") != bool_of(new, "nullable") {
            let added = bool_of(new, "nullable");
            let (kind, message) = if added {
                (Kind::NullableAdded, "the value may now be null")
            } else {
                (Kind::NullableRemoved, "the value may no longer be null")
            };
            self.push(Draft::on(
                site,
                location.clone(),
                kind,
                rules::nullable_changed(site.usage, added, false, false),
                message,
            ));
        }
        if bool_of(old, "deprecated") != bool_of(new, "deprecated") {
            let message = if bool_of(new, "deprecated") {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Draft::on(
                site,
                location.clone(),
                Kind::Deprecated,
                rules::deprecated(),
                message,
            ));
        }
        if !self.enum_presence(old, new, site) {
            self.enum_values(old, new, site);
        }
        self.default_value(old, new, site);
        self.access(old, new, site);
        self.properties(old, new, site);
        if let (Some(oi), Some(ni)) = (old.get("items"), new.get("items")) {
            let child = Site {
                path: site.child_path("[]"),
                hint: format!("{}Item", site.hint),
                template: self.child_template(site, "Vec<{}>", new),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            self.node(oi, ni, &child);
        }
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) => {
                let child = Site {
                    path: site.child_path("{}"),
                    hint: format!("{}Value", site.hint),
                    template: self.child_template(site, "Map<String, {}>", new),
                    self_type: None,
                    open_enum: false,
                    field: None,
                    ..site.clone()
                };
                self.node(o, n, &child);
            }
            (o, n) if o != n => {
                let (ot, nt) = self.type_pair(old, new, site);
                let draft = if ot != nt {
                    Draft::on(
                        site,
                        location.clone(),
                        Kind::TypeChanged,
                        rules::type_changed(),
                        "additionalProperties changed",
                    )
                    .api(
                        &site.api_item,
                        site.member.clone(),
                        ApiChange::Changed,
                        format!("{subject}: {ot} → {nt}"),
                    )
                } else {
                    Draft::on(
                        site,
                        location.clone(),
                        Kind::OtherChanged,
                        rules::other_changed(),
                        "additionalProperties changed",
                    )
                };
                self.push(draft.values(o.cloned(), n.cloned()));
            }
            _ => {}
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            self.composition(key, old, new, site);
        }
        self.constraints(old, new, site);
        let keys: BTreeSet<&String> = old
            .as_object()
            .into_iter()
            .chain(new.as_object())
            .flat_map(|m| m.keys())
            .collect();
        for key in keys {
            let known = HANDLED.contains(&key.as_str())
                || DOC_KEYWORDS.contains(&key.as_str())
                || CONSTRAINTS.iter().any(|(k, _)| k == key);
            if !known && old.get(key) != new.get(key) {
                self.push(
                    Draft::on(
                        site,
                        location.clone(),
                        Kind::OtherChanged,
                        rules::other_changed(),
                        format!("`{key}` changed"),
                    )
                    .values(old.get(key).cloned(), new.get(key).cloned()),
                );
            }
        }
    }

    pub(super) fn properties(&mut self, old: &Value, new: &Value, site: &Site) {
        let empty = Map::new();
        let op = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if op.is_empty() && np.is_empty() {
            return;
        }
        let (or, nr) = (required_set(old), required_set(new));
        let owner = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        let owner_old = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.old.naming.rust_type(old, &site.hint));
        let names: BTreeSet<&String> = op.keys().chain(np.keys()).collect();
        for name in names {
            let child = Site {
                path: site.child_path(name),
                api_item: owner.clone(),
                api_subject: format!("field `{}`", field_name(name)),
                member: Member::Field(field_name(name)),
                status: None,
                template: "{}".into(),
                hint: format!("{}{}", type_name(&site.hint), type_name(name)),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            let location = child.location();
            let rust_field = field_name(name);
            match (op.get(name), np.get(name)) {
                (None, Some(p)) => {
                    let required = nr.contains(name);
                    let ty = self.new.naming.field_type(p, required, &child.hint);
                    self.push(
                        Draft::new(
                            &site.group,
                            location,
                            Kind::FieldAdded,
                            rules::field_added(site.usage, required),
                            format!(
                                "{} field added",
                                if required { "required" } else { "optional" }
                            ),
                        )
                        .api(
                            &owner,
                            Member::Field(rust_field.clone()),
                            ApiChange::Changed,
                            format!("gains field `{rust_field}: {ty}`"),
                        )
                        .literal_break(),
                    );
                }
                (Some(_), None) => self.push(
                    Draft::new(
                        &site.group,
                        location,
                        Kind::FieldRemoved,
                        rules::field_removed(),
                        "field removed",
                    )
                    .api(
                        &owner_old,
                        Member::Field(rust_field.clone()),
                        ApiChange::Changed,
                        format!("loses field `{rust_field}`"),
                    ),
                ),
                (Some(o), Some(n)) => {
                    let shape = FieldShape {
                        old_required: or.contains(name),
                        new_required: nr.contains(name),
                        old_nullable: bool_of(o, "nullable"),
                        new_nullable: bool_of(n, "nullable"),
                        param: false,
                    };
                    let child = Site {
                        field: Some(shape),
                        ..child
                    };
                    self.field(o, n, &child);
                }
                (None, None) => {}
            }
        }
        self.default_impl(old, new, site, &owner);
    }

    /// typify derives `Default` for a struct exactly when no field is
    /// required.
    pub(super) fn default_impl(&mut self, old: &Value, new: &Value, site: &Site, owner: &str) {
        let derives = |schema: &Value| {
            let required = required_set(schema);
            schema
                .get("properties")
                .and_then(Value::as_object)
                .filter(|p| !p.is_empty())
                .map(|p| p.keys().all(|k| !required.contains(k)))
        };
        let (Some(before), Some(after)) = (derives(old), derives(new)) else {
            return;
        };
        let draft = match (before, after) {
            (true, false) => Draft::new(
                &site.group,
                site.location(),
                Kind::DefaultRemoved,
                rules::default_removed(),
                "a field became required, so the struct no longer derives `Default`",
            )
            .api(
                owner,
                Member::Trait("Default".into()),
                ApiChange::Changed,
                "no longer implements `Default`",
            ),
            (false, true) => Draft::new(
                &site.group,
                site.location(),
                Kind::DefaultAdded,
                rules::default_added(),
                "no field is required any more, so the struct derives `Default`",
            )
            .api(
                owner,
                Member::Trait("Default".into()),
                ApiChange::Changed,
                "now implements `Default`",
            ),
            _ => return,
        };
        self.push(draft);
    }
}

/// The Rust type of a field or argument with base type `base` (see
/// [`wrap`], [`super::super::rust::argument`] and
/// [`super::super::rust::Naming::field_type`]).
fn shape_type(base: &str, required: bool, nullable: bool, param: bool, schema: &Value) -> String {
    if param {
        return wrap(&argument(base), required, nullable, true);
    }
    let defaulted = schema
        .get("default")
        .is_some_and(|d| keywords::default_changes_type(schema, d));
    if !required && defaulted {
        base.to_owned()
    } else {
        wrap(base, required, nullable, false)
    }
}
