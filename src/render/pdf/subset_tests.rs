//! [`super::subset`] keeps every outline and advance of real fonts, numbers
//! glyphs densely (and CFF CIDs as glyph ids), and brings composite parts along.

use super::*;

/// Glyph outlines as text, through ttf-parser.
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

fn outline(f: &dyn Fn(&mut Path) -> bool) -> String {
    let mut p = Path(String::new());
    f(&mut p);
    p.0
}

/// Subsets `text` from face `index` of `data` and compares every glyph with its source.
fn check(data: &[u8], index: u32, text: &str, name: &str) -> Subset {
    let face = ttf_parser::Face::parse(data, index).unwrap();
    let mut gids: Vec<u16> = text.chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
    gids.push(0);
    gids.sort_unstable();
    gids.dedup();
    let sub = subset(data, index, &gids, &GlyphCache::default()).unwrap_or_else(|| panic!("{name}: subset"));
    assert_eq!(sub.glyphs.len(), sub.widths.len());
    assert!(gids.iter().all(|g| sub.glyphs.binary_search(g).is_ok()), "{name}: every requested glyph is kept");
    let source = |g: u16| outline(&|p| face.outline_glyph(ttf_parser::GlyphId(g), p).is_some());
    if sub.cff {
        let raw = ttf_parser::RawFace::parse(&sub.font, 0).unwrap();
        let cff = ttf_parser::cff::Table::parse(raw.table(Tag::from_bytes(b"CFF ")).unwrap()).unwrap();
        assert_eq!(cff.number_of_glyphs() as usize, sub.glyphs.len());
        for (new, &old) in sub.glyphs.iter().enumerate() {
            let g = ttf_parser::GlyphId(new as u16);
            assert_eq!(outline(&|p| cff.outline(g, p).is_ok()), source(old), "{name}: glyph {old}");
            assert_eq!(cff.glyph_cid(g), Some(new as u16), "{name}: CID = glyph id");
        }
    } else {
        let small = ttf_parser::Face::parse(&sub.font, 0).unwrap();
        assert_eq!(small.number_of_glyphs() as usize, sub.glyphs.len());
        for (new, &old) in sub.glyphs.iter().enumerate() {
            let g = ttf_parser::GlyphId(new as u16);
            assert_eq!(outline(&|p| small.outline_glyph(g, p).is_some()), source(old), "{name}: glyph {old}");
            assert_eq!(small.glyph_hor_advance(g), face.glyph_hor_advance(ttf_parser::GlyphId(old)));
        }
    }
    for (w, &old) in sub.widths.iter().zip(&sub.glyphs) {
        assert_eq!(Some(*w), face.glyph_hor_advance(ttf_parser::GlyphId(old)), "{name}: advance of glyph {old}");
    }
    assert!(sub.glyphs.iter().skip(1).all(|&g| !source(g).is_empty()), "{name}: the text's glyphs have outlines");
    sub
}

/// Every face the process resolves (Noto CJK: CFF; LXGW WenKai: TrueType).
#[test]
fn role_fonts_keep_their_outlines_and_advances() {
    let Ok(set) = crate::fonts::shared() else { return };
    let text = "中共青石镇委员会二〇二四年党建工作总结一、主要工作（一）坚持政治引领，学习贯彻党的二十大精神。0123456789—，。：；“”《》%";
    let mut kinds = Vec::new();
    for role in crate::layout::Role::ALL {
        let f = set.get(role);
        let sub = check(f.file.bytes(), f.index, text, &f.name);
        if sub.cff {
            assert!(sub.font.len() < 60_000, "{}: {} bytes for {} glyphs", f.name, sub.font.len(), sub.glyphs.len());
        }
        kinds.push(sub.cff);
    }
    if set.get(crate::layout::Role::Body).name.contains("CJK") {
        assert!(kinds.contains(&true), "no CFF face was checked");
    }
}

/// Accented Latin letters are composites in Liberation and DejaVu: their parts come along.
#[test]
fn truetype_composites_bring_their_parts() {
    let files = ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];
    let Some(data) = files.iter().find_map(|f| std::fs::read(f).ok()) else { return };
    let sub = check(&data, 0, "éàüÅ", "Latin");
    assert!(!sub.cff);
    assert!(sub.glyphs.len() > 5, "the accents and base letters joined the four glyphs and .notdef: {:?}", sub.glyphs);
}

#[test]
fn damaged_or_foreign_programs_are_refused() {
    assert!(cff::subset(b"", &[0], &GlyphCache::default(), 0).is_none());
    assert!(cff::subset(&[1, 0, 4, 1, 0, 0], &[0], &GlyphCache::default(), 0).is_none());
    assert!(cff::subset(b"\\x00\\x01\\x00\\x00 not a CFF at all", &[0], &GlyphCache::default(), 0).is_none());
    assert!(subset(b"not a font", 0, &[0], &GlyphCache::default()).is_none());
}

/// Every face of every font file on the system either subsets with the same
/// outlines or declines (the allsorts route then) — never a panic.
#[test]
fn every_system_font_subsets_faithfully_or_declines() {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("/usr/share/fonts")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| ["ttf", "otf", "ttc", "otc"].contains(&x.to_string_lossy().to_lowercase().as_str())) {
                files.push(p);
            }
        }
    }
    files.sort();
    let (mut done, mut declined) = (0, 0);
    for path in files {
        let data = std::fs::read(&path).unwrap();
        for index in 0..ttf_parser::fonts_in_collection(&data).unwrap_or(1) {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else { continue };
            let mut gids: Vec<u16> = "中文党建ABCabc123éàüÅ，。“”—".chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
            gids.push(0);
            gids.sort_unstable();
            gids.dedup();
            if subset(&data, index, &gids, &GlyphCache::default()).is_some() {
                check(&data, index, "中文党建ABCabc123éàüÅ，。“”—", &path.display().to_string());
                done += 1;
            } else {
                declined += 1;
            }
        }
    }
    eprintln!("{done} faces subset, {declined} declined");
}

/// A second document with the file's cache gets the same program, whether
/// its glyphs were all cached, partly, or not at all.
#[test]
fn the_glyph_cache_changes_no_byte() {
    let Ok(set) = crate::fonts::shared() else { return };
    let f = set.get(crate::layout::Role::Body);
    let face = ttf_parser::Face::parse(f.file.bytes(), f.index).unwrap();
    let gids = |text: &str| {
        let mut g: Vec<u16> = text.chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
        g.push(0);
        g.sort_unstable();
        g.dedup();
        g
    };
    let cache = GlyphCache::default();
    let (a, b) = (gids("党建工作总结"), gids("党建工作要点和打算"));
    let first = subset(f.file.bytes(), f.index, &a, &cache).unwrap().font;
    let second = subset(f.file.bytes(), f.index, &b, &cache).unwrap().font;
    assert_eq!(first, subset(f.file.bytes(), f.index, &a, &GlyphCache::default()).unwrap().font);
    assert_eq!(second, subset(f.file.bytes(), f.index, &b, &GlyphCache::default()).unwrap().font);
    assert_eq!(first, subset(f.file.bytes(), f.index, &a, &cache).unwrap().font);
}
