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
