//! The sheet list of `zongjie serve` on a county folder of 300 sheets: the
//! first visit loads and checks every sheet (both versions); later visits
//! only hash the files and reuse the rows of those that did not change.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zongjie::serve::{App, sheets};

fn county(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let (src, area) = if i % 3 == 0 { ("青石镇.toml", "镇") } else { ("石桥村.toml", "村") };
        let text = std::fs::read_to_string(data.join(src)).unwrap().replace(&format!("青石{area}"), &format!("第{i}{area}")).replace(&format!("石桥{area}"), &format!("第{i}{area}"));
        std::fs::write(dir.path().join(format!("{i:03}.toml")), text).unwrap();
    }
    let warm = App::new(dir.path(), 0).expect("app");
    let rows = sheets::rows(&warm);
    assert_eq!(rows.len(), 300);
    let mut g = c.benchmark_group("serve_list");
    g.sample_size(10);
    g.bench_function("300_sheets_first_visit", |b| {
        b.iter(|| {
            let app = App::new(dir.path(), 0).expect("app");
            black_box(sheets::rows(&app))
        })
    });
    g.bench_function("300_sheets_again", |b| b.iter(|| black_box(sheets::rows(&warm))));
    g.finish();
}

criterion_group!(benches, county);
criterion_main!(benches);
