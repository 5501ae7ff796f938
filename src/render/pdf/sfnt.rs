//! The sfnt container of an embedded font (for [`super::subset`]): builds a
//! single-face font file from its tables, or rewrites one with tables
//! replaced or dropped. Tables are written in tag order, 4-byte aligned, with
//! their checksums and the `head` checksum adjustment, so the result is a
//! valid font file.

/// The font with `replace` tables swapped in and `drop` tables left out;
/// `None` when `font` is not a single-face sfnt.
pub fn rewrite(font: &[u8], replace: &[([u8; 4], Vec<u8>)], drop: &[[u8; 4]]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| -> Option<usize> { Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?) as usize) };
    let u32_at = |at: usize| -> Option<usize> { Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?) as usize) };
    let version = font.get(0..4)?;
    if version != [0, 1, 0, 0] && version != b"OTTO" && version != b"true" {
        return None;
    }
    let n = u16_at(4)?;
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(n);
    for i in 0..n {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let (off, len) = (u32_at(rec + 8)?, u32_at(rec + 12)?);
        if drop.contains(&tag) {
            continue;
        }
        let data = match replace.iter().find(|(t, _)| *t == tag) {
            Some((_, new)) => new.as_slice(),
            None => font.get(off..off + len)?,
        };
        tables.push((tag, data));
    }
    Some(build(version.try_into().ok()?, tables))
}

/// A single-face sfnt of `tables` (any order; written in tag order).
pub fn build(version: [u8; 4], mut tables: Vec<([u8; 4], &[u8])>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let n = tables.len();
    let pow2 = if n == 0 { 0 } else { usize::BITS - 1 - n.leading_zeros() };
    let search = 16usize << pow2;
    let mut out = Vec::with_capacity(12 + 16 * n + tables.iter().map(|t| t.1.len() + 3).sum::<usize>());
    out.extend_from_slice(&version);
    for v in [n, search, pow2 as usize, (n * 16).saturating_sub(search)] {
        out.extend_from_slice(&(v as u16).to_be_bytes());
    }
    let mut off = 12 + 16 * n;
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        let sum = if tag == b"head" { checksum(&head_zeroed(data)) } else { checksum(data) };
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&(off as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(off);
        }
        off += data.len().next_multiple_of(4);
    }
    for (tag, data) in &tables {
        if tag == b"head" {
            out.extend_from_slice(&head_zeroed(data));
        } else {
            out.extend_from_slice(data);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(h) = head_at.filter(|h| out.len() >= h + 12) {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// `head` with its checksum adjustment zeroed (as the checksums are taken).
fn head_zeroed(data: &[u8]) -> Vec<u8> {
    let mut d = data.to_vec();
    if d.len() >= 12 {
        d[8..12].fill(0);
    }
    d
}

/// The sfnt checksum: big-endian u32 words summed, the tail zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |s, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-table sfnt (`head` and `name`).
    fn font() -> Vec<u8> {
        let mut f = vec![0, 1, 0, 0, 0, 2, 0, 32, 0, 1, 0, 0];
        let head = [7u8; 54];
        let name = [1u8, 2, 3];
        for (tag, off, len) in [(b"head", 44u32, 54u32), (b"name", 100, 3)] {
            f.extend_from_slice(tag);
            f.extend_from_slice(&[0; 4]);
            f.extend_from_slice(&off.to_be_bytes());
            f.extend_from_slice(&len.to_be_bytes());
        }
        f.extend_from_slice(&head);
        f.extend_from_slice(&[0, 0]);
        f.extend_from_slice(&name);
        f
    }

    #[test]
    fn drops_and_replaces_tables_and_keeps_the_whole_checksum() {
        let out = rewrite(&font(), &[(*b"name", vec![9; 5])], &[]).unwrap();
        assert_eq!(&out[4..6], &[0, 2]);
        assert_eq!(checksum(&out), 0xB1B0_AFBA);
        let name_off = u32::from_be_bytes(out[12 + 16 + 8..12 + 16 + 12].try_into().unwrap()) as usize;
        assert_eq!(&out[name_off..name_off + 5], &[9; 5]);
        let out = rewrite(&font(), &[], &[*b"name"]).unwrap();
        assert_eq!(&out[4..6], &[0, 1]);
        assert_eq!(&out[12..16], b"head");
        assert!(rewrite(b"ttcf and more", &[], &[]).is_none());
    }
}
