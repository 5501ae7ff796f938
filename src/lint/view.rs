//! What the checker reads: every user text field of a sheet with its name
//! and the versions it appears in ([`fields`]), and a field's text as one
//! version prints it ([`View`]) — interpolated (`{fig}` → value,
//! `{上半年|全年}` → the version's words), line breaks joined like the
//! markup does — with, for every character, where it came from in the
//! decoded TOML string, so a finding can be located and fixed in the sheet.

use toml::Spanned;
use toml::value::Datetime;

use crate::data::period::{Half, Next};
use crate::data::sheet::Text;
use crate::data::{DataSheet, FigureSet, Period, interp};

/// A user text field of the sheet.
#[derive(Debug)]
pub struct Field<'a> {
    /// Where it is, e.g. `work[2].points[1].text` (indexes 1-based, as a clerk counts).
    pub name: String,
    /// The text and its span.
    pub text: &'a Text,
    /// Whether `{…}` interpolation applies (the fields the composer interpolates).
    pub interpolated: bool,
    shown: Shown<'a>,
}

#[derive(Debug)]
enum Shown<'a> {
    Always,
    Point(Option<&'a Spanned<Datetime>>, Option<&'a Spanned<Half>>),
    Plan(Option<&'a Spanned<Next>>),
    /// An `[[activity]]`: in the versions covering its half (None: its date is refused, the loader says so).
    Half(Option<Half>),
}

impl Field<'_> {
    /// Whether the field's text is printed in a version.
    pub fn shown(&self, period: Period) -> bool {
        match &self.shown {
            Shown::Always => true,
            Shown::Point(date, when) => DataSheet::shows(*date, *when, period),
            Shown::Plan(next) => next.is_none_or(|n| n.get_ref().shown_in(period)),
            Shown::Half(half) => half.is_none_or(|h| period.covers(h)),
        }
    }
}

/// Every user text of a sheet, in sheet order. Mirrors
/// [`DataSheet::texts`] (the interpolated fields) and adds the plain ones
/// the report prints (unit names, guiding thought, spirits, main line).
pub fn fields(ds: &DataSheet) -> Vec<Field<'_>> {
    let s = &ds.sheet;
    let mut v: Vec<Field<'_>> = Vec::new();
    let u = &s.unit;
    for (name, t) in [("unit.name", Some(&u.name)), ("unit.short", u.short.as_ref()), ("unit.area", Some(&u.area)), ("unit.superior", u.superior.as_ref())] {
        if let Some(t) = t {
            v.push(Field { name: name.into(), text: t, interpolated: false, shown: Shown::Always });
        }
    }
    let r = &s.report;
    for (name, t) in [("report.kind", r.kind.as_ref()), ("report.guiding", r.guiding.as_ref()), ("report.approach", r.approach.as_ref())] {
        if let Some(t) = t {
            v.push(Field { name: name.into(), text: t, interpolated: false, shown: Shown::Always });
        }
    }
    for (i, t) in r.spirit.iter().enumerate() {
        v.push(Field { name: format!("report.spirit[{}]", i + 1), text: t, interpolated: false, shown: Shown::Always });
    }
    for (name, t) in [("report.opening", r.opening.as_ref()), ("report.closing", r.closing.as_ref()), ("report.problems_lead", r.problems_lead.as_ref()), ("report.plans_lead", r.plans_lead.as_ref())] {
        if let Some(t) = t {
            v.push(Field { name: name.into(), text: t, interpolated: true, shown: Shown::Always });
        }
    }
    for (i, w) in s.work.iter().enumerate() {
        let at = format!("work[{}]", i + 1);
        for (name, t) in [("title", w.title.as_ref()), ("text", w.text.as_ref())] {
            if let Some(t) = t {
                v.push(Field { name: format!("{at}.{name}"), text: t, interpolated: true, shown: Shown::Always });
            }
        }
        for (j, p) in w.points.iter().enumerate() {
            let at = format!("{at}.points[{}]", j + 1);
            for (name, t) in [("title", p.title.as_ref()), ("text", Some(&p.text))] {
                if let Some(t) = t {
                    v.push(Field { name: format!("{at}.{name}"), text: t, interpolated: true, shown: Shown::Point(p.date.as_ref(), p.when.as_ref()) });
                }
            }
        }
    }
    for (i, p) in s.problems.iter().enumerate() {
        for (name, t) in [("title", p.title.as_ref()), ("text", Some(&p.text))] {
            if let Some(t) = t {
                v.push(Field { name: format!("problems[{}].{name}", i + 1), text: t, interpolated: true, shown: Shown::Always });
            }
        }
    }
    for (i, p) in s.plans.iter().enumerate() {
        for (name, t) in [("title", p.title.as_ref()), ("text", Some(&p.text))] {
            if let Some(t) = t {
                v.push(Field { name: format!("plans[{}].{name}", i + 1), text: t, interpolated: true, shown: Shown::Plan(p.next.as_ref()) });
            }
        }
    }
    // The clerk's words the report cites from `[[activity]]` (a ledger file's rows are not in the sheet).
    for (i, a) in s.activity.iter().enumerate() {
        let half = crate::data::activity::row_half(a, ds.year());
        for (name, t) in [("theme", a.theme.as_ref()), ("text", Some(&a.text))] {
            if let Some(t) = t {
                v.push(Field { name: format!("activity[{}].{name}", i + 1), text: t, interpolated: false, shown: Shown::Half(half) });
            }
        }
    }
    v
}

