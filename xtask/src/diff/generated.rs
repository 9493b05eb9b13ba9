//! Both sides of a diff generated in memory with the xtask's own generator,
//! read back as [`PublicApi`]s: the ground truth the report's Rust effects
//! come from.
//!
//! An operation the generator cannot take is taken out and the rest
//! generated, so that one failing operation does not hide the effects of
//! every other change; the failure itself is reported.

use super::api::PublicApi;
use super::rust::method_name;
use crate::generate::{GenerateError, generate_file};
use crate::spec::Spec;
use serde_json::Value;
use std::collections::BTreeSet;

/// Why (part of) one side does not generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The operation, as `METHOD /path (operationId)`, when one could be
    /// singled out; `None` when the whole spec fails.
    pub operation: Option<String>,
    /// Its operationId, when known.
    pub operation_id: Option<String>,
    /// What the generator (or the spec check before it) said.
    pub message: String,
}

/// One side, generated.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    /// The spec does not exist on this side: [`Generated::api`] is empty,
    /// and what every generated crate has anyway is not news on the other.
    pub absent: bool,
    /// The public API of what generated; `None` when nothing did (the whole
    /// spec fails).
    pub api: Option<PublicApi>,
    /// Everything that failed.
    pub failures: Vec<Failure>,
}

impl Generated {
    /// The client methods of operations that did not generate.
    pub fn failed_methods(&self) -> BTreeSet<String> {
        self.failures
            .iter()
            .filter_map(|f| f.operation_id.as_deref().map(method_name))
            .collect()
    }
}

/// `GET /b (getB)` → (`get`, `/b`, `Some("getB")`).
fn split_operation(op: &str) -> Option<(String, String, Option<String>)> {
    let (method, rest) = op.split_once(' ')?;
    let (path, id) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((path, id)) => (path.to_owned(), Some(id.to_owned())),
        None => (rest.to_owned(), None),
    };
    Some((method.to_lowercase(), path, id))
}

/// The operation a spec problem's location names (`GET /path ...`):
/// its method, path and operationId.
fn operation_at(spec: &Spec, location: &str) -> Option<(String, String, Option<String>)> {
    let (method, rest) = location.split_once(' ')?;
    let path = rest.split_once(' ').map_or(rest, |(p, _)| p);
    let method = method.to_lowercase();
    let op = spec.value.get("paths")?.get(path)?.get(&method)?;
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some((method, path.to_owned(), id))
}

/// Generates one side. `None` text is a spec that does not exist on that
/// side: its API is empty.
pub fn generate(spec: &Spec, exists: bool) -> Generated {
    if !exists {
        return Generated {
            absent: true,
            api: Some(PublicApi::default()),
            failures: Vec::new(),
        };
    }
    let mut spec = spec.clone();
    // Messages name the spec by its source on each side; name both the same
    // so that a failure both sides share reads the same.
    spec.file = "the spec".into();
    let mut failures = Vec::new();
    // Each round takes one failing operation out; a spec has finitely many.
    let rounds = spec.operations().len() + 1;
    for _ in 0..rounds {
        match generate_file(&spec) {
            Ok(file) => {
                return Generated {
                    absent: false,
                    api: Some(PublicApi::from_file(&file)),
                    failures,
                };
            }
            Err(GenerateError::Generator {
                operation: Some(op),
                message,
                ..
            }) => {
                let Some((method, path, id)) = split_operation(&op) else {
                    break;
                };
                let removed = spec
                    .value
                    .get_mut("paths")
                    .and_then(|p| p.get_mut(&path))
                    .and_then(|item| item.as_object_mut())
                    .and_then(|item| item.remove(&method));
                failures.push(Failure {
                    operation: Some(op),
                    operation_id: id,
                    message: short_paths(&message),
                });
                if removed.is_none() {
                    break;
                }
            }
            // A problem the spec check pins on one operation (a list
            // query parameter the client cannot send as documented, say):
            // that operation does not generate, the rest still may.
            Err(GenerateError::Spec(e))
                if !e.problems.is_empty()
                    && e.problems
                        .iter()
                        .all(|p| operation_at(&spec, &p.location).is_some()) =>
            {
                for problem in &e.problems {
                    let Some((method, path, id)) = operation_at(&spec, &problem.location) else {
                        continue;
                    };
                    let removed = spec
                        .value
                        .get_mut("paths")
                        .and_then(|p| p.get_mut(&path))
                        .and_then(|item| item.as_object_mut())
                        .and_then(|item| item.remove(&method));
                    if removed.is_some() {
                        let op = match &id {
                            Some(id) => format!("{} {path} ({id})", method.to_uppercase()),
                            None => format!("{} {path}", method.to_uppercase()),
                        };
                        failures.push(Failure {
                            operation: Some(op),
                            operation_id: id,
                            message: one_line(&format!(
                                "{}: {}",
                                problem.location, problem.problem
                            )),
                        });
                    }
                }
            }
            Err(e) => {
                failures.push(Failure {
                    operation: None,
                    operation_id: None,
                    message: one_line(&e.to_string())
                        .trim_start_matches("the spec: ")
                        .to_owned(),
                });
                break;
            }
        }
    }
    Generated {
        absent: false,
        api: None,
        failures,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A panic location inside the cargo registry, from the crate on
/// (`progenitor-impl-0.15.1/src/method.rs:1220`): the same on every machine.
fn short_paths(message: &str) -> String {
    let mut out = message.to_owned();
    while let Some(at) = out.find("/registry/src/") {
        let start = out[..at].rfind(['(', ' ']).map(|i| i + 1).unwrap_or(0);
        let rest = &out[at + "/registry/src/".len()..];
        let Some(slash) = rest.find('/') else { break };
        let tail = rest[slash + 1..].to_owned();
        out.replace_range(start.., &tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_split_into_method_path_and_id() {
        assert_eq!(
            split_operation("GET /b/{id} (getB)"),
            Some(("get".into(), "/b/{id}".into(), Some("getB".into())))
        );
        assert_eq!(
            split_operation("PUT /x"),
            Some(("put".into(), "/x".into(), None))
        );
    }

    #[test]
    fn registry_paths_are_cut_to_the_crate() {
        assert_eq!(
            short_paths(
                "assertion failed (at /root/.cargo/registry/src/index.crates.io-1949/progenitor-impl-0.15.1/src/method.rs:1220)"
            ),
            "assertion failed (at progenitor-impl-0.15.1/src/method.rs:1220)"
        );
    }
}
