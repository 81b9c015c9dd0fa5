//! Publishing and lookup over WebDAV as sans-IO request values ([`webdav::Operation`]s):
//! drive them with any transport that runs an `Operation`.
//!
//! The robust publish is two steps: [`FindMessage`] (SEARCH by subject in the user's
//! folder), then [`Publish`] at the [`Target`] it yields: the href found (an Outlook-made
//! message may sit at a differently cased URL or a `-2.EML` duplicate), else the computed
//! URL. On servers that are not Exchange (where PROPPATCH does not create a missing item),
//! [`Publish::create_on_missing`] turns the 404 into [`PublishOutcome::Missing`]; send
//! [`Publish::create`] (an empty `PUT`) and publish again.
//!
//! ```
//! use exchange_freebusy::address::{LegacyDn, MessageAddress};
//! use exchange_freebusy::ops::{FindMessage, Publish, SearchHits, Target};
//! use exchange_freebusy::FreeBusyMessage;
//! use webdav::Operation;
//!
//! let base = url::Url::parse("http://exchange.example/")?;
//! let dn = LegacyDn::parse("/o=Org/ou=AG/cn=Recipients/cn=jdoe")?;
//! let address = MessageAddress::new(&base, &dn)?;
//! let find = FindMessage::new(&base, &address);
//! let req = find.request(&base)?;
//! assert_eq!(req.method().as_str(), "SEARCH");
//! let body = String::from_utf8(req.body().clone())?;
//! assert!(body.contains("WHERE \"http://schemas.microsoft.com/mapi/subject\" = 'USER-/CN=RECIPIENTS/CN=JDOE'"));
//!
//! // Nothing found: publish at the computed URL.
//! let hits = SearchHits::default();
//! let target = Target::choose(&address, &hits);
//! assert_eq!(target, Target::New(address.item().clone()));
//! let publish = Publish::new(&target, &FreeBusyMessage::new(&dn));
//! assert_eq!(publish.request(&base)?.method().as_str(), "PROPPATCH");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use http::{Request, Response, StatusCode};
use url::Url;
use webdav::ops::{Depth, PropFind, PropPatch, PropPatchOutcome, Put, Search};
use webdav::path::ResourcePath;
use webdav::{Multistatus, Operation};

use crate::address::MessageAddress;
use crate::error::Error;
use crate::message::{
    FoundMessage, FreeBusyMessage, MAPI_NS, fetch_property_names, search_property_names,
};

/// PROPFIND (Depth 0) of one message's free/busy properties.
#[derive(Clone, Debug)]
pub struct FetchMessage {
    propfind: PropFind,
}

impl FetchMessage {
    /// Fetches the message at `path` (with `Translate: f`).
    #[must_use]
    pub fn new(path: ResourcePath) -> FetchMessage {
        FetchMessage {
            propfind: PropFind::props(path, Depth::Zero, fetch_property_names()).translate_f(),
        }
    }

    /// The underlying PROPFIND (to add headers or limits).
    #[must_use]
    pub fn propfind(&self) -> &PropFind {
        &self.propfind
    }
}

impl Operation for FetchMessage {
    /// `Ok(None)` when there is no message at the path (404); the inner error when the
    /// message does not decode.
    type Output = Result<Option<FoundMessage>, Error>;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, webdav::Error> {
        self.propfind.request(base)
    }

    fn response(
        &self,
        base: &Url,
        response: Response<Vec<u8>>,
    ) -> Result<Self::Output, webdav::Error> {
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(Ok(None));
        }
        let ms = self.propfind.response(base, response)?;
        let found = ms
            .response_for(&self.propfind.path)
            .or_else(|| ms.responses.first());
        Ok(found.map(FreeBusyMessage::from_response).transpose())
    }
}

/// The SQL of a SEARCH for free/busy messages by subject in a folder (GCC's
/// `LoadFreeBusy.xml` shape; `'` in the subject doubled).
#[must_use]
pub fn search_sql(folder_url: &Url, subject: &str) -> String {
    let select: Vec<String> = search_property_names()
        .iter()
        .map(|n| format!("\"{}{}\"", n.ns(), n.local()))
        .collect();
    format!(
        "SELECT {} FROM \"{}\" WHERE \"{MAPI_NS}subject\" = '{}'",
        select.join(", "),
        folder_url.as_str().replace('"', "%22"),
        subject.replace('\'', "''")
    )
}

/// Exchange `SEARCH` for the messages with a user's subject in the user's folder.
#[derive(Clone, Debug)]
pub struct FindMessage {
    search: Search,
}

impl FindMessage {
    /// Searches `address`'s folder for its subject (with `Translate: f`). `base` is the URL
    /// the request goes to (the SQL names the folder by full URL).
    #[must_use]
    pub fn new(base: &Url, address: &MessageAddress) -> FindMessage {
        FindMessage::by_subject(base, address.folder().clone(), &address.dn().subject())
    }

    /// Searches `folder` for `subject`.
    #[must_use]
    pub fn by_subject(base: &Url, folder: ResourcePath, subject: &str) -> FindMessage {
        let sql = search_sql(&folder.to_url(base), subject);
        FindMessage {
            search: Search::new(folder, sql).translate_f(),
        }
    }

