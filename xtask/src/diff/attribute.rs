//! Ties the computed differences between the two generated APIs to the
//! spec-level changes that cause them, and replaces the rules' predictions
//! with them.
//!
//! Each computed difference goes to the changes anchored where it lands
//! (the same item and member), else to changes of the same item, else to
//! the change of a type it names or contains; one that no change explains
//! becomes a change of its own (`api_changed`), so nothing the generated
//! code does is left out. A change's severity is then the worst of the
//! rule's wire part and the effects tied to it; where the rule's prediction
//! differs, the change says so.

use super::api::delta::{self, Delta, Member};
use super::compare::Comparison;
use super::generated::Generated;
use super::model::{ApiChange, ApiEffect, Basis, Change, Group, Kind, Severity, WireEffect};
use super::rules;
use super::rust::type_name;
use std::collections::BTreeSet;

/// What [`apply`] gives.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The changes, with computed effects where both sides generated.
    pub changes: Vec<Change>,
    /// Whether any effect was computed.
    pub basis: Basis,
    /// What the reader should know (parts that do not generate on either
    /// side).
    pub notes: Vec<String>,
}

fn change(
    group: &Group,
    location: &str,
    kind: Kind,
    severity: Severity,
    message: String,
) -> Change {
    let mut c = Change::predicted(group, location, kind, (severity, severity), message);
    c.basis = Basis::Computed;
    c
}

fn operation_group<'g>(groups: &'g [Group], id: &str) -> Option<&'g Group> {
    groups
        .iter()
        .find(|g| matches!(g, Group::Operation { id: gid, .. } if gid == id))
}

/// The group a generated item belongs to: the operation of a method, the
/// component of a type, or the operation or component whose name an inline
/// type's name starts with.
fn group_of(groups: &[Group], item: &str) -> Group {
    let mut best: Option<(&Group, usize)> = None;
    for g in groups {
        let prefix = match g {
            Group::Operation { rust, .. } if rust == item => return g.clone(),
            Group::Schema { rust, .. } if rust == item => return g.clone(),
            Group::Operation { rust, .. } => rust
                .strip_prefix("Client::")
                .map(|m| format!("types::{}", type_name(m))),
            Group::Schema { rust, .. } => Some(rust.clone()),
            Group::Spec => None,
        };
        if let Some(p) = prefix
            && item.starts_with(&p)
            && best.is_none_or(|(_, len)| p.len() > len)
        {
            best = Some((g, p.len()));
        }
    }
    best.map(|(g, _)| g.clone()).unwrap_or(Group::Spec)
}

fn failure_key(f: &super::generated::Failure) -> (Option<String>, String) {
    (f.operation.clone(), f.message.clone())
}

/// Generation failures: new ones are changes (the crates cannot be
/// regenerated), ones both sides share are notes.
fn failures(
    groups: &[Group],
    old: &Generated,
    new: &Generated,
    changes: &mut Vec<Change>,
    notes: &mut Vec<String>,
) {
    let old_keys: BTreeSet<_> = old.failures.iter().map(failure_key).collect();
    let new_keys: BTreeSet<_> = new.failures.iter().map(failure_key).collect();
    for f in &new.failures {
        let what = f.operation.as_deref().unwrap_or("the spec");
        if old_keys.contains(&failure_key(f)) {
            notes.push(format!(
                "{what} does not generate on either side ({}); its Rust effects are predicted, not computed",
                f.message
            ));
            continue;
        }
        let group = f
            .operation_id
            .as_deref()
            .and_then(|id| operation_group(groups, id))
            .cloned()
            .unwrap_or(Group::Spec);
        let verdict = rules::generation_failed();
        let mut c = change(
            &group,
            "",
            Kind::GenerationFailed,
            verdict.severity,
            format!("generation fails: {what}: {}", f.message),
        );
        c.rule.wire = verdict.wire;
        changes.push(c);
    }
    for f in old
        .failures
        .iter()
        .filter(|f| !new_keys.contains(&failure_key(f)))
    {
        notes.push(format!(
            "the old spec did not generate {} ({}); the new one does: compared with nothing on the old side",
            f.operation.as_deref().unwrap_or("at all"),
            f.message
        ));
    }
}

