//! Unit tests of `exchange-freebusy/src/blocks.rs`, run against the public API.

use exchange_freebusy::blocks::*;
use exchange_freebusy::time::{Month, SysTime};
use exchange_freebusy::{BlockError, Error};

fn month(y: i64, m: i64) -> Month {
    Month::new(y, m).unwrap()
}

fn at(m: Month, minute: i32) -> SysTime {
    SysTime::new(m.start().minutes() + minute).unwrap()
}

#[test]
fn derived_blob_vectors() {
    let feb = month(2008, 2);
    let mb = MonthBlocks::new(feb, vec![Block::new(2640, 2700).unwrap()]).unwrap();
    assert_eq!(mb.encode(), [0x50, 0x0A, 0x8C, 0x0A]);
    assert_eq!(mb.to_base64(), "UAqMCg==");
    // Back-to-back events merge.
    let mb = MonthBlocks::merged(
        feb,
        vec![
            Block::new(2640, 2700).unwrap(),
            Block::new(2700, 2760).unwrap(),
        ],
    )
    .unwrap();
    assert_eq!(mb.to_base64(), "UArICg==");
    assert_eq!(mb.encode(), [0x50, 0x0A, 0xC8, 0x0A]);
    let oct = month(1999, 10);
    let mb = MonthBlocks::from_base64(oct, 0, "HE1YTQ==").unwrap();
    assert_eq!(mb.blocks(), [Block::new(19740, 19800).unwrap()]);
    let jan = month(2008, 1);
    assert_eq!(
        MonthBlocks::from_base64(jan, 0, "vAf4Bw==")
            .unwrap()
            .blocks(),
        [Block::new(1980, 2040).unwrap()]
    );
    let busy = MonthBlocks::from_base64(jan, 0, "ugnYCYwKQAs=").unwrap();
    assert_eq!(
        busy.blocks(),
        [
            Block::new(2490, 2520).unwrap(),
            Block::new(2700, 2880).unwrap()
        ]
    );
    assert_eq!(busy.to_base64(), "ugnYCYwKQAs=");
    assert_eq!(
        busy.encode(),
        [0xBA, 0x09, 0xD8, 0x09, 0x8C, 0x0A, 0x40, 0x0B]
    );
}

#[test]
fn gcc_month_split_vectors() {
    let (aug, sep, oct) = (month(2007, 8), month(2007, 9), month(2007, 10));
    let months = split_months([(at(aug, 20985), at(oct, 14565))]).unwrap();
    assert_eq!(
        months,
        [
            MonthBlocks::new(aug, vec![Block::new(20985, 44640).unwrap()]).unwrap(),
            MonthBlocks::new(sep, vec![Block::new(0, 43200).unwrap()]).unwrap(),
            MonthBlocks::new(oct, vec![Block::new(0, 14565).unwrap()]).unwrap(),
        ]
    );
    // GCC's own form (last minute, L - 1) reads back the same.
    let gcc = [
        MonthBlocks::new(aug, vec![Block::new(20985, 44639).unwrap()]).unwrap(),
        MonthBlocks::new(sep, vec![Block::new(0, 43199).unwrap()]).unwrap(),
        MonthBlocks::new(oct, vec![Block::new(0, 14565).unwrap()]).unwrap(),
    ];
    assert_eq!(MonthBlocks::join(&gcc), [(at(aug, 20985), at(oct, 14565))]);
    assert_eq!(
        MonthBlocks::join(&months),
        [(at(aug, 20985), at(oct, 14565))]
    );

    // 2008-01-01 00:00 → 2008-03-31 23:59: Jan, leap Feb, Mar.
    let (jan, feb, mar) = (month(2008, 1), month(2008, 2), month(2008, 3));
    assert_eq!(feb.next(), Some(mar));
    let months = split_months([(at(jan, 0), at(mar, 44639))]).unwrap();
    let pieces: Vec<_> = months
        .iter()
        .map(|m| (m.month().value(), m.blocks().to_vec()))
        .collect();
    assert_eq!(
        pieces,
        [
            (32129, vec![Block::new(0, 44640).unwrap()]),
            (32130, vec![Block::new(0, 41760).unwrap()]),
            (32131, vec![Block::new(0, 44639).unwrap()]),
        ]
    );
    // The end at L - 1 of March reads as the end of March (busy time never shrinks).
    assert_eq!(MonthBlocks::join(&months), [(at(jan, 0), at(mar, 44640))]);
}

