//! Entry points of the fuzz targets and of the stable corpus replay test. Each returns
//! whether the input was accepted, never panics on any input, and asserts the laws that
//! must hold for accepted input.

#![allow(clippy::panic)]

use chrono::{TimeDelta, TimeZone, Utc};
use freebusy_types::StatusInterval;
use url::Url;

use crate::blocks::{MonthBlocks, split_months};
use crate::message::FreeBusyMessage;
use crate::owa::{OwaAnswer, OwaQuery, raster_intervals};
use crate::time::Month;

/// Multistatus bytes → messages. Law: re-publishing a decoded message's timeline over its
/// range and decoding that gives the same timeline.
#[doc(hidden)]
pub fn fuzz_message(data: &[u8]) -> bool {
    let Ok(base) = Url::parse("http://fuzz.example/public/") else {
        return false;
    };
    let found = match FreeBusyMessage::decode_multistatus(data, &base) {
        Ok(found) => found,
        Err(e) => {
            let _ = e.to_string();
            return false;
        }
    };
    for f in &found {
        let m = &f.message;
        let _ = f.dn();
        let timeline = m.timeline();
        let _ = m.proppatch(f.href.clone()).body();
        let Some(range) = m.range else { continue };
        let mut again = FreeBusyMessage::default();
        if again.set_intervals(range, &timeline).is_ok() {
            let back = again.timeline();
            if back != timeline {
                panic!("re-publishing changed the timeline:\n{timeline:?}\n{back:?}");
            }
        }
    }
    true
}

fn check_cover(
    intervals: &[StatusInterval],
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
) {
    let mut t = start;
    for (i, si) in intervals.iter().enumerate() {
        if si.start() != t {
            panic!("gap or overlap before interval {i}: {intervals:?}");
        }
        if i > 0 && intervals[i - 1].status == si.status {
            panic!("unmerged run at {i}: {intervals:?}");
        }
        t = si.end();
    }
    if t != end && !intervals.is_empty() {
        panic!("raster ends at {t}, expected {end}: {intervals:?}");
    }
}

/// OWA answer bytes (or, when they are not an answer, the bytes as one raster). Law: a
/// raster read over a range covers it exactly, contiguous, runs merged.
#[doc(hidden)]
pub fn fuzz_raster(data: &[u8]) -> bool {
    let Some(start) = Utc.with_ymd_and_hms(2008, 5, 1, 10, 0, 0).single() else {
        return false;
    };
    let end = start + TimeDelta::hours(6);
    match OwaAnswer::parse(data) {
        Ok(answer) => {
            for item in &answer.items {
                if let Ok(r) = item.raster(start, 15) {
                    let n = i64::try_from(item.fbdata.chars().count()).unwrap_or(0);
                    check_cover(&r, start, start + TimeDelta::minutes(15 * n));
                }
            }
            let mut users: Vec<String> = answer
                .items
                .iter()
                .filter_map(|i| i.email.clone())
                .take(8)
                .collect();
            users.push("nobody@fuzz.example".into());
            if let Ok(q) = OwaQuery::new(start, end, 30, users)
                && let Ok(fb) = answer.resolve(&q)
            {
                for u in &fb.users {
                    if u.intervals.is_empty() {
                        panic!("user {} has no interval", u.address);
                    }
                    check_cover(&u.intervals, q.start(), q.end());
                }
            }
            true
        }
        Err(_) => {
            let text = String::from_utf8_lossy(data);
            match raster_intervals(&text, start, 5, Some(end), "fuzz") {
                Ok(r) => {
                    check_cover(&r, start, end);
                    true
                }
                Err(_) => false,
            }
        }
    }
}

/// Law: a month value decodes the same through the fast path (the SIMD base64 decoder,
/// falling back to the `base64` crate) as through [`MonthBlocks::from_base64`] alone: the
/// same blocks, or the same error. Returns whether `text` decoded.
#[doc(hidden)]
pub fn month_base64_paths_agree(month: Month, text: &str) -> bool {
    let mut scratch = Vec::new();
    let fast = MonthBlocks::from_base64_in(month, 0, text, &mut scratch);
    let plain = MonthBlocks::from_base64(month, 0, text);
    let (a, b) = (format!("{fast:?}"), format!("{plain:?}"));
    if a != b {
        panic!("base64 paths differ for {text:?}:\n{a}\n{b}");
    }
    plain.is_ok()
}

/// Bytes 0-1: a year offset, byte 2: a month (0..=15, so invalid months occur), the rest: a
/// blob (also read as base64 text, for [`month_base64_paths_agree`]). Laws: a blob that decodes encodes back to the same bytes and through base64 to the
/// same blocks; its joined intervals split and join back to themselves.
#[doc(hidden)]
pub fn fuzz_blocks(data: &[u8]) -> bool {
    let [y0, y1, m, blob @ ..] = data else {
        return false;
    };
    let span = Month::MAX_YEAR - Month::MIN_YEAR + 1;
    let year = i32::from(Month::MIN_YEAR) + i32::from(u16::from_le_bytes([*y0, *y1]) % span);
    let value = year * 16 + i32::from(*m % 16);
    let Ok(month) = Month::from_value(value) else {
        return false;
    };
    if let Ok(text) = std::str::from_utf8(blob) {
        month_base64_paths_agree(month, text);
    }
    let mb = match MonthBlocks::decode(month, blob) {
        Ok(mb) => mb,
        Err(e) => {
            let _ = e.to_string();
            return false;
        }
    };
    if mb.encode() != blob {
        panic!("blob does not round-trip: {blob:?} → {mb:?}");
    }
    match MonthBlocks::from_base64(month, 0, &mb.to_base64()) {
        Ok(back) if back == mb => {}
        other => panic!("base64 does not round-trip: {mb:?} → {other:?}"),
    }
    if !month_base64_paths_agree(month, &mb.to_base64()) {
        panic!("the fast path refused a value the plain path reads: {mb:?}");
    }
    let joined = MonthBlocks::join(std::slice::from_ref(&mb));
    match split_months(joined.iter().copied()) {
        Ok(split) => {
            let again = MonthBlocks::join(&split);
            if again != joined {
                panic!("split/join changed the intervals: {joined:?} → {again:?}");
            }
        }
        Err(e) => {
            // Only the last representable month may not split (its end is the next month).
            if month.next().is_some() {
                panic!("split failed for {month}: {e}");
            }
        }
    }
    true
}