/// Replaces predicted Rust effects with the computed ones.
pub fn apply(comparison: Comparison, old: &Generated, new: &Generated) -> Outcome {
    let Comparison {
        mut changes,
        groups,
    } = comparison;
    let mut notes = Vec::new();
    failures(&groups, old, new, &mut changes, &mut notes);
    let (Some(old_api), Some(new_api)) = (&old.api, &new.api) else {
        let whole = |g: &Generated| g.failures.iter().any(|f| f.operation.is_none());
        if !(whole(old) && whole(new)) {
            notes.push(
                "a side does not generate at all: every Rust effect below is predicted by the rules, not computed"
                    .into(),
            );
        }
        return Outcome {
            changes,
            basis: Basis::Predicted,
            notes,
        };
    };
    let mut failed = old.failed_methods();
    failed.extend(new.failed_methods());
    // A spec that is new (or gone) brings the whole crate; what every
    // crate has is not a change of this spec.
    let old_api = if old.absent {
        new_api.frame()
    } else {
        old_api.clone()
    };
    let new_api = if new.absent {
        old_api.frame()
    } else {
        new_api.clone()
    };
    let deltas = delta::compare(
        &old_api.without_methods(&failed),
        &new_api.without_methods(&failed),
    );
    let computed: Vec<usize> = (0..changes.len())
        .filter(|&i| {
            let c = &changes[i];
            let failed_op = matches!(&c.group, Group::Operation { rust, .. }
                if rust.strip_prefix("Client::").is_some_and(|m| failed.contains(m)));
            c.kind != Kind::GenerationFailed && !failed_op
        })
        .collect();
    let owners = attach(&changes, &computed, &deltas);
    let mut unexplained = Vec::new();
    for (d, owners) in deltas.iter().zip(&owners) {
        if owners.is_empty() {
            unexplained.push(d);
        }
    }
    for &i in &computed {
        let tied: Vec<&Delta> = deltas
            .iter()
            .zip(&owners)
            .filter(|(_, o)| o.contains(&i))
            .map(|(d, _)| d)
            .collect();
        settle(&mut changes[i], &tied);
    }
    for d in unexplained {
        let group = group_of(&groups, &d.item);
        let mut c = change(
            &group,
            &d.item,
            Kind::ApiChanged,
            d.severity,
            "the generated code changes here, and no spec rule explains it".into(),
        );
        c.rule.severity = Severity::Compatible;
        c.rule.wire = Severity::Compatible;
        settle(&mut c, &[d]);
        c.rule.wrong = None;
        changes.push(c);
    }
    // Keep the report's order: operations, then schemas, then the spec.
    let rank = |g: &Group| groups.iter().position(|x| x == g).unwrap_or(groups.len());
    changes.sort_by_key(|c| rank(&c.group));
    Outcome {
        changes,
        basis: Basis::Computed,
        notes,
    }
}

