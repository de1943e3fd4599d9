//! UTC date handling without `std::time`: the caller supplies the time.
//!
//! `X-Sdk-Date` uses the ISO 8601 basic format `YYYYMMDDTHHMMSSZ`; IAM answers with the extended
//! format and microseconds (`2020-01-04T09:05:22.701000Z`). Both are converted to and from
//! milliseconds since the Unix epoch.

use crate::error::{Error, ErrorKind};
use alloc::string::String;

/// Largest supported instant: 9999-12-31T23:59:59.999Z, in epoch milliseconds.
pub const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Howard Hinnant's algorithm (public domain), proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    if m == 2 {
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) { 29 } else { 28 }
    } else {
        // 31 for January, March, May, July, August, October, December; 30 for the others.
        30 + (m + m / 8) % 2
    }
}

fn push_num(out: &mut String, v: i64, width: usize) {
    let mut buf = [b'0'; 4];
    let mut v = v;
    for i in (0..width).rev() {
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    for &b in &buf[..width] {
        out.push(b as char);
    }
}

/// Formats epoch milliseconds as an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`, UTC).
///
/// # Errors
/// `ERR_INVALID_DATE` when the instant is before 1970 or after year 9999.
pub fn format_sdk_date(epoch_ms: i64) -> Result<String, Error> {
    if !(0..=MAX_EPOCH_MS).contains(&epoch_ms) {
        return Err(Error::new(
            ErrorKind::InvalidDate,
            "signing date is outside 1970-01-01..9999-12-31; pass a valid Date, epoch milliseconds or \"YYYYMMDDTHHMMSSZ\"",
        ));
    }
    let secs = epoch_ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    let mut out = String::with_capacity(16);
    push_num(&mut out, y, 4);
    push_num(&mut out, m, 2);
    push_num(&mut out, d, 2);
    out.push('T');
    push_num(&mut out, s / 3600, 2);
    push_num(&mut out, s / 60 % 60, 2);
    push_num(&mut out, s % 60, 2);
    out.push('Z');
    Ok(out)
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut v = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    if b.is_empty() { None } else { Some(v) }
}

fn to_epoch_ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> Option<i64> {
    if y < 1970 || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms)
}

/// Parses an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`) into epoch milliseconds.
///
/// # Errors
/// `ERR_INVALID_DATE` unless the value is exactly 16 characters of that form and a real UTC time.
pub fn parse_sdk_date(s: &str) -> Result<i64, Error> {
    let b = s.as_bytes();
    let well_formed = b.len() == 16
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 => c == b'T',
            15 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    let n = |a: usize, z: usize| b.get(a..z).map_or(0, |d| d.iter().fold(0, |v, &c| v * 10 + i64::from(c & 15)));
    let parsed = if well_formed { to_epoch_ms(n(0, 4), n(4, 6), n(6, 8), n(9, 11), n(11, 13), n(13, 15), 0) } else { None };
    parsed.ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidDate,
            "X-Sdk-Date must be a UTC time YYYYMMDDTHHMMSSZ, e.g. 20191115T033655Z",
        )
    })
}

