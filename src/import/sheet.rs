//! A report turned into a sheet (`zongjie import`): unit, area, year,
//! version and date from the title and 落款; the opening and closing
//! paragraphs as written; work blocks from （一） headings (or, when the
//! work is spread over several 一、 sections, one block per section), with
//! points from 一是…/1.…; problems; plans. Text is kept as written — no
//! fixes, figures stay in the text — and every brace is escaped so the
//! sheet's interpolation leaves it alone. Sentences the sheet has no place
//! for (a part's lead-in) are listed, never silently dropped.

use super::outline::{Part, Role};
use super::parts::{Block, Item, Para, as_written, classic_blocks, is_bare_heading, items, split_heading, strip_label, themed_block, with_closing};
use super::{Kind, Meta, Report};
use crate::data::Period;

/// A sheet written from a report.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The sheet (TOML with Chinese comments).
    pub toml: String,
    /// Sentences of the report the sheet could not hold.
    pub left_out: Vec<String>,
    /// Whether the work blocks are one section each (`layout = "themed"`).
    pub themed: bool,
}

/// What `import` writes as the 成文日期 of a report whose 落款 has no date:
/// the loader refuses it until the clerk fills the real date.
pub const DATE_TO_FILL: &str = "\"待填写\"";

impl Imported {
    /// Whether the report had no dated 落款 (the sheet holds [`DATE_TO_FILL`]).
    pub fn undated(&self) -> bool {
        self.toml.lines().any(|l| l.starts_with("date = ") && l.contains(DATE_TO_FILL))
    }

    /// The sheet as it will load once its date is filled: the placeholder
    /// date line left out (for checking what import wrote).
    pub fn once_dated(&self) -> String {
        self.toml.lines().filter(|l| !(l.starts_with("date = ") && l.contains(DATE_TO_FILL))).map(|l| format!("{l}\n")).collect()
    }
}


