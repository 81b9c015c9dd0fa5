//! Where a user's free/busy message lives: legacyExchangeDN → folder, subject and WebDAV URL
//! (wire-formats 2.4).
//!
//! ```
//! use exchange_freebusy::address::{LegacyDn, MessageAddress};
//!
//! let dn = LegacyDn::parse("/o=Microsoft/ou=APPS-ABC/cn=FOLDER/cn=ASAMPLE")?;
//! assert_eq!(dn.folder(), "EX:/o=Microsoft/ou=APPS-ABC");
//! assert_eq!(dn.subject(), "USER-/CN=FOLDER/CN=ASAMPLE");
//! let base = url::Url::parse("http://example.org")?;
//! let address = MessageAddress::new(&base, &dn)?;
//! assert_eq!(
//!     address.url(&base).as_str(),
//!     "http://example.org/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC/USER-_xF8FF_cn=FOLDER_xF8FF_cn=ASAMPLE.EML"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use url::Url;
use webdav::path::{ResourcePath, escape_chars, unescape_chars};

use crate::error::{DnProblem, Error};

/// Exchange's escapes for characters that cannot sit in one path segment
/// (`_xHHHH_`, wire-formats 2.4; Evolution's table).
pub const EXCHANGE_ESCAPES: &[(char, u16)] =
    &[('/', 0xF8FF), ('?', 0x003F), ('\\', 0xF8FE), ('~', 0x007E)];

/// The segments of the free/busy folder tree under the server's root.
pub const FREE_BUSY_ROOT: [&str; 3] = ["public", "NON_IPM_SUBTREE", "SCHEDULE+ FREE BUSY"];

/// The default recipients container (`cn=Recipients`); see [`LegacyDn::from_parts`].
pub const DEFAULT_RECIPIENTS_CONTAINER: &str = "Recipients";

/// A legacyExchangeDN such as `/o=First Organization/ou=First Administrative Group/cn=Recipients/cn=jdoe`,
/// split at its first `/cn=` (matched case-insensitively).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LegacyDn {
    dn: String,
    cn_at: usize,
}

impl LegacyDn {
    /// Parses a DN: `/`-separated `key=value` parts, an organization (`/o=`, `/ou=` …) and
    /// then at least one `/cn=` part. Keys match case-insensitively; case is kept.
    ///
    /// # Errors
    ///
    /// [`Error::Dn`] naming the DN and the problem ([`DnProblem`]).
    pub fn parse(dn: &str) -> Result<LegacyDn, Error> {
        let fail = |problem| Error::Dn {
            dn: dn.to_string(),
            problem,
        };
        let Some(rest) = dn.strip_prefix('/') else {
            return Err(fail(DnProblem::NotAbsolute));
        };
        let mut offset = 1;
        let mut cn_at = None;
        for part in rest.split('/') {
            let Some((key, _)) = part.split_once('=') else {
                return Err(fail(DnProblem::BadPart {
                    part: part.to_string(),
                }));
            };
            if key.is_empty() {
                return Err(fail(DnProblem::BadPart {
                    part: part.to_string(),
                }));
            }
            if cn_at.is_none() && key.eq_ignore_ascii_case("cn") {
                cn_at = Some(offset - 1);
            }
            offset += part.len() + 1;
        }
        match cn_at {
            None => Err(fail(DnProblem::MissingCn)),
            Some(0) => Err(fail(DnProblem::MissingOrganization)),
            Some(cn_at) => Ok(LegacyDn {
                dn: dn.to_string(),
                cn_at,
            }),
        }
    }

    /// Builds `<organization>/cn=<container>/cn=<name>`: the organization part
    /// (`zimbraFreebusyExchangeUserOrg`, e.g. `/o=Org/ou=First Administrative Group`), the
    /// recipients container (configurable, Zimbra bug 37393; usually
    /// [`DEFAULT_RECIPIENTS_CONTAINER`]) and the user's cn.
    ///
    /// ```
    /// use exchange_freebusy::address::LegacyDn;
    ///
    /// let dn = LegacyDn::from_parts("/o=Org/ou=AG", "Staff", "jdoe")?;
    /// assert_eq!(dn.as_str(), "/o=Org/ou=AG/cn=Staff/cn=jdoe");
    /// assert_eq!(dn.subject(), "USER-/CN=STAFF/CN=JDOE");
    /// # Ok::<(), exchange_freebusy::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidContainer`] for an empty container or one with `/`; [`Error::Dn`]
    /// when the result is not a DN (e.g. the organization is empty).
    pub fn from_parts(organization: &str, container: &str, name: &str) -> Result<LegacyDn, Error> {
        if container.is_empty() || container.contains('/') {
            return Err(Error::InvalidContainer {
                container: container.to_string(),
            });
        }
        LegacyDn::parse(&format!("{organization}/cn={container}/cn={name}"))
    }

