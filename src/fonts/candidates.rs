//! Where fonts are looked for (part of [`super`], used before layout): the
//! font folders of each platform and, per role, an ordered list of font
//! files — the standard's fonts first (仿宋/simfang, 黑体/simhei,
//! 楷体/simkai, 宋体/simsun, 方正小标宋), then same-style fonts that ship with
//! macOS and Linux distributions (Noto CJK SC, AR PL, LXGW WenKai), which
//! are reported as substitutes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::layout::Role;

/// Which face of a collection (.ttc) to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceSel {
    /// The first face whose family name is exactly this.
    Family(&'static str),
    /// A face for Simplified Chinese: family ending in " SC", else the first.
    Sc,
}

/// One candidate font file for a role.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// File name, lower case.
    pub file: &'static str,
    /// Face selection inside a collection.
    pub face: FaceSel,
    /// Not the font the standard names.
    pub substitute: bool,
}

const fn exact(file: &'static str) -> Candidate {
    Candidate { file, face: FaceSel::Sc, substitute: false }
}
const fn sub(file: &'static str) -> Candidate {
    Candidate { file, face: FaceSel::Sc, substitute: true }
}
const fn sub_family(file: &'static str, family: &'static str) -> Candidate {
    Candidate { file, face: FaceSel::Family(family), substitute: true }
}

const TITLE: &[Candidate] = &[
    exact("fzxbsjw.ttf"),
    exact("方正小标宋简体.ttf"),
    exact("fzxbsk.ttf"),
    exact("fzxiaobiaosong-b05s.ttf"),
    sub_family("notoserifcjk-bold.ttc", "Noto Serif CJK SC"),
    sub("notoserifcjksc-bold.otf"),
    sub("notoserifsc-bold.otf"),
    sub("songti.ttc"),
    sub("stsong.ttf"),
    sub("simsun.ttc"),
    sub("lxgwwenkai-bold.ttf"),
];

const BODY: &[Candidate] = &[
    exact("simfang.ttf"),
    exact("仿宋_gb2312.ttf"),
    exact("fs_gb2312.ttf"),
    exact("stfangso.ttf"),
    exact("fzfsk.ttf"),
    exact("fzfsjw.ttf"),
    sub_family("notoserifcjk-regular.ttc", "Noto Serif CJK SC"),
    sub("notoserifcjksc-regular.otf"),
    sub("notoserifsc-regular.otf"),
    sub("songti.ttc"),
    sub("simsun.ttc"),
    sub("gbsn00lp.ttf"),
    sub("lxgwwenkai-regular.ttf"),
];

const HEADING1: &[Candidate] = &[
    exact("simhei.ttf"),
    exact("fzhtk.ttf"),
    sub_family("notosanscjk-regular.ttc", "Noto Sans CJK SC"),
    sub("notosanscjksc-regular.otf"),
    sub("notosanssc-regular.otf"),
    sub("stheiti medium.ttc"),
    sub("stheiti light.ttc"),
    sub("pingfang.ttc"),
    sub("wqy-microhei.ttc"),
    sub("wqy-zenhei.ttc"),
];

const HEADING2: &[Candidate] = &[
    exact("simkai.ttf"),
    exact("楷体_gb2312.ttf"),
    exact("kaiti_gb2312.ttf"),
    exact("stkaiti.ttf"),
    exact("fzktk.ttf"),
    sub("kaiti.ttc"),
    sub("lxgwwenkai-regular.ttf"),
    sub("gkai00mp.ttf"),
    sub("ukai.ttc"),
];

const PAGE_NUMBER: &[Candidate] = &[
    Candidate { file: "simsun.ttc", face: FaceSel::Family("SimSun"), substitute: false },
    exact("simsun.ttf"),
    exact("stsong.ttf"),
    exact("songti.ttc"),
    sub_family("notoserifcjk-regular.ttc", "Noto Serif CJK SC"),
    sub("notoserifcjksc-regular.otf"),
    sub("notoserifsc-regular.otf"),
    sub("gbsn00lp.ttf"),
    sub("uming.ttc"),
];

