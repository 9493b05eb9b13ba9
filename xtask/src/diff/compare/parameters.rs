//! Parameters: added, removed, their schemas, `style` and `explode`.

use super::*;

impl<'a> Differ<'a> {
    pub(super) fn parameters(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let old = self.old.params(o);
        let new = self.new.params(n);
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (place, name) = key;
            let location = format!("parameter `{name}` ({place})");
            let arg = field_name(name);
            let hint = format!("{}{}", type_name(&n.key()), type_name(name));
            let param_required = |p: &Value| place == "path" || bool_of(p, "required");
            match (old.get(key), new.get(key)) {
                (None, Some(p)) => {
                    let required = param_required(p);
                    let ty = p
                        .get("schema")
                        .map(|s| self.new.naming.rust_type(s, &hint))
                        .unwrap_or_else(|| "Value".into());
                    let ty = wrap(&argument(&ty), required, false, true);
                    let style = ParamStyle::of(place, p, self.new.resolve_schema(p));
                    let mut draft = Draft::new(
                        group,
                        location,
                        Kind::ParameterAdded,
                        rules::parameter_added(required),
                        format!(
                            "{} parameter added",
                            if required { "required" } else { "optional" }
                        ),
                    )
                    .api(
                        rust,
                        Member::Argument(arg.clone()),
                        ApiChange::Changed,
                        format!("gains argument `{arg}: {ty}`"),
                    );
                    if style.composite && !style.explode && place == "query" {
                        draft = draft.wire_note(rust, style.unfollowed(name), Severity::Breaking);
                    }
                    self.push(draft);
                }
                (Some(_), None) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ParameterRemoved,
                        rules::parameter_removed(),
                        "parameter removed",
                    )
                    .api(
                        rust,
                        Member::Argument(arg.clone()),
                        ApiChange::Changed,
                        format!("loses argument `{arg}`"),
                    ),
                ),
                (Some(op), Some(np)) => {
                    self.docs(
                        group,
                        &location,
                        op,
                        np,
                        &["description", "example", "examples"],
                    );
                    if bool_of(op, "deprecated") != bool_of(np, "deprecated") {
                        self.push(Draft::new(
                            group,
                            location.clone(),
                            Kind::Deprecated,
                            rules::deprecated(),
                            "deprecation changed",
                        ));
                    }
                    self.parameter_style(group, &location, rust, (place, name), (op, np));
                    let empty = Value::Object(Map::new());
                    let os = op.get("schema").unwrap_or(&empty);
                    let ns = np.get("schema").unwrap_or(&empty);
                    let shape = FieldShape {
                        old_required: param_required(op),
                        new_required: param_required(np),
                        old_nullable: bool_of(os, "nullable"),
                        new_nullable: bool_of(ns, "nullable"),
                        param: true,
                    };
                    let site = Site {
                        group: group.clone(),
                        prefix: location,
                        path: String::new(),
                        usage: Usage::REQUEST,
                        api_item: rust.to_owned(),
                        api_subject: format!("argument `{arg}`"),
                        member: Member::Argument(arg.clone()),
                        status: None,
                        template: "{}".into(),
                        hint,
                        self_type: None,
                        open_enum: false,
                        field: Some(shape),
                    };
                    self.field(os, ns, &site);
                }
                (None, None) => {}
            }
        }
    }

    /// A parameter's `style` and `explode` (see
    /// [`rules::parameter_style_changed`]).
    pub(super) fn parameter_style(
        &mut self,
        group: &Group,
        location: &str,
        rust: &str,
        (place, name): (&str, &str),
        (old, new): (&Value, &Value),
    ) {
        let before = ParamStyle::of(place, old, self.old.resolve_schema(old));
        let after = ParamStyle::of(place, new, self.new.resolve_schema(new));
        if (before.style.as_str(), before.explode) == (after.style.as_str(), after.explode) {
            return;
        }
        let supported = after.supported(place);
        let explode_matters =
            before.explode != after.explode && after.composite && place == "query";
        let mut message = format!(
            "style {}, explode: {} → style {}, explode: {}",
            before.style, before.explode, after.style, after.explode,
        );
        if !supported {
            message.push_str(
                " (progenitor 0.15 generates only `form` query and `simple` path and header parameters)",
            );
        }
        let mut draft = Draft::new(
            group,
            location,
            Kind::StyleChanged,
            rules::parameter_style_changed(supported, explode_matters),
            message,
        )
        .values(
            Some(json!({"style": before.style, "explode": before.explode})),
            Some(json!({"style": after.style, "explode": after.explode})),
        )
        .anchor(rust, Member::Argument(field_name(name)));
        if explode_matters && supported && !after.explode {
            draft = draft.wire_note(rust, after.unfollowed(name), Severity::Breaking);
        } else if explode_matters && supported {
            draft = draft.wire_note(
                rust,
                format!("the generated client sends `{name}` exploded (`{name}=a&{name}=b`), as the server now expects"),
                Severity::Compatible,
            );
        }
        self.push(draft);
    }
}

/// A parameter's serialization: `style` and `explode` with the defaults
/// OpenAPI 3.0 gives them (`form` for query and cookie, `simple` for path
/// and header; `explode` true for `form` only).
pub(super) struct ParamStyle {
    style: String,
    explode: bool,
    /// An array or object: the only values `explode` changes.
    composite: bool,
}

impl ParamStyle {
    pub(super) fn of(place: &str, param: &Value, schema: &Value) -> ParamStyle {
        let default = if matches!(place, "query" | "cookie") {
            "form"
        } else {
            "simple"
        };
        let style = str_of(param, "style").unwrap_or(default).to_owned();
        let explode = param
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        let composite = matches!(str_of(schema, "type"), Some("array" | "object"))
            || schema.get("properties").is_some();
        ParamStyle {
            style,
            explode,
            composite,
        }
    }

    fn supported(&self, place: &str) -> bool {
        match place {
            "query" => self.style == "form",
            "path" | "header" => self.style == "simple",
            _ => false,
        }
    }

    /// What the generated client does instead of what the spec asks.
    fn unfollowed(&self, name: &str) -> String {
        let separator = match self.style.as_str() {
            "spaceDelimited" => "%20",
            "pipeDelimited" => "|",
            _ => ",",
        };
        format!(
            "the generated client sends `{name}` exploded (`{name}=a&{name}=b`: progenitor-client's `QueryParam` ignores `explode`), \
             but the server expects `{name}=a{separator}b`"
        )
    }
}
