//! Unit tests of figure parsing and per-period values.

use super::*;

fn cat() -> Catalogue {
    Catalogue::parse(
        r#"
[figures.study]
label = "学习"
unit = "次"
kind = "flow"
block = "b"
[figures.members]
label = "党员"
unit = "名"
kind = "stock"
block = "b"
[figures.branches]
label = "党组织"
unit = "个"
kind = "stock"
block = "b"
"#,
    )
    .unwrap()
}

fn parse(toml_text: &str) -> Result<FigureSet, Vec<Diagnostic>> {
    #[derive(serde::Deserialize)]
    struct W {
        figures: BTreeMap<String, Spanned<Value>>,
    }
    let w: W = toml::from_str(toml_text).unwrap();
    let src = SourceFile::new("t.toml", toml_text.to_string());
    FigureSet::parse(&w.figures, &cat(), &src)
}

#[test]
fn flow_sums_stock_takes_period_end_constant_stays() {
    let s = parse("[figures]\nstudy = [6, 7]\nmembers = { h1 = 100, year = 104 }\nbranches = 36\n").unwrap();
    let (study, members, branches) = (s.get("study").unwrap(), s.get("members").unwrap(), s.get("branches").unwrap());
    assert_eq!((study.value(Period::H1), study.value(Period::Year)), (Some(6.0), Some(13.0)));
    assert_eq!((members.value(Period::H1), members.value(Period::Year)), (Some(100.0), Some(104.0)));
    assert_eq!((branches.value(Period::H1), branches.value(Period::Year)), (Some(36.0), Some(36.0)));
    assert_eq!(branches.kind, Kind::Constant);
}

#[test]
fn a_missing_half_leaves_the_year_undefined() {
    let s = parse("[figures]\nstudy = [6]\n").unwrap();
    let f = s.get("study").unwrap();
    assert_eq!(f.value(Period::H1), Some(6.0));
    assert_eq!(f.value(Period::Year), None);
    assert!(f.missing_reason(Period::Year).contains("缺少下半年"));
    let explicit = parse("[figures]\nstudy = { h1 = 6, year = 14 }\n").unwrap();
    assert_eq!(explicit.get("study").unwrap().value(Period::Year), Some(14.0));
}

#[test]
fn custom_figures_need_label_and_unit_and_infer_kind() {
    let s = parse("[figures.custom.visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20]\nlast_year = 25\n").unwrap();
    let f = s.get("visits").unwrap();
    assert_eq!((f.kind, f.value(Period::Year), f.last(Period::Year)), (Kind::Flow, Some(30.0), Some(25.0)));
    let e = parse("[figures.custom.visits]\nlabel = \"走访\"\nvalue = 3\n").unwrap_err();
    assert!(e[0].message.contains("缺少 unit"), "{:?}", e);
}

#[test]
fn shape_errors_are_located_and_explained() {
    let e = parse("[figures]\nstudy = 12\n").unwrap_err();
    assert_eq!((e[0].line, e[0].column), (2, 9));
    assert!(e[0].hint.contains("[6, 6]"));
    let e = parse("[figures]\nmembers = [1, 2]\n").unwrap_err();
    assert!(e[0].message.contains("时点数"));
    let e = parse("[figures]\nstudyy = [1, 2]\n").unwrap_err();
    assert_eq!((e[0].line, e[0].column), (2, 1));
    assert!(e[0].hint.contains("“study”"), "{}", e[0].hint);
    let e = parse("[figures]\nmembers = { h1 = 1, yaer = 2 }\n").unwrap_err();
    assert!(e[0].message.contains("yaer"));
    assert_eq!(e[0].column, 21);
    let e = parse("[figures]\nstudy = [\"六\", 2]\n").unwrap_err();
    assert_eq!(e[0].message, "指标“学习”的上半年数值写成了文字“六”");
    let e = parse("[figures]\nbranches = \"36\"\n").unwrap_err();
    assert_eq!((e[0].message.as_str(), e[0].hint.as_str()), ("指标“党组织”的数值“36”加了引号", "数字不加引号，写成 36"));
}

#[test]
fn labels_are_aliases_of_their_keys() {
    let s = parse("[figures]\n\"学习\" = [6, 7]\n").unwrap();
    assert_eq!(s.get("study").unwrap().value(Period::Year), Some(13.0));
    assert_eq!(s.get("学习").unwrap().key, "study");
    let e = parse("[figures]\nstudy = [1, 2]\n\"学习\" = [6, 7]\n").unwrap_err();
    assert!(e[0].message.contains("写了两次"), "{:?}", e);
    let e = parse("[figures]\n\"党员数\" = { h1 = 1, year = 2 }\n").unwrap_err();
    assert!(e[0].hint.contains("是否想写“members”（党员）"), "{:?}", e);
}

#[test]
fn numbers_are_written_plainly() {
    assert_eq!(format_number(12.0), "12");
    assert_eq!(format_number(612.5), "612.5");
    assert_eq!(format_number(0.1 + 0.2), "0.3");
    assert_eq!(format_number(1.256), "1.26");
    assert_eq!(format_number(-3.0), "-3");
}

#[test]
fn last_year_is_read_in_every_shape_the_sheet_may_use() {
    for sheet in [
        "[figures.custom.visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = [10, 20]\nlast_year = 25\nlast_year_h1 = 9\n",
        "[figures.custom]\nvisits = { label = \"走访\", unit = \"户\", value = [10, 20], \"上年\" = { year = 25, h1 = 9 } }\n",
        "[figures.custom.visits]\nlabel = \"走访\"\nunit = \"户\"\nvalue = { h1 = 10, h2 = 20, last_year = 25, last_year_h1 = 9 }\n",
        "[figures.custom.visits]\nlabel = \"走访\"\nunit = \"户\"\nlast_year_h1 = 9\nvalue = [10, 20]\n\"上年\" = { year = 25 }\n",
    ] {
        let s = parse(sheet).unwrap();
        let f = s.get("visits").unwrap();
        assert_eq!((f.value(Period::Year), f.last(Period::Year), f.last(Period::H1)), (Some(30.0), Some(25.0), Some(9.0)), "{sheet}");
    }
    let e = parse("[figures]\nmembers = { h1 = 1, year = 2, last_year = { year = \"3\" } }\n").unwrap_err();
    assert!(e[0].message.contains("上年数值"), "{e:?}");
    let e = parse("[figures]\nmembers = { h1 = 1, year = 2, last_year = { yaer = 3 } }\n").unwrap_err();
    assert!(e[0].message.contains("未知字段“yaer”"), "{e:?}");
}
