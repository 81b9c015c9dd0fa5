//! Property tests: arbitrary messages round-trip through XML, through JSON, and
//! XML → JSON → XML, bare and inside envelopes.

use freebusy_types::Status;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use zimbra_freebusy::*;

/// Any text XML 1.0 can carry (no control characters but tab, LF, CR; no U+FFFE/FFFF).
fn text() -> impl Strategy<Value = String> {
    "[^\u{0}-\u{8}\u{B}\u{C}\u{E}-\u{1F}\u{FFFE}\u{FFFF}]{0,10}"
}

/// A comma-list item: non-empty, no comma, no surrounding white space.
fn item() -> impl Strategy<Value = String> {
    "[A-Za-z0-9@._+-]{1,12}"
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

const MAX_MS: i64 = 4_102_444_800_000; // 2100-01-01

fn details() -> impl Strategy<Value = IntervalDetails> {
    let b = || option::of(any::<bool>());
    (
        option::of(text()),
        option::of(text()),
        option::of(text()),
        (b(), b(), b(), b(), b(), b()),
    )
        .prop_map(
            |(event_id, subject, location, (m, r, e, rem, p, h))| IntervalDetails {
                event_id,
                subject,
                location,
                is_meeting: m,
                is_recurring: r,
                is_exception: e,
                is_reminder_set: rem,
                is_private: p,
                has_permission: h,
            },
        )
}

/// Ordered, non-overlapping intervals (what a correct server sends), with gaps.
fn intervals() -> impl Strategy<Value = Vec<ZimbraInterval>> {
    (
        0..MAX_MS / 2,
        vec(
            (
                status(),
                0i64..1000,
                1i64..100_000_000,
                prop::bool::weighted(0.1),
                details(),
            ),
            0..8,
        ),
    )
        .prop_map(|(mut t, parts)| {
            parts
                .into_iter()
                .map(|(status, gap, len, with_details, d)| {
                    let start = t + gap;
                    t = start + len;
                    ZimbraInterval {
                        status,
                        start,
                        end: t,
                        details: if with_details {
                            d
                        } else {
                            IntervalDetails::default()
                        },
                    }
                })
                .collect()
        })
}

fn users() -> impl Strategy<Value = Vec<UserFreeBusy>> {
    vec(
        (text(), intervals()).prop_map(|(id, intervals)| UserFreeBusy { id, intervals }),
        0..4,
    )
}

fn range() -> impl Strategy<Value = (i64, i64)> {
    (0..MAX_MS, 1..=200 * MS_PER_DAY).prop_map(|(s, len)| (s, s + len))
}

fn user_spec() -> impl Strategy<Value = UserSpec> {
    (option::of(text()), option::of(text()), option::of(text()))
        .prop_filter("id or name", |(id, name, _)| id.is_some() || name.is_some())
        .prop_map(|(id, name, folder)| UserSpec { id, name, folder })
}

fn gfb_request() -> impl Strategy<Value = GetFreeBusyRequest> {
    (
        range(),
        vec(item(), 0..3),
        vec(item(), 0..3),
        vec(item(), 0..3),
        option::of(text()),
        vec(user_spec(), 0..3),
    )
        .prop_filter("at least one user", |(_, u, i, n, _, us)| {
            !(u.is_empty() && i.is_empty() && n.is_empty() && us.is_empty())
        })
        .prop_map(
            |((start, end), uid, id, name, exclude_uid, users)| GetFreeBusyRequest {
                start,
                end,
                uid,
                id,
                name,
                exclude_uid,
                users,
            },
        )
}

fn gwh_request() -> impl Strategy<Value = GetWorkingHoursRequest> {
    (range(), vec(item(), 0..3), vec(item(), 0..3))
        .prop_filter("at least one user", |(_, i, n)| {
            !(i.is_empty() && n.is_empty())
        })
        .prop_map(|((start, end), id, name)| GetWorkingHoursRequest {
            start,
            end,
            id,
            name,
        })
}

fn search_type() -> impl Strategy<Value = Option<GalSearchType>> {
    option::of(prop::sample::select(vec![
        GalSearchType::Account,
        GalSearchType::Resource,
        GalSearchType::Group,
        GalSearchType::All,
    ]))
}

fn contact() -> impl Strategy<Value = GalContact> {
    (
        option::of(text()),
        option::of(text()),
        option::of(any::<bool>()),
        vec(
            (
                prop::sample::select(vec![
                    "email",
                    "email2",
                    "fullName",
                    "zimbraCalResType",
                    "x-custom",
                ]),
                text(),
            ),
            0..5,
        ),
    )
        .prop_map(|(id, reference, exp, pairs)| {
            let mut attrs = GalAttrs::new();
            for (n, v) in pairs {
                attrs.push(n, v);
            }
            GalContact {
                id,
                reference,
                exp,
                attrs,
            }
        })
}

fn fault() -> impl Strategy<Value = Fault> {
    let code = prop_oneof![
        Just(FaultCode::Sender),
        Just(FaultCode::Receiver),
        Just(FaultCode::VersionMismatch),
        Just(FaultCode::MustUnderstand),
        "X[A-Za-z]{0,6}".prop_map(FaultCode::Other),
    ];
    let error = prop_oneof![
        Just("service.INVALID_REQUEST".to_owned()),
        Just("account.NO_SUCH_ACCOUNT".to_owned()),
        "[a-z]{1,6}\\.[A-Z_]{1,12}",
    ];
    let arg = (text(), option::of(text()), text()).prop_map(|(name, kind, value)| FaultArg {
        name,
        kind,
        value,
    });
    let detail =
        (error, option::of(text()), vec(arg, 0..3)).prop_map(|(e, trace, args)| FaultDetail {
            code: ErrorCode::parse(&e),
            trace,
            args,
        });
    (code, text(), option::of(detail)).prop_map(|(code, reason, detail)| Fault {
        code,
        reason,
        detail,
    })
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        gfb_request().prop_map(Message::GetFreeBusyRequest),
        users().prop_map(|users| Message::GetFreeBusyResponse(GetFreeBusyResponse { users })),
        gwh_request().prop_map(Message::GetWorkingHoursRequest),
        users()
            .prop_map(|users| Message::GetWorkingHoursResponse(GetWorkingHoursResponse { users })),
        (
            text(),
            search_type(),
            option::of(any::<u32>()),
            option::of(any::<bool>())
        )
            .prop_map(|(name, search_type, limit, need_exp)| {
                Message::AutoCompleteGalRequest(AutoCompleteGalRequest {
                    name,
                    search_type,
                    limit,
                    need_exp,
                })
            }),
        (
            option::of(text()),
            search_type(),
            option::of(any::<u32>()),
            option::of(any::<u32>()),
            option::of(text()),
            option::of(any::<bool>())
        )
            .prop_map(|(name, search_type, limit, offset, sort_by, need_exp)| {
                Message::SearchGalRequest(SearchGalRequest {
                    name,
                    search_type,
                    limit,
                    offset,
                    sort_by,
                    need_exp,
                })
            }),
        (
            option::of(any::<bool>()),
            option::of(text()),
            option::of(any::<bool>()),
            vec(contact(), 0..3)
        )
            .prop_map(|(more, tokenize_key, pagination_supported, contacts)| {
                Message::AutoCompleteGalResponse(AutoCompleteGalResponse {
                    more,
                    tokenize_key,
                    pagination_supported,
                    contacts,
                })
            }),
        (
            option::of(any::<bool>()),
            option::of(text()),
            option::of(any::<u32>()),
            option::of(text()),
            option::of(any::<bool>()),
            vec(contact(), 0..3)
        )
            .prop_map(
                |(more, sort_by, offset, tokenize_key, pagination_supported, contacts)| {
                    Message::SearchGalResponse(SearchGalResponse {
                        more,
                        sort_by,
                        offset,
                        tokenize_key,
                        pagination_supported,
                        contacts,
                    })
                }
            ),
        fault().prop_map(Message::Fault),
    ]
}

