//! The pure conversion core between every free/busy format
