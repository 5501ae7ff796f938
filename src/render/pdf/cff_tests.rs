//! [`super::slim`] keeps every outline of real subset fonts and numbers CIDs as glyph ids.

use super::slim;

/// Glyph outlines as text, through ttf-parser's CFF reader.
struct Path(String);

impl ttf_parser::OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0 += &format!("M{x} {y}");
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0 += &format!("L{x} {y}");
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0 += &format!("Q{x1} {y1} {x} {y}");
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
    }
    fn close(&mut self) {
        self.0 += "Z";
    }
}

fn outlines(cff: &[u8]) -> Vec<(Option<u16>, String)> {
    let t = ttf_parser::cff::Table::parse(cff).expect("a CFF table");
    (0..t.number_of_glyphs())
        .map(|g| {
            let mut p = Path(String::new());
            let _ = t.outline(ttf_parser::GlyphId(g), &mut p);
            (t.glyph_cid(ttf_parser::GlyphId(g)), p.0)
        })
        .collect()
}

/// Subsets every CFF face the process resolves to the text's characters and
/// compares the slim program glyph by glyph.
#[test]
fn slim_cff_has_the_same_outlines_and_identity_cids() {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    let Ok(set) = crate::fonts::shared() else { return };
    let faces = set.faces().unwrap();
    let text = "中共青石镇委员会二〇二四年党建工作总结一、主要工作（一）坚持政治引领，学习贯彻党的二十大精神。0123456789—，。：；“”《》%";
    let mut checked = 0;
    for role in crate::layout::Role::ALL {
        let f = set.get(role);
        let mut gids: Vec<u16> = text.chars().filter_map(|c| faces.glyph(role, c)).collect();
        gids.push(0);
        gids.sort_unstable();
        gids.dedup();
        let data = ReadScope::new(f.file.bytes()).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(f.index as usize).unwrap();
        let sub = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).unwrap();
        let Some(face) = ttf_parser::RawFace::parse(&sub, 0).ok() else { continue };
        let Some(cff) = face.table(ttf_parser::Tag::from_bytes(b"CFF ")) else { continue };
        let small = slim(cff).expect("Noto CJK subsets are slimmed");
        assert!(small.len() < cff.len(), "{}: {} → {} bytes", f.name, cff.len(), small.len());
        let (before, after) = (outlines(cff), outlines(&small));
        assert_eq!(before.len(), gids.len());
        assert!(before.iter().skip(1).all(|(_, p)| !p.is_empty()), "{}: every glyph has an outline", f.name);
        let paths = |v: &[(Option<u16>, String)]| v.iter().map(|x| x.1.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&before), paths(&after), "{}", f.name);
        assert!(after.iter().enumerate().all(|(g, (cid, _))| *cid == Some(g as u16)), "{}: CID = glyph id", f.name);
        checked += 1;
    }
    if set.get(crate::layout::Role::Body).name.contains("CJK") {
        assert!(checked > 0, "no CFF face was checked");
    }
}

#[test]
fn damaged_or_foreign_programs_are_left_alone() {
    assert!(slim(b"").is_none());
    assert!(slim(&[1, 0, 4, 1, 0, 0]).is_none());
    assert!(slim(b"\\x00\\x01\\x00\\x00 not a CFF at all").is_none());
}
