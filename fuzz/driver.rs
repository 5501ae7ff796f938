//! A stable, in-process mutational fuzzer for the whole pipeline (no
//! nightly, no libFuzzer): sheet text → load (with village sheets) →
//! compose both versions → page layout and the txt renderer (every input),
//! docx and PDF writers (one input in [`FULL_EVERY`], and every replayed
//! one) → check → `check --fix` to its fixed point, then a second fix pass
//! that must find nothing (idempotence). Seeds: data/, tests/fixtures/
//! and the lint corpus; mutations: token insertion from a sheet
//! dictionary, deletion, repetition (long and deeply nested inputs),
//! line splicing, interesting numbers and characters. Inputs that give a
//! new outcome join the corpus. Build it with overflow checks (see
//! fuzz/README.md); a panic is saved under `OUT/crashes/`, an input taking
//! over 2 s of CPU (the machine may be shared) under `OUT/slow/`, and the input being run is always in
//! `OUT/work/current.toml` (an abort — stack overflow, allocation failure —
//! leaves it there).
//!
//! `--target report` fuzzes the readers of existing reports instead
//! (.txt and structure-aware .docx: see `report.rs`).
//!
//! Usage: `fuzz [--target sheet|report] [--execs N] [--seconds S] [--seed N] [--out DIR] [--replay FILE…]`

mod report;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use zongjie::cli::batch::Setup;
use zongjie::cli::check::fixed_text;
use zongjie::compose::{self, Templates};
use zongjie::data::{DataSheet, Period};
use zongjie::lint;
use zongjie::profile::Profile;
use zongjie::render::{Format, Renderer};

const SLOW: Duration = Duration::from_secs(2);
const MAX_INPUT: usize = 1 << 20;
const MAX_CORPUS: usize = 4000;
/// Inputs longer than this run but do not join the corpus (they would slow every descendant).
const MAX_KEPT: usize = 8 * 1024;