/// The report as a sheet; `meta` with the command line's overrides applied.
pub fn import(r: &Report, meta: &Meta) -> Imported {
    // Word's automatic numbering shows labels the paragraphs' text lacks.
    let r = &super::numbering::with_labels(r);
    let o = r.outline();
    let texts: Vec<String> = r.lines.iter().map(|l| l.text.trim().to_string()).collect();
    // Sections: the opening, then one per level-one (or part) heading.
    let mut opening: Vec<String> = Vec::new();
    let mut sections: Vec<(String, Part, Vec<Para>)> = Vec::new();
    let mut left_out = Vec::new();
    for (n, role) in o.roles.iter().enumerate() {
        if r.lines[n].in_table {
            left_out.push(texts[n].clone());
            continue;
        }
        match role {
            Role::Title | Role::SignUnit | Role::SignDate => {}
            Role::Heading { level: 1, label, .. } => {
                let part = o.parts.iter().find(|p| p.0 == n).map_or(Part::Work, |p| p.1);
                // “一、强化政治引领。今年以来……”: the heading ends at its first full stop, the text goes on.
                let (head, rest) = split_heading(&texts[n][*label..]);
                let body = if rest.is_empty() { Vec::new() } else { vec![(rest, Role::Body)] };
                sections.push((head, part, body));
            }
            Role::PartHeading => {
                let part = o.parts.iter().find(|p| p.0 == n).map_or(Part::Work, |p| p.1);
                sections.push((texts[n].clone(), part, Vec::new()));
            }
            _ => {
                let t = &texts[n];
                // A numbered sub-heading, or an unnumbered one (a short line without a sentence mark).
                let sub = matches!(role, Role::Heading { level: 2 | 3, .. }) || (is_bare_heading(t) && !opening.is_empty());
                let role = if matches!(role, Role::Heading { .. }) { *role } else if sub { Role::Heading { level: 2, ordinal: 0, label: 0 } } else { Role::Body };
                let in_work = sections.last().is_some_and(|s| s.1 == Part::Work);
                match sections.last_mut() {
                    Some(s) => s.2.push((t.clone(), role)),
                    // The work part may start at （一） or at an unnumbered heading, without a 一、 above it.
                    None if sub && !in_work => sections.push((String::new(), Part::Work, vec![(t.clone(), role)])),
                    None => opening.push(t.clone()),
                }
            }
        }
    }
    let work: Vec<&(String, Part, Vec<Para>)> = sections.iter().filter(|s| s.1 == Part::Work).collect();
    let themed = work.len() > 1;
    let mut blocks = Vec::new();
    for (title, _, paras) in &work {
        if themed {
            blocks.push(themed_block(title, paras));
        } else {
            let classic = classic_blocks(title, paras);
            // The one work heading gives way to the generated one when its （一） blocks carry titles.
            let generic = ["工作开展情况", "工作情况", "主要工作", "主要做法", "工作回顾", "取得的成效"].iter().any(|g| title.contains(g));
            if !title.is_empty() && !generic && !classic.iter().any(|b| b.title == *title) {
                left_out.push(title.clone());
            }
            blocks.extend(classic);
        }
    }
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut closing = None;
    // The author's own lead sentences, printed instead of the template's.
    let (mut problems_lead, mut plans_lead) = (None, None);
    for (_, part, paras) in sections.iter().filter(|s| s.1 != Part::Work) {
        let body: Vec<String> = paras.iter().map(|p| p.0.clone()).collect();
        // Written 一是/二是 (run-in, no （一） headings): one text as the author wrote it,
        // lead sentence and numbering kept; the plans' last unlabelled paragraph is the closing.
        if matches!(part, Part::Problems | Part::Plans)
            && let Some((item, close)) = as_written(&body, *part == Part::Plans)
        {
            let (lead, item) = lead_off(item);
            if *part == Part::Problems {
                problems_lead = lead;
                problems.push(item);
            } else {
                plans_lead = lead;
                plans.push(item);
                closing = close.or(closing);
            }
            continue;
        }
        let (lead, items) = items(&body);
        match part {
            Part::Problems => {
                problems_lead = joined(lead);
                problems.extend(items);
            }
            Part::Plans => {
                let (lead, items, close) = with_closing(lead, items);
                plans_lead = joined(lead);
                plans.extend(items);
                closing = close.or(closing);
            }
            Part::ProblemsAndPlans => {
                // One section for both: items up to a 今后/下一步 paragraph are problems.
                let cut = body.iter().position(|p| ["今后", "下一步", "下步", "下一阶段", "下阶段"].iter().any(|w| p.starts_with(w))).unwrap_or(body.len());
                if let (Some((p, _)), Some((q, close))) = (as_written(&body[..cut], false), as_written(&body[cut..], true)) {
                    let ((pl, p), (ql, q)) = (lead_off(p), lead_off(q));
                    (problems_lead, plans_lead) = (pl, ql);
                    problems.push(p);
                    plans.push(q);
                    closing = close.or(closing);
                    continue;
                }
                let (lead, items) = self::items(&body[..cut]);
                problems_lead = joined(lead);
                problems.extend(items);
                let (lead, items) = self::items(&body[cut..]);
                let (lead, items, close) = with_closing(lead, items);
                if items.is_empty() {
                    plans.extend(lead.into_iter().map(|text| Item { title: None, text, closing: false }));
                } else {
                    plans_lead = joined(lead);
                    plans.extend(items);
                }
                closing = close.or(closing);
            }
            Part::Work => {}
        }
    }
    // Nothing silently lost: any sentence of the report's prose the sheet does not hold is listed.
    let held: String = [opening.join(""), closing.clone().unwrap_or_default(), problems_lead.clone().unwrap_or_default(), plans_lead.clone().unwrap_or_default()]
        .into_iter()
        .chain(blocks.iter().flat_map(|b| [b.title.clone(), b.intro.clone()].into_iter().chain(b.points.iter().flat_map(|p| [p.title.clone().unwrap_or_default(), p.text.clone()]))))
        .chain(problems.iter().chain(&plans).flat_map(|p| [p.title.clone().unwrap_or_default(), p.text.clone()]))
        .chain(left_out.iter().cloned())
        .collect();
    for (n, role) in o.roles.iter().enumerate() {
        if matches!(role, Role::Title | Role::SignUnit | Role::SignDate | Role::Heading { level: 1, .. } | Role::PartHeading) || r.lines[n].in_table {
            continue;
        }
        for sentence in texts[n].split_inclusive(['。', '！', '？', '；']) {
            // The pieces between 一是/二是 labels are what the sheet holds.
            let bare = strip_label(sentence);
            let mut cuts: Vec<usize> = super::outline::shi_labels(bare).into_iter().flat_map(|(at, len, _)| [at, at + len]).collect();
            cuts.insert(0, 0);
            cuts.push(bare.len());
            let lost = cuts.chunks(2).map(|c| bare[c[0]..c[1]].trim_matches(['。', '！', '？', '；', '，', ',', ';', ' '])).any(|piece| piece.chars().count() >= 4 && !held.contains(piece));
            if lost && !left_out.iter().any(|l| l.contains(sentence.trim())) {
                left_out.push(sentence.trim().to_string());
            }
        }
    }
    let leads = [problems_lead.as_deref(), plans_lead.as_deref()];
    let toml = write(r, meta, &o, &opening, (closing.as_deref(), leads), themed, &blocks, &problems, &plans, &left_out);
    Imported { toml, left_out, themed }
}

