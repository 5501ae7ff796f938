//! A report's sections cut into what a sheet holds ([`super::sheet`] writes
//! them): a level-one heading split from the text run into it, unnumbered
//! headings, work blocks from （一） headings (classic) or one per section
//! (themed) with points from 一是…/1.…, and problems and plans as items —
//! or, written 一是/二是 with the author's lead, as one text kept as written.

use super::outline::{Role, heading};

/// One point or problem or plan: an optional short title and the text.
#[derive(Debug, Clone, Default)]
pub(super) struct Item {
    pub(super) title: Option<String>,
    pub(super) text: String,
    /// An unlabelled paragraph after the items: the part's closing words, if nothing follows.
    pub(super) closing: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Block {
    pub(super) title: String,
    pub(super) intro: String,
    pub(super) split: bool,
    pub(super) points: Vec<Item>,
}

/// A paragraph of a section and what it is (a heading of level 2 or 3, or text).
pub(super) type Para = (String, Role);

/// A level-one heading's words cut at its first full stop: the heading and
/// the text that follows it in the same paragraph.
pub(super) fn split_heading(words: &str) -> (String, String) {
    match words.split_once('。') {
        Some((head, rest)) if !rest.trim().is_empty() => (head.to_string(), rest.trim().to_string()),
        _ => (words.trim_end_matches('。').to_string(), String::new()),
    }
}

/// An unnumbered heading: a short line (4–25 characters) with no sentence mark in it.
pub(super) fn is_bare_heading(t: &str) -> bool {
    let n = t.chars().count();
    (4..=25).contains(&n) && !t.contains(['。', '，', '；', '：', ':', '！', '？', ',', '、']) && heading(t).is_none()
}

/// A sentence without its leading 一是/（一）/1. label.
pub(super) fn strip_label(s: &str) -> &str {
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
pub(super) fn as_written(body: &[String], plans: bool) -> Option<(Item, Option<String>)> {
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
pub(super) fn with_closing(lead: Vec<String>, mut items: Vec<Item>) -> (Vec<String>, Vec<Item>, Option<String>) {
    let closing = items.last().filter(|i| i.closing).map(|i| i.text.clone());
    if closing.is_some() {
        items.pop();
    }
    (lead, items, closing)
}

/// Splits paragraphs into a lead and items (一是… or 1.… or （一）…); a
/// paragraph without a label after the items is marked as a closing.
pub(super) fn items(paras: &[String]) -> (Vec<String>, Vec<Item>) {
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
pub(super) fn classic_blocks(title: &str, paras: &[Para]) -> Vec<Block> {
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
pub(super) fn themed_block(title: &str, paras: &[Para]) -> Block {
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
}
