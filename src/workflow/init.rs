//! `zongjie init`: writes a new sheet from the scaffold, every field
//! explained in Chinese comments. The result is loaded once before writing,
//! so a scaffold that does not load is never handed to a clerk.
//! Used by the CLI and by the editor's 新建; its errors are typed
//! ([`InitError`]), their messages the Chinese the CLI prints.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use super::output::write_atomic;
use crate::compose::Templates;
use crate::error::InitError;
use crate::data::{DataSheet, SourceFile};
use crate::profile::Profile;

/// Options of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// 要生成的数据表文件，如 青石镇.toml
    #[arg(value_name = "文件", help_heading = "参数")]
    pub file: PathBuf,
    /// 地名（默认取文件名，如“青石镇”）
    #[arg(long, value_name = "地名")]
    pub area: Option<String>,
    /// 单位全称（默认“中共{地名}委员会”）
    #[arg(long, value_name = "单位")]
    pub unit: Option<String>,
    /// 报告年度（默认今年）
    #[arg(long, value_name = "年份")]
    pub year: Option<i32>,
    /// 按县配置文件生成（统一规定的措辞不再出现在数据表中）
    #[arg(long, value_name = "文件")]
    pub profile: Option<PathBuf>,
    /// 由上年的数据表生成：沿用单位、写法和各块标题，上年数值移作 last_year，文字和日期清空待填
    #[arg(long, value_name = "上年数据表")]
    pub from: Option<PathBuf>,
    /// 文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// 生成空白台账（Excel）而不是数据表：zongjie init --ledger 台账.xlsx
    #[arg(long)]
    pub ledger: bool,
}

/// Runs `init`.
pub fn run(args: &InitArgs, templates: &Templates) -> Result<(), InitError> {
    if args.ledger {
        let mut file = args.file.clone();
        if file.extension().is_none() {
            file.set_extension("xlsx");
        }
        if !file.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return Err(InitError::LedgerName(file));
        }
        let year = args.year.unwrap_or_else(|| chrono::Local::now().year());
        if !(2000..=2100).contains(&year) {
            return Err(InitError::Year { year, example: 2024 });
        }
        return super::ledger_template::write(&file, &templates.catalogue, year, args.force);
    }
    let mut file = args.file.clone();
    // A folder (existing, or written with a trailing separator) is where the
    // sheet goes: under last year's file name with --from; else a name is needed.
    if file.is_dir() || file.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        match args.from.as_ref().and_then(|f| f.file_name()) {
            Some(name) => file = file.join(name),
            None => return Err(InitError::Write(crate::error::Error::Output(format!("{} 是一个文件夹；请写出要生成的数据表文件名，如 {}", args.file.display(), args.file.join("青石镇.toml").display())))),
        }
    }
    if file.extension().is_none() {
        file.set_extension("toml");
    }
    if file.exists() && !args.force {
        return Err(InitError::Exists(file));
    }
    if let Some(from) = &args.from {
        return run_from(args, &file, from, templates);
    }
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (stem_area, stem_year) = area_and_year_of(&stem);
    let area = args.area.clone().unwrap_or(stem_area);
    if area.trim().is_empty() {
        return Err(InitError::NoArea);
    }
    let year = args.year.or(stem_year).unwrap_or_else(|| chrono::Local::now().year());
    if !(2000..=2100).contains(&year) {
        return Err(InitError::Year { year, example: 2024 });
    }
    let level = ["街道", "社区", "镇", "乡", "村"].into_iter().find(|s| area.ends_with(s)).unwrap_or("镇");
    // A village's or community's party organisation is most often a branch.
    let unit = args.unit.clone().unwrap_or_else(|| if matches!(level, "村" | "社区") { format!("中共{area}支部委员会") } else { format!("中共{area}委员会") });
    let short = match level {
        "街道" => "街道党工委".to_string(),
        "村" | "社区" => format!("{level}党组织"),
        l => format!("{l}党委"),
    };
    let file_label = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let profile = match &args.profile {
        Some(p) => Profile::load(p).map_err(InitError::Profile)?,
        None => Profile::default(),
    };
    let text = for_level(templates.scaffold(), level)
        .replace("%AREA%", &toml_escape(&area))
        .replace("%UNIT%", &toml_escape(&unit))
        .replace("%SHORT%", &toml_escape(&short))
        .replace("%SPIRIT_YEAR%", &spirit_on(templates, year, 12, 28))
        .replace("%SPIRIT_H1%", &spirit_on(templates, year, 7, 10))
        .replace("%YEAR%", &year.to_string())
        .replace("%FILE%", &file_label);
    let text = follow_profile(&text, &profile);
    write_checked(&file, text, &profile, templates)?;
    outln!("填写后运行：zongjie render {} --period h1", file.display());
    Ok(())
}

