//! What the quickstart prints and reports: a numbered step per call with
//! what it sends, what came back and, against a fake, what the fake stored;
//! and the [`Report`] a caller (or a test) inspects afterwards.

use serde::Serialize;
use std::fmt;
use std::io::{self, Write};

/// The vendor a step talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    /// Sellercloud.
    Sellercloud,
    /// ShopCtrl.
    ShopCtrl,
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Vendor::Sellercloud => "Sellercloud",
            Vendor::ShopCtrl => "ShopCtrl",
        })
    }
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded (and, against a fake, the fake stored what was
    /// sent); what came back.
    Succeeded(String),
    /// The call failed, or the fake stored something else; why.
    Failed(String),
    /// The step was not run; why (an ID it needs is not configured).
    Skipped(String),
}

/// One step of the quickstart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which API.
    pub vendor: Vendor,
    /// What the step does, e.g. `create a purchase order in unit mode`.
    pub title: &'static str,
    /// Method and path below the base URL, e.g. `PUT /api/Orders/5001`
    /// (with `{id}` when the step was skipped before an ID was known).
    pub request: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// What a quickstart run did, step by step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The steps in the order they ran.
    pub steps: Vec<Step>,
    /// What the Sellercloud part talked to, e.g. `in-process fake at http://127.0.0.1:40001/rest`.
    pub sellercloud: String,
    /// What the ShopCtrl part talked to.
    pub shopctrl: String,
}

impl Report {
    /// Steps that succeeded.
    pub fn succeeded(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Succeeded(_)))
    }

    /// Steps that failed.
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    /// Steps that were skipped.
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }

    /// True when no step failed (skipped steps are not failures).
    pub fn is_success(&self) -> bool {
        self.failed() == 0
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.steps.iter().filter(|s| which(&s.outcome)).count()
    }
}

/// The output and the report being written.
pub(crate) struct Walk<'w, W> {
    pub(crate) out: &'w mut W,
    pub(crate) report: Report,

    /// The step started and not yet ended.
    pub(crate) pending: Option<(Vendor, &'static str, String)>,
}

impl<W: Write> Walk<'_, W> {
    pub(crate) fn start(
        &mut self,
        vendor: Vendor,
        title: &'static str,
        request: String,
    ) -> io::Result<()> {
        let number = self.report.steps.len() + 1;
        writeln!(self.out, "[{number}] {vendor}: {title}")?;
        self.pending = Some((vendor, title, request));
        Ok(())
    }

    /// A `label value` line under the current step.
    pub(crate) fn line(&mut self, label: &str, text: impl fmt::Display) -> io::Result<()> {
        writeln!(self.out, "    {label:<7} {text}")
    }

    pub(crate) fn sends(&mut self, body: &impl Serialize) -> io::Result<()> {
        let request = self
            .pending
            .as_ref()
            .map(|(_, _, r)| r.clone())
            .unwrap_or_default();
        let json = serde_json::to_string(body).unwrap_or_else(|e| format!("(unprintable: {e})"));
        self.line("sends", format!("{request} {json}"))
    }

    /// Ends the current step; a failure or a skip is printed with its
    /// reason unless a `got` line already showed it.
    pub(crate) fn end(&mut self, outcome: Outcome) -> io::Result<()> {
        match &outcome {
            Outcome::Succeeded(_) => {}
            Outcome::Failed(why) => self.line("FAILED", why)?,
            Outcome::Skipped(why) => self.line("skipped", format!("({why})"))?,
        }
        self.record(outcome);
        Ok(())
    }

    fn record(&mut self, outcome: Outcome) {
        let (vendor, title, request) = self
            .pending
            .take()
            .expect("a step was started before it ends");
        self.report.steps.push(Step {
            vendor,
            title,
            request,
            outcome,
        });
    }

    pub(crate) fn skip(
        &mut self,
        vendor: Vendor,
        title: &'static str,
        request: String,
        why: String,
    ) -> io::Result<()> {
        self.start(vendor, title, request)?;
        self.end(Outcome::Skipped(why))
    }

    /// Ends the step after the call: success when the call succeeded and the
    /// fake (if any) stored what was sent.
    pub(crate) fn finish<T, E: CallError>(
        &mut self,
        result: Result<T, E>,
        came_back: impl FnOnce(&T) -> String,
        fake_check: Option<Result<String, String>>,
    ) -> io::Result<Option<T>> {
        let status = result.as_ref().err().and_then(CallError::status);
        match result {
            Ok(value) => {
                let got = came_back(&value);
                self.line("got", format!("success, {got}"))?;
                match fake_check {
                    None => self.end(Outcome::Succeeded(got))?,
                    Some(Ok(state)) => {
                        self.line("fake", state)?;
                        self.end(Outcome::Succeeded(got))?;
                    }
                    Some(Err(mismatch)) => {
                        self.end(Outcome::Failed(format!(
                            "the call succeeded but the fake stored something else: {mismatch}"
                        )))?;
                    }
                }
                Ok(Some(value))
            }
            Err(e) => {
                match status {
                    Some(status) => self.line("got", format!("HTTP {status} error: {e}"))?,
                    None => self.line("got", format!("error: {e}"))?,
                }
                self.record(Outcome::Failed(e.to_string()));
                Ok(None)
            }
        }
    }
}

/// The two SDK error types, for printing.
pub(crate) trait CallError: fmt::Display {
    fn status(&self) -> Option<u16>;
}

// One error type serves both clients (`sellercloud::Error` is `shopctrl::Error`).
impl CallError for sellercloud::Error {
    fn status(&self) -> Option<u16> {
        sellercloud::Error::status(self)
    }
}

/// Compares what the fake stored with what was sent.
pub(crate) fn expect<T: PartialEq + fmt::Debug>(
    what: &str,
    stored: T,
    sent: T,
) -> Result<(), String> {
    if stored == sent {
        Ok(())
    } else {
        Err(format!("{what} is {stored:?}, {sent:?} was sent"))
    }
}

/// A value for printing; `-` when there is none.
pub(crate) fn show<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}
