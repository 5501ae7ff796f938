use super::*;
use crate::compose::Templates;

const SHEET: &str = "# top comment\n[unit]\nname = \"中共青石镇委员会\" # the unit\narea = '青石镇'\n\n[report]\nyear = 2024\n\n[figures]\ntheory_study = [6,  6] # halves\nmembers = { h1 = 1186, year = 1193 }\nbranches = 36\n\n[[work]]\ntitle = \"一\"\n\n[[work.points]]\ntext = \"甲\"\n\n[[work.points]]\ntext = \"乙\" # second\n";

fn run(fields: &[(&str, &str)]) -> Result<String, Vec<FieldError>> {
    let t = Templates::builtin().unwrap();
    let f = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    apply(SHEET, &f, &t.catalogue, &BTreeMap::new())
}

#[test]
fn unchanged_fields_leave_the_text_byte_for_byte() {
    let same = run(&[("unit.area", "青石镇"), ("figures.theory_study.h1", "6"), ("figures.theory_study.h2", "6"), ("figures.members.year", "1193"), ("figures.branches", "36"), ("work.0.points.1.text", "乙"), ("report.year", "2024")]).unwrap();
    assert_eq!(same, SHEET);
}

#[test]
fn edits_keep_comments_and_order() {
    let out = run(&[("figures.theory_study.h2", "8"), ("figures.members.year", "1200"), ("work.0.points.1.text", "丙"), ("unit.area", "白鹭镇")]).unwrap();
    assert!(out.contains("theory_study = [6,  8] # halves\n"), "{out}");
    assert!(out.contains("members = { h1 = 1186, year = 1200 }\n"), "{out}");
    assert!(out.contains("text = \"丙\" # second\n"), "{out}");
    assert!(out.contains("name = \"中共青石镇委员会\" # the unit\n") && out.starts_with("# top comment\n"), "{out}");
    assert!(out.contains("area = \"白鹭镇\"\n"), "{out}");
    let back = run(&[]).unwrap();
    assert_eq!(back.lines().count(), out.lines().count());
}

#[test]
fn shapes_change_only_when_they_must() {
    let out = run(&[("figures.theory_study.last_year", "10")]).unwrap();
    assert!(out.contains("theory_study = { h1 = 6, h2 = 6, last_year = 10 } # halves\n"), "{out}");
    let out = run(&[("figures.new_members.h1", "3"), ("figures.new_members.h2", "4")]).unwrap();
    assert!(out.contains("new_members = [3, 4]"), "{out}");
    let out = run(&[("figures.branches", "")]).unwrap();
    assert!(!out.contains("branches"), "{out}");
    let out = run(&[("figures.dues.h1", "１８．６")]).unwrap();
    assert!(out.contains("dues = { h1 = 18.6 }"), "{out}");
}

#[test]
fn bad_values_are_refused_at_their_field() {
    let e = run(&[("figures.theory_study.h1", "6次"), ("figures.members.year", "12.5"), ("report.year", "")]).unwrap_err();
    let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["figures.members.year", "figures.theory_study.h1", "report.year"]);
    assert!(e[1].message.contains("不是数字"), "{e:?}");
    assert!(e[0].message.contains("整数"), "{e:?}");
    let e = run(&[("unit.secret", "x"), ("work.9.title", "x")]).unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn versions_follow_the_text() {
    assert_eq!(version(SHEET), version(SHEET));
    assert_ne!(version(SHEET), version(&SHEET.replace('6', "7")));
}