/// The scaffold for one level (镇, 乡, 街道, 村, 社区): a line `#@ 村 社区`
/// starts lines only those levels get, a bare `#@` ends them; the marker
/// lines themselves are dropped. A scaffold without markers is the same
/// for every level.
fn for_level(scaffold: &str, level: &str) -> String {
    let mut keep = true;
    let mut out = String::with_capacity(scaffold.len());
    for line in scaffold.split_inclusive('\n') {
        match line.trim_end().strip_prefix("#@") {
            Some(levels) => keep = levels.trim().is_empty() || levels.split_whitespace().any(|l| l == level),
            None if keep => out.push_str(line),
            None => {}
        }
    }
    out
}

/// A file name as clerks write it — 白鹭镇2025, 2025年白鹭镇, 白鹭镇_2025年 —
/// split into the place and the year it names, if any.
fn area_and_year_of(stem: &str) -> (String, Option<i32>) {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    let trim = |s: &str| s.trim_matches(|c: char| c.is_whitespace() || "-_.·（）()".contains(c)).to_string();
    let tail = stem.trim_end_matches('年').trim_end_matches(|c: char| c.is_ascii_digit());
    let head = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let head = head.strip_prefix('年').unwrap_or(head);
    for (rest, year_part) in [(tail, &stem[tail.len()..]), (head, &stem[..stem.len() - head.len()])] {
        if digits(year_part) == 4 && let Ok(y) = year_part.trim_end_matches('年').parse::<i32>() {
            let rest = trim(rest);
            if !rest.is_empty() {
                return (rest, Some(y));
            }
        }
    }
    (stem.to_string(), None)
}

/// `init --from`: next year's sheet from last year's (see [`super::init_from`]).
fn run_from(args: &InitArgs, file: &Path, from: &Path, templates: &Templates) -> Result<(), InitError> {
    let profile = match &args.profile {
        Some(p) => Profile::load(p).map_err(InitError::Profile)?,
        None => Profile::default(),
    };
    let old = DataSheet::load_with(from, &templates.catalogue, &profile).map_err(InitError::From)?;
    let year = args.year.unwrap_or(old.year() + 1);
    if !(2000..=2100).contains(&year) {
        return Err(InitError::Year { year, example: 2025 });
    }
    let text = follow_profile(&super::init_from::scaffold(&old, year), &profile);
    write_checked(file, text, &profile, templates)?;
    outln!("本年的数值先写作 0、文字先写作 xx，填好后运行：zongjie check {}", file.display());
    Ok(())
}

/// Loads the generated text once (a sheet that does not load is never
/// handed to a clerk), then writes it.
fn write_checked(file: &Path, text: String, profile: &Profile, templates: &Templates) -> Result<(), InitError> {
    let ds = DataSheet::from_text(SourceFile::new(file, text.clone()), &templates.catalogue)
        .map_err(InitError::Scaffold)?;
    if let Some(d) = ds.check_profile(profile).first() {
        return Err(InitError::ProfileConflict(Box::new(d.clone())));
    }
    let dir = parent_dir(file);
    std::fs::create_dir_all(&dir).map_err(|source| InitError::CreateDir { path: dir.clone(), source })?;
    let name = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    write_atomic(&dir, &name, text.as_bytes()).map_err(InitError::Write)?;
    outln!("已生成数据表 {}", file.display());
    Ok(())
}

