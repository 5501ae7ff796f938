//! The mistakes a township clerk really makes in a sheet (issue 13): each
//! gets exit 2, one Chinese message naming file:line:column and the fix for
//! that mistake, no parser or clap English, no cascade of follow-up errors.

mod common;
use common::*;

/// English the TOML parser, serde or clap would print.
const ENGLISH: &[&str] = &["expected", "invalid", "unquoted", "extra comma", "duplicate", "string values", "key with no value", "error:", "tip:", "Usage", "[OPTIONS]", "found", "For more information", "TOML 格式错误", "删去重复的一行", "另有"];

fn no_english(out: &str) {
    for e in ENGLISH {
        assert!(!out.contains(e), "{e:?} in:\n{out}");
    }
}

/// The example sheet with one substitution, rendered: (exit code, output,
/// the changed sheet's text, files written).
fn broken(from: &str, to: &str) -> (Option<i32>, String, String, Vec<String>) {
    let d = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap();
    assert!(src.contains(from), "fixture lost {from}");
    let sheet = src.replacen(from, to, 1);
    write(d.path(), "坏表.toml", &sheet);
    let o = run(d.path(), &["render", "坏表.toml", "-o", "out"]);
    (o.status.code(), text(&o), sheet, listing(&d.path().join("out")))
}

/// Line and column (characters) of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in sheet"));
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

/// Asserts one error at `needle` (plus `shift` characters) whose message or hint says `says`.
fn one_error(from: &str, to: &str, needle: &str, shift: usize, says: &str) {
    let (code, out, sheet, files) = broken(from, to);
    assert_eq!(code, Some(2), "{out}");
    let (line, col) = place(&sheet, needle);
    assert!(out.contains(&format!("坏表.toml:{line}:{}：", col + shift)), "want {line}:{} for {to:?}:\n{out}", col + shift);
    assert!(out.contains(says), "want {says:?} for {to:?}:\n{out}");
    assert_eq!(out.matches("提示：").count(), 1, "one mistake, one error:\n{out}");
    no_english(&out);
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn full_width_equals_and_colons() {
    one_error("year = 2024", "year ＝ 2024", "＝ 2024", 0, "改成英文半角等号 =");
    one_error("year = 2024", "year：2024", "：2024", 0, "用英文半角等号 =，如 year = 2025");
}

#[test]
fn chinese_quotes() {
    one_error("area = \"青石镇\"", "area = “青石镇”", "“青石镇”", 0, "要用英文双引号");
    one_error("area = \"青石镇\"", "area = \"青石镇”", "\"青石镇”", 0, "结尾引号写成了中文引号");
}

#[test]
fn numbers_as_typed_in_excel() {
    one_error("h1 = 1186", "h1 = 1,186", "1,186", 0, "数字不加逗号，写成 1186");
    one_error("branches = 36", "branches = ２１", "２１", 0, "改成半角数字 21");
    one_error("branches = 36", "branches = 21个", "21个", 0, "只写数字 21");
    one_error("branches = 36", "branches = \"36\"", "\"36\"", 0, "数字不加引号，写成 36");
    one_error("year = 2024", "year = \"2024\"", "\"2024\"", 0, "数字不加引号，写成 2024");
}

#[test]
fn dates_as_typed_in_word() {
    one_error("h1 = 2024-07-08", "h1 = 2024年7月8日", "2024年7月8日", 0, "日期写成 2024-07-08");
    one_error("date = 2024-05-20", "date = 2024/5/20", "2024/5/20", 0, "日期写成 2024-05-20");
    one_error("h1 = 2024-07-08", "h1 = \"2024-07-08\"", "\"2024-07-08\"", 0, "日期不加引号，写成 2024-07-08");
}

#[test]
fn enter_inside_quotes_points_at_where_the_text_started() {
    one_error("approach = \"抓党建促乡村振兴\"", "approach = \"抓党建促乡村\n振兴\"", "\"抓党建", 0, "改用三个双引号");
}

#[test]
fn section_header_typos_name_the_right_header() {
    one_error("[[work]]", "[[works]]", "[[works]]", 0, "应为 [[work]]");
    one_error("[[work]]", "[work]", "[work]", 0, "应写成 [[work]]");
    one_error("[[work.points]]", "[[work.point]]", "[[work.point]]", 0, "统一写 [[work.points]]");
    one_error("[[problems]]", "[[problem]]", "[[problem]]", 0, "统一写 [[problems]]");
}

#[test]
fn a_bad_figure_value_is_one_error_not_one_per_use() {
    // seminars is in an auto list; theory_study is cited nowhere but auto either.
    one_error("seminars = [2, 1]", "seminars = [2, \"一\"]", "seminars = ", 11, "写成了文字“一”");
    one_error("first_topic = [14, 15]", "first_topic = [14, 15次]", "15次", 0, "只写数字 15");
    // A misspelt name suggests the right one; the auto list using it is not blamed too.
    one_error("seminars = [2, 1]", "\"专题研究\" = [2, 1]", "专题研究", 0, "是否想写“seminars”（专题研讨）");
    one_error("seminars = [2, 1]", "seminar = [2, 1]", "seminar =", 0, "是否想写“seminars”");
    one_error("seminars = [2, 1]", "专题研讨 = [2, 1]", "专题研讨", 0, "\"专题研讨\" = …");
}

#[test]
fn command_line_mistakes_are_chinese() {
    let d = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["render", "--bogus", "a.toml"][..], "不认识的参数“--bogus”"),
        (&["rendr", "a.toml"][..], "没有“rendr”这个命令，是否想写 render？"),
        (&["render", "a.toml", "--perio", "h1"][..], "是否想写 --period？"),
        (&["render"][..], "缺少必需的参数"),
        (&["render", "a.toml", "--period"][..], "后面缺少取值"),
    ] {
        let o = run(d.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let out = text(&o);
        assert!(out.starts_with("错误：") && out.contains(says), "{args:?}: {out}");
        no_english(&out);
    }
}

