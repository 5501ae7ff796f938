//! Fonts by role (used by the PDF renderer and `zongjie fonts`): each
//! [`Role`] of the layout resolves to one face of one font file — from the
//! command line (`--font body=/path/x.ttc:2`) or from the system's font
//! folders through the per-platform [`candidates`]. Files are memory-mapped
//! once per process and shared by every document; [`Faces`] gives the
//! layout real glyph advances and the renderer glyph ids.

pub mod candidates;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};
use crate::layout::{Metrics, Role};
use candidates::{FaceSel, intended, role_name};

/// A font chosen on the command line: a file and, for a collection, a face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSpec {
    /// The font file.
    pub path: PathBuf,
    /// Face index in a collection (.ttc); `None` picks the Simplified Chinese face.
    pub index: Option<u32>,
}

impl FontSpec {
    /// Parses `ROLE=PATH[:INDEX]`, e.g. `body=/usr/share/fonts/x.ttc:2`.
    pub fn parse_override(s: &str) -> std::result::Result<(Role, FontSpec), String> {
        let (role, path) = s.split_once(['=', '＝']).ok_or_else(|| format!("“{s}”应写成 角色=字体文件[:序号]，例如 body=/usr/share/fonts/x.ttc:2"))?;
        let role = candidates::parse_role(role).ok_or_else(|| format!("没有字体角色“{role}”，可用：title（标题）、body（正文）、heading1（一级标题）、heading2（二级标题）、page（页码）"))?;
        let (path, index) = match path.rsplit_once(':') {
            Some((p, i)) if !p.is_empty() && !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()) => (p, i.parse().ok()),
            _ => (path, None),
        };
        Ok((role, FontSpec { path: PathBuf::from(path), index }))
    }
}

/// The bytes of a font file: memory-mapped, or read when mapping fails.
pub struct FontFile {
    /// Where it was read from.
    pub path: PathBuf,
    data: FileBytes,
    /// Per-glyph work derived from this file, done once per process.
    pub glyphs: GlyphCache,
}

/// Bytes derived from one glyph of a face (the PDF writer keeps each
/// flattened CFF charstring here), computed once and shared by every
/// document of the run: a county's reports use mostly the same few
/// thousand characters.
#[derive(Default)]
pub struct GlyphCache(std::sync::Mutex<HashMap<GlyphKey, Arc<[u8]>>>);

/// A glyph of a file: (face index, glyph id).
type GlyphKey = (u32, u16);

impl GlyphCache {
    /// The bytes for glyph `gid` of face `face`, made by `make` the first time.
    pub fn get_or(&self, face: u32, gid: u16, make: impl FnOnce() -> Option<Vec<u8>>) -> Option<Arc<[u8]>> {
        let lock = || self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = lock().get(&(face, gid)) {
            return Some(v.clone());
        }
        // Made outside the lock: two threads may both make it, with the same result.
        let v: Arc<[u8]> = make()?.into();
        lock().insert((face, gid), v.clone());
        Some(v)
    }
}

enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FontFile {
    fn open(path: &Path) -> std::io::Result<FontFile> {
        let f = std::fs::File::open(path)?;
        // SAFETY: the map is read-only; a font file changed by another program
        // while we run is outside what we guard against (as every font user).
        let data = match unsafe { memmap2::Mmap::map(&f) } {
            Ok(m) => FileBytes::Mapped(m),
            Err(_) => FileBytes::Read(std::fs::read(path)?),
        };
        Ok(FontFile { path: path.to_path_buf(), data, glyphs: GlyphCache::default() })
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        match &self.data {
            FileBytes::Mapped(m) => m,
            FileBytes::Read(v) => v,
        }
    }
}

/// The font of one role.
#[derive(Clone)]
pub struct RoleFont {
    /// The role.
    pub role: Role,
    /// The file.
    pub file: Arc<FontFile>,
    /// Face index inside the file.
    pub index: u32,
    /// Full name, e.g. "Noto Serif CJK SC Bold".
    pub name: String,
    /// PostScript name (for the PDF's BaseFont).
    pub ps_name: String,
    /// Not the font the standard names.
    pub substitute: bool,
    /// Chosen on the command line.
    pub overridden: bool,
}

/// One font per role.
pub struct FontSet {
    fonts: Vec<RoleFont>,
}

