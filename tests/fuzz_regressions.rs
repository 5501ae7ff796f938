//! Every input the fuzzer (fuzz/driver.rs) or the probes ever
//! crashed, hung or aborted on, through the real binary: `render` in every
//! format and `check --fix` end with an exit code (never a signal) and a
//! Chinese message, within a time bound. Add a file to fuzz/regressions/ for
//! each new crash.

mod common;

use common::*;

#[test]
fn every_saved_crash_ends_in_a_message() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("regressions");
    std::fs::create_dir(&dir).unwrap();
    let mut names = Vec::new();
    for e in std::fs::read_dir(root().join("fuzz/regressions")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    assert!(names.len() >= 10, "{names:?}");
    let o = run_limited(d.path(), &["render", "regressions", "-o", "out", "--format", "all"], 300);
    let t = text(&o);
    assert!(o.status.code().is_some(), "killed by a signal: {t}");
    assert!(!t.contains("panicked") && !t.contains("内部错误") && !t.contains("attempt to"), "{t}");
    // Each sheet is accounted for: written, or listed with its reason.
    for n in &names {
        assert!(t.contains(n.as_str()) || listing(&d.path().join("out")).iter().any(|f| f.contains(n.trim_end_matches(".toml"))), "{n} not mentioned: {t}");
    }
    let o = run_limited(d.path(), &["check", "regressions", "--fix"], 300);
    let t = text(&o);
    assert!(o.status.code().is_some(), "killed by a signal: {t}");
    assert!(!t.contains("panicked"), "{t}");
    // One --fix run leaves nothing to fix.
    let o = run_limited(d.path(), &["check", "regressions", "--fix"], 300);
    assert!(!text(&o).contains("已修复"), "{}", text(&o));
}
