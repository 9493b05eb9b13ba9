//! One side of a diff: the operations and schemas of one spec version.

use super::*;

/// The components generated as open enums: what [`normalize`] takes out of
/// typify's hands. A spec that normalize rejects (an enum without
/// `x-enum-codes`, say) still diffs: its named string enums count as open,
/// since that is how they will be generated once fixed.
pub fn open_enums(spec: &Spec) -> BTreeSet<String> {
    match normalize(spec) {
        Ok(n) => n.enums.into_iter().map(|e| e.name).collect(),
        Err(_) => spec
            .value
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| {
                schemas
                    .iter()
                    .filter(|(_, s)| {
                        s.get("enum").is_some()
                            && s.get("type").and_then(Value::as_str) == Some("string")
                    })
                    .map(|(n, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub(super) struct Side<'a> {
    pub(super) doc: &'a Value,
    pub(super) naming: Naming,
}

/// One operation of one side.
pub(super) struct Op<'a> {
    pub(super) id: Option<String>,
    pub(super) method: String,
    pub(super) path: String,
    pub(super) item: &'a Value,
    pub(super) op: &'a Value,
}

impl Op<'_> {
    pub(super) fn key(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.method, self.path))
    }
}

/// Operations that reach a component: (through requests, through success
/// responses).
pub(super) type Users = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

impl<'a> Side<'a> {
    pub(super) fn new(spec: &'a Spec) -> Self {
        Side {
            doc: &spec.value,
            naming: Naming {
                open_enums: open_enums(spec),
            },
        }
    }

    pub(super) fn ops(&self) -> Vec<Op<'a>> {
        let mut out = Vec::new();
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(*method) {
                    out.push(Op {
                        id: op
                            .get("operationId")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        method: method.to_uppercase(),
                        path: path.clone(),
                        item,
                        op,
                    });
                }
            }
        }
        out
    }

    /// Follows a local `$ref` (once per level, as far as it goes).
    pub(super) fn resolve(&self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..16 {
            match current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| self.doc.pointer(p))
            {
                Some(target) => current = target,
                None => break,
            }
        }
        current
    }

    /// A parameter's schema, its `$ref` followed.
    pub(super) fn resolve_schema(&self, param: &'a Value) -> &'a Value {
        static EMPTY: Value = Value::Null;
        param
            .get("schema")
            .map(|s| self.resolve(s))
            .unwrap_or(&EMPTY)
    }

    pub(super) fn schema(&self, name: &str) -> Option<&'a Value> {
        self.doc
            .pointer("/components/schemas")
            .and_then(|s| s.get(name))
    }

    pub(super) fn params(&self, op: &Op<'a>) -> BTreeMap<(String, String), &'a Value> {
        let mut out = BTreeMap::new();
        // Operation parameters override path-item ones with the same name and
        // location.
        for list in [op.item.get("parameters"), op.op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = self.resolve(p);
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
                out.insert((place.to_owned(), name.to_owned()), p);
            }
        }
        out
    }

    pub(super) fn request_body(&self, op: &Op<'a>) -> Option<&'a Value> {
        op.op.get("requestBody").map(|b| self.resolve(b))
    }

    pub(super) fn responses(&self, op: &Op<'a>) -> BTreeMap<String, &'a Value> {
        op.op
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The method's return type: the body of its first success status.
    pub(super) fn return_type(&self, op: &Op<'a>) -> String {
        let hint = format!("{}Response", type_name(&op.key()));
        self.responses(op)
            .iter()
            .find(|(status, _)| is_success(status))
            .and_then(|(_, r)| json_schema(r))
            .map(|s| self.naming.rust_type(s, &hint))
            .unwrap_or_else(|| "()".into())
    }

    pub(super) fn collect_users(&self, users: &mut Users) {
        for op in self.ops() {
            let key = op.key();
            let mut request = BTreeSet::new();
            let mut response = BTreeSet::new();
            for p in self.params(&op).values() {
                if let Some(s) = p.get("schema") {
                    self.reach(s, &mut request);
                }
            }
            if let Some(body) = self.request_body(&op) {
                self.reach(body, &mut request);
            }
            for (status, r) in self.responses(&op) {
                if is_success(&status) {
                    self.reach(r, &mut response);
                }
            }
            for name in request {
                users.entry(name).or_default().0.insert(key.clone());
            }
            for name in response {
                users.entry(name).or_default().1.insert(key.clone());
            }
        }
    }

    /// Every component schema `value` reaches through `$ref`s.
    pub(super) fn reach(&self, value: &Value, seen: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                    let name = target.rsplit('/').next().unwrap_or(target);
                    if target.starts_with("#/components/schemas/") {
                        if seen.insert(name.to_owned())
                            && let Some(s) = self.schema(name)
                        {
                            self.reach(s, seen);
                        }
                    } else if let Some(resolved) =
                        target.strip_prefix('#').and_then(|p| self.doc.pointer(p))
                    {
                        self.reach(resolved, seen);
                    }
                }
                for (k, v) in map {
                    if k != "$ref" {
                        self.reach(v, seen);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.reach(v, seen)),
            _ => {}
        }
    }
}