impl FontSet {
    /// Resolves every role: overrides first, then the system's candidates,
    /// then any font found for another role (a substitute).
    pub fn resolve(overrides: &[(Role, FontSpec)]) -> Result<FontSet> {
        let mut files: HashMap<PathBuf, Arc<FontFile>> = HashMap::new();
        let mut found: Vec<Option<RoleFont>> = vec![None; Role::ALL.len()];
        let mut index: Option<HashMap<String, PathBuf>> = None;
        for (i, role) in Role::ALL.into_iter().enumerate() {
            if let Some((_, spec)) = overrides.iter().rev().find(|(r, _)| *r == role) {
                let file = open_cached(&mut files, &spec.path).map_err(|e| font_error(format!("无法读取{}字体文件 {}：{}", role_name(role), spec.path.display(), crate::error::io_reason(&e)), "请检查 --font 给出的路径"))?;
                let sel = spec.index.map_or(Sel::Auto(FaceSel::Sc), Sel::Index);
                let rf = describe(role, file, sel, false, true).ok_or_else(|| font_error(format!("{} 不是可用的字体文件（或没有第 {} 号字形）", spec.path.display(), spec.index.unwrap_or(0)), "请给出 .ttf、.otf 或 .ttc 字体文件；.ttc 可在路径后加 :序号 选择其中的字体"))?;
                found[i] = Some(rf);
                continue;
            }
            let idx = index.get_or_insert_with(|| candidates::index_files(&candidates::search_dirs()));
            for c in candidates::candidates(role) {
                let Some(path) = idx.get(c.file) else { continue };
                let Ok(file) = open_cached(&mut files, path) else { continue };
                if let Some(rf) = describe(role, file, Sel::Auto(c.face), c.substitute, false) {
                    found[i] = Some(rf);
                    break;
                }
            }
        }
        let any = found.iter().flatten().find(|f| f.role == Role::Body).or_else(|| found.iter().flatten().next()).cloned();
        let Some(any) = any else {
            return Err(font_error(
                "没有找到可用的中文字体，无法生成 PDF".into(),
                "Debian/Ubuntu 请安装字体：sudo apt install fonts-noto-cjk fonts-lxgw-wenkai；Windows、macOS 的系统中文字体可直接使用；也可用 --font body=字体文件路径 指定字体（zongjie fonts 查看各角色所用字体）",
            ));
        };
        let fonts = Role::ALL
            .into_iter()
            .zip(found)
            .map(|(role, f)| f.unwrap_or_else(|| RoleFont { role, substitute: true, overridden: false, ..any.clone() }))
            .collect();
        Ok(FontSet { fonts })
    }

    /// The font of `role`.
    pub fn get(&self, role: Role) -> &RoleFont {
        &self.fonts[Role::ALL.iter().position(|r| *r == role).unwrap_or(0)]
    }

    /// Parses the faces for one document's layout and glyph lookups.
    pub fn faces(&self) -> Result<Faces<'_>> {
        let mut faces = Vec::with_capacity(self.fonts.len());
        for f in &self.fonts {
            let face = ttf_parser::Face::parse(f.file.bytes(), f.index).map_err(|e| font_error(format!("无法解析字体 {}：{e}", f.file.path.display()), "请换用其他字体文件"))?;
            faces.push(face);
        }
        Ok(Faces { set: self, faces })
    }

    /// Roles whose standard face was not found (a substitute is used and
    /// none was chosen on the command line).
    pub fn missing(&self) -> Vec<Role> {
        self.fonts.iter().filter(|f| f.substitute && !f.overridden).map(|f| f.role).collect()
    }

    /// A table of what each role resolved to, in Chinese (`zongjie fonts`).
    pub fn report(&self) -> String {
        let mut s = String::new();
        for f in &self.fonts {
            let status = if f.overridden {
                "命令行指定".to_string()
            } else if f.substitute {
                format!("替代字体（标准字体 {} 未找到）", intended(f.role))
            } else {
                "标准字体".to_string()
            };
            let face = if f.index > 0 { format!("（字体集中第 {} 款）", f.index) } else { String::new() };
            s.push_str(&format!("{}（{}）：{}\n    文件：{}{face}\n    {}\n", role_name(f.role), intended(f.role), f.name, f.file.path.display(), status));
        }
        s
    }
}

enum Sel {
    Index(u32),
    Auto(FaceSel),
}

fn open_cached(files: &mut HashMap<PathBuf, Arc<FontFile>>, path: &Path) -> std::io::Result<Arc<FontFile>> {
    if let Some(f) = files.get(path) {
        return Ok(f.clone());
    }
    let f = Arc::new(FontFile::open(path)?);
    files.insert(path.to_path_buf(), f.clone());
    Ok(f)
}

