//! Rewrites of the generated syntax tree, for what progenitor's settings
//! cannot say: serde adapters on money and date-time fields, and the open
//! enums that replace typify's closed ones.

use crate::normalize::OpenEnumDef;
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

/// Attaches `#[serde(with = ...)]` from `api_runtime::wire` to every field
/// of type `Decimal`, `DateTime`, or an `Option` of either.
///
/// Errors name a field whose type wraps one of them in a way no adapter
/// covers (a `Vec<Decimal>`, say), instead of generating code that would write
/// money as a string.
pub fn attach_wire_adapters(file: &mut syn::File) -> Result<(), String> {
    let mut visitor = WireAdapters { errors: Vec::new() };
    visitor.visit_file_mut(file);
    if visitor.errors.is_empty() {
        Ok(())
    } else {
        Err(visitor.errors.join("; "))
    }
}

struct WireAdapters {
    errors: Vec<String>,
}

fn last_ident(ty: &syn::Type) -> Option<(&syn::Ident, &syn::PathArguments)> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| (&s.ident, &s.arguments)),
        _ => None,
    }
}

fn adapter_for(ty: &syn::Type) -> Result<Option<&'static str>, ()> {
    let Some((ident, args)) = last_ident(ty) else {
        return Ok(None);
    };
    match ident.to_string().as_str() {
        "Decimal" => Ok(Some("::api_runtime::wire::decimal")),
        "DateTime" => Ok(Some("::api_runtime::wire::date_time")),
        wrapper => {
            let syn::PathArguments::AngleBracketed(args) = args else {
                return Ok(None);
            };
            let inner = args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            });
            let Some(inner) = inner else { return Ok(None) };
            match (wrapper, adapter_for(inner)?) {
                (_, None) => Ok(None),
                ("Option", Some("::api_runtime::wire::decimal")) => {
                    Ok(Some("::api_runtime::wire::option_decimal"))
                }
                ("Option", Some("::api_runtime::wire::date_time")) => {
                    Ok(Some("::api_runtime::wire::option_date_time"))
                }
                _ => Err(()),
            }
        }
    }
}

fn has_serde_default(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("default");
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
            found
        })
}

/// Whether an item derives serde's traits: a wire type.
fn is_wire_type(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let text = quote!(#a).to_string();
            text.contains("Serialize") || text.contains("Deserialize")
        })
}