#[test]
fn list_items_are_added_removed_and_moved() {
    let sheet = "[[problems]]\ntitle = \"甲\" # a\ntext = \"一\"\n\n# about b\n[[problems]]\ntitle = \"乙\"\ntext = \"二\"\n\n[[plans]]\ntext = \"计划\"\n";
    let moved = list_op(sheet, "problems", "down", 0).unwrap();
    assert_eq!(moved, "[[problems]]\ntitle = \"乙\"\ntext = \"二\"\n\n# about b\n[[problems]]\ntitle = \"甲\" # a\ntext = \"一\"\n\n[[plans]]\ntext = \"计划\"\n");
    assert_eq!(list_op(&moved, "problems", "up", 1).unwrap(), sheet);
    let added = list_op(sheet, "problems", "add", 0).unwrap();
    assert!(added.contains("text = \"二\"\n\n[[problems]]\ntitle = \"xx\"\ntext = \"xx\"\n\n[[plans]]"), "{added}");
    let removed = list_op(sheet, "problems", "remove", 0).unwrap();
    assert!(!removed.contains("甲") && removed.contains("乙"), "{removed}");
    assert!(list_op(sheet, "problems", "up", 0).is_err());
    assert!(list_op(sheet, "problems", "remove", 5).is_err());
    assert!(list_op(sheet, "unit", "add", 0).is_err());
    assert!(list_op(sheet, "work", "down", 0).is_err());
}

const REPORT: &str = "[unit]\nname = \"中共青石镇委员会\"\narea = \"青石镇\"\n\n[report]\nyear = 2024\ndate = { h1 = 2024-07-08, year = 2024-12-26 } # 成文日期\n# spirit = [\"…\"]\nspirit = [\"党的二十大精神\"]\napproach = \"主线\"\n\n[[work]]\ntitle = \"一\"\n\n[[work.points]]\ntext = \"甲\"\nwhen = \"下半年\"\n\n[[plans]]\ntext = \"计划\"\nnext = \"明年\" # alias\n";

fn run_on(text: &str, fields: &[(&str, &str)]) -> Result<String, Vec<FieldError>> {
    let t = Templates::builtin().unwrap();
    let f = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    apply(text, &f, &t.catalogue, &BTreeMap::new())
}

#[test]
fn dates_choices_and_lists_are_fields() {
    let doc = parse(REPORT).unwrap();
    // What the form shows: aliases as the value the page writes.
    assert_eq!(values::value_at(&doc, "report.date.h1"), "2024-07-08");
    assert_eq!(values::value_at(&doc, "work.0.points.0.when"), "h2");
    assert_eq!(values::value_at(&doc, "plans.0.next"), "year");
    assert_eq!(values::value_at(&doc, "report.spirit"), "党的二十大精神");
    // The same values (aliases included) leave every byte alone.
    let same = run_on(REPORT, &[("report.date.h1", "2024-07-08"), ("report.date.year", "2024年12月26日"), ("work.0.points.0.when", "h2"), ("plans.0.next", "year"), ("report.spirit", "党的二十大精神\n"), ("report.opening", ""), ("work.0.split", "")]).unwrap();
    assert_eq!(same, REPORT);
    let out = run_on(REPORT, &[("report.date.h1", "２０２４/7/10"), ("report.spirit", "党的二十大精神\n二十届三中全会精神"), ("plans.0.next", "h2"), ("work.0.points.0.when", ""), ("work.0.points.0.date", "2024-9-1"), ("report.closing", "结尾"), ("work.0.split", "true")]).unwrap();
    assert!(out.contains("date = { h1 = 2024-07-10, year = 2024-12-26 } # 成文日期\n"), "{out}");
    assert!(out.contains("# spirit = [\"…\"]\nspirit = [\"党的二十大精神\", \"二十届三中全会精神\"]\n"), "{out}");
    assert!(out.contains("next = \"h2\" # alias\n") && !out.contains("when") && out.contains("date = 2024-09-01"), "{out}");
    assert!(out.contains("closing = \"结尾\"") && out.contains("split = true"), "{out}");
    assert!(crate::data::DataSheet::from_text(crate::data::source::SourceFile::new(std::path::Path::new("t.toml"), out.clone()), &Templates::builtin().unwrap().catalogue).is_ok(), "{out}");
    // Emptied: the keys go, no `date = {}` is left.
    let out = run_on(REPORT, &[("report.date.h1", ""), ("report.date.year", ""), ("report.spirit", "")]).unwrap();
    assert!(!out.contains("date") && !out.contains("\nspirit = ") && out.contains("# spirit = [\"…\"]\napproach"), "{out}");
    // The last key of a table: its comment stays at the end of the table.
    let sheet = "[report]\nyear = 2024\n# 结尾自己写\nclosing = \"x\"\n\n[[work]]\ntitle = \"一\"\n# 末尾\ntext = \"甲\"\n";
    let out = run_on(sheet, &[("report.closing", ""), ("work.0.text", "")]).unwrap();
    assert_eq!(out, "[report]\nyear = 2024\n# 结尾自己写\n\n[[work]]\ntitle = \"一\"\n# 末尾\n");
    // A date where none was.
    let out = run_on(SHEET, &[("report.date.year", "2024-12-28")]).unwrap();
    assert!(out.contains("year = 2024\ndate = { year = 2024-12-28 }\n"), "{out}");
    // The date import leaves to fill (待填写) is filled in the editor, its comment kept.
    let undated = REPORT.replace("date = { h1 = 2024-07-08, year = 2024-12-26 }", "date = { year = \"待填写\" }");
    assert_eq!(values::value_at(&parse(&undated).unwrap(), "report.date.year"), "待填写");
    let out = run_on(&undated, &[("report.date.year", "2024-12-26")]).unwrap();
    assert!(out.contains("date = { year = 2024-12-26 } # 成文日期\n"), "{out}");
    // Refused at the field.
    let e = run_on(REPORT, &[("report.date.h1", "2024-02-30"), ("plans.0.next", "后年"), ("work.0.points.0.date", "七月")]).unwrap_err();
    let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["plans.0.next", "report.date.h1", "work.0.points.0.date"]);
    assert!(e[1].message.contains("不是有效日期"), "{e:?}");
}

