//! Applying an overlay document modelled on the OpenAPI Overlay
//! Specification 1.0: `overlay`, `info`, `extends` and ordered `actions`,
//! each with a `target` and an `update` (merged into every selected object,
//! appended to every selected array) or `remove: true`.
//!
//! Targets are the part of RFC 9535 JSONPath our overlay needs: `$`, then
//! member names as `.name` or `['name']` (a quoted name may hold `/`, `{`,
//! `.`), and the wildcard `.*` / `[*]`. Anything else is refused, never
//! guessed. An action that selects nothing is an error (the specification
//! calls it a no-op; here it means the vendor file moved under the overlay,
//! which a reviewer has to see).

use serde_json::Value;

/// One step of a target path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A member by name.
    Name(String),
    /// Every member of an object or element of an array.
    Wildcard,
}

/// Parses a target (`$.paths['/api/x'].get`).
pub fn parse_target(target: &str) -> Result<Vec<Step>, String> {
    let rest = target
        .strip_prefix('$')
        .ok_or_else(|| format!("target `{target}` does not start with `$`"))?;
    let mut steps = Vec::new();
    let mut chars = rest.char_indices().peekable();
    let bytes = rest.as_bytes();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => {
                let start = i + 1;
                let mut end = rest.len();
                while let Some(&(j, c)) = chars.peek() {
                    if c == '.' || c == '[' {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let name = &rest[start..end];
                if name.is_empty() {
                    return Err(format!("target `{target}`: empty member name"));
                }
                steps.push(if name == "*" {
                    Step::Wildcard
                } else {
                    Step::Name(name.to_owned())
                });
            }
            '[' => {
                let close = rest[i..]
                    .find(']')
                    .map(|k| i + k)
                    .ok_or_else(|| format!("target `{target}`: unclosed `[`"))?;
                // A quoted name may contain `]`: find the closing quote first.
                let inner_start = i + 1;
                let step = match bytes.get(inner_start) {
                    Some(b'\'') | Some(b'"') => {
                        let quote = bytes[inner_start] as char;
                        let body_start = inner_start + 1;
                        let end_quote = rest[body_start..]
                            .find(quote)
                            .map(|k| body_start + k)
                            .ok_or_else(|| format!("target `{target}`: unclosed quote"))?;
                        if rest.as_bytes().get(end_quote + 1) != Some(&b']') {
                            return Err(format!("target `{target}`: expected `]` after a name"));
                        }
                        let name = rest[body_start..end_quote].to_owned();
                        while chars.peek().is_some_and(|&(j, _)| j <= end_quote + 1) {
                            chars.next();
                        }
                        Step::Name(name)
                    }
                    Some(b'*') if close == inner_start + 1 => {
                        while chars.peek().is_some_and(|&(j, _)| j <= close) {
                            chars.next();
                        }
                        Step::Wildcard
                    }
                    _ => {
                        return Err(format!(
                            "target `{target}`: only quoted names and `*` are supported in brackets"
                        ));
                    }
                };
                steps.push(step);
            }
            other => {
                return Err(format!(
                    "target `{target}`: unexpected `{other}` (supported: `$`, `.name`, `['name']`, `*`)"
                ));
            }
        }
    }
    Ok(steps)
}

/// JSON pointers of every node a target selects.
fn select(doc: &Value, steps: &[Step]) -> Vec<String> {
    let mut current = vec![(String::new(), doc)];
    for step in steps {
        let mut next = Vec::new();
        for (pointer, node) in current {
            match (step, node) {
                (Step::Name(n), Value::Object(map)) => {
                    if let Some(child) = map.get(n) {
                        next.push((format!("{pointer}/{}", escape(n)), child));
                    }
                }
                (Step::Wildcard, Value::Object(map)) => {
                    for (k, child) in map {
                        next.push((format!("{pointer}/{}", escape(k)), child));
                    }
                }
                (Step::Wildcard, Value::Array(items)) => {
                    for (i, child) in items.iter().enumerate() {
                        next.push((format!("{pointer}/{i}"), child));
                    }
                }
                _ => {}
            }
        }
        current = next;
    }
    current.into_iter().map(|(p, _)| p).collect()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Merges `update` into `into`: objects key by key (recursively), arrays
/// appended, anything else replaced.
pub fn merge(into: &mut Value, update: &Value) {
    match (into, update) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing)
                        if (existing.is_object() && v.is_object())
                            || (existing.is_array() && v.is_array()) =>
                    {
                        merge(existing, v)
                    }
                    _ => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b.iter().cloned()),
        (Value::Array(a), other) => a.push(other.clone()),
        (into, other) => *into = other.clone(),
    }
}

