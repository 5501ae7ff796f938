use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn bank() -> PhraseBank {
    PhraseBank::parse(include_str!("../../../templates/dangjian/phrases.toml"), None).unwrap()
}

fn fig(key: &str, unit: &str, integer: bool, h1: f64, h2: f64, last: Option<f64>) -> Figure {
    Figure { key: key.into(), label: key.into(), unit: unit.into(), kind: Kind::Flow, block: None, integer, h1: Some(h1), h2: Some(h2), year: None, last_year: last, last_year_h1: None, span: 0..0 }
}

fn with<T>(period: Period, f: impl FnOnce(&mut Writer) -> T) -> T {
    let cat = Catalogue::default();
    let b = bank();
    let mut w = Writer { cat: &cat, bank: &b, period, village: false, rotor: Rotor::new(7), date: day(2024, 7, 8), level_say: None, written: Vec::new(), citer: Default::default() };
    f(&mut w)
}

#[test]
fn percent_rounds_half_away_from_zero_and_trims() {
    assert_eq!(percent(0.125), "12.5");
    assert_eq!(percent(0.4), "40");
    assert_eq!(percent(0.12345), "12.3");
    assert_eq!(percent(0.12355), "12.4");
    assert_eq!(percent(2.0 / 3.0), "66.7");
    assert_eq!(percent(1.0), "100");
}

#[test]
fn year_on_year_wording() {
    // Rotation starts at a seed-specific variant; every variant says the same thing.
    let up = with(Period::Year, |w| (0..3).map(|_| w.year_on_year(&fig("a", "名", true, 7.0, 9.0, Some(13.0))).unwrap()).collect::<Vec<_>>());
    let mut sorted = up.clone();
    sorted.sort();
    assert_eq!(sorted, ["同比增加3名", "比上年多3名", "较上年增加3名"]);
    let bank = PhraseBank { up_count: vec!["{base}增加{d}{unit}".into()], down_count: vec!["{base}减少{d}{unit}".into()], up_percent: vec!["同比增长{p}%".into()], down_percent: vec!["同比下降{p}%".into()], ..bank() };
    let cat = Catalogue::default();
    let mut w = Writer { cat: &cat, bank: &bank, period: Period::Year, village: false, rotor: Rotor::new(7), date: day(2024, 12, 26), level_say: None, written: Vec::new(), citer: Default::default() };
    {
        let w = &mut w;
        assert_eq!(w.year_on_year(&fig("a", "名", true, 7.0, 9.0, Some(13.0))).unwrap(), "较上年增加3名");
        assert_eq!(w.year_on_year(&fig("a", "名", true, 5.0, 5.0, Some(13.0))).unwrap(), "较上年减少3名");
        assert_eq!(w.year_on_year(&fig("a", "名", true, 5.0, 5.0, Some(10.0))).unwrap(), "与上年持平");
        assert_eq!(w.year_on_year(&fig("m", "万元", false, 300.0, 312.5, Some(540.2))).unwrap(), "同比增长13.4%");
        assert_eq!(w.year_on_year(&fig("m", "万元", false, 200.0, 200.0, Some(500.0))).unwrap(), "同比下降20%");
        assert_eq!(w.year_on_year(&fig("m", "万元", false, 1.0, 2.0, Some(0.0))).unwrap(), "较上年增加3万元");
        assert_eq!(w.year_on_year(&fig("a", "名", true, 1.0, 1.0, None)), None);
    }
    let mut h1 = fig("a", "名", true, 7.0, 9.0, None);
    h1.last_year_h1 = Some(5.0);
    w.period = Period::H1;
    assert_eq!(w.year_on_year(&h1).unwrap(), "较上年同期增加2名");
    h1.last_year_h1 = Some(7.0);
    assert_eq!(w.year_on_year(&h1).unwrap(), "与上年同期持平");
}

#[test]
fn shares_are_computed_from_parts() {
    let whole = fig("n", "名", true, 4.0, 6.0, None);
    let part = fig("y", "名", true, 1.0, 3.0, None);
    assert_eq!(with(Period::Year, |w| w.share(&part, &whole)).unwrap(), "y4名、占40%");
    assert_eq!(with(Period::H1, |w| w.share(&part, &whole)).unwrap(), "y1名、占25%");
    let zero = fig("n", "名", true, 0.0, 0.0, None);
    assert_eq!(with(Period::Year, |w| w.share(&part, &zero)), None);
}

#[test]
fn rotor_spreads_variants() {
    let v: Vec<String> = ["甲", "乙", "丙"].map(String::from).to_vec();
    let mut r = Rotor::new(1);
    let picks: Vec<&str> = (0..6).map(|_| r.pick("k", &v)).collect();
    for x in ["甲", "乙", "丙"] {
        assert_eq!(picks.iter().filter(|p| **p == x).count(), 2, "{picks:?}");
    }
    let mut again = Rotor::new(1);
    assert_eq!(again.pick("k", &v), picks[0], "stable for the same seed");
}