#[test]
fn custom_figures_are_added_labelled_and_removed() {
    let cat = Templates::builtin().unwrap().catalogue;
    let new = lists::NewCustom { key: String::new(), label: "入户走访".into(), unit: "户".into(), kind: "flow".into() };
    let added = custom_op(SHEET, "add", &new, &cat).unwrap();
    assert!(added.starts_with(SHEET.split("\n[[work]]").next().unwrap()), "{added}");
    assert!(added.contains("branches = 36\n\n[figures.custom.入户走访]\nlabel = \"入户走访\"\nunit = \"户\"\nkind = \"flow\"\n\n[[work]]") || added.contains("[figures.custom.\"入户走访\"]"), "{added}");
    let ds = crate::data::DataSheet::from_text(crate::data::source::SourceFile::new(std::path::Path::new("t.toml"), added.clone()), &cat).unwrap();
    assert!(ds.figures.iter().any(|f| f.key == "入户走访" && f.kind == Kind::Flow));
    let f = |k: &str, v: &str| (k.to_string(), v.to_string());
    let filled = apply(&added, &[f("figures.custom.入户走访.h1", "10"), f("figures.custom.入户走访.h2", "12"), f("figures.custom.入户走访.unit", "")].into_iter().collect(), &cat, &BTreeMap::new()).unwrap();
    assert!(filled.contains("unit = \"\"\nkind = \"flow\"\nvalue = [10, 12]\n"), "{filled}");
    assert_eq!(custom_op(&added, "remove", &lists::NewCustom { key: "入户走访".into(), ..Default::default() }, &cat).unwrap(), SHEET);
    assert!(custom_op(SHEET, "add", &lists::NewCustom { label: "党员总数".into(), ..Default::default() }, &cat).is_err());
    assert!(custom_op(&added, "add", &new, &cat).is_err(), "twice");
}