/// What one action did: its target and how many nodes it changed.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The action's target.
    pub target: String,
    /// Nodes selected.
    pub matched: usize,
}

/// Applies every action of `overlay` to `doc`, in order.
pub fn apply(doc: &mut Value, overlay: &Value) -> Result<Vec<Applied>, String> {
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.0") => {}
        _ => return Err("not an Overlay 1.0 document (`overlay: 1.0.0`)".into()),
    }
    let actions = overlay
        .get("actions")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("an overlay needs at least one action")?;
    let mut report = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let target = action
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("action {i}: no target"))?;
        let steps = parse_target(target).map_err(|e| format!("action {i}: {e}"))?;
        let pointers = select(doc, &steps);
        if pointers.is_empty() {
            return Err(format!(
                "action {i}: target `{target}` selects nothing in the imported document"
            ));
        }
        let remove = action.get("remove").and_then(Value::as_bool) == Some(true);
        for pointer in pointers.iter().rev() {
            if remove {
                remove_at(doc, pointer);
            } else if let Some(update) = action.get("update") {
                let node = doc.pointer_mut(pointer).expect("selected just now");
                if !(node.is_object() || node.is_array()) {
                    return Err(format!(
                        "action {i}: target `{target}` selects a value that is neither an object nor an array"
                    ));
                }
                merge(node, update);
            } else {
                return Err(format!("action {i}: neither `update` nor `remove: true`"));
            }
        }
        report.push(Applied {
            target: target.to_owned(),
            matched: pointers.len(),
        });
    }
    Ok(report)
}

fn remove_at(doc: &mut Value, pointer: &str) {
    let (parent, last) = pointer
        .rsplit_once('/')
        .expect("a selected node has a parent");
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_parse() {
        assert_eq!(
            parse_target("$.paths['/api/{id}/x.y'].get").unwrap(),
            vec![
                Step::Name("paths".into()),
                Step::Name("/api/{id}/x.y".into()),
                Step::Name("get".into())
            ]
        );
        assert_eq!(
            parse_target("$.paths.*[*]").unwrap(),
            vec![Step::Name("paths".into()), Step::Wildcard, Step::Wildcard]
        );
        assert!(parse_target("paths").is_err());
        assert!(parse_target("$..x").is_err());
        assert!(parse_target("$[?(@.x)]").is_err());
    }

    #[test]
    fn update_merges_remove_removes_and_an_empty_match_fails() {
        let mut doc = json!({"a": {"b": {"c": 1, "d": [1]}}, "e": {"f": 1}});
        let overlay = json!({"overlay": "1.0.0", "actions": [
            {"target": "$.a.b", "update": {"c": 2, "d": [2], "g": {"h": 3}}},
            {"target": "$.e.f", "remove": true},
        ]});
        apply(&mut doc, &overlay).unwrap();
        assert_eq!(
            doc,
            json!({"a": {"b": {"c": 2, "d": [1, 2], "g": {"h": 3}}}, "e": {}})
        );
        let missing = json!({"overlay": "1.0.0", "actions": [{"target": "$.x", "remove": true}]});
        assert!(
            apply(&mut doc, &missing)
                .unwrap_err()
                .contains("selects nothing")
        );
    }

    #[test]
    fn a_wildcard_updates_every_member() {
        let mut doc = json!({"p": {"x": {"get": {"r": {}}}, "y": {"put": {"r": {"1": 1}}}}});
        let overlay =
            json!({"overlay": "1.0.0", "actions": [{"target": "$.p.*.*.r", "update": {"9": 9}}]});
        let report = apply(&mut doc, &overlay).unwrap();
        assert_eq!(report[0].matched, 2);
        assert_eq!(doc["p"]["y"]["put"]["r"], json!({"1": 1, "9": 9}));
    }
}