/// Comments out the scaffold lines of wording the profile fixes (and does
/// not let a sheet override), saying what the county set instead.
fn follow_profile(text: &str, profile: &Profile) -> String {
    let w = &profile.wording;
    let fixed: Vec<(&str, String)> = [
        ("superior", w.superior.clone()),
        ("guiding", w.guiding.clone()),
        ("spirit", w.spirit.as_ref().map(|s| s.join("、"))),
        ("approach", w.approach.clone()),
        ("layout", w.layout.map(|l| format!("{l:?}").to_lowercase())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.filter(|_| !profile.allows(k)).map(|v| (k, v)))
    .collect();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match fixed.iter().find(|(k, _)| line.trim_start_matches("# ").starts_with(&format!("{k} = "))) {
            Some((k, v)) => out.push_str(&format!("# {k}：由县配置文件统一规定为“{v}”，本表不填")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The political calendar's spirit for a report dated `month`/`day` of `year`
/// (the scaffold's default dates).
fn spirit_on(templates: &Templates, year: i32, month: u32, day: u32) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
    let s = templates.calendar.spirit(date);
    if s.is_empty() { "（政治日历中没有这一年的会议，请自行填写）".into() } else { toml_escape(&s) }
}

fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Escapes text for a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect::<String>().replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(file: PathBuf) -> InitArgs {
        InitArgs { file, area: None, unit: None, year: Some(2024), profile: None, from: None, force: false, ledger: false }
    }

    #[test]
    fn each_level_gets_its_own_scaffold() {
        let t = Templates::builtin().unwrap();
        let town = for_level(t.scaffold(), "镇");
        let village = for_level(t.scaffold(), "村");
        let community = for_level(t.scaffold(), "社区");
        assert!(!town.contains("#@") && !village.contains("#@"));
        assert!(town.contains("superior = \"县委\"") && town.contains("theory_study = [0, 0]") && !town.contains("branch_meetings"));
        assert!(village.contains("superior = \"镇党委\"") && village.contains("branch_meetings = [0, 0]") && !village.contains("theory_study") && !village.contains("中心组"));
        assert!(community.contains("superior = \"街道党工委\"") && community.contains("disputes_resolved") && !community.contains("collective_income"));
        assert!(for_level(t.scaffold(), "街道").contains("superior = \"区委\""));
        assert_eq!(for_level("a\n#@ 村\nb\n#@\nc\n", "镇"), "a\nc\n");
    }

    #[test]
    fn a_year_in_the_file_name_is_not_part_of_the_place() {
        for (stem, area, year) in [("白鹭镇2025", "白鹭镇", Some(2025)), ("白鹭镇_2025年", "白鹭镇", Some(2025)), ("2026年石桥村", "石桥村", Some(2026)), ("石桥村", "石桥村", None), ("七一村", "七一村", None), ("2025", "2025", None), ("一村12", "一村12", None)] {
            assert_eq!(area_and_year_of(stem), (area.to_string(), year), "{stem}");
        }
    }

    #[test]
    fn refusals_are_typed_and_say_what_to_do_in_chinese() {
        let t = Templates::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("青石镇.toml");
        run(&args(file.clone()), &t).unwrap();
        let written = std::fs::read_to_string(&file).unwrap();
        let e = run(&args(file.clone()), &t).unwrap_err();
        assert!(matches!(e, InitError::Exists(_)) && e.to_string().ends_with("青石镇.toml 已存在；如需覆盖请加 --force"), "{e}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), written, "not overwritten");
        let e = run(&InitArgs { year: Some(1999), ..args(dir.path().join("白鹭镇.toml")) }, &t).unwrap_err();
        assert_eq!(e.to_string(), "年份 1999 不合理，请写四位年份，如 --year 2024");
        let broken = dir.path().join("旧.toml");
        std::fs::write(&broken, "[unit]\nname = 1\n").unwrap();
        let e = run(&InitArgs { from: Some(broken), year: None, ..args(dir.path().join("新.toml")) }, &t).unwrap_err();
        assert!(matches!(e, InitError::From(_)) && e.to_string().starts_with("上年的数据表无法读取，请先修好：\n") && e.to_string().contains("旧.toml"), "{e}");
        // A file where the folder should be: the reason in Chinese, no OS English.
        std::fs::write(dir.path().join("文件"), "").unwrap();
        let e = run(&args(dir.path().join("文件").join("龙潭村.toml")), &t).unwrap_err();
        assert!(matches!(e, InitError::CreateDir { .. }), "{e:?}");
        assert!(e.to_string().starts_with("无法创建文件夹 ") && !e.to_string().contains("os error"), "{e}");
        assert!(!dir.path().join("新.toml").exists() && !dir.path().join("白鹭镇.toml").exists());
    }
}