#[test]
fn work_blocks_move_whole_and_back() {
    let sheet = "[report]\nyear = 2024\n\n# 主要工作\n[[work]]\ntitle = \"甲\"\n\n[[work.points]]\ntext = \"甲1\" # one\n\n[[work.points]]\ntext = \"甲2\"\n\n[[work]]\ntitle = \"乙\"\n\n# about 乙1\n[[work.points]]\ntext = \"乙1\"\n\n[[problems]]\ntext = \"问题\"\n\n[[work]]\ntitle = \"丙\"\n";
    let moved = list_op(sheet, "work", "down", 0).unwrap();
    assert_eq!(moved, "[report]\nyear = 2024\n\n# 主要工作\n[[work]]\ntitle = \"乙\"\n\n# about 乙1\n[[work.points]]\ntext = \"乙1\"\n\n[[work]]\ntitle = \"甲\"\n\n[[work.points]]\ntext = \"甲1\" # one\n\n[[work.points]]\ntext = \"甲2\"\n\n[[problems]]\ntext = \"问题\"\n\n[[work]]\ntitle = \"丙\"\n");
    assert_eq!(list_op(&moved, "work", "up", 1).unwrap(), sheet, "byte for byte back");
    // Across a table in between: each block stays whole and parses as it should.
    let last = list_op(sheet, "work", "down", 1).unwrap();
    let doc = parse(&last).unwrap();
    let titles: Vec<String> = (0..3).map(|i| values::value_at(&doc, &format!("work.{i}.title"))).collect();
    assert_eq!(titles, ["甲", "丙", "乙"], "{last}");
    assert_eq!(values::value_at(&doc, "work.2.points.0.text"), "乙1", "{last}");
    assert_eq!(list_op(&last, "work", "up", 2).unwrap(), sheet);
    assert!(list_op(sheet, "work", "down", 2).is_err());
}

#[test]
fn ticked_sets_keep_the_written_order() {
    let sheet = "[report]\nyear = 2024\nomit = [\"seminars\",  \"branches\"] # kept out\n\n[[work]]\ntitle = \"一\"\nauto = [\"members\", \"theory_study\"]\n";
    // The page sends the ticked boxes in catalogue order: the same set is no change.
    let same = run_on(sheet, &[("report.omit", "branches\nseminars"), ("work.0.auto", "theory_study\nmembers"), ("work.0.block", "")]).unwrap();
    assert_eq!(same, sheet);
    let out = run_on(sheet, &[("report.omit", "branches\nseminars\ndues"), ("work.0.auto", "theory_study"), ("work.0.block", "politics")]).unwrap();
    assert!(out.contains("omit = [\"seminars\",  \"branches\", \"dues\"] # kept out\n"), "{out}");
    assert!(out.contains("auto = [\"theory_study\"]\nblock = \"politics\"\n"), "{out}");
}

/// The figure `key` as the real loader reads `text`: (this year, last year, last year's first half).
fn loaded(text: &str, key: &str) -> (Option<f64>, Option<f64>, Option<f64>) {
    let cat = Templates::builtin().unwrap().catalogue;
    let ds = crate::data::DataSheet::from_text(crate::data::source::SourceFile::new(std::path::Path::new("t.toml"), text.to_string()), &cat).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let f = ds.figures.get(key).unwrap_or_else(|| panic!("no {key} in\n{text}"));
    use crate::data::Period;
    (f.value(Period::Year), f.last(Period::Year), f.last(Period::H1))
}

const HEAD: &str = "[unit]\nname = \"中共青石镇委员会\"\narea = \"青石镇\"\n\n[report]\nyear = 2024\n\n";