#[test]
fn a_name_without_its_extension_suggests_the_file() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("data/青石镇.toml"), d.path().join("白鹭镇.toml")).unwrap();
    for args in [&["render", "白鹭镇", "-o", "out"][..], &["check", "白鹭镇"][..]] {
        let o = run(d.path(), args);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("是否想写 白鹭镇.toml？"), "{}", text(&o));
    }
    assert!(listing(&d.path().join("out")).is_empty());
}

#[test]
fn things_written_twice_name_the_first_place() {
    let src = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap();
    let (first, _) = place(&src, "theory_study = [6, 6]");
    one_error("theory_study = [6, 6]", "theory_study = [6, 6]\ntheory_study = [6, 7]", "theory_study = [6, 7]", 0, &format!("第 {first} 行已经写过“theory_study”"));
    let (first, _) = place(&src, "[report]");
    one_error("layout = \"classic\"", "layout = \"classic\"\n[report]", "[report]\n\n[figures]", 1, &format!("第 {first} 行已有 [report]"));
}

#[test]
fn a_misspelt_field_suggests_the_right_one() {
    one_error("year = 2024", "yaer = 2024", "yaer", 0, "是否想写“year”？");
}

#[test]
fn a_figure_cited_twice_but_never_given_is_one_error() {
    let (code, out, sheet, _) = broken("{first_topic}次", "{party_committee_meetings}次，其中{party_committee_meetings}次");
    assert_eq!(code, Some(2));
    let (line, col) = place(&sheet, "{party_committee_meetings}");
    assert!(out.contains(&format!("坏表.toml:{line}:{col}：未定义的指标“{{party_committee_meetings}}”")), "{out}");
    assert!(out.contains("（文中共 2 处用到它）"), "{out}");
    assert_eq!(out.matches("提示：").count(), 1, "{out}");
    no_english(&out);
    // A wrong year is not also blamed on every date.
    one_error("year = 2024", "year = 20245", "20245", 0, "写四位年份");
}
