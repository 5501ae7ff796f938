//! A textual form of a [`PagedDocument`] for snapshot tests and debugging:
//! one row per line with slot, kind, left edge and extent in cells, flags,
//! and the text with run boundaries marked by the run's role (`*` when bold),
//! then a table row's column edges in cells.

use std::fmt::Write;

use super::{LineKind, PagedDocument, Role};

fn role_tag(r: Role) -> &'static str {
    match r {
        Role::Title => "T",
        Role::Body => "B",
        Role::Heading1 => "H1",
        Role::Heading2 => "H2",
        Role::PageNumber => "P",
    }
}

/// The dump. Positions are in body cells from the type area's left edge,
/// rounded to 0.01, so the text is stable across float noise.
pub fn dump(doc: &PagedDocument) -> String {
    let g = &doc.grid;
    let cell = g.cell();
    let mut s = String::new();
    for p in &doc.pages {
        let f = &p.folio;
        let _ = writeln!(s, "== page {} · folio {:?} at x={:.2} ==", p.number, f.text, (f.x - g.left) / cell);
        for l in &p.lines {
            let kind = match l.kind {
                LineKind::Title => "title".to_string(),
                LineKind::Heading(n) => format!("h{n}"),
                LineKind::Body { last: true } => "body.".to_string(),
                LineKind::Body { last: false } => "body".to_string(),
                LineKind::Signature => "sign".to_string(),
                LineKind::Table => "table".to_string(),
            };
            let x0 = l.runs.first().map_or(0.0, |r| (r.x - g.left) / cell);
            let flags = format!("{}{}", if l.hang { "h" } else { "" }, if l.squeezed { "s" } else { "" });
            let _ = write!(s, "{:02} {:<5} {:>5.2}..{:<5.2} {:<2} ", l.slot + 1, kind, x0, l.extent / cell, flags);
            for r in &l.runs {
                let _ = write!(s, "[{}{}]{}", role_tag(r.role), if r.bold { "*" } else { "" }, r.text);
            }
            if !l.frame.is_empty() {
                let edges: Vec<String> = l.frame.iter().map(|x| format!("{:.2}", (x - g.left) / cell)).collect();
                let _ = write!(s, " |{}|", edges.join("|"));
            }
            s.push('\n');
        }
    }
    s
}
