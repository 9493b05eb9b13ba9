//! The frame of one look: go through the records a list gives for a
//! window, judge each against what was sent, and decide.

use super::Look;
use crate::{Error, Result};
use futures::{Stream, StreamExt};
use std::future::Future;

/// What a vendor's judge says of one listed record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Judged {
    /// It is (as far as the list can tell) the record sent.
    Match(i32),
    /// It could be, but lists nothing to compare: never taken, reported.
    Unconfirmed(i32),
    /// It is not.
    No,
}

/// Goes through `listed`, judging each record, and decides the look: one
/// match is [`Look::Found`], several [`Look::Several`], none
/// [`Look::Nothing`] with the unconfirmed ones. Past `max` records the look
/// fails ([`Error::Decode`] of `operation`) rather than conclude "not
/// there" from part of the list, which could duplicate the create.
pub async fn scan<T, J, F>(
    operation: &'static str,
    max: usize,
    listed: impl Stream<Item = Result<T>>,
    mut judge: J,
) -> Result<Look>
where
    J: FnMut(T) -> F,
    F: Future<Output = Result<Judged>>,
{
    let mut listed = std::pin::pin!(listed);
    let (mut matches, mut unconfirmed) = (Vec::new(), Vec::new());
    let mut scanned = 0;
    while let Some(record) = listed.next().await {
        let record = record?;
        scanned += 1;
        if scanned > max {
            return Err(Error::Decode {
                operation,
                problem: format!(
                    "more than {max} records were listed in the window; the create cannot be looked up"
                ),
                body: String::new(),
            });
        }
        match judge(record).await? {
            Judged::Match(id) => matches.push(id),
            Judged::Unconfirmed(id) => unconfirmed.push(id),
            Judged::No => {}
        }
    }
    Ok(Look::from_ids(matches, unconfirmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(ids: &[i32]) -> impl Stream<Item = Result<i32>> {
        futures::stream::iter(ids.iter().copied().map(Ok).collect::<Vec<_>>())
    }

    #[tokio::test]
    async fn a_look_counts_matches_and_unconfirmed() {
        let judge = |id: i32| async move {
            Ok(match id % 3 {
                0 => Judged::Match(id),
                1 => Judged::Unconfirmed(id),
                _ => Judged::No,
            })
        };
        assert_eq!(
            scan("op", 10, listed(&[3, 4, 5]), judge).await.unwrap(),
            Look::Found(3)
        );
        assert_eq!(
            scan("op", 10, listed(&[3, 6]), judge).await.unwrap(),
            Look::Several(vec![3, 6])
        );
        assert_eq!(
            scan("op", 10, listed(&[4, 5]), judge).await.unwrap(),
            Look::Nothing {
                unconfirmed: vec![4]
            }
        );
    }

    #[tokio::test]
    async fn a_list_past_the_bound_fails_the_look() {
        let judge = |_| async { Ok(Judged::No) };
        let e = scan("op", 2, listed(&[1, 2, 3]), judge).await.unwrap_err();
        assert!(
            matches!(
                e,
                Error::Decode {
                    operation: "op",
                    ..
                }
            ),
            "{e}"
        );
        let failing = futures::stream::iter(vec![Err(Error::Config {
            setting: "x",
            problem: "y".into(),
        })]);
        assert!(
            scan::<i32, _, _>("op", 2, failing, |_| async { Ok(Judged::No) })
                .await
                .is_err()
        );
    }
}
