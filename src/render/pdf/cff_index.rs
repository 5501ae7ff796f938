//! The CFF INDEX structure (an array of variable-length items behind an
//! offset array), read in place and written with the smallest offset size.
//! Shared by the CFF table reader ([`super::cff`]) and the charstring
//! flattener ([`super::charstring`]), which reads subroutines through it.

/// A CFF INDEX read in place: items are found through the offset array on demand.
#[derive(Clone, Copy)]
pub struct Index<'a> {
    data: &'a [u8],
    count: usize,
    size: usize,
    /// Where the offset array starts.
    offs: usize,
    /// Position of the byte before the first item (offsets count from 1).
    base: usize,
    /// Position just after the INDEX.
    pub(super) end: usize,
}

impl<'a> Index<'a> {
    /// The INDEX at `at`.
    pub(super) fn parse(data: &'a [u8], at: usize) -> Option<Index<'a>> {
        let count = u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?) as usize;
        if count == 0 {
            return Some(Index { data, count, size: 1, offs: at + 2, base: at + 2, end: at + 2 });
        }
        let size = *data.get(at + 2)? as usize;
        if !(1..=4).contains(&size) {
            return None;
        }
        let offs = at + 3;
        let base = offs + (count + 1) * size - 1;
        let mut ix = Index { data, count, size, offs, base, end: 0 };
        ix.end = base + ix.offset(count)?;
        (ix.end <= data.len()).then_some(ix)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offs + i * self.size;
        Some(self.data.get(at..at + self.size)?.iter().fold(0usize, |a, b| a << 8 | *b as usize))
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Item `i`.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        self.data.get(self.base + self.offset(i)?..self.base + self.offset(i + 1)?)
    }

    /// Every item, owned (for the small INDEXes that are copied whole).
    pub(super) fn to_vecs(self) -> Option<Vec<Vec<u8>>> {
        (0..self.count).map(|i| self.get(i).map(<[u8]>::to_vec)).collect()
    }
}

/// Writes an INDEX with the smallest offset size.
pub(super) fn write_index<T: AsRef<[u8]>>(out: &mut Vec<u8>, items: &[T]) {
    out.extend_from_slice(&(items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let total: usize = items.iter().map(|i| i.as_ref().len()).sum::<usize>() + 1;
    let size = match total {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xff_ffff => 3,
        _ => 4,
    };
    out.push(size as u8);
    let mut off = 1usize;
    out.extend_from_slice(&off.to_be_bytes()[8 - size..]);
    for item in items {
        off += item.as_ref().len();
        out.extend_from_slice(&off.to_be_bytes()[8 - size..]);
    }
    items.iter().for_each(|i| out.extend_from_slice(i.as_ref()));
}
