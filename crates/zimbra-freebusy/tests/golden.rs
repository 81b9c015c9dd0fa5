//! Golden files: every message type in both encodings.
//!
//! `tests/data/*.{xml,json}` are the canonical encodings: each must decode to the value
//! stated here, and encoding that value must give the file byte for byte (run with
//! `UPDATE_GOLDEN=1` to rewrite them after a deliberate change).
//! `tests/data/docs/*` are Zimbra's documented shapes: decode only.

use std::path::PathBuf;

use freebusy_types::Status;
use zimbra_freebusy::*;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Checks (or with UPDATE_GOLDEN rewrites) a canonical file.
fn canonical(name: &str, encoded: &str) {
    let path = data(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, format!("{encoded}\n")).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        golden.trim_end(),
        encoded,
        "{name}: encoding differs from the golden file"
    );
}

/// Golden check for an envelope in both encodings.
fn golden_envelope(stem: &str, env: &Envelope) {
    let xml = env.to_xml().unwrap();
    canonical(&format!("{stem}.xml"), &xml);
    assert_eq!(
        &decode_envelope(&read(&format!("{stem}.xml"))).unwrap(),
        env,
        "{stem}.xml"
    );
    let json = env.to_json_string().unwrap();
    canonical(&format!("{stem}.json"), &json);
    let mut expected = env.clone();
    expected.version = SoapVersion::Soap12; // JSON has no SOAP version
    assert_eq!(
        decode_envelope(&read(&format!("{stem}.json"))).unwrap(),
        expected,
        "{stem}.json"
    );
}

/// Golden check for a bare message in both encodings, through the typed codecs.
fn golden_message<T: ZimbraMessage + PartialEq + std::fmt::Debug>(stem: &str, value: &T) {
    let xml = value.to_xml().unwrap();
    canonical(&format!("{stem}.xml"), &xml);
    assert_eq!(
        &T::from_xml_bytes(&read(&format!("{stem}.xml"))).unwrap(),
        value
    );
    assert_eq!(&decode::<T>(&read(&format!("{stem}.xml"))).unwrap(), value);
    let json = value.to_json_string().unwrap();
    canonical(&format!("{stem}.json"), &json);
    assert_eq!(
        &T::from_json_bytes(&read(&format!("{stem}.json"))).unwrap(),
        value
    );
    assert_eq!(&decode::<T>(&read(&format!("{stem}.json"))).unwrap(), value);
}

const DAY0: i64 = 1_199_232_000_000; // 2008-01-02T00:00:00Z
const H: i64 = 3_600_000;

fn gfb_request() -> GetFreeBusyRequest {
    GetFreeBusyRequest {
        start: DAY0,
        end: DAY0 + 24 * H,
        uid: vec!["user3@example.com".into()],
        id: vec!["a1b2c3d4-0000-0000-0000-000000000001".into()],
        name: vec!["user1@example.com".into(), "user2@example.com".into()],
        exclude_uid: Some("meeting-uid-42".into()),
        users: vec![
            UserSpec {
                id: Some("a1b2c3d4-0000-0000-0000-000000000005".into()),
                name: None,
                folder: Some("10".into()),
            },
            UserSpec::by_name("user6@example.com"),
        ],
    }
}

fn context() -> Context {
    Context {
        auth_token: Some("0_3e761bdc5d4b8d8f_303b".into()),
        session: Some(Session { id: None }),
        account: Some(AccountSelector {
            by: AccountBy::Name,
            value: "user1@example.com".into(),
        }),
        user_agent: Some(UserAgent {
            name: Some("zclient".into()),
            version: Some("8.8.15".into()),
        }),
    }
}

fn busy_details() -> IntervalDetails {
    IntervalDetails {
        event_id: Some("257".into()),
        subject: Some("Budget review".into()),
        location: Some("Room 1".into()),
        is_meeting: Some(true),
        is_recurring: Some(false),
        is_exception: Some(false),
        is_reminder_set: Some(true),
        is_private: Some(false),
        has_permission: Some(true),
    }
}

