//! Where a finding sits among a paragraph's runs, and the runs rewritten
//! around it (part of `--annotate`, see the parent module). Word splits a
//! paragraph into runs at every formatting change, spell-check mark and
//! edit session, so a finding often spans several runs. [`place`] maps the
//! finding's characters to pieces of `w:t` elements and refuses, with a
//! [`Why`], what cannot be cut safely: a tab, break, picture or field inside
//! the finding, text in a field's result, runs in different containers.
//! [`rewrite`] then writes each touched run again: the text around a finding
//! stays in runs with the run's own properties, each piece becomes a run (or
//! a `w:del` of it) with the same properties, the comment range starts before
//! the first piece, and the fix (a `w:ins` with the first piece's properties),
//! the range end and the reference run follow the last one.

use std::collections::HashSet;

use roxmltree::{Node, NodeId};

use super::markup::{AUTHOR, W_NS, esc};
use crate::import::docx::Para;

/// Why a finding is anchored on its whole paragraph instead of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Why {
    /// The finding is about the paragraph (no text), or its text is not
    /// where the paragraph says (nothing to tell the user).
    Paragraph,
    /// It overlaps a finding placed before it.
    Overlap,
    /// It is in a field's result or crosses a field.
    Field,
    /// It crosses a tab, break, picture or other non-text element.
    NonText,
    /// Its runs are in a container the markup is not written into (an
    /// existing revision, a content control, different containers).
    Container,
}

impl Why {
    /// What the comment says about its anchor, if anything.
    pub(super) fn note(self) -> Option<&'static str> {
        match self {
            Why::Paragraph => None,
            Why::Overlap => Some("这段文字与另一条意见所标的文字重叠"),
            Why::Field => Some("这段文字在域（如自动编号、日期、页码）中或跨越了域"),
            Why::NonText => Some("这段文字跨越了制表符、换行、图片等非文字内容"),
            Why::Container => Some("这段文字在已有修订、内容控件等特殊位置中"),
        }
    }
}

/// A piece of a finding: characters `a..b` of one `w:t`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece<'a, 'x> {
    pub t: Node<'a, 'x>,
    pub a: usize,
    pub b: usize,
}

/// A finding anchored on its own text.
pub(super) struct Exact<'a, 'x> {
    /// The comment's id.
    pub id: u64,
    /// Its pieces in document order.
    pub pieces: Vec<Piece<'a, 'x>>,
    /// The replacement, when the finding's safe fix is written as a revision.
    pub fix: Option<String>,
}

fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W_NS)
}

/// The `w:t` elements shown as a complex field's result (between its
/// `separate` and `end` marks), by node, over the whole document: a field
/// may begin in one paragraph and end in another.
pub(super) fn field_results(doc: &roxmltree::Document) -> HashSet<NodeId> {
    let mut depth = 0usize;
    let mut out = HashSet::new();
    for n in doc.root().descendants() {
        if is_w(&n, "fldChar") {
            match n.attribute((W_NS, "fldCharType")) {
                Some("begin") => depth += 1,
                Some("end") => depth = depth.saturating_sub(1),
                _ => {}
            }
        } else if depth > 0 && is_w(&n, "t") {
            out.insert(n.id());
        }
    }
    out
}

/// Elements that show nothing and may stay between a finding's pieces.
fn zero_width(n: &Node) -> bool {
    if !n.is_element() {
        return true;
    }
    if n.tag_name().namespace() != Some(W_NS) {
        return false;
    }
    match n.tag_name().name() {
        "rPr" | "proofErr" | "bookmarkStart" | "bookmarkEnd" | "commentRangeStart" | "commentRangeEnd" | "permStart" | "permEnd" | "lastRenderedPageBreak" | "del" => true,
        "t" => n.text().unwrap_or_default().is_empty(),
        "r" => n.children().all(|c| zero_width(&c)),
        _ => false,
    }
}

/// Why the elements `between` (crossed by a finding) are not all zero-width, if they are not.
fn crossing<'a, 'x: 'a>(between: impl Iterator<Item = Node<'a, 'x>>) -> Result<(), Why> {
    for n in between {
        if zero_width(&n) {
            continue;
        }
        let field = n.descendants().any(|d| is_w(&d, "fldChar") || is_w(&d, "instrText") || is_w(&d, "fldSimple"));
        return Err(if field { Why::Field } else { Why::NonText });
    }
    Ok(())
}

