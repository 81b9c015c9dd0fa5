//! The public-folder free/busy message as one typed value (wire-formats 2.1–2.3): decoded
//! from a PROPFIND or SEARCH multistatus, encoded as the PROPPATCH that publishes it.

use chrono::{DateTime, NaiveDateTime, Utc};
use freebusy_types::{Interval, Status, StatusInterval, format_time, overlay_non_free, parse_time};
use interop_xml::Limits;
use url::Url;
use webdav::ops::{PatchOp, PropPatch};
use webdav::path::ResourcePath;
use webdav::prop::{PropName, Property};
use webdav::{DAV, DavResponse, Multistatus};

use crate::address::LegacyDn;
use crate::blocks::{MonthBlocks, merge_ranges, split_months};
use crate::error::Error;
use crate::time::{Month, SysTime};

/// The namespace of MAPI properties named by tag: `x` + 8 hex digits (tag and type).
pub const PROPTAG_NS: &str = "http://schemas.microsoft.com/mapi/proptag/";
/// The namespace of `subject`.
pub const MAPI_NS: &str = "http://schemas.microsoft.com/mapi/";
/// The namespace of `outlookmessageclass`.
pub const EXCHANGE_NS: &str = "http://schemas.microsoft.com/exchange/";
/// The message class written for free/busy messages.
pub const MESSAGE_CLASS: &str = "IPM.Post";

/// `PidTagFreeBusyPublishStart` (Int32).
pub const TAG_PUBLISH_START: u32 = 0x6847_0003;
/// `PidTagFreeBusyPublishEnd` (Int32).
pub const TAG_PUBLISH_END: u32 = 0x6848_0003;
/// `PidTagFreeBusyMessageEmailAddress` as written (Unicode string); 0x6849001E is read too.
pub const TAG_EMAIL: u32 = 0x6849_001F;
/// `PidTagFreeBusyRangeTimestamp` (time).
pub const TAG_LAST_MODIFIED: u32 = 0x6868_0040;
/// `PidTagGatewayNeedsToRefresh` (bool), written as 1.
pub const TAG_NEEDS_REFRESH: u32 = 0x6846_000B;

/// Which month/event pair of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pair {
    /// 0x684F/0x6850: busy ∪ out of office (the spec's merged pair).
    Merged,
    /// 0x6851/0x6852.
    Tentative,
    /// 0x6853/0x6854.
    Busy,
    /// 0x6855/0x6856.
    OutOfOffice,
}

impl Pair {
    /// All four, in the order they are written.
    pub const ALL: [Pair; 4] = [Pair::Merged, Pair::Tentative, Pair::Busy, Pair::OutOfOffice];

    /// The months property tag (type 0x1003, multi-valued Int32).
    #[must_use]
    pub fn months_tag(self) -> u32 {
        match self {
            Pair::Merged => 0x684F_1003,
            Pair::Tentative => 0x6851_1003,
            Pair::Busy => 0x6853_1003,
            Pair::OutOfOffice => 0x6855_1003,
        }
    }

    /// The events property tag (type 0x1102, multi-valued binary).
    #[must_use]
    pub fn events_tag(self) -> u32 {
        (((self.months_tag() >> 16) + 1) << 16) | 0x1102
    }
}

/// The property name of a tag: `{PROPTAG_NS}x68470003` style, lower-case hex as Exchange
/// answers.
#[must_use]
pub fn tag_name(tag: u32) -> PropName {
    PropName::new(PROPTAG_NS, &format!("x{tag:08x}"))
}

/// The tag of a `x` + 8 hex digits local name, any case.
fn parse_tag(local: &str) -> Option<u32> {
    let hex = local.strip_prefix(['x', 'X'])?;
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// The published range: `[start, end)` in systime minutes, `start <= end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublishRange {
    start: SysTime,
    end: SysTime,
}

impl PublishRange {
    /// The range `[start, end)`.
    ///
    /// # Errors
    ///
    /// [`Error::RangeReversed`] when `end < start`.
    pub fn new(start: SysTime, end: SysTime) -> Result<PublishRange, Error> {
        if end < start {
            return Err(Error::RangeReversed { start, end });
        }
        Ok(PublishRange { start, end })
    }

