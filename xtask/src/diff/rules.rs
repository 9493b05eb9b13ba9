//! The breaking-change rules: the one place that decides how a change affects
//! users of the generated crates and of the ergonomic crates built on them.
//! docs/spec-diff.md states the same rules as a table; keep the two together.
//!
//! The rules reason about the Rust the generator writes (progenitor 0.15,
//! positional interface, settings in [`crate::settings`]):
//! - every parameter is a positional argument of the method, optional ones as
//!   `Option<T>`, so any parameter added or removed changes the signature;
//! - generated structs are plain `pub` structs, neither `#[non_exhaustive]`
//!   nor `Default`, so a new field breaks struct literals of that type;
//! - every named string enum is generated open (`Unknown` variant,
//!   `#[non_exhaustive]`), so a new value is an addition; inline enums would be
//!   typify's exhaustive enums, where a new value breaks `match`es;
//! - every error answer (4xx, 5xx, `default`) arrives as raw bytes, so error
//!   statuses and error body schemas change no signature.

use super::model::Severity::{self, Additive, Breaking, Compatible, Docs};

/// Which way a schema's data travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reached from a parameter or request body: callers build it.
    pub request: bool,
    /// Reached from a success response body: callers read it.
    pub response: bool,
}

impl Usage {
    /// Used to send.
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    /// Used to receive.
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };

    /// Combines two usages.
    pub fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// The worse of the two verdicts over the directions this schema is used
    /// in. A schema no operation sends or receives (an error body, an unused
    /// component) is still a public type, so both verdicts count.
    pub fn judge(self, request: Severity, response: Severity) -> Severity {
        match (self.request, self.response) {
            (true, false) => request,
            (false, true) => response,
            _ => request.max(response),
        }
    }
}

/// A new operation is a new `Client` method.
pub fn operation_added() -> Severity {
    Additive
}

/// A removed operation takes its method away.
pub fn operation_removed() -> Severity {
    Breaking
}

/// A new operationId at the same method and path renames the method.
pub fn operation_renamed() -> Severity {
    Breaking
}

/// Same operationId, new path or method: callers keep calling the same
/// method, which now sends where the server expects it.
pub fn operation_moved() -> Severity {
    Compatible
}

/// Any parameter, optional or not, is a positional argument.
pub fn parameter_added() -> Severity {
    Breaking
}

/// The argument disappears.
pub fn parameter_removed() -> Severity {
    Breaking
}

/// Required parameters are `T`, optional ones `Option<T>`: the argument's
/// type changes either way (and a newly required one must now be sent).
pub fn parameter_required_changed() -> Severity {
    Breaking
}

/// The method gains or loses its `body` argument.
pub fn request_body_presence_changed() -> Severity {
    Breaking
}

/// A body the server now demands must be sent; one it no longer demands
/// changes nothing for callers.
pub fn request_body_required_changed(now_required: bool) -> Severity {
    if now_required { Breaking } else { Compatible }
}

/// Removing the media type the generated client sends or reads (JSON) is
/// breaking; removing another one (XML, say) changes nothing for it.
pub fn media_type_removed(used_by_client: bool) -> Severity {
    if used_by_client { Breaking } else { Compatible }
}

/// A new media type is one more the server takes or sends; the client
/// keeps its own.
pub fn media_type_added() -> Severity {
    Compatible
}

/// A new required request field must be set by every caller. Otherwise a new
/// field is an addition: it breaks only struct literals of the generated
/// type (see [`super::model::Change::literal_break`]).
pub fn field_added(usage: Usage, required: bool) -> Severity {
    usage.judge(if required { Breaking } else { Additive }, Additive)
}

/// The Rust field disappears.
pub fn field_removed() -> Severity {
    Breaking
}

/// optional → required. Requests: callers must now send it. Responses:
/// breaking only when the Rust type changes (`Option<T>` → `T`; a required
/// nullable field stays `Option<T>`).
pub fn required_added(usage: Usage, rust_type_changed: bool) -> Severity {
    usage.judge(
        Breaking,
        if rust_type_changed {
            Breaking
        } else {
            Compatible
        },
    )
}

/// required → optional: breaking when the Rust type changes (`T` →
/// `Option<T>`, which readers must unwrap and literals must wrap).
pub fn required_removed(rust_type_changed: bool) -> Severity {
    if rust_type_changed {
        Breaking
    } else {
        Compatible
    }
}