    /// The underlying SEARCH.
    #[must_use]
    pub fn search(&self) -> &Search {
        &self.search
    }
}

/// What a SEARCH found (possibly nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchHits {
    /// The answer.
    pub multistatus: Option<Multistatus>,
}

impl SearchHits {
    /// The hrefs found, in order.
    pub fn hrefs(&self) -> impl Iterator<Item = &ResourcePath> {
        self.multistatus
            .iter()
            .flat_map(|m| m.responses.iter().map(|r| &r.href))
    }

    /// The messages found, decoded.
    ///
    /// # Errors
    ///
    /// As [`FreeBusyMessage::from_multistatus`].
    pub fn messages(&self) -> Result<Vec<FoundMessage>, Error> {
        match &self.multistatus {
            Some(ms) => FreeBusyMessage::from_multistatus(ms),
            None => Ok(Vec::new()),
        }
    }
}

impl Operation for FindMessage {
    type Output = SearchHits;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, webdav::Error> {
        self.search.request(base)
    }

    fn response(
        &self,
        base: &Url,
        response: Response<Vec<u8>>,
    ) -> Result<SearchHits, webdav::Error> {
        let ms = self.search.response(base, response)?;
        Ok(SearchHits {
            multistatus: Some(ms),
        })
    }
}

/// Where to publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A message that exists (found by SEARCH): update it.
    Existing(ResourcePath),
    /// No message yet: create it at the computed URL.
    New(ResourcePath),
}

impl Target {
    /// Picks the message to update among SEARCH hits whose subject (if reported) matches
    /// case-insensitively: the one at the computed URL (compared ignoring ASCII case) if
    /// found, else the first; none → [`Target::New`] at the computed URL.
    #[must_use]
    pub fn choose(address: &MessageAddress, hits: &SearchHits) -> Target {
        let subject = address.dn().subject();
        let candidates: Vec<&ResourcePath> = hits
            .multistatus
            .iter()
            .flat_map(|m| m.responses.iter())
            .filter(|r| r.status.is_none_or(|s| s.is_success()))
            .filter(|r| {
                r.prop_ignore_case(MAPI_NS, "subject")
                    .is_none_or(|p| p.value().trim().eq_ignore_ascii_case(&subject))
            })
            .map(|r| &r.href)
            .collect();
        let computed = address.item();
        if let Some(same) = candidates
            .iter()
            .find(|h| h.same_resource_ignore_ascii_case(computed))
        {
            return Target::Existing((*same).clone());
        }
        match candidates.first() {
            Some(h) => Target::Existing((*h).clone()),
            None => Target::New(computed.clone()),
        }
    }

    /// The path.
    #[must_use]
    pub fn path(&self) -> &ResourcePath {
        match self {
            Target::Existing(p) | Target::New(p) => p,
        }
    }
}

/// PROPPATCH publishing a message.
#[derive(Clone, Debug)]
pub struct Publish {
    proppatch: PropPatch,
    create_on_missing: bool,
}

/// The result of [`Publish`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublishOutcome {
    /// Every property was written.
    Published(PropPatchOutcome),
    /// The item does not exist and the server does not create it on PROPPATCH (only with
    /// [`Publish::create_on_missing`]): send [`Publish::create`], then publish again.
    Missing,
}

impl Publish {
    /// Publishes `message` at `target` (`Translate: f`; `Brief: t` when updating).
    #[must_use]
    pub fn new(target: &Target, message: &FreeBusyMessage) -> Publish {
        let mut proppatch = message.proppatch(target.path().clone());
        if matches!(target, Target::Existing(_)) {
            proppatch = proppatch.brief();
        }
        Publish {
            proppatch,
            create_on_missing: false,
        }
    }

    /// Reports a 404 as [`PublishOutcome::Missing`] instead of an error (servers that are
    /// not Exchange).
    #[must_use]
    pub fn create_on_missing(mut self) -> Publish {
        self.create_on_missing = true;
        self
    }

    /// The underlying PROPPATCH.
    #[must_use]
    pub fn proppatch(&self) -> &PropPatch {
        &self.proppatch
    }

    /// An empty `PUT` creating the item (`message/rfc822`), for [`PublishOutcome::Missing`].
    #[must_use]
    pub fn create(&self) -> Put {
        Put::new(self.proppatch.path.clone(), Vec::new(), "message/rfc822").translate_f()
    }
}

impl Operation for Publish {
    type Output = PublishOutcome;

    fn request(&self, base: &Url) -> Result<Request<Vec<u8>>, webdav::Error> {
        self.proppatch.request(base)
    }

    /// A 207 with any failed property is [`webdav::Error::PartialFailure`], never a success.
    fn response(
        &self,
        base: &Url,
        response: Response<Vec<u8>>,
    ) -> Result<PublishOutcome, webdav::Error> {
        match self.proppatch.response(base, response) {
            Ok(o) => Ok(PublishOutcome::Published(o)),
            Err(webdav::Error::UnexpectedStatus { status, .. })
                if self.create_on_missing && status == StatusCode::NOT_FOUND =>
            {
                Ok(PublishOutcome::Missing)
            }
            Err(e) => Err(e),
        }
    }
}
