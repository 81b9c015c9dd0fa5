//! Unit tests of `exchange-freebusy/src/address.rs`, run against the public API.

use exchange_freebusy::address::*;
use exchange_freebusy::{DnProblem, Error};
use url::Url;
use webdav::ResourcePath;

#[test]
fn gcc_url_vector() {
    let dn = LegacyDn::parse("/o=Microsoft/ou=APPS-ABC/cn=FOLDER/cn=ASAMPLE").unwrap();
    let base = Url::parse("http://example.org").unwrap();
    let a = MessageAddress::new(&base, &dn).unwrap();
    assert_eq!(
        a.url(&base).as_str(),
        "http://example.org/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC/USER-_xF8FF_cn=FOLDER_xF8FF_cn=ASAMPLE.EML"
    );
    assert_eq!(LegacyDn::from_message_path(a.item()), Some(dn));
}

#[test]
fn spec_example_and_prefix() {
    let dn = LegacyDn::parse(
        "/o=First Organization/ou=First Administrative Group/cn=Recipients/cn=jdoe",
    )
    .unwrap();
    assert_eq!(
        dn.folder(),
        "EX:/o=First Organization/ou=First Administrative Group"
    );
    assert_eq!(dn.subject(), "USER-/CN=RECIPIENTS/CN=JDOE");
    assert_eq!(dn.recipient(), "/cn=Recipients/cn=jdoe");
    let base = Url::parse("https://mail.example/exchange/").unwrap();
    let a = MessageAddress::new(&base, &dn).unwrap();
    assert_eq!(
        a.url(&base).as_str(),
        "https://mail.example/exchange/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=First%20Organization_xF8FF_ou=First%20Administrative%20Group/USER-_xF8FF_cn=Recipients_xF8FF_cn=jdoe.EML"
    );
    assert_eq!(
        a.folder_url(&base).as_str(),
        "https://mail.example/exchange/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=First%20Organization_xF8FF_ou=First%20Administrative%20Group/"
    );
}

#[test]
fn case_insensitive_keys_and_escapes() {
    let dn = LegacyDn::parse("/O=Org/OU=A?b~c\\d/CN=Recipients/Cn=x").unwrap();
    assert_eq!(dn.organization(), "/O=Org/OU=A?b~c\\d");
    let base = Url::parse("http://h/").unwrap();
    let a = MessageAddress::new(&base, &dn).unwrap();
    assert_eq!(
        a.folder().segments()[3],
        "EX:_xF8FF_O=Org_xF8FF_OU=A_x003F_b_x007E_c_xF8FE_d"
    );
    assert_eq!(LegacyDn::from_message_path(a.item()), Some(dn));
}

#[test]
fn bad_dns() {
    let problem = |s: &str| match LegacyDn::parse(s) {
        Err(Error::Dn { dn, problem }) => {
            assert_eq!(dn, s);
            problem
        }
        other => panic!("{s}: {other:?}"),
    };
    assert_eq!(problem("/o=Org/ou=AG"), DnProblem::MissingCn);
    assert_eq!(problem("o=Org/cn=x"), DnProblem::NotAbsolute);
    assert_eq!(
        problem("/cn=Recipients/cn=x"),
        DnProblem::MissingOrganization
    );
    assert_eq!(
        problem("/o=Org//cn=x"),
        DnProblem::BadPart {
            part: String::new()
        }
    );
    assert_eq!(
        problem("/o=Org/junk/cn=x"),
        DnProblem::BadPart {
            part: "junk".into()
        }
    );
    assert_eq!(
        LegacyDn::parse("/o=Org").unwrap_err().to_string(),
        "legacyExchangeDN \"/o=Org\" has no /cn= part"
    );
    assert!(matches!(
        LegacyDn::from_parts("/o=Org", "a/b", "x"),
        Err(Error::InvalidContainer { .. })
    ));
    assert!(matches!(
        LegacyDn::from_parts("/o=Org", "", "x"),
        Err(Error::InvalidContainer { .. })
    ));
    assert!(LegacyDn::from_message_path(&ResourcePath::parse("/public/x.EML").unwrap()).is_none());
}
