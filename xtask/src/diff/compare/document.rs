//! Servers, security and the document's own metadata.

use super::*;

impl<'a> Differ<'a> {
    pub(super) fn operation_security(&mut self, group: &Group, o: &Op<'a>, n: &Op<'a>) {
        // Inherited requirements are reported once, at the spec level.
        if o.op.get("security").is_none() && n.op.get("security").is_none() {
            return;
        }
        let effective = |side: &Side<'a>, op: &Op<'a>| {
            op.op
                .get("security")
                .or_else(|| side.doc.get("security"))
                .map(security_set)
                .unwrap_or_default()
        };
        let (old, new) = (effective(&self.old, o), effective(&self.new, n));
        self.security_change(group, "security", old, new);
    }

    pub(super) fn security_change(
        &mut self,
        group: &Group,
        location: &str,
        old: BTreeSet<String>,
        new: BTreeSet<String>,
    ) {
        if old == new {
            return;
        }
        let open = |s: &BTreeSet<String>| s.is_empty() || s.contains("");
        let message = match (open(&old), open(&new)) {
            (true, false) => format!("now requires authentication: {}", show_security(&new)),
            (false, true) => "no longer requires authentication".into(),
            _ => format!(
                "requires {} (was {})",
                show_security(&new),
                show_security(&old)
            ),
        };
        self.push(
            Draft::new(
                group,
                location,
                Kind::SecurityChanged,
                rules::security_changed(open(&new)),
                message,
            )
            .values(Some(json!(old)), Some(json!(new))),
        );
    }

