//! A report turned into a sheet (`zongjie import`): unit, area, year,
//! version and date from the title and 落款; the opening and closing
//! paragraphs as written; work blocks from （一） headings (or, when the
//! work is spread over several 一、 sections, one block per section), with
//! points from 一是…/1.…; problems; plans. Text is kept as written — no
//! fixes, figures stay in the text — and every brace is escaped so the
//! sheet's interpolation leaves it alone. Sentences the sheet has no place
//! for (a part's lead-in) are listed, never silently dropped.

use super::outline::{Part, Role, heading};
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

/// One point or problem or plan: an optional short title and the text.
#[derive(Debug, Clone, Default)]
struct Item {
    title: Option<String>,
    text: String,
    /// An unlabelled paragraph after the items: the part's closing words, if nothing follows.
    closing: bool,
}

#[derive(Debug, Clone, Default)]
struct Block {
    title: String,
    intro: String,
    split: bool,
    points: Vec<Item>,
}

/// A paragraph of a section and what it is (a heading of level 2 or 3, or text).
type Para = (String, Role);

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
    for (_, part, paras) in sections.iter().filter(|s| s.1 != Part::Work) {
        let body: Vec<String> = paras.iter().map(|p| p.0.clone()).collect();
        // Written 一是/二是 (run-in, no （一） headings): one text as the author wrote it,
        // lead sentence and numbering kept; the plans' last unlabelled paragraph is the closing.
        if matches!(part, Part::Problems | Part::Plans)
            && let Some((item, close)) = as_written(&body, *part == Part::Plans)
        {
            if *part == Part::Problems {
                problems.push(item);
            } else {
                plans.push(item);
                closing = close.or(closing);
            }
            continue;
        }
        let (lead, items) = items(&body);
        match part {
            Part::Problems => {
                left_out.extend(lead);
                problems.extend(items);
            }
            Part::Plans => {
                let (lead, items, close) = with_closing(lead, items);
                left_out.extend(lead);
                plans.extend(items);
                closing = close.or(closing);
            }
            Part::ProblemsAndPlans => {
                // One section for both: items up to a 今后/下一步 paragraph are problems.
                let cut = body.iter().position(|p| ["今后", "下一步", "下步", "下一阶段", "下阶段"].iter().any(|w| p.starts_with(w))).unwrap_or(body.len());
                if let (Some((p, _)), Some((q, close))) = (as_written(&body[..cut], false), as_written(&body[cut..], true)) {
                    problems.push(p);
                    plans.push(q);
                    closing = close.or(closing);
                    continue;
                }
                let (lead, items) = self::items(&body[..cut]);
                left_out.extend(lead);
                problems.extend(items);
                let (lead, items) = self::items(&body[cut..]);
                let (lead, items, close) = with_closing(lead, items);
                if items.is_empty() {
                    plans.extend(lead.into_iter().map(|text| Item { title: None, text, closing: false }));
                } else {
                    left_out.extend(lead);
                    plans.extend(items);
                }
                closing = close.or(closing);
            }
            Part::Work => {}
        }
    }
    // Nothing silently lost: any sentence of the report's prose the sheet does not hold is listed.
    let held: String = [opening.join(""), closing.clone().unwrap_or_default()]
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
    let toml = write(r, meta, &o, &opening, closing.as_deref(), themed, &blocks, &problems, &plans, &left_out);
    Imported { toml, left_out, themed }
}

/// A level-one heading's words cut at its first full stop: the heading and
/// the text that follows it in the same paragraph.
fn split_heading(words: &str) -> (String, String) {
    match words.split_once('。') {
        Some((head, rest)) if !rest.trim().is_empty() => (head.to_string(), rest.trim().to_string()),
        _ => (words.trim_end_matches('。').to_string(), String::new()),
    }
}

/// An unnumbered heading: a short line (4–25 characters) with no sentence mark in it.
fn is_bare_heading(t: &str) -> bool {
    let n = t.chars().count();
    (4..=25).contains(&n) && !t.contains(['。', '，', '；', '：', ':', '！', '？', ',', '、']) && heading(t).is_none()
}

/// A sentence without its leading 一是/（一）/1. label.
fn strip_label(s: &str) -> &str {
    let s = s.trim();
    if let Some((_, _, label)) = heading(s) {
        return &s[label..];
    }
    match super::outline::shi_labels(s).first() {
        Some(&(0, len, _)) => &s[len..],
        _ => s,
    }
}

