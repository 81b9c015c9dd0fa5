//! The shared free/busy vocabulary: five statuses, UTC intervals and their one JSON form
