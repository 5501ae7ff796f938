//! The generation stamp: a hash of the main part (`word/document.xml`)
//! stored in the package's custom properties when the file is written, so
//! that a later run can tell whether someone edited the file since (Word,
//! WPS and LibreOffice keep custom properties but rewrite the main part on
//! saving). The CLI reads it before replacing a .docx (`cli::guard`).

use std::io::{Cursor, Read};

use super::xml::Xml;

/// Name of the custom property holding the hash.
pub const PROPERTY: &str = "zongjie-content-hash";
/// The custom properties' format id that Office uses for user properties.
const FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";
/// Content type of the custom properties part.
pub(super) const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
/// Relationship type of the custom properties part.
pub(super) const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";

/// The hash of a main part: 64-bit FNV-1a, as 16 hex digits. Edits are
/// not adversarial, so a short non-cryptographic hash is enough.
pub fn content_hash(main_part: &[u8]) -> String {
    let mut h = Fnv::default();
    h.update(main_part);
    h.hex()
}

/// FNV-1a fed in pieces, so a part is hashed as it is inflated, never held whole.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Most inflated bytes the stamp reads from a package (all the parts it
/// hashes together): far above what zongjie writes, so a file over it is
/// not ours unchanged, and a crafted part inflating to gigabytes costs
/// no more than this much reading (and no memory: it is hashed in pieces).
pub const MAX_HASHED_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes read of a small part (`docProps/*.xml`).
pub const MAX_SMALL_PART_BYTES: u64 = 1024 * 1024;

/// `docProps/custom.xml` holding the hash of `main_part`.
pub(super) fn custom_properties(main_part: &[u8]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"), ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes")],
    );
    x.open("property", &[("fmtid", FMTID), ("pid", "2"), ("name", PROPERTY)]);
    x.leaf("vt:lpwstr", &[], &content_hash(main_part));
    x.close("property");
    x.close("Properties");
    x.finish()
}

/// What a .docx on disk says about its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Made by zongjie and not changed since.
    Unchanged,
    /// Made by zongjie, then changed (saved by Word, WPS, …).
    Edited,
    /// No stamp, or not a readable .docx: not known to be ours.
    Unknown,
}

/// A zip package opened from bytes in memory.
pub type Package<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The bytes of one part of a package, or None when it is missing,
/// unreadable or inflates to more than `limit` bytes.
pub fn read_part(zip: &mut Package, name: &str, limit: u64) -> Option<Vec<u8>> {
    let mut v = Vec::new();
    zip.by_name(name).ok()?.take(limit + 1).read_to_end(&mut v).ok()?;
    (v.len() as u64 <= limit).then_some(v)
}

/// Feeds one part into `hash` as it inflates, spending `budget` bytes; None
/// when the part is missing, unreadable or the budget runs out.
pub fn hash_part(zip: &mut Package, name: &str, hash: &mut Fnv, budget: &mut u64) -> Option<()> {
    let mut part = zip.by_name(name).ok()?.take(*budget + 1);
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = part.read(&mut buf).ok()?;
        if n == 0 {
            return Some(());
        }
        *budget = budget.checked_sub(n as u64)?;
        hash.update(&buf[..n]);
    }
}

/// The stamp of a package (a .docx, or the .xlsx roll-up): the stored hash
/// compared with `current`, the hash of the parts the stamp covers; a
/// package without a stamp is ours (unchanged) when `legacy` accepts its
/// `docProps/app.xml`, as written by a zongjie before the stamp.
pub fn package_stamp(bytes: &[u8], current: impl FnOnce(&mut Package) -> Option<String>, legacy: impl FnOnce(&str) -> bool) -> Stamp {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Stamp::Unknown };
    let Some(stored) = read_part(&mut zip, "docProps/custom.xml", MAX_SMALL_PART_BYTES).and_then(|c| stored_hash(&String::from_utf8_lossy(&c))) else {
        let app = read_part(&mut zip, "docProps/app.xml", MAX_SMALL_PART_BYTES).map(|a| String::from_utf8_lossy(&a).into_owned()).unwrap_or_default();
        return if legacy(&app) { Stamp::Unchanged } else { Stamp::Unknown };
    };
    match current(&mut zip) {
        Some(h) if h == stored => Stamp::Unchanged,
        _ => Stamp::Edited,
    }
}