/// A part written 一是/二是 (run-in, no （一） headings) as one text, the
/// way the author wrote it: lead sentence and numbering kept. For plans,
/// a last unlabelled paragraph after labelled ones is the closing.
fn as_written(body: &[String], plans: bool) -> Option<(Item, Option<String>)> {
    let labelled = |p: &String| !super::outline::shi_labels(p).is_empty();
    if !body.iter().any(labelled) || body.iter().any(|p| heading(p).is_some_and(|h| h.0 >= 2)) {
        return None;
    }
    let mut body = body.to_vec();
    let closes = plans && body.len() > 1 && body.last().is_some_and(|l| !labelled(l)) && body[..body.len() - 1].iter().any(labelled);
    let close = if closes { body.pop() } else { None };
    Some((Item { title: None, text: body.join(""), closing: false }, close))
}

/// Items of a plans part, the last unlabelled paragraph after them split off as the closing.
fn with_closing(lead: Vec<String>, mut items: Vec<Item>) -> (Vec<String>, Vec<Item>, Option<String>) {
    let closing = items.last().filter(|i| i.closing).map(|i| i.text.clone());
    if closing.is_some() {
        items.pop();
    }
    (lead, items, closing)
}

/// Splits paragraphs into a lead and items (一是… or 1.… or （一）…); a
/// paragraph without a label after the items is marked as a closing.
fn items(paras: &[String]) -> (Vec<String>, Vec<Item>) {
    let mut lead = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for p in paras {
        let (pre, parts) = split_labels(p);
        if parts.is_empty() {
            if items.is_empty() {
                lead.push(p.clone());
            } else {
                items.push(Item { title: None, text: p.clone(), closing: true });
            }
            continue;
        }
        if !pre.is_empty() {
            if items.is_empty() { lead.push(pre) } else if let Some(last) = items.last_mut() { last.text.push_str(&pre) }
        }
        items.extend(parts);
    }
    // Only the last unlabelled paragraph can close the part; earlier ones are items of their own.
    let n = items.len();
    for item in items.iter_mut().take(n.saturating_sub(1)) {
        item.closing = false;
    }
    (lead, items)
}

/// A paragraph cut at its labels (一是, 1., （一）): the text before the
/// first label and one item per label.
fn split_labels(p: &str) -> (String, Vec<Item>) {
    let mut cuts: Vec<(usize, usize)> = super::outline::shi_labels(p).into_iter().map(|(at, len, _)| (at, len)).collect();
    if let Some((_, _, label)) = heading(p).filter(|h| h.0 >= 2)
        && cuts.first().is_none_or(|c| c.0 > 0)
    {
        cuts.insert(0, (0, label));
    }
    if cuts.is_empty() {
        return (p.to_string(), Vec::new());
    }
    let pre = p[..cuts[0].0].to_string();
    let mut out = Vec::new();
    for (k, &(at, len)) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map_or(p.len(), |c| c.0);
        out.push(titled(&p[at + len..end]));
    }
    (pre, out)
}

/// A short first sentence (up to 。, at most 20 characters, no comma) is the item's title.
fn titled(s: &str) -> Item {
    match s.split_once('。') {
        Some((t, rest)) if !t.is_empty() && t.chars().count() <= 20 && !t.contains(['，', '；', '：']) => Item { title: Some(t.to_string()), text: rest.to_string(), closing: false },
        _ => Item { title: None, text: s.to_string(), closing: false },
    }
}

/// Blocks of a classic work section: one per （一） heading (or unnumbered
/// heading); text before the first one joins the first block's intro.
fn classic_blocks(title: &str, paras: &[Para]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut before = String::new();
    for (t, role) in paras {
        match *role {
            Role::Heading { level: 2, label, .. } => {
                let rest = &t[label..];
                let (head, tail) = match rest.split_once('。') {
                    Some((h, tail)) => (h.to_string(), tail.to_string()),
                    None => (rest.to_string(), String::new()),
                };
                let mut b = Block { title: head, ..Block::default() };
                b.intro = std::mem::take(&mut before);
                add(&mut b, &tail);
                blocks.push(b);
            }
            _ => match blocks.last_mut() {
                Some(b) => add(b, t),
                None => before.push_str(t),
            },
        }
    }
    if blocks.is_empty() {
        let title = if title.is_empty() { "工作开展情况" } else { title };
        let mut b = Block { title: title.to_string(), ..Block::default() };
        add(&mut b, &before);
        return vec![b];
    }
    blocks
}