    /// The smallest whole-minute range covering `[start, end)`.
    ///
    /// # Errors
    ///
    /// [`Error::TimeOutOfRange`] or [`Error::RangeReversed`].
    pub fn covering(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<PublishRange, Error> {
        PublishRange::new(SysTime::floor(start)?, SysTime::ceil(end)?)
    }

    /// The start.
    #[must_use]
    pub fn start(self) -> SysTime {
        self.start
    }

    /// The end (exclusive).
    #[must_use]
    pub fn end(self) -> SysTime {
        self.end
    }

    /// The range as an interval, `None` when empty.
    #[must_use]
    pub fn interval(self) -> Option<Interval> {
        Interval::new(self.start.to_datetime(), self.end.to_datetime()).ok()
    }
}

/// A free/busy message: the typed fields, the four month/event pairs and every other
/// property kept verbatim.
///
/// A pair is `None` when the message does not carry it, `Some` (possibly with no block at
/// all) when it does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FreeBusyMessage {
    /// `subject`: `USER-/CN=RECIPIENTS/CN=<NAME>`.
    pub subject: Option<String>,
    /// 0x6849: the user's legacyExchangeDN.
    pub email: Option<String>,
    /// `outlookmessageclass` (written as [`MESSAGE_CLASS`] when `None`).
    pub message_class: Option<String>,
    /// 0x6847/0x6848.
    pub range: Option<PublishRange>,
    /// 0x6868: when the data was published.
    pub last_modified: Option<DateTime<Utc>>,
    /// 0x684F/0x6850 (busy ∪ out of office).
    pub merged: Option<Vec<MonthBlocks>>,
    /// 0x6851/0x6852.
    pub tentative: Option<Vec<MonthBlocks>>,
    /// 0x6853/0x6854.
    pub busy: Option<Vec<MonthBlocks>>,
    /// 0x6855/0x6856.
    pub out_of_office: Option<Vec<MonthBlocks>>,
    /// Every other property, exactly as read (re-sent verbatim on publish, except `DAV:` ones).
    pub other: Vec<Property>,
}

/// A message found in a multistatus, with where it lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundMessage {
    /// Its path, decoded.
    pub href: ResourcePath,
    /// Its href as the server wrote it.
    pub raw_href: String,
    /// The message.
    pub message: FreeBusyMessage,
}

impl FoundMessage {
    /// The user's DN: the message's 0x6849 value when set and valid, else the DN the
    /// message's path encodes (`…/EX:<org>/USER-<cn part>.EML`).
    #[must_use]
    pub fn dn(&self) -> Option<LegacyDn> {
        self.message
            .email
            .as_deref()
            .and_then(|e| LegacyDn::parse(e).ok())
            .or_else(|| LegacyDn::from_message_path(&self.href))
    }
}

/// Which typed slot a property fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Subject,
    MessageClass,
    Email,
    Start,
    End,
    LastModified,
    Months(Pair),
    Events(Pair),
}

fn classify(name: &PropName) -> Option<Slot> {
    if name.is_ignore_case(MAPI_NS, "subject") {
        return Some(Slot::Subject);
    }
    if name.is_ignore_case(EXCHANGE_NS, "outlookmessageclass") {
        return Some(Slot::MessageClass);
    }
    if name.ns() != PROPTAG_NS {
        return None;
    }
    let tag = parse_tag(name.local())?;
    Some(match tag {
        TAG_PUBLISH_START => Slot::Start,
        TAG_PUBLISH_END => Slot::End,
        0x6849_001E | 0x6849_001F => Slot::Email,
        TAG_LAST_MODIFIED => Slot::LastModified,
        _ => {
            let pair = Pair::ALL
                .into_iter()
                .find(|p| p.months_tag() == tag || p.events_tag() == tag)?;
            if pair.months_tag() == tag {
                Slot::Months(pair)
            } else {
                Slot::Events(pair)
            }
        }
    })
}

/// Reads an Int32: decimal (Exchange), or `0x` hex (what Zimbra writes).
fn parse_int(property: &Property) -> Result<i32, Error> {
    int_text(&property.value(), property)
}

