//! Unit tests of `freebusy-types/src/status.rs`, run against the public API.

use freebusy_types::*;

#[test]
fn order_is_busyness() {
    let mut sorted = Status::ALL;
    sorted.sort();
    assert_eq!(sorted, Status::ALL);
    assert!(Status::Free < Status::NoData);
    assert!(Status::NoData < Status::Tentative);
    assert!(Status::Tentative < Status::Busy);
    assert!(Status::Busy < Status::OutOfOffice);
}

#[test]
fn busier_is_max_and_symmetric() {
    for a in Status::ALL {
        for b in Status::ALL {
            assert_eq!(a.busier(b), a.max(b));
            assert_eq!(a.busier(b), b.busier(a));
        }
    }
}

#[test]
fn names_round_trip() {
    let names = ["free", "nodata", "tentative", "busy", "oof"];
    for (status, name) in Status::ALL.into_iter().zip(names) {
        assert_eq!(status.as_str(), name);
        assert_eq!(status.to_string(), name);
        assert_eq!(name.parse::<Status>().unwrap(), status);
    }
}

#[test]
fn parse_is_exact() {
    for bad in [
        "Busy",
        "BUSY",
        " busy",
        "busy ",
        "",
        "out-of-office",
        "no data",
    ] {
        let err = bad.parse::<Status>().unwrap_err();
        assert_eq!(err.value(), bad);
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
}

#[test]
fn only_free_is_free() {
    assert!(Status::Free.is_free());
    assert!(!Status::NoData.is_free());
    assert!(!Status::Busy.is_free());
}