    /// Rebuilds the DN from a message path made by [`MessageAddress`]
    /// (`…/EX:<org>/USER-<cn part>.EML`), when the path has that shape.
    #[must_use]
    pub fn from_message_path(path: &ResourcePath) -> Option<LegacyDn> {
        let [.., folder, item] = path.segments()[..] else {
            return None;
        };
        let folder = unescape_chars(folder, EXCHANGE_ESCAPES);
        let item = unescape_chars(item, EXCHANGE_ESCAPES);
        let org = strip_prefix_ignore_case(&folder, "EX:")?;
        let rest = strip_prefix_ignore_case(&item, "USER-")?;
        let cn = rest.len().checked_sub(4).and_then(|i| {
            let (cn, ext) = (rest.get(..i)?, rest.get(i..)?);
            ext.eq_ignore_ascii_case(".EML").then_some(cn)
        })?;
        let dn = LegacyDn::parse(&format!("{org}{cn}")).ok()?;
        (dn.cn_at == org.len()).then_some(dn)
    }

    /// The whole DN.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.dn
    }

    /// The part before the first `/cn=`: `/o=First Organization/ou=First Administrative Group`.
    #[must_use]
    pub fn organization(&self) -> &str {
        self.dn.get(..self.cn_at).unwrap_or_default()
    }

    /// The part from the first `/cn=` on: `/cn=Recipients/cn=jdoe`.
    #[must_use]
    pub fn recipient(&self) -> &str {
        self.dn.get(self.cn_at..).unwrap_or_default()
    }

    /// The MAPI folder name: `EX:` + [`organization`](Self::organization).
    #[must_use]
    pub fn folder(&self) -> String {
        format!("EX:{}", self.organization())
    }

    /// The message subject: `USER-` + [`recipient`](Self::recipient), upper-cased.
    #[must_use]
    pub fn subject(&self) -> String {
        format!("USER-{}", self.recipient().to_uppercase())
    }

    /// The message's file name before escaping: `USER-` + the recipient part (case kept) +
    /// `.EML`.
    #[must_use]
    pub fn item_name(&self) -> String {
        format!("USER-{}.EML", self.recipient())
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))?
}

impl fmt::Display for LegacyDn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dn)
    }
}

impl std::str::FromStr for LegacyDn {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        LegacyDn::parse(s)
    }
}

/// The WebDAV location of one user's free/busy message under a base URL (whose path, if
/// any, is kept as a prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageAddress {
    dn: LegacyDn,
    folder: ResourcePath,
    item: ResourcePath,
}

impl MessageAddress {
    /// `<base>/public/NON_IPM_SUBTREE/SCHEDULE+ FREE BUSY/EX:<org>/USER-<cn part>.EML`, each
    /// segment escaped with [`EXCHANGE_ESCAPES`] (percent-encoding happens when the path is
    /// written).
    ///
    /// # Errors
    ///
    /// [`Error::Path`] when the base URL's path or a segment is unusable.
    pub fn new(base: &Url, dn: &LegacyDn) -> Result<MessageAddress, Error> {
        let prefix = ResourcePath::from_url(base)?;
        let mut folder = prefix.as_item();
        for s in FREE_BUSY_ROOT {
            folder = folder.join(s)?;
        }
        let folder = folder.join(&escape_chars(&dn.folder(), EXCHANGE_ESCAPES))?;
        let item = folder.join(&escape_chars(&dn.item_name(), EXCHANGE_ESCAPES))?;
        Ok(MessageAddress {
            dn: dn.clone(),
            folder: folder.as_collection(),
            item,
        })
    }

    /// The DN.
    #[must_use]
    pub fn dn(&self) -> &LegacyDn {
        &self.dn
    }

    /// The admin-group folder (collection form).
    #[must_use]
    pub fn folder(&self) -> &ResourcePath {
        &self.folder
    }

    /// The message.
    #[must_use]
    pub fn item(&self) -> &ResourcePath {
        &self.item
    }

    /// The message's full URL.
    #[must_use]
    pub fn url(&self, base: &Url) -> Url {
        self.item.to_url(base)
    }

    /// The folder's full URL.
    #[must_use]
    pub fn folder_url(&self, base: &Url) -> Url {
        self.folder.to_url(base)
    }
}
