//! Bad input: each a specific error naming the element and attribute (and user).

use freebusy_types::Status;
use interop_xml::ErrorKind;
use zimbra_freebusy::*;

const S: i64 = 1_199_232_000_000;
const H: i64 = 3_600_000;

fn resp(body: &str) -> String {
    format!(r#"<GetFreeBusyResponse xmlns="urn:zimbraMail">{body}</GetFreeBusyResponse>"#)
}

fn gfb(xml: &str) -> Result<GetFreeBusyResponse, DecodeError> {
    decode::<GetFreeBusyResponse>(xml.as_bytes())
}

#[test]
fn wrong_namespace_xml_and_json() {
    let e = gfb(r#"<GetFreeBusyResponse xmlns="urn:zimbraAccount"/>"#).unwrap_err();
    match &e {
        DecodeError::WrongNamespace {
            at,
            element,
            expected,
            found,
        } => {
            assert_eq!(element, "GetFreeBusyResponse");
            assert_eq!(*expected, "urn:zimbraMail");
            assert_eq!(found, "urn:zimbraAccount");
            assert_eq!(at.path, "/GetFreeBusyResponse");
            assert_eq!(at.offset, Some(0));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("urn:zimbraAccount"), "{e}");
    // No namespace at all is wrong too.
    assert!(matches!(
        gfb("<GetFreeBusyResponse/>"),
        Err(DecodeError::WrongNamespace { .. })
    ));
    // Wrong envelope namespace.
    let e = gfb(r#"<s:Envelope xmlns:s="urn:not-soap"><s:Body/></s:Envelope>"#).unwrap_err();
    assert!(
        matches!(e, DecodeError::WrongNamespace { ref element, .. } if element == "Envelope"),
        "{e:?}"
    );
    // JSON _jsns.
    let e =
        decode::<GetFreeBusyResponse>(br#"{"GetFreeBusyResponse":{"_jsns":"urn:zimbraAccount"}}"#)
            .unwrap_err();
    assert!(
        matches!(e, DecodeError::WrongNamespace { ref found, .. } if found == "urn:zimbraAccount"),
        "{e:?}"
    );
}

#[test]
fn usr_without_id_or_name() {
    let xml = br#"<GetFreeBusyRequest xmlns="urn:zimbraMail" s="1" e="2"><usr name="a@x"/><usr l="10"/></GetFreeBusyRequest>"#;
    let e = decode::<GetFreeBusyRequest>(xml).unwrap_err();
    match &e {
        DecodeError::Invalid { at, error } => {
            assert_eq!(*error, ValidationError::UserWithoutIdOrName { index: 2 });
            assert_eq!(at.path, "/GetFreeBusyRequest/usr[2]");
        }
        other => panic!("{other:?}"),
    }
    let json = br#"{"GetFreeBusyRequest":{"s":1,"e":2,"usr":[{"l":"10"}]}}"#;
    assert!(matches!(
        decode::<GetFreeBusyRequest>(json),
        Err(DecodeError::Invalid {
            error: ValidationError::UserWithoutIdOrName { index: 1 },
            ..
        })
    ));
    // A response usr needs an id (or name).
    let e = gfb(&resp(r#"<usr><b s="1" e="2"/></usr>"#)).unwrap_err();
    assert!(
        matches!(e, DecodeError::MissingAttribute { attribute: "id", ref at } if at.path == "/GetFreeBusyResponse/usr[1]"),
        "{e:?}"
    );
}

#[test]
fn non_numeric_and_negative_times_name_user_element_attribute() {
    let e = gfb(&resp(
        r#"<usr id="a@x"><f s="0" e="5"/><b s="abc" e="10"/></usr>"#,
    ))
    .unwrap_err();
    match &e {
        DecodeError::InvalidAttribute {
            at,
            attribute,
            value,
            ..
        } => {
            assert_eq!(attribute, "s");
            assert_eq!(value, "abc");
            assert_eq!(at.path, "/GetFreeBusyResponse/usr[1][id=a@x]/b[2]");
            assert_eq!(at.user.as_deref(), Some("a@x"));
            assert!(at.offset.is_some());
        }
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(
        msg.contains("usr[1][id=a@x]/b[2]") && msg.contains("attribute s"),
        "{msg}"
    );

    let e = gfb(&resp(r#"<usr id="a@x"><b s="-5" e="10"/></usr>"#)).unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, reason, .. } if attribute == "s" && reason.contains("negative")),
        "{e:?}"
    );
    let e = gfb(&resp(r#"<usr id="a@x"><b s="1" e=" 10"/></usr>"#)).unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, .. } if attribute == "e"),
        "{e:?}"
    );
    let e = gfb(&resp(
        r#"<usr id="a@x"><b s="1" e="99999999999999999999"/></usr>"#,
    ))
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::InvalidAttribute {
                reason: "time out of range",
                ..
            }
        ),
        "{e:?}"
    );
    let e = gfb(&resp(r#"<usr id="a@x"><b e="10"/></usr>"#)).unwrap_err();
    assert!(
        matches!(e, DecodeError::MissingAttribute { attribute: "s", .. }),
        "{e:?}"
    );

    // JSON: numbers or strings, but not floats, negatives, booleans.
    for bad in [
        r#""s":1.5"#,
        r#""s":-1"#,
        r#""s":true"#,
        r#""s":"1e3""#,
        r#""s":18446744073709551615"#,
    ] {
        let json = format!(
            r#"{{"GetFreeBusyResponse":{{"usr":[{{"id":"a@x","b":[{{{bad},"e":10}}]}}]}}}}"#
        );
        let e = decode::<GetFreeBusyResponse>(json.as_bytes()).unwrap_err();
        match &e {
            DecodeError::InvalidAttribute { at, attribute, .. } => {
                assert_eq!(attribute, "s", "{bad}");
                assert_eq!(at.path, "/GetFreeBusyResponse/usr[1][id=a@x]/b[1]", "{bad}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn end_not_after_start() {
    let e = gfb(&resp(r#"<usr id="a@x"><b s="10" e="10"/></usr>"#)).unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, .. } if attribute == "e"),
        "{e:?}"
    );
    let e = decode::<GetFreeBusyRequest>(
        br#"<GetFreeBusyRequest xmlns="urn:zimbraMail" s="10" e="5" name="a@x"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Invalid {
                error: ValidationError::EmptyRange { start: 10, end: 5 },
                ..
            }
        ),
        "{e:?}"
    );
    let e = decode::<GetWorkingHoursRequest>(
        br#"<GetWorkingHoursRequest xmlns="urn:zimbraMail" s="10" e="10" name="a@x"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Invalid {
                error: ValidationError::EmptyRange { .. },
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn range_limit_like_zimbra() {
    let req = |days_ms: i64| GetFreeBusyRequest::for_names(S, S + days_ms, ["a@x"]);
    // (e - s) / day > 200 is refused; 200 days and 23 hours is still 200 whole days.
    assert!(req(200 * MS_PER_DAY + 23 * H).validate().is_ok());
    assert_eq!(
        req(201 * MS_PER_DAY).validate(),
        Err(ValidationError::RangeTooLong {
            start: S,
            end: S + 201 * MS_PER_DAY,
            days: 201,
            max: 200
        })
    );
    let xml = req(365 * MS_PER_DAY).to_xml().unwrap();
    let e = decode::<GetFreeBusyRequest>(xml.as_bytes()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Invalid {
                error: ValidationError::RangeTooLong { days: 365, .. },
                ..
            }
        ),
        "{e:?}"
    );
    // At least one user.
    let e = decode::<GetFreeBusyRequest>(
        br#"<GetFreeBusyRequest xmlns="urn:zimbraMail" s="1" e="2"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Invalid {
                error: ValidationError::NoUsers,
                ..
            }
        ),
        "{e:?}"
    );
    let e = decode::<GetWorkingHoursRequest>(
        br#"{"GetWorkingHoursRequest":{"s":1,"e":2,"name":" , "}}"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Invalid {
                error: ValidationError::NoUsers,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn overlapping_intervals_strict_and_lenient() {
    let xml = resp(&format!(
        r#"<usr id="a@x"><f s="{S}" e="{}"/><b s="{}" e="{}"/><t s="{}" e="{}"/></usr>"#,
        S + 10 * H,
        S + 9 * H,
        S + 11 * H,
        S + 10 * H + H / 2,
        S + 12 * H
    ));
    let r = gfb(&xml).unwrap();
    let e = r.clone().validated(None, Validation::Strict).unwrap_err();
    assert_eq!(
        e,
        ValidationError::Overlap {
            user: "a@x".into(),
            index: 2,
            element: "b",
            start: S + 9 * H,
            prev_index: 1,
            prev_end: S + 10 * H
        }
    );
    assert!(e.to_string().contains("\"a@x\""), "{e}");
    // Lenient: busiest wins, result passes the strict check.
    let n = r.validated(None, Validation::Lenient).unwrap();
    n.check(None).unwrap();
    let got: Vec<_> = n.users[0]
        .intervals
        .iter()
        .map(|i| (i.status, i.start - S, i.end - S))
        .collect();
    assert_eq!(
        got,
        [
            (Status::Free, 0, 9 * H),
            (Status::Busy, 9 * H, 11 * H),
            (Status::Tentative, 11 * H, 12 * H)
        ]
    );
}

#[test]
fn unordered_and_out_of_range() {
    let r = GetFreeBusyResponse {
        users: vec![UserFreeBusy {
            id: "a@x".into(),
            intervals: vec![
                ZimbraInterval::new(Status::Busy, S + 2 * H, S + 3 * H),
                ZimbraInterval::new(Status::Free, S, S + H),
            ],
        }],
    };
    assert!(matches!(
        r.check(None),
        Err(ValidationError::Unordered {
            index: 2,
            prev_index: 1,
            ..
        })
    ));
    let range = TimeRange::new(S, S + 2 * H + H / 2).unwrap();
    let mut sorted = r.clone();
    sorted.users[0].intervals.reverse();
    assert!(matches!(
        sorted.check(Some(range)),
        Err(ValidationError::OutOfRange {
            index: 2,
            element: "b",
            ..
        })
    ));
    // Lenient: sorted and clipped, details of untouched intervals kept.
    let mut r = r;
    r.users[0].intervals[1].details.subject = Some("kept".into());
    r.normalize(Some(range));
    r.check(Some(range)).unwrap();
    let ivs = &r.users[0].intervals;
    assert_eq!(ivs.len(), 2);
    assert_eq!(
        (ivs[0].status, ivs[0].details.subject.as_deref()),
        (Status::Free, Some("kept"))
    );
    assert_eq!((ivs[1].start, ivs[1].end), (S + 2 * H, S + 2 * H + H / 2));
}

#[test]
fn unknown_interval_element() {
    let e = gfb(&resp(
        r#"<usr id="a@x"><b s="1" e="2"/><x s="3" e="4"/></usr>"#,
    ))
    .unwrap_err();
    match &e {
        DecodeError::UnknownElement { at, name } => {
            assert_eq!(name, "{urn:zimbraMail}x");
            assert_eq!(at.path, "/GetFreeBusyResponse/usr[1][id=a@x]");
        }
        other => panic!("{other:?}"),
    }
    // A known letter in a foreign namespace is unknown too.
    let e = gfb(&resp(
        r#"<usr id="a@x"><b xmlns="urn:other" s="1" e="2"/></usr>"#,
    ))
    .unwrap_err();
    assert!(matches!(e, DecodeError::UnknownElement { .. }), "{e:?}");
    let e = decode::<GetFreeBusyResponse>(
        br#"{"GetFreeBusyResponse":{"usr":[{"id":"a@x","busy":[{"s":1,"e":2}]}]}}"#,
    )
    .unwrap_err();
    assert!(
        matches!(e, DecodeError::UnknownElement { ref name, .. } if name == "busy"),
        "{e:?}"
    );
}

#[test]
fn doctype_huge_and_deep_documents() {
    let doctype = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><GetFreeBusyResponse xmlns="urn:zimbraMail"/>"#;
    assert!(matches!(gfb(doctype), Err(DecodeError::Xml(e)) if e.kind == ErrorKind::Doctype));

    let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
    assert!(
        matches!(gfb(&deep), Err(DecodeError::Xml(e)) if matches!(e.kind, ErrorKind::TooDeep { .. }))
    );

    let huge = format!(
        "<GetFreeBusyResponse xmlns=\"urn:zimbraMail\">{}</GetFreeBusyResponse>",
        " ".repeat(17 << 20)
    );
    assert!(
        matches!(gfb(&huge), Err(DecodeError::Xml(e)) if matches!(e.kind, ErrorKind::TooLarge { .. }))
    );
    let huge_json = format!("{{\"GetFreeBusyResponse\":{{}}{}}}", " ".repeat(17 << 20));
    assert!(matches!(
        decode::<GetFreeBusyResponse>(huge_json.as_bytes()),
        Err(DecodeError::TooLarge { .. })
    ));

    let deep_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(decode::<GetFreeBusyResponse>(format!("{{\"a\":{deep_json}}}").as_bytes()).is_err());
    assert!(matches!(
        decode_envelope(deep_json.as_bytes()),
        Err(DecodeError::UnknownFormat)
    ));
    assert!(matches!(
        decode_envelope(b"{\"Body\":"),
        Err(DecodeError::Json { .. })
    ));
}

#[test]
fn other_shapes() {
    assert!(matches!(
        decode_envelope(b"  hello"),
        Err(DecodeError::UnknownFormat)
    ));
    assert!(matches!(
        decode_envelope(b""),
        Err(DecodeError::UnknownFormat)
    ));
    let e =
        decode::<GetFreeBusyResponse>(br#"<AutoCompleteGalResponse xmlns="urn:zimbraAccount"/>"#)
            .unwrap_err();
    assert!(
        matches!(e, DecodeError::UnexpectedElement { ref expected, ref found, .. } if expected == "GetFreeBusyResponse" && found == "AutoCompleteGalResponse"),
        "{e:?}"
    );
    let e = decode_envelope(
        br#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(e, DecodeError::MissingElement { name: "Body", .. }),
        "{e:?}"
    );
    let e = decode_envelope(br#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body/></soap:Envelope>"#).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::MissingElement {
                name: "message",
                ..
            }
        ),
        "{e:?}"
    );
    let e = decode_envelope(br#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><Foo/></soap:Body></soap:Envelope>"#).unwrap_err();
    assert!(
        matches!(e, DecodeError::UnexpectedElement { ref at, .. } if at.path == "/Envelope/Body/Foo"),
        "{e:?}"
    );
    let e = decode::<AutoCompleteGalRequest>(
        br#"<AutoCompleteGalRequest xmlns="urn:zimbraAccount" type="people"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::MissingAttribute {
                attribute: "name",
                ..
            }
        ),
        "{e:?}"
    );
    let e = decode::<AutoCompleteGalRequest>(
        br#"<AutoCompleteGalRequest xmlns="urn:zimbraAccount" name="j" type="people"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, .. } if attribute == "type"),
        "{e:?}"
    );
    let e = decode::<SearchGalRequest>(br#"{"SearchGalRequest":{"limit":-1}}"#).unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, .. } if attribute == "limit"),
        "{e:?}"
    );
    let e = decode::<AutoCompleteGalResponse>(
        br#"<AutoCompleteGalResponse xmlns="urn:zimbraAccount" more="maybe"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(e, DecodeError::InvalidAttribute { ref attribute, .. } if attribute == "more"),
        "{e:?}"
    );
    let e = Fault::from_xml_bytes(
        br#"<soap:Fault xmlns:soap="http://www.w3.org/2003/05/soap-envelope"/>"#,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::MissingElement {
                name: "Code/Value",
                ..
            }
        ),
        "{e:?}"
    );
    // Encoding refuses list items it could not read back.
    let mut r = GetFreeBusyRequest::for_names(S, S + H, ["a,b@x"]);
    assert!(matches!(
        r.to_xml(),
        Err(EncodeError::InvalidValue {
            attribute: "name",
            ..
        })
    ));
    r.name = vec!["ok@x".into()];
    r.exclude_uid = Some("\u{1}".into());
    assert!(matches!(r.to_xml(), Err(EncodeError::Xml(_))));
}

#[test]
fn redacted_credentials() {
    let c = Context {
        auth_token: Some("0_secret_token".into()),
        ..Context::default()
    };
    assert!(!format!("{c:?}").contains("secret"));
}
