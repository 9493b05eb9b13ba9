//! The review file: changes a maintainer has accepted, with the reason, and
//! per-kind severity overrides. Checked in (default
//! [`DEFAULT_PATH`]), so accepting a change is itself reviewed.
//!
//! ```yaml
//! accept:
//!   - kind: default_value_added        # a change-kind id (docs/spec-diff.md)
//!     schema: PurchaseOrderProduct     # or `operation: createPurchaseOrder`;
//!                                      # neither: servers, security, metadata
//!     location: WarehouseID            # optional: only this location
//!     spec: openapi/sellercloud.yaml   # optional: only this spec file
//!     reason: The server applies warehouse 1 anyway (vendor ticket 1234).
//! severity:
//!   other_changed: breaking            # every change of this kind
//! ```
//!
//! Accepted changes stay in the report, listed apart with their reason, and
//! do not count for `--fail-on breaking`; the suggested version bump still
//! counts them. An override cannot grade a change below what its computed
//! Rust effects imply.

use super::DiffError;
use super::model::{Acceptance, Group, Kind, Report, Severity};
use serde_json::Value;
use std::path::Path;

/// Where the review file is looked for, relative to the workspace root.
pub const DEFAULT_PATH: &str = "xtask/spec-diff-review.yaml";

/// One accepted change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accept {
    /// The change kind.
    pub kind: Kind,
    /// The operationId it belongs to.
    pub operation: Option<String>,
    /// The component schema it belongs to.
    pub schema: Option<String>,
    /// Only this location.
    pub location: Option<String>,
    /// Only this spec file (matched against the end of the file name).
    pub spec: Option<String>,
    /// Why.
    pub reason: String,
}

impl Accept {
    fn describe(&self) -> String {
        let owner = match (&self.operation, &self.schema) {
            (Some(op), _) => format!("operation {op}"),
            (_, Some(s)) => format!("schema {s}"),
            _ => "the spec".into(),
        };
        let at = self
            .location
            .as_deref()
            .map(|l| format!(" at `{l}`"))
            .unwrap_or_default();
        format!("{} in {owner}{at}", self.kind)
    }

    fn matches(&self, file: &str, group: &Group, location: &str, kind: Kind) -> bool {
        let owner = match (group, &self.operation, &self.schema) {
            (Group::Operation { id, .. }, Some(op), None) => id == op,
            (Group::Schema { name, .. }, None, Some(s)) => name == s,
            (Group::Spec, None, None) => true,
            _ => false,
        };
        owner
            && self.kind == kind
            && self.location.as_deref().is_none_or(|l| l == location)
            && self.spec.as_deref().is_none_or(|s| file.ends_with(s))
    }
}

/// The review file's content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    /// Accepted changes.
    pub accept: Vec<Accept>,
    /// Per-kind severities.
    pub severity: Vec<(Kind, Severity)>,
}

fn kind_named(name: &str) -> Option<Kind> {
    Kind::ALL.iter().copied().find(|k| k.as_str() == name)
}

fn severity_named(name: &str) -> Option<Severity> {
    [
        Severity::Docs,
        Severity::Compatible,
        Severity::Additive,
        Severity::Breaking,
    ]
    .into_iter()
    .find(|s| s.as_str() == name)
}

impl Review {
    /// Parses review-file text; `source` names it in errors.
    pub fn parse(source: &str, text: &str) -> Result<Review, DiffError> {
        let err = |what: String| DiffError::new(format!("{source}: {what}"));
        let value: Value =
            serde_yaml_ng::from_str(text).map_err(|e| err(format!("not valid YAML: {e}")))?;
        let mut review = Review::default();
        if value.is_null() {
            return Ok(review);
        }
        let top = value
            .as_object()
            .ok_or_else(|| err("expected a mapping with `accept` and `severity`".into()))?;
        for key in top.keys() {
            if key != "accept" && key != "severity" {
                return Err(err(format!(
                    "unknown key `{key}` (expected `accept`, `severity`)"
                )));
            }
        }
        for (i, entry) in top
            .get("accept")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = |what: &str| err(format!("accept[{i}]: {what}"));
            let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
            let kind_name = text("kind").ok_or_else(|| at("needs `kind`"))?;
            let kind = kind_named(&kind_name)
                .ok_or_else(|| at(&format!("`{kind_name}` is not a change kind")))?;
            let reason = text("reason")
                .filter(|r| !r.trim().is_empty())
                .ok_or_else(|| at("needs a `reason`"))?;
            let (operation, schema) = (text("operation"), text("schema"));
            if operation.is_some() && schema.is_some() {
                return Err(at("names both an operation and a schema"));
            }
            if let Some(obj) = entry.as_object() {
                for key in obj.keys() {
                    if !["kind", "operation", "schema", "location", "spec", "reason"]
                        .contains(&key.as_str())
                    {
                        return Err(at(&format!("unknown key `{key}`")));
                    }
                }
            }
            review.accept.push(Accept {
                kind,
                operation,
                schema,
                location: text("location"),
                spec: text("spec"),
                reason,
            });
        }
        if let Some(map) = top.get("severity") {
            let map = map
                .as_object()
                .ok_or_else(|| err("`severity` must map change kinds to severities".into()))?;
            for (k, v) in map {
                let kind = kind_named(k)
                    .ok_or_else(|| err(format!("severity: `{k}` is not a change kind")))?;
                let severity = v.as_str().and_then(severity_named).ok_or_else(|| {
                    err(format!(
                        "severity: `{k}` needs one of breaking, additive, compatible, docs"
                    ))
                })?;
                review.severity.push((kind, severity));
            }
        }
        Ok(review)
    }

    /// Reads a review file.
    pub fn load(path: &Path) -> Result<Review, DiffError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DiffError::new(format!("cannot read {}: {e}", path.display())))?;
        Review::parse(&path.display().to_string(), &text)
    }

    /// Applies the overrides, then the acceptances, to every change; lists
    /// the acceptances that matched nothing.
    pub fn apply(&self, report: &mut Report) {
        let mut used = vec![false; self.accept.len()];
        for spec in &mut report.specs {
            for c in &mut spec.changes {
                if let Some((_, severity)) = self.severity.iter().find(|(k, _)| *k == c.kind) {
                    c.overridden = Some(*severity);
                    c.severity = (*severity).max(c.api_floor.unwrap_or(Severity::Docs));
                }
                if let Some(i) = self
                    .accept
                    .iter()
                    .position(|a| a.matches(&spec.file, &c.group, &c.location, c.kind))
                {
                    used[i] = true;
                    c.accepted = Some(Acceptance {
                        reason: self.accept[i].reason.clone(),
                    });
                }
            }
        }
        report.unused_acceptances = self
            .accept
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(a, _)| a.describe())
            .collect();
    }
}
