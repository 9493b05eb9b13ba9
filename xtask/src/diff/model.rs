//! What a spec diff finds: changes, their classification, and the report.

use super::api::delta::Member;
use serde_json::Value;
use std::fmt;

/// Version of the JSON output's shape (`--format json`). Bumped only when a
/// field is removed, renamed or changes meaning; new fields may appear
/// without a bump.
pub const SCHEMA_VERSION: u32 = 1;

/// How a change affects users of the Rust SDK, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Only documentation (descriptions, summaries, examples, tags) changed:
    /// the generated crates change their doc comments at most.
    Docs,
    /// No generated Rust API changes and nothing that worked stops working
    /// (a new error status, a new server, a looser request constraint).
    Compatible,
    /// New API: a method, a type, a field, an open enum's variant. Nothing that
    /// calls, reads or matches stops compiling, except code that builds a
    /// generated struct with a struct literal when a field is added
    /// ([`Change::literal_break`]).
    Additive,
    /// Code that compiled against the old crates may stop compiling, or a call
    /// that worked may now fail.
    Breaking,
}

impl Severity {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Docs => "docs",
            Severity::Compatible => "compatible",
            Severity::Additive => "additive",
            Severity::Breaking => "breaking",
        }
    }

    /// The release this change needs on its own.
    pub fn bump(self) -> Bump {
        match self {
            Severity::Breaking => Bump::Major,
            Severity::Additive => Bump::Minor,
            Severity::Compatible | Severity::Docs => Bump::Patch,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A semver bump, in SemVer 2.0 terms; [`Bump::apply`] maps it onto a
/// pre-1.0 version the way Cargo reads those.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Fixes and documentation.
    Patch,
    /// Additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The next version after `current` (`major.minor.patch`, pre-release and
    /// build parts dropped).
    ///
    /// Before 1.0 Cargo treats `0.y` as the compatibility boundary, so a
    /// major bump raises `y` and both minor and patch bumps raise `z`.
    ///
    /// ```
    /// use xtask::diff::Bump;
    /// assert_eq!(Bump::Major.apply("0.1.3").as_deref(), Some("0.2.0"));
    /// assert_eq!(Bump::Minor.apply("0.1.3").as_deref(), Some("0.1.4"));
    /// assert_eq!(Bump::Minor.apply("1.1.3").as_deref(), Some("1.2.0"));
    /// ```
    pub fn apply(self, current: &str) -> Option<String> {
        let core = current.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        let next = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }
}

/// What kind of change was found. The snake_case names are part of the JSON
/// output and stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each variant's name says it; docs/spec-diff.md has the rules
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationMoved,
    ParameterAdded,
    ParameterRemoved,
    RequestBodyAdded,
    RequestBodyRemoved,
    MediaTypeAdded,
    MediaTypeRemoved,
    FieldAdded,
    FieldRemoved,
    RequiredAdded,
    RequiredRemoved,
    NullableAdded,
    NullableRemoved,
    TypeChanged,
    FormatChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumCodeChanged,
    VariantAdded,
    VariantRemoved,
    DefaultAdded,
    DefaultRemoved,
    ConstraintChanged,
    StatusAdded,
    StatusRemoved,
    ServerAdded,
    ServerRemoved,
    ServerChanged,
    SecurityChanged,
    SecuritySchemeAdded,
    SecuritySchemeRemoved,
    SecuritySchemeChanged,
    SchemaAdded,
    SchemaRemoved,
    Deprecated,
    DefaultValueAdded,
    DefaultValueRemoved,
    DefaultValueChanged,
    StyleChanged,
    ReadOnlyChanged,
    WriteOnlyChanged,
    BecameEnum,
    NoLongerEnum,
    ResponseHeaderAdded,
    ResponseHeaderRemoved,
    ResponseHeaderChanged,
    GenerationFailed,
    ApiChanged,
    OtherChanged,
    DescriptionChanged,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: &'static [Kind] = &[
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::OperationRenamed,
        Kind::OperationMoved,
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::RequestBodyAdded,
        Kind::RequestBodyRemoved,
        Kind::MediaTypeAdded,
        Kind::MediaTypeRemoved,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::RequiredAdded,
        Kind::RequiredRemoved,
        Kind::NullableAdded,
        Kind::NullableRemoved,
        Kind::TypeChanged,
        Kind::FormatChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::EnumCodeChanged,
        Kind::VariantAdded,
        Kind::VariantRemoved,
        Kind::DefaultAdded,
        Kind::DefaultRemoved,
        Kind::ConstraintChanged,
        Kind::StatusAdded,
        Kind::StatusRemoved,
        Kind::ServerAdded,
        Kind::ServerRemoved,
        Kind::ServerChanged,
        Kind::SecurityChanged,
        Kind::SecuritySchemeAdded,
        Kind::SecuritySchemeRemoved,
        Kind::SecuritySchemeChanged,
        Kind::SchemaAdded,
        Kind::SchemaRemoved,
        Kind::Deprecated,
        Kind::DefaultValueAdded,
        Kind::DefaultValueRemoved,
        Kind::DefaultValueChanged,
        Kind::StyleChanged,
        Kind::ReadOnlyChanged,
        Kind::WriteOnlyChanged,
        Kind::BecameEnum,
        Kind::NoLongerEnum,
        Kind::ResponseHeaderAdded,
        Kind::ResponseHeaderRemoved,
        Kind::ResponseHeaderChanged,
        Kind::GenerationFailed,
        Kind::ApiChanged,
        Kind::OtherChanged,
        Kind::DescriptionChanged,
    ];

    /// The stable snake_case name (`field_added`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation_added",
            Kind::OperationRemoved => "operation_removed",
            Kind::OperationRenamed => "operation_renamed",
            Kind::OperationMoved => "operation_moved",
            Kind::ParameterAdded => "parameter_added",
            Kind::ParameterRemoved => "parameter_removed",
            Kind::RequestBodyAdded => "request_body_added",
            Kind::RequestBodyRemoved => "request_body_removed",
            Kind::MediaTypeAdded => "media_type_added",
            Kind::MediaTypeRemoved => "media_type_removed",
            Kind::FieldAdded => "field_added",
            Kind::FieldRemoved => "field_removed",
            Kind::RequiredAdded => "required_added",
            Kind::RequiredRemoved => "required_removed",
            Kind::NullableAdded => "nullable_added",
            Kind::NullableRemoved => "nullable_removed",
            Kind::TypeChanged => "type_changed",
            Kind::FormatChanged => "format_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumCodeChanged => "enum_code_changed",
            Kind::VariantAdded => "variant_added",
            Kind::VariantRemoved => "variant_removed",
            Kind::DefaultAdded => "default_added",
            Kind::DefaultRemoved => "default_removed",
            Kind::ConstraintChanged => "constraint_changed",
            Kind::StatusAdded => "status_added",
            Kind::StatusRemoved => "status_removed",
            Kind::ServerAdded => "server_added",
            Kind::ServerRemoved => "server_removed",
            Kind::ServerChanged => "server_changed",
            Kind::SecurityChanged => "security_changed",
            Kind::SecuritySchemeAdded => "security_scheme_added",
            Kind::SecuritySchemeRemoved => "security_scheme_removed",
            Kind::SecuritySchemeChanged => "security_scheme_changed",
            Kind::SchemaAdded => "schema_added",
            Kind::SchemaRemoved => "schema_removed",
            Kind::Deprecated => "deprecated",
            Kind::DefaultValueAdded => "default_value_added",
            Kind::DefaultValueRemoved => "default_value_removed",
            Kind::DefaultValueChanged => "default_value_changed",
            Kind::StyleChanged => "style_changed",
            Kind::ReadOnlyChanged => "read_only_changed",
            Kind::WriteOnlyChanged => "write_only_changed",
            Kind::BecameEnum => "became_enum",
            Kind::NoLongerEnum => "no_longer_enum",
            Kind::ResponseHeaderAdded => "response_header_added",
            Kind::ResponseHeaderRemoved => "response_header_removed",
            Kind::ResponseHeaderChanged => "response_header_changed",
            Kind::GenerationFailed => "generation_failed",
            Kind::ApiChanged => "api_changed",
            Kind::OtherChanged => "other_changed",
            Kind::DescriptionChanged => "description_changed",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a change belongs to; the report groups by this.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// An operation, by operationId (or `METHOD path` when it has none).
    Operation {
        /// operationId.
        id: String,
        /// Upper-case HTTP method (of the new spec when it exists there).
        method: String,
        /// Path template.
        path: String,
        /// The generated method, `Client::update_order`.
        rust: String,
    },
    /// A component schema.
    Schema {
        /// Component name.
        name: String,
        /// The generated type, `types::OrderUpdate` or `enums::PoType`.
        rust: String,
        /// Operations whose request reaches this schema.
        requests: Vec<String>,
        /// Operations whose success response reaches this schema.
        responses: Vec<String>,
    },
    /// Servers, security and the document's own metadata.
    Spec,
}