#[test]
fn last_year_beside_value_is_shown_and_edited_where_it_is_written() {
    let f = |k: &str, v: &str| (k.to_string(), v.to_string());
    let cases = [
        // [figures.custom.x] with last_year beside value.
        (
            "[figures.custom.household_visits]\n# 入户走访\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20] # halves\nlast_year = 25 # 2023 年报\n",
            "[figures.custom.household_visits]\n# 入户走访\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20] # halves\nlast_year = 27 # 2023 年报\nlast_year_h1 = 9\n",
        ),
        // An inline table.
        (
            "[figures.custom]\nhousehold_visits = { label = \"走访\", unit = \"户\", value = [10, 20], last_year = 25 } # 走访\n",
            "[figures.custom]\nhousehold_visits = { label = \"走访\", unit = \"户\", value = [10, 20], last_year = 27, last_year_h1 = 9 } # 走访\n",
        ),
        // The Chinese key and a table of last year's values.
        (
            "[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20]\n\"上年\" = { year = 25 } # 上年\n",
            "[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20]\n\"上年\" = { year = 27, h1 = 9 } # 上年\n",
        ),
        // Written inside `value`.
        (
            "[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = { h1 = 10, h2 = 20, last_year = 25 }\n",
            "[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = { h1 = 10, h2 = 20, last_year = 27, last_year_h1 = 9 }\n",
        ),
    ];
    for (before, after) in cases {
        let before = format!("{HEAD}{before}");
        let doc = parse(&before).unwrap();
        let item = doc["figures"]["custom"]["household_visits"].clone();
        let parts = read_parts(&item);
        assert_eq!(parts.get("last_year").map(String::as_str), Some("25"), "the form shows last year: {before}");
        assert_eq!(parts.get("h2").map(String::as_str), Some("20"), "{before}");
        // The whole form sent back unchanged: not a byte moves.
        let same = [f("figures.custom.household_visits.h1", "10"), f("figures.custom.household_visits.h2", "20"), f("figures.custom.household_visits.last_year", "25"), f("figures.custom.household_visits.last_year_h1", "")];
        assert_eq!(apply(&before, &same.into_iter().collect(), &Templates::builtin().unwrap().catalogue, &BTreeMap::new()).unwrap(), before);
        let edit = [f("figures.custom.household_visits.h1", "10"), f("figures.custom.household_visits.h2", "20"), f("figures.custom.household_visits.last_year", "27"), f("figures.custom.household_visits.last_year_h1", "9")];
        let out = apply(&before, &edit.into_iter().collect(), &Templates::builtin().unwrap().catalogue, &BTreeMap::new()).unwrap();
        assert_eq!(out, format!("{HEAD}{after}"));
        assert_eq!(loaded(&out, "household_visits"), (Some(30.0), Some(27.0), Some(9.0)), "{out}");
        // Emptied again: no key left behind, nothing else touched.
        let gone = [f("figures.custom.household_visits.last_year", ""), f("figures.custom.household_visits.last_year_h1", "")];
        let out = apply(&out, &gone.into_iter().collect(), &Templates::builtin().unwrap().catalogue, &BTreeMap::new()).unwrap();
        assert_eq!(loaded(&out, "household_visits"), (Some(30.0), None, None), "{out}");
        assert!(!out.contains("last_year") && !out.contains("\"上年\" ="), "{out}");
    }
}

#[test]
fn catalogue_figures_keep_their_chinese_keys_and_value_tables() {
    let sheet = format!("{HEAD}[figures]\nmembers = {{ \"上半年\" = 1186, \"全年\" = 1193, \"上年\" = 1100 }}\ntheory_study = {{ value = [6, 6], last_year = 10 }} # 学习\n");
    let doc = parse(&sheet).unwrap();
    let m = read_parts(&doc["figures"]["members"]);
    assert_eq!((m["h1"].as_str(), m["year"].as_str(), m["last_year"].as_str()), ("1186", "1193", "1100"));
    let out = run_on(&sheet, &[("figures.members.year", "1200"), ("figures.members.last_year", "1150"), ("figures.theory_study.h1", "7"), ("figures.theory_study.last_year", "11")]).unwrap();
    assert_eq!(out, format!("{HEAD}[figures]\nmembers = {{ \"上半年\" = 1186, \"全年\" = 1200, \"上年\" = 1150 }}\ntheory_study = {{ value = [7, 6], last_year = 11 }} # 学习\n"));
    assert_eq!(loaded(&out, "members"), (Some(1200.0), Some(1150.0), None));
    assert_eq!(loaded(&out, "theory_study"), (Some(13.0), Some(11.0), None));
}

