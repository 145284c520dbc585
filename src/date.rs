//! Dates in the forms the genre uses: `July 26, 2018`, `26 July 2018`, `June 21-22, 2019`,
//! `26.07.2018`, `2021-12-30`, `2021年12月30日`, `December 14` (year taken from context).
//! Output is ISO: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only that is known.

use regex::Regex;
use std::sync::OnceLock;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && (w.len() >= 3))
        .map(|i| i as u32 + 1)
}

fn patterns() -> &'static [Regex; 5] {
    static P: OnceLock<[Regex; 5]> = OnceLock::new();
    P.get_or_init(|| {
        let month = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
        [
            // July 26, 2018 / June 21-22, 2019 / December 14
            Regex::new(&format!(r"(?-u:\b){month}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?(?:,?\s+(\d{{4}}))?(?-u:\b)")).unwrap(),
            // 26 July 2018
            Regex::new(&format!(r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?\s+{month}(?:,?\s+(\d{{4}}))?(?-u:\b)")).unwrap(),
            // 2021-12-30
            Regex::new(r"(?-u:\b)(\d{4})-(\d{1,2})-(\d{1,2})(?-u:\b)").unwrap(),
            // 26.07.2018 / 26/07/2018
            Regex::new(r"(?-u:\b)(\d{1,2})[./](\d{1,2})[./](\d{4})(?-u:\b)").unwrap(),
            // 2021年12月30日
            Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日").unwrap(),
        ]
    })
}

/// A date found in text, with its byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl Found {
    /// ISO form; a missing year is taken from `year`, else only the month is unknown-year.
    pub fn iso(&self, default_year: Option<i32>) -> Option<String> {
        let y = self.year.or(default_year)?;
        Some(match self.day {
            Some(d) => format!("{y:04}-{:02}-{d:02}", self.month),
            None => format!("{y:04}-{:02}", self.month),
        })
    }
}

/// Every date in `text`, in order of position.
pub fn find_all(text: &str) -> Vec<Found> {
    // Every pattern needs a digit (`\d` is any Unicode decimal digit, which `is_numeric`
    // includes): most sentences have none, and the regexes need not run on them.
    if !text.chars().any(char::is_numeric) {
        return Vec::new();
    }
    let p = patterns();
    let mut out: Vec<Found> = Vec::new();
    // Month first, then day first: (pattern, month group, day group); the year is group 3.
    for (pattern, month_group, day_group) in [(&p[0], 1, 2), (&p[1], 2, 1)] {
        for c in pattern.captures_iter(text) {
            let m = c.get(0).unwrap();
            let (month, day) = (month_of(&c[month_group]), c[day_group].parse::<u32>());
            if let (Some(month), Ok(day)) = (month, day) {
                let year = c.get(3).and_then(|y| y.as_str().parse().ok());
                out.push(Found {
                    start: m.start(),
                    end: m.end(),
                    year,
                    month,
                    day: valid_day(day),
                });
            }
        }
    }
    // (pattern, year group, month group, day group)
    for (pi, yg, mg, dg) in [(2usize, 1usize, 2usize, 3usize), (3, 3, 2, 1), (4, 1, 2, 3)] {
        for c in p[pi].captures_iter(text) {
            let m = c.get(0).unwrap();
            let y = c[yg].parse::<i32>().ok();
            let mo = c[mg].parse::<u32>().unwrap_or(0);
            let d = c[dg].parse::<u32>().unwrap_or(0);
            if (1..=12).contains(&mo) && (1..=31).contains(&d) {
                out.push(Found {
                    start: m.start(),
                    end: m.end(),
                    year: y,
                    month: mo,
                    day: Some(d),
                });
            }
        }
    }
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    out.dedup_by(|b, a| b.start < a.end);
    out
}

fn valid_day(d: u32) -> Option<u32> {
    (1..=31).contains(&d).then_some(d)
}

/// A four-digit year (1900-2099) standing alone in the text, the first one.
pub fn first_year(text: &str) -> Option<i32> {
    static Y: OnceLock<Regex> = OnceLock::new();
    let re = Y.get_or_init(|| Regex::new(r"\b(19\d{2}|20\d{2})\b").unwrap());
    re.captures(text).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Vec<String> {
        find_all(s)
            .iter()
            .filter_map(|f| f.iso(Some(2000)))
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(iso("On July 26, 2018, he met"), ["2018-07-26"]);
        assert_eq!(
            iso("on 26 July 2018 and on June 21-22, 2019"),
            ["2018-07-26", "2019-06-21"]
        );
        assert_eq!(iso("held online on December 14."), ["2000-12-14"]);
        assert_eq!(iso("2021年12月30日 星期四"), ["2021-12-30"]);
        assert_eq!(
            iso("dated 26.07.2018 and 2021-12-30"),
            ["2018-07-26", "2021-12-30"]
        );
        assert_eq!(iso("May 11, 2019 /PRNewswire/"), ["2019-05-11"]);
        assert!(iso("the Ministry may also").is_empty());
    }
}
