//! The summary a reviewer reads first: per vendor area (an operation's first
//! tag, the feature that gates it), the operations added, removed and
//! changed. A schema change counts as a change of every operation whose
//! request or success answer reaches the schema.

use super::model::{Change, Group, Kind};
use crate::spec::{METHODS, Spec};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One area's operations, by what happens to them (operationIds, sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AreaSummary {
    /// The area: the operations' first tag (`PurchaseOrders`), or
    /// `(untagged)`.
    pub area: String,
    /// Operations that are new.
    pub added: Vec<String>,
    /// Operations that are gone.
    pub removed: Vec<String>,
    /// Operations that stay but change (themselves or a schema they use).
    pub changed: Vec<String>,
}

const UNTAGGED: &str = "(untagged)";

/// operationId (or `METHOD path`) → first tag, over one spec.
fn tags(spec: &Spec, out: &mut BTreeMap<String, String>) {
    for (path, item) in spec
        .value
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let key = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            let tag = op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .unwrap_or(UNTAGGED);
            out.insert(key, tag.to_owned());
        }
    }
}

/// The summary of `changes` between `old` and `new`, one entry per area
/// with any change, sorted by area.
pub fn summarize(changes: &[Change], old: &Spec, new: &Spec) -> Vec<AreaSummary> {
    let mut area_of = BTreeMap::new();
    tags(old, &mut area_of);
    // The new spec's tag wins for operations on both sides.
    tags(new, &mut area_of);
    let mut added = BTreeSet::new();
    let mut removed = BTreeSet::new();
    let mut changed = BTreeSet::new();
    for c in changes {
        match &c.group {
            Group::Operation { id, .. } => match c.kind {
                Kind::OperationAdded => {
                    added.insert(id.clone());
                }
                Kind::OperationRemoved => {
                    removed.insert(id.clone());
                }
                _ => {
                    changed.insert(id.clone());
                }
            },
            Group::Schema {
                requests,
                responses,
                ..
            } => changed.extend(requests.iter().chain(responses).cloned()),
            Group::Spec => {}
        }
    }
    let changed: BTreeSet<String> = changed
        .into_iter()
        .filter(|id| !added.contains(id) && !removed.contains(id))
        .collect();
    let mut areas: BTreeMap<String, AreaSummary> = BTreeMap::new();
    for (ids, what) in [(&added, 0), (&removed, 1), (&changed, 2)] {
        for id in ids {
            let area = area_of.get(id).cloned().unwrap_or_else(|| UNTAGGED.into());
            let summary = areas.entry(area.clone()).or_insert_with(|| AreaSummary {
                area,
                ..AreaSummary::default()
            });
            match what {
                0 => summary.added.push(id.clone()),
                1 => summary.removed.push(id.clone()),
                _ => summary.changed.push(id.clone()),
            }
        }
    }
    areas.into_values().collect()
}