const DICT: &[&str] = &[
    "[[work]]\ntitle = \"加强组织建设\"\n", "[[work.points]]\ntext = \"", "[[problems]]\ntitle = \"短板\"\ntext = \"", "[[plans]]\ntitle = \"打算\"\ntext = \"",
    "[figures]\n", "\"\n", "\"\"\"\n", "'''", "{", "}", "{{", "}}", "|", "{members}", "{上半年|全年}", "{theory_study.h1}", "{a{b{c", ",", ",,,,", "))))", "((", "...", "1、", "。。", "“", "”",
    "year = ", "2024", "2147483647", "-2147483648", "99999999999999999999", "9223372036854775807", "-1", "0", "1e309", "nan", "inf", "0.0000001", "[1, 2]", "{ h1 = 3, year = 5 }",
    "villages = [\"石桥村.toml\"]\n", "villages = [\"current.toml\"]\n", "villages = [\"a.toml\"]\n", "villages = [\"../../etc/passwd\"]\n", "villages = [\"/dev/zero\"]\n",
    "\\u001b[2J", "\\u0000", "\\u0007", "\\e", "\\t", "\\n", "\\\\", "date = 2024-07-08\n", "date = 2024-13-45\n", "h1 = 2024-06-30", "when = \"h1\"\n", "when = \"h2\"\n",
    "block = \"politics\"\n", "layout = \"by_block\"\n", "layout = \"numbered\"\n", "# 不检查\n", "# 不检查：doubled\n", "kind = \"党建工作总结\"\n", "members = [38, 40]\n",
    "last_year = 12\n", "auto = [\"members\"]\n", "全面加强全面加强", "党的建设党的建设", "的的", "\n", " ", "　", "\t", "=", "[", "]", "[[", "]]", ".", "#", "\u{feff}", "﻿",
    "area = \"", "name = \"", "[unit]\n", "[report]\n", "opening = \"", "closing = \"", "superior = \"", "guiding = \"", "spirit = [\"", "approach = \"",
];
const CHARS: &[char] = &['青', '镇', '。', '，', '、', '（', '）', '；', '：', '“', '”', '…', '—', '\u{200b}', '\u{202e}', '𠀀', 'é', '١', 'A', '9', '\\', '"', '\''];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit of `s`, drawing on `dict` for tokens and `corpus` for splices.
fn mutate(s: &mut String, rng: &mut Rng, corpus: &[String], dict: &[&str]) {
    let at = boundary(s, rng.below(s.len() + 1));
    match rng.below(9) {
        0 | 1 => s.insert_str(at, dict[rng.below(dict.len())]),
        2 => {
            let end = boundary(s, at + 1 + rng.below(64));
            s.replace_range(at..end, "");
        }
        3 => {
            // Repetition: long lines, many entries, deep nesting.
            let end = boundary(s, at + 1 + rng.below(16));
            let chunk = s[at..end].to_string();
            // Mostly small: a long input is slow through every stage; the huge ones still come.
            let times = [2, 2, 3, 4, 8, 16, 2, 3, 100, 1000, 10_000][(rng.below(11) * rng.below(11)) / 10];
            if !chunk.is_empty() && s.len() + chunk.len() * times <= MAX_INPUT {
                s.insert_str(end, &chunk.repeat(times));
            }
        }
        4 => {
            let other = &corpus[rng.below(corpus.len())];
            let lines: Vec<&str> = other.lines().collect();
            if !lines.is_empty() {
                let line = lines[rng.below(lines.len())];
                s.insert_str(at, &format!("{line}\n"));
            }
        }
        5 => {
            // Replace a run of digits by an interesting number.
            if let Some(start) = s[at..].find(|c: char| c.is_ascii_digit()).map(|i| at + i) {
                let end = s[start..].find(|c: char| !c.is_ascii_digit()).map_or(s.len(), |i| start + i);
                let n = ["0", "-1", "1", "2000", "2100", "1999", "2147483647", "4294967296", "99999999999999999999", "1e400", "3.5"][rng.below(11)];
                s.replace_range(start..end, n);
            }
        }
        6 => s.insert(at, CHARS[rng.below(CHARS.len())]),
        7 => {
            // Swap two lines.
            let mut lines: Vec<&str> = s.lines().collect();
            if lines.len() > 2 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                *s = lines.join("\n");
            }
        }
        _ => {
            let end = boundary(s, at + rng.below(8));
            let other = &corpus[rng.below(corpus.len())];
            let from = boundary(other, rng.below(other.len() + 1));
            let to = boundary(other, from + rng.below(200));
            s.replace_range(at..end, &other[from..to]);
        }
    }
}

struct Pipeline {
    setup: Setup,
    /// txt, docx, pdf.
    renderers: Vec<Box<dyn Renderer + Send + Sync>>,
    fonts: Arc<zongjie::fonts::FontSet>,
    periods: [Period; 2],
}

/// One input in this many goes through the docx and PDF writers (zip and
/// stream compression dominate their cost); every input is laid out.
const FULL_EVERY: usize = 8;

#[derive(Default)]
struct Outcome {
    signature: u64,
    not_idempotent: bool,
}