fn gfb_response(details: bool) -> GetFreeBusyResponse {
    let mut b = ZimbraInterval::new(Status::Busy, DAY0 + 15 * H, DAY0 + 16 * H);
    if details {
        b.details = busy_details();
    }
    GetFreeBusyResponse {
        users: vec![
            UserFreeBusy {
                id: "user1@example.com".into(),
                intervals: vec![
                    ZimbraInterval::new(Status::Free, DAY0, DAY0 + 15 * H),
                    b,
                    ZimbraInterval::new(Status::Tentative, DAY0 + 16 * H, DAY0 + 17 * H),
                    ZimbraInterval::new(Status::Free, DAY0 + 17 * H, DAY0 + 19 * H),
                    ZimbraInterval::new(Status::OutOfOffice, DAY0 + 19 * H, DAY0 + 24 * H),
                ],
            },
            UserFreeBusy {
                id: "nobody@example.com".into(),
                intervals: vec![ZimbraInterval::new(Status::NoData, DAY0, DAY0 + 24 * H)],
            },
        ],
    }
}

fn gwh_response() -> GetWorkingHoursResponse {
    GetWorkingHoursResponse {
        users: vec![
            UserFreeBusy {
                id: "user1@example.com".into(),
                intervals: vec![
                    ZimbraInterval::new(Status::OutOfOffice, DAY0, DAY0 + 9 * H),
                    ZimbraInterval::new(Status::Free, DAY0 + 9 * H, DAY0 + 18 * H),
                    ZimbraInterval::new(Status::OutOfOffice, DAY0 + 18 * H, DAY0 + 24 * H),
                ],
            },
            UserFreeBusy {
                id: "unknown@example.com".into(),
                intervals: vec![ZimbraInterval::new(Status::NoData, DAY0, DAY0 + 24 * H)],
            },
        ],
    }
}

fn gwh_request() -> GetWorkingHoursRequest {
    GetWorkingHoursRequest {
        start: DAY0,
        end: DAY0 + 24 * H,
        id: vec!["a1b2c3d4-0000-0000-0000-000000000001".into()],
        name: vec!["user1@example.com".into(), "user2@example.com".into()],
    }
}

fn ac_request() -> AutoCompleteGalRequest {
    AutoCompleteGalRequest {
        name: "jo".into(),
        search_type: Some(GalSearchType::Account),
        limit: None,
        need_exp: Some(true),
    }
}

fn sg_request() -> SearchGalRequest {
    SearchGalRequest {
        name: Some("room".into()),
        search_type: Some(GalSearchType::Resource),
        limit: Some(50),
        offset: Some(0),
        sort_by: Some("nameAsc".into()),
        need_exp: None,
    }
}

fn ac_response() -> AutoCompleteGalResponse {
    AutoCompleteGalResponse {
        more: Some(false),
        tokenize_key: Some("and".into()),
        pagination_supported: Some(true),
        contacts: vec![
            GalContact {
                id: Some("uid=john,ou=people,dc=example,dc=com".into()),
                reference: Some("uid=john,ou=people,dc=example,dc=com".into()),
                exp: None,
                attrs: GalAttrs::new()
                    .with("email", "john.doe@example.com")
                    .with("email2", "jdoe@example.com")
                    .with("fullName", "John Doe")
                    .with("firstName", "John")
                    .with("lastName", "Doe")
                    .with("workPhone", "+1 555 0100")
                    .with("company", "Example Inc.")
                    .with("objectClass", "inetOrgPerson")
                    .with("objectClass", "zimbraAccount"),
            },
            GalContact {
                id: Some("uid=johns,ou=groups,dc=example,dc=com".into()),
                reference: Some("uid=johns,ou=groups,dc=example,dc=com".into()),
                exp: Some(true),
                attrs: GalAttrs::new()
                    .with("email", "johns@example.com")
                    .with("type", "group"),
            },
        ],
    }
}