#[test]
fn a_removed_item_takes_its_own_comment_and_leaves_the_others() {
    let sheet = "[report]\nyear = 2024\n\n# ---- 存在的问题 ----\n[[problems]]\ntitle = \"甲\"\ntext = \"一\"\n\n# 乙：待核实\n[[problems]]\ntitle = \"乙\"\ntext = \"二\"\n\n# 备注：问题按轻重排列\n\n[[problems]]\ntitle = \"丙\"\ntext = \"三\"\n\n[[plans]]\ntext = \"计划\"\n";
    // Directly above: it belongs to 乙 and goes with it.
    assert_eq!(
        list_op(sheet, "problems", "remove", 1).unwrap(),
        "[report]\nyear = 2024\n\n# ---- 存在的问题 ----\n[[problems]]\ntitle = \"甲\"\ntext = \"一\"\n\n# 备注：问题按轻重排列\n\n[[problems]]\ntitle = \"丙\"\ntext = \"三\"\n\n[[plans]]\ntext = \"计划\"\n"
    );
    // After a blank line: a note of its own, it stays.
    assert_eq!(
        list_op(sheet, "problems", "remove", 2).unwrap(),
        "[report]\nyear = 2024\n\n# ---- 存在的问题 ----\n[[problems]]\ntitle = \"甲\"\ntext = \"一\"\n\n# 乙：待核实\n[[problems]]\ntitle = \"乙\"\ntext = \"二\"\n\n# 备注：问题按轻重排列\n\n[[plans]]\ntext = \"计划\"\n"
    );
    // Above the first item: it introduces the list, it stays with the new first one.
    assert_eq!(
        list_op(sheet, "problems", "remove", 0).unwrap(),
        "[report]\nyear = 2024\n\n# ---- 存在的问题 ----\n# 乙：待核实\n[[problems]]\ntitle = \"乙\"\ntext = \"二\"\n\n# 备注：问题按轻重排列\n\n[[problems]]\ntitle = \"丙\"\ntext = \"三\"\n\n[[plans]]\ntext = \"计划\"\n"
    );
    // A work block goes whole, with its points' comments; the next section's comment stays.
    let work = "# 主要工作\n[[work]]\ntitle = \"甲\"\n\n# 乙块：党委会定\n[[work]]\ntitle = \"乙\"\n\n# 乙1 的出处\n[[work.points]]\ntext = \"乙1\"\n\n# ---- 问题 ----\n\n[[problems]]\ntext = \"问题\"\n";
    assert_eq!(list_op(work, "work", "remove", 1).unwrap(), "# 主要工作\n[[work]]\ntitle = \"甲\"\n\n# ---- 问题 ----\n\n[[problems]]\ntext = \"问题\"\n");
    // The last item of the file: a separate note stays at the end.
    let tail = "[[plans]]\ntext = \"一\"\n\n# 以后再补\n\n# 二：草稿\n[[plans]]\ntext = \"二\"\n";
    assert_eq!(list_op(tail, "plans", "remove", 1).unwrap(), "[[plans]]\ntext = \"一\"\n\n# 以后再补\n\n");
}

