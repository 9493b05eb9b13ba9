//! Every progenitor setting for the generated crates, in one place.

use progenitor::{GenerationSettings, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use schemars::schema::{InstanceType, SchemaObject, SingleOrVec};

use crate::normalize::OpenEnumDef;

/// Rust type for `{type: number, format: decimal}`: exact money.
pub const DECIMAL_TYPE: &str = "::rust_decimal::Decimal";
/// Rust type for `{type: string, format: date-time}`: keeps the UTC offset
/// (ShopCtrl's dates round-trip with theirs).
pub const DATE_TIME_TYPE: &str = "::chrono::DateTime<::chrono::FixedOffset>";

/// Where the open enums are generated (a module of `generated.rs` that each
/// crate's `lib.rs` re-exports as `crate::enums`).
pub fn enum_path(name: &str) -> String {
    format!("crate::enums::{name}")
}

/// The `ClientHooks` implementation every generated client gets: its inner
/// state ([`generation_settings`]'s inner type) sets the `Authorization`
/// header before each request and bounds the response body. It has to live in
/// the crate that defines `Client` (orphan rule), so it is generated with it
/// rather than written twice by hand.
pub fn client_hooks() -> proc_macro2::TokenStream {
    quote! {
        impl ClientHooks<::api_runtime::hooks::RequestHooks> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> ::std::result::Result<(), Error<E>> {
                self.inner.prepare(request);
                Ok(())
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                _info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                self.inner.execute(&self.client, request).await
            }
        }
    }
}

/// The settings for one spec.
pub fn generation_settings(enums: &[OpenEnumDef]) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        // Positional methods borrow the body (`&types::X`), so a retry re-sends
        // without cloning it; the ergonomic crates provide the builders.
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        // Authorization and bounded bodies: see api_runtime::hooks.
        .with_inner_type(quote!(::api_runtime::hooks::RequestHooks))
        .with_derive("PartialEq")
        .with_conversion(
            schema(InstanceType::Number, "decimal"),
            DECIMAL_TYPE,
            std::iter::empty(),
        )
        .with_conversion(
            schema(InstanceType::String, "date-time"),
            DATE_TIME_TYPE,
            [TypeImpl::Display].into_iter(),
        );
    for e in enums {
        settings.with_replacement(
            &e.name,
            enum_path(&e.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

fn schema(instance_type: InstanceType, format: &str) -> SchemaObject {
    SchemaObject {
        instance_type: Some(SingleOrVec::Single(Box::new(instance_type))),
        format: Some(format.to_owned()),
        ..SchemaObject::default()
    }
}
