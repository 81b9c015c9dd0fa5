//! The interop configuration: zmprov parsing, resolution, not configured, bad values.

use zimbra_freebusy::config::*;

fn global() -> AttrSet {
    AttrSet::parse_zmprov(
        "# name global config\n\
         zimbraFreebusyExchangeURL: https://exchange.example.com\n\
         zimbraFreebusyExchangeAuthUsername: EXAMPLE\\zimbra\n\
         zimbraFreebusyExchangeAuthPassword: pa: ss\n\
         zimbraFreebusyExchangeAuthScheme: basic\n\
         zimbraFreebusyExchangeServerType: ews\n\
         zimbraFreebusyExchangeCachedInterval: 30d\n",
    )
    .unwrap()
}

#[test]
fn zmprov_output_parses() {
    let a = AttrSet::parse_zmprov(
        "# name user1@example.com\nzimbraForeignPrincipal: ad:jdoe\nzimbraForeignPrincipal: kerberos5:jdoe@EXAMPLE.COM\nzimbraNotes: line one\nline two\n\nzimbraMailHost: mail.example.com\n",
    )
    .unwrap();
    assert_eq!(
        a.get_all("zimbraForeignPrincipal"),
        ["ad:jdoe", "kerberos5:jdoe@EXAMPLE.COM"]
    );
    assert_eq!(a.get("zimbraNotes"), Some("line one\nline two"));
    assert_eq!(a.get("zimbraMailHost"), Some("mail.example.com"));
    assert_eq!(global().get(attr::AUTH_PASSWORD), Some("pa: ss"));
    assert!(matches!(
        AttrSet::parse_zmprov("garbage first\n"),
        Err(ConfigError::Syntax { line: 1, .. })
    ));
    let lc =
        LocalConfig::parse("freebusy_exchange_cn1 = Empfaenger\n# c\nzimbra_home = /opt/zimbra\n")
            .unwrap();
    assert_eq!(lc.get("freebusy_exchange_cn1"), Some("Empfaenger"));
    assert!(matches!(
        LocalConfig::parse("oops"),
        Err(ConfigError::Syntax { line: 1, .. })
    ));
}

#[test]
fn resolution_account_domain_global_and_defaults() {
    let domain = AttrSet::new()
        .with(attr::URL, "https://exchange.eu.example.com")
        .with(attr::USER_ORG, "/o=Example/ou=EU");
    let account = AttrSet::new()
        .with(attr::AUTH_SCHEME, "form")
        .with(attr::FOREIGN_PRINCIPAL, "ad:jdoe");
    let local = LocalConfig::default()
        .with("freebusy_exchange_cn1", "Empfaenger")
        .with("freebusy_exchange_cn2", "Sub");
    let Resolved::Configured(cfg) = resolve(&account, &domain, &global(), &local).unwrap() else {
        panic!("configured")
    };
    assert_eq!(
        cfg.url, "https://exchange.eu.example.com",
        "domain over global"
    );
    assert_eq!(cfg.auth_scheme, AuthScheme::Form, "account over global");
    assert_eq!(cfg.username, "EXAMPLE\\zimbra");
    assert_eq!(cfg.password.expose(), "pa: ss");
    assert_eq!(cfg.server_type, ServerType::Ews);
    assert_eq!(cfg.cached_interval, ZimbraDuration::parse("30d").unwrap());
    assert_eq!(
        cfg.cached_interval_start.as_millis(),
        7 * 86_400_000,
        "default 7d"
    );
    assert_eq!(
        cfg.propagation_retry_interval.to_std(),
        std::time::Duration::from_secs(60),
        "default 1m"
    );
    assert_eq!(cfg.foreign_principal.as_deref(), Some("jdoe"));
    assert_eq!(
        cfg.legacy_dn().as_deref(),
        Some("/o=Example/ou=EU/cn=Empfaenger/cn=Sub/cn=jdoe")
    );
    let debug = format!("{cfg:?} {:?}", global());
    assert!(!debug.contains("pa: ss"), "{debug}");
    assert!(debug.contains("<redacted>"));
}

#[test]
fn not_configured_is_its_own_answer() {
    let empty = AttrSet::new();
    match resolve(&empty, &empty, &empty, &LocalConfig::default()).unwrap() {
        Resolved::NotConfigured { missing } => assert_eq!(missing.len(), 5),
        other => panic!("{other:?}"),
    }
    let mut g = AttrSet::new();
    for (k, v) in global()
        .get_all(attr::URL)
        .iter()
        .map(|v| (attr::URL, v.as_str()))
    {
        g.push(k, v);
    }
    g.push(attr::SERVER_TYPE, "webdav");
    g.push(attr::AUTH_USERNAME, "u");
    g.push(attr::AUTH_PASSWORD, "");
    match resolve(&empty, &empty, &g, &LocalConfig::default()).unwrap() {
        Resolved::NotConfigured { missing } => {
            assert_eq!(missing, [attr::AUTH_PASSWORD, attr::AUTH_SCHEME]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_values_are_clear_errors() {
    let with = |name: &str, value: &str| {
        let account = AttrSet::new().with(name, value);
        resolve(
            &account,
            &AttrSet::new(),
            &global(),
            &LocalConfig::default(),
        )
    };
    assert!(matches!(
        with(attr::AUTH_SCHEME, "ntlm"),
        Err(ConfigError::Invalid {
            attribute: attr::AUTH_SCHEME,
            ..
        })
    ));
    assert!(matches!(
        with(attr::SERVER_TYPE, "mapi"),
        Err(ConfigError::Invalid {
            attribute: attr::SERVER_TYPE,
            ..
        })
    ));
    assert!(matches!(
        with(attr::URL, "exchange.example.com"),
        Err(ConfigError::Invalid {
            attribute: attr::URL,
            ..
        })
    ));
    assert!(matches!(
        with(attr::URL, "https:///x"),
        Err(ConfigError::Invalid {
            attribute: attr::URL,
            ..
        })
    ));
    let e = with(attr::CACHED_INTERVAL_START, "7 days").unwrap_err();
    assert!(
        e.to_string()
            .contains("zimbraFreebusyExchangeCachedIntervalStart"),
        "{e}"
    );
    assert!(matches!(
        with(attr::PROPAGATION_RETRY_INTERVAL, "99999999999999999999d"),
        Err(ConfigError::Invalid { .. })
    ));
    assert!(matches!(
        with(attr::FOREIGN_PRINCIPAL, "ad:"),
        Err(ConfigError::Invalid {
            attribute: attr::FOREIGN_PRINCIPAL,
            ..
        })
    ));
}

#[test]
fn durations() {
    for (text, ms, shown) in [
        ("7d", 7 * 86_400_000, "7d"),
        ("60d", 60 * 86_400_000, "60d"),
        ("1m", 60_000, "1m"),
        ("2h", 7_200_000, "2h"),
        ("30s", 30_000, "30s"),
        ("45", 45_000, "45s"),
        ("1500ms", 1_500, "1500ms"),
        ("0", 0, "0ms"),
    ] {
        let d = ZimbraDuration::parse(text).unwrap();
        assert_eq!(d.as_millis(), ms, "{text}");
        assert_eq!(d.to_string(), shown, "{text}");
    }
    for bad in ["", "d", "7w", "-1d", "1.5h"] {
        assert!(ZimbraDuration::parse(bad).is_err(), "{bad}");
    }
}
