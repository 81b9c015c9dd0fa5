//! The configuration Zimbra keeps for the Exchange free/busy interop (zimbra-attrs.xml,
//! wire formats 5.1), as a typed value.
//!
//! ```
//! use zimbra_freebusy::config::{resolve, AttrSet, AuthScheme, LocalConfig, Resolved, ServerType};
//!
//! let global = AttrSet::parse_zmprov("\
//! zimbraFreebusyExchangeURL: https://exchange.example.com
//! zimbraFreebusyExchangeAuthUsername: EXAMPLE\\zimbra
//! zimbraFreebusyExchangeAuthPassword: s3cret
//! zimbraFreebusyExchangeAuthScheme: form
//! zimbraFreebusyExchangeServerType: webdav
//! ")?;
//! let domain = AttrSet::parse_zmprov("# name example.com\nzimbraFreebusyExchangeUserOrg: /o=Example/ou=First Administrative Group\n")?;
//! let account = AttrSet::parse_zmprov("zimbraForeignPrincipal: ad:jdoe\n")?;
//! let Resolved::Configured(cfg) = resolve(&account, &domain, &global, &LocalConfig::default())? else {
//!     panic!("configured");
//! };
//! assert_eq!(cfg.auth_scheme, AuthScheme::Form);
//! assert_eq!(cfg.server_type, ServerType::WebDav);
//! assert_eq!(cfg.cached_interval.as_millis(), 60 * 86_400_000); // the 60d default
//! assert!(!format!("{cfg:?}").contains("s3cret"));
//! assert_eq!(cfg.legacy_dn().as_deref(),
//!     Some("/o=Example/ou=First Administrative Group/cn=Recipients/cn=jdoe"));
//! # Ok::<(), zimbra_freebusy::config::ConfigError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

/// An attribute of the interop configuration.
pub mod attr {
    /// Exchange base URL.
    pub const URL: &str = "zimbraFreebusyExchangeURL";
    /// User name for Exchange.
    pub const AUTH_USERNAME: &str = "zimbraFreebusyExchangeAuthUsername";
    /// Password for Exchange.
    pub const AUTH_PASSWORD: &str = "zimbraFreebusyExchangeAuthPassword";
    /// `basic` or `form`.
    pub const AUTH_SCHEME: &str = "zimbraFreebusyExchangeAuthScheme";
    /// The `/o=../ou=..` part of legacyExchangeDN.
    pub const USER_ORG: &str = "zimbraFreebusyExchangeUserOrg";
    /// How far back the published window starts (default `7d`).
    pub const CACHED_INTERVAL_START: &str = "zimbraFreebusyExchangeCachedIntervalStart";
    /// Length of the published window (default `60d`).
    pub const CACHED_INTERVAL: &str = "zimbraFreebusyExchangeCachedInterval";
    /// `webdav` (Exchange 2007 and older) or `ews` (2010 and newer).
    pub const SERVER_TYPE: &str = "zimbraFreebusyExchangeServerType";
    /// Wait after a failed push (default `1m`).
    pub const PROPAGATION_RETRY_INTERVAL: &str = "zimbraFreebusyPropagationRetryInterval";
    /// The account's foreign principals; `ad:<cn>` names its Exchange mailbox.
    pub const FOREIGN_PRINCIPAL: &str = "zimbraForeignPrincipal";
    /// Local config keys overriding the `cn=Recipients` part of legacyExchangeDN.
    pub const LOCAL_CN: [&str; 3] = [
        "freebusy_exchange_cn1",
        "freebusy_exchange_cn2",
        "freebusy_exchange_cn3",
    ];
}

