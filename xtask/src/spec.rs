//! Loading and validating a spec, with errors that name the file and the
//! location (a JSON pointer, or the path and method of an operation).

use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecProblem {
    /// Where: a JSON pointer (`/components/schemas/Foo/properties/Bar`) or
    /// `PUT /api/Orders/{id}`.
    pub location: String,
    /// What is wrong.
    pub problem: String,
}

/// A spec that cannot be used, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub file: String,
    /// The problems, in document order.
    pub problems: Vec<SpecProblem>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}: {}", self.file, p.location, p.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

impl SpecError {
    pub(crate) fn one(file: &str, location: impl Into<String>, problem: impl Into<String>) -> Self {
        SpecError {
            file: file.to_owned(),
            problems: vec![SpecProblem {
                location: location.into(),
                problem: problem.into(),
            }],
        }
    }
}

/// A parsed spec: its text (for hashing) and its JSON value.
#[derive(Clone, Debug)]
pub struct Spec {
    /// File name as given, for messages.
    pub file: String,
    /// The exact file text.
    pub text: String,
    /// The document.
    pub value: Value,
}

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Spec {
    /// Reads and parses a YAML (or JSON) spec file.
    pub fn load(path: &Path, display_name: &str) -> Result<Spec, SpecError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SpecError::one(display_name, "/", format!("cannot read: {e}")))?;
        Spec::parse(display_name, text)
    }

    /// Parses spec text.
    pub fn parse(file: &str, text: String) -> Result<Spec, SpecError> {
        let value: Value = serde_yaml_ng::from_str(&text).map_err(|e| {
            let location = e
                .location()
                .map(|l| format!("line {}, column {}", l.line(), l.column()))
                .unwrap_or_else(|| "/".into());
            SpecError::one(file, location, format!("not valid YAML: {e}"))
        })?;
        Ok(Spec {
            file: file.to_owned(),
            text,
            value,
        })
    }

    /// Every operation: (path, method, operation object).
    pub fn operations(&self) -> Vec<(String, String, &Value)> {
        let mut out = Vec::new();
        if let Some(paths) = self.value.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if let Some(op) = item.get(*method) {
                        out.push((path.clone(), method.to_string(), op));
                    }
                }
            }
        }
        out
    }

    /// Checks the rules the generator and our reviewers rely on; returns
    /// every problem found, not just the first.
    pub fn validate(&self) -> Result<(), SpecError> {
        let mut problems = Vec::new();
        let mut push =
            |location: String, problem: String| problems.push(SpecProblem { location, problem });
        match self.value.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0.") => {}
            Some(v) => push(
                "/openapi".into(),
                format!("version `{v}` is not 3.0.x (progenitor reads OpenAPI 3.0 only)"),
            ),
            None => push("/openapi".into(), "missing `openapi: 3.0.x`".into()),
        }
        if self
            .value
            .pointer("/info/version")
            .and_then(Value::as_str)
            .is_none()
        {
            push("/info/version".into(), "missing".into());
        }
        let ops = self.operations();
        if ops.is_empty() {
            push("/paths".into(), "no operations".into());
        }
        let mut ids = BTreeSet::new();
        for (path, method, op) in &ops {
            let at = format!("{} {}", method.to_uppercase(), path);
            match op.get("operationId").and_then(Value::as_str) {
                None => push(at.clone(), "has no operationId".into()),
                Some(id) if !ids.insert(id.to_owned()) => {
                    push(at.clone(), format!("operationId `{id}` is used twice"))
                }
                Some(_) => {}
            }
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                push(at.clone(), "documents no responses".into());
                continue;
            };
            if !responses.keys().any(|k| k.starts_with('2')) {
                push(at.clone(), "documents no success (2xx) status".into());
            }
            for (status, response) in responses {
                let valid_status = status == "default"
                    || (status.len() == 3
                        && (status.chars().all(|c| c.is_ascii_digit()) || status.ends_with("XX")));
                if !valid_status {
                    push(
                        format!("{at} responses/{status}"),
                        "is not a status code".into(),
                    );
                }
                if response.get("$ref").is_none()
                    && response
                        .get("description")
                        .and_then(Value::as_str)
                        .is_none()
                {
                    push(
                        format!("{at} responses/{status}"),
                        "has no description".into(),
                    );
                }
            }
        }
        let mut refs = Vec::new();
        collect_refs(&self.value, String::new(), &mut refs);
        for (pointer, target) in refs {
            match target.strip_prefix('#') {
                Some(local) if self.value.pointer(local).is_some() => {}
                Some(_) => push(pointer, format!("$ref `{target}` does not resolve")),
                None => push(
                    pointer,
                    format!("$ref `{target}` is not local to this file"),
                ),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SpecError {
                file: self.file.clone(),
                problems,
            })
        }
    }
}

impl Spec {
    /// Checks that every documented operation is present with every
    /// documented status.
    pub fn check_documented(&self, documented: &[(&str, &[u16])]) -> Result<(), SpecError> {
        let ops = self.operations();
        let mut problems = Vec::new();
        for (operation_id, statuses) in documented {
            let found = ops.iter().find(|(_, _, op)| {
                op.get("operationId").and_then(Value::as_str) == Some(*operation_id)
            });
            let Some((path, method, op)) = found else {
                problems.push(SpecProblem {
                    location: "/paths".into(),
                    problem: format!("the documented operation `{operation_id}` is missing"),
                });
                continue;
            };
            for status in *statuses {
                if op.pointer(&format!("/responses/{status}")).is_none() {
                    problems.push(SpecProblem {
                        location: format!("{} {path}", method.to_uppercase()),
                        problem: format!(
                            "the documented status {status} of `{operation_id}` is missing"
                        ),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SpecError {
                file: self.file.clone(),
                problems,
            })
        }
    }
}

fn collect_refs(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                if k == "$ref" {
                    if let Some(target) = v.as_str() {
                        out.push((child, target.to_owned()));
                    }
                } else {
                    collect_refs(v, child, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_refs(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}
