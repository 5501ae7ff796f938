//! The CFF program of a PDF font subset (for [`super::subset`]): a CID-keyed
//! CFF table of the source font cut down to the glyphs a document uses and
//! rewritten for the `/FontFile3` `/CIDFontType0C` stream.
//!
//! Each kept charstring is made flat (subroutines inlined — deflate finds the
//! repeats anyway) and hint-free (`hstem`/`vstem`/`hintmask`/`cntrmask`; PDF
//! viewers rasterise unhinted CFF fine); only the Font DICTs the glyphs use
//! remain, with only their width defaults; the charset is the identity
//! (CID = glyph id), so the content streams, /W and /ToUnicode carry small
//! dense codes instead of the source font's CIDs. For Noto CJK that drops the
//! ~65 KB of subroutine offsets and ~20 % hint operators a subset would
//! otherwise carry. Glyph order, advance widths and every path operator stay
//! as they were. Indexes are read lazily, so a 65 535-glyph source costs only
//! the glyphs taken. Anything unexpected (arithmetic operators, a name-keyed
//! font, a damaged table) returns `None` and the caller uses another route.

use super::charstring::Flat;
use super::cff_index::{write_index, Index};
use crate::fonts::GlyphCache;

/// A DICT as (operator, raw operand bytes, integer operands) entries.
type Dict<'a> = Vec<(u16, &'a [u8], Vec<i32>)>;

fn dict(data: &[u8]) -> Option<Dict<'_>> {
    let (mut entries, mut start, mut ints, mut i) = (Vec::new(), 0, Vec::new(), 0);
    while i < data.len() {
        let b = data[i];
        match b {
            0..=21 => {
                let (op, len) = if b == 12 { (1200 + *data.get(i + 1)? as u16, 2) } else { (b as u16, 1) };
                entries.push((op, &data[start..i], std::mem::take(&mut ints)));
                i += len;
                start = i;
            }
            28 => {
                ints.push(i16::from_be_bytes(data.get(i + 1..i + 3)?.try_into().ok()?) as i32);
                i += 3;
            }
            29 => {
                ints.push(i32::from_be_bytes(data.get(i + 1..i + 5)?.try_into().ok()?));
                i += 5;
            }
            30 => {
                i += 1;
                while data.get(i).is_some_and(|n| n & 0x0f != 0x0f && n & 0xf0 != 0xf0) {
                    i += 1;
                }
                i += 1;
                ints.push(0);
            }
            32..=246 => (ints.push(b as i32 - 139), i += 1).1,
            247..=250 => (ints.push((b as i32 - 247) * 256 + *data.get(i + 1)? as i32 + 108), i += 2).1,
            251..=254 => (ints.push(-(b as i32 - 251) * 256 - *data.get(i + 1)? as i32 - 108), i += 2).1,
            _ => return None,
        }
    }
    Some(entries)
}

/// Writes a DICT: `keep` entries verbatim, then `set` entries with fixed-width integers.
fn write_dict(keep: &Dict<'_>, set: &[(u16, &[i32])]) -> Vec<u8> {
    let mut out = Vec::new();
    let op = |out: &mut Vec<u8>, op: u16| if op >= 1200 { out.extend_from_slice(&[12, (op - 1200) as u8]) } else { out.push(op as u8) };
    for (o, raw, _) in keep {
        out.extend_from_slice(raw);
        op(&mut out, *o);
    }
    for (o, vals) in set {
        for v in *vals {
            out.push(29);
            out.extend_from_slice(&v.to_be_bytes());
        }
        op(&mut out, *o);
    }
    out
}

const CHARSTRINGS: u16 = 17;
const CHARSET: u16 = 15;
const PRIVATE: u16 = 18;
const SUBRS: u16 = 19;
const DEFAULT_WIDTH: u16 = 20;
const NOMINAL_WIDTH: u16 = 21;
const ROS: u16 = 1230;
const FDARRAY: u16 = 1236;
const FONT_NAME: u16 = 1238;
/// Top DICT operators whose operands are string ids (ROS: the first two).
const SID_OPS: [u16; 10] = [0, 1, 2, 3, 4, 1200, 1221, 1222, ROS, FONT_NAME];
const FDSELECT: u16 = 1237;

