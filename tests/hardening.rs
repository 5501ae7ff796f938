//! Hardening found by fuzzing (issue 18), through the real binary: every
//! item ends in one Chinese message or a correct result — never a panic,
//! an abort, a hang, a write through a link, or a half-written set of files.

mod common;
use std::process::{Command, Output};

use common::*;

/// A small valid sheet; `report` and `points` are added to those sections.
fn sheet(area: &str, report: &str, point: &str) -> String {
    format!(
        "[unit]\nname = \"中共{area}支部委员会\"\narea = \"{area}\"\n\n[report]\nyear = 2024\ndate = {{ h1 = 2024-07-05, year = 2024-12-20 }}\n{report}\n[figures]\nmembers = {{ h1 = 30, year = 31 }}\ntheme_days = [6, 6]\n\n[[work]]\ntitle = \"抓实支部建设\"\n[[work.points]]\ntitle = \"规范主题党日\"\ntext = \"每月固定日期开展主题党日。{point}\"\n"
    )
}

/// No panic, no abort, no English from the OS or the parser.
fn assert_clean(o: &Output) {
    let t = text(o);
    assert!(o.status.code().is_some(), "killed by a signal: {t}");
    for bad in ["panicked", "overflow", "os error", "expected", "cannot", "File exists", "RUST_BACKTRACE"] {
        assert!(!t.contains(bad), "“{bad}” in: {t}");
    }
}

#[test]
fn an_absurd_year_is_a_message_not_an_overflow() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", "").replacen("year = 2024", "year = 2147483647", 1));
    let o = run(d.path(), &["render", "a.toml", "-o", "out"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("a.toml:6:8：年份 2147483647 不合理"), "{}", text(&o));
    assert!(!text(&o).contains("成文日期"), "no follow-up errors from the year: {}", text(&o));
    write(d.path(), "b.toml", &sheet("甲村", "", "").replacen("year = 2024", "year = 99999999999999999999", 1));
    let o = run(d.path(), &["check", "b.toml"]);
    assert_clean(&o);
    assert!(text(&o).contains("b.toml:6:8：数字太大"), "{}", text(&o));
    assert!(!text(&o).contains("实际写的是整数"), "{}", text(&o));
}

#[test]
fn deep_braces_fail_their_sheet_and_the_others_still_render() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("县")).unwrap();
    write(d.path(), "县/好村.toml", &sheet("好村", "", ""));
    write(d.path(), "县/坏村.toml", &sheet("坏村", "", &"{a".repeat(8_000)));
    let o = run_limited(d.path(), &["render", "县", "-o", "out", "--format", "txt"], 120);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("坏村.toml:17:") && text(&o).contains("花括号套了"), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["好村2024年上半年党建工作总结.txt", "好村2024年党建工作总结.txt"]);
}

#[test]
fn villages_cannot_recurse_or_leave_the_folder() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        ("self.toml", "villages = [\"self.toml\"]", "就是本表自己"),
        ("up.toml", "villages = [\"../x.toml\"]", "不能写绝对路径或“..”"),
        ("abs.toml", "villages = [\"/dev/zero\"]", "不能写绝对路径或“..”"),
        ("a.toml", "villages = [\"b.toml\"]", "自己也列了下级数据表"),
    ];
    write(d.path(), "b.toml", &sheet("乙村", "villages = [\"a.toml\"]", ""));
    for (name, villages, want) in cases {
        write(d.path(), name, &sheet("甲镇", villages, ""));
        let o = run_limited(d.path(), &["render", name, "-o", "out"], 60);
        assert_clean(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(text(&o).contains(&format!("{name}:8:")) && text(&o).contains(want), "{name}: {}", text(&o));
    }
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "x.toml", &sheet("外村", "", ""));
        std::os::unix::fs::symlink(outside.path().join("x.toml"), d.path().join("link.toml")).unwrap();
        write(d.path(), "l.toml", &sheet("甲镇", "villages = [\"link.toml\"]", ""));
        let o = run_limited(d.path(), &["render", "l.toml", "-o", "out"], 60);
        assert!(text(&o).contains("指向本文件夹以外的文件"), "{}", text(&o));
    }
}