fn mentions(ty: &str, item: &str) -> bool {
    ty.match_indices(item).any(|(at, _)| {
        let before = ty[..at].chars().next_back();
        let after = ty[at + item.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// For each delta, the changes (indexes) it is tied to.
fn attach(changes: &[Change], computed: &[usize], deltas: &[Delta]) -> Vec<Vec<usize>> {
    let anchored = |item: &str, member: &Member| -> Vec<usize> {
        computed
            .iter()
            .copied()
            .filter(|&i| {
                changes[i]
                    .anchors
                    .iter()
                    .any(|(a, m)| a == item && m == member)
            })
            .collect()
    };
    let mut owners: Vec<Vec<usize>> = deltas
        .iter()
        .map(|d| {
            let exact = anchored(&d.item, &d.member);
            if exact.is_empty() && d.member != Member::Item {
                anchored(&d.item, &Member::Item)
            } else {
                exact
            }
        })
        .collect();
    // A field whose type names a type that appeared, disappeared or
    // changed belongs with the change of that type.
    let item_owners: Vec<(String, Vec<usize>)> = deltas
        .iter()
        .zip(&owners)
        .filter(|(d, o)| d.member == Member::Item && !o.is_empty())
        .map(|(d, o)| (d.item.clone(), o.clone()))
        .collect();
    for (d, o) in deltas.iter().zip(owners.iter_mut()) {
        if !o.is_empty() {
            continue;
        }
        for (item, by) in &item_owners {
            if d.types.iter().any(|t| mentions(t, item)) {
                o.extend(by);
            }
        }
        o.sort_unstable();
        o.dedup();
    }
    // A new or removed inline type belongs with the change of the type or
    // operation its name extends (`types::NewThingBox` with `NewThing`).
    for (d, o) in deltas.iter().zip(owners.iter_mut()) {
        if !o.is_empty() || d.member != Member::Item || d.change == ApiChange::Changed {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for &i in computed {
            for (a, m) in &changes[i].anchors {
                if *m != Member::Item {
                    continue;
                }
                let prefix = match a.strip_prefix("Client::") {
                    Some(method) => format!("types::{}", type_name(method)),
                    None => a.clone(),
                };
                if d.item != prefix
                    && d.item.starts_with(&prefix)
                    && best.is_none_or(|(_, len)| prefix.len() > len)
                {
                    best = Some((i, prefix.len()));
                }
            }
        }
        if let Some((i, _)) = best {
            o.push(i);
        }
    }
    owners
}

fn effect(d: &Delta) -> ApiEffect {
    ApiEffect {
        item: d.item.clone(),
        change: d.change,
        detail: d.detail.clone(),
    }
}

fn show_effects(effects: &[ApiEffect]) -> String {
    if effects.is_empty() {
        return "no Rust API change".into();
    }
    effects
        .iter()
        .map(|e| format!("{}: {}", e.item, e.detail))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Gives a change the effects tied to it, its severity from them, and a
/// note where the rule predicted otherwise.
fn settle(c: &mut Change, tied: &[&Delta]) {
    c.basis = Basis::Computed;
    let mut api = Vec::new();
    let mut literal = false;
    // Wire notes from the rules stay; the computed ones follow.
    let mut wire: Vec<WireEffect> = c.wire.clone();
    let mut severity = c.rule.wire;
    for d in tied {
        severity = severity.max(d.severity);
        if d.wire {
            wire.push(WireEffect {
                item: d.item.clone(),
                detail: d.detail.clone(),
            });
            continue;
        }
        literal |= d.literal_break;
        let mut e = effect(d);
        // An item added or removed reads the way the rule put it ("renamed
        // to ...") when the rule saw it coming.
        if d.member == Member::Item
            && d.change != ApiChange::Changed
            && let Some(p) = c
                .rule
                .api
                .iter()
                .find(|p| p.item == d.item && p.change == d.change)
        {
            e.detail = p.detail.clone();
        }
        if !api.contains(&e) {
            api.push(e);
        }
    }
    if c.kind == Kind::DescriptionChanged {
        severity = Severity::Docs;
    }
    // In the order the rule predicted them, then the rest.
    let position = |e: &ApiEffect| {
        c.rule
            .api
            .iter()
            .position(|p| p.item == e.item && p.change == e.change)
            .unwrap_or(usize::MAX)
    };
    api.sort_by_key(position);
    c.api_floor = tied.iter().map(|d| d.severity).max();
    c.api = api;
    c.wire = wire;
    c.literal_break = literal;
    c.severity = severity;
    let same_effects = {
        let mut p = c.rule.api.clone();
        let mut a = c.api.clone();
        let key = |e: &ApiEffect| (e.item.clone(), e.change, e.detail.clone());
        p.sort_by_key(key);
        a.sort_by_key(key);
        p == a
    };
    if !same_effects || c.rule.severity != c.severity {
        c.rule.wrong = Some(format!(
            "the rule predicted {} ({}); the generated code makes it {} ({})",
            c.rule.severity,
            show_effects(&c.rule.api),
            c.severity,
            match c.api.len() {
                // Not "no Rust API change": the operation's Rust API may
                // well change, through effects another change of the report
                // carries; none is tied to this one.
                0 if c.severity > Severity::Docs => {
                    "on the wire; no Rust effect is tied to this change".to_owned()
                }
                0 => "no Rust effect tied to this change".to_owned(),
                1 => "the Rust effect listed".to_owned(),
                n => format!("the {n} Rust effects listed"),
            }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_is_mentioned_only_as_a_whole_name() {
        assert!(mentions("Option<types::Foo>", "types::Foo"));
        assert!(!mentions("Option<types::FooBar>", "types::Foo"));
        assert!(!mentions("Vec<xtypes::Foo>", "types::Foo"));
    }
}
