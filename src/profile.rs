//! A county profile (`profile.toml`): what a county standardizes for every
//! sheet — the format profile (margins, line pitch, 1. or 1．, sealed 落款,
//! bold heading levels, fonts), the wording every report shares (superior,
//! guiding thought, spirits, main line, layout), the template folder, and
//! which of those a sheet may override. Read once per run, before the
//! sheets; it shapes loading (override rules), composing and rendering.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::data::{Layout, SourceFile};
use crate::error::{Diagnostic, Error, Result};

/// Page and typesetting choices, GB/T 9704-2012 by default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormatProfile {
    /// Profile name shown in messages.
    pub name: String,
    /// Margins in millimetres: top, bottom, left, right.
    pub margins: Margins,
    /// Lines of body text per page.
    pub lines_per_page: u32,
    /// Characters per body line.
    pub chars_per_line: u32,
    /// Body line pitch in points; default: type-area height / lines per page.
    pub line_pitch: Option<f32>,
    /// "." (strict) or "．" after level-3 numbers.
    pub dot: String,
    /// Sealed 落款 (右空四字) instead of unsealed (右空二字).
    pub sealed: bool,
    /// Full-width punctuation may be squeezed (up to half a cell) to fit a
    /// line; off in gbt9704, whose grid holds exactly `chars_per_line`.
    pub squeeze: bool,
    /// A closing ，。、 may hang past the line end; off in gbt9704 (nothing
    /// outside the type area).
    pub hang: bool,
    /// Heading levels (1–4) set in bold, a local practice.
    pub bold_levels: Vec<u8>,
    /// Font per role (title, body, heading1, heading2, page_number): a file
    /// path, optionally `path:face`, or a family name.
    pub fonts: BTreeMap<String, String>,
    /// A draft: every page header (and the txt's first line) says 草稿. Set
    /// by `render --draft` for a sheet the checker found errors in; never
    /// read from a profile.
    #[serde(skip)]
    pub draft: bool,
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// 天头.
    pub top: f32,
    /// 地脚.
    pub bottom: f32,
    /// 订口.
    pub left: f32,
    /// 翻口.
    pub right: f32,
}

impl Default for FormatProfile {
    fn default() -> Self {
        FormatProfile {
            name: "gbt9704".into(),
            margins: Margins { top: 37.0, bottom: 35.0, left: 28.0, right: 26.0 },
            lines_per_page: 22,
            chars_per_line: 28,
            line_pitch: None,
            dot: ".".into(),
            sealed: false,
            squeeze: false,
            hang: false,
            bold_levels: Vec::new(),
            fonts: BTreeMap::new(),
            draft: false,
        }
    }
}

impl FormatProfile {
    /// Type-area height in points (A4, 297 mm).
    pub fn type_height_pt(&self) -> f32 {
        (297.0 - self.margins.top - self.margins.bottom) * 72.0 / 25.4
    }

    /// Type-area width in points (A4, 210 mm).
    pub fn type_width_pt(&self) -> f32 {
        (210.0 - self.margins.left - self.margins.right) * 72.0 / 25.4
    }

