//! Event blocks: one binary value per month holding 4-byte little-endian `(start, end)`
//! minute pairs counted from 00:00 UTC on the month's first day (wire-formats 2.2).
//!
//! Writing splits intervals at UTC month boundaries with an exclusive end `L` (the month's
//! length in minutes). Reading accepts GCC's `L − 1` "to the end of the month" as `L`, and a
//! piece ending at `L` joins the next month's piece starting at 0.
//!
//! ```
//! use exchange_freebusy::blocks::{split_months, MonthBlocks};
//! use exchange_freebusy::time::{Month, SysTime};
//!
//! // 2007-08-15 13:45 → 2007-10-11 02:45 (GCC's test case).
//! let start = SysTime::new(Month::new(2007, 8)?.start().minutes() + 20985)?;
//! let end = SysTime::new(Month::new(2007, 10)?.start().minutes() + 14565)?;
//! let months = split_months([(start, end)])?;
//! let pieces: Vec<_> = months.iter()
//!     .map(|m| (m.month().value(), m.blocks()[0].start(), m.blocks()[0].end()))
//!     .collect();
//! assert_eq!(pieces, [(32120, 20985, 44640), (32121, 0, 43200), (32122, 0, 14565)]);
//! assert_eq!(MonthBlocks::join(&months), [(start, end)]);
//! # Ok::<(), exchange_freebusy::Error>(())
//! ```

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::error::{BlockError, Error};
use crate::time::{Month, SysTime};

/// Standard base64, writing padding, reading with or without it.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One busy block inside a month: minutes `[start, end)` from the month's first minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Block {
    start: u16,
    end: u16,
}

impl Block {
    /// The block `[start, end)`; `start == end` (an empty block) is allowed, as on the wire.
    ///
    /// # Errors
    ///
    /// [`BlockError::Reversed`] (index 0) when `end < start`.
    pub fn new(start: u16, end: u16) -> Result<Block, BlockError> {
        if end < start {
            return Err(BlockError::Reversed {
                index: 0,
                start,
                end,
            });
        }
        Ok(Block { start, end })
    }

    /// The start minute.
    #[must_use]
    pub fn start(self) -> u16 {
        self.start
    }

    /// The (exclusive) end minute.
    #[must_use]
    pub fn end(self) -> u16 {
        self.end
    }
}

/// One month's blocks: validated (each inside the month, ascending, not overlapping).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MonthBlocks {
    month: Month,
    blocks: Vec<Block>,
}

/// Whether `bytes` holds ASCII white space (as `u8::is_ascii_whitespace`), scanned in
/// chunks the compiler vectorizes: base64 values run to kilobytes.
fn has_ascii_whitespace(bytes: &[u8]) -> bool {
    // `\t` `\n` `\x0C` `\r` (9..=13 but not 11) and space, as comparisons that vectorize.
    let ws = |b: u8| u8::from(b == b' ') | (u8::from(b.wrapping_sub(9) < 5) & u8::from(b != 0x0B));
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0u8, |acc, &b| acc | ws(b)) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| ws(b) != 0)
}

impl MonthBlocks {
    /// A month without events (an empty `<v/>` on the wire).
    #[must_use]
    pub fn empty(month: Month) -> MonthBlocks {
        MonthBlocks {
            month,
            blocks: Vec::new(),
        }
    }

    /// Blocks exactly as given, checked as [`MonthBlocks::decode`] checks them.
    ///
    /// # Errors
    ///
    /// [`Error::Blob`] naming the month and the offending block.
    pub fn new(month: Month, blocks: Vec<Block>) -> Result<MonthBlocks, Error> {
        validate(month, &blocks).map_err(|source| Error::Blob { month, source })?;
        Ok(MonthBlocks { month, blocks })
    }

    /// Blocks in any order, sorted and with touching or overlapping ones merged; empty
    /// blocks are dropped.
    ///
    /// # Errors
    ///
    /// [`Error::Blob`] with [`BlockError::PastMonthEnd`] when a block ends after the month.
    pub fn merged(month: Month, mut blocks: Vec<Block>) -> Result<MonthBlocks, Error> {
        let limit = month.minutes();
        if let Some((index, b)) = blocks.iter().enumerate().find(|(_, b)| b.end > limit) {
            return Err(Error::Blob {
                month,
                source: BlockError::PastMonthEnd {
                    index,
                    end: b.end,
                    limit,
                },
            });
        }
        blocks.retain(|b| b.start < b.end);
        blocks.sort_unstable();
        let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
        for b in blocks {
            match out.last_mut() {
                Some(last) if b.start <= last.end => last.end = last.end.max(b.end),
                _ => out.push(b),
            }
        }
        Ok(MonthBlocks { month, blocks: out })
    }