#[test]
fn profile_values_are_checked_with_their_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    for (profile, want) in [
        ("[format]\nlines_per_page = 4000000\n", "profile.toml:2:1：format.lines_per_page"),
        ("[format]\n\nline_pitch = -5.0\n", "profile.toml:3:1：format.line_pitch"),
        ("[format]\nline_pitch = nan\n", "profile.toml:2:1：format.line_pitch"),
    ] {
        write(d.path(), "profile.toml", profile);
        let o = run_limited(d.path(), &["render", "a.toml", "-o", "out", "--format", "pdf"], 60);
        assert_clean(&o);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains(want), "{profile}: {}", text(&o));
        assert!(listing(&d.path().join("out")).is_empty());
    }
}

#[test]
fn long_names_and_long_lines_stay_bounded() {
    let d = tempfile::tempdir().unwrap();
    // The longest area allowed, in CJK (180 bytes): both versions, distinct names within 255 bytes.
    let area = "柳".repeat(59) + "村";
    write(d.path(), "a.toml", &sheet(&area, "", ""));
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "--format", "txt"]);
    assert!(o.status.success(), "{}", text(&o));
    let files = listing(&d.path().join("out"));
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("2024年上半年党建工作总结.txt")) && files.iter().any(|f| f.ends_with("2024年党建工作总结.txt") && !f.contains("上半年")), "{files:?}");
    assert!(files.iter().all(|f| f.len() <= 255));
    // A longer area (and a 16,000-character one) is a limit message, at once.
    write(d.path(), "b.toml", &sheet(&"柳".repeat(16_000), "", ""));
    let o = run_limited(d.path(), &["render", "b.toml", "-o", "out2"], 30);
    assert!(text(&o).contains("b.toml:3:") && text(&o).contains("超过了 60 个字"), "{}", text(&o));
    // 4,000 half-width commas on one line: every finding shows a window, not the line.
    let long = "党建,".repeat(4_000);
    write(d.path(), "c.toml", &sheet("丙村", "", &long));
    let o = run_limited(d.path(), &["check", "c.toml"], 60);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.matches("[halfwidth-punct]").count() >= 4_000, "{}", &out[..out.len().min(2000)]);
    let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 200, "a line of {widest} characters");
}

#[test]
fn one_fix_run_fixes_everything_fixable() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "a.toml", &sheet("甲村", "", "全面加强全面加强全面加强全面加强党的建设,,,,推进工作。"));
    let o = run(d.path(), &["check", "a.toml", "--fix"]);
    assert_clean(&o);
    assert!(text(&o).contains("已修复"), "{}", text(&o));
    let once = std::fs::read_to_string(&p).unwrap();
    let point = once.lines().last().unwrap();
    assert!(point.contains("全面加强党的建设") && !point.contains("全面加强全面加强") && !point.contains(','), "{once}");
    let o = run(d.path(), &["check", "a.toml", "--fix"]);
    assert!(!text(&o).contains("已修复"), "a second run fixed more: {}", text(&o));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), once);
}

#[test]
fn one_fix_run_fixes_a_long_chain_of_quoted_words() {
    // Each quoted word counts as Chinese for the comma after it only once
    // that word is widened: a chain. 300 links were beyond the old bound
    // (8 links a check, 16 rounds) and needed a second run.
    let d = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..300).map(|i| format!("\\\"w{i}\\\"")).collect();
    let p = write(d.path(), "a.toml", &sheet("甲村", "", &format!("参加人员名单：{}。", words.join(", "))));
    let o = run(d.path(), &["check", "a.toml", "--fix"]);
    assert_clean(&o);
    let once = std::fs::read_to_string(&p).unwrap();
    let point = once.lines().last().unwrap();
    assert_eq!(point.matches('“').count(), 300, "{point}");
    assert!(point.contains("名单：“w0”，“w1”，") && point.contains("，“w299”。") && !point.contains("\\\"w") && !point.contains(", "), "{point}");
    let o = run(d.path(), &["check", "a.toml", "--fix"]);
    assert!(!text(&o).contains("已修复") && !text(&o).contains("halfwidth-punct"), "a second run fixed more: {}", text(&o));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), once);
}