fn context() -> impl Strategy<Value = Context> {
    (
        option::of(text()),
        option::of(option::of(text()).prop_map(|id| Session { id })),
        option::of((
            prop::sample::select(vec!["name", "id", "foreignPrincipal"]),
            text(),
        )),
        option::of(
            (option::of(text()), option::of(text()))
                .prop_map(|(name, version)| UserAgent { name, version }),
        ),
    )
        .prop_map(|(auth_token, session, account, user_agent)| Context {
            auth_token,
            session,
            account: account.map(|(by, value)| AccountSelector {
                by: match by {
                    "name" => AccountBy::Name,
                    "id" => AccountBy::Id,
                    other => AccountBy::Other(other.into()),
                },
                value,
            }),
            user_agent,
        })
}

fn envelope() -> impl Strategy<Value = Envelope> {
    (prop::bool::ANY, option::of(context()), message()).prop_map(|(v11, context, body)| Envelope {
        version: if v11 {
            SoapVersion::Soap11
        } else {
            SoapVersion::Soap12
        },
        context,
        body,
    })
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn xml_round_trip(env in envelope()) {
        let xml = env.to_xml().unwrap();
        prop_assert_eq!(decode_envelope(xml.as_bytes()).unwrap(), env.clone(), "{}", xml);
        // The bare message too.
        let bare = env.body.to_xml().unwrap();
        prop_assert_eq!(Message::from_xml_bytes(bare.as_bytes()).unwrap(), env.body);
    }

    #[test]
    fn json_round_trip(mut env in envelope()) {
        env.version = SoapVersion::Soap12;
        let json = env.to_json_string().unwrap();
        prop_assert_eq!(decode_envelope(json.as_bytes()).unwrap(), env.clone(), "{}", json);
        let bare = env.body.to_json_string().unwrap();
        prop_assert_eq!(Message::from_json_bytes(bare.as_bytes()).unwrap(), env.body);
    }

    #[test]
    fn xml_json_xml(env in envelope()) {
        let xml = env.to_xml().unwrap();
        let from_xml = decode_envelope(xml.as_bytes()).unwrap();
        let json = from_xml.to_json_string().unwrap();
        let from_json = decode_envelope(json.as_bytes()).unwrap();
        let mut expected = env.clone();
        expected.version = SoapVersion::Soap12;
        prop_assert_eq!(&from_json, &expected, "{}", json);
        let xml2 = from_json.to_xml().unwrap();
        prop_assert_eq!(decode_envelope(xml2.as_bytes()).unwrap(), expected);
    }

    #[test]
    fn typed_codecs(users in users(), req in gfb_request()) {
        let r = GetFreeBusyResponse { users };
        prop_assert_eq!(&GetFreeBusyResponse::from_xml_bytes(r.to_xml().unwrap().as_bytes()).unwrap(), &r);
        prop_assert_eq!(&GetFreeBusyResponse::from_json_bytes(r.to_json_string().unwrap().as_bytes()).unwrap(), &r);
        prop_assert_eq!(&decode::<GetFreeBusyResponse>(r.to_json_string().unwrap().as_bytes()).unwrap(), &r);
        r.check(None).unwrap();
        // The streaming decoder answers for the message alone and inside an envelope with header.
        let xml = r.to_xml().unwrap();
        prop_assert_eq!(<GetFreeBusyResponse as ZimbraMessage>::decode_xml_fast(xml.as_bytes()), Some(r.clone()));
        let env = Envelope {
            version: SoapVersion::Soap11,
            context: Some(Context { auth_token: Some("t".into()), ..Context::default() }),
            body: Message::GetFreeBusyResponse(r.clone()),
        };
        let xml = env.to_xml().unwrap();
        prop_assert_eq!(<GetFreeBusyResponse as ZimbraMessage>::decode_xml_fast(xml.as_bytes()), Some(r.clone()));
        let wh = GetWorkingHoursResponse { users: r.users.clone() };
        let xml = wh.to_xml().unwrap();
        prop_assert_eq!(<GetWorkingHoursResponse as ZimbraMessage>::decode_xml_fast(xml.as_bytes()), Some(wh));
        prop_assert_eq!(&GetFreeBusyRequest::from_xml_bytes(req.to_xml().unwrap().as_bytes()).unwrap(), &req);
        prop_assert_eq!(&GetFreeBusyRequest::from_json_bytes(req.to_json_string().unwrap().as_bytes()).unwrap(), &req);
    }

    /// Lenient normalization always yields what the strict check accepts.
    #[test]
    fn normalize_then_check(raw in vec((status(), 0i64..10_000, 0i64..10_000), 0..12), lo in 0i64..5_000, len in 1i64..10_000) {
        let mut u = UserFreeBusy {
            id: "a@x".into(),
            intervals: raw.into_iter().map(|(s, a, b)| ZimbraInterval::new(s, a.min(b), a.max(b))).collect(),
        };
        let range = TimeRange::new(lo, lo + len).unwrap();
        u.normalize(Some(range));
        prop_assert!(u.check(Some(range)).is_ok(), "{:?}", u);
    }
}
