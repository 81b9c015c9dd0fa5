//! `fbtool show`: free/busy as a picture in the terminal.
//!
//! One row per user, one column per slot; each column shows the busiest status the slot
//! touches (`Raster::from_timeline_at`: out of office > busy > tentative > no data > free),
//! so a column is free only when the whole slot is. Above the rows, a ruler with day marks
//! and hour marks; below, the legend. Slots are aligned to the display time zone's
//! midnight, so marks fall on column starts.
//!
//! Plain characters: `.` free, `t` tentative, `#` busy, `O` out of office, `?` no data.
//! With colour (a terminal, or `--color always`) the same characters on coloured cells.

use std::io::{IsTerminal, Write};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday};
use freebusy_core::{Raster, Timeline};
use freebusy_types::{Interval, Status};

use crate::CliError;
use crate::input::{InputArgs, interval_arg};

/// When to colour the output.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// When standard output is a terminal.
    Auto,
    /// Always (ANSI escapes).
    Always,
    /// Never: plain characters only.
    Never,
}

/// Arguments of `fbtool show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The input and the range to draw.
    #[command(flatten)]
    pub input: InputArgs,
    /// Total width in characters (default: $COLUMNS, else 80). Ranges that need more
    /// columns than fit even at one day per column wrap into several panels.
    #[arg(long)]
    pub width: Option<usize>,
    /// Minutes per column, 5..=1440 (default: the shortest of 5, 10, 15, 20, 30 minutes,
    /// 1, 2, 3, 4, 6, 8, 12 hours or a day that fits the width).
    #[arg(long)]
    pub slot: Option<u32>,
    /// Colour: auto (when standard output is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Display times at this fixed UTC offset (`+02:00`, `-07:00`; default UTC).
    #[arg(long, allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Slot lengths tried, shortest first: all divide a day.
const SLOTS: [u32; 13] = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];
/// No picture wider than this many columns in all (panels included).
const MAX_COLUMNS: i64 = 20_000;
const MIN_DATA_COLUMNS: usize = 10;

/// How the picture is drawn.
#[derive(Clone, Debug)]
pub struct Style {
    /// Total width in characters.
    pub width: usize,
    /// Minutes per column, or `None` to choose.
    pub slot: Option<u32>,
    /// ANSI colours.
    pub color: bool,
    /// Display offset.
    pub tz: FixedOffset,
}

fn glyph(s: Status) -> char {
    match s {
        Status::Free => '.',
        Status::Tentative => 't',
        Status::Busy => '#',
        Status::OutOfOffice => 'O',
        Status::NoData => '?',
    }
}

fn ansi(s: Status) -> &'static str {
    match s {
        Status::Free => "\x1b[32m",
        Status::Tentative => "\x1b[30;43m",
        Status::Busy => "\x1b[97;41m",
        Status::OutOfOffice => "\x1b[97;45m",
        Status::NoData => "\x1b[37;100m",
    }
}

const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";

fn name(s: Status) -> &'static str {
    match s {
        Status::Free => "free",
        Status::Tentative => "tentative",
        Status::Busy => "busy",
        Status::OutOfOffice => "out of office",
        Status::NoData => "no data",
    }
}