#[test]
fn joins_only_at_month_boundaries() {
    let (jan, feb, apr) = (month(2008, 1), month(2008, 2), month(2008, 4));
    // Ends two minutes early: no join.
    let m = [
        MonthBlocks::new(jan, vec![Block::new(100, 44638).unwrap()]).unwrap(),
        MonthBlocks::new(feb, vec![Block::new(0, 10).unwrap()]).unwrap(),
    ];
    assert_eq!(MonthBlocks::join(&m).len(), 2);
    // Next month value missing (Jan → Apr): no join either.
    let m = [
        MonthBlocks::new(jan, vec![Block::new(100, 44640).unwrap()]).unwrap(),
        MonthBlocks::new(apr, vec![Block::new(0, 10).unwrap()]).unwrap(),
    ];
    assert_eq!(MonthBlocks::join(&m).len(), 2);
    // L joins 0.
    let m = [
        MonthBlocks::new(jan, vec![Block::new(100, 44640).unwrap()]).unwrap(),
        MonthBlocks::new(
            feb,
            vec![Block::new(0, 10).unwrap(), Block::new(20, 30).unwrap()],
        )
        .unwrap(),
    ];
    assert_eq!(
        MonthBlocks::join(&m),
        [(at(jan, 100), at(feb, 10)), (at(feb, 20), at(feb, 30))]
    );
    // Empty blocks are dropped; touching blocks in a month merge.
    let m = [MonthBlocks::new(
        jan,
        vec![
            Block::new(5, 5).unwrap(),
            Block::new(10, 20).unwrap(),
            Block::new(20, 30).unwrap(),
        ],
    )
    .unwrap()];
    assert_eq!(MonthBlocks::join(&m), [(at(jan, 10), at(jan, 30))]);
}