#[test]
fn overlay_replaces_only_given_keys() {
    let b = PhraseBank::parse(include_str!("../../../templates/dangjian/phrases.toml"), Some("flat = \"与{base_noun}相当\"")).unwrap();
    assert_eq!(b.flat, "与{base_noun}相当");
    assert_eq!(b.up_count, bank().up_count);
    assert!(PhraseBank::parse(include_str!("../../../templates/dangjian/phrases.toml"), Some("up_count = []")).unwrap_err().contains("up_count"));
    assert!(PhraseBank::parse(include_str!("../../../templates/dangjian/phrases.toml"), Some("typo = 1")).unwrap_err().contains("typo"));
}

#[test]
fn hash_is_stable() {
    // FNV-1a over "a\xffb\xff", computed independently: variants must not change between builds.
    assert_eq!(stable_hash(&["a", "b"]), 0xd2b3_7181_9297_f98a);
    assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
}

fn stock(key: &str, unit: &str, h1: f64, year: f64, last: Option<f64>) -> Figure {
    Figure { kind: Kind::Stock, h1: Some(h1), h2: None, year: Some(year), last_year: last, ..fig(key, unit, true, 0.0, 0.0, None) }
}

#[test]
fn amounts_under_ten_thousand_yuan_are_written_in_yuan() {
    assert_eq!(amount(0.42, "万元"), ("4200".to_string(), "元".to_string()));
    assert_eq!(amount(0.005, "万元"), ("50".to_string(), "元".to_string()));
    assert_eq!(amount(1.5, "万元"), ("1.5".to_string(), "万元".to_string()));
    assert_eq!(amount(0.5, "名"), ("0.5".to_string(), "名".to_string()));
    let m = fig("m", "万元", false, 0.2, 0.22, Some(0.0));
    let y = with(Period::Year, |w| w.year_on_year(&m)).unwrap();
    assert!(y.ends_with("4200元"), "{y}");
}

#[test]
fn a_half_year_stock_without_last_years_june_is_compared_with_the_start_of_the_year() {
    let m = stock("members", "名", 40.0, 41.0, Some(37.0));
    let y = with(Period::H1, |w| (0..6).map(|_| w.year_on_year(&m).unwrap()).collect::<Vec<_>>());
    assert!(y.iter().all(|s| s.contains("年初") && s.contains("3名") && !s.contains("同比")), "{y:?}");
    let y = with(Period::Year, |w| w.year_on_year(&m).unwrap());
    assert!(y.contains("4名") && !y.contains("年初"), "{y}");
}

#[test]
fn no_end_of_june_in_a_report_dated_before_the_thirtieth() {
    let cat = Catalogue::default();
    let b = bank();
    let mut figures = FigureSet::default();
    figures.insert(stock("members", "名", 40.0, 41.0, None));
    for (date, may) in [(day(2024, 6, 25), false), (day(2024, 7, 8), true)] {
        let mut seen = String::new();
        for seed in 0..12 {
            let mut w = Writer { cat: &cat, bank: &b, period: Period::H1, village: false, rotor: Rotor::new(seed), date, level_say: None, written: Vec::new(), citer: Default::default() };
            seen.push_str(&w.sentences(&["members"], &figures, true).concat());
        }
        assert_eq!(seen.contains("6月底"), may, "{date}: {seen}");
    }
}

#[test]
fn same_verb_clauses_share_the_verb_with_a_dunhao() {
    let cat = Catalogue::default();
    let b = bank();
    let w = Writer { cat: &cat, bank: &b, period: Period::Year, village: false, rotor: Rotor::new(1), date: day(2024, 12, 26), level_say: None, written: Vec::new(), citer: Default::default() };
    let c = |body: &str, tail: &[&str]| Clause { body: body.into(), tail: tail.iter().map(|t| t.to_string()).collect() };
    assert_eq!(w.join(&[c("召开支部党员大会126次", &[]), c("召开支委会372次", &[]), c("召开党小组会492次", &[])]), "召开支部党员大会126次、支委会372次、党小组会492次");
    assert_eq!(w.join(&[c("召开支部党员大会4次", &["较上年增加1次"]), c("召开支委会12次", &[])]), "召开支部党员大会4次，较上年增加1次，召开支委会12次", "no merge across a tail");
    assert_eq!(w.join(&[c("各支部召开党员大会98次", &[]), c("各支部讲授党课97次", &[])]), "各支部召开党员大会98次，讲授党课97次", "one subject per sentence");
    assert_eq!(w.join(&[c("各党小组开展学习讨论6次", &[]), c("开展党课教育2次", &[])]), "各党小组开展学习讨论6次，开展党课教育2次", "no merge across subjects");
    assert_eq!(w.join(&[c("各支部召开党员大会6次", &[]), c("各支部召开支委会2次", &[])]), "各支部召开党员大会6次、支委会2次");
}
