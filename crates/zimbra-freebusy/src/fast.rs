//! The streaming decoder of free/busy and working-hours responses: one pass over
//! interop-xml's pull [`Reader`], no tree.
//!
//! It only ever answers for documents that decode without error; for anything else (a
//! fault, an unusual envelope, any error) it gives up and the caller falls back to the
//! tree decoder, which produces the value or the precise error. So both paths always agree:
//! the fuzz target checks that whenever this one answers, the tree decoder gives the same value.

use interop_xml::{Attribute, Event, Reader};

use crate::codec::{limits, parse_bool, parse_ms};
use crate::freebusy::{IntervalDetails, UserFreeBusy, ZimbraInterval, status_from_element};
use crate::ns;
use crate::soap::SoapVersion;

fn attr<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.name.is("", name))
        .map(|a| a.value.as_str())
}

/// Skips the rest of the element just started (its content and end tag).
fn skip(reader: &mut Reader<'_>) -> Option<()> {
    let mut depth = 1usize;
    while depth > 0 {
        match reader.next()?.ok()? {
            Event::Start { .. } => depth += 1,
            Event::End => depth -= 1,
            Event::Text(_) => {}
        }
    }
    Some(())
}

/// The next start tag, skipping text; `None` at the parent's end (the end is consumed).
fn next_child(reader: &mut Reader<'_>) -> Option<Option<(interop_xml::Name, Vec<Attribute>)>> {
    loop {
        match reader.next()?.ok()? {
            Event::Start { name, attrs, .. } => return Some(Some((name, attrs))),
            Event::End => return Some(None),
            Event::Text(_) => {}
        }
    }
}

fn interval(local: &str, attrs: &[Attribute]) -> Option<ZimbraInterval> {
    let status = status_from_element(local)?;
    let start = parse_ms(attr(attrs, "s")?).ok()?;
    let end = parse_ms(attr(attrs, "e")?).ok()?;
    if end <= start {
        return None;
    }
    let mut details = IntervalDetails::default();
    if attrs.len() > 2 {
        let s = |n: &str| attr(attrs, n).map(str::to_owned);
        let b = |n: &str| attr(attrs, n).map(parse_bool).transpose();
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
    while let Some((name, attrs)) = next_child(reader)? {
        let mail_or_none = name.ns() == ns::MAIL || name.ns().is_empty();
        if !(mail_or_none && name.local() == "usr") {
            skip(reader)?;
            continue;
        }
        let id = attr(&attrs, "id").or(attr(&attrs, "name"))?.to_owned();
        let mut intervals = Vec::new();
        while let Some((iname, iattrs)) = next_child(reader)? {
            if !(iname.ns() == ns::MAIL || iname.ns().is_empty()) {
                return None;
            }
            intervals.push(interval(iname.local(), &iattrs)?);
            skip(reader)?;
        }
        users.push(UserFreeBusy { id, intervals });
    }
    Some(users)
}

/// Decodes `{urn:zimbraMail}<message>` alone or as the only element of a SOAP Body.
pub(crate) fn response_users(bytes: &[u8], message: &str) -> Option<Vec<UserFreeBusy>> {
    let mut reader = Reader::new(bytes, &limits()).ok()?;
    let (root, _) = next_child(&mut reader)??;
    let users = if root.local() == "Envelope" {
        let uri = SoapVersion::from_namespace(root.ns())?.namespace();
        let mut found = None;
        let mut seen_header = false;
        while let Some((child, _)) = next_child(&mut reader)? {
            if child.ns() != uri {
                return None;
            }
            match child.local() {
                "Header" if !seen_header && found.is_none() => {
                    seen_header = true;
                    skip(&mut reader)?;
                }
                "Body" if found.is_none() => {
                    let (msg, _) = next_child(&mut reader)??;
                    if !msg.is(ns::MAIL, message) {
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
    } else if root.is(ns::MAIL, message) {
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