fn sg_response() -> SearchGalResponse {
    SearchGalResponse {
        more: Some(false),
        sort_by: Some("nameAsc".into()),
        offset: Some(0),
        tokenize_key: None,
        pagination_supported: Some(true),
        contacts: vec![GalContact {
            id: Some("uid=room1,ou=resources,dc=example,dc=com".into()),
            reference: Some("uid=room1,ou=resources,dc=example,dc=com".into()),
            exp: None,
            attrs: GalAttrs::new()
                .with("email", "room1@example.com")
                .with("fullName", "Room 1")
                .with("zimbraCalResType", "Location")
                .with("zimbraCalResCapacity", "12"),
        }],
    }
}

fn fault_no_such_account() -> Fault {
    Fault {
        code: FaultCode::Sender,
        reason: "no such account: nobody@example.com".into(),
        detail: Some(FaultDetail {
            code: ErrorCode::NoSuchAccount,
            trace: Some("qtp1234-56:1199232000000:abcdef".into()),
            args: vec![FaultArg {
                name: "name".into(),
                kind: Some("STR".into()),
                value: "nobody@example.com".into(),
            }],
        }),
    }
}

// ---------------------------------------------------------------------------------------
// Canonical encodings.

#[test]
fn canonical_free_busy() {
    golden_message("gfb_request", &gfb_request());
    golden_message("gfb_response", &gfb_response(true));
    golden_envelope(
        "gfb_request_envelope",
        &Envelope {
            version: SoapVersion::Soap12,
            context: Some(context()),
            body: Message::GetFreeBusyRequest(gfb_request()),
        },
    );
    golden_envelope(
        "gfb_response_envelope",
        &Envelope::new(Message::GetFreeBusyResponse(gfb_response(false))),
    );
}

#[test]
fn canonical_working_hours() {
    golden_message("gwh_request", &gwh_request());
    golden_message("gwh_response", &gwh_response());
}

#[test]
fn canonical_gal() {
    golden_message("ac_gal_request", &ac_request());
    golden_message("ac_gal_response", &ac_response());
    golden_message("sg_gal_request", &sg_request());
    golden_message("sg_gal_response", &sg_response());
}

#[test]
fn canonical_faults() {
    golden_envelope(
        "fault_soap12",
        &Envelope::new(Message::Fault(fault_no_such_account())),
    );
    let env11 = Envelope {
        version: SoapVersion::Soap11,
        context: None,
        body: Message::Fault(Fault::new(
            FaultCode::Receiver,
            "Server Error",
            ErrorCode::Failure,
        )),
    };
    let xml = env11.to_xml().unwrap();
    canonical("fault_soap11.xml", &xml);
    assert_eq!(decode_envelope(&read("fault_soap11.xml")).unwrap(), env11);
    // The bare fault in both encodings.
    golden_message_fault();
}

fn golden_message_fault() {
    let f = fault_no_such_account();
    canonical("fault.xml", &f.to_xml().unwrap());
    assert_eq!(Fault::from_xml_bytes(&read("fault.xml")).unwrap(), f);
    canonical("fault.json", &f.to_json_string().unwrap());
    assert_eq!(Fault::from_json_bytes(&read("fault.json")).unwrap(), f);
}

// ---------------------------------------------------------------------------------------
// Zimbra's documented shapes.

#[test]
fn docs_get_free_busy_request() {
    let env = decode_envelope(&read("docs/gfb_request_soap12.xml")).unwrap();
    assert_eq!(env.version, SoapVersion::Soap12);
    assert_eq!(env.context, Some(context()));
    assert_eq!(env.body, Message::GetFreeBusyRequest(gfb_request()));

    let req: GetFreeBusyRequest = decode(&read("docs/gfb_request.json")).unwrap();
    assert_eq!(req.start, DAY0, "s given as a string");
    assert_eq!(req.end, DAY0 + 24 * H, "e given as a number");
    assert_eq!(
        req.name,
        ["user1@example.com", "user2@example.com"],
        "list items trimmed"
    );
    assert_eq!(
        req.users,
        [UserSpec {
            name: Some("user6@example.com".into()),
            folder: Some("10".into()),
            id: None
        }]
    );
    let env = decode_envelope(&read("docs/gfb_request.json")).unwrap();
    assert_eq!(
        env.context.and_then(|c| c.auth_token).as_deref(),
        Some("0_3e761bdc5d4b8d8f_303b")
    );
}