/// The `schemars` feature of the generated crates: every wire type derives
/// `JsonSchema`, so users can publish the JSON Schema of a request.
fn derive_json_schema(attrs: &mut Vec<syn::Attribute>) {
    if is_wire_type(attrs) {
        attrs.push(
            syn::parse_quote!(#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]),
        );
    }
}

/// What a field with a serde adapter is in a JSON Schema: schemars reads
/// serde's `with` as a type, so each such field names its schema's type.
/// Money is a number, as the adapter writes it (`Decimal`'s own schema says
/// string); a date-time is its own type.
fn schema_of_adapter(path: &str, ty: &syn::Type) -> String {
    match path {
        "::api_runtime::wire::decimal" => "f64".to_owned(),
        "::api_runtime::wire::option_decimal" => "::std::option::Option<f64>".to_owned(),
        _ => quote!(#ty).to_string().replace(' ', ""),
    }
}

impl VisitMut for WireAdapters {
    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        derive_json_schema(&mut item.attrs);
        syn::visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        derive_json_schema(&mut item.attrs);
        for field in item.fields.iter_mut() {
            match adapter_for(&field.ty) {
                Ok(Some(path)) => {
                    let schema = schema_of_adapter(path, &field.ty);
                    field.attrs.push(
                        syn::parse_quote!(#[cfg_attr(feature = "schemars", schemars(with = #schema))]),
                    );
                    // With `with`, serde no longer reads a missing field as
                    // `None` on its own: optional fields need `default` too.
                    if path.contains("option_") && !has_serde_default(&field.attrs) {
                        field
                            .attrs
                            .push(syn::parse_quote!(#[serde(default, with = #path)]))
                    } else {
                        field.attrs.push(syn::parse_quote!(#[serde(with = #path)]))
                    }
                }
                Ok(None) => {}
                Err(()) => self.errors.push(format!(
                    "{}.{}: no wire adapter for this money or date-time container",
                    item.ident,
                    field
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )),
            }
        }
    }
}

/// The variant every open enum keeps for values it does not know.
const CATCH_ALL: &str = "Unknown";

/// The Rust variant name of a known wire value taken by [`CATCH_ALL`]: the
/// server's own value named `Unknown` (Sellercloud's `AddressStatus` and
/// `PoSplitRelationshipType` have one) is a known value, not a value this
/// crate does not know.
const NAMED_UNKNOWN: &str = "NamedUnknown";

/// The Rust variant name for a wire name (`Local_Store` → `LocalStore`,
/// `Unknown` → `NamedUnknown`).
pub fn variant_ident(wire: &str) -> String {
    let name = wire.to_upper_camel_case();
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == CATCH_ALL {
        NAMED_UNKNOWN.to_owned()
    } else {
        name
    }
}

/// The `enums` module: one open enum per [`OpenEnumDef`].
pub fn open_enums(enums: &[OpenEnumDef]) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    for e in enums {
        let ty = format_ident!("{}", e.name);
        let name = &e.name;
        let mut idents = Vec::new();
        for (wire, _) in &e.variants {
            let ident = variant_ident(wire);
            if ident == CATCH_ALL || idents.iter().any(|i: &syn::Ident| *i == ident) {
                return Err(format!(
                    "enum {name}: `{wire}` gives the variant name {ident}, which is taken"
                ));
            }
            idents.push(format_ident!("{ident}"));
        }
        let docs = e.variants.iter().map(|(wire, code)| {
            if variant_ident(wire) == NAMED_UNKNOWN {
                format!(
                    "`{wire}` (server number {code}): the server's own value of that name, \
                     not a value this crate does not know ([`Self::Unknown`])."
                )
            } else {
                format!("`{wire}` (server number {code}).")
            }
        });
        let wires = e.variants.iter().map(|(w, _)| w);
        let wires2 = wires.clone();
        let codes = e.variants.iter().map(|(_, c)| c);
        let indexes = 0..e.variants.len();
        let indexes2 = indexes.clone();
        let description = e.description.clone().unwrap_or_else(|| format!("{name}."));
        let open_note = "\n\nOpen: values this crate does not know yet are kept in \
            [`Self::Unknown`] and written back as they were read. Reads names and \
            the server's numbers; writes names.";
        let doc = format!("{description}{open_note}");
        let unknown = quote!(::api_runtime::UnknownEnumValue);
        items.push(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #ty {
                #( #[doc = #docs] #idents, )*
                /// A value this version of the crate does not know.
                Unknown(#unknown),
            }

            impl ::api_runtime::OpenEnum for #ty {
                const NAME: &'static str = #name;
                const VARIANTS: &'static [(&'static str, i64)] = &[ #( (#wires, #codes), )* ];
                fn from_index(index: usize) -> Self {
                    match index {
                        #( #indexes => Self::#idents, )*
                        _ => Self::Unknown(#unknown::Code(-1)),
                    }
                }
                fn index(&self) -> ::std::option::Option<usize> {
                    match self {
                        #( Self::#idents => ::std::option::Option::Some(#indexes2), )*
                        Self::Unknown(_) => ::std::option::Option::None,
                    }
                }
                fn from_unknown(value: #unknown) -> Self {
                    Self::Unknown(value)
                }
                fn as_unknown(&self) -> ::std::option::Option<&#unknown> {
                    match self {
                        Self::Unknown(value) => ::std::option::Option::Some(value),
                        _ => ::std::option::Option::None,
                    }
                }
            }

            impl ::serde::Serialize for #ty {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    ::api_runtime::enums::serialize(self, serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #ty {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::api_runtime::enums::deserialize(deserializer)
                }
            }

            impl ::std::fmt::Display for #ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::api_runtime::enums::display(self, f)
                }
            }

            impl ::std::str::FromStr for #ty {
                type Err = ::std::convert::Infallible;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(<Self as ::api_runtime::OpenEnum>::from_name(value))
                }
            }

            /// The known names, or a server number: what is read.
            #[cfg(feature = "schemars")]
            impl ::schemars::JsonSchema for #ty {
                fn schema_name() -> ::std::string::String {
                    #name.to_owned()
                }

                fn json_schema(_: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                    use ::schemars::schema::{InstanceType, Metadata, SchemaObject, SubschemaValidation};
                    let names = SchemaObject {
                        instance_type: ::std::option::Option::Some(InstanceType::String.into()),
                        enum_values: ::std::option::Option::Some(::std::vec![ #( ::serde_json::Value::from(#wires2) ),* ]),
                        ..::std::default::Default::default()
                    };
                    let numbers = SchemaObject {
                        instance_type: ::std::option::Option::Some(InstanceType::Integer.into()),
                        ..::std::default::Default::default()
                    };
                    SchemaObject {
                        metadata: ::std::option::Option::Some(::std::boxed::Box::new(Metadata {
                            description: ::std::option::Option::Some(#doc.to_owned()),
                            ..::std::default::Default::default()
                        })),
                        subschemas: ::std::option::Option::Some(::std::boxed::Box::new(SubschemaValidation {
                            any_of: ::std::option::Option::Some(::std::vec![names.into(), numbers.into()]),
                            ..::std::default::Default::default()
                        })),
                        ..::std::default::Default::default()
                    }
                    .into()
                }
            }
        });
    }
    Ok(quote! {
        /// Forward-compatible enums of this API (see `api_runtime::enums`).
        pub mod enums {
            #(#items)*
        }
    })
}