impl Group {
    /// `operation`, `schema` or `spec`.
    pub fn kind(&self) -> &'static str {
        match self {
            Group::Operation { .. } => "operation",
            Group::Schema { .. } => "schema",
            Group::Spec => "spec",
        }
    }

    /// operationId or component name; empty for [`Group::Spec`].
    pub fn name(&self) -> &str {
        match self {
            Group::Operation { id, .. } => id,
            Group::Schema { name, .. } => name,
            Group::Spec => "",
        }
    }
}

/// Whether a public item of a generated crate appears, disappears or changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiChange {
    /// A new item.
    Added,
    /// An item that is gone.
    Removed,
    /// An item whose signature, fields or variants change.
    Changed,
}

impl ApiChange {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiChange::Added => "added",
            ApiChange::Removed => "removed",
            ApiChange::Changed => "changed",
        }
    }
}

/// The effect of a change on a generated crate's public Rust API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiEffect {
    /// The item: `Client::update_order`, `types::OrderUpdate`, `enums::PoType`.
    pub item: String,
    /// Added, removed or changed.
    pub change: ApiChange,
    /// What exactly, e.g. ``gains field `phone: Option<String>` ``.
    pub detail: String,
}

/// A wire effect: what the regenerated code sends or accepts differently,
/// where no Rust signature shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireEffect {
    /// The item it is seen on: `types::X`, `Client::m`.
    pub item: String,
    /// What, e.g. ``` `WarehouseID` is now always sent, as 1 when not set ```.
    pub detail: String,
}

