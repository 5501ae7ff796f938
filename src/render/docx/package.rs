//! The package around the WordprocessingML parts: content types,
//! relationships, settings, font table, theme, document properties, and
//! the zip container itself (deflate, fixed timestamps, fixed order — the
//! same Document always gives the same bytes).

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::styles::Look;
use super::xml::Xml;
use crate::doc::Document;
use crate::error::{Error, Result};

const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// One file of the package.
pub(super) struct Part {
    /// Path inside the zip, without a leading slash.
    pub path: &'static str,
    /// Its content type (an `Override` in `[Content_Types].xml`).
    pub content_type: String,
    /// The relationship that points at it: (owner part's rels file, id, type).
    pub rel: Option<(&'static str, &'static str, String)>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Part {
    /// A part of the main document, related to it by `id` with relationship `kind`.
    pub(super) fn word(path: &'static str, content_type: &str, id: &'static str, kind: &str, bytes: Vec<u8>) -> Self {
        let content_type = if content_type.starts_with("application/") { content_type.to_string() } else { format!("{WML_TYPE}.{content_type}+xml") };
        Part { path, content_type, rel: Some(("word/_rels/document.xml.rels", id, format!("{OFFICE_REL}/{kind}"))), bytes }
    }

    /// A part related from the package root.
    pub(super) fn root(path: &'static str, content_type: &str, id: &'static str, kind: String, bytes: Vec<u8>) -> Self {
        Part { path, content_type: content_type.to_string(), rel: Some(("_rels/.rels", id, kind)), bytes }
    }
}

/// The settings part (CT_Settings order). Even and odd pages get their own
/// footers; punctuation is never compressed, so every character keeps its
/// full cell and the 28-character line holds (see `page.rs`).
pub(super) fn settings() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", super::W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty("w:defaultTabStop", &[("w:val", "420")]);
    x.empty("w:evenAndOddHeaders", &[]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.open("w:compat", &[]);
    x.empty("w:useFELayout", &[]);
    x.empty("w:compatSetting", &[("w:name", "compatibilityMode"), ("w:uri", "http://schemas.microsoft.com/office/word"), ("w:val", "15")]);
    x.close("w:compat");
    x.empty("w:themeFontLang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")]);
    let map = [
        ("w:bg1", "light1"),
        ("w:t1", "dark1"),
        ("w:bg2", "light2"),
        ("w:t2", "dark2"),
        ("w:accent1", "accent1"),
        ("w:accent2", "accent2"),
        ("w:accent3", "accent3"),
        ("w:accent4", "accent4"),
        ("w:accent5", "accent5"),
        ("w:accent6", "accent6"),
        ("w:hyperlink", "hyperlink"),
        ("w:followedHyperlink", "followedHyperlink"),
    ];
    x.empty("w:clrSchemeMapping", &map);
    x.empty("w:decimalSymbol", &[("w:val", ".")]);
    x.empty("w:listSeparator", &[("w:val", ",")]);
    x.close("w:settings");
    x.finish()
}

/// Stand-ins for fonts that current Windows lacks: the GB2312-era names
/// (仿宋_GB2312, 楷体_GB2312) and the Founder title face.
const ALT_NAMES: [(&str, &str); 3] = [("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")];

/// PANOSE numbers and Unicode/code-page signatures (`usb0`–`usb3`,
/// `csb0`–`csb1`) of the faces the styles name, as Windows' own copies
/// report them. When a face is missing, Word picks the installed face
/// closest in PANOSE class that covers the same code pages (csb0 bit 18:
/// GB 2312), so a missing 仿宋_GB2312 or 方正小标宋简体 falls back to a
/// Chinese face instead of the theme's 等线. LibreOffice and WPS use
/// `w:altName` and their own substitution tables instead.
const FACES: [(&str, &str, [&str; 6]); 8] = [
    ("Times New Roman", "02020603050405020304", ["E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"]),
    ("宋体", "02010600030101010101", ["00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"]),
    ("仿宋", "02010609060101010101", ["800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"]),
    ("黑体", "02010609060101010101", ["800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"]),
    ("楷体", "02010609060101010101", ["800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"]),
    ("仿宋_GB2312", "02010609030101010101", ["00000001", "080E0000", "00000010", "00000000", "00040000", "00000000"]),
    ("楷体_GB2312", "02010609030101010101", ["00000001", "080E0000", "00000010", "00000000", "00040000", "00000000"]),
    ("方正小标宋简体", "02000000000000000000", ["00000001", "08000000", "00000000", "00000000", "00040000", "00000000"]),
];

