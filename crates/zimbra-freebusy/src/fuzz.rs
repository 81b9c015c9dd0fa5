//! The one entry point the fuzz target and the corpus replay test share.

use interop_xml::WriteError;

use crate::codec::{JsonCodec, XmlCodec};
use crate::error::EncodeError;
use crate::freebusy::{GetFreeBusyResponse, GetWorkingHoursResponse, TimeRange, UserFreeBusy};
use crate::soap::{
    Envelope, Format, Message, SoapVersion, ZimbraMessage, decode, decode_envelope, detect_format,
};
use crate::{
    AutoCompleteGalRequest, AutoCompleteGalResponse, GetFreeBusyRequest, GetWorkingHoursRequest,
    SearchGalRequest, SearchGalResponse,
};

/// Decodes `data` through every decoding entry point of the crate (XML or JSON, told
/// apart by the first byte that is not white space) and checks the invariants that must
/// hold for any input:
///
/// * nothing panics;
/// * whatever decodes re-encodes in the same format and decodes to the same value;
/// * whatever decodes from XML also survives XML → JSON → XML;
/// * a normalized ([`crate::Validation::Lenient`]) response passes the strict check.
///
/// Decode errors are expected and are not failures.
///
/// # Errors
///
/// A description of the broken invariant (the fuzz target panics with it).
pub fn fuzz_decode(data: &[u8]) -> Result<(), String> {
    let format = detect_format(data);

    // Every typed entry point.
    let _ = decode::<GetFreeBusyRequest>(data);
    let _ = decode::<GetWorkingHoursRequest>(data);
    let _ = decode::<AutoCompleteGalRequest>(data);
    let _ = decode::<SearchGalRequest>(data);
    let _ = decode::<AutoCompleteGalResponse>(data);
    let _ = decode::<SearchGalResponse>(data);
    let _ = decode::<GetWorkingHoursResponse>(data);
    if let Ok(r) = decode::<GetFreeBusyResponse>(data) {
        check_normalize(&r.users)?;
    }

    let tree = decode_envelope(data);

    // The streaming decoders answer only for clean documents, and then as the tree does.
    if let Some(fast) = <GetFreeBusyResponse as ZimbraMessage>::decode_xml_fast(data) {
        match &tree {
            Ok(Envelope {
                body: Message::GetFreeBusyResponse(r),
                ..
            }) if *r == fast => {}
            other => {
                return Err(format!(
                    "streaming decoder gave {fast:?}, tree decoder {other:?}"
                ));
            }
        }
    }
    if let Some(fast) = <GetWorkingHoursResponse as ZimbraMessage>::decode_xml_fast(data) {
        match &tree {
            Ok(Envelope {
                body: Message::GetWorkingHoursResponse(r),
                ..
            }) if *r == fast => {}
            other => {
                return Err(format!(
                    "streaming decoder gave {fast:?}, tree decoder {other:?}"
                ));
            }
        }
    }

    let Ok(env) = tree else {
        return Ok(());
    };
    match format {
        Some(Format::Xml) => {
            let xml = match env.to_xml() {
                Ok(xml) => xml,
                // interop-xml's reader lets raw control characters (U+0000..U+001F but tab,
                // LF, CR) through in element text; the writer refuses them. Not ours to fix.
                Err(EncodeError::Xml(WriteError::InvalidChar { .. })) => return Ok(()),
                Err(e) => return Err(format!("re-encoding decoded XML failed: {e}")),
            };
            let again = decode_envelope(xml.as_bytes())
                .map_err(|e| format!("decoding our own XML failed: {e}\n{xml}"))?;
            if again != env {
                return Err(format!(
                    "XML round trip changed the value\nbefore: {env:?}\nafter:  {again:?}\n{xml}"
                ));
            }
            // XML -> JSON -> XML.
            let json = env
                .to_json_string()
                .map_err(|e| format!("encoding decoded XML as JSON failed: {e}"))?;
            let from_json = decode_envelope(json.as_bytes())
                .map_err(|e| format!("decoding our own JSON failed: {e}\n{json}"))?;
            let expected = canonical(env);
            if from_json != expected {
                return Err(format!(
                    "XML -> JSON changed the value\nbefore: {expected:?}\nafter:  {from_json:?}\n{json}"
                ));
            }
            let xml2 = from_json
                .to_xml()
                .map_err(|e| format!("re-encoding as XML failed: {e}"))?;
            let back =
                decode_envelope(xml2.as_bytes()).map_err(|e| format!("decoding {xml2}: {e}"))?;
            if back != expected {
                return Err(format!("XML -> JSON -> XML changed the value\n{xml2}"));
            }
        }
        Some(Format::Json) => {
            let json = env
                .to_json_string()
                .map_err(|e| format!("re-encoding decoded JSON failed: {e}"))?;
            let again = decode_envelope(json.as_bytes())
                .map_err(|e| format!("decoding our own JSON failed: {e}\n{json}"))?;
            if again != env {
                return Err(format!(
                    "JSON round trip changed the value\nbefore: {env:?}\nafter:  {again:?}\n{json}"
                ));
            }
            // JSON -> XML only when the text can be carried by XML.
            if let Ok(xml) = env.to_xml() {
                let back = decode_envelope(xml.as_bytes())
                    .map_err(|e| format!("decoding our own XML failed: {e}\n{xml}"))?;
                if back != env {
                    return Err(format!(
                        "JSON -> XML changed the value\nbefore: {env:?}\nafter:  {back:?}\n{xml}"
                    ));
                }
            }
        }
        None => {}
    }
    Ok(())
}

/// The value as JSON can carry it: SOAP 1.2, intervals in time order.
fn canonical(mut env: Envelope) -> Envelope {
    env.version = SoapVersion::Soap12;
    let users = match &mut env.body {
        Message::GetFreeBusyResponse(GetFreeBusyResponse { users })
        | Message::GetWorkingHoursResponse(GetWorkingHoursResponse { users }) => Some(users),
        _ => None,
    };
    for u in users.into_iter().flatten() {
        u.intervals.sort_by_key(|iv| (iv.start, iv.end, iv.status));
    }
    env
}

fn check_normalize(users: &[UserFreeBusy]) -> Result<(), String> {
    for u in users {
        let _ = u.non_free();
        let _ = u.check(None);
        let mut n = u.clone();
        n.normalize(None);
        n.check(None)
            .map_err(|e| format!("normalized intervals fail the strict check: {e}"))?;
        // Against a range inside the data.
        let (Some(first), Some(last)) = (u.intervals.first(), u.intervals.last()) else {
            continue;
        };
        let (lo, hi) = (first.start.min(last.start), first.end.max(last.end));
        let mid = lo + (hi - lo) / 2;
        if let Ok(range) = TimeRange::new(lo, mid.max(lo + 1)) {
            let mut n = u.clone();
            n.normalize(Some(range));
            n.check(Some(range))
                .map_err(|e| format!("normalized intervals fail the strict check in range: {e}"))?;
        }
    }
    Ok(())
}
