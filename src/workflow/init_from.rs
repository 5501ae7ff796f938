//! `zongjie init NEW.toml --from OLD.toml`: next year's sheet from last
//! year's. Kept: the unit, the report's wording (kind, guiding thought,
//! spirits, main line, layout, villages), the work blocks (title, block,
//! auto, split) and the titles of problems and plans. Moved: every figure's
//! full-year value to `last_year` and its first-half value to
//! `last_year_h1` (for 同比), this year's values set to the placeholder 0.
//! Cleared: texts, points, dates, activities and the ledger, each with a
//! comment saying what to fill; a figure last year's ledger counted keeps
//! only its last-year values (this year's ledger counts it again).

use std::fmt::Write as _;

use crate::data::{DataSheet, Figure, Kind, format_number};

/// The new sheet's text for `year`, built from the loaded old sheet.
pub fn scaffold(old: &DataSheet, year: i32) -> String {
    let s = &old.sheet;
    let mut out = String::new();
    let from = old.source.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let _ = write!(
        out,
        "# ============================================================\n\
         #  {area}{year}年党建工作总结 数据表\n\
         #  由 zongjie init --from {from} 生成：单位、写法、各块工作和问题、打算的标题沿用上年；\n\
         #  上年的数值已移到 last_year（全年）和 last_year_h1（上半年），用于“同比”的说法。\n\
         #  本年的数值先写作 0（占位数），文字先写作 xx（占位符）：zongjie check 会指出没改的地方。\n\
         #  写法说明见 zongjie init 生成的样表；可用的指标见 zongjie figures。\n\
         # ============================================================\n\n",
        area = one_line(old.area())
    );
    out.push_str("[unit]\n");
    line(&mut out, "name", Some(s.unit.name.get_ref()));
    line(&mut out, "short", s.unit.short.as_ref().map(|t| t.get_ref()));
    line(&mut out, "area", Some(s.unit.area.get_ref()));
    line(&mut out, "superior", s.unit.superior.as_ref().map(|t| t.get_ref()));
    line(&mut out, "level", s.unit.level.as_ref().map(|t| t.get_ref()));

    let r = &s.report;
    let _ = write!(out, "\n[report]\nyear = {year}\n");
    line(&mut out, "kind", r.kind.as_ref().map(|t| t.get_ref()));
    let _ = writeln!(out, "# 成文日期：填写本年的日期后去掉行首的 #（不写则取生成当天的日期）\n# date = {{ h1 = {year}-07-10, year = {year}-12-28 }}");
    line(&mut out, "guiding", r.guiding.as_ref().map(|t| t.get_ref()));
    if !r.spirit.is_empty() {
        let _ = writeln!(out, "spirit = [{}]  # 请核对本年度学习贯彻的精神", r.spirit.iter().map(|t| quote(t.get_ref())).collect::<Vec<_>>().join(", "));
    }
    line(&mut out, "approach", r.approach.as_ref().map(|t| t.get_ref()));
    if let Some(l) = &r.layout {
        let _ = writeln!(out, "layout = \"{}\"", format!("{:?}", l.get_ref()).to_lowercase());
    }
    if r.opening.is_some() {
        out.push_str("# opening = \"xx\"  # 上年自己写了开头段；本年需要时重新填写\n");
    }
    if r.closing.is_some() {
        out.push_str("# closing = \"xx\"  # 上年自己写了结尾段；本年需要时重新填写\n");
    }
    if r.problems_lead.is_some() {
        out.push_str("# problems_lead = \"xx\"  # 上年自己写了“存在的问题”的引导语；本年需要时重新填写\n");
    }
    if r.plans_lead.is_some() {
        out.push_str("# plans_lead = \"xx\"  # 上年自己写了“工作打算”的引导语；本年需要时重新填写\n");
    }
    if !r.villages.is_empty() {
        let _ = writeln!(out, "villages = [{}]", r.villages.iter().map(|t| quote(t.get_ref())).collect::<Vec<_>>().join(", "));
    }
    if let Some(l) = &r.ledger {
        // Last year's ledger holds last year's dates: this year's is a new file.
        let _ = writeln!(out, "# ledger = \"台账.xlsx\"  # 上年的台账是 {}；本年的台账（zongjie init --ledger 台账.xlsx 生成）填好后写在这里", l.get_ref());
    }

    out.push_str("\n# 指标：0 是占位数，请填写本年的数值（按半年累计的写 [上半年, 下半年]，时点数写 { h1 = 6月底数, year = 年底数 }）。\n[figures]\n");
    // Figures summed from the villages are not written: they are summed again.
    let mut written: Vec<&Figure> = old.figures.iter().filter(|f| !f.span.is_empty()).collect();
    written.sort_by_key(|f| f.span.start); // the old sheet's order
    let (custom, catalogued): (Vec<&Figure>, Vec<&Figure>) = written.into_iter().partition(|f| f.block.is_none());
    for f in catalogued {
        let _ = writeln!(out, "{} = {{ {} }}  # {}（{}）", key(&f.key), values(f, true, counted(old, f)).join(", "), one_line(&f.label), one_line(&f.unit));
    }
    for f in custom {
        let _ = write!(out, "\n[figures.custom.{}]\nlabel = {}\nunit = {}\nkind = \"{}\"\n", key(&f.key), quote(&f.label), quote(&f.unit), format!("{:?}", f.kind).to_lowercase());
        for part in values(f, false, counted(old, f)) {
            let _ = writeln!(out, "{part}");
        }
    }

    for w in &s.work {
        out.push_str("\n[[work]]\n");
        line(&mut out, "title", w.title.as_ref().map(|t| t.get_ref()));
        line(&mut out, "block", w.block.as_ref().map(|t| t.get_ref()));
        if w.split {
            out.push_str("split = true\n");
        }
        if !w.auto.is_empty() {
            let _ = writeln!(out, "auto = [{}]", w.auto.iter().map(|t| quote(t.get_ref())).collect::<Vec<_>>().join(", "));
        }
        out.push_str("# text = \"xx\"  # 这一块工作的开头（可不写）\n# 本年的工作要点，每条一个 [[work.points]]：\n# [[work.points]]\n# title = \"xx\"\n# text = \"xx\"\n");
    }
    let kept = |title: &Option<crate::data::sheet::Text>| title.as_ref().map(|t| t.get_ref().clone());
    let problems: Vec<String> = s.problems.iter().filter_map(|p| kept(&p.title)).collect();
    for t in &problems {
        let _ = writeln!(out, "\n[[problems]]\ntitle = {}\ntext = \"xx\"  # 填写本年这方面的具体表现", quote(t));
    }
    for p in &s.plans {
        let Some(t) = kept(&p.title) else { continue };
        let _ = writeln!(out, "\n[[plans]]\ntitle = {}\ntext = \"xx\"  # 填写具体打算", quote(&t));
        if let Some(n) = &p.next {
            let _ = writeln!(out, "next = \"{}\"", if *n.get_ref() == crate::data::Next::H2 { "h2" } else { "year" });
        }
    }
    out
}

