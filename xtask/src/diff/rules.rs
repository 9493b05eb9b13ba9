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
//!
//! Each rule gives a [`Verdict`]: its prediction of the whole effect, and
//! the part of it that holds whatever the generated Rust API does (what the
//! server now does or expects differently). Where both sides generate, the
//! report replaces the predicted Rust part with the computed one
//! ([`super::api`]), and says so when the prediction was wrong.

use super::model::Severity::{self, Additive, Breaking, Compatible, Docs};

/// What a rule says about one change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The predicted severity: the wire part and the predicted Rust API
    /// effect together.
    pub severity: Severity,
    /// The part that stands whatever the generated API does.
    pub wire: Severity,
}

impl Verdict {
    /// A prediction about the generated Rust API only.
    pub const fn api(severity: Severity) -> Verdict {
        Verdict {
            severity,
            wire: if matches!(severity, Docs) {
                Docs
            } else {
                Compatible
            },
        }
    }

    /// What the server does differently: holds whatever the Rust API does.
    pub const fn wire(severity: Severity) -> Verdict {
        Verdict {
            severity,
            wire: severity,
        }
    }

    /// A Rust API prediction (`severity`) on top of a wire part.
    pub fn both(api: Severity, wire: Severity) -> Verdict {
        Verdict {
            severity: api.max(wire),
            wire,
        }
    }
}

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
pub fn operation_added() -> Verdict {
    Verdict::api(Additive)
}

/// A removed operation takes its method away, and the server no longer
/// serves it.
pub fn operation_removed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A new operationId at the same method and path renames the method; the
/// request stays the same.
pub fn operation_renamed() -> Verdict {
    Verdict::api(Breaking)
}

/// Same operationId, new path or method: callers keep calling the same
/// method, which now sends where the server expects it.
pub fn operation_moved() -> Verdict {
    Verdict::wire(Compatible)
}

/// Any parameter, optional or not, is a positional argument; a required one
/// must also be sent.
pub fn parameter_added(required: bool) -> Verdict {
    Verdict::both(Breaking, if required { Breaking } else { Compatible })
}

/// The argument disappears; the server no longer reads it.
pub fn parameter_removed() -> Verdict {
    Verdict::api(Breaking)
}

/// Required parameters are `T`, optional ones `Option<T>`: the argument's
/// type changes either way, and a newly required one must now be sent.
pub fn parameter_required_changed(now_required: bool) -> Verdict {
    Verdict::both(Breaking, if now_required { Breaking } else { Compatible })
}

/// A parameter's `style` or `explode`. progenitor 0.15 generates only
/// `form` query, `simple` path and `simple` header parameters (any other
/// style fails generation) and always sends arrays exploded
/// (`name=1&name=2`, progenitor-client's `QueryParam`). So an `explode`
/// change on an array or object parameter is one the generated client does
/// not follow: the server expects one encoding, the client sends the other.
pub fn parameter_style_changed(supported: bool, explode_matters: bool) -> Verdict {
    Verdict::both(
        if supported { Compatible } else { Breaking },
        if explode_matters {
            Breaking
        } else {
            Compatible
        },
    )
}

/// The method gains or loses its `body` argument; a required body must now
/// be sent.
pub fn request_body_presence_changed(now_required: bool) -> Verdict {
    Verdict::both(Breaking, if now_required { Breaking } else { Compatible })
}

/// A body the server now demands must be sent; one it no longer demands
/// changes nothing for callers.
pub fn request_body_required_changed(now_required: bool) -> Verdict {
    Verdict::wire(if now_required { Breaking } else { Compatible })
}

/// Removing the media type the generated client sends or reads (JSON) is
/// breaking; removing another one (XML, say) changes nothing for it.
pub fn media_type_removed(used_by_client: bool) -> Verdict {
    Verdict::wire(if used_by_client { Breaking } else { Compatible })
}

/// A new media type is one more the server takes or sends; the client
/// keeps its own.
pub fn media_type_added() -> Verdict {
    Verdict::wire(Compatible)
}

/// A new required request field must be set by every caller. Otherwise a new
/// field is an addition: it breaks only struct literals of the generated
/// type (see [`super::model::Change::literal_break`]).
pub fn field_added(usage: Usage, required: bool) -> Verdict {
    let wire = if usage.request && required {
        Breaking
    } else {
        Compatible
    };
    Verdict::both(Additive, wire)
}