    /// Reads a month's binary value.
    ///
    /// # Errors
    ///
    /// [`Error::Blob`] naming the month: the length is not a multiple of 4, a block ends
    /// before it starts (a `u16` wraparound), ends after the month's length `L`, starts
    /// before the previous block or inside it.
    pub fn decode(month: Month, bytes: &[u8]) -> Result<MonthBlocks, Error> {
        let blocks = decode_blocks(month, bytes).map_err(|source| Error::Blob { month, source })?;
        Ok(MonthBlocks { month, blocks })
    }

    /// Reads a month's value as base64 text (ASCII whitespace ignored; padding optional).
    /// `index` is the value's position in its property, for errors.
    ///
    /// # Errors
    ///
    /// [`Error::Base64`] or as [`MonthBlocks::decode`].
    pub fn from_base64(month: Month, index: usize, text: &str) -> Result<MonthBlocks, Error> {
        let compact: std::borrow::Cow<'_, str> = if has_ascii_whitespace(text.as_bytes()) {
            text.chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect::<String>()
                .into()
        } else {
            text.into()
        };
        let bytes = B64.decode(compact.as_bytes()).map_err(|e| Error::Base64 {
            month,
            index,
            value: text.chars().take(64).collect(),
            reason: e.to_string(),
        })?;
        MonthBlocks::decode(month, &bytes)
    }

    /// [`MonthBlocks::from_base64`] decoding into `scratch` (cleared first), so a caller
    /// reading many months allocates the decoded bytes once.
    pub(crate) fn from_base64_in(
        month: Month,
        index: usize,
        text: &str,
        scratch: &mut Vec<u8>,
    ) -> Result<MonthBlocks, Error> {
        // The SIMD decoder first (several times faster on the kilobytes of a busy month);
        // it accepts a subset of what `B64` accepts, with the same bytes (checked by a
        // property test), so anything it refuses (white space from line-wrapped base64,
        // partial padding, or a real error) goes the general way, which decides.
        let engine = if text.ends_with('=') {
            base64_simd::STANDARD
        } else {
            base64_simd::STANDARD_NO_PAD
        };
        scratch.clear();
        if engine.decode_append(text.as_bytes(), scratch).is_err() {
            return MonthBlocks::from_base64(month, index, text);
        }
        MonthBlocks::decode(month, scratch)
    }

    /// The binary value: 4 bytes per block.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.blocks.len() * 4);
        for b in &self.blocks {
            out.extend_from_slice(&b.start.to_le_bytes());
            out.extend_from_slice(&b.end.to_le_bytes());
        }
        out
    }

    /// The binary value as base64 (empty for a month without blocks).
    #[must_use]
    pub fn to_base64(&self) -> String {
        B64.encode(self.encode())
    }

    /// The month.
    #[must_use]
    pub fn month(&self) -> Month {
        self.month
    }

    /// The blocks, ascending.
    #[must_use]
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Whether the month has no block.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The blocks as absolute systime ranges, in order: an end at `L − 1` reads as `L`,
    /// empty blocks are left out. Touching ranges are not merged here.
    pub fn ranges(&self) -> impl Iterator<Item = (SysTime, SysTime)> + '_ {
        let base = i64::from(self.month.start().minutes());
        let limit = self.month.minutes();
        self.blocks.iter().filter_map(move |b| {
            let end = if b.end == limit - 1 { limit } else { b.end };
            let s = SysTime::from_i64(base + i64::from(b.start)).ok()?;
            let e = SysTime::from_i64(base + i64::from(end)).ok()?;
            (s < e).then_some((s, e))
        })
    }

    /// Every month's blocks as absolute ranges, sorted, with touching and overlapping ranges
    /// merged: so a piece ending at `L` joins the next month's piece starting at 0 (and only
    /// such pieces join across months).
    #[must_use]
    pub fn join(months: &[MonthBlocks]) -> Vec<(SysTime, SysTime)> {
        let mut all: Vec<(SysTime, SysTime)> = months.iter().flat_map(|m| m.ranges()).collect();
        merge_ranges(&mut all);
        all
    }
}

/// Sorts and merges touching or overlapping ranges in place.
pub(crate) fn merge_ranges(ranges: &mut Vec<(SysTime, SysTime)>) {
    ranges.sort_unstable();
    let mut out: Vec<(SysTime, SysTime)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *ranges = out;
}