#[test]
fn bad_blobs_are_specific_errors() {
    let jan = month(2008, 1);
    let err = |bytes: &[u8]| match MonthBlocks::decode(jan, bytes) {
        Err(Error::Blob { month, source }) => {
            assert_eq!(month, jan);
            source
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(err(&[1, 2, 3]), BlockError::Length { len: 3 });
    assert_eq!(err(&[1, 2, 3, 4, 5, 6]), BlockError::Length { len: 6 });
    // A u16 wraparound: 60000 → 60000 + 10000 - 65536 = 4464.
    let wrap = [60000u16.to_le_bytes(), 4464u16.to_le_bytes()].concat();
    assert_eq!(
        err(&wrap),
        BlockError::Reversed {
            index: 0,
            start: 60000,
            end: 4464
        }
    );
    let past = [40000u16.to_le_bytes(), 44641u16.to_le_bytes()].concat();
    assert_eq!(
        err(&past),
        BlockError::PastMonthEnd {
            index: 0,
            end: 44641,
            limit: 44640
        }
    );
    let ok_l = [40000u16.to_le_bytes(), 44640u16.to_le_bytes()].concat();
    assert!(MonthBlocks::decode(jan, &ok_l).is_ok());
    let unordered = [10u16, 20, 5, 8].map(u16::to_le_bytes).concat();
    assert_eq!(
        err(&unordered),
        BlockError::Unordered {
            index: 1,
            start: 5,
            prev_start: 10
        }
    );
    let overlap = [10u16, 20, 15, 30].map(u16::to_le_bytes).concat();
    assert_eq!(
        err(&overlap),
        BlockError::Overlap {
            index: 1,
            start: 15,
            prev_end: 20
        }
    );
    let e = MonthBlocks::decode(jan, &overlap).unwrap_err();
    assert_eq!(
        e.to_string(),
        "events of 2008-01 (32129): block 1 starts at minute 15, inside block 0 ending at minute 20"
    );
    assert!(matches!(
        MonthBlocks::from_base64(jan, 2, "ugn*"),
        Err(Error::Base64 { index: 2, .. })
    ));
    assert!(matches!(
        MonthBlocks::from_base64(jan, 0, "ugnYC"),
        Err(Error::Base64 { .. })
    ));
    // Whitespace and missing padding are fine.
    assert_eq!(
        MonthBlocks::from_base64(jan, 0, " ugnY\nCYwKQAs ")
            .unwrap()
            .blocks()
            .len(),
        2
    );
    assert!(MonthBlocks::from_base64(jan, 0, "").unwrap().is_empty());
    assert!(Block::new(2, 1).is_err());
    assert!(matches!(
        MonthBlocks::merged(month(2008, 2), vec![Block::new(0, 41761).unwrap()]),
        Err(Error::Blob {
            source: BlockError::PastMonthEnd { limit: 41760, .. },
            ..
        })
    ));
}

mod base64_paths {
    //! Month values decode through a SIMD base64 decoder first and the `base64` crate when
    //! it refuses: both paths must always give the same answer.
    use base64::Engine as _;
    use exchange_freebusy::fuzz::month_base64_paths_agree;
    use exchange_freebusy::time::Month;
    use proptest::prelude::*;

    fn month() -> Month {
        Month::new(2008, 2).unwrap()
    }

    #[test]
    fn edge_cases() {
        for text in [
            "",
            "=",
            "==",
            "A",
            "AA",
            "AA=",
            "AA==",
            "AAA",
            "AAA=",
            "AAAA",
            "AAAA=",
            "AQ==",
            "AR==",
            "AQ",
            "AR",
            "zw=",
            "gA=",
            "AAAA\nAAAA",
            " AAAA",
            "AAAA ",
            "AA AA",
            "AAAA====",
            "Dj0sPYY9pD36QRhCEkgwSNRY8lgyZFBk5mReZdiQ9pBukYyR2qz4rKytyq0=",
            "ugnYCYwKQAs=",
            "ugnYCYwKQAs",
            "ugnYCYwKQAs==",
            "ugnY-YwKQAs=",
            "ugnY_YwKQAs=",
            "ügnYCYwKQAs=",
        ] {
            month_base64_paths_agree(month(), text);
        }
        assert!(month_base64_paths_agree(month(), "ugnYCYwKQAs="));
        assert!(month_base64_paths_agree(month(), "ugnYCYwKQAs"));
        assert!(month_base64_paths_agree(month(), "ugnY\r\nCYwKQAs="));
        assert!(!month_base64_paths_agree(month(), "ugnY*YwKQAs="));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn any_text_decodes_alike(text in "[AQgwzZ09+/=\n -]{0,40}") {
            month_base64_paths_agree(month(), &text);
        }

        #[test]
        fn any_blocks_decode_alike(pairs in prop::collection::vec((0u16..40000, 0u16..100), 0..80)) {
            let mut bytes = Vec::new();
            let mut t = 0u16;
            for (gap, len) in pairs {
                let s = t.saturating_add(gap % 500);
                let e = s.saturating_add(len).min(40320);
                if s > e { break; }
                bytes.extend_from_slice(&s.to_le_bytes());
                bytes.extend_from_slice(&e.to_le_bytes());
                t = e;
            }
            let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
            // Valid blocks (ascending, apart, inside February 2008): both paths read them,
            // padded or not.
            prop_assert!(month_base64_paths_agree(month(), &text));
            prop_assert!(month_base64_paths_agree(month(), text.trim_end_matches('=')));
        }
    }
}