#[test]
fn a_removed_custom_figure_takes_its_own_comment() {
    let cat = Templates::builtin().unwrap().catalogue;
    let sheet = "[figures]\nmembers = { h1 = 1, year = 2 }\n\n# 自定义指标\n[figures.custom.a]\nlabel = \"甲\"\nunit = \"户\"\nvalue = 1\n\n# 乙：民政办提供\n[figures.custom.b]\nlabel = \"乙\"\nunit = \"户\"\nvalue = 2\n\n[[work]]\ntitle = \"一\"\n";
    let key = |k: &str| lists::NewCustom { key: k.into(), ..Default::default() };
    assert_eq!(custom_op(sheet, "remove", &key("b"), &cat).unwrap(), "[figures]\nmembers = { h1 = 1, year = 2 }\n\n# 自定义指标\n[figures.custom.a]\nlabel = \"甲\"\nunit = \"户\"\nvalue = 1\n\n[[work]]\ntitle = \"一\"\n");
    assert_eq!(custom_op(sheet, "remove", &key("a"), &cat).unwrap(), "[figures]\nmembers = { h1 = 1, year = 2 }\n\n# 自定义指标\n# 乙：民政办提供\n[figures.custom.b]\nlabel = \"乙\"\nunit = \"户\"\nvalue = 2\n\n[[work]]\ntitle = \"一\"\n");
    // Written inline under [figures.custom]: the same rule for keys.
    let inline = "[figures.custom]\n# 自定义\na = { label = \"甲\", unit = \"户\", value = 1 }\n# 乙的说明\nb = { label = \"乙\", unit = \"户\", value = 2 }\n";
    assert_eq!(custom_op(inline, "remove", &key("b"), &cat).unwrap(), "[figures.custom]\n# 自定义\na = { label = \"甲\", unit = \"户\", value = 1 }\n");
    assert_eq!(custom_op(inline, "remove", &key("a"), &cat).unwrap(), "[figures.custom]\n# 自定义\n# 乙的说明\nb = { label = \"乙\", unit = \"户\", value = 2 }\n");
}

#[test]
fn figures_written_as_tables_are_edited_key_by_key() {
    let sheet = format!("{HEAD}[figures]\ntheory_study = [6, 6]\n\n# 党员数来自系统\n[figures.members]\nh1 = 1186 # 6月底\nyear = 1193\n\n[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nh1 = 10\nh2 = 20 # 下半年\n");
    let out = run_on(&sheet, &[("figures.members.year", "1200"), ("figures.members.last_year", "1100"), ("figures.custom.household_visits.h2", "21"), ("figures.custom.household_visits.last_year", "25")]).unwrap();
    assert_eq!(out, format!("{HEAD}[figures]\ntheory_study = [6, 6]\n\n# 党员数来自系统\n[figures.members]\nh1 = 1186 # 6月底\nyear = 1200\nlast_year = 1100\n\n[figures.custom.household_visits]\nlabel = \"走访\"\nunit = \"户\"\nh1 = 10\nh2 = 21 # 下半年\nlast_year = 25\n"));
    assert_eq!(loaded(&out, "members"), (Some(1200.0), Some(1100.0), None));
    assert_eq!(loaded(&out, "household_visits"), (Some(31.0), Some(25.0), None));
}

#[test]
fn an_emptied_figure_leaves_its_comment() {
    let sheet = "[report]\nyear = 2024\n\n[figures]\nmembers = { h1 = 1, year = 2 }\n# 学习次数（党委办）\ntheory_study = [6, 6] # 半年\n\n[[work]]\ntitle = \"一\"\n";
    let out = run_on(sheet, &[("figures.theory_study.h1", ""), ("figures.theory_study.h2", "")]).unwrap();
    assert_eq!(out, "[report]\nyear = 2024\n\n[figures]\nmembers = { h1 = 1, year = 2 }\n# 学习次数（党委办）\n\n[[work]]\ntitle = \"一\"\n");
    let out = run_on(sheet, &[("figures.members.h1", ""), ("figures.members.year", "")]).unwrap();
    assert_eq!(out, "[report]\nyear = 2024\n\n[figures]\n# 学习次数（党委办）\ntheory_study = [6, 6] # 半年\n\n[[work]]\ntitle = \"一\"\n");
}

#[test]
fn an_emptied_figure_table_leaves_its_comments() {
    let sheet = "[report]\nyear = 2024\n\n[figures]\nmembers = { h1 = 1, year = 2 }\n\n# 学习次数（党委办）\n[figures.theory_study]\n# 上半年\nh1 = 6\nh2 = 6\n\n[[work]]\ntitle = \"一\"\n";
    let out = run_on(sheet, &[("figures.theory_study.h1", ""), ("figures.theory_study.h2", "")]).unwrap();
    assert_eq!(out, "[report]\nyear = 2024\n\n[figures]\nmembers = { h1 = 1, year = 2 }\n\n# 学习次数（党委办）\n# 上半年\n\n[[work]]\ntitle = \"一\"\n");
}

