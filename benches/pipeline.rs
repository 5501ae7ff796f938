//! Criterion benchmarks of each pipeline stage on the bundled example sheet:
//! sheet load, compose, layout, the checker, and each renderer, plus the whole
//! pipeline. Budgets live in bench output (see bench/run.sh), not in tests.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zongjie::compose::{Templates, compose};
use zongjie::data::{DataSheet, Period, SourceFile};
use zongjie::doc::FormatProfile;
use zongjie::layout::{Grid, layout};
use zongjie::lint;
use zongjie::render::Format;

fn example() -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/青石镇.toml");
    SourceFile::new(&path, std::fs::read_to_string(&path).expect("example sheet"))
}

fn stages(c: &mut Criterion) {
    let templates = Templates::builtin().expect("templates");
    let src = example();
    let format = FormatProfile::default();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 26).unwrap();

    c.bench_function("templates_load", |b| b.iter(|| black_box(Templates::builtin().unwrap())));
    c.bench_function("sheet_load", |b| b.iter(|| black_box(DataSheet::from_text(src.clone(), &templates.catalogue).unwrap())));
    let ds = DataSheet::from_text(src.clone(), &templates.catalogue).unwrap();
    c.bench_function("compose_year", |b| b.iter(|| black_box(compose(&ds, Period::Year, &templates, &format, today).unwrap())));
    let doc = compose(&ds, Period::Year, &templates, &format, today).unwrap();
    // Layout alone (the PDF's line breaking and paging), on the process's fonts.
    if let Ok(set) = zongjie::fonts::shared() {
        let faces = set.faces().unwrap();
        let grid = Grid::gbt9704();
        c.bench_function("layout_year", |b| b.iter(|| black_box(layout(&doc, &grid, &faces))));
    }
    let periods = Period::ALL;
    c.bench_function("check_both_periods", |b| b.iter(|| black_box(lint::check(&ds, &lint::Options { periods: &periods, templates: &templates, format: &format, today }))));
    for f in [Format::Txt, Format::Docx, Format::Pdf] {
        if let Ok(r) = f.renderer() {
            c.bench_function(&format!("render_{}", r.extension()), |b| b.iter(|| black_box(r.render(&doc).unwrap())));
        }
    }
    let formats: Vec<_> = [Format::Txt, Format::Docx, Format::Pdf].into_iter().filter_map(|f| f.renderer().ok()).collect();
    c.bench_function("whole_pipeline_both_periods_all_formats", |b| {
        b.iter(|| {
            let ds = DataSheet::from_text(src.clone(), &templates.catalogue).unwrap();
            for p in Period::ALL {
                let doc = compose(&ds, p, &templates, &format, today).unwrap();
                for r in &formats {
                    black_box(r.render(&doc).unwrap());
                }
            }
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
