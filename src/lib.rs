//! Free/busy interoperability between Zimbra and Microsoft Exchange.
//!
//! This facade re-exports the workspace's protocol crates under one name.

pub use interop_xml as xml;