    /// Checks the values against what an A4 page allows; each problem is
    /// located at its key in the profile `src` (the file's start if absent).
    pub fn validate(&self, src: &SourceFile) -> Vec<Diagnostic> {
        let at = |key: &str| key_offset(&src.text, key);
        let mut errors = Vec::new();
        if !(self.dot == "." || self.dot == "．") {
            errors.push(src.diag(at("dot"), format!("format.dot 只能是 \".\" 或 \"．\"，现为“{}”", self.dot), "GB/T 9704 用 \".\"，部分地方用全角 \"．\""));
        }
        if self.bold_levels.iter().any(|l| !(1..=4).contains(l)) {
            errors.push(src.diag(at("bold_levels"), "format.bold_levels 只能包含 1 到 4", "如 bold_levels = [2, 3] 表示（一）和 1. 两级加粗"));
        }
        let m = self.margins;
        if [m.top, m.bottom, m.left, m.right].iter().any(|v| !(5.0..=60.0).contains(v)) {
            errors.push(src.diag(at("margins"), "format.margins 页边距不合理", "页边距以毫米计（5–60），如 margins = { top = 37, bottom = 35, left = 28, right = 26 }"));
        }
        if !(10..=40).contains(&self.lines_per_page) {
            errors.push(src.diag(at("lines_per_page"), format!("format.lines_per_page 每页 {} 行不合理", self.lines_per_page), "A4 公文每页 22 行，可在 10–40 之间调整"));
        }
        if !(10..=40).contains(&self.chars_per_line) {
            errors.push(src.diag(at("chars_per_line"), format!("format.chars_per_line 每行 {} 字不合理", self.chars_per_line), "A4 公文每行 28 字，可在 10–40 之间调整"));
        }
        if let Some(p) = self.line_pitch {
            let lines = self.lines_per_page.clamp(10, 40) as f32;
            if !p.is_finite() || !(10.0..=60.0).contains(&p) {
                errors.push(src.diag(at("line_pitch"), format!("format.line_pitch 行距 {p} 磅不合理"), "行距以磅计，在 10–60 之间，如 line_pitch = 28.95；不写则按版心高度 ÷ 每页行数"));
            } else if p * lines > self.type_height_pt() + 1.0 {
                errors.push(src.diag(at("line_pitch"), format!("format.line_pitch 行距 {p} 磅 × 每页 {lines} 行超出了版心高度"), "减小行距或每页行数，或删去 line_pitch（自动按版心高度 ÷ 每页行数）"));
            }
        }
        errors
    }

    /// Body line pitch in points.
    pub fn pitch_pt(&self) -> f32 {
        self.line_pitch.unwrap_or_else(|| self.type_height_pt() / self.lines_per_page as f32)
    }
}

/// Byte offset of the first line that sets `key` (`key =` after indentation), or 0.
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    0
}

/// Wording shared by every report of a county; a sheet's own value wins
/// only where the profile allows it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The superior, e.g. 县委.
    pub superior: Option<String>,
    /// Guiding thought.
    pub guiding: Option<String>,
    /// Spirits studied this year.
    pub spirit: Option<Vec<String>>,
    /// The year's main line.
    pub approach: Option<String>,
    /// Layout of the main work.
    pub layout: Option<Layout>,
    /// `plain` leaves the genre's general statements out of text written from figures.
    pub style: Option<Style>,
}

/// How much of the genre's general wording text written from figures carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Framing, method and effect sentences around the figures (default).
    #[default]
    #[serde(alias = "完整")]
    Full,
    /// Only the figures and what the sheet says.
    #[serde(alias = "简明")]
    Plain,
}

/// Sheet fields a profile can fix, with their place in a sheet.
pub const WORDING_FIELDS: [(&str, &str); 5] =
    [("superior", "unit.superior"), ("guiding", "report.guiding"), ("spirit", "report.spirit"), ("approach", "report.approach"), ("layout", "report.layout")];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    format: FormatProfile,
    #[serde(default)]
    wording: Wording,
    #[serde(default)]
    templates: Option<String>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

/// A loaded profile.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Where it came from (None: the built-in defaults).
    pub path: Option<PathBuf>,
    /// Format choices.
    pub format: FormatProfile,
    /// Shared wording.
    pub wording: Wording,
    /// Template folder, resolved against the profile's folder.
    pub templates: Option<PathBuf>,
    /// Wording fields a sheet may override.
    pub allow: Vec<String>,
}

