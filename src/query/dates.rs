//! Partial ISO dates (`2018`, `2018-07`, `2018-07-26`) and the date filter of path queries.

use std::fmt;
use std::str::FromStr;

/// An ISO date that may give only the year or the year and month. It stands for the whole
/// period it names: `2018-07` is 2018-07-01 through 2018-07-31.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (surrounding spaces allowed).
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.trim().split('-');
        let y = parts.next()?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let num = |p: &str, max: u8| -> Option<u8> {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u8 = p.parse().ok()?;
            (1..=max).contains(&n).then_some(n)
        };
        let month = match parts.next() {
            None => None,
            Some(m) => Some(num(m, 12)?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => Some(num(d, 31)?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The first day of the period, as (year, month, day).
    pub fn first_day(self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period (day 31 stands for the end of any month).
    pub fn last_day(self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }
}

impl FromStr for PartialDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_date(s)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A date filter: an edge passes when one of its dates overlaps `[since, until]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateRange {
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// Keep edges with no date at all even though a bound is given.
    pub include_undated: bool,
}

impl DateRange {
    /// True when neither bound is given (every edge passes).
    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Does one date overlap the range?
    pub fn contains(&self, d: PartialDate) -> bool {
        let after_since = self.since.is_none_or(|s| d.last_day() >= s.first_day());
        let before_until = self.until.is_none_or(|u| d.first_day() <= u.last_day());
        after_since && before_until
    }

    /// Does an edge with these dates (strings as stored; unparseable ones are ignored) pass?
    pub fn admits<'a>(&self, dates: impl IntoIterator<Item = &'a str>) -> bool {
        if self.is_open() {
            return true;
        }
        let mut any = false;
        for d in dates.into_iter().filter_map(PartialDate::parse) {
            any = true;
            if self.contains(d) {
                return true;
            }
        }
        !any && self.include_undated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parsing() {
        assert_eq!(d("2018").to_string(), "2018");
        assert_eq!(d("2018-07").to_string(), "2018-07");
        assert_eq!(d("2018-7-2").to_string(), "2018-07-02");
        for bad in [
            "",
            "18",
            "2018-13",
            "2018-00",
            "2018-07-32",
            "2018-07-01-01",
            "abcd",
            "2018/07",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_and_undated() {
        let r = DateRange {
            since: Some(d("2018-06")),
            until: Some(d("2018")),
            include_undated: false,
        };
        assert!(r.admits(["2018-07-26"]));
        assert!(r.admits(["2018"]), "a year overlapping the range passes");
        assert!(r.admits(["2018-06"]));
        assert!(!r.admits(["2018-05-31"]));
        assert!(!r.admits(["2019-01-01"]));
        assert!(r.admits(["2017", "2018-12-31"]), "any date may pass");
        assert!(!r.admits([]), "undated excluded under a filter");
        assert!(!r.admits(["garbage"]));
        let keep = DateRange {
            include_undated: true,
            ..r
        };
        assert!(keep.admits([]));
        assert!(
            !keep.admits(["2017"]),
            "a dated edge out of range stays out"
        );
        assert!(
            DateRange::default().admits([]),
            "no filter: everything passes"
        );
    }
}