/// `nullable` on a field: breaking when the Rust type changes (only for
/// required fields; optional ones are `Option<T>` already and omit `None`).
/// On a schema that is not a field (a body, an array's items, a component):
/// a response that may now be null, or a request that may no longer be
/// null, is breaking.
pub fn nullable_changed(
    usage: Usage,
    added: bool,
    field: bool,
    rust_type_changed: bool,
) -> Severity {
    if rust_type_changed {
        Breaking
    } else if field {
        Compatible
    } else if added {
        usage.judge(Compatible, Breaking)
    } else {
        usage.judge(Breaking, Compatible)
    }
}

/// A different JSON type, `$ref` target or format is a different Rust type
/// (`i32` → `i64`, `String` → `DateTime`), or different values on the wire.
pub fn type_changed() -> Severity {
    Breaking
}

/// See [`type_changed`].
pub fn format_changed() -> Severity {
    Breaking
}

/// Open enums (every named string enum here) gain a variant without breaking
/// a `match`; exhaustive ones (inline enums) break every `match`.
pub fn enum_value_added(open: bool) -> Severity {
    if open { Additive } else { Breaking }
}

/// The variant disappears and the server no longer takes the value.
pub fn enum_value_removed() -> Severity {
    Breaking
}

/// A different server number for a known name: responses that carry the
/// number decode to a different variant.
pub fn enum_code_changed() -> Severity {
    Breaking
}

/// `oneOf`/`anyOf`/`allOf` members are variants or fields of a generated
/// type; exhaustive either way.
pub fn variant_changed() -> Severity {
    Breaking
}

/// typify derives `Default` for a struct whose fields are all optional. A
/// struct that gains its first required field loses it, which breaks
/// `X::default()` and `..Default::default()` in callers, whichever way the
/// type travels.
pub fn default_removed() -> Severity {
    Breaking
}

/// The struct's fields all became optional: it now implements `Default`.
pub fn default_added() -> Severity {
    Additive
}

/// Value constraints (`minimum`, `maxLength`, `pattern`, ...) are not in the
/// generated types. Tighter request constraints can reject what callers
/// sent before; anything else is compatible.
pub fn constraint_changed(usage: Usage, tightened: bool) -> Severity {
    usage.judge(if tightened { Breaking } else { Compatible }, Compatible)
}

/// Error statuses arrive as raw `ErrorResponse`s, so a new one changes no
/// signature. A new success status is compatible when its body has the
/// method's existing return type, breaking otherwise.
pub fn status_added(success: bool, same_return_type: bool) -> Severity {
    if success && !same_return_type {
        Breaking
    } else {
        Compatible
    }
}

/// Callers that handle a documented status lose it (a retry on 429, a
/// success that is now an `UnexpectedResponse`).
pub fn status_removed() -> Severity {
    Breaking
}

/// A new server is one more place the base URL may point.
pub fn server_added() -> Severity {
    Compatible
}

/// A removed server or URL template: configured base URLs may stop working.
pub fn server_removed() -> Severity {
    Breaking
}

/// Server variables (defaults, descriptions of hosts) are configuration
/// guidance; the generated client takes the base URL as given.
pub fn server_changed() -> Severity {
    Compatible
}

/// An operation needing different or new credentials breaks callers that
/// do not send them; dropping the requirement does not.
pub fn security_changed(now_unauthenticated: bool) -> Severity {
    if now_unauthenticated {
        Compatible
    } else {
        Breaking
    }
}

/// A new scheme is only usable by operations that list it.
pub fn security_scheme_added() -> Severity {
    Compatible
}

/// Removed or redefined (type, scheme, location): credentials configured
/// for it no longer work.
pub fn security_scheme_changed() -> Severity {
    Breaking
}

/// A new component is a new type.
pub fn schema_added() -> Severity {
    Additive
}

/// The type disappears.
pub fn schema_removed() -> Severity {
    Breaking
}

/// `deprecated` only warns.
pub fn deprecated() -> Severity {
    Compatible
}

/// Any keyword this tool does not model: flagged for review, not judged.
pub fn other_changed() -> Severity {
    Compatible
}

/// Descriptions, summaries, titles, examples, tags, the info block.
pub fn description_changed() -> Severity {
    Docs
}

/// Error bodies arrive as raw bytes whatever their schema or media type says.
pub fn error_body_changed() -> Severity {
    Compatible
}