/// Reads the stamp of a .docx's bytes and compares it with the hash of its
/// current main part.
pub fn stamp_of(docx: &[u8]) -> Stamp {
    package_stamp(
        docx,
        |zip| {
            let (mut h, mut budget) = (Fnv::default(), MAX_HASHED_BYTES);
            hash_part(zip, "word/document.xml", &mut h, &mut budget)?;
            Some(h.hex())
        },
        // Made by a zongjie before the stamp: Word, WPS and LibreOffice all
        // put their own name in `Application` when they save.
        |app| app.contains("<Application>zongjie</Application>"),
    )
}

/// The hash in a custom properties part: the text of the first element
/// inside `<property … name="zongjie-content-hash">`. The xlsx roll-up
/// (`rollup::xlsx`) stores its stamp the same way.
pub fn stored_hash(xml: &str) -> Option<String> {
    let at = xml.find(&format!("name=\"{PROPERTY}\""))?;
    let rest = &xml[at..];
    let end = rest.find("</property>")?;
    let inner = &rest[..end];
    // The element may carry attributes (openpyxl declares the namespace on it).
    let tag = inner.rfind("<vt:lpwstr")?;
    let open = inner[tag..].find('>')? + tag + 1;
    let close = inner[open..].find('<')? + open;
    let hash = inner[open..close].trim();
    (hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit())).then(|| hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_hash_reads_back() {
        let xml = String::from_utf8(custom_properties(b"<w:document/>")).unwrap();
        assert_eq!(stored_hash(&xml), Some(content_hash(b"<w:document/>")));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        // Word writes the same element with other attribute order and spacing.
        let word = format!("<Properties><property fmtid=\"{FMTID}\" pid=\"2\" name=\"{PROPERTY}\">\r\n<vt:lpwstr>{}</vt:lpwstr></property></Properties>", content_hash(b"x"));
        assert_eq!(stored_hash(&word), Some(content_hash(b"x")));
        assert_eq!(stored_hash("<Properties/>"), None);
        // openpyxl puts the name first and declares the namespace on the value.
        let openpyxl = format!("<Properties><property name=\"{PROPERTY}\" fmtid=\"{FMTID}\" pid=\"2\"><vt:lpwstr xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">{}</vt:lpwstr></property></Properties>", content_hash(b"y"));
        assert_eq!(stored_hash(&openpyxl), Some(content_hash(b"y")));
        assert_eq!(stamp_of(b"not a zip"), Stamp::Unknown);
    }

    /// The package with `name` replaced by `bytes`.
    fn repack(docx: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let n = f.name().unwrap().to_string();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            out.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(if n == name { bytes } else { &v }).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_rendered_file_is_unchanged_until_its_body_is_edited() {
        use crate::render::Renderer;
        let docx = super::super::DocxRenderer.render(&super::super::tests::sample(false)).unwrap();
        assert_eq!(stamp_of(&docx), Stamp::Unchanged);
        let mut zip = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
        let mut main = String::new();
        zip.by_name("word/document.xml").unwrap().read_to_string(&mut main).unwrap();
        let edited = main.replace("集体学习6次。", "集体学习7次。");
        assert_ne!(edited, main);
        assert_eq!(stamp_of(&repack(&docx, "word/document.xml", edited.as_bytes())), Stamp::Edited);
        // No stamp: an older zongjie's file (its own name as Application) or someone else's.
        let unstamped = repack(&docx, "docProps/custom.xml", b"<Properties/>");
        assert_eq!(stamp_of(&unstamped), Stamp::Unchanged);
        let app = b"<Properties><Application>Microsoft Office Word</Application></Properties>";
        assert_eq!(stamp_of(&repack(&unstamped, "docProps/app.xml", app)), Stamp::Unknown);
    }

    #[test]
    fn a_draft_has_a_header_on_odd_and_even_pages() {
        use crate::render::Renderer;
        let mut doc = super::super::tests::sample(false);
        let plain = super::super::DocxRenderer.render(&doc).unwrap();
        doc.format.draft = true;
        let draft = super::super::DocxRenderer.render(&doc).unwrap();
        let part = |bytes: &[u8], name: &str| -> Option<String> {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            let mut s = String::new();
            zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
            Some(s)
        };
        assert!(part(&plain, "word/header1.xml").is_none());
        for h in ["word/header1.xml", "word/header2.xml"] {
            assert!(part(&draft, h).unwrap().contains(">草稿</w:t>"), "{h}");
        }
        let main = part(&draft, "word/document.xml").unwrap();
        assert!(main.contains(r#"<w:headerReference w:type="default" r:id="rIdHeaderOdd"/><w:headerReference w:type="even" r:id="rIdHeaderEven"/><w:footerReference"#), "{main}");
        let rels = part(&draft, "word/_rels/document.xml.rels").unwrap();
        assert!(rels.contains(r#"Target="header2.xml""#), "{rels}");
    }
}