#[cfg(unix)]
#[test]
fn fix_writes_through_links_and_keeps_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let real = write(d.path(), "real.toml", &sheet("甲村", "", "推进工作,落实责任。"));
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::create_dir(d.path().join("links")).unwrap();
    std::os::unix::fs::symlink(&real, d.path().join("links/a.toml")).unwrap();
    std::fs::hard_link(&real, d.path().join("hard.toml")).unwrap();
    let o = run(d.path(), &["check", "links/a.toml", "--fix"]);
    assert!(text(&o).contains("已修复"), "{}", text(&o));
    assert!(std::fs::symlink_metadata(d.path().join("links/a.toml")).unwrap().file_type().is_symlink(), "the link stays a link");
    let fixed = std::fs::read_to_string(&real).unwrap();
    assert!(fixed.contains("推进工作，落实责任"), "{fixed}");
    assert_eq!(std::fs::read_to_string(d.path().join("hard.toml")).unwrap(), fixed, "the hard link sees the fix");
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o600);
    assert_eq!(listing(d.path()), ["hard.toml", "links", "real.toml"], "no temp file left");
}

#[cfg(unix)]
#[test]
fn a_link_at_an_output_name_is_replaced_not_written_through() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    let victim = write(d.path(), "victim.txt", "keep me");
    std::fs::create_dir(d.path().join("out")).unwrap();
    std::os::unix::fs::symlink(&victim, d.path().join("out/甲村2024年党建工作总结.txt")).unwrap();
    // A temp file of a killed run (pid above pid_max) is cleaned up.
    write(d.path(), "out/.zongjie-4194304-0123456789abcdef.tmp", "stale");
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "--format", "txt"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let out = d.path().join("out/甲村2024年党建工作总结.txt");
    assert!(std::fs::symlink_metadata(&out).unwrap().is_file());
    assert!(std::fs::read_to_string(&out).unwrap().contains("甲村"));
    assert_eq!(listing(&d.path().join("out")), ["甲村2024年上半年党建工作总结.txt", "甲村2024年党建工作总结.txt"]);
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_not_waited_on() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("县")).unwrap();
    write(d.path(), "县/好村.toml", &sheet("好村", "", ""));
    let fifo = d.path().join("县/管道.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.toml")).unwrap();
    // Given by name, the pipe and the device get a message.
    for name in ["县/管道.toml", "zero.toml"] {
        let o = run_limited(d.path(), &["render", name, "-o", "out"], 30);
        assert_clean(&o);
        assert!(text(&o).contains("不是普通文件"), "{name}: {}", text(&o));
    }
    // In a folder, the pipe is not a sheet; the good sheet renders.
    let o = run_limited(d.path(), &["render", "县", "-o", "out", "--format", "txt"], 30);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")).len(), 2);
    // Listed as a village.
    write(d.path(), "县/镇.toml", &sheet("甲镇", "villages = [\"管道.toml\"]", ""));
    let o = run_limited(d.path(), &["render", "县/镇.toml", "-o", "out"], 30);
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn link_loops_in_a_folder_end() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("县");
    std::fs::create_dir_all(c.join("甲")).unwrap();
    std::fs::create_dir_all(c.join("乙")).unwrap();
    write(&c, "甲/一村.toml", &sheet("一村", "", ""));
    std::os::unix::fs::symlink(&c, c.join("甲/回")).unwrap();
    std::os::unix::fs::symlink(&c, c.join("乙/回")).unwrap();
    std::os::unix::fs::symlink(c.join("甲"), c.join("乙/甲")).unwrap();
    let o = run_limited(d.path(), &["check", "县"], 30);
    assert_clean(&o);
    assert!(text(&o).contains("检查了 1 张数据表"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn a_template_folder_does_not_reach_outside_through_a_link() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    let secret = write(d.path(), "secret.txt", "{{ 1 + 1 }}");
    std::fs::create_dir_all(d.path().join("tpl/dangjian")).unwrap();
    std::os::unix::fs::symlink(&secret, d.path().join("tpl/dangjian/extra.tera")).unwrap();
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "--templates", "tpl"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("以外的链接"), "{}", text(&o));
}