/// An item written 一是/二是 as one text cut into its lead sentence (what
/// comes before the first label) and the rest.
fn lead_off(item: Item) -> (Option<String>, Item) {
    match super::outline::shi_labels(&item.text).first() {
        Some(&(at, _, _)) if at > 0 => {
            let (lead, rest) = item.text.split_at(at);
            (joined(vec![lead.to_string()]), Item { text: rest.to_string(), ..item })
        }
        _ => (None, item),
    }
}

/// Lead paragraphs as one lead sentence, or None.
fn joined(lead: Vec<String>) -> Option<String> {
    let l = lead.concat().trim().to_string();
    (!l.is_empty()).then_some(l)
}

/// A TOML string with the sheet's braces escaped.
fn q(s: &str) -> String {
    toml::Value::String(s.replace('{', "{{").replace('}', "}}")).to_string()
}

#[allow(clippy::too_many_arguments)]
fn write(r: &Report, meta: &Meta, o: &super::Outline, opening: &[String], (closing, leads): (Option<&str>, [Option<&str>; 2]), themed: bool, blocks: &[Block], problems: &[Item], plans: &[Item], left_out: &[String]) -> String {
    let year = meta.year.unwrap_or(0);
    let title = o.title().map(|i| r.lines[i].text.trim().to_string()).unwrap_or_default();
    // Never a made-up name: what the report says, else a placeholder `check` reports.
    // A unit read from the title must be a place name (…镇, …村), not the title's words.
    let signed = o.find(Role::SignUnit).is_some();
    let from_meta = meta.unit.clone().filter(|u| signed || is_place(u));
    let area = Some(area(from_meta.as_deref(), &title)).filter(|a| !a.is_empty() && (signed || is_place(a))).unwrap_or_else(|| "请填写地名".into());
    let unit = from_meta.unwrap_or_else(|| if area == "请填写地名" { "请填写单位全称".into() } else { area.clone() });
    let kind = title.rsplit_once('年').map(|(_, k)| k.trim_start_matches("上半年").trim_start_matches("度").to_string()).filter(|k| !k.is_empty()).unwrap_or_else(|| "党建工作总结".into());
    let file = r.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut s = String::new();
    s.push_str(&format!("# {area}{year}年党建工作数据表（由 zongjie import 从 {file} 导入）\n"));
    s.push_str("# 正文照原文保留，没有改字；数字仍在文字中（可改成 {指标名} 并在 [figures] 中填写，见 zongjie figures）。\n");
    let (v, key) = if meta.period == Some(Period::H1) { ("上半年", "h1") } else { ("全年", "year") };
    s.push_str(&format!("# 原文是{v}的总结，文字按{v}写成：生成和检查时请加 --period {key}\n"));
    s.push_str(&format!("#   zongjie render 本文件 --period {key}      zongjie check 本文件 --period {key}\n"));
    if !left_out.is_empty() {
        s.push_str("# 以下原文句子在数据表中没有对应位置，未导入（生成时由模板写引导语），请核对：\n");
        for l in left_out {
            s.push_str(&format!("#   {l}\n"));
        }
    }
    s.push_str("\n[unit]\n");
    s.push_str(&format!("name = {}        # 单位全称，用于落款{}\n", q(&unit), if meta.unit.is_none() { "（原文没有落款，取自标题，请核对）" } else { "" }));
    s.push_str(&format!("area = {}        # 地名，用于标题和文件名\n", q(&area)));
    if let Some(k) = meta.kind {
        s.push_str(&format!("level = {}        # 镇/乡/街道/村/社区\n", q(level(k))));
    }
    s.push_str("\n[report]\n");
    let said = match meta.year_from {
        None => "（原文看不出年度，请填写）".to_string(),
        Some("标题") => String::new(),
        Some("--year") => "（按 --year 指定）".to_string(),
        Some(from) => format!("（标题中没有，据原文{from}）"),
    };
    s.push_str(&format!("year = {year}        # 报告年度{said}\n"));
    s.push_str(&format!("kind = {}        # 文种，出现在标题中\n", q(&kind)));
    match meta.date {
        Some(d) if meta.period.unwrap_or(Period::Year).dates(year, d) => s.push_str(&format!("date = {{ {key} = {} }}        # 成文日期（原文落款）\n", d.format("%Y-%m-%d"))),
        // A 落款 date that cannot date this report (a typo year) is shown, not loaded — and
        // never replaced by today's date: the placeholder the loader refuses until it is filled.
        Some(d) => s.push_str(&format!("date = {{ {key} = {DATE_TO_FILL} }}        # 原文落款日期 {} 与 {year} 年度的报告不符（写错了年份？），请填写正确的日期（不加引号）\n", d.format("%Y-%m-%d"))),
        // Never today's date for a report of another day: a placeholder the loader refuses until it is filled.
        None => s.push_str(&format!("date = {{ {key} = {DATE_TO_FILL} }}        # 成文日期：原文落款没有日期，请填写，如 {key} = {year}-{}（不加引号）\n", if key == "h1" { "07-08" } else { "12-28" })),
    }
    if themed {
        s.push_str("layout = \"themed\"        # 原文每项工作单列为一、二、……\n");
    }
    if !opening.is_empty() {
        s.push_str(&format!("opening = {}        # 开头段（原文）\n", q(&opening.join("\n\n"))));
    }
    if let Some(c) = closing {
        s.push_str(&format!("closing = {}        # 结尾段（原文）\n", q(c)));
    }
    for (key, lead, part) in [("problems_lead", leads[0], "存在的问题"), ("plans_lead", leads[1], "工作打算")] {
        if let Some(l) = lead {
            s.push_str(&format!("{key} = {}        # {part}的引导语（原文）\n", q(l)));
        }
    }
    s.push_str("\n[figures]\n# 原文中的数字都保留在文字中。\n");
    for b in blocks {
        s.push_str("\n[[work]]\n");
        // A heading longer than a title may be is cut at a comma; the rest opens the block's text.
        let (title, rest) = fit_title(&b.title);
        // A block the report gave no heading (text before the first 一、 of a damaged
        // layout): a placeholder the checker refuses until the clerk names it.
        let title = if title.trim().is_empty() { "请填写这部分工作的标题" } else { title };
        s.push_str(&format!("title = {}\n", q(title)));
        let intro = format!("{rest}{}", b.intro);
        if !intro.is_empty() {
            s.push_str(&format!("text = {}\n", q(&intro)));
        }
        if b.split {
            s.push_str("split = true        # 原文每条单独成段（1. 2.）\n");
        }
        for p in &b.points {
            s.push_str("\n[[work.points]]\n");
            if let Some(t) = &p.title {
                s.push_str(&format!("title = {}\n", q(t)));
            }
            s.push_str(&format!("text = {}\n", q(&p.text)));
        }
    }
    for (name, list) in [("problems", problems), ("plans", plans)] {
        for p in list {
            s.push_str(&format!("\n[[{name}]]\n"));
            if let Some(t) = &p.title {
                s.push_str(&format!("title = {}\n", q(t)));
            }
            s.push_str(&format!("text = {}\n", q(&p.text)));
        }
    }
    s
}

