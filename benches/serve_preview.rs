//! The live preview of `zongjie serve` on a five-page report: what one
//! keystroke costs on the server — the whole form applied to the sheet
//! (toml_edit), then load, check, compose, layout with the PDF's fonts and
//! the HTML of the pages. The budget is 200 ms on 2 cores.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zongjie::data::Period;
use zongjie::serve::{App, edit, page, preview};

fn keystroke(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let app = App::new(&dir, 0).expect("app");
    let path = app.root.join("five-pages.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cat = &app.setup.templates.catalogue;
    // Every field of the form as the page sends it, one figure changed.
    let html = page::editor("five-pages.toml", "v", &edit::parse(&text).unwrap(), cat, &BTreeMap::new(), None, None);
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for part in html.split("<input name=\"").skip(1) {
        let (name, rest) = part.split_once('"').unwrap();
        let value = rest.split_once("value=\"").map_or("", |(_, v)| v.split('"').next().unwrap());
        fields.insert(name.to_string(), value.replace("&quot;", "\"").replace("&amp;", "&"));
    }
    fields.insert("figures.theory_study.h1".into(), "9".into());
    let once = || {
        let edited = edit::apply(&text, &fields, cat, &BTreeMap::new()).unwrap();
        preview::preview(&app, &path, &edited, Period::Year)
    };
    let p = once();
    assert!(p.pages >= 5, "a five-page report, got {}", p.pages);
    let mut g = c.benchmark_group("serve");
    g.sample_size(20);
    g.bench_function("preview_keystroke_5_pages", |b| b.iter(|| black_box(once())));
    g.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
