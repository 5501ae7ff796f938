//! Everything clap shows a user, through the real binary: `zongjie --help`,
//! every command's `--help`, the bare command and wrong arguments are
//! Chinese, headings end with the full-width colon, option descriptions
//! line up (Chinese value names measured by display width), and no
//! "Usage", "error:" or "[OPTIONS]" gets through.

mod common;
use common::*;

const COMMANDS: &[&str] = &["init", "render", "check", "import", "rollup", "figures", "fonts", "serve"];

/// clap's English that must never be shown.
const ENGLISH: &[&str] = &["Usage", "usage:", "error:", "tip:", "[OPTIONS]", "Options", "Commands", "Arguments", "Print help", "Print version", "[default", "[possible", "For more information", "unexpected", "found", "invalid", "argument"];

fn no_english(s: &str) {
    for w in ENGLISH {
        assert!(!s.contains(w), "English “{w}” in:\n{s}");
    }
}

/// Terminal columns of a text (CJK and full-width forms take two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if ('\u{2E80}'..='\u{FFEF}').contains(&c) { 2 } else { 1 }).sum()
}

/// Checks one help text: headings, language, and that the descriptions of
/// each block start in one column.
fn check_help(name: &str, help: &str) {
    assert!(help.contains("用法："), "{name}: {help}");
    no_english(help);
    let headings: Vec<&str> = help.lines().filter(|l| !l.starts_with(' ') && (l.ends_with(':') || l.ends_with('：'))).collect();
    assert!(headings.contains(&"选项："), "{name}: {headings:?}");
    for h in &headings {
        assert!(h.ends_with('：'), "{name}: heading “{h}” ends with an ASCII colon");
    }
    for block in help.split("\n\n") {
        let cols: Vec<usize> = block
            .lines()
            .filter(|l| l.starts_with("  ") && !l.trim_start().starts_with("zongjie"))
            .filter_map(|l| {
                let spec_end = l.trim_start().find("  ")? + (l.len() - l.trim_start().len());
                let desc = spec_end + l[spec_end..].len() - l[spec_end..].trim_start().len();
                Some(width(&l[..desc]))
            })
            .collect();
        assert!(cols.windows(2).all(|w| w[0] == w[1]), "{name}: descriptions do not line up {cols:?} in:\n{block}");
    }
}

#[test]
fn every_help_is_chinese_with_full_width_headings_and_aligned_columns() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["--help"]);
    assert!(o.status.success());
    let top = String::from_utf8_lossy(&o.stdout).into_owned();
    check_help("zongjie --help", &top);
    assert!(top.contains("命令："), "{top}");
    for c in COMMANDS {
        assert!(top.contains(&format!("  {c} ")), "{c} listed: {top}");
        for flag in ["--help", "-h"] {
            let o = run(d.path(), &[c, flag]);
            assert!(o.status.success(), "{c} {flag}");
            check_help(&format!("{c} {flag}"), &String::from_utf8_lossy(&o.stdout));
        }
    }
    // The bare command shows the help (on stderr) and fails.
    let o = run(d.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    check_help("zongjie", &text(&o));
}

#[test]
fn wrong_arguments_get_one_chinese_line() {
    let d = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--bogus"], "不认识的参数“--bogus”"),
        (&["rendr"], "是否想写 render？"),
        (&["help"], "zongjie --help"),
        (&["render"], "缺少必需的参数 <数据表>..."),
        (&["render", "a.toml", "--period"], "--period <版本> 后面缺少取值"),
        (&["render", "a.toml", "-q", "-q"], "参数 --quiet 写了两次"),
        (&["render", "a.toml", "-p", "h1", "-p", "year"], "参数 --period <版本> 写了两次"),
        (&["render", "a.toml", "--draft=yes"], "参数 --draft 后面不该有取值“yes”"),
        (&["serve", "--port", "abc"], "参数 --port <端口> 的取值“abc”无效"),
        (&["init", "a.toml", "b.toml"], "不认识的参数“b.toml”"),
        (&["figures", "x"], "不认识的参数“x”"),
    ];
    for (args, says) in cases {
        let o = run(d.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("错误：") && err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
        assert_eq!(err.matches("zongjie --help").count(), 1, "{args:?}: {err}");
        no_english(&err);
    }
}
