//! TrueType outlines of a PDF font subset (for [`super::subset`]): the
//! `glyf` and `loca` tables cut down to the glyphs a document uses, plus the
//! glyphs their composites are built from, renumbered densely. Glyph bytes
//! are copied as they are (instructions included); only the component glyph
//! ids inside composites are rewritten to the new numbering.

/// The `glyf` table read through its `loca`.
pub struct Outlines<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long: bool,
}

// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

impl<'a> Outlines<'a> {
    /// The outlines; `long` is the `head` table's indexToLocFormat = 1.
    pub fn new(glyf: &'a [u8], loca: &'a [u8], long: bool) -> Self {
        Outlines { glyf, loca, long }
    }

    /// The bytes of glyph `g` (empty for a glyph without contours).
    fn glyph(&self, g: u16) -> Option<&'a [u8]> {
        let g = g as usize;
        let (a, b) = if self.long {
            let at = |i: usize| -> Option<usize> { Some(u32::from_be_bytes(self.loca.get(i * 4..i * 4 + 4)?.try_into().ok()?) as usize) };
            (at(g)?, at(g + 1)?)
        } else {
            (u16_at(self.loca, g * 2)? as usize * 2, u16_at(self.loca, g * 2 + 2)? as usize * 2)
        };
        if a == b {
            return Some(&[]);
        }
        self.glyf.get(a..b)
    }

    /// Where the glyph id of every component of a composite glyph sits.
    fn components(glyph: &[u8]) -> Option<Vec<usize>> {
        if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
            return Some(Vec::new());
        }
        let mut at = 10;
        let mut found = Vec::new();
        loop {
            let flags = u16_at(glyph, at)?;
            found.push(at + 2);
            u16_at(glyph, at + 2)?;
            at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
            at += match () {
                _ if flags & WE_HAVE_A_SCALE != 0 => 2,
                _ if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 => 4,
                _ if flags & WE_HAVE_A_TWO_BY_TWO != 0 => 8,
                _ => 0,
            };
            if flags & MORE_COMPONENTS == 0 {
                return Some(found);
            }
        }
    }

    /// `gids` with every glyph their composites use, sorted and unique.
    pub fn closure(&self, gids: &[u16]) -> Option<Vec<u16>> {
        let mut all: Vec<u16> = gids.to_vec();
        let mut todo: Vec<u16> = gids.to_vec();
        while let Some(g) = todo.pop() {
            let glyph = self.glyph(g)?;
            for at in Self::components(glyph)? {
                let c = u16_at(glyph, at)?;
                if !all.contains(&c) {
                    all.push(c);
                    todo.push(c);
                }
            }
        }
        all.sort_unstable();
        all.dedup();
        Some(all)
    }

    /// New `glyf` and long `loca` tables holding `gids` (sorted, closed under
    /// composition) as glyphs 0, 1, 2, …
    pub fn subset(&self, gids: &[u16]) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity((gids.len() + 1) * 4);
        for &g in gids {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            let glyph = self.glyph(g)?;
            let start = glyf.len();
            glyf.extend_from_slice(glyph);
            for at in Self::components(glyph)? {
                let new = gids.binary_search(&u16_at(glyph, at)?).ok()? as u16;
                glyf[start + at..start + at + 2].copy_from_slice(&new.to_be_bytes());
            }
            glyf.resize(glyf.len().next_multiple_of(4), 0);
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        Some((glyf, loca))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyph 0 simple, glyph 1 empty, glyph 2 a composite of glyphs 3 and 0 (short loca).
    fn font() -> (Vec<u8>, Vec<u8>) {
        let simple = [0u8, 1, 0, 0, 0, 0, 0, 10, 0, 10, 0, 0];
        let mut composite = vec![0xff, 0xff, 0, 0, 0, 0, 0, 10, 0, 10];
        composite.extend_from_slice(&(MORE_COMPONENTS | WE_HAVE_A_SCALE).to_be_bytes());
        composite.extend_from_slice(&[0, 3, 1, 2, 0x40, 0]);
        composite.extend_from_slice(&ARG_1_AND_2_ARE_WORDS.to_be_bytes());
        composite.extend_from_slice(&[0, 0, 0, 5, 0, 6]);
        let mut glyf = simple.to_vec();
        let mut loca = vec![0u16, 6, 6];
        glyf.extend_from_slice(&composite);
        glyf.resize(glyf.len().next_multiple_of(2), 0);
        loca.push((glyf.len() / 2) as u16);
        glyf.extend_from_slice(&simple);
        loca.push((glyf.len() / 2) as u16);
        (glyf, loca.iter().flat_map(|v| v.to_be_bytes()).collect())
    }

    #[test]
    fn composites_bring_their_components_and_are_renumbered() {
        let (glyf, loca) = font();
        let o = Outlines::new(&glyf, &loca, false);
        let gids = o.closure(&[0, 2]).unwrap();
        assert_eq!(gids, [0, 2, 3]);
        let (new_glyf, new_loca) = o.subset(&gids).unwrap();
        let n = Outlines::new(&new_glyf, &new_loca, true);
        assert_eq!(n.glyph(0).unwrap(), o.glyph(0).unwrap());
        assert_eq!(n.glyph(2).unwrap()[..12], o.glyph(3).unwrap()[..]);
        let comp = n.glyph(1).unwrap();
        // The components were glyphs 3 and 0: now 2 and 0; everything else unchanged.
        assert_eq!(Outlines::components(comp).unwrap().iter().map(|&at| u16_at(comp, at).unwrap()).collect::<Vec<_>>(), [2, 0]);
        assert_eq!(comp.len(), o.glyph(2).unwrap().len().next_multiple_of(4));
        assert!(new_loca.len() == 4 * 4 && new_glyf.len() % 4 == 0);
    }

    #[test]
    fn damaged_tables_are_refused_not_read_past() {
        let (glyf, loca) = font();
        assert!(Outlines::new(&glyf[..20], &loca, false).closure(&[2]).is_none());
        assert!(Outlines::new(&glyf, &loca[..4], false).subset(&[0, 1, 2]).is_none());
        assert!(Outlines::new(&glyf, &loca, false).subset(&[0, 2]).is_none(), "glyph 3 is missing from the set");
    }
}
