//! Reading one time window of a [`ChangeFeed`] completely, though its pages
//! may shift while it is read.

use super::{ChangeFeed, ChangeOptions, PageRequest};
use crate::{Error, Result};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::{HashMap, HashSet};

/// A window is not split below this span: a server's change times may be
/// cut to whole seconds.
const MIN_SPLIT_SPAN: TimeDelta = TimeDelta::seconds(1);

/// How a window's read ended.
pub(super) enum Read<R> {
    /// It holds more records than a window may: read `[from, mid]` and
    /// `[mid, to]` instead.
    Split(DateTime<Utc>),
    /// Its records, each key once, in no particular order.
    Records(Vec<R>),
}

/// Reads `[from, to]` in passes until one pass is settled (see the module
/// docs of [`changes`](super)), keeping the latest copy of each record any
/// pass found.
pub(super) async fn read_window<F: ChangeFeed>(
    feed: &F,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    options: &ChangeOptions,
) -> Result<Read<F::Record>> {
    let mut size = feed.page_size().max(1);
    let max_records = options
        .max_window_records
        .unwrap_or(u64::from(size) * 10)
        .max(u64::from(size));
    let splittable = to - from > MIN_SPLIT_SPAN;
    let mut found: HashMap<F::Key, F::Record> = HashMap::new();
    for pass in 0..options.max_passes {
        let mut keys = HashSet::new();
        let mut first_total = None;
        let mut totals_agree = true;
        let mut new_keys = 0usize;
        let mut number = 1u32;
        loop {
            let request = PageRequest {
                from,
                to,
                number,
                size,
            };
            let page = feed.fetch(request).await?;
            let count = page.records.len();
            if number == 1 {
                first_total = page.total;
                let total = page.total.unwrap_or(count as u64);
                if pass == 0 && splittable && total > max_records {
                    return Ok(Read::Split(from + (to - from) / 2));
                }
                if count > 0 && (count as u64) < u64::from(size) && total > count as u64 {
                    // The server's pages are smaller than asked: page on in
                    // its size, so page 2 starts where its page 1 ended.
                    size = count as u32;
                }
            } else if page.total != first_total {
                totals_agree = false;
            }
            let mut fresh = 0usize;
            for record in page.records {
                let key = feed.key(&record);
                if keys.insert(key.clone()) {
                    fresh += 1;
                }
                if found.insert(key, record).is_none() {
                    new_keys += 1;
                }
            }
            let read = u64::from(number) * u64::from(size);
            let ended = match page.total {
                Some(total) => read >= total,
                None => count < size as usize,
            };
            if ended || count == 0 || fresh == 0 || number == u32::MAX {
                break;
            }
            if page.total.is_none() && splittable && pass == 0 && keys.len() as u64 > max_records {
                return Ok(Read::Split(from + (to - from) / 2));
            }
            number += 1;
        }
        let settled = match first_total {
            Some(total) => totals_agree && keys.len() as u64 >= total,
            // Without a total a shift cannot be seen on one read: one page
            // is read at once; more take a second read that finds nothing new.
            None => number == 1 || (pass > 0 && new_keys == 0),
        };
        if settled {
            return Ok(Read::Records(found.into_values().collect()));
        }
    }
    Err(Error::Unsettled {
        operation: feed.operation(),
        passes: options.max_passes,
    })
}
