//! PagedDocument → PDF bytes (the PDF writer; the only printpdf user).
//! Each distinct font face is subset ([`super::subset`]) to the glyphs the
//! document uses and embedded as `ABCDEF+PSName`; every run is placed with
//! an absolute text matrix (`Tm`) and its character spacing (`Tc`); title,
//! author and dates come from the Document, and the file /ID is a hash of
//! the content, so the same sheet gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::{FontId, FontMetrics, FontType, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextMatrix, TextRenderingMode};

use crate::doc::Document;
use crate::error::{Error, Result};
use crate::fonts::{Faces, font_error};
use crate::layout::{PagedDocument, Role, Run, dump};

/// 64-bit FNV-1a, for the subset tags and the file /ID.
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325 ^ seed, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3))
}

/// Writes the document.
pub fn to_pdf(paged: &PagedDocument, doc: &Document, faces: &Faces<'_>) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new(&doc.title);
    let runs = || paged.pages.iter().flat_map(|p| p.lines.iter().flat_map(|l| &l.runs).chain([&p.folio]).chain(&p.mark));

    // One embedded font per distinct face, shared by the roles that use it.
    let mut slots: Vec<(std::path::PathBuf, u32)> = Vec::new();
    let mut slot_of: BTreeMap<Role, usize> = BTreeMap::new();
    for role in Role::ALL {
        let f = faces.set.get(role);
        let key = (f.file.path.clone(), f.index);
        let k = slots.iter().position(|s| *s == key).unwrap_or_else(|| {
            slots.push(key);
            slots.len() - 1
        });
        slot_of.insert(role, k);
    }
    let mut used: Vec<BTreeSet<char>> = vec![BTreeSet::new(); slots.len()];
    for r in runs() {
        used[slot_of[&r.role]].extend(r.text.chars());
    }
    for (k, chars) in used.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        let role = *slot_of.iter().find(|(_, s)| **s == k).map(|(r, _)| r).unwrap_or(&Role::Body);
        let font = embed(faces, role, chars)?;
        pdf.resources.fonts.map.insert(FontId(format!("F{k}")), PdfFont::new(font));
    }

    let (w, h) = paged.grid.page;
    for page in &paged.pages {
        let mut ops = vec![Op::StartTextSection];
        let (mut font, mut size, mut spacing, mut bold) = (usize::MAX, 0.0f32, 0.0f32, false);
        let mut place = |r: &Run, ops: &mut Vec<Op>| {
            let k = slot_of[&r.role];
            if k != font || r.size != size {
                ops.push(Op::SetFont { font: PdfFontHandle::External(FontId(format!("F{k}"))), size: Pt(r.size) });
                (font, size) = (k, r.size);
            }
            // Bold without a bold face: fill and stroke the outlines with a
            // hairline of 1/30 em, as Word and WPS embolden 仿宋 and 楷体.
            if r.bold != bold {
                if r.bold {
                    ops.push(Op::SetOutlineThickness { pt: Pt(r.size / 30.0) });
                }
                ops.push(Op::SetTextRenderingMode { mode: if r.bold { TextRenderingMode::FillStroke } else { TextRenderingMode::Fill } });
                bold = r.bold;
            }
            // To 1/10000 pt: justified lines then share one Tc instead of
            // differing in float noise (at most 0.002 pt over a line).
            let tc = (r.spacing * 1e4).round() / 1e4;
            if tc != spacing {
                ops.push(Op::SetCharacterSpacing { multiplier: tc });
                spacing = tc;
            }
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(r.x), Pt(h - r.y)) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(r.text.clone())] });
        };
        for r in page.lines.iter().flat_map(|l| &l.runs) {
            place(r, &mut ops);
        }
        place(&page.folio, &mut ops);
        if let Some(m) = &page.mark {
            place(m, &mut ops);
        }
        ops.push(Op::EndTextSection);
        rules(page, &paged.grid, &mut ops);
        pdf.pages.push(PdfPage::new(Mm(w * 25.4 / 72.0), Mm(h * 25.4 / 72.0), ops));
    }

    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.kind.clone();
    info.creator = "zongjie".into();
    info.producer = format!("zongjie {}", env!("CARGO_PKG_VERSION"));
    let midnight = doc.meta.date.and_hms_opt(0, 0, 0).map_or(0, |d| d.and_utc().timestamp());
    let date = printpdf::OffsetDateTime::from_unix_timestamp(midnight).map_err(|e| Error::Pdf(format!("成文日期 {} 无法写入：{e}", doc.meta.date)))?;
    (info.creation_date, info.modification_date, info.metadata_date) = (date, date, date);

    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    compact_widths(&mut lo);
    compact_to_unicode(&mut lo);
    let content = format!("{}\n{}\n{}\n{}", doc.title, doc.meta.author, doc.meta.date, dump::dump(paged));
    let id = format!("{:016x}{:016x}", fnv(content.as_bytes(), 0), fnv(content.as_bytes(), 1));
    let id = lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal);
    lo.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    lo.compress();
    let mut out = Vec::new();
    lo.save_modern(&mut out).map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}