/// A configuration problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A line of `zmprov` / `zmlocalconfig` output that is not `name: value` / `key = value`.
    #[error("line {line}: expected \"name: value\", found {text:?}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// The line.
        text: String,
    },
    /// An attribute has a value that is not allowed.
    #[error("{attribute}: {value:?}: {reason}")]
    Invalid {
        /// The attribute.
        attribute: &'static str,
        /// The value (never a password).
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Attribute name/value pairs as `zmprov ga` / `zmprov gd` / `zmprov gacf` print them.
/// Multi-valued attributes repeat the name; lines that do not start a new `name: value`
/// continue the previous value; `#` lines and blank lines are skipped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AttrSet {
    attrs: BTreeMap<String, Vec<String>>,
}

impl fmt::Debug for AttrSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, vs) in &self.attrs {
            if k == attr::AUTH_PASSWORD {
                m.entry(k, &"<redacted>");
            } else {
                m.entry(k, vs);
            }
        }
        m.finish()
    }
}

fn is_attr_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-' || x == '.')
}

impl AttrSet {
    /// No attributes.
    pub fn new() -> Self {
        AttrSet::default()
    }

    /// Parses `zmprov` output.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Syntax`] for text before the first `name: value` line.
    pub fn parse_zmprov(text: &str) -> Result<Self, ConfigError> {
        let mut set = AttrSet::new();
        let mut last: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_end_matches('\r');
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some((name, value)) = trimmed.split_once(':')
                && is_attr_name(name)
                && (value.is_empty() || value.starts_with(' '))
            {
                let value = value.strip_prefix(' ').unwrap_or(value);
                set.push(name, value);
                last = Some(name.to_owned());
                continue;
            }
            match last
                .as_ref()
                .and_then(|n| set.attrs.get_mut(n))
                .and_then(|v| v.last_mut())
            {
                Some(v) => {
                    v.push('\n');
                    v.push_str(trimmed);
                }
                None => {
                    return Err(ConfigError::Syntax {
                        line: i + 1,
                        text: trimmed.to_owned(),
                    });
                }
            }
        }
        Ok(set)
    }

    /// Adds a value.
    pub fn push(&mut self, name: &str, value: &str) {
        self.attrs
            .entry(name.to_owned())
            .or_default()
            .push(value.to_owned());
    }

    /// Builder form of [`AttrSet::push`].
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.push(name, value);
        self
    }

    /// The first value of `name`; an empty value counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// All values of `name`.
    pub fn get_all(&self, name: &str) -> &[String] {
        self.attrs.get(name).map_or(&[], Vec::as_slice)
    }
}

/// `zmlocalconfig` output: `key = value` lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalConfig {
    keys: BTreeMap<String, String>,
}

impl LocalConfig {
    /// Parses `zmlocalconfig` output (`key = value`; `#` and blank lines skipped).
    ///
    /// # Errors
    ///
    /// [`ConfigError::Syntax`] for a line without `=`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut keys = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let Some((k, v)) = t.split_once('=') else {
                return Err(ConfigError::Syntax {
                    line: i + 1,
                    text: t.to_owned(),
                });
            };
            keys.insert(k.trim().to_owned(), v.trim().to_owned());
        }
        Ok(LocalConfig { keys })
    }

    /// Sets a key.
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.keys.insert(key.to_owned(), value.to_owned());
        self
    }

    /// A key's value; an empty value counts as unset.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// How Zimbra logs in to Exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// HTTP basic authentication.
    Basic,
    /// Forms-based authentication (`owaauth.dll`, session cookies).
    Form,
}

/// Which Exchange protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerType {
    /// Public-folder free/busy over WebDAV (Exchange 2007 and older).
    WebDav,
    /// Exchange Web Services (2010 and newer).
    Ews,
}

/// A credential: its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A duration in Zimbra's attribute syntax: digits and a unit, `d`, `h`, `m` (minutes),
/// `s` or `ms`; digits alone are seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZimbraDuration {
    millis: u64,
}

impl ZimbraDuration {
    /// A duration of `millis` milliseconds.
    pub fn from_millis(millis: u64) -> Self {
        ZimbraDuration { millis }
    }