/// Where a change's Rust effects come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Computed from the code generated from both specs.
    Computed,
    /// Predicted by the rules: a side did not generate.
    Predicted,
}

impl Basis {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Computed => "computed",
            Basis::Predicted => "predicted",
        }
    }
}

/// What the spec-level rule said about a change, kept next to what the
/// generated code shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleView {
    /// The rule's predicted severity.
    pub severity: Severity,
    /// The part of it that holds whatever the Rust API does.
    pub wire: Severity,
    /// The Rust effects the rule predicted.
    pub api: Vec<ApiEffect>,
    /// Set when the computed API disagrees with the prediction: what the
    /// rule got wrong, so that it can be fixed.
    pub wrong: Option<String>,
}

/// A maintainer's acceptance of a known change (see [`super::review`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// Why it is accepted.
    pub reason: String,
}

/// One change between the old and the new spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// What it belongs to.
    pub group: Group,
    /// Where inside the group: `request body: Products[].UnitPrice`,
    /// ``parameter `id` (path)``, `response 200`, `ShippingAddress`; empty
    /// for the group itself.
    pub location: String,
    /// What kind of change.
    pub kind: Kind,
    /// How it affects users of the SDK: the worst of the rule's wire part,
    /// the computed Rust effects and the computed wire effects.
    pub severity: Severity,
    /// One sentence for people.
    pub message: String,
    /// The old value, where one makes sense.
    pub old: Option<Value>,
    /// The new value, where one makes sense.
    pub new: Option<Value>,
    /// The effects on the generated crate's public API: computed from the
    /// generated code when [`Change::basis`] says so, else predicted.
    pub api: Vec<ApiEffect>,
    /// Wire effects computed from the generated code, and those the rules
    /// know the generator does not follow.
    pub wire: Vec<WireEffect>,
    /// A generated struct gains a field: code that builds it with a struct
    /// literal stops compiling (the generated structs are neither
    /// `#[non_exhaustive]` nor `Default`).
    pub literal_break: bool,
    /// Where [`Change::api`] comes from.
    pub basis: Basis,
    /// What the rule predicted.
    pub rule: RuleView,
    /// The severity the computed Rust and wire effects imply on their own,
    /// when they were computed: no override grades the change below it.
    pub api_floor: Option<Severity>,
    /// The severity the review file sets for this kind, when it does.
    pub overridden: Option<Severity>,
    /// Set when the review file accepts this change.
    pub accepted: Option<Acceptance>,
    /// The places in the generated API this change can land on: (item,
    /// member). Used to tie computed effects to it.
    pub anchors: Vec<(String, Member)>,
}

impl Change {
    /// A change as a rule sees it: `severity` predicted, `wire` the part of
    /// it that holds whatever the Rust API does; effects are added later.
    pub fn predicted(
        group: &Group,
        location: impl Into<String>,
        kind: Kind,
        (severity, wire): (Severity, Severity),
        message: impl Into<String>,
    ) -> Change {
        Change {
            group: group.clone(),
            location: location.into(),
            kind,
            severity,
            message: message.into(),
            old: None,
            new: None,
            api: Vec::new(),
            wire: Vec::new(),
            literal_break: false,
            basis: Basis::Predicted,
            rule: RuleView {
                severity,
                wire,
                api: Vec::new(),
                wrong: None,
            },
            api_floor: None,
            overridden: None,
            accepted: None,
            anchors: Vec::new(),
        }
    }