impl Pipeline {
    /// Runs everything on the sheet at `path` (text `text`).
    fn run(&self, path: &Path, text: &[u8], full: bool) -> Outcome {
        let mut sig = std::collections::hash_map::DefaultHasher::new();
        let cat = &self.setup.templates.catalogue;
        let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default();
        let ds = match DataSheet::load_with(path, cat, &self.setup.profile) {
            Ok(ds) => ds,
            Err(e) => {
                // The message itself is part of the product: format it.
                let m = e.to_string();
                m.split('：').nth(1).unwrap_or("").chars().take(6).collect::<String>().hash(&mut sig);
                return Outcome { signature: sig.finish(), not_idempotent: false };
            }
        };
        1u8.hash(&mut sig);
        for &period in &self.periods {
            match compose::compose(&ds, period, &self.setup.templates, &self.setup.profile.format, today) {
                Ok(doc) => {
                    doc.blocks.len().min(64).hash(&mut sig);
                    // The PDF renderer's layout, on every input.
                    if let Ok(faces) = self.fonts.faces() {
                        let grid = zongjie::layout::Grid::from_profile(&doc.format);
                        let paged = zongjie::layout::layout(&doc, &grid, &faces);
                        paged.pages.len().min(16).hash(&mut sig);
                    }
                    let n = if full { self.renderers.len() } else { 1 };
                    for r in &self.renderers[..n] {
                        match r.render(&doc) {
                            Ok(bytes) => (bytes.len() / 4096).min(16).hash(&mut sig),
                            Err(e) => e.to_string().chars().take(6).collect::<String>().hash(&mut sig),
                        }
                    }
                }
                Err(e) => e.to_string().split('：').nth(1).unwrap_or("").chars().take(6).collect::<String>().hash(&mut sig),
            }
        }
        let opts = lint::Options { periods: &self.periods, templates: &self.setup.templates, format: &self.setup.profile.format, today };
        let findings = lint::check(&ds, &opts);
        let rules: std::collections::BTreeSet<&str> = findings.iter().map(|f| f.rule.id()).collect();
        rules.hash(&mut sig);
        let mut not_idempotent = false;
        if findings.iter().any(|f| f.fix.is_some())
            && let Ok(original) = std::str::from_utf8(text)
            && let Ok((fixed, applied)) = fixed_text(path, original, &findings, &self.setup, &self.periods)
        {
            applied.len().min(8).hash(&mut sig);
            // A second --fix must find nothing left to fix.
            if let Ok(ds2) = DataSheet::from_text(zongjie::data::SourceFile::new(path, fixed.clone()), cat) {
                let again = lint::check(&ds2, &opts);
                if let Ok((refixed, _)) = fixed_text(path, &fixed, &again, &self.setup, &self.periods) {
                    not_idempotent = refixed != fixed;
                }
            }
        }
        Outcome { signature: sig.finish(), not_idempotent }
    }
}