/// One block for a whole 一、 section (themed layout): （一） headings and 1. become split points.
fn themed_block(title: &str, paras: &[Para]) -> Block {
    let mut b = Block { title: title.to_string(), ..Block::default() };
    for (t, role) in paras {
        match *role {
            Role::Heading { level: 2 | 3, label, .. } => {
                b.split = true;
                b.points.push(titled(&t[label..]));
            }
            _ => match b.points.last_mut() {
                Some(p) => p.text.push_str(t),
                None => b.intro.push_str(t),
            },
        }
    }
    b
}

/// Adds a paragraph to a block: labelled parts become points, the rest intro or point text.
fn add(b: &mut Block, p: &str) {
    if p.trim().is_empty() {
        return;
    }
    if let Some((3, _, label)) = heading(p) {
        b.split = true;
        b.points.push(titled(&p[label..]));
        return;
    }
    let (pre, parts) = split_labels(p);
    match b.points.last_mut() {
        Some(last) if !pre.is_empty() => last.text.push_str(&pre),
        _ => b.intro.push_str(&pre),
    }
    b.points.extend(parts);
}

/// A TOML string with the sheet's braces escaped.
fn q(s: &str) -> String {
    toml::Value::String(s.replace('{', "{{").replace('}', "}}")).to_string()
}

#[allow(clippy::too_many_arguments)]
fn write(r: &Report, meta: &Meta, o: &super::Outline, opening: &[String], closing: Option<&str>, themed: bool, blocks: &[Block], problems: &[Item], plans: &[Item], left_out: &[String]) -> String {
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
    if let Some(d) = meta.date {
        let key = if meta.period == Some(Period::H1) { "h1" } else { "year" };
        s.push_str(&format!("date = {{ {key} = {} }}        # 成文日期（原文落款）\n", d.format("%Y-%m-%d")));
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
    s.push_str("\n[figures]\n# 原文中的数字都保留在文字中。\n");
    for b in blocks {
        s.push_str("\n[[work]]\n");
        s.push_str(&format!("title = {}\n", q(&b.title)));
        if !b.intro.is_empty() {
            s.push_str(&format!("text = {}\n", q(&b.intro)));
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
    fn headings_split_at_their_end_and_bare_headings_are_short_lines() {
        assert_eq!(split_heading("强化政治引领。今年以来，镇党委……"), ("强化政治引领".to_string(), "今年以来，镇党委……".to_string()));
        assert_eq!(split_heading("强化政治引领。"), ("强化政治引领".to_string(), String::new()));
        assert!(is_bare_heading("强化党建引领"));
        assert!(!is_bare_heading("现将有关情况总结如下："));
        assert!(!is_bare_heading("我社区完善三级组织体系。"));
        assert!(!is_bare_heading("（一）抓学习"));
    }

    #[test]
    fn parts_written_yi_shi_stay_as_written() {
        let body = vec!["对照要求，还存在一些不足：一是学习不深。二是作用不够。".to_string()];
        let (item, close) = as_written(&body, false).expect("一是 style");
        assert_eq!((item.title, item.text.as_str(), close), (None, body[0].as_str(), None));
        let plans = vec!["一是加强学习。".to_string(), "二是强化管理。".to_string(), "我们将再接再厉。".to_string()];
        let (item, close) = as_written(&plans, true).expect("一是 style");
        assert_eq!((item.text.as_str(), close.as_deref()), ("一是加强学习。二是强化管理。", Some("我们将再接再厉。")));
        assert!(as_written(&["（一）加强学习。一是学理论。".to_string()], true).is_none(), "（一） headings are split into items");
    }

    #[test]
    fn only_place_names_are_units() {
        assert!(is_place("青山镇") && is_place("中共柳溪村支部委员会") && is_place("东湖社区"));
        assert!(!is_place("软弱涣散党组织整顿工作开展情况总结"));
        assert!(!is_place("镇"));
    }
}