    /// Whether it counts: not accepted in the review file.
    pub fn open(&self) -> bool {
        self.accepted.is_none()
    }
}

/// The diff of one spec file.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecReport {
    /// The spec, e.g. `openapi/sellercloud.yaml`.
    pub file: String,
    /// Where the old text came from (`HEAD:openapi/sellercloud.yaml`).
    pub old_source: String,
    /// Where the new text came from.
    pub new_source: String,
    /// The generated crate this spec feeds, when known.
    pub crate_name: Option<String>,
    /// Every change, grouped: operations (by id), then schemas (by name), then
    /// the spec itself.
    pub changes: Vec<Change>,
    /// Whether the Rust effects were computed (both sides generated, if only
    /// in part) or predicted.
    pub basis: Basis,
    /// What the reader should know about how the effects were found: parts
    /// that did not generate on either side, say.
    pub notes: Vec<String>,
    /// Per vendor area: operations added, removed, changed (the summary a
    /// reviewer reads first).
    pub areas: Vec<super::areas::AreaSummary>,
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
    /// Compatible changes.
    pub compatible: usize,
    /// Documentation-only changes.
    pub docs: usize,
    /// Additive changes that break generated-struct literals.
    pub literal_breaks: usize,
    /// Changes the review file accepts; they are not in the counts above.
    pub accepted: usize,
}

fn count<'a>(changes: impl Iterator<Item = &'a Change>) -> Counts {
    let mut c = Counts::default();
    for ch in changes {
        if !ch.open() {
            c.accepted += 1;
            continue;
        }
        match ch.severity {
            Severity::Breaking => c.breaking += 1,
            Severity::Additive => c.additive += 1,
            Severity::Compatible => c.compatible += 1,
            Severity::Docs => c.docs += 1,
        }
        c.literal_breaks += usize::from(ch.literal_break);
    }
    c
}

impl SpecReport {
    /// Counts per severity.
    pub fn counts(&self) -> Counts {
        count(self.changes.iter())
    }

    /// The bump this spec's changes need, accepted ones included: accepting
    /// a breaking change does not make it compatible.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| c.severity.bump())
            .max()
            .unwrap_or(Bump::None)
    }

    /// Public API items added, removed and changed (each item once, under
    /// its strongest effect: added or removed wins over changed).
    pub fn api_summary(&self) -> ApiSummary {
        let mut summary = ApiSummary::default();
        let mut seen = std::collections::BTreeMap::<String, ApiChange>::new();
        for effect in self.changes.iter().flat_map(|c| c.api.iter()) {
            let entry = seen.entry(effect.item.clone()).or_insert(effect.change);
            if effect.change != ApiChange::Changed {
                *entry = effect.change;
            }
        }
        for (item, change) in seen {
            match change {
                ApiChange::Added => summary.added.push(item),
                ApiChange::Removed => summary.removed.push(item),
                ApiChange::Changed => summary.changed.push(item),
            }
        }
        summary
    }
}

/// Public API items of one generated crate, by effect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiSummary {
    /// New items.
    pub added: Vec<String>,
    /// Items that are gone.
    pub removed: Vec<String>,
    /// Items whose signature, fields or variants change.
    pub changed: Vec<String>,
}

/// The whole diff: one [`SpecReport`] per spec file.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// One per spec file compared.
    pub specs: Vec<SpecReport>,
    /// The workspace version the bump applies to, when known.
    pub current_version: Option<String>,
    /// Entries of the review file that matched no change (stale: the
    /// change they accepted is gone or reads differently now).
    pub unused_acceptances: Vec<String>,
}

impl Report {
    /// Counts over every spec.
    pub fn counts(&self) -> Counts {
        count(self.specs.iter().flat_map(|s| s.changes.iter()))
    }

    /// The bump the whole change needs (the crates share one version).
    pub fn bump(&self) -> Bump {
        self.specs
            .iter()
            .map(SpecReport::bump)
            .max()
            .unwrap_or(Bump::None)
    }

    /// The version after [`Report::bump`], when the current one is known.
    pub fn next_version(&self) -> Option<String> {
        self.current_version
            .as_deref()
            .and_then(|v| self.bump().apply(v))
    }

    /// Whether any change the review file does not accept is breaking
    /// (what `--fail-on breaking` checks).
    pub fn has_breaking(&self) -> bool {
        self.counts().breaking > 0
    }
}
