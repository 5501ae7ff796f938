//! Font subsetting for the PDF writer (between layout and [`super::write`]):
//! one face of a memory-mapped font file cut down to the glyphs a document
//! uses, straight from the source tables — no intermediate full-font parse.
//!
//! - CID-keyed CFF (Noto CJK, Source Han, most OpenType CJK fonts): the
//!   program is rebuilt by [`super::cff::subset`] — flat, hint-free,
//!   CID = glyph id — and wrapped in an `OTTO` container holding only the
//!   `CFF ` table, since printpdf embeds the bare CFF table of such a font
//!   (`/FontFile3 /CIDFontType0C`) and reads nothing else of it.
//! - TrueType (`glyf`): `head`, `hhea`, `maxp`, `hmtx`, `loca`, `glyf` and
//!   the hinting programs (`cvt `, `fpgm`, `prep`) — what ISO 32000-1 9.9
//!   asks of a `/FontFile2`. No `cmap`: a CIDFontType2 with an Identity
//!   /CIDToGIDMap never reads it.
//!
//! New glyph ids are positions in the sorted source glyph ids (0, `.notdef`,
//! first). Anything else (name-keyed CFF, CFF2, damaged tables) returns
//! `None` and the writer takes the general route through allsorts.
//!
//! Why not allsorts for everything: its subsetter walks the whole CJK `cmap`
//! for every subset and keeps every subroutine slot, which we then threw
//! away again — 42 % of a single-sheet run (see bench/README.md).

use ttf_parser::{RawFace, Tag};

use super::{cff, glyf::Outlines, sfnt};
use crate::fonts::GlyphCache;

/// A subset font program and what the PDF's font dictionaries need of it.
pub struct Subset {
    /// The font file (see the module doc for what it holds).
    pub font: Vec<u8>,
    /// The source glyph id of every subset glyph (the new id is the position).
    pub glyphs: Vec<u16>,
    /// Advance width of every subset glyph, in font units.
    pub widths: Vec<u16>,
    /// CFF outlines (else TrueType).
    pub cff: bool,
    /// Face-wide metrics, from the source tables.
    pub metrics: FaceMetrics,
}

/// The face-wide numbers of a PDF FontDescriptor, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceMetrics {
    /// `head` unitsPerEm.
    pub units_per_em: u16,
    /// `head` xMin, yMin, xMax, yMax.
    pub bbox: [i16; 4],
    /// `hhea` ascender and descender.
    pub ascent: i16,
    /// See `ascent`.
    pub descent: i16,
    /// `hhea` caretSlopeRise and caretSlopeRun (the italic angle).
    pub caret: [i16; 2],
    /// `OS/2` usWeightClass, 0 without the table.
    pub weight: u16,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn i16_at(d: &[u8], at: usize) -> Option<i16> {
    u16_at(d, at).map(|v| v as i16)
}

/// Sets the big-endian u16 at `at` of a copy of `table`.
fn with_u16(table: &[u8], at: usize, v: u16) -> Option<Vec<u8>> {
    let mut t = table.to_vec();
    t.get_mut(at..at + 2)?.copy_from_slice(&v.to_be_bytes());
    Some(t)
}

/// The glyphs `gids` (sorted, unique, starting with 0) of face `index` of the
/// font file `data` (with the file's `cache`); `None` when this face needs
/// the general route.
pub fn subset(data: &[u8], index: u32, gids: &[u16], cache: &GlyphCache) -> Option<Subset> {
    let raw = RawFace::parse(data, index).ok()?;
    let table = |t: &[u8; 4]| raw.table(Tag::from_bytes(t));
    let (head, hhea, hmtx) = (table(b"head")?, table(b"hhea")?, table(b"hmtx")?);
    let metrics = FaceMetrics {
        units_per_em: u16_at(head, 18)?,
        bbox: [i16_at(head, 36)?, i16_at(head, 38)?, i16_at(head, 40)?, i16_at(head, 42)?],
        ascent: i16_at(hhea, 4)?,
        descent: i16_at(hhea, 6)?,
        caret: [i16_at(hhea, 18)?, i16_at(hhea, 20)?],
        weight: table(b"OS/2").and_then(|t| u16_at(t, 4)).unwrap_or(0),
    };
    let long_metrics = u16_at(hhea, 34)? as usize;
    // Glyphs past the last long metric share its advance.
    let advance = |g: u16| u16_at(hmtx, 4 * (g as usize).min(long_metrics.checked_sub(1)?));

    if let Some(program) = table(b"CFF ") {
        let program = cff::subset(program, gids, cache, index)?;
        let widths = gids.iter().map(|&g| advance(g)).collect::<Option<_>>()?;
        let font = sfnt::build(*b"OTTO", vec![(*b"CFF ", &program)]);
        return Some(Subset { font, glyphs: gids.to_vec(), widths, cff: true, metrics });
    }

    let long_loca = i16_at(head, 50)? == 1;
    let outlines = Outlines::new(table(b"glyf")?, table(b"loca")?, long_loca);
    let glyphs = outlines.closure(gids)?;
    let (glyf, loca) = outlines.subset(&glyphs)?;
    let n = u16::try_from(glyphs.len()).ok()?;
    let mut new_hmtx = Vec::with_capacity(glyphs.len() * 4);
    let mut widths = Vec::with_capacity(glyphs.len());
    for &g in &glyphs {
        let g = g as usize;
        let lsb = if g < long_metrics { i16_at(hmtx, 4 * g + 2)? } else { i16_at(hmtx, 4 * long_metrics + 2 * (g - long_metrics))? };
        let w = advance(g as u16)?;
        widths.push(w);
        new_hmtx.extend_from_slice(&w.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let head = with_u16(head, 50, 1)?;
    let hhea = with_u16(hhea, 34, n)?;
    let maxp = with_u16(table(b"maxp")?, 4, n)?;
    let mut tables: Vec<([u8; 4], &[u8])> = vec![(*b"head", &head), (*b"hhea", &hhea), (*b"maxp", &maxp), (*b"hmtx", &new_hmtx), (*b"loca", &loca), (*b"glyf", &glyf)];
    for tag in [*b"cvt ", *b"fpgm", *b"prep"] {
        if let Some(t) = table(&tag) {
            tables.push((tag, t));
        }
    }
    let font = sfnt::build([0, 1, 0, 0], tables);
    Some(Subset { font, glyphs, widths, cff: false, metrics })
}

#[cfg(test)]
#[path = "subset_tests.rs"]
mod tests;
