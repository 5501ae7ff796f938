//! A broken template in a user's `--templates` folder, through the real
//! binary: one Chinese message naming the user's file, the line Tera
//! reports and what to change — never Tera's English — and no files. A
//! broken TOML file of the templates folder is explained like a sheet.

mod common;
use std::path::Path;

use common::*;

/// Words of Tera's English reports that must never reach the user.
const ENGLISH: &[&str] = &["error", "Error", "-->", "Unknown", "expected", "Found", "Variable", "not defined", "Available", "filter `", "Tera", "Unexpected"];

/// A templates folder whose `dangjian/opening.tera` is `text`, and the example sheet.
fn setup(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir.join("模板/dangjian")).unwrap();
    write(dir, "模板/dangjian/opening.tera", text);
    example(dir);
}

/// Renders the example sheet with the templates; returns stderr after
/// checking exit code 2, that nothing was written and that the message is
/// said once, in Chinese.
fn refused(dir: &Path, sheets: &[&str]) -> String {
    let mut args = vec!["render"];
    args.extend(sheets);
    args.extend(["--templates", "模板", "-o", "out", "-p", "year"]);
    let o = run(dir, &args);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(listing(&dir.join("out")).is_empty(), "no report from a broken template");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(err.matches("模板有误").count(), 1, "one message: {err}");
    assert_eq!(err.matches("提示：").count(), 1, "one hint: {err}");
    for w in ENGLISH {
        assert!(!err.contains(w), "English “{w}” in: {err}");
    }
    err
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "{{ year }}年以来，\n{{ short }}认真落实党建工作责任{% if approach %}，围绕“{{ approach }}”。\n现将情况总结如下。\n");
    let err = refused(d.path(), &["青石镇.toml"]);
    // Tera meets the end of the text; the message points at the open block.
    assert!(err.contains("模板/dangjian/opening.tera:2:22：模板有误：{% if %} 没有对应的 {% endif %}"), "{err}");
    assert!(err.contains("提示：在这一段结束的地方加上 {% endif %}"), "{err}");
}

#[test]
fn a_broken_tag_is_pointed_at() {
    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "今年以来，\n{{ short }认真落实党建工作责任。");
    let err = refused(d.path(), &["青石镇.toml"]);
    assert!(err.contains("模板/dangjian/opening.tera:2:") && err.contains("{{ short }认真落实") && err.contains("{{ 与 }}"), "{err}");
}

#[test]
fn an_unknown_variable_is_located_with_the_name_it_was_meant_to_be() {
    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "今年以来，\n{{ shortt }}认真落实党建工作责任。现将情况总结如下。");
    let err = refused(d.path(), &["青石镇.toml"]);
    assert!(err.contains("模板/dangjian/opening.tera:2:4：模板有误：用到了不存在的变量“shortt”"), "{err}");
    assert!(err.contains("{{ shortt }}认真落实") && err.contains("是否想写“short”？"), "{err}");
}

#[test]
fn an_unknown_filter_is_refused_before_any_sheet() {
    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "今年以来，{{ short | uper }}认真落实党建工作责任。");
    let err = refused(d.path(), &["青石镇.toml"]);
    assert!(err.contains("模板/dangjian/opening.tera:1:") && err.contains("没有“uper”这个过滤器") && err.contains("是否想写“upper”？"), "{err}");
}

#[test]
fn sheets_failing_on_the_same_template_share_one_message() {
    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "{{ shortt }}认真落实党建工作责任。");
    for name in ["甲镇", "乙镇"] {
        let text = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap().replace("青石镇", name);
        write(d.path(), &format!("{name}.toml"), &text);
    }
    let err = refused(d.path(), &["青石镇.toml", "甲镇.toml", "乙镇.toml"]);
    assert!(err.contains("有 3 张数据表未能生成"), "{err}");
    let line = err.lines().find(|l| l.contains("模板有误")).unwrap();
    for name in ["青石镇.toml", "甲镇.toml", "乙镇.toml"] {
        assert!(line.contains(name), "{name} named with the shared message: {err}");
    }
}

#[test]
fn a_broken_toml_file_among_the_templates_is_explained_like_a_sheet() {
    let cases = [
        ("dangjian/figures.toml", "[figures.seminars]\nlable = \"专题研讨\"\n", "模板/dangjian/figures.toml:2:1：未知字段“lable”", "是否想写“label”？"),
        ("dangjian/figures.toml", "[figures.seminars\nlabel = \"专题研讨\"\n", "模板/dangjian/figures.toml:1:1：", "改成 [figures.seminars]"),
        ("dangjian/calendar.toml", "congress = 1\n", "模板/dangjian/calendar.toml:1:1：未知字段“congress”", "sessions"),
        ("dangjian/writing.toml", "[blocks\n", "模板/dangjian/writing.toml:1:", "[blocks]"),
    ];
    for (name, body, at, hint) in cases {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("模板/dangjian")).unwrap();
        write(d.path(), &format!("模板/{name}"), body);
        example(d.path());
        let o = run(d.path(), &["render", "青石镇.toml", "--templates", "模板", "-o", "out"]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(listing(&d.path().join("out")).is_empty());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(at) && err.contains(hint), "{name}: {err}");
        assert_eq!(err.matches("提示：").count(), 1, "{name}: {err}");
        for w in ["TOML parse error", "unknown field", "expected", "unclosed", "invalid"] {
            assert!(!err.contains(w), "{name}: English “{w}” in: {err}");
        }
    }
}