fn seeds(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["data", "tests/fixtures"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
        files.sort();
        out.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    let head = "[unit]\nname = \"中共青石镇委员会\"\narea = \"青石镇\"\n\n[report]\nyear = 2024\ndate = { h1 = 2024-07-08, year = 2024-12-26 }\n\n[[work]]\ntitle = \"语料\"\n";
    for corpus in ["clean.txt", "defective.txt"] {
        let text = std::fs::read_to_string(root.join("tests/lint_corpus").join(corpus)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
        for chunk in lines.chunks(12) {
            let mut s = head.to_string();
            for l in chunk {
                s.push_str(&format!("\n[[work.points]]\ntext = '''{}'''\n", l.replace("'''", "")));
            }
            out.push(s);
        }
    }
    out
}

/// CPU time of the calling thread in nanoseconds (Linux; 0 elsewhere): the
/// machine is shared, so "slow" is judged on CPU time, not on the clock.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()).map_or(0, |kb| kb / 1024)
}

fn save(dir: &Path, text: &[u8], ext: &str) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let p = dir.join(format!("{:016x}.{ext}", h.finish()));
    let _ = std::fs::write(&p, text);
    p
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let max_execs: u64 = arg("--execs").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let max_secs: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(u64::MAX);
    let seed: u64 = arg("--seed").and_then(|v| v.parse().ok()).unwrap_or(0x9e37_79b9_7f4a_7c15) | 1;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = arg("--out").map_or_else(|| root.join("fuzz/out"), PathBuf::from);
    let work = out.join("work");
    std::fs::create_dir_all(&work).expect("create the work folder");
    for v in ["石桥村.toml", "龙潭村.toml"] {
        std::fs::copy(root.join("data").join(v), work.join(v)).expect("copy a village sheet");
    }
    // Two village sheets that list each other.
    std::fs::write(work.join("a.toml"), std::fs::read_to_string(root.join("data/龙潭村.toml")).unwrap_or_default().replace("year = 2024\n", "year = 2024\nvillages = [\"b.toml\"]\n")).ok();
    std::fs::write(work.join("b.toml"), "[report]\nvillages = [\"a.toml\"]\n").ok();
    let current = work.join("current.toml");

    let templates = Arc::new(Templates::load(None).expect("built-in templates"));
    let setup = Setup { profile: Arc::new(Profile::default()), templates };
    let renderers = [Format::Txt, Format::Docx, Format::Pdf].iter().map(|f| f.renderer().expect("renderer (fonts installed?)")).collect();
    let fonts = zongjie::fonts::shared().expect("fonts (install fonts-noto-cjk)");
    let pipeline = Pipeline { setup, renderers, fonts, periods: [Period::H1, Period::Year] };

    let last_panic: Arc<std::sync::Mutex<String>> = Arc::default();
    let lp = last_panic.clone();
    std::panic::set_hook(Box::new(move |info| {
        let loc = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let msg = info.payload().downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        if std::env::var_os("FUZZ_PANIC").is_some() { eprintln!("{loc}: {msg}"); }
        *lp.lock().unwrap_or_else(|e| e.into_inner()) = format!("{loc}: {msg}");
    }));

    let replay: Vec<String> = args.iter().skip_while(|a| *a != "--replay").skip(1).cloned().collect();
    if !replay.is_empty() {
        let mut bad = 0;
        for f in &replay {
            let text = std::fs::read(f).expect("read a replay file");
            // A report (.txt, .docx) replays through the report target.
            let ext = Path::new(f).extension().and_then(|x| x.to_str()).unwrap_or("toml");
            let here = if ext == "toml" { current.clone() } else { work.join(format!("current.{ext}")) };
            std::fs::write(&here, &text).expect("write the current input");
            let t = Instant::now();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if ext == "toml" { pipeline.run(&here, &text, true) } else { Outcome { signature: report::run(&here, true, &pipeline.setup.templates, &work).0, not_idempotent: false } }
            }));
            let verdict = match r {
                Err(_) => {
                    bad += 1;
                    format!("PANIC {}", last_panic.lock().unwrap_or_else(|e| e.into_inner()))
                }
                Ok(o) if o.not_idempotent => "not idempotent".into(),
                Ok(_) => "ok".into(),
            };
            println!("{f}: {verdict} ({} ms)", t.elapsed().as_millis());
        }
        std::process::exit(i32::from(bad > 0));
    }

    // A watchdog: an input running far past the limit is reported (and the run stopped) even if it never returns.
    let reports = arg("--target").is_some_and(|t| t == "report");
    let running: Arc<std::sync::Mutex<PathBuf>> = Arc::new(std::sync::Mutex::new(current.clone()));
    let started = Arc::new(AtomicU64::new(u64::MAX));
    let epoch = Instant::now();
    {
        let started = started.clone();
        let running = running.clone();
        let out = out.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let s = started.load(Ordering::Relaxed);
                if s != u64::MAX && epoch.elapsed().as_millis() as u64 - s > 60_000 {
                    let path = running.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    let text = std::fs::read(&path).unwrap_or_default();
                    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("bin").to_string();
                    let p = save(&out.join("hangs"), &text, &ext);
                    eprintln!("HANG > 60 s: {}", p.display());
                    std::process::exit(3);
                }
            }
        });
    }

    let sheets = seeds(&root);
    let mut corpus = if reports { report::seeds(&root, &sheets, &pipeline.setup) } else { sheets };
    let dict: &[&str] = if reports { report::DICT } else { DICT };
    assert!(!corpus.is_empty(), "no seeds");
    let mut seen: HashSet<u64> = HashSet::new();
    let mut rng = Rng(seed);
    let (mut crashes, mut slow, mut not_idempotent, mut unloadable) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let t0 = Instant::now();
    let mut last_report = Instant::now();
    let mut f = std::fs::File::create(&current).expect("create the current input");
    let annotated = work.join("annotated");
    let _ = std::fs::create_dir_all(&annotated);
    let mut execs = 0u64;
    while execs < max_execs && t0.elapsed().as_secs() < max_secs {
        let mut input = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut input, &mut rng, &corpus, dict);
        }
        let full = rng.below(FULL_EVERY) == 0;
        // The input on disk before it runs: an abort leaves it there.
        let (path, bytes) = if reports {
            let built = report::build(&input, &mut rng);
            let path = work.join(built.name);
            let _ = std::fs::write(&path, &built.bytes);
            (path, built.bytes)
        } else {
            let mut bytes = input.clone().into_bytes();
            if rng.below(50) == 0 && !bytes.is_empty() {
                let i = rng.below(bytes.len());
                bytes[i] = 0x80 | (rng.next() as u8 & 0x3f); // invalid UTF-8
            }
            use std::io::Seek;
            let _ = f.set_len(0);
            let _ = f.rewind();
            let _ = f.write_all(&bytes);
            (current.clone(), bytes)
        };
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("toml").to_string();
        *running.lock().unwrap_or_else(|e| e.into_inner()) = path.clone();
        started.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
        let cpu = thread_cpu_ns();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if reports {
                let (signature, bad) = report::run(&path, full, &pipeline.setup.templates, &annotated);
                (Outcome { signature, not_idempotent: false }, bad)
            } else {
                (pipeline.run(&path, &bytes, full), false)
            }
        }));
        let took = Duration::from_nanos(thread_cpu_ns().saturating_sub(cpu));
        started.store(u64::MAX, Ordering::Relaxed);
        execs += 1;
        slowest = slowest.max(took);
        if took > SLOW {
            slow += 1;
            let p = save(&out.join("slow"), &bytes, &ext);
            eprintln!("SLOW {} ms of CPU: {}", took.as_millis(), p.display());
        }
        match r {
            Err(_) => {
                crashes += 1;
                let p = save(&out.join("crashes"), &bytes, &ext);
                eprintln!("CRASH {}: {}", last_panic.lock().unwrap_or_else(|e| e.into_inner()), p.display());
            }
            Ok((o, bad)) => {
                if bad {
                    // An imported sheet that does not load: `import` would say 内部错误.
                    unloadable += 1;
                    if unloadable <= 20 {
                        let p = save(&out.join("unloadable"), &bytes, &ext);
                        eprintln!("IMPORTED SHEET DOES NOT LOAD: {}", p.display());
                    }
                }
                if o.not_idempotent {
                    not_idempotent += 1;
                    if not_idempotent <= 20 {
                        let p = save(&out.join("not-idempotent"), &bytes, &ext);
                        eprintln!("NOT IDEMPOTENT: {}", p.display());
                    }
                }
                if seen.insert(o.signature) && input.len() < MAX_KEPT {
                    if corpus.len() >= MAX_CORPUS {
                        let i = rng.below(corpus.len());
                        corpus[i] = input;
                    } else {
                        corpus.push(input);
                    }
                }
            }
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!("{execs} execs, {:.0}/s, corpus {}, crashes {crashes}, slow {slow}, not idempotent {not_idempotent}, imports not loading {unloadable}, slowest {} ms CPU, peak {} MB", execs as f64 / t0.elapsed().as_secs_f64(), corpus.len(), slowest.as_millis(), peak_rss_mb());
        }
    }
    println!(
        "done: {execs} execs in {} s, corpus {}, crashes {crashes}, slow (> 2 s CPU) {slow}, not idempotent {not_idempotent}, imports not loading {unloadable}, slowest {} ms CPU, peak RSS {} MB",
        t0.elapsed().as_secs(),
        corpus.len(),
        slowest.as_millis(),
        peak_rss_mb()
    );
    std::process::exit(i32::from(crashes > 0 || slow > 0));
}