/// The pieces of characters `c0..c1` of paragraph `p`, or why they cannot be cut out.
pub(super) fn place<'a, 'x: 'a>(p: &Para<'a, 'x>, c0: usize, c1: usize, text: &str, fields: &HashSet<NodeId>) -> Result<Vec<Piece<'a, 'x>>, Why> {
    if c1 <= c0 || p.text.chars().skip(c0).take(c1 - c0).collect::<String>() != text {
        return Err(Why::Paragraph);
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut next = c0;
    for &(start, t) in &p.ts {
        let len = t.text().unwrap_or_default().chars().count();
        if len == 0 || start + len <= c0 {
            continue;
        }
        if start >= c1 {
            break;
        }
        if start > next {
            return Err(Why::NonText); // a tab or break between two texts
        }
        let b = c1.min(start + len);
        pieces.push(Piece { t, a: next - start, b: b - start });
        next = b;
    }
    if next < c1 || pieces.is_empty() {
        return Err(Why::NonText);
    }
    let run = |t: Node<'a, 'x>| t.parent().filter(|r| is_w(r, "r"));
    let mut container = None;
    for piece in &pieces {
        if fields.contains(&piece.t.id()) {
            return Err(Why::Field);
        }
        let parent = run(piece.t).and_then(|r| r.parent()).ok_or(Why::Container)?;
        let allowed = parent == p.node || ["hyperlink", "smartTag", "customXml"].iter().any(|k| is_w(&parent, k));
        if !allowed {
            return Err(if is_w(&parent, "fldSimple") { Why::Field } else { Why::Container });
        }
        if container.is_some_and(|c| c != parent) {
            return Err(Why::Container);
        }
        container = Some(parent);
    }
    // Nothing but zero-width markup between consecutive pieces.
    for pair in pieces.windows(2) {
        let (t0, t1) = (pair[0].t, pair[1].t);
        let (r0, r1) = (run(t0).ok_or(Why::Container)?, run(t1).ok_or(Why::Container)?);
        if r0 == r1 {
            crossing(t0.next_siblings().skip(1).take_while(|n| *n != t1))?;
        } else {
            crossing(t0.next_siblings().skip(1))?;
            crossing(r0.next_siblings().skip(1).take_while(|n| *n != r1))?;
            crossing(t1.prev_siblings().skip(1))?;
        }
    }
    Ok(pieces)
}

/// A run of `w:t` text with `rpr` (empty text: nothing).
fn text_run(rpr: &str, s: &str) -> String {
    if s.is_empty() { String::new() } else { format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(s)) }
}

/// The properties (`w:rPr`, as written) of the run holding `t`.
fn rpr_of<'x>(xml: &'x str, t: Node) -> &'x str {
    t.parent().and_then(|r| r.children().find(|c| is_w(c, "rPr"))).map_or("", |r| &xml[r.range()])
}

/// The `w:id`s for new comments and revisions: after the largest in the
/// document when there is room below `i32::MAX` (Word's limit), else the
/// smallest free ones; never one the document already uses, never wrapping.
pub(super) struct Ids {
    used: std::collections::HashSet<u64>,
    next: u64,
}

impl Ids {
    /// The ids free in `xml` (every `w:id="…"` taken as used).
    pub(super) fn in_use(xml: &str) -> Ids {
        let used: std::collections::HashSet<u64> = xml.match_indices("w:id=\"").filter_map(|(i, m)| xml[i + m.len()..].split('"').next()?.trim().parse::<u64>().ok()).collect();
        let after = used.iter().max().map_or(0, |m| m.saturating_add(1));
        Ids { used, next: if after < (i32::MAX as u64) / 2 { after } else { 0 } }
    }

    /// The next free id.
    pub(super) fn take(&mut self) -> u64 {
        while self.used.contains(&self.next) {
            self.next += 1;
        }
        self.next += 1;
        self.next - 1
    }
}