/// Makes the methods of `operation_ids` (answers the normaliser left raw, see
/// [`crate::normalize::TEXT_MEDIA_TYPE`]) return their text: the success type
/// `ResponseValue<ByteStream>` becomes `ResponseValue<String>`, read by
/// [`text_answer_module`]'s `read`. Errors name an operation whose method or
/// success arm is not found, instead of leaving it raw unnoticed.
pub fn text_answers(file: &mut syn::File, operation_ids: &[String]) -> Result<(), String> {
    let mut errors = Vec::new();
    for id in operation_ids {
        let method = heck::ToSnakeCase::to_snake_case(id.as_str());
        let mut rewrite = TextAnswer {
            method: &method,
            found_method: false,
            arms: 0,
        };
        rewrite.visit_file_mut(file);
        if !rewrite.found_method {
            errors.push(format!("{id}: no method `{method}` to read a text answer"));
        } else if rewrite.arms == 0 {
            errors.push(format!(
                "{id}: `{method}` has no raw success answer to read as text"
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

struct TextAnswer<'a> {
    method: &'a str,
    found_method: bool,
    arms: usize,
}

impl VisitMut for TextAnswer<'_> {
    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        if item.sig.ident != self.method {
            return;
        }
        self.found_method = true;
        SuccessType.visit_return_type_mut(&mut item.sig.output);
        let mut arms = SuccessArms { count: 0 };
        arms.visit_block_mut(&mut item.block);
        self.arms += arms.count;
    }
}

/// `ResponseValue<ByteStream>` → `ResponseValue<String>` (error bodies are
/// `Error<ByteStream>`, without `ResponseValue`, and stay raw).
struct SuccessType;

impl VisitMut for SuccessType {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        let raw: syn::TypePath = syn::parse_quote!(ResponseValue<ByteStream>);
        if *ty == raw {
            *ty = syn::parse_quote!(ResponseValue<::std::string::String>);
        } else {
            syn::visit_mut::visit_type_path_mut(self, ty);
        }
    }
}

/// The success arm `Ok(ResponseValue::stream(response))` reads the text
/// instead (error arms are `Err(Error::ErrorResponse(...))` and stay raw).
struct SuccessArms {
    count: usize,
}

impl VisitMut for SuccessArms {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        let raw: syn::Expr = syn::parse_quote!(Ok(ResponseValue::stream(response)));
        if *expr == raw {
            *expr = syn::parse_quote!(text_answer::read(response).await);
            self.count += 1;
        } else {
            syn::visit_mut::visit_expr_mut(self, expr);
        }
    }
}

/// The `text_answer` module every crate with a text answer gets: reading a
/// body that is a JSON string (the Swagger's word) or plain text (the
/// article's) into the text either way.
pub fn text_answer_module() -> TokenStream {
    quote! {
        /// Success answers that are text: Sellercloud's add-items answer is a
        /// JSON string in the vendor's Swagger and plain text in its article,
        /// so both are read.
        pub mod text_answer {
            use super::{Error, ResponseValue};

            /// The text of an answer body: the string a JSON string holds, or
            /// else the body itself as text (bytes that are not UTF-8 become
            /// U+FFFD). Never fails: the text is informational only, the
            /// status says whether the call succeeded.
            pub fn decode(body: &[u8]) -> ::std::string::String {
                match ::serde_json::from_slice::<::std::string::String>(body) {
                    ::std::result::Result::Ok(text) => text,
                    ::std::result::Result::Err(_) => {
                        ::std::string::String::from_utf8_lossy(body).into_owned()
                    }
                }
            }

            /// Reads a whole answer body (bounded like every other by the
            /// client's hooks) and decodes it with [`decode`].
            pub(crate) async fn read<E>(
                response: ::reqwest::Response,
            ) -> ::std::result::Result<ResponseValue<::std::string::String>, Error<E>> {
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(Error::ResponseBodyError)?;
                ::std::result::Result::Ok(ResponseValue::new(decode(&body), status, headers))
            }
        }
    }
}