fn decode_blocks(month: Month, bytes: &[u8]) -> Result<Vec<Block>, BlockError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(BlockError::Length { len: bytes.len() });
    }
    let limit = month.minutes();
    let (chunks, _) = bytes.as_chunks::<4>();
    let blocks: Vec<Block> = chunks
        .iter()
        .map(|&[a, b, c, d]| Block {
            start: u16::from_le_bytes([a, b]),
            end: u16::from_le_bytes([c, d]),
        })
        .collect();
    // Every rule at once, without branches: each block is well formed, within the month, and
    // starts at or after the previous one's end (which, the previous one being well formed,
    // also puts it after that one's start). Only a value that breaks a rule is walked again
    // to name the first broken rule precisely.
    let mut ok = true;
    let mut prev_end = 0u16;
    for b in &blocks {
        ok &= (b.start <= b.end) & (b.end <= limit) & (b.start >= prev_end);
        prev_end = b.end;
    }
    if !ok {
        validate(month, &blocks)?;
    }
    Ok(blocks)
}

#[inline]
fn check_block(limit: u16, prev: Option<Block>, index: usize, b: Block) -> Result<(), BlockError> {
    if b.end < b.start {
        return Err(BlockError::Reversed {
            index,
            start: b.start,
            end: b.end,
        });
    }
    if b.end > limit {
        return Err(BlockError::PastMonthEnd {
            index,
            end: b.end,
            limit,
        });
    }
    if let Some(p) = prev {
        if b.start < p.start {
            return Err(BlockError::Unordered {
                index,
                start: b.start,
                prev_start: p.start,
            });
        }
        if b.start < p.end {
            return Err(BlockError::Overlap {
                index,
                start: b.start,
                prev_end: p.end,
            });
        }
    }
    Ok(())
}

fn validate(month: Month, blocks: &[Block]) -> Result<(), BlockError> {
    let limit = month.minutes();
    let mut prev: Option<Block> = None;
    for (index, &b) in blocks.iter().enumerate() {
        check_block(limit, prev, index, b)?;
        prev = Some(b);
    }
    Ok(())
}

/// Splits half-open systime ranges at UTC month boundaries into per-month blocks, months
/// ascending, blocks merged; a piece running to a month's end ends at `L`. Empty ranges
/// (`start >= end`) are ignored.
///
/// # Errors
///
/// [`Error::InvalidMonth`] for ranges reaching past [`Month::MAX_YEAR`].
pub fn split_months<I>(ranges: I) -> Result<Vec<MonthBlocks>, Error>
where
    I: IntoIterator<Item = (SysTime, SysTime)>,
{
    let mut by_month: BTreeMap<Month, Vec<Block>> = BTreeMap::new();
    // The month the last piece fell in, with its bounds: ranges usually come sorted, so
    // most pieces land in it and no calendar arithmetic is needed.
    let mut current: Option<(Month, SysTime, SysTime, Vec<Block>)> = None;
    for (start, end) in ranges {
        if start >= end {
            continue;
        }
        let (mut month, mut ms, mut me, mut blocks) = match current.take() {
            Some((m, ms, me, b)) if ms <= start && start < me => (m, ms, me, b),
            other => {
                if let Some((m, _, _, b)) = other {
                    by_month.entry(m).or_default().extend(b);
                }
                let m = Month::containing(start)?;
                let ms = m.start();
                (m, ms, m.end(), by_month.remove(&m).unwrap_or_default())
            }
        };
        loop {
            let s = start.max(ms).minutes() - ms.minutes();
            let e = end.min(me).minutes() - ms.minutes();
            // Both are within 0..=L <= 44640.
            let (Ok(s), Ok(e)) = (u16::try_from(s), u16::try_from(e)) else {
                break;
            };
            blocks.push(Block { start: s, end: e });
            if end <= me {
                break;
            }
            by_month.entry(month).or_default().extend(blocks);
            month = month.next().ok_or(Error::InvalidMonth {
                year: i64::from(month.year()) + 1,
                month: 1,
            })?;
            ms = me;
            me = month.end();
            blocks = by_month.remove(&month).unwrap_or_default();
        }
        current = Some((month, ms, me, blocks));
    }
    if let Some((m, _, _, b)) = current {
        by_month.entry(m).or_default().extend(b);
    }
    by_month
        .into_iter()
        .map(|(m, b)| MonthBlocks::merged(m, b))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn whitespace_scan_matches_std() {
        for b in 0..=255u8 {
            for len in [1usize, 31, 32, 33, 70] {
                for at in [0, len / 2, len - 1] {
                    let mut v = vec![b'A'; len];
                    v[at] = b;
                    assert_eq!(
                        super::has_ascii_whitespace(&v),
                        v.iter().any(u8::is_ascii_whitespace),
                        "{b} {len} {at}"
                    );
                }
            }
        }
    }
}
