//! Sans-IO WebDAV client: requests, multistatus, properties kept as exact XML, transports, auth and an in-memory store
