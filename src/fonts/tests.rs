//! Font resolution tests. The system tests need the Debian fonts the CI
//! installs (fonts-noto-cjk, fonts-lxgw-wenkai) and fail with that hint.

use super::*;

const NOTO_SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

fn need(path: &str) {
    assert!(Path::new(path).exists(), "{path} is missing: install fonts-noto-cjk fonts-lxgw-wenkai (.ci/run does)");
}

#[test]
fn overrides_parse_role_path_and_face_index() {
    let (r, s) = FontSpec::parse_override("body=/x/y.ttc:2").unwrap();
    assert_eq!((r, s.path.as_path(), s.index), (Role::Body, Path::new("/x/y.ttc"), Some(2)));
    let (r, s) = FontSpec::parse_override(r"标题=C:\Fonts\a.ttf").unwrap();
    assert_eq!((r, s.path.as_path(), s.index), (Role::Title, Path::new(r"C:\Fonts\a.ttf"), None));
    assert_eq!(FontSpec::parse_override("h2=kai.ttf").unwrap().0, Role::Heading2);
    let e = FontSpec::parse_override("bold=x.ttf").unwrap_err();
    assert!(e.contains("bold") && e.contains("body"), "{e}");
    assert!(FontSpec::parse_override("x.ttf").is_err());
}

#[test]
fn system_fonts_resolve_to_the_simplified_chinese_faces() {
    need(NOTO_SERIF);
    let set = FontSet::resolve(&[]).unwrap();
    let body = set.get(Role::Body);
    assert!(body.name.contains("SC"), "body font {} is not the SC face", body.name);
    assert!(body.substitute, "no 仿宋 on a Debian machine: Noto Serif is a substitute");
    let h1 = set.get(Role::Heading1);
    assert!(h1.name.starts_with("Noto Sans CJK SC"), "{}", h1.name);
    let report = set.report();
    assert!(report.contains("正文（仿宋_GB2312）") && report.contains("替代字体"), "{report}");
}

#[test]
fn a_collection_face_can_be_chosen_and_gives_real_advances() {
    need(NOTO_SERIF);
    let spec = FontSpec { path: NOTO_SERIF.into(), index: Some(2) };
    let set = FontSet::resolve(&[(Role::Body, spec)]).unwrap();
    let body = set.get(Role::Body);
    assert_eq!(body.index, 2);
    assert!(body.overridden && body.name.contains("SC"), "{}", body.name);
    let faces = set.faces().unwrap();
    assert_eq!(faces.advance(Role::Body, '中'), 1.0);
    let four = faces.advance(Role::Body, '4');
    assert!((0.5..0.6).contains(&four), "'4' advance {four}");
    assert!(faces.glyph(Role::Body, '\u{20000}').is_none(), "Noto Serif has no U+20000");
}

#[test]
fn an_unreadable_override_names_the_file() {
    let spec = FontSpec { path: "/nonexistent/字体.ttf".into(), index: None };
    let e = FontSet::resolve(&[(Role::Title, spec)]).err().unwrap().to_string();
    assert!(e.contains("/nonexistent/字体.ttf") && e.contains("标题"), "{e}");
    let not_font = FontSpec { path: Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"), index: None };
    let e = FontSet::resolve(&[(Role::Body, not_font)]).err().unwrap().to_string();
    assert!(e.contains("不是可用的字体文件"), "{e}");
}