    /// Parses `7d`, `60d`, `1m`, `2h`, `30s`, `500ms`, `45`.
    ///
    /// # Errors
    ///
    /// A static reason when the text is not a duration.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (num, unit) = s.split_at(digits_end);
        if num.is_empty() {
            return Err("not a duration: expected digits and a unit d, h, m, s or ms (e.g. 7d)");
        }
        let n: u64 = num.parse().map_err(|_| "duration out of range")?;
        let per: u64 = match unit {
            "d" => 86_400_000,
            "h" => 3_600_000,
            "m" => 60_000,
            "s" | "" => 1_000,
            "ms" => 1,
            _ => return Err("unknown duration unit: expected d, h, m, s or ms"),
        };
        n.checked_mul(per)
            .map(ZimbraDuration::from_millis)
            .ok_or("duration out of range")
    }

    /// The duration in milliseconds.
    pub fn as_millis(self) -> u64 {
        self.millis
    }

    /// As a [`std::time::Duration`].
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_millis(self.millis)
    }
}

/// Writes the largest unit that divides the duration (`60d`, `1m`, `1500ms`).
impl fmt::Display for ZimbraDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.millis;
        for (per, unit) in [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "m"),
            (1_000, "s"),
        ] {
            if m != 0 && m.is_multiple_of(per) {
                return write!(f, "{}{unit}", m / per);
            }
        }
        write!(f, "{m}ms")
    }
}

/// The configuration of one account's Exchange interop, fully resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeConfig {
    /// `zimbraFreebusyExchangeURL`.
    pub url: String,
    /// `zimbraFreebusyExchangeAuthScheme`.
    pub auth_scheme: AuthScheme,
    /// `zimbraFreebusyExchangeAuthUsername`.
    pub username: String,
    /// `zimbraFreebusyExchangeAuthPassword` (redacted in `Debug`).
    pub password: Secret,
    /// `zimbraFreebusyExchangeUserOrg`.
    pub user_org: Option<String>,
    /// `zimbraFreebusyExchangeCachedIntervalStart` (default 7d).
    pub cached_interval_start: ZimbraDuration,
    /// `zimbraFreebusyExchangeCachedInterval` (default 60d).
    pub cached_interval: ZimbraDuration,
    /// `zimbraFreebusyExchangeServerType`.
    pub server_type: ServerType,
    /// `zimbraFreebusyPropagationRetryInterval` (default 1m).
    pub propagation_retry_interval: ZimbraDuration,
    /// The account's `zimbraForeignPrincipal` `ad:<cn>`: its Exchange mailbox cn.
    pub foreign_principal: Option<String>,
    /// `freebusy_exchange_cn1..3`: override the `cn=Recipients` part of legacyExchangeDN.
    pub recipients_cn: [Option<String>; 3],
}

impl ExchangeConfig {
    /// The account's legacyExchangeDN: `<user org>/cn=<cn1 or Recipients>[/cn=<cn2>][/cn=<cn3>]/cn=<ad cn>`,
    /// when both the user org and the foreign principal are known.
    pub fn legacy_dn(&self) -> Option<String> {
        let org = self.user_org.as_deref()?;
        let cn = self.foreign_principal.as_deref()?;
        let mut dn = org.trim_end_matches('/').to_owned();
        dn.push_str("/cn=");
        dn.push_str(self.recipients_cn[0].as_deref().unwrap_or("Recipients"));
        for extra in self.recipients_cn[1..].iter().flatten() {
            dn.push_str("/cn=");
            dn.push_str(extra);
        }
        dn.push_str("/cn=");
        dn.push_str(cn);
        Some(dn)
    }
}

/// The outcome of [`resolve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Everything needed is set.
    Configured(Box<ExchangeConfig>),
    /// The interop is off for this account: no server type, or the URL, user name,
    /// password or auth scheme missing. Lists the attributes missing.
    NotConfigured {
        /// The missing attributes.
        missing: Vec<&'static str>,
    },
}