/// Where a printed character came from in the field's decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Byte offset in the decoded string (for a figure value: its `{`).
    pub at: usize,
    /// Bytes it takes there (`{{` → 2; 0 for inserted characters).
    pub len: usize,
    /// Whether it is the user's own character (not a figure value or a joining space).
    pub lit: bool,
}

/// A field's text as one version prints it, with the origin of every character.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The printed text.
    pub text: String,
    starts: Vec<usize>,
    origins: Vec<Origin>,
}

impl View {
    /// Renders a field's raw text for a version. Text that is not
    /// interpolated (or fails to parse, which loading already reported) is
    /// taken literally. Figure values a version lacks print as nothing.
    pub fn render(raw: &str, interpolated: bool, period: Period, figures: &FigureSet) -> View {
        let mut chars = Vec::new();
        if interpolated && interp::parse(raw).is_ok() {
            let mut i = 0;
            walk(raw, &mut i, 0, Some(period), figures, &mut chars);
        } else {
            chars.extend(raw.char_indices().map(|(i, c)| (c, Origin { at: i, len: c.len_utf8(), lit: true })));
        }
        let chars = join_lines(chars);
        let mut v = View::default();
        for (c, o) in chars {
            v.starts.push(v.text.len());
            v.origins.push(o);
            v.text.push(c);
        }
        v
    }

    /// The origin of the character at (or containing) byte `at` of the text.
    pub fn origin(&self, at: usize) -> Origin {
        let k = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        self.origins.get(k).copied().unwrap_or(Origin { at: 0, len: 0, lit: false })
    }

    /// The decoded source range a printed range comes from, when every
    /// character of it is the user's own and they are contiguous there.
    pub fn source_range(&self, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        let first = self.starts.binary_search(&range.start).ok()?;
        let last = if range.end == self.text.len() { self.starts.len() } else { self.starts.binary_search(&range.end).ok()? };
        let os = self.origins.get(first..last).filter(|o| !o.is_empty())?;
        let contiguous = os.windows(2).all(|w| w[0].at + w[0].len == w[1].at);
        (contiguous && os.iter().all(|o| o.lit)).then(|| os[0].at..os[os.len() - 1].at + os[os.len() - 1].len)
    }
}

/// Walks interpolation syntax like [`interp::parse`] (which has already
/// accepted the text), emitting the characters a version prints. `period`
/// None parses without emitting (the branch a version does not take).
fn walk(s: &str, i: &mut usize, depth: usize, period: Option<Period>, figures: &FigureSet, out: &mut Vec<(char, Origin)>) {
    while let Some(c) = s[*i..].chars().next() {
        let rest = &s[*i..];
        if rest.starts_with("{{") || (rest.starts_with("}}") && depth == 0) {
            if period.is_some() {
                out.push((c, Origin { at: *i, len: 2, lit: false }));
            }
            *i += 2;
        } else if c == '{' {
            let open = *i;
            *i += 1;
            walk(s, i, depth + 1, None, figures, out);
            if s[*i..].starts_with('|') {
                let mut a = open + 1;
                walk(s, &mut a, depth + 1, period.filter(|p| *p == Period::H1), figures, out);
                let mut b = a + 1;
                walk(s, &mut b, depth + 1, period.filter(|p| *p == Period::Year), figures, out);
                *i = b + 1;
            } else {
                *i += 1;
                if let Some(p) = period {
                    let value = interp::parse(&s[open..*i]).and_then(|pieces| interp::render(&pieces, p, figures)).unwrap_or_default();
                    out.extend(value.chars().map(|c| (c, Origin { at: open, len: 0, lit: false })));
                }
            }
        } else if (c == '}' || c == '|') && depth > 0 {
            return;
        } else {
            if period.is_some() {
                out.push((c, Origin { at: *i, len: c.len_utf8(), lit: true }));
            }
            *i += c.len_utf8();
        }
    }
}