#[test]
fn numbers_copied_from_a_spreadsheet_keep_their_value() {
    assert_eq!(number("1,186", true).unwrap().map(|v| v.to_string()), Some("1186".into()));
    assert_eq!(number("１，２３４，５６７.５", false).unwrap().map(|v| v.to_string()), Some("1234567.5".into()));
    for bad in ["1,18", "1,1860", ",186", "1,,186", "12,5"] {
        assert!(number(bad, false).unwrap_err().contains("不是数字"), "{bad}");
    }
    let out = run(&[("figures.members.year", "1,200")]).unwrap();
    assert!(out.contains("members = { h1 = 1186, year = 1200 }\n"), "{out}");
}

#[test]
fn a_constant_gets_last_year_beside_its_value() {
    let out = run(&[("figures.branches", "36"), ("figures.branches.last_year", "35")]).unwrap();
    assert_eq!(out, SHEET.replace("branches = 36\n", "branches = { value = 36, last_year = 35 }\n"));
    assert_eq!(loaded(&format!("{HEAD}{}", &out[out.find("[figures]").unwrap()..]), "branches"), (Some(36.0), Some(35.0), None));
    let doc = parse(&out).unwrap();
    let parts = read_parts(&doc["figures"]["branches"]);
    assert_eq!((parts[""].as_str(), parts["last_year"].as_str()), ("36", "35"));
    let back = run_on(&out, &[("figures.branches", "37"), ("figures.branches.last_year", "")]).unwrap();
    assert_eq!(back, SHEET.replace("branches = 36\n", "branches = { value = 37 }\n"));
}

#[test]
fn a_custom_key_with_a_dot_is_still_one_figure() {
    let sheet = format!("{HEAD}[figures.custom.tea]\nlabel = \"茶\"\nunit = \"亩\"\nvalue = [1, 2]\n\n[figures.custom.\"tea.income\"]\nlabel = \"茶叶增收\"\nunit = \"万元\"\nvalue = [3, 4]\n");
    let out = run_on(&sheet, &[("figures.custom.tea.income.h2", "5"), ("figures.custom.tea.income.label", "茶叶产业增收"), ("figures.custom.tea.h1", "1"), ("figures.custom.tea.label", "茶")]).unwrap();
    assert_eq!(out, sheet.replace("value = [3, 4]", "value = [3, 5]").replace("\"茶叶增收\"", "\"茶叶产业增收\""));
    assert_eq!(loaded(&out, "tea.income"), (Some(8.0), None, None));
    let e = run_on(&sheet, &[("figures.custom.coffee.h1", "1")]).unwrap_err();
    assert!(e[0].message.contains("没有这个自定义指标"), "{e:?}");
}

#[test]
fn values_are_read_without_their_comments() {
    let text = "[unit]\narea = \"青石镇\"   # 地名\n\n[report]\nyear = 2025                  # 报告年度\n\n[figures]\nbranches = 36 # 党组织数\nmembers = { h1 = 0, year = 0 }         # 党员总数\n";
    let doc = parse(text).unwrap();
    assert_eq!(values::value_at(&doc, "report.year"), "2025");
    assert_eq!(values::value_at(&doc, "unit.area"), "青石镇");
    assert_eq!(figures::read_parts(&doc["figures"]["branches"])[""], "36");
    // Sent back as shown: not a change, and not refused.
    let t = Templates::builtin().unwrap();
    let same: BTreeMap<String, String> = [("report.year", "2025"), ("figures.branches", "36"), ("unit.area", "青石镇")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(apply(text, &same, &t.catalogue, &BTreeMap::new()).unwrap(), text);
    let changed: BTreeMap<String, String> = [("report.year", "2026")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let out = apply(text, &changed, &t.catalogue, &BTreeMap::new()).unwrap();
    assert!(out.contains("year = 2026                  # 报告年度\n"), "{out}");
}
