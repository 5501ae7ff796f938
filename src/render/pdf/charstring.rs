//! Type 2 charstrings made flat and hint-free (for [`super::cff`]): the
//! interpreter follows `callsubr`/`callgsubr` and writes every path operator
//! with its operands, drops `hstem`/`vstem`/`hstemhm`/`vstemhm` and
//! `hintmask`/`cntrmask` (with their mask bytes), and keeps the advance
//! width in front of the first path operator, where the format expects it.

use super::cff_index::Index;

/// A charstring operand: an integer or a 16.16 fixed-point number (raw bits).
#[derive(Clone, Copy, PartialEq)]
enum Num {
    Int(i32),
    Fixed(i32),
}

/// The subroutine number bias for a subroutine INDEX of `n` items.
fn bias(n: usize) -> i32 {
    match n {
        0..1240 => 107,
        1240..33900 => 1131,
        _ => 32768,
    }
}

/// A Type 2 charstring interpreter that writes the path operators it meets.
pub struct Flat {
    out: Vec<u8>,
    stack: Vec<Num>,
    stems: usize,
    /// No stack-clearing operator seen yet (the width may still come).
    first: bool,
    width: Option<Num>,
    done: bool,
    depth: u8,
}

impl Flat {
    /// The charstring `cs` flat and without hints; `None` for what is not supported.
    pub fn flatten(cs: &[u8], subrs: Option<&Index<'_>>, gsubrs: &Index<'_>) -> Option<Vec<u8>> {
        let mut f = Flat { out: Vec::with_capacity(cs.len() * 2), stack: Vec::with_capacity(48), stems: 0, first: true, width: None, done: false, depth: 0 };
        f.run(cs, subrs, gsubrs)?;
        Some(f.out)
    }

    fn run(&mut self, cs: &[u8], subrs: Option<&Index<'_>>, gsubrs: &Index<'_>) -> Option<()> {
        let mut i = 0;
        while i < cs.len() && !self.done {
            let b = cs[i];
            i += 1;
            match b {
                28 | 32..=255 => self.stack.push(number(cs, &mut i, b)?),
                1 | 3 | 18 | 23 => self.stems(),
                19 | 20 => {
                    self.stems();
                    i += self.stems.div_ceil(8);
                }
                10 | 29 => {
                    let Num::Int(k) = self.stack.pop()? else { return None };
                    let set = if b == 10 { subrs? } else { gsubrs };
                    let sub = set.get(usize::try_from(k + bias(set.len())).ok()?)?;
                    self.depth += 1;
                    if self.depth > 10 {
                        return None;
                    }
                    self.run(sub, subrs, gsubrs)?;
                    self.depth -= 1;
                }
                11 => return Some(()),
                14 => {
                    self.width_if(self.stack.len() == 1 || self.stack.len() == 5);
                    self.emit(&[14]);
                    self.done = true;
                }
                21 => self.width_if(self.stack.len() == 3).emit(&[21]),
                4 | 22 => self.width_if(self.stack.len() == 2).emit(&[b]),
                5..=8 | 24..=27 | 30 | 31 => self.emit(&[b]),
                12 => {
                    let op = *cs.get(i)?;
                    i += 1;
                    // Only the flex operators; arithmetic and storage are not supported.
                    if !(34..=37).contains(&op) {
                        return None;
                    }
                    self.emit(&[12, op]);
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// A stem-hint operator (explicit, or implied by a hintmask with operands): counted and dropped.
    fn stems(&mut self) {
        self.width_if(self.stack.len() % 2 == 1);
        self.stems += self.stack.len() / 2;
        self.stack.clear();
    }

    /// On the first stack-clearing operator, an extra leading operand is the advance width.
    fn width_if(&mut self, extra: bool) -> &mut Self {
        if self.first {
            self.first = false;
            if extra && !self.stack.is_empty() {
                self.width = Some(self.stack.remove(0));
            }
        }
        self
    }

    /// Writes the operands (the width before the first path operator) and `op`.
    fn emit(&mut self, op: &[u8]) {
        self.first = false;
        if let Some(w) = self.width.take() {
            push_num(&mut self.out, w);
        }
        for n in self.stack.drain(..) {
            push_num(&mut self.out, n);
        }
        self.out.extend_from_slice(op);
    }
}

/// Reads the operand that starts with `b` (already consumed; `i` is after it).
fn number(cs: &[u8], i: &mut usize, b: u8) -> Option<Num> {
    let (n, len) = match b {
        32..=246 => (Num::Int(b as i32 - 139), 0),
        247..=250 => (Num::Int((b as i32 - 247) * 256 + *cs.get(*i)? as i32 + 108), 1),
        251..=254 => (Num::Int(-(b as i32 - 251) * 256 - *cs.get(*i)? as i32 - 108), 1),
        28 => (Num::Int(i16::from_be_bytes(cs.get(*i..*i + 2)?.try_into().ok()?) as i32), 2),
        _ => (Num::Fixed(i32::from_be_bytes(cs.get(*i..*i + 4)?.try_into().ok()?)), 4),
    };
    *i += len;
    Some(n)
}

/// Writes a charstring operand in its shortest form.
fn push_num(out: &mut Vec<u8>, n: Num) {
    match n {
        Num::Int(v @ -107..=107) => out.push((v + 139) as u8),
        Num::Int(v @ 108..=1131) => out.extend_from_slice(&[((v - 108) / 256 + 247) as u8, ((v - 108) % 256) as u8]),
        Num::Int(v @ -1131..=-108) => out.extend_from_slice(&[((-v - 108) / 256 + 251) as u8, ((-v - 108) % 256) as u8]),
        Num::Int(v) if i16::try_from(v).is_ok() => {
            out.push(28);
            out.extend_from_slice(&(v as i16).to_be_bytes());
        }
        Num::Int(v) => {
            out.push(255);
            out.extend_from_slice(&(v << 16).to_be_bytes());
        }
        Num::Fixed(v) => {
            out.push(255);
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
}