/// Joins lines the way the markup does ([`crate::compose::markup::flatten`]): line breaks and the
/// indentation after them disappear (a space is kept between two Latin
/// letters or digits), tabs become spaces, and the ends are trimmed.
fn join_lines(chars: Vec<(char, Origin)>) -> Vec<(char, Origin)> {
    let mut out: Vec<(char, Origin)> = Vec::with_capacity(chars.len());
    let mut k = 0;
    while k < chars.len() {
        let (c, o) = chars[k];
        if c == '\n' {
            while out.last().is_some_and(|(c, _)| *c == ' ' || *c == '\t' || *c == '\r') {
                out.pop();
            }
            k += 1;
            while k < chars.len() && chars[k].0.is_whitespace() && chars[k].0 != '\n' {
                k += 1;
            }
            let prev = out.last().map(|(c, _)| *c);
            let next = chars.get(k).map(|(c, _)| *c);
            if prev.is_some_and(|c| c.is_ascii_alphanumeric()) && next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                out.push((' ', Origin { at: o.at, len: 0, lit: false }));
            }
            continue;
        }
        out.push((if c == '\t' { ' ' } else { c }, o));
        k += 1;
    }
    while out.last().is_some_and(|(c, _)| c.is_whitespace()) {
        out.pop();
    }
    let lead = out.iter().take_while(|(c, _)| c.is_whitespace()).count();
    out.drain(..lead);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::markup::flatten;
    use crate::data::Figure;
    use crate::data::catalogue::Kind;

    fn figs() -> FigureSet {
        let mut s = FigureSet::default();
        s.insert(Figure { key: "n".into(), label: "n".into(), unit: "次".into(), kind: Kind::Flow, block: None, integer: true, h1: Some(6.0), h2: Some(7.0), year: None, last_year: None, last_year_h1: None, span: 0..0 });
        s
    }

    #[test]
    fn renders_like_the_composer() {
        let raw = "{上半年|全年}共{n}次，{{注}}";
        for p in Period::ALL {
            let v = View::render(raw, true, p, &figs());
            let expected = interp::render(&interp::parse(raw).unwrap(), p, &figs()).unwrap();
            assert_eq!(v.text, expected);
        }
        let multi = "第一行\n    第二行 ab\n  cd\t!";
        assert_eq!(View::render(multi, true, Period::H1, &figs()).text, flatten(multi).trim());
    }

    #[test]
    fn origins_point_into_the_raw_text() {
        let raw = "{上半年|全年}共{n}次";
        let v = View::render(raw, true, Period::Year, &figs());
        assert_eq!(v.text, "全年共13次");
        let at = |needle: &str| v.origin(v.text.find(needle).unwrap());
        assert_eq!(at("全").at, raw.find("全").unwrap());
        assert_eq!(at("共").at, raw.find("共").unwrap());
        let one = at("13");
        assert_eq!((one.at, one.lit), (raw.find("{n}").unwrap(), false));
        // A literal range maps back; a range over a figure value does not.
        let r = v.text.find("共").unwrap();
        assert_eq!(v.source_range(r..r + 3), Some(raw.find("共").unwrap()..raw.find("共").unwrap() + 3));
        assert_eq!(v.source_range(r..v.text.len()), None);
        let braces = View::render("甲{{乙", true, Period::H1, &figs());
        assert_eq!(braces.text, "甲{乙");
        assert_eq!(braces.source_range(0..3), Some(0..3));
        assert_eq!(braces.source_range(0..braces.text.len()), None, "{{ prints one brace: no byte edit may span it");
    }

    #[test]
    fn plain_fields_are_literal_and_joined() {
        let v = View::render("{不是插值}\n  乙", false, Period::H1, &figs());
        assert_eq!(v.text, "{不是插值}乙");
        assert_eq!(v.origin(v.text.find('乙').unwrap()).at, "{不是插值}\n  ".len());
    }
}