impl Profile {
    /// Reads a profile file; errors are located and explained in Chinese.
    pub fn load(path: &Path) -> Result<Profile> {
        let text = crate::data::input::read_text(path)?;
        let src = SourceFile::new(path, text);
        let file: ProfileFile = toml::from_str(&src.text).map_err(|e| {
            let mut d = crate::data::explain::translate(&src, &e, 0);
            d.hint.push_str("。配置文件可写：templates、allow（须写在所有 [节] 之前），[format]（版式），[wording]（统一措辞）");
            Error::from(d)
        })?;
        let mut errors: Vec<Diagnostic> = Vec::new();
        for a in &file.allow {
            if !WORDING_FIELDS.iter().any(|(k, _)| k == a.get_ref()) {
                errors.push(src.diag(a.span().start, format!("allow 中的“{}”不是可统一的字段", a.get_ref()), format!("可选：{}", WORDING_FIELDS.map(|(k, _)| k).join("、"))));
            }
        }
        errors.extend(file.format.validate(&src));
        if !errors.is_empty() {
            return Err(if errors.len() == 1 { errors.remove(0).into() } else { Error::Many(errors) });
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        Ok(Profile {
            path: Some(path.to_path_buf()),
            format: file.format,
            wording: file.wording,
            templates: file.templates.map(|t| dir.join(t)),
            allow: file.allow.into_iter().map(Spanned::into_inner).collect(),
        })
    }

    /// Finds `profile.toml` for a sheet: in its folder, then in each parent
    /// up to and including `root`.
    pub fn find(sheet: &Path, root: &Path) -> Option<PathBuf> {
        let mut dir = sheet.parent();
        while let Some(d) = dir {
            let candidate = d.join("profile.toml");
            if candidate.is_file() {
                return Some(candidate);
            }
            if d == root || d.as_os_str().is_empty() {
                break;
            }
            dir = d.parent();
        }
        None
    }

    /// Whether a sheet may set its own value for a wording field.
    pub fn allows(&self, field: &str) -> bool {
        self.allow.iter().any(|a| a == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Profile> {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("profile.toml");
        std::fs::write(&p, text).unwrap();
        Profile::load(&p)
    }

    #[test]
    fn defaults_are_gbt9704() {
        let f = FormatProfile::default();
        assert!((f.type_width_pt() - 442.2).abs() < 0.1);
        assert!((f.pitch_pt() - 28.99).abs() < 0.01, "{}", f.pitch_pt());
        assert_eq!((f.dot.as_str(), f.sealed), (".", false));
    }

    #[test]
    fn a_local_profile_changes_only_what_it_says() {
        let p = load("allow = [\"approach\"]\n[format]\nmargins = { top = 34, bottom = 32, left = 28, right = 26 }\ndot = \"．\"\nbold_levels = [2]\n[wording]\nsuperior = \"县委\"\n").unwrap();
        assert_eq!(p.format.margins.top, 34.0);
        assert_eq!(p.format.lines_per_page, 22);
        assert_eq!(p.format.dot, "．");
        assert_eq!(p.wording.superior.as_deref(), Some("县委"));
        assert!(p.allows("approach") && !p.allows("superior"));
        assert!(!p.format.squeeze && !p.format.hang, "the strict grid by default");
        let p = load("[format]\nsqueeze = true\nhang = true\n").unwrap();
        assert!(p.format.squeeze && p.format.hang);
    }

    #[test]
    fn mistakes_are_reported() {
        let e = load("[format]\nmargin = 3\n").unwrap_err().to_string();
        assert!(e.contains("profile.toml:2:1：未知字段“margin”"), "{e}");
        let e = load("[wording]\nsuperior = \"县委\"\nallow = [\"approach\"]\n").unwrap_err().to_string();
        assert!(e.contains("未知字段“allow”") && e.contains("须写在所有 [节] 之前"), "{e}");
        let e = load("allow = [\"colour\"]\n").unwrap_err().to_string();
        assert!(e.contains("“colour”不是可统一的字段"), "{e}");
        assert!(load("[format]\ndot = \"、\"\n").unwrap_err().to_string().contains("format.dot"));
    }

    #[test]
    fn format_values_are_checked_for_a4_at_their_line() {
        let e = load("[format]\nlines_per_page = 4000000\n").unwrap_err().to_string();
        assert!(e.contains("profile.toml:2:1：format.lines_per_page"), "{e}");
        for pitch in ["-5.0", "nan", "inf", "0.0", "100.0"] {
            let e = load(&format!("[format]\nsealed = true\n  line_pitch = {pitch}\n")).unwrap_err().to_string();
            assert!(e.contains("profile.toml:3:3：format.line_pitch"), "{pitch}: {e}");
        }
        let e = load("[format]\nlines_per_page = 40\nline_pitch = 40\n").unwrap_err().to_string();
        assert!(e.contains("超出了版心高度"), "{e}");
        let e = load("[format]\nchars_per_line = 0\n").unwrap_err().to_string();
        assert!(e.contains(":2:1：format.chars_per_line"), "{e}");
        assert!(load("[format]\nlines_per_page = 22\nline_pitch = 28.0\n").is_ok());
    }
}