/// The candidate list of a role, best first.
pub fn candidates(role: Role) -> &'static [Candidate] {
    match role {
        Role::Title => TITLE,
        Role::Body => BODY,
        Role::Heading1 => HEADING1,
        Role::Heading2 => HEADING2,
        Role::PageNumber => PAGE_NUMBER,
    }
}

/// What the standard asks for, in Chinese, for messages.
pub fn intended(role: Role) -> &'static str {
    match role {
        Role::Title => "方正小标宋简体",
        Role::Body => "仿宋_GB2312",
        Role::Heading1 => "黑体",
        Role::Heading2 => "楷体_GB2312",
        Role::PageNumber => "宋体",
    }
}

/// Where users usually get the standard face of a role, in Chinese
/// (`zongjie fonts` lists it for each standard face not found).
pub fn where_to_get(role: Role) -> &'static str {
    match role {
        Role::Title => "方正字库的商业字体，需购买授权；单位一般统一安装，可向办公室或信息中心索取",
        Role::Body => "Windows 自带“仿宋”（C:\\Windows\\Fonts\\simfang.ttf）可用；仿宋_GB2312 见于较早的 Windows 和单位的公文字体包。\
                       Debian 的 fonts-cwtex-fs（cwTeX 仿宋）只含 GB 2312 汉字 4384/6763 个（缺“爱、办、报”等简化字），不能用于正文",
        Role::Heading1 => "Windows 自带“黑体”（C:\\Windows\\Fonts\\simhei.ttf）",
        Role::Heading2 => "Windows 自带“楷体”（C:\\Windows\\Fonts\\simkai.ttf）可用；楷体_GB2312 见于较早的 Windows 和单位的公文字体包",
        Role::PageNumber => "Windows 自带“宋体”（C:\\Windows\\Fonts\\simsun.ttc），macOS 自带“宋体-简”（Songti.ttc）",
    }
}

/// The role's Chinese name.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Title => "标题",
        Role::Body => "正文",
        Role::Heading1 => "一级标题",
        Role::Heading2 => "二级标题",
        Role::PageNumber => "页码",
    }
}

/// Parses a role name as given on the command line (English or Chinese).
pub fn parse_role(s: &str) -> Option<Role> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "title" | "标题" | "小标宋" => Role::Title,
        "body" | "正文" | "仿宋" => Role::Body,
        "heading1" | "h1" | "一级标题" | "黑体" => Role::Heading1,
        "heading2" | "h2" | "二级标题" | "楷体" => Role::Heading2,
        "page" | "pagenumber" | "page-number" | "页码" | "宋体" => Role::PageNumber,
        _ => return None,
    })
}

/// The font folders of this platform, or those listed in the
/// `ZONGJIE_FONT_DIRS` environment variable (separated like `PATH`).
pub fn search_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os("ZONGJIE_FONT_DIRS").filter(|v| !v.is_empty()) {
        return std::env::split_paths(&list).collect();
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.extend(["/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts"].map(PathBuf::from));
        if let Some(h) = &home {
            dirs.push(h.join("Library/Fonts"));
        }
    } else {
        if let Some(x) = std::env::var_os("XDG_DATA_HOME") {
            dirs.push(PathBuf::from(x).join("fonts"));
        }
        if let Some(h) = &home {
            dirs.push(h.join(".local/share/fonts"));
            dirs.push(h.join(".fonts"));
        }
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
    }
    dirs
}

/// Font files under `dirs` (recursively), by lower-case file name; the
/// first folder that has a name wins.
pub fn index_files(dirs: &[PathBuf]) -> HashMap<String, PathBuf> {
    let mut map = HashMap::new();
    for d in dirs {
        walk(d, 0, &mut map);
    }
    map
}

fn walk(dir: &Path, depth: usize, map: &mut HashMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if depth < 5 {
                walk(&p, depth + 1, map);
            }
        } else if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
            let lower = name.to_lowercase();
            if [".ttf", ".ttc", ".otf", ".otc"].iter().any(|e| lower.ends_with(e)) {
                map.entry(lower).or_insert(p);
            }
        }
    }
}