/// Parses `--tz`: `Z`, `UTC`, `+02:00`, `-0700`, `+5`.
fn tz_arg(text: &str) -> Result<FixedOffset, CliError> {
    let bad = || {
        CliError::bad_input(
            "--tz",
            format!("{text:?} is not a fixed UTC offset like +02:00, -07:00 or Z"),
        )
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => (
            rest.get(..2).ok_or_else(bad)?,
            rest.get(2..).ok_or_else(bad)?,
        ),
        None => (rest, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(bad());
    }
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

fn tz_label(tz: FixedOffset) -> String {
    let secs = tz.local_minus_utc();
    if secs == 0 {
        "UTC".into()
    } else {
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.unsigned_abs();
        format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
    }
}

/// Runs `fbtool show`.
pub fn run(args: &ShowArgs) -> Result<(), CliError> {
    let (start, end) = args.input.range()?;
    let slot = args.slot.map(|m| interval_arg("--slot", m)).transpose()?;
    let tz = match &args.tz {
        Some(t) => tz_arg(t)?,
        None => FixedOffset::east_opt(0).ok_or_else(|| CliError::Other("UTC offset".into()))?,
    };
    let width = match args.width {
        Some(w) => w,
        None => std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|w| (20..=1000).contains(w))
            .unwrap_or(80),
    };
    if !(20..=100_000).contains(&width) {
        return Err(CliError::bad_input(
            "--width",
            format!("{width} is outside 20..=100000 characters"),
        ));
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal(),
    };
    let file = args.input.file.as_str();
    let doc = args.input.document()?;
    let timelines = doc.timelines(file, start, end)?;
    let text = match timelines.range {
        Some(range) => render(
            doc.kind.describe(),
            &timelines.users,
            range,
            &Style {
                width,
                slot,
                color,
                tz,
            },
        )?,
        None => format!("{file}: no users\n"),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Other(format!("writing output: {e}")))
}

/// The display-local wall time of `t`.
fn local(t: DateTime<Utc>, tz: FixedOffset) -> NaiveDateTime {
    t.naive_utc()
        .checked_add_signed(TimeDelta::seconds(i64::from(tz.local_minus_utc())))
        .unwrap_or_else(|| t.naive_utc())
}

/// The first column's start for `slot`: `start` floored to the slot grid counted from the
/// display zone's midnight.
fn aligned_start(start: DateTime<Utc>, slot: u32, tz: FixedOffset) -> DateTime<Utc> {
    let l = local(start, tz);
    let into_day = i64::from(l.num_seconds_from_midnight());
    let back = into_day % (i64::from(slot) * 60);
    let floored = start
        .checked_sub_signed(TimeDelta::nanoseconds(i64::from(
            start.timestamp_subsec_nanos(),
        )))
        .unwrap_or(start);
    floored
        .checked_sub_signed(TimeDelta::seconds(back))
        .unwrap_or(floored)
}

/// Columns needed to cover `range` from the aligned start, `None` when absurdly many.
fn columns(range: Interval, slot: u32, tz: FixedOffset) -> Option<i64> {
    let start = aligned_start(range.start(), slot, tz);
    let span = (range.end() - start).num_seconds();
    let step = i64::from(slot) * 60;
    let n = (span + step - 1) / step;
    (n <= MAX_COLUMNS).then_some(n)
}

fn slot_text(slot: u32) -> String {
    match slot {
        1440 => "1 day".into(),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{m} min"),
    }
}

/// Truncates (in the middle: mail domains and DNs' last `cn` stay readable) or pads to
/// exactly `w` characters; control characters become `?`.
fn fit(label: &str, w: usize) -> String {
    let clean: Vec<char> = label
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if clean.len() <= w {
        let mut s: String = clean.iter().collect();
        s.extend(std::iter::repeat_n(' ', w - clean.len()));
        s
    } else {
        let head = w.saturating_sub(1) / 3;
        let tail = w.saturating_sub(1 + head);
        let mut s: String = clean.iter().take(head).collect();
        s.push('~');
        s.extend(clean.iter().skip(clean.len() - tail));
        s
    }
}

/// A ruler line: labels placed at columns, a label dropped where it would touch the one
/// before it or run past the panel.
fn ruler(marks: &[Mark], cols: usize) -> String {
    let mut line = vec![' '; cols];
    let mut free_from = 0;
    for (at, text) in marks {
        let n = text.chars().count();
        if *at < free_from || at + n > cols {
            continue;
        }
        for (i, c) in text.chars().enumerate() {
            line[at + i] = c;
        }
        free_from = at + n + 1;
    }
    let s: String = line.into_iter().collect();
    s.trim_end().to_string()
}

/// What the two ruler lines mark, by columns per day.
#[derive(Clone, Copy, Debug)]
enum Scale {
    /// At least 7 columns a day: days (labelled in `fmt`) over hours every `hours`.
    Days {
        fmt: &'static str,
        hours: Option<u32>,
    },
    /// 3 to 6 columns a day: months over day numbers.
    MonthsDays,
    /// 1 or 2 columns a day: months over Mondays' day numbers.
    MonthsWeeks,
}

/// A ruler label at a column.
type Mark = (usize, String);

/// A column's display-local `[start, end)`.
type Bounds = (NaiveDateTime, NaiveDateTime);

/// The display-local midnight inside `[s, e)`, if any.
fn midnight_in((s, e): &Bounds) -> Option<NaiveDateTime> {
    if s.num_seconds_from_midnight() == 0 && s.nanosecond() == 0 {
        Some(*s)
    } else {
        s.date()
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .filter(|m| m < e)
    }
}

/// The first whole display-local hour inside `[s, e)`, if any.
fn hour_in((s, e): &Bounds) -> Option<NaiveDateTime> {
    let mut hour = s.date().and_hms_opt(s.hour(), 0, 0)?;
    if hour < *s {
        hour = hour.checked_add_signed(TimeDelta::hours(1))?;
    }
    (hour < *e).then_some(hour)
}

impl Scale {
    fn for_slot(slot: u32) -> Scale {
        let per_day = 1440 / slot.max(1);
        // Hour marks every `h` hours, `h` the smallest that leaves room for "HH ".
        let hours = [1u32, 2, 3, 4, 6, 8, 12]
            .into_iter()
            .find(|h| h * 60 >= 3 * slot);
        match per_day {
            15.. => Scale::Days {
                fmt: "%a %Y-%m-%d",
                hours,
            },
            11..=14 => Scale::Days {
                fmt: "%a %b %d",
                hours,
            },
            7..=10 => Scale::Days {
                fmt: "%b %d",
                hours,
            },
            3..=6 => Scale::MonthsDays,
            _ => Scale::MonthsWeeks,
        }
    }

    /// The coarse and fine marks of a panel: (column, label).
    fn marks(self, panel: &[Bounds]) -> (Vec<Mark>, Vec<Mark>) {
        let mut coarse = Vec::new();
        let mut fine = Vec::new();
        let coarse_fmt = match self {
            Scale::Days { fmt, .. } => fmt,
            Scale::MonthsDays | Scale::MonthsWeeks => "%b %Y",
        };
        for (i, b) in panel.iter().enumerate() {
            let midnight = midnight_in(b);
            match self {
                Scale::Days { fmt, hours } => {
                    if let Some(m) = midnight {
                        coarse.push((i, m.format(fmt).to_string()));
                    }
                    if let (Some(h), Some(t)) = (hours, hour_in(b))
                        && t.hour() % h == 0
                    {
                        fine.push((i, t.format("%H").to_string()));
                    }
                }
                Scale::MonthsDays | Scale::MonthsWeeks => {
                    let Some(m) = midnight else { continue };
                    if m.day() == 1 {
                        coarse.push((i, m.format(coarse_fmt).to_string()));
                    }
                    if matches!(self, Scale::MonthsDays) || m.weekday() == Weekday::Mon {
                        fine.push((i, m.format("%d").to_string()));
                    }
                }
            }
        }
        // The panel's first column names its day (or month) unless a mark follows closely.
        if let Some((s, _)) = panel.first() {
            let label = s.format(coarse_fmt).to_string();
            if coarse
                .first()
                .is_none_or(|(i, _)| *i > label.chars().count())
            {
                coarse.insert(0, (0, label));
            }
        }
        (coarse, fine)
    }
}

/// Draws the picture of `users` over `range`.
///
/// # Errors
///
/// Bad input naming `--width` or `--slot` when the picture cannot be drawn.
pub fn render(
    title: &str,
    users: &[(String, Timeline)],
    range: Interval,
    style: &Style,
) -> Result<String, CliError> {
    let tz = style.tz;
    let longest = users
        .iter()
        .map(|(id, _)| id.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = longest.clamp(6, 24).min(style.width / 3);
    let avail = style.width.saturating_sub(label_w + 1);
    if avail < MIN_DATA_COLUMNS {
        return Err(CliError::bad_input(
            "--width",
            format!(
                "{} leaves fewer than {MIN_DATA_COLUMNS} columns",
                style.width
            ),
        ));
    }
    let slot = match style.slot {
        Some(s) => s,
        None => SLOTS
            .iter()
            .copied()
            .find(|&s| columns(range, s, tz).is_some_and(|n| n <= avail as i64))
            .unwrap_or(1440),
    };
    let Some(total) = columns(range, slot, tz) else {
        return Err(CliError::bad_input(
            if style.slot.is_some() {
                "--slot"
            } else {
                "--start/--end"
            },
            format!(
                "the range {range} needs more than {MAX_COLUMNS} columns of {}: choose {}a \
                 shorter --start/--end",
                slot_text(slot),
                if slot < 1440 {
                    "a longer --slot or "
                } else {
                    ""
                }
            ),
        ));
    };
    let first = aligned_start(range.start(), slot, tz);
    let step = TimeDelta::minutes(i64::from(slot));
    let mut rows = Vec::with_capacity(users.len());
    for (id, tl) in users {
        let r = Raster::from_timeline_at(tl, first, slot)
            .map_err(|e| CliError::bad_input("--slot", e))?;
        rows.push((id.as_str(), r));
    }
    let total = usize::try_from(total).unwrap_or(0);
    // Each column's start and end, in display-local wall time.
    let mut bounds = Vec::with_capacity(total);
    let mut t = first;
    for _ in 0..total {
        let Some(next) = t.checked_add_signed(step) else {
            break;
        };
        bounds.push((local(t, tz), local(next, tz)));
        t = next;
    }

    let scale = Scale::for_slot(slot);
    let mut out = String::new();
    let (on, off) = if style.color { (BOLD, RESET) } else { ("", "") };
    out.push_str(&format!(
        "{on}{title}, {} .. {} {}{off}, 1 column = {}, {} user{}\n",
        local(range.start(), tz).format("%Y-%m-%d %H:%M"),
        local(range.end(), tz).format("%Y-%m-%d %H:%M"),
        tz_label(tz),
        slot_text(slot),
        users.len(),
        if users.len() == 1 { "" } else { "s" }
    ));
    let pad = " ".repeat(label_w + 1);
    let (dim_on, dim_off) = if style.color { (DIM, RESET) } else { ("", "") };
    for (p, panel) in bounds.chunks(avail).enumerate() {
        let offset = p * avail;
        out.push('\n');
        let (coarse, fine) = scale.marks(panel);
        for marks in [coarse, fine] {
            let line = ruler(&marks, panel.len());
            if !line.is_empty() {
                out.push_str(&format!("{pad}{dim_on}{line}{dim_off}\n"));
            }
        }
        for (id, raster) in &rows {
            out.push_str(&fit(id, label_w));
            out.push(' ');
            let slots = raster
                .slots()
                .get(offset..(offset + panel.len()).min(raster.slots().len()))
                .unwrap_or_default();
            let mut current: Option<Status> = None;
            for &s in slots {
                if style.color && current != Some(s) {
                    out.push_str(RESET);
                    out.push_str(ansi(s));
                    current = Some(s);
                }
                out.push(glyph(s));
            }
            if style.color {
                out.push_str(RESET);
            }
            out.push('\n');
        }
    }
    out.push('\n');
    let legend: Vec<String> = [
        Status::Free,
        Status::Tentative,
        Status::Busy,
        Status::OutOfOffice,
        Status::NoData,
    ]
    .into_iter()
    .map(|s| {
        if style.color {
            format!("{}{}{RESET} {}", ansi(s), glyph(s), name(s))
        } else {
            format!("{} {}", glyph(s), name(s))
        }
    })
    .collect();
    out.push_str(&legend.join("   "));
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn tz_offsets() -> TestResult {
        let secs = |t: &str| tz_arg(t).map(|o| o.local_minus_utc()).ok();
        assert_eq!(secs("Z"), Some(0));
        assert_eq!(secs("utc"), Some(0));
        assert_eq!(secs("+02:00"), Some(7200));
        assert_eq!(secs("-0730"), Some(-27000));
        assert_eq!(secs("+5"), Some(18000));
        for bad in [
            "",
            "+",
            "02:00",
            "+24:00",
            "+01:60",
            "+1é1",
            "+é12",
            "+001:00",
            "Europe/Berlin",
        ] {
            assert_eq!(secs(bad), None, "{bad}");
        }
        assert_eq!(
            tz_label(FixedOffset::east_opt(-27000).ok_or("offset out of range")?),
            "UTC-07:30"
        );
        Ok(())
    }

    #[test]
    fn labels_fit_exactly() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("a\tb", 3), "a?b");
        assert_eq!(fit("user1@example.com", 10), "use~le.com");
        assert_eq!(
            fit("/o=Org/ou=Admin/cn=Recipients/cn=jdoe", 12)
                .chars()
                .count(),
            12
        );
        assert!(fit("/o=Org/ou=Admin/cn=Recipients/cn=jdoe", 12).ends_with("cn=jdoe"));
    }

    #[test]
    fn rulers_drop_crowded_labels() {
        let marks = vec![
            (0, "00".to_string()),
            (2, "01".to_string()),
            (3, "02".to_string()),
            (8, "03".to_string()),
        ];
        assert_eq!(ruler(&marks, 9), "00 02");
    }
}