#[test]
fn docs_get_free_busy_response() {
    let env = decode_envelope(&read("docs/gfb_response_soap12.xml")).unwrap();
    assert_eq!(
        env.context.and_then(|c| c.session),
        Some(Session {
            id: Some("1234".into())
        })
    );
    assert_eq!(env.body, Message::GetFreeBusyResponse(gfb_response(false)));
    let r: GetFreeBusyResponse = decode(&read("docs/gfb_response_soap12.xml")).unwrap();
    r.check(Some(TimeRange::new(DAY0, DAY0 + 24 * H).unwrap()))
        .unwrap();

    // JSON: statuses grouped by key, numbers or strings, detail attributes kept.
    let r: GetFreeBusyResponse = decode(&read("docs/gfb_response.json")).unwrap();
    assert_eq!(r, gfb_response(true));

    // `o` reads as out of office; SOAP 1.1 envelope; prefixed names.
    let r: GetFreeBusyResponse = decode(&read("docs/gfb_response_old_o.xml")).unwrap();
    assert_eq!(r.users[0].intervals[1].status, Status::OutOfOffice);
    assert!(
        r.to_xml()
            .unwrap()
            .contains(r#"<u s="1199286000000" e="1199318400000"/>"#)
    );
}

#[test]
fn docs_working_hours() {
    assert_eq!(
        decode::<GetWorkingHoursRequest>(&read("docs/gwh_request.xml")).unwrap(),
        gwh_request()
    );
    assert_eq!(
        decode::<GetWorkingHoursResponse>(&read("docs/gwh_response.xml")).unwrap(),
        gwh_response()
    );
}

#[test]
fn docs_faults() {
    match decode::<GetFreeBusyResponse>(&read("docs/fault_soap12.xml")) {
        Err(DecodeError::Fault(f)) => assert_eq!(*f, fault_no_such_account()),
        other => panic!("{other:?}"),
    }
    match decode::<GetFreeBusyResponse>(&read("docs/fault_soap11.xml")) {
        Err(DecodeError::Fault(f)) => {
            assert_eq!(f.code, FaultCode::Receiver);
            assert_eq!(f.reason, "Server Error");
            assert_eq!(f.error_code(), Some(&ErrorCode::Failure));
        }
        other => panic!("{other:?}"),
    }
    match decode::<GetFreeBusyResponse>(&read("docs/fault.json")) {
        Err(DecodeError::Fault(f)) => {
            assert_eq!(f.code, FaultCode::Sender);
            assert_eq!(f.error_code(), Some(&ErrorCode::InvalidRequest));
            assert_eq!(
                f.detail.as_ref().and_then(|d| d.trace.as_deref()),
                Some("qtp1-2:3")
            );
            assert_eq!(
                f.to_string(),
                "service.INVALID_REQUEST: invalid request: End time must be after Start time"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn docs_gal() {
    assert_eq!(
        decode::<AutoCompleteGalRequest>(&read("docs/ac_gal_request.xml")).unwrap(),
        AutoCompleteGalRequest {
            name: "jo".into(),
            search_type: Some(GalSearchType::Account),
            limit: None,
            need_exp: Some(true),
        }
    );
    assert_eq!(
        decode::<SearchGalRequest>(&read("docs/sg_gal_request.xml")).unwrap(),
        sg_request()
    );
    let r = decode::<AutoCompleteGalResponse>(&read("docs/ac_gal_response.xml")).unwrap();
    assert_eq!(r, ac_response());
    let john = &r.contacts[0];
    assert_eq!(john.emails(), ["john.doe@example.com", "jdoe@example.com"]);
    assert_eq!(john.full_name(), Some("John Doe"));
    assert_eq!(
        john.attrs.get_all("objectClass"),
        ["inetOrgPerson", "zimbraAccount"]
    );
    let r = decode::<SearchGalResponse>(&read("docs/sg_gal_response.json")).unwrap();
    assert_eq!(r, sg_response());
    assert_eq!(r.contacts[0].cal_res_type(), Some("Location"));
}