fn int_text(text: &str, property: &Property) -> Result<i32, Error> {
    let t = text.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok().map(|v| v as i32),
        None => t.parse::<i32>().ok(),
    };
    parsed.ok_or_else(|| Error::InvalidInt {
        property: property.name().local().to_string(),
        value: text.to_string(),
    })
}

fn parse_datetime(property: &Property) -> Result<Option<DateTime<Utc>>, Error> {
    let text = property.value();
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = parse_time(t) {
        return Ok(Some(d));
    }
    // Exchange writes UTC; accept a missing offset.
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|n| Some(n.and_utc()))
        .map_err(|_| Error::InvalidTime {
            property: property.name().local().to_string(),
            value: text.clone().into_owned(),
        })
}

/// The texts of a multi-valued property's `v` children, borrowed where possible.
fn mv_texts(p: &Property) -> Vec<std::borrow::Cow<'_, str>> {
    p.values_iter().collect()
}

fn decode_pair(
    months: Option<&Property>,
    events: Option<&Property>,
    pair: Pair,
) -> Result<Option<Vec<MonthBlocks>>, Error> {
    match (months, events) {
        (None, None) => Ok(None),
        (None, Some(ev)) => {
            if mv_texts(ev).iter().all(|v| v.trim().is_empty()) {
                Ok(Some(Vec::new()))
            } else {
                Err(Error::MissingMonths {
                    months_property: format!("x{:08x}", pair.months_tag()),
                    events_property: ev.name().local().to_string(),
                })
            }
        }
        (Some(mo), ev) => {
            let month_texts = mv_texts(mo);
            let mut parsed = Vec::with_capacity(month_texts.len());
            for t in &month_texts {
                let v = int_text(t, mo)?;
                parsed.push(Month::from_value(v).map_err(|e| e.in_property(mo.name().local()))?);
            }
            let Some(ev) = ev else {
                return Ok(Some(parsed.into_iter().map(MonthBlocks::empty).collect()));
            };
            let blobs = mv_texts(ev);
            if blobs.len() != parsed.len() {
                return Err(Error::PairLengthMismatch {
                    months_property: mo.name().local().to_string(),
                    months: parsed.len(),
                    events_property: ev.name().local().to_string(),
                    events: blobs.len(),
                });
            }
            let mut scratch = Vec::new();
            parsed
                .into_iter()
                .zip(&blobs)
                .enumerate()
                .map(|(i, (m, b))| {
                    MonthBlocks::from_base64_in(m, i, b, &mut scratch)
                        .map_err(|e| e.in_property(ev.name().local()))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        }
    }
}

impl FreeBusyMessage {
    /// A new message for `dn`: subject, e-mail address and message class set, nothing
    /// published yet.
    #[must_use]
    pub fn new(dn: &LegacyDn) -> FreeBusyMessage {
        FreeBusyMessage {
            subject: Some(dn.subject()),
            email: Some(dn.as_str().to_string()),
            message_class: Some(MESSAGE_CLASS.to_string()),
            ..FreeBusyMessage::default()
        }
    }

    /// Reads the message from one multistatus response: only properties reported with a 2xx
    /// status count, names match case-insensitively, the type comes from the tag (so a
    /// missing `dt` attribute is fine), empty values are months without events, missing
    /// pairs are `None`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] about a property (wrapped in [`Error::Property`] where the inner error
    /// does not already name it); [`Error::DuplicateProperty`]; [`Error::RangeReversed`].
    /// A range with one end missing is no range (the end present stays in
    /// [`FreeBusyMessage::other`]).
    pub fn from_properties<'a, I>(props: I) -> Result<FreeBusyMessage, Error>
    where
        I: IntoIterator<Item = &'a Property>,
    {
        let mut slots: Vec<(Slot, &Property)> = Vec::new();
        let mut other = Vec::new();
        for p in props {
            match classify(p.name()) {
                Some(slot) => {
                    if slots.iter().any(|(s, _)| *s == slot) {
                        return Err(Error::DuplicateProperty {
                            property: p.name().local().to_string(),
                        });
                    }
                    slots.push((slot, p));
                }
                None => other.push(p.clone()),
            }
        }
        let get = |slot: Slot| slots.iter().find(|(s, _)| *s == slot).map(|(_, p)| *p);

        let start = get(Slot::Start)
            .map(|p| {
                parse_int(p)
                    .and_then(|v| SysTime::new(v).map_err(|e| e.in_property(p.name().local())))
            })
            .transpose()?;
        let end = get(Slot::End)
            .map(|p| {
                parse_int(p)
                    .and_then(|v| SysTime::new(v).map_err(|e| e.in_property(p.name().local())))
            })
            .transpose()?;
        let range = match (start, end) {
            (Some(s), Some(e)) => Some(PublishRange::new(s, e)?),
            // Half a range is no range; the lone end is kept verbatim.
            (Some(_), None) => {
                other.extend(get(Slot::Start).cloned());
                None
            }
            (None, Some(_)) => {
                other.extend(get(Slot::End).cloned());
                None
            }
            (None, None) => None,
        };
        let last_modified = match get(Slot::LastModified) {
            Some(p) => parse_datetime(p)?,
            None => None,
        };
        let pair = |p: Pair| decode_pair(get(Slot::Months(p)), get(Slot::Events(p)), p);
        Ok(FreeBusyMessage {
            subject: get(Slot::Subject).map(|p| p.value().into_owned()),
            email: get(Slot::Email).map(|p| p.value().into_owned()),
            message_class: get(Slot::MessageClass).map(|p| p.value().into_owned()),
            range,
            last_modified,
            merged: pair(Pair::Merged)?,
            tentative: pair(Pair::Tentative)?,
            busy: pair(Pair::Busy)?,
            out_of_office: pair(Pair::OutOfOffice)?,
            other,
        })
    }

    /// Reads the message of one multistatus response.
    ///
    /// # Errors
    ///
    /// [`Error::MessageStatus`] when the response has a non-2xx status of its own; errors of
    /// [`FreeBusyMessage::from_properties`] wrapped in [`Error::Message`] naming the href.
    pub fn from_response(response: &DavResponse) -> Result<FoundMessage, Error> {
        Ok(FoundMessage {
            message: FreeBusyMessage::from_response_message(response)?,
            href: response.href.clone(),
            raw_href: response.raw_href.clone(),
        })
    }

    /// The message of [`FreeBusyMessage::from_response`], without its place.
    fn from_response_message(response: &DavResponse) -> Result<FreeBusyMessage, Error> {
        if let Some(status) = response.status
            && !status.is_success()
        {
            return Err(Error::MessageStatus {
                href: response.raw_href.clone(),
                status,
            });
        }
        FreeBusyMessage::from_properties(response.props()).map_err(|e| Error::Message {
            href: response.raw_href.clone(),
            source: Box::new(e),
        })
    }

    /// Every message of a multistatus (PROPFIND or SEARCH), in order.
    ///
    /// # Errors
    ///
    /// The first message that does not decode, as [`FreeBusyMessage::from_response`].
    pub fn from_multistatus(ms: &Multistatus) -> Result<Vec<FoundMessage>, Error> {
        ms.responses
            .iter()
            .map(FreeBusyMessage::from_response)
            .collect()
    }

    /// Parses a multistatus body (hrefs resolved against `base`) and decodes every message.
    ///
    /// # Errors
    ///
    /// [`Error::Dav`] when the body is not a multistatus, else as
    /// [`FreeBusyMessage::from_multistatus`].
    pub fn decode_multistatus(body: &[u8], base: &Url) -> Result<Vec<FoundMessage>, Error> {
        let ms = Multistatus::parse(body, base, &Limits::default(), "free/busy multistatus")?;
        // The responses are ours: their hrefs move into the found messages.
        ms.responses
            .into_iter()
            .map(|r| {
                let found = FreeBusyMessage::from_response_message(&r)?;
                Ok(FoundMessage {
                    href: r.href,
                    raw_href: r.raw_href,
                    message: found,
                })
            })
            .collect()
    }

    /// The pair's blocks, if the message carries it.
    #[must_use]
    pub fn pair(&self, pair: Pair) -> Option<&[MonthBlocks]> {
        match pair {
            Pair::Merged => self.merged.as_deref(),
            Pair::Tentative => self.tentative.as_deref(),
            Pair::Busy => self.busy.as_deref(),
            Pair::OutOfOffice => self.out_of_office.as_deref(),
        }
    }

    /// A pair's events as UTC intervals, pieces joined across month boundaries (an end at
    /// `L − 1` reads as `L`; `L` joins the next month's 0), touching events merged.
    #[must_use]
    pub fn pair_intervals(&self, pair: Pair) -> Vec<Interval> {
        let Some(months) = self.pair(pair) else {
            return Vec::new();
        };
        MonthBlocks::join(months)
            .into_iter()
            .filter_map(|(s, e)| Interval::new(s.to_datetime(), e.to_datetime()).ok())
            .collect()
    }

    /// The message's timeline: busy, tentative and out-of-office intervals (the merged pair
    /// read as busy only when none of the three per-status pairs is present), busiest status
    /// wins where they overlap, same-status runs merged, free time left out, clipped to the
    /// publish range when the message has one.
    #[must_use]
    pub fn timeline(&self) -> Vec<StatusInterval> {
        let per_status =
            self.busy.is_some() || self.tentative.is_some() || self.out_of_office.is_some();
        let sources: &[(Pair, Status)] = if per_status {
            &[
                (Pair::Busy, Status::Busy),
                (Pair::Tentative, Status::Tentative),
                (Pair::OutOfOffice, Status::OutOfOffice),
            ]
        } else {
            &[(Pair::Merged, Status::Busy)]
        };
        let all = sources.iter().flat_map(|&(pair, status)| {
            self.pair_intervals(pair)
                .into_iter()
                .map(move |interval| StatusInterval { status, interval })
        });
        let out = overlay_non_free(all);
        match self.range {
            None => out,
            Some(r) => match r.interval() {
                None => Vec::new(),
                Some(window) => out
                    .into_iter()
                    .filter_map(|si| {
                        si.interval
                            .intersection(&window)
                            .map(|interval| StatusInterval {
                                status: si.status,
                                interval,
                            })
                    })
                    .collect(),
            },
        }
    }

    /// Replaces the published range and the four pairs with `intervals` (in any order,
    /// overlapping or not; busiest status wins): busy, tentative and out-of-office each in
    /// their pair, merged = busy ∪ out of office; free and no-data are not published.
    /// Intervals are clipped to the range and widened to whole minutes (busy time never
    /// shrinks). Every pair is `Some`, empty when the status has no event. Everything else is
    /// kept.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMonth`] for events past the year 5683.
    pub fn set_intervals(
        &mut self,
        range: PublishRange,
        intervals: &[StatusInterval],
    ) -> Result<(), Error> {
        let mut busy = Vec::new();
        let mut tentative = Vec::new();
        let mut oof = Vec::new();
        for si in overlay_non_free(intervals.iter().copied()) {
            let bucket = match si.status {
                Status::Busy => &mut busy,
                Status::Tentative => &mut tentative,
                Status::OutOfOffice => &mut oof,
                Status::Free | Status::NoData => continue,
            };
            // Instants outside the systime range are outside any publish range too.
            let s = SysTime::floor(si.start())
                .unwrap_or(SysTime::MIN)
                .max(range.start);
            let e = SysTime::ceil(si.end())
                .unwrap_or(SysTime::MAX)
                .min(range.end);
            if s < e {
                bucket.push((s, e));
            }
        }
        let mut merged: Vec<(SysTime, SysTime)> = busy.iter().chain(&oof).copied().collect();
        merge_ranges(&mut merged);
        self.range = Some(range);
        self.busy = Some(split_months(busy)?);
        self.tentative = Some(split_months(tentative)?);
        self.out_of_office = Some(split_months(oof)?);
        self.merged = Some(split_months(merged)?);
        Ok(())
    }

    /// A new message for `dn` publishing `intervals` over `range`, stamped `now`.
    ///
    /// # Errors
    ///
    /// As [`FreeBusyMessage::set_intervals`].
    pub fn publish(
        dn: &LegacyDn,
        range: PublishRange,
        now: DateTime<Utc>,
        intervals: &[StatusInterval],
    ) -> Result<FreeBusyMessage, Error> {
        let mut m = FreeBusyMessage::new(dn);
        m.set_intervals(range, intervals)?;
        m.last_modified = Some(now);
        Ok(m)
    }

    /// The PROPPATCH instructions that write this message: `set` subject, message class,
    /// e-mail address, range (decimal), last-modified, the refresh flag, each pair that has
    /// events (months with events only, ascending), then the other properties verbatim
    /// (`DAV:` ones and ones written above left out); `remove` every pair without events, so
    /// no stale pair survives an update.
    #[must_use]
    pub fn patch_ops(&self) -> Vec<PatchOp> {
        let mut sets: Vec<Property> = Vec::new();
        let mut removes: Vec<PropName> = Vec::new();
        if let Some(s) = &self.subject {
            sets.push(Property::text(PropName::new(MAPI_NS, "subject"), s.clone()));
        }
        sets.push(Property::text(
            PropName::new(EXCHANGE_NS, "outlookmessageclass"),
            self.message_class
                .clone()
                .unwrap_or_else(|| MESSAGE_CLASS.to_string()),
        ));
        if let Some(e) = &self.email {
            sets.push(Property::typed(tag_name(TAG_EMAIL), "string", e.clone()));
        }
        if let Some(r) = self.range {
            sets.push(Property::typed(
                tag_name(TAG_PUBLISH_START),
                "int",
                r.start.to_string(),
            ));
            sets.push(Property::typed(
                tag_name(TAG_PUBLISH_END),
                "int",
                r.end.to_string(),
            ));
        }
        if let Some(t) = self.last_modified {
            sets.push(Property::typed(
                tag_name(TAG_LAST_MODIFIED),
                "dateTime.tz",
                format_time(t),
            ));
        }
        sets.push(Property::typed(tag_name(TAG_NEEDS_REFRESH), "boolean", "1"));
        for pair in Pair::ALL {
            let mut months: Vec<&MonthBlocks> = self
                .pair(pair)
                .unwrap_or_default()
                .iter()
                .filter(|m| !m.is_empty())
                .collect();
            months.sort_by_key(|m| m.month());
            if months.is_empty() {
                removes.push(tag_name(pair.months_tag()));
                removes.push(tag_name(pair.events_tag()));
            } else {
                sets.push(Property::multi_valued(
                    tag_name(pair.months_tag()),
                    "mv.int",
                    months.iter().map(|m| m.month().value().to_string()),
                ));
                sets.push(Property::multi_valued(
                    tag_name(pair.events_tag()),
                    "mv.bin.base64",
                    months.iter().map(|m| m.to_base64()),
                ));
            }
        }
        let written: Vec<PropName> = sets
            .iter()
            .map(|p| p.name().clone())
            .chain(removes.iter().cloned())
            .collect();
        for p in &self.other {
            let n = p.name();
            if n.ns() == DAV
                || classify(n).is_some()
                || written.iter().any(|w| w.is_ignore_case(n.ns(), n.local()))
            {
                continue;
            }
            sets.push(p.clone());
        }
        sets.into_iter()
            .map(PatchOp::Set)
            .chain(removes.into_iter().map(PatchOp::Remove))
            .collect()
    }

    /// The PROPPATCH publishing this message at `path`, with `Translate: f`.
    #[must_use]
    pub fn proppatch(&self, path: ResourcePath) -> PropPatch {
        let mut p = PropPatch::new(path).translate_f();
        p.ops = self.patch_ops();
        p
    }
}

/// The property names GCC's SEARCH (`LoadFreeBusy.xml`) selects, in its order: subject,
/// the merged, busy, OOF and tentative pairs (events, months), range and last-modified.
#[must_use]
pub fn search_property_names() -> Vec<PropName> {
    let mut names = vec![PropName::new(MAPI_NS, "subject")];
    for pair in [Pair::Merged, Pair::Busy, Pair::OutOfOffice, Pair::Tentative] {
        names.push(tag_name(pair.events_tag()));
        names.push(tag_name(pair.months_tag()));
    }
    names.push(tag_name(TAG_PUBLISH_START));
    names.push(tag_name(TAG_PUBLISH_END));
    names.push(tag_name(TAG_LAST_MODIFIED));
    names
}

/// The property names a PROPFIND of one message asks for: [`search_property_names`], then
/// the e-mail address and the message class.
#[must_use]
pub fn fetch_property_names() -> Vec<PropName> {
    let mut names = search_property_names();
    names.push(tag_name(TAG_EMAIL));
    names.push(PropName::new(EXCHANGE_NS, "outlookmessageclass"));
    names
}
