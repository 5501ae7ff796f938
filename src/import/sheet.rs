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

/// The report as a sheet; `meta` with the command line's overrides applied.
pub fn import(r: &Report, meta: &Meta) -> Imported {
    let o = r.outline();
    let texts: Vec<String> = r.lines.iter().map(|l| l.text.trim().to_string()).collect();
    // Sections: the opening, then one per level-one (or part) heading.
    let mut opening: Vec<String> = Vec::new();
    let mut sections: Vec<(String, Part, Vec<usize>)> = Vec::new();
    for (n, role) in o.roles.iter().enumerate() {
        if r.lines[n].in_table {
            continue;
        }
        match role {
            Role::Title | Role::SignUnit | Role::SignDate => {}
            Role::Heading { level: 1, label, .. } => {
                let part = o.parts.iter().find(|p| p.0 == n).map_or(Part::Work, |p| p.1);
                sections.push((texts[n][*label..].trim_end_matches('。').to_string(), part, Vec::new()));
            }
            Role::PartHeading => {
                let part = o.parts.iter().find(|p| p.0 == n).map_or(Part::Work, |p| p.1);
                sections.push((texts[n].clone(), part, Vec::new()));
            }
            _ => match sections.last_mut() {
                Some(s) => s.2.push(n),
                None => opening.push(texts[n].clone()),
            },
        }
    }
    let mut left_out = Vec::new();
    let work: Vec<&(String, Part, Vec<usize>)> = sections.iter().filter(|s| s.1 == Part::Work).collect();
    let themed = work.len() > 1;
    let mut blocks = Vec::new();
    for (title, _, lines) in &work {
        if themed {
            blocks.push(themed_block(title, lines, &texts, &o.roles));
        } else {
            blocks.extend(classic_blocks(title, lines, &texts, &o.roles));
        }
    }
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut closing = None;
    for (_, part, lines) in sections.iter().filter(|s| s.1 != Part::Work) {
        let body: Vec<String> = lines.iter().map(|&n| texts[n].clone()).collect();
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
    let toml = write(r, meta, &o, &opening, closing.as_deref(), themed, &blocks, &problems, &plans, &left_out);
    Imported { toml, left_out, themed }
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

/// Blocks of a classic work section: one per （一） heading; text before the
/// first one joins the first block's intro.
fn classic_blocks(title: &str, lines: &[usize], texts: &[String], roles: &[Role]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut before = String::new();
    for &n in lines {
        let t = &texts[n];
        match roles[n] {
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
        let mut b = Block { title: title.to_string(), ..Block::default() };
        add(&mut b, &before);
        return vec![b];
    }
    blocks
}

/// One block for a whole 一、 section (themed layout): （一） headings and 1. become split points.
fn themed_block(title: &str, lines: &[usize], texts: &[String], roles: &[Role]) -> Block {
    let mut b = Block { title: title.to_string(), ..Block::default() };
    for &n in lines {
        let t = &texts[n];
        match roles[n] {
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
    let area = Some(area(meta.unit.as_deref(), &title)).filter(|a| !a.is_empty()).unwrap_or_else(|| "请填写地名".into());
    let unit = meta.unit.clone().unwrap_or_else(|| if area == "请填写地名" { "请填写单位全称".into() } else { area.clone() });
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
    s.push_str(&format!("year = {year}        # 报告年度{}\n", if meta.year.is_none() { "（原文看不出年度，请填写）" } else { "" }));
    s.push_str(&format!("kind = {}        # 文种，出现在标题中\n", q(&kind)));
    if let Some(d) = meta.date {
        let key = if meta.period == Some(Period::H1) { "h1" } else { "year" };
        // A 落款 date that cannot date this report (a typo year) is kept for the reader, not loaded.
        if meta.period.unwrap_or(Period::Year).dates(year, d) {
            s.push_str(&format!("date = {{ {key} = {} }}        # 成文日期（原文落款）\n", d.format("%Y-%m-%d")));
        } else {
            s.push_str(&format!("# date = {{ {key} = {} }}        # 原文落款日期与 {year} 年度的报告不符（写错了年份？），请改正后去掉行首的 #\n", d.format("%Y-%m-%d")));
        }
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
        // A heading longer than a title may be is cut at a comma; the rest opens the block's text.
        let (title, rest) = fit_title(&b.title);
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