/// Resolves the interop configuration of one account as Zimbra does: each attribute from
/// the account, else its domain, else the global config; `zimbraForeignPrincipal` from
/// the account only; `freebusy_exchange_cn1..3` from local config.
///
/// # Errors
///
/// [`ConfigError::Invalid`] for a value that is set but wrong (unknown scheme or server
/// type, bad duration, URL not http(s), `ad:` principal without a name).
pub fn resolve(
    account: &AttrSet,
    domain: &AttrSet,
    global: &AttrSet,
    local: &LocalConfig,
) -> Result<Resolved, ConfigError> {
    let get = |name: &str| {
        account
            .get(name)
            .or_else(|| domain.get(name))
            .or_else(|| global.get(name))
    };
    let required = [
        attr::SERVER_TYPE,
        attr::URL,
        attr::AUTH_USERNAME,
        attr::AUTH_PASSWORD,
        attr::AUTH_SCHEME,
    ];
    let missing: Vec<&'static str> = required.into_iter().filter(|a| get(a).is_none()).collect();
    let (Some(server_type), Some(url), Some(username), Some(password), Some(scheme)) = (
        get(attr::SERVER_TYPE),
        get(attr::URL),
        get(attr::AUTH_USERNAME),
        get(attr::AUTH_PASSWORD),
        get(attr::AUTH_SCHEME),
    ) else {
        return Ok(Resolved::NotConfigured { missing });
    };
    let bad = |attribute: &'static str, value: &str, reason: &'static str| ConfigError::Invalid {
        attribute,
        value: value.to_owned(),
        reason,
    };
    let server_type = match server_type.trim().to_ascii_lowercase().as_str() {
        "webdav" => ServerType::WebDav,
        "ews" => ServerType::Ews,
        _ => {
            return Err(bad(
                attr::SERVER_TYPE,
                server_type,
                "expected webdav or ews",
            ));
        }
    };
    let auth_scheme = match scheme.trim().to_ascii_lowercase().as_str() {
        "basic" => AuthScheme::Basic,
        "form" => AuthScheme::Form,
        _ => return Err(bad(attr::AUTH_SCHEME, scheme, "expected basic or form")),
    };
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        return Err(bad(
            attr::URL,
            url,
            "expected an http:// or https:// URL with a host",
        ));
    }
    let duration = |name: &'static str, default: &str| -> Result<ZimbraDuration, ConfigError> {
        let v = get(name).unwrap_or(default);
        ZimbraDuration::parse(v).map_err(|r| bad(name, v, r))
    };
    let foreign_principal = match account
        .get_all(attr::FOREIGN_PRINCIPAL)
        .iter()
        .find_map(|p| p.strip_prefix("ad:"))
    {
        Some(cn) if cn.trim().is_empty() => {
            return Err(bad(
                attr::FOREIGN_PRINCIPAL,
                "ad:",
                "ad: principal without a name",
            ));
        }
        Some(cn) => Some(cn.trim().to_owned()),
        None => None,
    };
    let [c1, c2, c3] = attr::LOCAL_CN.map(|k| local.get(k).map(str::to_owned));
    Ok(Resolved::Configured(Box::new(ExchangeConfig {
        url: url.to_owned(),
        auth_scheme,
        username: username.to_owned(),
        password: Secret::new(password),
        user_org: get(attr::USER_ORG).map(|s| s.trim().to_owned()),
        cached_interval_start: duration(attr::CACHED_INTERVAL_START, "7d")?,
        cached_interval: duration(attr::CACHED_INTERVAL, "60d")?,
        server_type,
        propagation_retry_interval: duration(attr::PROPAGATION_RETRY_INTERVAL, "1m")?,
        foreign_principal,
        recipients_cn: [c1, c2, c3],
    })))
}
