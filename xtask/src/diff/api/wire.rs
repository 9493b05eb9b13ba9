//! What the generated code puts on the wire, read from it: how each struct
//! field reads and writes JSON (its serde attributes), and the request each
//! client method builds (method, path, query and header names, body
//! encoding, `Accept`) with how it treats each status.

use super::ty::tokens;
use std::collections::BTreeMap;
use syn::visit::Visit;

/// How one struct field reads and writes JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldWire {
    /// The JSON key (`rename`, else the Rust name).
    pub json_name: String,
    /// `default` (empty string) or `default = "path"`.
    pub default: Option<String>,
    /// `skip_serializing_if = "..."`.
    pub skip_if: Option<String>,
    /// `with`, `serialize_with`, `deserialize_with`, as `key = path`.
    pub codecs: Vec<String>,
    /// `flatten`, `skip`, `skip_serializing`, `skip_deserializing`.
    pub flags: Vec<String>,
}

/// What happens when a JSON object read into the type lacks the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// Reading fails.
    Error,
    /// The field is `None`.
    None,
    /// The field takes a default value (shown as the code writes it).
    Default(String),
}

impl FieldWire {
    /// What reading a JSON object without this key gives, for a field of
    /// type `ty`. serde reads a missing `Option` as `None` unless a
    /// `deserialize_with` or `with` takes over.
    pub fn missing(&self, ty: &str) -> Missing {
        if let Some(default) = &self.default {
            // A bare `default` on an `Option` is `None`.
            if default.is_empty() && ty.starts_with("Option<") {
                return Missing::None;
            }
            return Missing::Default(default_value(default));
        }
        let custom = self
            .codecs
            .iter()
            .any(|c| c.starts_with("with") || c.starts_with("deserialize_with"));
        if ty.starts_with("Option<") && !custom {
            Missing::None
        } else {
            Missing::Error
        }
    }

    /// When writing leaves the key out: `None` means it is always written.
    pub fn omitted_when(&self) -> Option<String> {
        if self
            .flags
            .iter()
            .any(|f| f == "skip" || f == "skip_serializing")
        {
            return Some("always".into());
        }
        self.skip_if
            .as_deref()
            .map(|s| match s.rsplit("::").next().unwrap_or(s) {
                "is_none" => "it is `None`".to_owned(),
                "is_empty" => "it is empty".to_owned(),
                other => format!("`{other}` holds"),
            })
    }
}

/// The value a serde default gives, as far as the path shows it:
/// typify's `defaults::default_u64::<i32, 1>` gives `1`; a named default
/// function is shown as its path; a bare `default` is the type's `Default`.
pub fn default_value(default: &str) -> String {
    if default.is_empty() {
        return "the type's `Default`".into();
    }
    if let Some((_, args)) = default.split_once("::<") {
        let value = args
            .trim_end_matches('>')
            .rsplit(',')
            .next()
            .unwrap_or(args);
        return value.trim().to_owned();
    }
    format!("`{default}()`")
}

/// Every `key` or `key = "value"` of the `#[serde(...)]` attributes.
fn serde_entries(attrs: &[syn::Attribute]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = if meta.input.peek(syn::Token![=]) {
                let lit: syn::LitStr = meta.value()?.parse()?;
                Some(lit.value())
            } else {
                None
            };
            out.push((key, value));
            Ok(())
        });
    }
    out
}

/// Reads the serde attributes of a field.
pub fn read_field(attrs: &[syn::Attribute], rust_name: &str) -> FieldWire {
    let mut wire = FieldWire {
        json_name: rust_name.to_owned(),
        ..FieldWire::default()
    };
    for (key, value) in serde_entries(attrs) {
        match key.as_str() {
            "rename" => wire.json_name = value.unwrap_or_default(),
            "default" => wire.default = Some(value.unwrap_or_default()),
            "skip_serializing_if" => wire.skip_if = value,
            "with" | "serialize_with" | "deserialize_with" => {
                let path = value.unwrap_or_default();
                let path = path.trim_start_matches("::").replace("std::option::", "");
                wire.codecs.push(format!("{key} = {path}"))
            }
            _ => wire.flags.push(key),
        }
    }
    wire.codecs.sort();
    wire.flags.sort();
    wire
}

/// Serde attributes on a type or variant that change its JSON
/// (`untagged`, `transparent`, `tag = "..."`, `rename_all = "..."`), and
/// a variant's `rename`.
pub fn read_container(attrs: &[syn::Attribute]) -> (Vec<String>, Option<String>) {
    let mut out = Vec::new();
    let mut rename = None;
    for (key, value) in serde_entries(attrs) {
        match (key.as_str(), value) {
            ("rename", Some(v)) => rename = Some(v),
            (_, Some(v)) => out.push(format!("serde({key} = {v:?})")),
            (_, None) => out.push(format!("serde({key})")),
        }
    }
    (out, rename)
}

/// The request a client method builds and how it reads the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MethodWire {
    /// `GET`, `PUT`, ...
    pub http: String,
    /// The path template as sent (`/api/Orders/{}`).
    pub path: String,
    /// Query parameter names, in the order they are added.
    pub query: Vec<String>,
    /// Request header names (besides the fixed `api-version`).
    pub headers: Vec<String>,
    /// How the body is encoded: `JSON`, `form`, or the raw body's content
    /// type; `None` without a body.
    pub body: Option<String>,
    /// The `Accept` header, when one is sent.
    pub accept: Option<String>,
    /// Status (`200`, `4XX`, `_`) → what the method makes of it.
    pub statuses: BTreeMap<String, String>,
}