/// `key = "value"` when there is a value.
fn line(out: &mut String, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        let _ = writeln!(out, "{key} = {}", quote(v));
    }
}

/// A TOML string holding `s` exactly (toml_edit's own repr: quotes,
/// backslashes, newlines and control characters escaped).
fn quote(s: &str) -> String {
    toml_edit::Value::from(s).to_string()
}

/// A key as TOML writes it: bare when it can be, quoted otherwise (a
/// custom figure's key may be Chinese, as the editor's 添加指标 makes it).
fn key(k: &str) -> String {
    toml_edit::Key::new(k).to_string()
}

/// Text for a comment line: line breaks and control characters as spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Whether last year's value of `f` was counted from the ledger: this year's
/// is counted again (no placeholder 0, which would stand against the count).
fn counted(old: &DataSheet, f: &Figure) -> bool {
    old.counted.contains(&f.key)
}

/// This year's placeholders and last year's values, as `a = …` pairs
/// (for an inline table when `inline`, for a `[figures.custom.…]` table
/// otherwise); a figure `counted` from the ledger gets no placeholder.
fn values(f: &Figure, inline: bool, counted: bool) -> Vec<String> {
    let now = match (f.kind, inline) {
        (Kind::Flow, true) => "value = [0, 0]",
        (Kind::Stock, true) => "h1 = 0, year = 0",
        (Kind::Stock, false) => "value = { h1 = 0, year = 0 }",
        (Kind::Flow, false) => "value = [0, 0]",
        (Kind::Constant, _) => "value = 0",
    };
    let mut parts = if counted { Vec::new() } else { vec![now.to_string()] };
    if let Some(v) = f.value(crate::data::Period::Year) {
        parts.push(format!("last_year = {}", format_number(v)));
    }
    if f.kind != Kind::Constant
        && let Some(v) = f.h1
    {
        parts.push(format!("last_year_h1 = {}", format_number(v)));
    }
    parts
}