fn int<'d>(d: &'d Dict<'_>, op: u16) -> Option<&'d [i32]> {
    d.iter().find(|e| e.0 == op).map(|e| e.2.as_slice())
}

/// The program of glyphs `gids` of the CID-keyed CFF table `cff` (new glyph
/// id = position in `gids`, which should start with 0, `.notdef`), or `None`
/// when this font is not one this writer handles. Flattened charstrings come
/// from and go to `cache` under (`face`, glyph id).
pub fn subset(cff: &[u8], gids: &[u16], cache: &GlyphCache, face: u32) -> Option<Vec<u8>> {
    let hdr = *cff.get(2)? as usize;
    let names = Index::parse(cff, hdr)?;
    let tops = Index::parse(cff, names.end)?;
    let strings = Index::parse(cff, tops.end)?;
    let gsubrs = Index::parse(cff, strings.end)?;
    let top = dict(tops.get(0)?)?;
    int(&top, ROS)?;
    let charstrings = Index::parse(cff, *int(&top, CHARSTRINGS)?.first()? as usize)?;
    let select = *int(&top, FDSELECT)?.first()? as usize;
    let fds = Index::parse(cff, *int(&top, FDARRAY)?.first()? as usize)?;

    // Per Font DICT: the dict, its Private DICT and local subroutines.
    let mut fonts = Vec::with_capacity(fds.len());
    for i in 0..fds.len() {
        let fd = dict(fds.get(i)?)?;
        let p = int(&fd, PRIVATE)?;
        let (size, off) = (*p.first()? as usize, *p.get(1)? as usize);
        let private = dict(cff.get(off..off + size)?)?;
        let subrs = match int(&private, SUBRS) {
            Some(s) => Some(Index::parse(cff, off + *s.first()? as usize)?),
            None => None,
        };
        fonts.push((fd, private, subrs));
    }

    // Flat, hint-free charstrings and the Font DICTs they use, renumbered.
    let fd_of: Vec<u8> = gids.iter().map(|&g| fd_select(cff, select, g as usize, charstrings.len())).collect::<Option<_>>()?;
    let mut used: Vec<usize> = fd_of.iter().map(|f| *f as usize).collect();
    used.sort_unstable();
    used.dedup();
    let mut glyphs = Vec::with_capacity(gids.len());
    for (&g, &fd) in gids.iter().zip(&fd_of) {
        let (_, _, subrs) = fonts.get(fd as usize)?;
        glyphs.push(cache.get_or(face, g, || Flat::flatten(charstrings.get(g as usize)?, subrs.as_ref(), &gsubrs))?);
    }
    let new_fd: Vec<u8> = fd_of.iter().map(|f| used.iter().position(|u| *u == *f as usize).unwrap_or(0) as u8).collect();
    let n = glyphs.len();

    // Layout: header, Name, Top DICT, String, (empty) Global Subr INDEX,
    // charset, FDSelect, CharStrings, FDArray, Private DICTs.
    let keep_top: Dict<'_> = top.iter().filter(|e| ![CHARSTRINGS, CHARSET, FDARRAY, FDSELECT, PRIVATE].contains(&e.0)).cloned().collect();
    let top_len = write_dict(&keep_top, &[(CHARSET, &[0]), (CHARSTRINGS, &[0]), (FDARRAY, &[0]), (FDSELECT, &[0])]).len();
    let mut head = vec![cff[0], cff[1], 4, 4];
    write_index(&mut head, &names.to_vecs()?);
    write_index(&mut head, &[vec![0; top_len]]);
    let top_end = head.len();
    // Strings no kept DICT refers to (the names of dropped Font DICTs) become empty.
    let mut sids: Vec<i32> = top.iter().filter(|e| SID_OPS.contains(&e.0)).flat_map(|e| e.2.iter().take(2).copied()).collect();
    sids.extend(used.iter().filter_map(|u| int(&fonts[*u].0, FONT_NAME)?.first().copied()));
    let strings: Vec<Vec<u8>> = (0..strings.len()).map(|i| if sids.contains(&(i as i32 + 391)) { strings.get(i).unwrap_or_default().to_vec() } else { Vec::new() }).collect();
    write_index(&mut head, &strings);
    write_index::<Vec<u8>>(&mut head, &[]);

    let mut out = head;
    // CID = glyph id: the content streams then carry small, dense codes.
    let charset_off = out.len();
    if n > 1 {
        out.extend_from_slice(&[2, 0, 1]);
        out.extend_from_slice(&((n - 2) as u16).to_be_bytes());
    } else {
        out.push(0);
    }
    let fdselect_off = out.len();
    write_fd_select(&mut out, &new_fd);
    let charstrings_off = out.len();
    write_index(&mut out, &glyphs);
    let fdarray_off = out.len();

    // Without hints only the width defaults of a Private DICT mean anything.
    let privates: Vec<Vec<u8>> = used.iter().map(|u| write_dict(&fonts[*u].1.iter().filter(|e| [DEFAULT_WIDTH, NOMINAL_WIDTH].contains(&e.0)).cloned().collect(), &[])).collect();
    let fd_len = |u: usize| write_dict(&fonts[u].0.iter().filter(|e| e.0 != PRIVATE).cloned().collect(), &[(PRIVATE, &[0, 0])]).len();
    let mut fd_index_len = 3 + 4 * (used.len() + 1);
    fd_index_len += used.iter().map(|u| fd_len(*u)).sum::<usize>();
    let mut private_off = fdarray_off + fd_index_len;
    let mut fd_dicts = Vec::with_capacity(used.len());
    for (k, u) in used.iter().enumerate() {
        let keep: Dict<'_> = fonts[*u].0.iter().filter(|e| e.0 != PRIVATE).cloned().collect();
        fd_dicts.push(write_dict(&keep, &[(PRIVATE, &[privates[k].len() as i32, private_off as i32])]));
        private_off += privates[k].len();
    }
    // The FDArray INDEX with 4-byte offsets, so its length is known in advance.
    out.extend_from_slice(&(used.len() as u16).to_be_bytes());
    out.push(4);
    let mut off = 1u32;
    out.extend_from_slice(&off.to_be_bytes());
    for d in &fd_dicts {
        off += d.len() as u32;
        out.extend_from_slice(&off.to_be_bytes());
    }
    fd_dicts.iter().for_each(|d| out.extend_from_slice(d));
    privates.iter().for_each(|p| out.extend_from_slice(p));

    let offs = |v: usize| [v as i32];
    let top_new = write_dict(&keep_top, &[(CHARSET, &offs(charset_off)), (CHARSTRINGS, &offs(charstrings_off)), (FDARRAY, &offs(fdarray_off)), (FDSELECT, &offs(fdselect_off))]);
    out[top_end - top_len..top_end].copy_from_slice(&top_new);
    Some(out)
}