/// Parses an ISO 8601 UTC timestamp as IAM writes it (`2020-01-04T09:05:22.701000Z`; any number of
/// fractional digits, or none) into epoch milliseconds. A numeric `+00:00` offset is also accepted.
///
/// # Errors
/// `ERR_INVALID_RESPONSE` when the text is not such a timestamp.
pub fn parse_iso8601(s: &str) -> Result<i64, Error> {
    let err = || {
        Error::new(ErrorKind::InvalidResponse, "IAM returned a timestamp that is not ISO 8601 UTC (expected e.g. 2020-01-04T09:05:22.701000Z)")
    };
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't' && b[10] != b' ') || b[13] != b':' || b[16] != b':' {
        return Err(err());
    }
    let field = |r: core::ops::Range<usize>| digits(&b[r]).ok_or_else(err);
    let (y, mo, d, h, mi, sec) = (field(0..4)?, field(5..7)?, field(8..10)?, field(11..13)?, field(14..16)?, field(17..19)?);
    let mut i = 19;
    let mut ms = 0i64;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                ms = ms * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return Err(err());
        }
        for _ in (i - start)..3 {
            ms *= 10;
        }
    }
    let rest = &b[i..];
    if !(rest == b"Z" || rest == b"z" || rest == b"+00:00" || rest == b"-00:00" || rest == b"+0000") {
        return Err(err());
    }
    to_epoch_ms(y, mo, d, h, mi, sec, ms).ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_sdk_date(0).unwrap(), "19700101T000000Z");
        assert_eq!(format_sdk_date(1_573_789_015_000).unwrap(), "20191115T033655Z");
        assert_eq!(format_sdk_date(1_573_789_015_999).unwrap(), "20191115T033655Z");
        assert_eq!(format_sdk_date(951_782_400_000).unwrap(), "20000229T000000Z");
        assert_eq!(format_sdk_date(MAX_EPOCH_MS).unwrap(), "99991231T235959Z");
        assert!(format_sdk_date(-1).is_err());
        assert!(format_sdk_date(MAX_EPOCH_MS + 1).is_err());
    }

    #[test]
    fn parses_sdk_dates_strictly() {
        assert_eq!(parse_sdk_date("20191115T033655Z").unwrap(), 1_573_789_015_000);
        assert_eq!(parse_sdk_date("20000229T000000Z").unwrap(), 951_782_400_000);
        for bad in ["", "20191115T033655", "20191115t033655Z", "2019-11-15T03:36:55Z", "20190229T000000Z", "20191315T000000Z",
            "20191115T240000Z", "20191115T006000Z", "2019111ET033655Z", "19691231T235959Z", "+0191115T033655Z", "20191115T033655Z ",
            "2019-115T033655Z", "20191115T03365:Z", "20191100T000000Z", "20190015T000000Z", "20191115T033655\u{5a}\u{0}", "２0191115T033655Z"] {
            let e = parse_sdk_date(bad).unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_DATE", "{bad}");
        }
    }

    #[test]
    fn month_lengths_and_leap_years() {
        for (y, leap) in [(1970, false), (2000, true), (2024, true), (2100, false), (2400, true), (9999, false)] {
            for m in 1..=12 {
                let expected = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                assert_eq!(days_in_month(y, m), expected, "{y}-{m}");
            }
        }
        assert!(parse_sdk_date("21000229T000000Z").is_err());
        assert!(parse_sdk_date("24000229T000000Z").is_ok());
        assert!(parse_sdk_date("20240431T000000Z").is_err());
        assert!(parse_sdk_date("20240430T235959Z").is_ok());
    }

    #[test]
    fn round_trips_every_day_of_a_leap_cycle() {
        let mut t = 946_684_800_000i64; // 2000-01-01
        for _ in 0..(366 * 4 + 2) {
            let s = format_sdk_date(t + 45_296_000).unwrap();
            assert_eq!(parse_sdk_date(&s).unwrap(), t + 45_296_000);
            t += 86_400_000;
        }
    }

    #[test]
    fn parses_iam_timestamps() {
        assert_eq!(parse_iso8601("2020-01-04T09:05:22.701000Z").unwrap(), 1_578_128_722_701);
        assert_eq!(parse_iso8601("2020-01-04T09:05:22Z").unwrap(), 1_578_128_722_000);
        assert_eq!(parse_iso8601("2020-01-04T09:05:22.7Z").unwrap(), 1_578_128_722_700);
        assert_eq!(parse_iso8601("2020-01-04T09:05:22.123456789+00:00").unwrap(), 1_578_128_722_123);
        for bad in ["", "2020-01-04", "2020-01-04T09:05:22", "2020-01-04T09:05:22.Z", "2020-01-04T09:05:22+08:00", "2020-02-30T00:00:00Z"] {
            assert!(parse_iso8601(bad).is_err(), "{bad}");
        }
    }
}