/// Run `run` written again with the pieces of `marks` in it cut out and
/// marked; `ids` gives the revisions' ids.
pub(super) fn rewrite(xml: &str, run: Node, marks: &[Exact], ids: &mut Ids) -> String {
    let rpr = run.children().find(|c| is_w(c, "rPr")).map_or("", |r| &xml[r.range()]);
    let mut out = String::new();
    // The run's content not yet written, in a run of its own properties.
    let mut kept = String::new();
    let flush = |out: &mut String, kept: &mut String| {
        if !kept.is_empty() {
            out.push_str(&format!("<w:r>{rpr}{kept}</w:r>"));
            kept.clear();
        }
    };
    for child in run.children().filter(|c| c.is_element() && !is_w(c, "rPr")) {
        if !is_w(&child, "t") {
            kept.push_str(&xml[child.range()]);
            continue;
        }
        let chars: Vec<char> = child.text().unwrap_or_default().chars().collect();
        let piece = |a: usize, b: usize| -> String { chars[a.min(chars.len())..b.min(chars.len())].iter().collect() };
        let mut cuts: Vec<(&Piece, &Exact, bool, bool)> = Vec::new();
        for m in marks {
            let n = m.pieces.len();
            for (k, p) in m.pieces.iter().enumerate().filter(|(_, p)| p.t == child) {
                cuts.push((p, m, k == 0, k + 1 == n));
            }
        }
        if cuts.is_empty() {
            kept.push_str(&xml[child.range()]);
            continue;
        }
        cuts.sort_by_key(|c| c.0.a);
        let mut at = 0;
        for (p, m, first, last) in cuts {
            if p.a > at {
                kept.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(&piece(at, p.a))));
            }
            flush(&mut out, &mut kept);
            if first {
                out.push_str(&format!("<w:commentRangeStart w:id=\"{}\"/>", m.id));
            }
            let old = piece(p.a, p.b);
            match &m.fix {
                Some(_) => {
                    out.push_str(&format!("<w:del w:id=\"{}\" w:author=\"{AUTHOR}\"><w:r>{rpr}<w:delText xml:space=\"preserve\">{}</w:delText></w:r></w:del>", ids.take(), esc(&old)));
                }
                None => out.push_str(&text_run(rpr, &old)),
            }
            if last {
                if let Some(new) = m.fix.as_ref().filter(|n| !n.is_empty()) {
                    out.push_str(&format!("<w:ins w:id=\"{}\" w:author=\"{AUTHOR}\">{}</w:ins>", ids.take(), text_run(rpr_of(xml, m.pieces[0].t), new)));
                }
                out.push_str(&format!("<w:commentRangeEnd w:id=\"{}\"/><w:r><w:commentReference w:id=\"{}\"/></w:r>", m.id, m.id));
            }
            at = p.b;
        }
        if at < chars.len() {
            kept.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(&piece(at, chars.len()))));
        }
    }
    flush(&mut out, &mut kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::body_paragraphs;
    use std::path::Path;

    fn doc(p: &str) -> String {
        format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p>{p}</w:p></w:body></w:document>"#)
    }

    /// Where characters `c0..c1` (the text `want`) of the paragraph `p` land: piece lengths, or why not.
    fn placed(p: &str, want: &str) -> Result<Vec<usize>, Why> {
        let xml = doc(p);
        let d = roxmltree::Document::parse(&xml).unwrap();
        let paras = body_paragraphs(Path::new("t.docx"), &d).unwrap();
        let c0 = paras[0].text.find(want).map(|b| paras[0].text[..b].chars().count()).unwrap();
        place(&paras[0], c0, c0 + want.chars().count(), want, &field_results(&d)).map(|v| v.iter().map(|p| p.b - p.a).collect())
    }

    const B: &str = "<w:rPr><w:b/></w:rPr>";

    #[test]
    fn a_finding_over_runs_is_cut_into_pieces_across_markup() {
        let p = format!(r#"<w:r><w:t>建立台</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="a"/><w:r>{B}<w:t>帐</w:t></w:r><w:bookmarkEnd w:id="0"/><w:r><w:rPr><w:i/></w:rPr><w:t>，通</w:t></w:r>"#);
        assert_eq!(placed(&p, "台帐，通"), Ok(vec![1, 1, 2]));
        assert_eq!(placed(&p, "帐"), Ok(vec![1]));
        // A hyperlink's runs are cut like the paragraph's.
        assert_eq!(placed(r#"<w:hyperlink w:anchor="x"><w:r><w:t>台</w:t></w:r><w:r><w:t>帐</w:t></w:r></w:hyperlink>"#, "台帐"), Ok(vec![1, 1]));
    }

    #[test]
    fn fields_tabs_symbols_and_revisions_fall_back_to_the_paragraph() {
        let field = r#"<w:r><w:t>党风</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>QUOTE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>连</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>政</w:t></w:r>"#;
        assert_eq!(placed(field, "党风连政"), Err(Why::Field));
        assert_eq!(placed(field, "连"), Err(Why::Field), "a field's result is regenerated by Word: not edited");
        assert_eq!(placed(r#"<w:fldSimple w:instr="PAGE"><w:r><w:t>台帐</w:t></w:r></w:fldSimple>"#, "台帐"), Err(Why::Field));
        assert_eq!(placed(r#"<w:r><w:t>台</w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:r><w:t>帐</w:t></w:r>"#, "台帐"), Err(Why::NonText));
        assert_eq!(placed(r#"<w:r><w:t>台</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:r><w:t>帐</w:t></w:r>"#, "台帐"), Err(Why::NonText));
        assert_eq!(placed(r#"<w:r><w:t>台</w:t><w:tab/><w:t>帐</w:t></w:r>"#, "台\t帐"), Err(Why::NonText));
        assert_eq!(placed(r#"<w:ins w:id="1" w:author="a"><w:r><w:t>台帐</w:t></w:r></w:ins>"#, "台帐"), Err(Why::Container));
        assert_eq!(placed(r#"<w:r><w:t>台</w:t></w:r><w:hyperlink w:anchor="x"><w:r><w:t>帐</w:t></w:r></w:hyperlink>"#, "台帐"), Err(Why::Container));
        // Deleted text between the pieces shows nothing: the finding is still cut.
        assert_eq!(placed(r#"<w:r><w:t>台</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:t>帐</w:t></w:r>"#, "台帐"), Ok(vec![1, 1]));
    }

    /// The paragraph with every finding in `marks` ((text, fix)) cut out and marked.
    fn rewritten(p: &str, marks: &[(&str, Option<&str>)]) -> String {
        let xml = doc(p);
        let d = roxmltree::Document::parse(&xml).unwrap();
        let paras = body_paragraphs(Path::new("t.docx"), &d).unwrap();
        let fields = field_results(&d);
        let exact: Vec<Exact> = marks.iter().enumerate().map(|(i, (want, fix))| {
            let c0 = paras[0].text.find(want).map(|b| paras[0].text[..b].chars().count()).unwrap();
            Exact { id: 100 + i as u64, pieces: place(&paras[0], c0, c0 + want.chars().count(), want, &fields).unwrap(), fix: fix.map(str::to_string) }
        }).collect();
        let mut runs: Vec<Node> = exact.iter().flat_map(|m| m.pieces.iter().filter_map(|p| p.t.parent())).collect();
        runs.dedup();
        let mut ids = Ids::in_use(r#"w:id="199""#);
        let mut out = xml.clone();
        let edits: Vec<(std::ops::Range<usize>, String)> = runs.iter().map(|run| (run.range(), rewrite(&xml, *run, &exact, &mut ids))).collect();
        for (at, text) in edits.into_iter().rev() {
            out.replace_range(at, &text);
        }
        out[out.find("<w:p>").unwrap() + 5..out.find("</w:p>").unwrap()].to_string()
    }

    #[test]
    fn pieces_keep_their_run_properties_and_the_insertion_takes_the_first() {
        let got = rewritten(&format!(r#"<w:r><w:t>一是</w:t><w:tab/><w:t>建立台</w:t></w:r><w:r>{B}<w:t>帐，按步就班</w:t></w:r>"#), &[("台帐", Some("台账")), ("按步就班", None)]);
        let want = concat!(
            r#"<w:r><w:t>一是</w:t><w:tab/><w:t xml:space="preserve">建立</w:t></w:r>"#,
            r#"<w:commentRangeStart w:id="100"/><w:del w:id="200" w:author="zongjie"><w:r><w:delText xml:space="preserve">台</w:delText></w:r></w:del>"#,
            r#"<w:del w:id="201" w:author="zongjie"><w:r><w:rPr><w:b/></w:rPr><w:delText xml:space="preserve">帐</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="202" w:author="zongjie"><w:r><w:t xml:space="preserve">台账</w:t></w:r></w:ins>"#,
            r#"<w:commentRangeEnd w:id="100"/><w:r><w:commentReference w:id="100"/></w:r>"#,
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">，</w:t></w:r>"#,
            r#"<w:commentRangeStart w:id="101"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">按步就班</w:t></w:r>"#,
            r#"<w:commentRangeEnd w:id="101"/><w:r><w:commentReference w:id="101"/></w:r>"#,
        );
        assert_eq!(got, want);
    }

    #[test]
    fn new_ids_never_wrap_nor_clash() {
        let mut ids = Ids::in_use(r#"<w:comment w:id="18446744073709551615"/><w:comment w:id="0"/><w:bookmarkStart w:id="2"/>"#);
        assert_eq!([ids.take(), ids.take(), ids.take()], [1, 3, 4]);
        let mut ids = Ids::in_use(r#"<w:bookmarkStart w:id="7"/>"#);
        assert_eq!(ids.take(), 8);
    }
}