/// The Font DICT of glyph `g` (of `n`), from the FDSelect at `at`.
fn fd_select(cff: &[u8], at: usize, g: usize, n: usize) -> Option<u8> {
    if g >= n {
        return None;
    }
    let u16_at = |p: usize| -> Option<usize> { Some(u16::from_be_bytes(cff.get(p..p + 2)?.try_into().ok()?) as usize) };
    match *cff.get(at)? {
        0 => cff.get(at + 1 + g).copied(),
        3 => {
            let ranges = u16_at(at + 1)?;
            // The last range whose first glyph is <= g (ranges ascend).
            let (mut lo, mut hi) = (0, ranges);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if u16_at(at + 3 + mid * 3)? <= g { lo = mid } else { hi = mid }
            }
            (ranges > 0 && u16_at(at + 3 + lo * 3)? <= g).then_some(())?;
            cff.get(at + 3 + lo * 3 + 2).copied()
        }
        _ => None,
    }
}

/// FDSelect format 3.
fn write_fd_select(out: &mut Vec<u8>, fd: &[u8]) {
    let starts: Vec<usize> = (0..fd.len()).filter(|&g| g == 0 || fd[g] != fd[g - 1]).collect();
    out.push(3);
    out.extend_from_slice(&(starts.len() as u16).to_be_bytes());
    for g in starts {
        out.extend_from_slice(&(g as u16).to_be_bytes());
        out.push(fd[g]);
    }
    out.extend_from_slice(&(fd.len() as u16).to_be_bytes());
}

