//! Where in a document a decoder is: a chain of path segments on the stack, formatted only
//! when an error needs it (so a successful decode never builds a path string).

use std::fmt::Write;

/// One step of a path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seg<'a> {
    /// The root, e.g. `Envelope` or `GetFreeBusyResponse`.
    Root(&'a str),
    /// A named child.
    Name(&'a str),
    /// The `index`-th (1-based) child named `name`.
    Indexed(&'a str, usize),
    /// A `usr` element, named by its id (or name) when known.
    User(usize, Option<&'a str>),
}

/// A position: the path to the element and, for XML, the byte offset of its start tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    seg: Seg<'a>,
    offset: Option<u64>,
}

impl<'a> Loc<'a> {
    pub(crate) fn root(name: &'a str, offset: Option<u64>) -> Self {
        Loc {
            parent: None,
            seg: Seg::Root(name),
            offset,
        }
    }

    pub(crate) fn child(&'a self, name: &'a str, offset: Option<u64>) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::Name(name),
            offset,
        }
    }

    pub(crate) fn indexed(&'a self, name: &'a str, index: usize, offset: Option<u64>) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::Indexed(name, index),
            offset,
        }
    }

    pub(crate) fn user(
        &'a self,
        index: usize,
        id: Option<&'a str>,
        offset: Option<u64>,
    ) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Seg::User(index, id),
            offset,
        }
    }

    /// The path, e.g. `/Envelope/Body/GetFreeBusyResponse/usr[id=a@x]/b[3]`.
    pub(crate) fn path(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(l) = cur {
            segs.push(l.seg);
            cur = l.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            out.push('/');
            match seg {
                Seg::Root(n) | Seg::Name(n) => out.push_str(n),
                Seg::Indexed(n, i) => {
                    let _ = write!(out, "{n}[{i}]");
                }
                Seg::User(i, Some(id)) => {
                    let _ = write!(out, "usr[{i}][id={id}]");
                }
                Seg::User(i, None) => {
                    let _ = write!(out, "usr[{i}]");
                }
            }
        }
        out
    }

    /// The byte offset of the nearest element that has one.
    pub(crate) fn offset(&self) -> Option<u64> {
        let mut cur = Some(self);
        while let Some(l) = cur {
            if l.offset.is_some() {
                return l.offset;
            }
            cur = l.parent;
        }
        None
    }

    /// The user (`usr` id or name) this position is inside, if any.
    pub(crate) fn user_id(&self) -> Option<String> {
        let mut cur = Some(self);
        while let Some(l) = cur {
            if let Seg::User(_, id) = l.seg {
                return id.map(str::to_owned);
            }
            cur = l.parent;
        }
        None
    }

    pub(crate) fn at(&self) -> Box<crate::error::At> {
        Box::new(crate::error::At {
            path: self.path(),
            offset: self.offset(),
            user: self.user_id(),
        })
    }
}