/// The cell borders of the page's table rows: each framed line's slot top
/// and bottom across the frame, and every column edge down the slot, in
/// 0.5 pt black. Borders shared by two rows are drawn once.
fn rules(page: &crate::layout::Page, grid: &crate::layout::Grid, ops: &mut Vec<Op>) {
    let h = grid.page.1;
    let mut across: Vec<(f32, f32, f32)> = Vec::new();
    let mut down: Vec<(f32, f32, f32)> = Vec::new();
    for l in page.lines.iter().filter(|l| l.frame.len() >= 2) {
        let top = grid.top + l.slot as f32 * grid.pitch();
        let (left, right) = (l.frame[0], l.frame[l.frame.len() - 1]);
        for y in [top, top + grid.pitch()] {
            if !across.iter().any(|a| (a.0 - y).abs() < 0.01 && a.1 == left && a.2 == right) {
                across.push((y, left, right));
            }
        }
        down.extend(l.frame.iter().map(|&x| (x, top, top + grid.pitch())));
    }
    if across.is_empty() {
        return;
    }
    let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(h - y) }, bezier: false };
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    for (y, x1, x2) in across {
        ops.push(Op::DrawLine { line: PdfLine { points: vec![point(x1, y), point(x2, y)], is_closed: false } });
    }
    for (x, y1, y2) in down {
        ops.push(Op::DrawLine { line: PdfLine { points: vec![point(x, y1), point(x, y2)], is_closed: false } });
    }
}

/// The objects that some dictionary refers to under `key`.
fn referenced(lo: &lopdf::Document, key: &[u8]) -> Vec<lopdf::ObjectId> {
    lo.objects.values().filter_map(|o| o.as_dict().ok()?.get(key).ok()?.as_reference().ok()).collect()
}

/// Rewrites every font's /ToUnicode CMap with bfranges ([`super::tounicode`]).
fn compact_to_unicode(lo: &mut lopdf::Document) {
    for id in referenced(lo, b"ToUnicode") {
        if let Ok(lopdf::Object::Stream(s)) = lo.get_object_mut(id)
            && let Some(c) = std::str::from_utf8(&s.content).ok().and_then(super::tounicode::compact)
        {
            s.set_content(c);
        }
    }
}

