//! Writing answers: JSON with the vendor's property order and exact decimals,
//! which `serde_json::Value` (sorted keys, money as `f64`) cannot give.

use rust_decimal::Decimal;

/// A JSON value to send.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Out {
    Null,
    Bool(bool),
    /// A number, written as this text (exact).
    Num(String),
    Str(String),
    Arr(Vec<Out>),
    Obj(Vec<(&'static str, Out)>),
}

impl Out {
    pub(crate) fn obj(members: impl IntoIterator<Item = (&'static str, Out)>) -> Out {
        Out::Obj(members.into_iter().collect())
    }

    pub(crate) fn int(value: impl Into<i64>) -> Out {
        Out::Num(value.into().to_string())
    }

    pub(crate) fn decimal(value: Decimal) -> Out {
        Out::Num(value.to_string())
    }

    pub(crate) fn str(value: impl Into<String>) -> Out {
        Out::Str(value.into())
    }

    /// `null` for `None`, the value otherwise.
    pub(crate) fn opt<T>(value: Option<T>, write: impl FnOnce(T) -> Out) -> Out {
        value.map_or(Out::Null, write)
    }

    pub(crate) fn to_json(&self) -> String {
        let mut text = String::new();
        self.write(&mut text);
        text
    }

    fn write(&self, out: &mut String) {
        match self {
            Out::Null => out.push_str("null"),
            Out::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Out::Num(n) => out.push_str(n),
            Out::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Out::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Out::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String((*key).to_owned()).to_string());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn keeps_order_and_exact_numbers() {
        let out = Out::obj([
            ("Z", Out::decimal(Decimal::from_str("12.50").unwrap())),
            (
                "A",
                Out::Arr(vec![Out::Null, Out::Bool(true), Out::int(-1)]),
            ),
            ("Q", Out::str("say \"hi\"")),
            ("N", Out::opt(None::<i32>, Out::int)),
        ]);
        assert_eq!(
            out.to_json(),
            r#"{"Z":12.50,"A":[null,true,-1],"Q":"say \"hi\"","N":null}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&out.to_json()).unwrap();
        assert_eq!(parsed["Q"], "say \"hi\"");
    }
}
