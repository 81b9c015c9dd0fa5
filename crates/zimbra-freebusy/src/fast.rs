//! The streaming decoder of free/busy and working-hours responses: one pass over
//! interop-xml's pull [`Reader`], no tree.
//!
//! It only ever answers for documents that decode without error; for anything else (a
//! fault, an unusual envelope, any error) it gives up and the caller falls back to the
//! tree decoder, which produces the value or the precise error. So both paths always agree:
//! the fuzz target checks that whenever this one answers, the tree decoder gives the same value.

use interop_xml::{Reader, StartTag};

use crate::codec::{limits, parse_bool, parse_ms};
use crate::freebusy::{IntervalDetails, UserFreeBusy, ZimbraInterval, status_from_element};
use crate::ns;
use crate::soap::SoapVersion;

fn attr<'r>(tag: &StartTag<'r>, name: &str) -> Option<&'r str> {
    tag.attr("", name)
}

/// Skips the rest of the element just started (its content and end tag).
fn skip(reader: &mut Reader<'_>) -> Option<()> {
    reader.skip_element().ok()
}

/// The next start tag, skipping text; `None` at the parent's end (the end is consumed).
fn next_child<'r>(reader: &'r mut Reader<'_>) -> Option<Option<StartTag<'r>>> {
    reader.next_child().ok()
}

fn interval(local: &str, tag: &StartTag<'_>) -> Option<ZimbraInterval> {
    let status = status_from_element(local)?;
    // `s` and `e` in one pass over the attributes (the first of each, as `attr` finds).
    let (mut s, mut e) = (None, None);
    for (name, value) in tag.attrs() {
        if !name.has_ns("") {
            continue;
        }
        match name.local() {
            "s" if s.is_none() => s = Some(value),
            "e" if e.is_none() => e = Some(value),
            _ => {}
        }
    }
    let start = parse_ms(s?).ok()?;
    let end = parse_ms(e?).ok()?;
    if end <= start {
        return None;
    }
    let mut details = IntervalDetails::default();
    if tag.attr_count() > 2 {
        let s = |n: &str| attr(tag, n).map(str::to_owned);
        let b = |n: &str| attr(tag, n).map(parse_bool).transpose();
        details.event_id = s("eventId");
        details.subject = s("subject");
        details.location = s("location");
        details.is_meeting = b("isMeeting").ok()?;
        details.is_recurring = b("isRecurring").ok()?;
        details.is_exception = b("isException").ok()?;
        details.is_reminder_set = b("isReminderSet").ok()?;
        details.is_private = b("isPrivate").ok()?;
        details.has_permission = b("hasPermission").ok()?;
    }
    Some(ZimbraInterval {
        status,
        start,
        end,
        details,
    })
}

/// Reads the content of the response element (after its start tag, through its end tag).
fn users(reader: &mut Reader<'_>) -> Option<Vec<UserFreeBusy>> {
    let mut users = Vec::new();
    // Users of one answer tend to have similar numbers of intervals: each user's vector
    // starts with room for as many as the previous one had (trimmed if far too big).
    let mut expect = 0usize;
    while let Some(tag) = next_child(reader)? {
        let name = tag.name();
        let mail_or_none = name.has_ns(ns::MAIL) || name.has_ns("");
        if !(mail_or_none && name.has_local("usr")) {
            skip(reader)?;
            continue;
        }
        let id = attr(&tag, "id").or(attr(&tag, "name"))?.to_owned();
        let mut intervals: Vec<ZimbraInterval> = Vec::with_capacity(expect);
        while let Some(itag) = next_child(reader)? {
            let iname = itag.name();
            if !(iname.has_ns(ns::MAIL) || iname.has_ns("")) {
                return None;
            }
            intervals.push(interval(iname.local(), &itag)?);
            skip(reader)?;
        }
        expect = intervals.len();
        if intervals.capacity() > 2 * intervals.len() + 8 {
            intervals.shrink_to_fit();
        }
        users.push(UserFreeBusy { id, intervals });
    }
    Some(users)
}

/// Decodes `{urn:zimbraMail}<message>` alone or as the only element of a SOAP Body.
pub(crate) fn response_users(bytes: &[u8], message: &str) -> Option<Vec<UserFreeBusy>> {
    let mut reader = Reader::new(bytes, &limits()).ok()?;
    let root = next_child(&mut reader)??;
    let envelope = if root.name().local() == "Envelope" {
        Some(SoapVersion::from_namespace(root.name().ns())?.namespace())
    } else {
        None
    };
    let root_is_message = root.name().is(ns::MAIL, message);
    let users = if let Some(uri) = envelope {
        let mut found = None;
        let mut seen_header = false;
        while let Some(child) = next_child(&mut reader)? {
            if child.name().ns() != uri {
                return None;
            }
            match child.name().local() {
                "Header" if !seen_header && found.is_none() => {
                    seen_header = true;
                    skip(&mut reader)?;
                }
                "Body" if found.is_none() => {
                    let msg = next_child(&mut reader)??;
                    if !msg.name().is(ns::MAIL, message) {
                        return None;
                    }
                    found = Some(users(&mut reader)?);
                    // Nothing else in the Body.
                    if next_child(&mut reader)?.is_some() {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        found?
    } else if root_is_message {
        users(&mut reader)?
    } else {
        return None;
    };
    // The rest of the document must be clean too.
    match reader.next() {
        None => Some(users),
        Some(_) => None,
    }
}
