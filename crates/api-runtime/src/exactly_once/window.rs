//! The window a look searches, on the server's clock, and what one look
//! found.

use chrono::{DateTime, FixedOffset, Utc};

/// Times a look accepts, on the server's clock, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The first moment in the window.
    pub from: DateTime<Utc>,
    /// The last moment in the window.
    pub to: DateTime<Utc>,
}

impl Window {
    /// The window from `from` to `to`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Window {
        Window { from, to }
    }

    /// Whether `t` lies in the window; a record without a time cannot be
    /// ruled out, so `None` is in it.
    pub fn contains(&self, t: Option<&DateTime<FixedOffset>>) -> bool {
        t.is_none_or(|t| self.holds(t.with_timezone(&Utc)))
    }

    /// As [`Window::contains`], for a server that writes its local time
    /// without an offset in a zone it does not document: a time read as UTC
    /// that lies a whole number of quarter hours (up to 14 h) off the window
    /// is the server's local time and counts as in it.
    pub fn contains_local_or_utc(&self, t: Option<&DateTime<FixedOffset>>) -> bool {
        t.is_none_or(|t| {
            let utc = t.with_timezone(&Utc);
            self.holds(utc)
                || (t.offset().local_minus_utc() == 0
                    && (-56..=56).any(|q| self.holds(utc + chrono::Duration::minutes(15 * q))))
        })
    }

    fn holds(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t <= self.to
    }
}

/// What one look found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Look {
    /// Exactly one record matches what was sent.
    Found(i32),
    /// More than one does.
    Several(Vec<i32>),
    /// None does; `unconfirmed` are records that could be it but could not
    /// be compared (they list nothing to compare), so they can be neither
    /// taken nor ruled out.
    Nothing {
        /// The records that could not be compared.
        unconfirmed: Vec<i32>,
    },
}

impl Look {
    /// The look's verdict from the ids that matched and those that could
    /// not be compared (both may hold repeats).
    pub fn from_ids(mut matches: Vec<i32>, mut unconfirmed: Vec<i32>) -> Look {
        matches.sort_unstable();
        matches.dedup();
        unconfirmed.sort_unstable();
        unconfirmed.dedup();
        match matches.as_slice() {
            [] => Look::Nothing { unconfirmed },
            [id] => Look::Found(*id),
            _ => Look::Several(matches),
        }
    }
}

/// Text as a server keeps it: trimmed, `None` when blank.
pub fn kept_text(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Whether a marker that was sent came back: a sent marker must be listed
/// exactly (trimmed); a list may leave an unset one empty.
pub fn marker_matches(sent: Option<&str>, listed: Option<&str>) -> bool {
    kept_text(sent).is_none_or(|marker| kept_text(listed) == Some(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_rechecks_times() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let window = Window::new(
            at("2026-01-01T10:00:00Z").to_utc(),
            at("2026-01-01T10:00:05Z").to_utc(),
        );
        assert!(window.contains(Some(&at("2026-01-01T11:00:03+01:00"))));
        assert!(!window.contains(Some(&at("2026-01-01T05:00:03Z"))));
        assert!(window.contains_local_or_utc(Some(&at("2026-01-01T10:00:03Z"))));
        assert!(window.contains_local_or_utc(Some(&at("2026-01-01T11:00:03+01:00"))));
        assert!(!window.contains_local_or_utc(Some(&at("2026-01-01T09:59:59Z"))));
        assert!(!window.contains_local_or_utc(Some(&at("2026-01-01T10:00:06Z"))));
        assert!(!window.contains_local_or_utc(Some(&at("2026-01-01T10:30:06+01:00"))));
        // Offset-less, in a server zone 5 h behind UTC: read as UTC, 5 h off.
        assert!(window.contains_local_or_utc(Some(&at("2026-01-01T05:00:03Z"))));
        assert!(window.contains_local_or_utc(Some(&at("2026-01-01T15:30:03Z"))));
        assert!(!window.contains_local_or_utc(Some(&at("2026-01-01T05:07:03Z"))));
        assert!(!window.contains_local_or_utc(Some(&at("2026-01-02T05:00:03Z"))));
        assert!(window.contains(None) && window.contains_local_or_utc(None));
    }

    #[test]
    fn a_look_is_decided_by_its_matches() {
        assert_eq!(Look::from_ids(vec![3, 3], vec![]), Look::Found(3));
        assert_eq!(
            Look::from_ids(vec![4, 3], vec![]),
            Look::Several(vec![3, 4])
        );
        assert_eq!(
            Look::from_ids(vec![], vec![5, 5]),
            Look::Nothing {
                unconfirmed: vec![5]
            }
        );
    }

    #[test]
    fn markers_are_compared_trimmed() {
        assert!(marker_matches(Some("ref-1"), Some(" ref-1\n")));
        assert!(!marker_matches(Some("ref-1"), Some("ref-1x")));
        assert!(!marker_matches(Some("ref-1"), None));
        assert!(marker_matches(None, Some("anything")));
        assert!(marker_matches(Some("  "), None));
    }
}
