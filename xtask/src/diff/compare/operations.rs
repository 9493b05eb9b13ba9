//! Operations: parameters, request bodies, media types and responses.

use super::*;

impl<'a> Differ<'a> {
    pub(super) fn operations(&mut self) {
        let old_ops = self.old.ops();
        let new_ops = self.new.ops();
        let old_by_key: BTreeMap<String, &Op> = old_ops.iter().map(|o| (o.key(), o)).collect();
        let new_by_key: BTreeMap<String, &Op> = new_ops.iter().map(|o| (o.key(), o)).collect();
        let mut removed: Vec<&Op> = old_ops
            .iter()
            .filter(|o| !new_by_key.contains_key(&o.key()))
            .collect();
        let mut added: Vec<&Op> = new_ops
            .iter()
            .filter(|o| !old_by_key.contains_key(&o.key()))
            .collect();
        // (sort key, old, new)
        let mut work: Vec<(String, Option<&Op>, Option<&Op>)> = Vec::new();
        for (key, o) in &old_by_key {
            if let Some(n) = new_by_key.get(key) {
                work.push((key.clone(), Some(*o), Some(*n)));
            }
        }
        // A new operationId on the same method and path is a renamed method,
        // compared as one operation.
        removed.retain(|o| {
            match added
                .iter()
                .position(|n| n.method == o.method && n.path == o.path)
            {
                Some(i) => {
                    let n = added.remove(i);
                    work.push((n.key(), Some(*o), Some(n)));
                    false
                }
                None => true,
            }
        });
        work.extend(removed.into_iter().map(|o| (o.key(), Some(o), None)));
        work.extend(added.into_iter().map(|n| (n.key(), None, Some(n))));
        work.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, o, n) in work {
            let current = n.or(o).expect("one side exists");
            let group = Group::Operation {
                id: key.clone(),
                method: current.method.clone(),
                path: current.path.clone(),
                rust: format!("Client::{}", method_name(&key)),
            };
            self.groups.push(group.clone());
            match (o, n) {
                (Some(o), Some(n)) => self.operation(&group, o, n),
                (None, Some(n)) => {
                    let rust = format!("Client::{}", method_name(&key));
                    let draft = Draft::new(
                        &group,
                        "",
                        Kind::OperationAdded,
                        rules::operation_added(),
                        format!("operation added: {} {}", n.method, n.path),
                    )
                    .api(&rust, Member::Item, ApiChange::Added, "new method");
                    self.push(draft);
                }
                (Some(o), None) => {
                    let rust = format!("Client::{}", method_name(&key));
                    let draft = Draft::new(
                        &group,
                        "",
                        Kind::OperationRemoved,
                        rules::operation_removed(),
                        format!("operation removed: {} {}", o.method, o.path),
                    )
                    .api(
                        &rust,
                        Member::Item,
                        ApiChange::Removed,
                        "method removed",
                    );
                    self.push(draft);
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn operation(&mut self, group: &Group, o: &Op<'a>, n: &Op<'a>) {
        let rust = format!("Client::{}", method_name(&n.key()));
        if o.key() != n.key() {
            let old_rust = format!("Client::{}", method_name(&o.key()));
            self.push(
                Draft::new(
                    group,
                    "operationId",
                    Kind::OperationRenamed,
                    rules::operation_renamed(),
                    format!("operationId `{}` renamed to `{}`", o.key(), n.key()),
                )
                .values(Some(json!(o.key())), Some(json!(n.key())))
                .api(
                    &old_rust,
                    Member::Item,
                    ApiChange::Removed,
                    format!("renamed to `{rust}`"),
                )
                .api(
                    &rust,
                    Member::Item,
                    ApiChange::Added,
                    format!("replaces `{old_rust}`"),
                ),
            );
        }
        if o.method != n.method || o.path != n.path {
            self.push(
                Draft::new(
                    group,
                    "",
                    Kind::OperationMoved,
                    rules::operation_moved(),
                    format!(
                        "now sent as {} {} (was {} {})",
                        n.method, n.path, o.method, o.path
                    ),
                )
                .anchor(&rust, Member::Item)
                .values(
                    Some(json!(format!("{} {}", o.method, o.path))),
                    Some(json!(format!("{} {}", n.method, n.path))),
                ),
            );
        }
        self.docs(
            group,
            "",
            o.op,
            n.op,
            &["summary", "description", "externalDocs"],
        );
        if o.op.get("tags") != n.op.get("tags") {
            self.push(
                Draft::new(
                    group,
                    "tags",
                    Kind::DescriptionChanged,
                    rules::description_changed(),
                    "tags changed",
                )
                .values(o.op.get("tags").cloned(), n.op.get("tags").cloned()),
            );
        }
        if bool_of(o.op, "deprecated") != bool_of(n.op, "deprecated") {
            let now = bool_of(n.op, "deprecated");
            self.push(Draft::new(
                group,
                "",
                Kind::Deprecated,
                rules::deprecated(),
                if now {
                    "operation deprecated"
                } else {
                    "operation no longer deprecated"
                },
            ));
        }
        self.parameters(group, &rust, o, n);
        self.request_body(group, &rust, o, n);
        self.responses(group, &rust, o, n);
        self.operation_security(group, o, n);
        let servers = |op: &Op<'a>| op.op.get("servers").or_else(|| op.item.get("servers"));
        if servers(o).is_some() || servers(n).is_some() {
            self.servers(group, servers(o), servers(n));
        }
    }
    pub(super) fn request_body(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let location = "request body";
        let hint = format!("{}Body", type_name(&n.key()));
        match (self.old.request_body(o), self.new.request_body(n)) {
            (None, None) => {}
            (None, Some(b)) => {
                let ty = json_schema(b)
                    .map(|s| self.new.naming.rust_type(s, &hint))
                    .unwrap_or_else(|| "Value".into());
                self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::RequestBodyAdded,
                        rules::request_body_presence_changed(bool_of(b, "required")),
                        "request body added",
                    )
                    .api(
                        rust,
                        Member::Argument("body".into()),
                        ApiChange::Changed,
                        format!("gains argument `body: &{ty}`"),
                    ),
                );
            }
            (Some(_), None) => self.push(
                Draft::new(
                    group,
                    location,
                    Kind::RequestBodyRemoved,
                    rules::request_body_presence_changed(false),
                    "request body removed",
                )
                .api(
                    rust,
                    Member::Argument("body".into()),
                    ApiChange::Changed,
                    "loses argument `body`",
                ),
            ),
            (Some(ob), Some(nb)) => {
                self.docs(group, location, ob, nb, &["description"]);
                let (or, nr) = (bool_of(ob, "required"), bool_of(nb, "required"));
                if or != nr {
                    let (kind, message) = if nr {
                        (Kind::RequiredAdded, "request body is now required")
                    } else {
                        (Kind::RequiredRemoved, "request body is no longer required")
                    };
                    self.push(Draft::new(
                        group,
                        location,
                        kind,
                        rules::request_body_required_changed(nr),
                        message,
                    ));
                }
                let site = Site {
                    group: group.clone(),
                    prefix: location.into(),
                    path: String::new(),
                    usage: Usage::REQUEST,
                    api_item: rust.to_owned(),
                    api_subject: "argument `body`".into(),
                    member: Member::Argument("body".into()),
                    status: None,
                    template: "&{}".into(),
                    hint,
                    self_type: None,
                    open_enum: false,
                    field: None,
                };
                self.content(&site, ob, nb, false);
            }
        }
    }

    /// Media types and schemas of a request body or a response.
    pub(super) fn content(&mut self, site: &Site, old: &Value, new: &Value, raw: bool) {
        let empty = Map::new();
        let oc = old
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let nc = new
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let location = site.location();
        // The generated client sends and reads only the media type whose
        // schema [`json_schema`] picks.
        let used = |content: &Map<String, Value>| -> Option<String> {
            if content.contains_key("application/json") {
                Some("application/json".into())
            } else {
                content
                    .iter()
                    .find(|(_, m)| m.get("schema").is_some())
                    .map(|(k, _)| k.clone())
            }
        };
        let used_before = used(oc);
        for media in oc.keys().filter(|m| !nc.contains_key(*m)) {
            let severity = if raw {
                rules::error_body_changed()
            } else {
                rules::media_type_removed(used_before.as_deref() == Some(media.as_str()))
            };
            self.push(Draft::on(
                site,
                location.clone(),
                Kind::MediaTypeRemoved,
                severity,
                format!("media type `{media}` removed"),
            ));
        }
        for media in nc.keys().filter(|m| !oc.contains_key(*m)) {
            let severity = if raw {
                rules::error_body_changed()
            } else {
                rules::media_type_added()
            };
            self.push(Draft::on(
                site,
                location.clone(),
                Kind::MediaTypeAdded,
                severity,
                format!("media type `{media}` added"),
            ));
        }
        let (Some(os), Some(ns)) = (json_schema(old), json_schema(new)) else {
            return;
        };
        if raw {
            if os != ns {
                let (ot, nt) = (
                    self.old.naming.rust_type(os, &site.hint),
                    self.new.naming.rust_type(ns, &site.hint),
                );
                let message = if ot == nt {
                    "error body schema changed (error bodies are raw bytes)".to_owned()
                } else {
                    format!(
                        "error body schema changed from {ot} to {nt} (error bodies are raw bytes)"
                    )
                };
                self.push(Draft::on(
                    site,
                    location,
                    Kind::TypeChanged,
                    rules::error_body_changed(),
                    message,
                ));
            }
            return;
        }
        self.node(os, ns, site);
    }

    pub(super) fn responses(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let old = self.old.responses(o);
        let new = self.new.responses(n);
        let old_return = self.old.return_type(o);
        let new_return = self.new.return_type(n);
        let return_effect = |draft: Draft| {
            let draft = draft.anchor(rust, Member::Return);
            if old_return != new_return {
                draft.api(
                    rust,
                    Member::Return,
                    ApiChange::Changed,
                    format!("return type: {old_return} → {new_return}"),
                )
            } else {
                draft
            }
        };
        let statuses: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for status in statuses {
            let location = format!("response {status}");
            match (old.get(status), new.get(status)) {
                (None, Some(r)) => {
                    let hint = format!("{}Response", type_name(&n.key()));
                    let body = json_schema(r)
                        .map(|s| self.new.naming.rust_type(s, &hint))
                        .unwrap_or_else(|| "()".into());
                    let success = is_success(status);
                    let message = if is_error(status) {
                        format!("status {status} added (arrives as a raw error response)")
                    } else if success && body != old_return {
                        format!(
                            "status {status} added with body {body}, but the method returns {old_return} \
                             (progenitor 0.15 allows one success type per operation)"
                        )
                    } else {
                        format!("status {status} added")
                    };
                    let draft = Draft::new(
                        group,
                        location,
                        Kind::StatusAdded,
                        rules::status_added(success, body == old_return),
                        message,
                    )
                    .anchor(rust, Member::Status(status_pattern(status)));
                    self.push(if success { return_effect(draft) } else { draft });
                }
                (Some(_), None) => {
                    let draft = Draft::new(
                        group,
                        location,
                        Kind::StatusRemoved,
                        rules::status_removed(),
                        format!("status {status} removed"),
                    )
                    .anchor(rust, Member::Status(status_pattern(status)));
                    self.push(if is_success(status) {
                        return_effect(draft)
                    } else {
                        draft
                    });
                }
                (Some(or), Some(nr)) => {
                    self.docs(group, &location, or, nr, &["description"]);
                    self.response_headers(group, &location, (or, nr));
                    let site = Site {
                        group: group.clone(),
                        prefix: location,
                        path: String::new(),
                        usage: Usage::RESPONSE,
                        api_item: rust.to_owned(),
                        api_subject: "return type".into(),
                        member: Member::Return,
                        status: Some(status_pattern(status)),
                        template: "{}".into(),
                        hint: format!("{}Response", type_name(&n.key())),
                        self_type: None,
                        open_enum: false,
                        field: None,
                    };
                    let raw = !is_success(status);
                    match (json_schema(or), json_schema(nr)) {
                        (None, Some(_)) | (Some(_), None) if !raw => {
                            let draft = Draft::on(
                                &site,
                                site.location(),
                                Kind::TypeChanged,
                                rules::type_changed(),
                                if json_schema(nr).is_some() {
                                    "response body added"
                                } else {
                                    "response body removed"
                                },
                            );
                            self.push(return_effect(draft));
                        }
                        _ => self.content(&site, or, nr, raw),
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// Response headers of one status. progenitor does not type them; what
    /// matters is whether callers reading them still find them.
    pub(super) fn response_headers(
        &mut self,
        group: &Group,
        location: &str,
        (old, new): (&'a Value, &'a Value),
    ) {
        let headers = |v: &'a Value| v.get("headers").and_then(Value::as_object);
        let (oh, nh) = (headers(old), headers(new));
        let names: BTreeSet<&String> = oh.into_iter().chain(nh).flat_map(|m| m.keys()).collect();
        for name in names {
            let at = format!("{location} header `{name}`");
            let resolve = |side: &Side<'a>, h: &'a Value| side.resolve(h);
            match (oh.and_then(|m| m.get(name)), nh.and_then(|m| m.get(name))) {
                (None, Some(h)) => {
                    let h = resolve(&self.new, h);
                    self.push(
                        Draft::new(
                            group,
                            at,
                            Kind::ResponseHeaderAdded,
                            rules::response_header_added(),
                            "response header added",
                        )
                        .values(None, h.get("schema").cloned()),
                    );
                }
                (Some(h), None) => {
                    let h = resolve(&self.old, h);
                    let required = bool_of(h, "required");
                    self.push(
                        Draft::new(
                            group,
                            at,
                            Kind::ResponseHeaderRemoved,
                            rules::response_header_removed(required),
                            if required {
                                "required response header removed"
                            } else {
                                "optional response header removed"
                            },
                        )
                        .values(h.get("schema").cloned(), None),
                    );
                }
                (Some(a), Some(b)) => {
                    let (a, b) = (resolve(&self.old, a), resolve(&self.new, b));
                    self.docs(group, &at, a, b, &["description", "example", "examples"]);
                    let (sa, sb) = (
                        a.get("schema").map(|s| self.old.resolve(s)),
                        b.get("schema").map(|s| self.new.resolve(s)),
                    );
                    let strip = |s: Option<&Value>| {
                        let mut s = s.cloned().unwrap_or(Value::Null);
                        if let Some(m) = s.as_object_mut() {
                            for key in DOC_KEYWORDS {
                                m.remove(*key);
                            }
                        }
                        s
                    };
                    if strip(sa) != strip(sb) || bool_of(a, "required") != bool_of(b, "required") {
                        let loosened = bool_of(a, "required") && !bool_of(b, "required");
                        let (verdict, message) = if strip(sa) != strip(sb) {
                            (
                                rules::response_header_changed(),
                                "response header schema changed",
                            )
                        } else if loosened {
                            (
                                rules::response_header_removed(true),
                                "response header no longer required",
                            )
                        } else {
                            (
                                rules::response_header_added(),
                                "response header now required",
                            )
                        };
                        self.push(
                            Draft::new(group, at, Kind::ResponseHeaderChanged, verdict, message)
                                .values(Some(strip(sa)), Some(strip(sb))),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }
}