/// The font table: every font the styles use; `w:altName` tells Word and
/// WPS which installed face to use when a 公文 font is missing, and
/// [`FACES`] gives Word the PANOSE class and code pages to find a similar one.
pub(super) fn font_table(look: &Look) -> Vec<u8> {
    let mut fonts = vec![(super::props::LATIN, None, "00", "roman")];
    for name in look.east_asian_fonts() {
        let alt = ALT_NAMES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
        fonts.push((name, alt, "86", "auto"));
    }
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", super::W_NS)]);
    for (name, alt, charset, family) in fonts {
        x.open("w:font", &[("w:name", name)]);
        if let Some(a) = alt {
            x.empty("w:altName", &[("w:val", a)]);
        }
        let known = FACES.iter().find(|(n, _, _)| *n == name);
        if let Some((_, panose, _)) = known {
            x.empty("w:panose1", &[("w:val", panose)]);
        }
        x.empty("w:charset", &[("w:val", charset)]);
        x.empty("w:family", &[("w:val", family)]);
        x.empty("w:pitch", &[("w:val", "variable")]);
        if let Some((_, _, [u0, u1, u2, u3, c0, c1])) = known {
            x.empty("w:sig", &[("w:usb0", u0), ("w:usb1", u1), ("w:usb2", u2), ("w:usb3", u3), ("w:csb0", c0), ("w:csb1", c1)]);
        }
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// The core properties: title, author (the unit) and dates from the
/// sheet's 成文日期 — never the clock.
pub(super) fn core(doc: &Document) -> Vec<u8> {
    let date = format!("{}T00:00:00Z", doc.meta.date.format("%Y-%m-%d"));
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &doc.title);
    x.leaf("dc:subject", &[], &doc.meta.kind);
    x.leaf("dc:creator", &[], &doc.meta.author);
    x.leaf("cp:lastModifiedBy", &[], &doc.meta.author);
    x.leaf("dc:language", &[], "zh-CN");
    x.leaf("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &date);
    x.leaf("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], &date);
    x.close("cp:coreProperties");
    x.finish()
}

/// The extended (application) properties.
pub(super) fn app() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Properties", &[("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")]);
    x.leaf("Application", &[], "zongjie");
    x.close("Properties");
    x.finish()
}

/// `[Content_Types].xml` for `parts`.
fn content_types(parts: &[Part]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    x.empty("Default", &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")]);
    x.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    for p in parts {
        x.empty("Override", &[("PartName", &format!("/{}", p.path)), ("ContentType", &p.content_type)]);
    }
    x.close("Types");
    x.finish()
}

/// The relationships file `owner` (e.g. `_rels/.rels`) for `parts`; targets
/// are relative to the owner's folder.
fn relationships(owner: &str, parts: &[Part]) -> Vec<u8> {
    let base = owner.split("_rels/").next().unwrap_or("");
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", REL_NS)]);
    for p in parts {
        if let Some((o, id, kind)) = &p.rel
            && *o == owner
        {
            let target = p.path.strip_prefix(base).unwrap_or(p.path);
            x.empty("Relationship", &[("Id", id), ("Type", kind), ("Target", target)]);
        }
    }
    x.close("Relationships");
    x.finish()
}

/// The zip timestamp of every entry: the document's date (DOS time cannot
/// hold dates before 1980 or after 2107; those fall back to 1980-01-01).
fn timestamp(date: NaiveDate) -> DateTime {
    let y = u16::try_from(date.year()).unwrap_or(1980);
    DateTime::from_date_and_time(y, date.month() as u8, date.day() as u8, 0, 0, 0).unwrap_or_default()
}

/// Packs `parts` (plus the content types and relationships they imply)
/// into the .docx bytes.
pub(super) fn pack(parts: Vec<Part>, date: NaiveDate) -> Result<Vec<u8>> {
    let mut files: Vec<(String, Vec<u8>)> = vec![("[Content_Types].xml".into(), content_types(&parts)), ("_rels/.rels".into(), relationships("_rels/.rels", &parts))];
    files.push(("word/_rels/document.xml.rels".into(), relationships("word/_rels/document.xml.rels", &parts)));
    files.extend(parts.into_iter().map(|p| (p.path.to_string(), p.bytes)));

    // Every entry's metadata is fixed, so the bytes are the same on every
    // platform: zip would otherwise mark entries written on Windows as made
    // by DOS (`version made by`, external attributes).
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(timestamp(date))
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(32 * 1024)));
    let fail = |e: &dyn std::fmt::Display| Error::Render { format: "Word（docx）", detail: e.to_string() };
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every central-directory record says "made by Unix", mode 0644 and
    /// the document's date, whatever platform wrote it (on Windows, zip
    /// would say DOS unless told).
    #[test]
    fn entry_metadata_is_fixed() {
        let part = Part::root("docProps/app.xml", "application/xml", "rId9", "x".into(), app());
        let date = NaiveDate::from_ymd_opt(2024, 7, 8).unwrap();
        let bytes = pack(vec![part], date).unwrap();
        let records: Vec<usize> = bytes.windows(4).enumerate().filter(|(_, w)| *w == b"PK\x01\x02").map(|(i, _)| i).collect();
        assert_eq!(records.len(), 4, "content types, two rels files and the part");
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        for r in records {
            assert_eq!(bytes[r + 5], 3, "version made by: Unix");
            let attrs = u32::from_le_bytes(bytes[r + 38..r + 42].try_into().unwrap());
            assert_eq!(attrs, 0o100_644 << 16, "external attributes: regular file, rw-r--r--");
            assert_eq!(u16_at(r + 14), (2024 - 1980) << 9 | 7 << 5 | 8, "DOS date");
            assert_eq!(u16_at(r + 12), 0, "DOS time");
        }
    }
}