/// The Rust field disappears.
pub fn field_removed() -> Verdict {
    Verdict::api(Breaking)
}

/// optional → required. Requests: callers must now send it. Responses:
/// breaking only when the Rust type changes (`Option<T>` → `T`; a required
/// nullable field stays `Option<T>`).
pub fn required_added(usage: Usage, rust_type_changed: bool) -> Verdict {
    let api = if rust_type_changed {
        Breaking
    } else {
        Compatible
    };
    Verdict::both(api, if usage.request { Breaking } else { Compatible })
}

/// required → optional: breaking when the Rust type changes (`T` →
/// `Option<T>`, which readers must unwrap and literals must wrap).
pub fn required_removed(rust_type_changed: bool) -> Verdict {
    Verdict::api(if rust_type_changed {
        Breaking
    } else {
        Compatible
    })
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
) -> Verdict {
    let api = if rust_type_changed {
        Breaking
    } else {
        Compatible
    };
    let wire = if field {
        Compatible
    } else if added {
        usage.judge(Compatible, Breaking)
    } else {
        usage.judge(Breaking, Compatible)
    };
    Verdict::both(api, wire)
}

/// A different JSON type or `$ref` target is a different Rust type, and
/// different values on the wire.
pub fn type_changed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A different format is a different Rust type (`i32` → `i64`, `String` →
/// `DateTime`) or, where the Rust type stays, other values the server
/// takes: a request may now be refused.
pub fn format_changed(usage: Usage) -> Verdict {
    Verdict::both(Breaking, usage.judge(Breaking, Compatible))
}

/// Open enums (every named string enum here) gain a variant without breaking
/// a `match`; exhaustive ones (inline enums) break every `match`, and a
/// response carrying the new value fails to decode.
pub fn enum_value_added(usage: Usage, open: bool) -> Verdict {
    if open {
        Verdict::api(Additive)
    } else {
        Verdict::both(Breaking, usage.judge(Compatible, Breaking))
    }
}

/// The variant disappears, and the server no longer takes the value.
pub fn enum_value_removed(usage: Usage) -> Verdict {
    Verdict::both(Breaking, usage.judge(Breaking, Compatible))
}

/// A different server number for a known name: responses that carry the
/// number decode to a different variant.
pub fn enum_code_changed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A plain schema became an enum: a different Rust type (`String` →
/// `enums::X`), and a request may now be refused for a value outside it
/// (responses keep unknown values: the enums are open).
pub fn became_enum(usage: Usage) -> Verdict {
    Verdict::both(Breaking, usage.judge(Breaking, Compatible))
}

/// An enum became a plain schema: a different Rust type; any value may now
/// arrive, which the plain type reads.
pub fn no_longer_enum() -> Verdict {
    Verdict::api(Breaking)
}

/// `oneOf`/`anyOf`/`allOf` members are variants or fields of a generated
/// type; exhaustive either way. An `allOf` member can also bring fields a
/// request must now carry.
pub fn variant_changed(usage: Usage) -> Verdict {
    Verdict::both(Breaking, usage.judge(Breaking, Compatible))
}

/// typify derives `Default` for a struct whose fields are all optional. A
/// struct that gains its first required field loses it, which breaks
/// `X::default()` and `..Default::default()` in callers, whichever way the
/// type travels.
pub fn default_removed() -> Verdict {
    Verdict::api(Breaking)
}

/// The struct's fields all became optional: it now implements `Default`.
pub fn default_added() -> Verdict {
    Verdict::api(Additive)
}

/// A `default` value on a property. typify generates an optional property
/// with a default as `T` with `#[serde(default = ...)]`, not `Option<T>`
/// (typify-impl 0.8 `structs.rs`, `has_default`), so adding or removing one
/// flips `Option<T>` ↔ `T`; the default is then always sent.
pub fn default_value_added(optional_field: bool) -> Verdict {
    Verdict::api(if optional_field { Breaking } else { Compatible })
}

/// See [`default_value_added`].
pub fn default_value_removed(optional_field: bool) -> Verdict {
    Verdict::api(if optional_field { Breaking } else { Compatible })
}

/// A different `default`. A struct field with a default is always sent
/// with the value callers set (typify makes it `T`), so the server's
/// default no longer matters for it; an optional parameter left `None` is
/// not sent, and the server now applies a different value.
pub fn default_value_changed(param: bool) -> Verdict {
    Verdict::wire(if param { Breaking } else { Compatible })
}

/// `readOnly` on a request value: the server now ignores what callers
/// send. The generated types do not model it.
pub fn read_only_changed(usage: Usage, added: bool) -> Verdict {
    Verdict::wire(if added && usage.request {
        Breaking
    } else {
        Compatible
    })
}

/// `writeOnly` on a response value: the server no longer returns it.
pub fn write_only_changed(usage: Usage, added: bool) -> Verdict {
    Verdict::wire(if added && usage.response {
        Breaking
    } else {
        Compatible
    })
}

/// Value constraints (`minimum`, `maxLength`, `pattern`, ...) are not in the
/// generated types. Tighter request constraints can reject what callers
/// sent before; looser response constraints let the server send values
/// callers never had to handle (oasdiff 1.31 grades both as errors). A
/// schema no operation sends or returns carries no constraint anyone meets.
pub fn constraint_changed(usage: Usage, tightened: bool) -> Verdict {
    if !usage.request && !usage.response {
        return Verdict::wire(Compatible);
    }
    let (request, response) = if tightened {
        (Breaking, Compatible)
    } else {
        (Compatible, Breaking)
    };
    let request = if usage.request { request } else { Compatible };
    let response = if usage.response { response } else { Compatible };
    Verdict::wire(request.max(response))
}

/// Error statuses arrive as raw `ErrorResponse`s, so a new one changes no
/// signature. A new success status is compatible when its body has the
/// method's existing return type, breaking otherwise.
pub fn status_added(success: bool, same_return_type: bool) -> Verdict {
    Verdict::api(if success && !same_return_type {
        Breaking
    } else {
        Compatible
    })
}

/// Callers that handle a documented status lose it (a retry on 429, a
/// success that is now an `UnexpectedResponse`).
pub fn status_removed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A new response header is one more thing callers may read.
pub fn response_header_added() -> Verdict {
    Verdict::wire(Compatible)
}

/// Callers reading a header the server promised (`required: true`) lose it.
/// progenitor does not type response headers: callers read them from
/// `ResponseValue::headers()`.
pub fn response_header_removed(required: bool) -> Verdict {
    Verdict::wire(if required { Breaking } else { Compatible })
}

/// A header's schema changed: callers parsing it may fail.
pub fn response_header_changed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A new server is one more place the base URL may point.
pub fn server_added() -> Verdict {
    Verdict::wire(Compatible)
}

/// A removed server or URL template: configured base URLs may stop working.
pub fn server_removed() -> Verdict {
    Verdict::wire(Breaking)
}

/// Server variables (defaults, descriptions of hosts) are configuration
/// guidance; the generated client takes the base URL as given.
pub fn server_changed() -> Verdict {
    Verdict::wire(Compatible)
}

/// An operation needing different or new credentials breaks callers that
/// do not send them; dropping the requirement does not.
pub fn security_changed(now_unauthenticated: bool) -> Verdict {
    Verdict::wire(if now_unauthenticated {
        Compatible
    } else {
        Breaking
    })
}

/// A new scheme is only usable by operations that list it.
pub fn security_scheme_added() -> Verdict {
    Verdict::wire(Compatible)
}

/// Removed or redefined (type, scheme, location): credentials configured
/// for it no longer work.
pub fn security_scheme_changed() -> Verdict {
    Verdict::wire(Breaking)
}

/// A new component is a new type.
pub fn schema_added() -> Verdict {
    Verdict::api(Additive)
}

/// The type disappears.
pub fn schema_removed() -> Verdict {
    Verdict::api(Breaking)
}

/// `deprecated` only warns.
pub fn deprecated() -> Verdict {
    Verdict::wire(Compatible)
}

/// Any keyword this tool does not model: flagged for review, not judged.
pub fn other_changed() -> Verdict {
    Verdict::wire(Compatible)
}

/// Descriptions, summaries, titles, examples, tags, the info block.
pub fn description_changed() -> Verdict {
    Verdict::wire(Docs)
}

/// Error bodies arrive as raw bytes whatever their schema or media type says.
pub fn error_body_changed() -> Verdict {
    Verdict::wire(Compatible)
}

/// The new spec does not generate (an operation progenitor rejects or
/// panics on, a spec the xtask's checks reject): the crates cannot be
/// regenerated from it at all.
pub fn generation_failed() -> Verdict {
    Verdict::wire(Breaking)
}