#[test]
fn control_characters_never_reach_a_report_or_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", "\\u001b[2J\\u0007"));
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "--format", "txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("a.toml:17:") && text(&o).contains("控制字符（U+001B）"), "{}", text(&o));
    assert!(!o.stdout.iter().chain(&o.stderr).any(|&b| b == 0x1b || b == 0x07), "{}", text(&o));
    assert!(listing(&d.path().join("out")).is_empty());
}

#[test]
fn io_errors_are_in_chinese() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    write(d.path(), "out", "a file where the output folder should be");
    let o = run(d.path(), &["render", "a.toml", "-o", "out"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("同名文件已存在") || text(&o).contains("不是文件夹"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn a_sheet_gets_all_its_files_or_none() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    // An 8 KB file-size limit (as on a full disk): the PDF cannot be written.
    let bin = bin();
    let script = format!("trap '' XFSZ; ulimit -f 8; exec '{}' render a.toml -o out --format all", bin.display());
    let o = Command::new("sh").arg("-c").arg(&script).current_dir(d.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("文件太大"), "{}", text(&o));
    let left: Vec<String> = std::fs::read_dir(d.path().join("out")).map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "nothing of the sheet, no temp file: {left:?}");
    // Killed by the signal instead: the temp files left behind go on the next run.
    let script = format!("ulimit -f 8; exec '{}' render a.toml -o out --format all", bin.display());
    let o = Command::new("sh").arg("-c").arg(&script).current_dir(d.path()).output().unwrap();
    assert!(o.status.code().is_none() || o.status.code() != Some(0));
    assert!(listing(&d.path().join("out")).iter().all(|f| f.starts_with(".zongjie-")), "{:?}", listing(&d.path().join("out")));
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "--format", "all"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")).len(), 6, "{:?}", listing(&d.path().join("out")));
}

#[cfg(unix)]
#[test]
fn a_font_that_is_a_device_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    let o = run_limited(d.path(), &["render", "a.toml", "-o", "out", "--format", "pdf", "--font", "body=/dev/zero"], 30);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn a_pipe_at_an_output_name_is_refused_and_a_link_to_a_device_replaced() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &sheet("甲村", "", ""));
    std::fs::create_dir(d.path().join("out")).unwrap();
    // A pipe is neither read nor replaced (issue 23): the sheet is refused with one message.
    let fifo = d.path().join("out/甲村2024年党建工作总结.docx");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let o = run_limited(d.path(), &["render", "a.toml", "-o", "out", "--format", "docx", "--force"], 60);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::symlink_metadata(&fifo).unwrap().file_type()));
    std::fs::remove_file(&fifo).unwrap();
    // A link to a device is replaced by the file, the device untouched.
    std::os::unix::fs::symlink("/dev/zero", d.path().join("out/甲村2024年上半年党建工作总结.docx")).unwrap();
    let o = run_limited(d.path(), &["render", "a.toml", "-o", "out", "--format", "docx"], 60);
    assert!(o.status.success(), "{}", text(&o));
    for f in listing(&d.path().join("out")) {
        assert!(std::fs::symlink_metadata(d.path().join("out").join(&f)).unwrap().is_file(), "{f}");
    }
}