/// Reads the request a generated method body builds.
pub fn read_method(block: &syn::Block) -> Option<MethodWire> {
    let mut reader = MethodReader::default();
    reader.visit_block(block);
    if reader.wire.http.is_empty() {
        return None;
    }
    Some(reader.wire)
}

#[derive(Default)]
struct MethodReader {
    wire: MethodWire,
}

fn first_str(args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>) -> Option<String> {
    match args.first()? {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The string literal inside a `HeaderValue::from_static("...")` argument.
fn static_value(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Call(call) => first_str(&call.args),
        _ => None,
    }
}

fn last_segment(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// What a `match` arm on the status does, from the calls in its body.
fn handling(body: &syn::Expr) -> String {
    let text = tokens(body);
    let ok = text.starts_with("Ok") || !text.contains("Err");
    let unexpected = text.contains("UnexpectedResponse");
    let how = if text.contains("from_response") {
        "a typed body"
    } else if text.contains("stream") {
        "the raw body"
    } else if text.contains("empty") {
        "no body"
    } else {
        "the response"
    };
    if unexpected {
        "an `Error::UnexpectedResponse`".into()
    } else if ok {
        format!("success with {how}")
    } else {
        format!("an `Error::ErrorResponse` with {how}")
    }
}

fn pattern(pat: &syn::Pat) -> String {
    tokens(pat).replace("u16", "").replace(' ', "")
}

/// The `match` pattern progenitor writes for a spec's status key: `200`,
/// `400..=499` for `4XX`, `_` for `default`.
pub fn status_pattern(status: &str) -> String {
    if status == "default" {
        return "_".into();
    }
    match status
        .strip_suffix("XX")
        .and_then(|d| d.parse::<u16>().ok())
    {
        Some(d) => format!("{}..={}", d * 100, d * 100 + 99),
        None => status.to_owned(),
    }
}

impl<'ast> Visit<'ast> for MethodReader {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        let on_client = matches!(&*call.receiver, syn::Expr::Field(f)
            if matches!(&f.member, syn::Member::Named(m) if m == "client"));
        match name.as_str() {
            "get" | "put" | "post" | "delete" | "patch" | "head" | "options" if on_client => {
                self.wire.http = name.to_uppercase();
            }
            "json" => self.wire.body = Some("JSON".into()),
            "form_urlencoded" => self.wire.body = Some("form".into()),
            "body" => {
                self.wire.body.get_or_insert_with(|| "raw bytes".into());
            }
            "header" if call.args.len() == 2 => {
                let value = static_value(&call.args[1]);
                match last_segment(&call.args[0]).as_deref() {
                    Some("ACCEPT") => self.wire.accept = value,
                    Some("CONTENT_TYPE") => {
                        if let Some(v) = value {
                            self.wire.body = Some(v);
                        }
                    }
                    _ => {}
                }
            }
            "append" => {
                if let Some(name) = first_str(&call.args) {
                    self.wire.headers.push(name);
                }
            }
            _ => {}
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if segs.ends_with(&["QueryParam".to_owned(), "new".to_owned()])
                && let Some(name) = first_str(&call.args)
            {
                self.wire.query.push(name);
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.is_ident("format")
            && self.wire.path.is_empty()
            && let Ok(args) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            )
            && let Some(template) = first_str(&args)
        {
            self.wire.path = template.strip_prefix("{}").unwrap_or(&template).to_owned();
        }
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        let on_status = tokens(&*m.expr).contains("status");
        if on_status {
            for arm in &m.arms {
                self.wire
                    .statuses
                    .insert(pattern(&arm.pat), handling(&arm.body));
            }
        }
        syn::visit::visit_expr_match(self, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_a_default_is_always_written() {
        let field: syn::Field = syn::parse_quote! {
            #[serde(rename = "WarehouseID", default = "defaults::default_u64::<i32, 1>")]
            pub warehouse_id: i32
        };
        let wire = read_field(&field.attrs, "warehouse_id");
        assert_eq!(wire.json_name, "WarehouseID");
        assert_eq!(wire.missing("i32"), Missing::Default("1".into()));
        assert_eq!(wire.omitted_when(), None);
    }

    #[test]
    fn an_optional_field_is_left_out_when_none() {
        let field: syn::Field = syn::parse_quote! {
            #[serde(rename = "Nick", skip_serializing_if = "::std::option::Option::is_none")]
            pub nick: Option<String>
        };
        let wire = read_field(&field.attrs, "nick");
        assert_eq!(wire.missing("Option<String>"), Missing::None);
        assert_eq!(wire.omitted_when().as_deref(), Some("it is `None`"));
        let required: syn::Field = syn::parse_quote! {
            #[serde(rename = "Nick", deserialize_with = "::std::option::Option::deserialize")]
            pub nick: Option<String>
        };
        let wire = read_field(&required.attrs, "nick");
        assert_eq!(wire.missing("Option<String>"), Missing::Error);
    }
}