/// Drops the /W entries that repeat the font's /DW (printpdf lists every glyph).
fn compact_widths(lo: &mut lopdf::Document) {
    use lopdf::Object::{Array, Dictionary, Integer, Real};
    let num = |o: &lopdf::Object| match o {
        Integer(i) => Some(*i as f32),
        Real(r) => Some(*r),
        _ => None,
    };
    for obj in lo.objects.values_mut() {
        let Dictionary(font) = obj else { continue };
        let Ok(Array(descendants)) = font.get_mut(b"DescendantFonts") else { continue };
        for d in descendants {
            let Dictionary(cid) = d else { continue };
            let dw = cid.get(b"DW").ok().and_then(num).unwrap_or(1000.0);
            let Ok(Array(w)) = cid.get(b"W") else { continue };
            // (cid, width) of every entry, in both /W forms: `c [w …]` and `c c' w`.
            let mut widths: Vec<(i64, lopdf::Object)> = Vec::new();
            let mut i = 0;
            while i < w.len() {
                let Integer(c) = w[i] else { return };
                match (w.get(i + 1), w.get(i + 2)) {
                    (Some(Array(ws)), _) => {
                        widths.extend(ws.iter().enumerate().map(|(k, x)| (c + k as i64, x.clone())));
                        i += 2;
                    }
                    (Some(Integer(last)), Some(x)) => {
                        widths.extend((c..=*last).map(|k| (k, x.clone())));
                        i += 3;
                    }
                    _ => return,
                }
            }
            let mut out: Vec<lopdf::Object> = Vec::new();
            let mut next = i64::MIN;
            for (c, x) in widths.into_iter().filter(|(_, x)| num(x) != Some(dw)) {
                match out.last_mut() {
                    Some(Array(run)) if c == next => run.push(x),
                    _ => out.extend([Integer(c), Array(vec![x])]),
                }
                next = c + 1;
            }
            if out.is_empty() {
                cid.remove(b"W");
            } else {
                cid.set("W", Array(out));
            }
        }
    }
}

/// Subsets the face of `role` to `chars` ([`super::subset`]; allsorts for
/// the faces that cannot take that route) and wraps it for printpdf.
fn embed(faces: &Faces<'_>, role: Role, chars: &BTreeSet<char>) -> Result<ParsedFont> {
    let f = faces.set.get(role);
    let mut gids: Vec<u16> = chars.iter().filter_map(|&c| faces.glyph(role, c)).collect();
    gids.push(0);
    gids.sort_unstable();
    gids.dedup();
    let fail = |what: String| font_error(format!("无法嵌入字体 {}（{}）：{what}", f.name, f.file.path.display()), "请用 --font 换用其他字体文件");
    let mut parsed = match super::subset::subset(f.file.bytes(), f.index, &gids, &f.file.glyphs) {
        Some(sub) => {
            let new_gid = |c: char| faces.glyph(role, c).and_then(|g| sub.glyphs.binary_search(&g).ok()).map(|g| (c as u32, g as u16));
            let m = sub.metrics;
            ParsedFont {
                original_bytes: sub.font,
                font_index: 0,
                font_name: None,
                codepoint_to_glyph: chars.iter().filter_map(|&c| new_gid(c)).collect(),
                glyph_widths: sub.widths.iter().enumerate().map(|(g, w)| (g as u16, *w)).collect(),
                units_per_em: m.units_per_em,
                font_metrics: FontMetrics { ascent: m.ascent, descent: m.descent },
                font_type: if sub.cff { FontType::OpenTypeCFF(()) } else { FontType::TrueType },
                pdf_font_metrics: PdfFontMetricsStub {
                    units_per_em: m.units_per_em,
                    x_min: m.bbox[0],
                    y_min: m.bbox[1],
                    x_max: m.bbox[2],
                    y_max: m.bbox[3],
                    caret_slope_rise: m.caret[0],
                    caret_slope_run: m.caret[1],
                    us_weight_class: m.weight,
                },
            }
        }
        None => {
            let data = ReadScope::new(f.file.bytes()).read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
            let provider = data.table_provider(f.index as usize).map_err(|e| fail(e.to_string()))?;
            let sub = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| fail(e.to_string()))?;
            // A PDF never reads `name` or `post`.
            let sub = super::sfnt::rewrite(&sub, &[], &[*b"name", *b"post"]).unwrap_or(sub);
            ParsedFont::from_bytes(&sub, 0, &mut Vec::new()).ok_or_else(|| fail("子集无法解析".into()))?
        }
    };
    let gid_bytes: Vec<u8> = gids.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut h = fnv(&gid_bytes, fnv(f.ps_name.as_bytes(), 0));
    let tag: String = (0..6).map(|_| {
        let c = (b'A' + (h % 26) as u8) as char;
        h /= 26;
        c
    }).collect();
    parsed.font_name = Some(format!("{tag}+{}", f.ps_name));
    Ok(parsed)
}