/// Whether words look like a unit's place name: short, ending in a level word or a committee's name.
fn is_place(words: &str) -> bool {
    let w = words.trim_start_matches("中共");
    let n = w.chars().count();
    let ends = ["镇", "乡", "街道", "村", "社区", "办事处", "委员会", "党委", "党工委", "党总支", "党支部", "总支"];
    (2..=16).contains(&n) && ends.iter().any(|e| w.ends_with(e)) && !w.contains(['，', '。', '、'])
}

/// A title of at most [`MAX_TITLE_CHARS`] characters, cut after the last
/// comma (or other pause) that fits, and the rest of the heading.
fn fit_title(t: &str) -> (&str, &str) {
    use crate::data::limits::MAX_TITLE_CHARS;
    let Some((fits, _)) = t.char_indices().nth(MAX_TITLE_CHARS) else { return (t, "") };
    let cut = t[..fits].rfind(['，', '；', '、', '：']).filter(|&c| c > 0).unwrap_or(fits);
    let rest = &t[cut..];
    (&t[..cut], rest.strip_prefix(['，', '；', '、', '：']).unwrap_or(rest))
}

/// The sheet's `level` word for a kind.
fn level(k: Kind) -> &'static str {
    k.zh()
}

/// The place name: the unit without 中共 and its committee words, else the title's words before the year.
fn area(unit: Option<&str>, title: &str) -> String {
    if let Some(u) = unit {
        let mut a = u.trim_start_matches("中共").to_string();
        for tail in ["支部委员会", "总支部委员会", "工作委员会", "委员会", "党总支", "党支部", "党工委", "党委", "总支"] {
            if let Some(x) = a.strip_suffix(tail) {
                a = x.to_string();
                break;
            }
        }
        if a.chars().count() >= 2 {
            return a;
        }
    }
    let cut = title.find(|c: char| c.is_ascii_digit()).unwrap_or(title.len());
    title[..cut].trim_start_matches("中共").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_place_names_are_units() {
        assert!(is_place("青山镇") && is_place("中共柳溪村支部委员会") && is_place("东湖社区"));
        assert!(!is_place("软弱涣散党组织整顿工作开展情况总结"));
        assert!(!is_place("镇"));
    }
}