    pub(super) fn servers(
        &mut self,
        group: &Group,
        old: Option<&'a Value>,
        new: Option<&'a Value>,
    ) {
        let (old, new) = (servers_by_url(old), servers_by_url(new));
        let urls: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for url in urls {
            let location = format!("server {url}");
            match (old.get(url), new.get(url)) {
                (None, Some(_)) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ServerAdded,
                        rules::server_added(),
                        "server added",
                    )
                    .values(None, Some(json!(url))),
                ),
                (Some(_), None) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ServerRemoved,
                        rules::server_removed(),
                        "server removed",
                    )
                    .values(Some(json!(url)), None),
                ),
                (Some(o), Some(n)) => {
                    self.docs(group, &location, o, n, &["description"]);
                    let empty = Map::new();
                    let ov = o
                        .get("variables")
                        .and_then(Value::as_object)
                        .unwrap_or(&empty);
                    let nv = n
                        .get("variables")
                        .and_then(Value::as_object)
                        .unwrap_or(&empty);
                    let names: BTreeSet<&String> = ov.keys().chain(nv.keys()).collect();
                    for name in names {
                        let at = format!("{location} variable `{name}`");
                        match (ov.get(name), nv.get(name)) {
                            (Some(a), Some(b)) => {
                                self.docs(group, &at, a, b, &["description"]);
                                for key in ["default", "enum"] {
                                    if a.get(key) != b.get(key) {
                                        self.push(
                                            Draft::new(
                                                group,
                                                at.clone(),
                                                Kind::ServerChanged,
                                                rules::server_changed(),
                                                format!(
                                                    "`{key}` changed from {} to {}",
                                                    a.get(key)
                                                        .map(show)
                                                        .unwrap_or_else(|| "none".into()),
                                                    b.get(key)
                                                        .map(show)
                                                        .unwrap_or_else(|| "none".into()),
                                                ),
                                            )
                                            .values(a.get(key).cloned(), b.get(key).cloned()),
                                        );
                                    }
                                }
                            }
                            (a, b) => self.push(
                                Draft::new(
                                    group,
                                    at,
                                    Kind::ServerChanged,
                                    rules::server_changed(),
                                    if b.is_some() {
                                        "variable added"
                                    } else {
                                        "variable removed"
                                    },
                                )
                                .values(a.cloned(), b.cloned()),
                            ),
                        }
                    }
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn spec_level(&mut self) {
        let group = Group::Spec;
        let (od, nd) = (self.old.doc, self.new.doc);
        let null = Value::Null;
        self.servers(&group, od.get("servers"), nd.get("servers"));
        let global = |d: &Value| d.get("security").map(security_set).unwrap_or_default();
        self.security_change(&group, "security", global(od), global(nd));
        let empty = Map::new();
        let schemes = |d: &'a Value| {
            d.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
        };
        let os = schemes(od).unwrap_or(&empty);
        let ns = schemes(nd).unwrap_or(&empty);
        let names: BTreeSet<&String> = os.keys().chain(ns.keys()).collect();
        for name in names {
            let location = format!("security scheme `{name}`");
            match (os.get(name), ns.get(name)) {
                (None, Some(s)) => self.push(
                    Draft::new(
                        &group,
                        location,
                        Kind::SecuritySchemeAdded,
                        rules::security_scheme_added(),
                        format!("security scheme added ({})", show_scheme(s)),
                    )
                    .values(None, Some(s.clone())),
                ),
                (Some(s), None) => self.push(
                    Draft::new(
                        &group,
                        location,
                        Kind::SecuritySchemeRemoved,
                        rules::security_scheme_changed(),
                        format!("security scheme removed ({})", show_scheme(s)),
                    )
                    .values(Some(s.clone()), None),
                ),
                (Some(o), Some(n)) => {
                    self.docs(&group, &location, o, n, &["description"]);
                    let strip = |v: &Value| {
                        let mut v = v.clone();
                        if let Some(m) = v.as_object_mut() {
                            m.remove("description");
                        }
                        v
                    };
                    if strip(o) != strip(n) {
                        self.push(
                            Draft::new(
                                &group,
                                location,
                                Kind::SecuritySchemeChanged,
                                rules::security_scheme_changed(),
                                format!(
                                    "security scheme changed from {} to {}",
                                    show_scheme(o),
                                    show_scheme(n)
                                ),
                            )
                            .values(Some(strip(o)), Some(strip(n))),
                        );
                    }
                }
                (None, None) => {}
            }
        }
        let oi = od.get("info").unwrap_or(&null);
        let ni = nd.get("info").unwrap_or(&null);
        self.docs(
            &group,
            "info",
            oi,
            ni,
            &[
                "title",
                "description",
                "version",
                "termsOfService",
                "contact",
                "license",
            ],
        );
        if od.get("tags") != nd.get("tags") {
            self.push(
                Draft::new(
                    &group,
                    "tags",
                    Kind::DescriptionChanged,
                    rules::description_changed(),
                    "tag list changed",
                )
                .values(od.get("tags").cloned(), nd.get("tags").cloned()),
            );
        }
        if od.get("openapi") != nd.get("openapi") {
            self.push(
                Draft::new(
                    &group,
                    "openapi",
                    Kind::OtherChanged,
                    rules::other_changed(),
                    "OpenAPI version changed",
                )
                .values(od.get("openapi").cloned(), nd.get("openapi").cloned()),
            );
        }
    }
}
fn servers_by_url(list: Option<&Value>) -> BTreeMap<String, &Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| str_of(s, "url").map(|u| (u.to_owned(), s)))
        .collect()
}

/// Security requirements as a set of alternatives, each written as its
/// schemes (with scopes) joined by `+`; the empty string is "no
/// authentication".
fn security_set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|req| {
            let mut parts: Vec<String> = req
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, scopes)| {
                    let scopes: Vec<String> =
                        scopes.as_array().into_iter().flatten().map(show).collect();
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}[{}]", scopes.join(","))
                    }
                })
                .collect();
            parts.sort();
            parts.join("+")
        })
        .collect()
}

fn show_security(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "none".into();
    }
    set.iter()
        .map(|s| {
            if s.is_empty() {
                "none".to_owned()
            } else {
                s.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn show_scheme(s: &Value) -> String {
    let ty = str_of(s, "type").unwrap_or("?");
    match (str_of(s, "scheme"), str_of(s, "in"), str_of(s, "name")) {
        (Some(scheme), _, _) => format!("{ty} {scheme}"),
        (None, Some(place), Some(name)) => format!("{ty} in {place} `{name}`"),
        _ => ty.to_owned(),
    }
}