fn name_of(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    let names: Vec<_> = face.names().into_iter().filter(|n| n.name_id == id && n.is_unicode()).collect();
    names.iter().find(|n| n.language() == ttf_parser::Language::English_UnitedStates).or(names.first()).and_then(|n| n.to_string())
}

fn family(face: &ttf_parser::Face<'_>) -> String {
    name_of(face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| name_of(face, ttf_parser::name_id::FAMILY)).unwrap_or_default()
}

/// Picks the face and reads its names; `None` when the file is not a usable font.
fn describe(role: Role, file: Arc<FontFile>, sel: Sel, substitute: bool, overridden: bool) -> Option<RoleFont> {
    let data = file.bytes();
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let index = match sel {
        Sel::Index(i) => i,
        Sel::Auto(want) => {
            // (family, regular weight) of every face; a Regular face is preferred
            // (Songti.ttc on macOS holds Black, Bold, Light and Regular "Songti SC").
            let faces: Vec<(String, bool)> = (0..count)
                .map(|i| ttf_parser::Face::parse(data, i).map(|f| (family(&f), matches!(f.weight(), ttf_parser::Weight::Normal | ttf_parser::Weight::Medium))).unwrap_or_default())
                .collect();
            let pick = |ok: &dyn Fn(&str) -> bool| faces.iter().position(|(f, regular)| ok(f) && *regular).or_else(|| faces.iter().position(|(f, _)| ok(f)));
            let exact = match want {
                FaceSel::Family(name) => pick(&|f| f == name),
                FaceSel::Sc => None,
            };
            exact.or_else(|| pick(&|f| f.ends_with(" SC") && !f.contains("Mono"))).unwrap_or(0) as u32
        }
    };
    let face = ttf_parser::Face::parse(data, index).ok()?;
    face.glyph_index('中')?;
    let name = name_of(&face, ttf_parser::name_id::FULL_NAME).unwrap_or_else(|| family(&face));
    let ps_name = name_of(&face, ttf_parser::name_id::POST_SCRIPT_NAME).unwrap_or_else(|| name.replace(' ', ""));
    Some(RoleFont { role, file: file.clone(), index, name, ps_name, substitute, overridden })
}

/// A font error with what to do.
pub fn font_error(message: String, hint: &str) -> Error {
    Error::Font { message, hint: hint.to_string() }
}

/// Parsed faces of a [`FontSet`], one per role.
pub struct Faces<'a> {
    /// The set they come from.
    pub set: &'a FontSet,
    faces: Vec<ttf_parser::Face<'a>>,
}

impl Faces<'_> {
    fn face(&self, role: Role) -> &ttf_parser::Face<'_> {
        &self.faces[Role::ALL.iter().position(|r| *r == role).unwrap_or(0)]
    }

    /// The glyph id of `c` in the font of `role`, if it has one.
    pub fn glyph(&self, role: Role, c: char) -> Option<u16> {
        self.face(role).glyph_index(c).map(|g| g.0)
    }
}

impl Metrics for Faces<'_> {
    fn advance(&self, role: Role, c: char) -> f32 {
        let face = self.face(role);
        let adv = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
        match adv {
            Some(a) => a as f32 / face.units_per_em() as f32,
            None if c.is_ascii() => 0.5,
            None => 1.0,
        }
    }

    fn ink_top(&self, role: Role, c: char) -> Option<f32> {
        let face = self.face(role);
        let b = face.glyph_index(c).and_then(|g| face.glyph_bounding_box(g))?;
        Some(b.y_max as f32 / face.units_per_em() as f32)
    }
}

static OVERRIDES: OnceLock<Vec<(Role, FontSpec)>> = OnceLock::new();
static SHARED: OnceLock<std::result::Result<Arc<FontSet>, (String, String)>> = OnceLock::new();

/// Sets the command line's font choices for this process; call before the
/// first [`shared`]. Later calls are ignored.
pub fn configure(overrides: Vec<(Role, FontSpec)>) {
    let _ = OVERRIDES.set(overrides);
}

/// The process-wide font set, resolved and mapped on first use.
pub fn shared() -> Result<Arc<FontSet>> {
    let r = SHARED.get_or_init(|| {
        let overrides = OVERRIDES.get().map_or(&[][..], Vec::as_slice);
        FontSet::resolve(overrides).map(Arc::new).map_err(|e| match e {
            Error::Font { message, hint } => (message, hint),
            other => (other.to_string(), String::new()),
        })
    });
    r.clone().map_err(|(message, hint)| Error::Font { message, hint })
}

#[cfg(test)]
mod tests;
