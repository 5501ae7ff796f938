//! Hostile files (issue 23), through the real binary: the readers of .docx,
//! .txt and sheets are bounded in depth, size, time and memory, and every
//! refusal is one Chinese message. Large inputs are generated here, never
//! committed; small reproducers live in fuzz/regressions/.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// No panic, no abort, no English from the OS or a parser.
fn assert_clean(o: &Output) {
    let t = text(o);
    assert!(o.status.code().is_some(), "killed by a signal: {t}");
    for bad in ["panicked", "overflow", "os error", "expected", "invalid", "detected", "token", "error", "Error", "RUST_BACKTRACE"] {
        assert!(!t.contains(bad), "“{bad}” in: {t}");
    }
}

/// Runs `zongjie args` in `dir` under /usr/bin/time: its output (the
/// measurement removed) and its peak resident memory in MB.
fn measured(dir: &Path, args: &[&str]) -> (Output, u64) {
    let mut o = Command::new("/usr/bin/time").args(["-f", "PEAK-KB %M"]).arg(bin()).args(args).current_dir(dir).output().expect("run /usr/bin/time");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    let (rest, peak) = err.rsplit_once("PEAK-KB ").expect("a measurement");
    let kb: u64 = peak.trim().parse().expect("kB");
    // /usr/bin/time adds a line when the exit status is not 0.
    let rest: String = rest.lines().filter(|l| !l.starts_with("Command exited with non-zero status")).map(|l| format!("{l}\n")).collect();
    o.stderr = rest.into_bytes();
    (o, kb / 1024)
}

// ---------------------------------------------------------------- packages

/// A zip entry as written by [`zip_of`]: name, method (0 stored, 8
/// deflated), the stored bytes, their CRC-32 and inflated size as declared.
struct Entry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

impl Entry {
    fn stored(name: &str, data: &[u8]) -> Entry {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        Entry { name: name.into(), method: 0, data: data.to_vec(), crc: crc.sum(), size: data.len() as u32 }
    }
}

/// A zip file written by hand (the zip crate will not store a deflate
/// stream made elsewhere).
fn zip_of(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        for (v, central_dir) in [(&mut out, false), (&mut central, true)] {
            u32le(v, if central_dir { 0x0201_4b50 } else { 0x0403_4b50 });
            if central_dir {
                u16le(v, 20);
            }
            for x in [20, 0, e.method, 0, 0x21] {
                u16le(v, x);
            }
            for x in [e.crc, e.data.len() as u32, e.size] {
                u32le(v, x);
            }
            u16le(v, e.name.len() as u16);
            u16le(v, 0);
            if central_dir {
                for x in [0, 0, 0] {
                    u16le(v, x);
                }
                u32le(v, 0);
                u32le(v, offset);
            }
            v.extend_from_slice(e.name.as_bytes());
        }
        out.extend_from_slice(&e.data);
    }
    let (cd_at, cd_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        u16le(&mut out, x);
    }
    u32le(&mut out, cd_len);
    u32le(&mut out, cd_at);
    u16le(&mut out, 0);
    out
}

/// A deflate stream of about `mb` megabytes of zero bytes, about 1,000
/// times smaller (a dynamic block whose length-258, distance-1 match costs
/// two bits), built directly instead of compressing gigabytes.
/// The entry for it: declared size exact, CRC not (never checked by a
/// reader that stops early — which is the point).
fn zero_bomb(name: &str, mb: u64) -> Entry {
    let matches = mb * 1024 * 1024 / 258;
    let mut bits = Bits::default();
    bits.put(1, 1); // final block
    bits.put(2, 2); // dynamic Huffman
    bits.put(29, 5); // 286 literal/length codes
    bits.put(0, 5); // 1 distance code
    bits.put(14, 4); // 18 code length codes
    // Code length code lengths in their odd order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1.
    for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
        bits.put(len, 3);
    }
    // Code length codes: 18 → 0, 1 → 10, 2 → 11. Literal 0 has length 2,
    // 1..=255 none, 256 (end) 2, 257..=284 none, 285 (length 258) 1; distance 0 length 1.
    bits.code(0b11, 2);
    bits.code(0, 1);
    bits.put(127, 7); // 138 zeros
    bits.code(0, 1);
    bits.put(106, 7); // 117 zeros
    bits.code(0b11, 2);
    bits.code(0, 1);
    bits.put(17, 7); // 28 zeros
    bits.code(0b10, 2);
    bits.code(0b10, 2);
    // Data: literal 0 (code 10), then the matches (code 0, distance code 0: two zero bits each), end (11).
    bits.code(0b10, 2);
    let mut left = matches * 2;
    while left > 0 && bits.used != 0 {
        bits.put(0, 1);
        left -= 1;
    }
    bits.bytes.resize(bits.bytes.len() + (left / 8) as usize, 0);
    for _ in 0..left % 8 {
        bits.put(0, 1);
    }
    bits.code(0b11, 2);
    let data = bits.bytes;
    Entry { name: name.into(), method: 8, data, crc: 0, size: (1 + matches * 258) as u32 }
}

/// A deflate bit writer: values least significant bit first, Huffman codes most significant first.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u8,
}

impl Bits {
    fn put(&mut self, value: u32, n: u8) {
        for i in 0..n {
            if self.used == 0 {
                self.bytes.push(0);
            }
            let last = self.bytes.len() - 1;
            self.bytes[last] |= (((value >> i) & 1) as u8) << self.used;
            self.used = (self.used + 1) % 8;
        }
    }

    fn code(&mut self, code: u32, n: u8) {
        for i in (0..n).rev() {
            self.put((code >> i) & 1, 1);
        }
    }
}

/// A .docx whose body is `body` (raw XML), with `more` entries after its parts.
fn docx_with(body: &str, more: Vec<Entry>) -> Vec<u8> {
    let document = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/octet-stream"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut entries = vec![Entry::stored("[Content_Types].xml", types.as_bytes()), Entry::stored("_rels/.rels", rels.as_bytes()), Entry::stored("word/document.xml", document.as_bytes())];
    entries.extend(more);
    zip_of(&entries)
}

/// Body paragraphs of plain text.
fn paras(texts: &[&str]) -> String {
    texts.iter().map(|t| format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")).collect()
}

/// A short report with one mistake a rule finds (half-width comma).
const REPORT: &[&str] = &["青山镇2024年党建工作总结", "一、工作开展情况", "今年以来,我镇坚持以党建引领发展。", "二、存在的问题", "学习形式还不够丰富。", "三、2025年工作打算", "继续抓好党员教育。", "中共青山镇委员会", "2024年12月20日"];

fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

// ---------------------------------------------------------------- 1. depth

#[test]
fn deeply_nested_word_files_get_one_message_in_every_command() {
    let d = tempfile::tempdir().unwrap();
    let deep = format!("{}{}{}", "<w:sdt><w:sdtContent>".repeat(15_000), paras(&["深处"]), "</w:sdtContent></w:sdt>".repeat(15_000));
    put(d.path(), "深.docx", &docx_with(&format!("{}{deep}", paras(REPORT)), vec![]));
    for args in [&["check", "深.docx"][..], &["check", "深.docx", "--annotate"], &["import", "深.docx"], &["render", "深.docx", "-o", "out"]] {
        let o = run_limited(d.path(), args, 120);
        assert_clean(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("嵌套超过 256 层"), "{args:?}: {}", text(&o));
    }
    // In a folder, with several at once: the others are still checked.
    std::fs::create_dir(d.path().join("县")).unwrap();
    for i in 0..4 {
        let deep = format!("{}{}", "<w:tbl><w:tr><w:tc>".repeat(3_000), "</w:tc></w:tr></w:tbl>".repeat(3_000));
        put(&d.path().join("县"), &format!("深{i}.docx"), &docx_with(&format!("{}{deep}", paras(REPORT)), vec![]));
    }
    put(&d.path().join("县"), "好.docx", &docx_with(&paras(REPORT), vec![]));
    let o = run_limited(d.path(), &["check", "县"], 120);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o).matches("嵌套超过").count(), 4, "{}", text(&o));
    assert!(text(&o).contains("好.docx:第3段"), "the good report is checked: {}", text(&o));
}

#[test]
fn wide_elements_and_piled_up_namespaces_are_refused_before_the_parser_slows_down() {
    // The parser checks duplicate attributes pairwise and searches every
    // namespace in scope for each element: both grow with their square.
    let d = tempfile::tempdir().unwrap();
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"\"")).collect();
    put(d.path(), "宽.docx", &docx_with(&format!("{}<w:p><w:r{attrs}/></w:p>", paras(REPORT)), vec![]));
    let scopes: String = (0..100).map(|k| format!("<w:sdt{}><w:sdtContent>", (0..60).map(|i| format!(" xmlns:n{k}x{i}=\"urn:{i}\"")).collect::<String>())).collect();
    let closes = "</w:sdtContent></w:sdt>".repeat(100);
    let filler = "<w:p><w:r><w:t>党</w:t></w:r></w:p>".repeat(15_000);
    put(d.path(), "命名空间.docx", &docx_with(&format!("{}{scopes}{filler}{closes}", paras(REPORT)), vec![]));
    for (file, want) in [("宽.docx", "64 个以上的属性"), ("命名空间.docx", "命名空间声明过多")] {
        let o = run_limited(d.path(), &["check", file], 60);
        assert_clean(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", text(&o));
        assert!(text(&o).contains(want), "{file}: {}", text(&o));
    }
}

// ---------------------------------------------------------------- 4. parser English

#[test]
fn parser_errors_are_said_in_chinese() {
    let d = tempfile::tempdir().unwrap();
    let document = format!(r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaa">]><w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#, paras(REPORT));
    put(d.path(), "dtd.docx", &zip_of(&[Entry::stored("word/document.xml", document.as_bytes())]));
    let bad_name = format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{}<w:1p/></w:body></w:document>"#, paras(REPORT));
    put(d.path(), "name.docx", &zip_of(&[Entry::stored("word/document.xml", bad_name.as_bytes())]));
    for (file, want) in [("dtd.docx", "文档类型定义（DTD）"), ("name.docx", "格式有误")] {
        for cmd in ["check", "import"] {
            let o = run(d.path(), &[cmd, file]);
            assert_clean(&o);
            assert_eq!(o.status.code(), Some(2));
            assert!(text(&o).contains(want), "{cmd} {file}: {}", text(&o));
        }
    }
}

// ---------------------------------------------------------------- 2. bounded inflate

#[test]
fn annotating_a_file_with_a_huge_picture_copies_it_without_inflating() {
    let d = tempfile::tempdir().unwrap();
    let bomb = zero_bomb("word/media/image1.bin", 1024);
    let compressed = bomb.data.clone();
    let file = docx_with(&paras(REPORT), vec![bomb]);
    assert!(file.len() < 2 * 1024 * 1024, "{}", file.len());
    put(d.path(), "报告.docx", &file);
    let (o, peak) = measured(d.path(), &["check", "报告.docx", "--annotate"]);
    assert_clean(&o);
    assert!(text(&o).contains("批注"), "{}", text(&o));
    assert!(peak <= 300, "peak {peak} MB");
    // The picture is in the copy, byte for byte as it was stored.
    let copy = std::fs::read(d.path().join("报告（批注）.docx")).unwrap();
    assert!(copy.windows(compressed.len().min(4096)).any(|w| w == &compressed[..compressed.len().min(4096)]));
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(copy)).unwrap();
    let media = z.by_name("word/media/image1.bin").unwrap();
    assert_eq!((media.compressed_size(), media.size()), (compressed.len() as u64, 1 + (1024 * 1024 * 1024 / 258) * 258));
}

#[test]
fn the_edited_since_generated_guard_reads_a_bounded_amount() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    std::fs::create_dir(d.path().join("out")).unwrap();
    // A 2 MB file lying at the output names, its main part inflating to 2 GB.
    let mut custom = String::from(r#"<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="zongjie-content-hash"><vt:lpwstr>0123456789abcdef</vt:lpwstr></property></Properties>"#);
    custom.insert_str(0, "<?xml version=\"1.0\"?>");
    let bomb = zip_of(&[Entry::stored("docProps/custom.xml", custom.as_bytes()), zero_bomb("word/document.xml", 2048)]);
    for name in ["青石镇2024年党建工作总结.docx", "青石镇2024年上半年党建工作总结.docx"] {
        put(&d.path().join("out"), name, &bomb);
    }
    let (o, peak) = measured(d.path(), &["render", "青石镇.toml", "-o", "out", "-f", "docx"]);
    assert_clean(&o);
    assert!(peak <= 300, "peak {peak} MB");
    assert!(text(&o).contains("未覆盖") && text(&o).contains("生成后被修改过"), "{}", text(&o));
    assert_eq!(std::fs::read(d.path().join("out/青石镇2024年党建工作总结.docx")).unwrap(), bomb, "kept as it was");
    // The roll-up's .xlsx guard: the same.
    let xlsx = zip_of(&[Entry::stored("docProps/custom.xml", custom.as_bytes()), zero_bomb("xl/worksheets/sheet1.xml", 2048)]);
    put(&d.path().join("out"), "青石镇2024年党建工作主要指标汇总表.xlsx", &xlsx);
    let (o, peak) = measured(d.path(), &["rollup", "青石镇.toml", "-o", "out", "-f", "xlsx"]);
    assert_clean(&o);
    assert!(peak <= 300, "peak {peak} MB");
    assert!(text(&o).contains("未覆盖"), "{}", text(&o));
}

// ---------------------------------------------------------------- 3. long text

#[test]
fn oversize_reports_are_refused_before_big_structures_are_built() {
    let d = tempfile::tempdir().unwrap();
    // One 4 MB paragraph, in a .txt and in a .docx.
    let long = "党建引领发展，".repeat(200_000);
    write(d.path(), "长段.txt", &format!("{}\n{long}\n{}", REPORT[..3].join("\n"), REPORT[3..].join("\n")));
    let mut texts: Vec<&str> = REPORT.to_vec();
    texts.insert(3, &long);
    put(d.path(), "长段.docx", &docx_with(&paras(&texts), vec![]));
    for (file, place) in [("长段.txt", "第4行有 1400000 个字"), ("长段.docx", "第4段有 1400000 个字")] {
        for args in [&["check", file][..], &["check", file, "--annotate"], &["import", file]] {
            let o = run_limited(d.path(), args, 60);
            assert_clean(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
            assert!(text(&o).contains(place) && text(&o).contains("20000 字的上限"), "{args:?}: {}", text(&o));
        }
    }
    // 600,000 short lines; 300,000 short paragraphs: refused, in little memory.
    write(d.path(), "多行.txt", &"一\n".repeat(600_000));
    let many = "<w:p><w:t>一</w:t></w:p>".repeat(300_000);
    put(d.path(), "多段.docx", &docx_with(&many, vec![]));
    for file in ["多行.txt", "多段.docx"] {
        let (o, peak) = measured(d.path(), &["import", file]);
        assert_clean(&o);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains("20000"), "{file}: {}", text(&o));
        assert!(peak <= 300, "{file}: peak {peak} MB");
    }
}

#[test]
fn four_megabytes_of_half_width_commas_are_refused_in_bounded_memory() {
    // Every character a finding: the rules and the findings must not grow before the refusal.
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "逗号.txt", &format!("{}\n{}", REPORT.join("\n"), ",".repeat(4 * 1024 * 1024)));
    let started = std::time::Instant::now();
    let (o, peak) = measured(d.path(), &["check", "逗号.txt"]);
    assert!(started.elapsed().as_secs() < 60, "a hang guard, not a benchmark");
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", &text(&o)[..2000.min(text(&o).len())]);
    assert!(text(&o).contains("第10行有 4194304 个字"), "{}", text(&o));
    assert!(peak <= 300, "peak {peak} MB");
}

#[test]
fn a_report_of_the_largest_size_allowed_is_checked_in_bounded_memory() {
    // 200 paragraphs of 18,200 characters (9 MB), half a million findings: listed up to the cap.
    let d = tempfile::tempdir().unwrap();
    let line = "党的建设,工作（1）开展了“学习”活动...的的。".repeat(700);
    write(d.path(), "大.txt", &format!("{}\n{}", REPORT.join("\n"), vec![line; 200].join("\n")));
    let (o, peak) = measured(d.path(), &["check", "大.txt"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("处问题未列出（一份报告最多列出 5000 处）"), "{}", &text(&o)[text(&o).len().saturating_sub(3000)..]);
    assert!(peak <= 300, "peak {peak} MB");
}

// ---------------------------------------------------------------- 5. init --from

#[test]
fn init_from_keeps_quoted_keys_and_areas_with_line_breaks() {
    let d = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap();
    let old = old.replace("[figures.custom.household_visits]", "[figures.custom.\"入户走访\"]").replace("{household_visits}", "{入户走访}").replacen("area = \"青石镇\"", "area = \"青石\\n镇\"", 1);
    assert!(old.contains("\"入户走访\"") && old.contains("青石\\n镇"));
    write(d.path(), "上年.toml", &old);
    let o = run(d.path(), &["check", "上年.toml"]);
    assert!(!text(&o).contains("无法读取"), "the old sheet loads: {}", text(&o));
    let o = run(d.path(), &["init", "本年.toml", "--from", "上年.toml"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let new = std::fs::read_to_string(d.path().join("本年.toml")).unwrap();
    assert!(new.contains("[figures.custom.\"入户走访\"]"), "{new}");
    let sheet: toml::Table = toml::from_str(&new).unwrap();
    assert_eq!(sheet["unit"]["area"].as_str(), Some("青石\n镇"));
}

// ---------------------------------------------------------------- also: init into a folder

#[test]
fn init_to_a_folder_writes_into_it() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    std::fs::create_dir(d.path().join("2025")).unwrap();
    let o = run(d.path(), &["init", "2025/", "--from", "青石镇.toml"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(listing(&d.path().join("2025")), ["青石镇.toml"]);
    assert!(!d.path().join("2025.toml").exists());
    let o = run(d.path(), &["init", "2025"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("是一个文件夹"), "{}", text(&o));
    assert_eq!(listing(&d.path().join("2025")), ["青石镇.toml"]);
}

// ---------------------------------------------------------------- 6. import writes sheets that load

#[test]
fn import_of_a_typo_year_in_the_signature_writes_a_sheet_that_loads() {
    let d = tempfile::tempdir().unwrap();
    let mut texts = REPORT.to_vec();
    *texts.last_mut().unwrap() = "2042年12月20日";
    write(d.path(), "报告.txt", &texts.join("\n"));
    let o = run(d.path(), &["import", "报告.txt"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sheet = std::fs::read_to_string(d.path().join("报告.toml")).unwrap();
    // The typo date is shown for the reader and never loaded, nor replaced by today's date:
    // the placeholder that check and render refuse, at its line, until it is filled.
    assert!(sheet.contains("date = { year = \"待填写\" }") && sheet.contains("2042-12-20") && sheet.contains("写错了年份"), "{sheet}");
    assert!(text(&o).contains("与报告年度不符"), "{}", text(&o));
    let o = run(d.path(), &["check", "报告.toml"]);
    assert!(text(&o).contains("报告.toml:") && text(&o).contains("“待填写”不是日期") && !text(&o).contains("内部错误"), "{}", text(&o));
}

// ---------------------------------------------------------------- 7. annotation ids

#[test]
fn annotation_ids_never_wrap_onto_the_users_comments() {
    let d = tempfile::tempdir().unwrap();
    let mut body = paras(REPORT);
    // The user's own comments: id 0 and the largest id there is.
    body = body.replacen("<w:p><w:r>", "<w:p><w:commentRangeStart w:id=\"0\"/><w:commentRangeStart w:id=\"18446744073709551615\"/><w:r>", 1);
    let comments = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="张三"><w:p><w:r><w:t>我的批注</w:t></w:r></w:p></w:comment></w:comments>"#);
    put(d.path(), "报告.docx", &docx_with(&body, vec![Entry::stored("word/comments.xml", comments.as_bytes())]));
    let o = run(d.path(), &["check", "报告.docx", "--annotate"]);
    assert_clean(&o);
    let mut z = zip::ZipArchive::new(std::fs::File::open(d.path().join("报告（批注）.docx")).unwrap()).unwrap();
    let mut all = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/comments.xml").unwrap(), &mut all).unwrap();
    let ids: Vec<&str> = all.match_indices("<w:comment w:id=\"").map(|(i, m)| all[i + m.len()..].split('"').next().unwrap()).collect();
    assert!(ids.len() >= 2, "{all}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate comment ids: {ids:?}");
    assert_eq!(ids.iter().filter(|i| **i == "0").count(), 1, "{ids:?}");
}

// ---------------------------------------------------------------- 8. output paths

#[test]
fn outputs_that_are_not_regular_files_are_refused_even_with_force() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "报告.txt", &REPORT.join("\n"));
    let fifo = d.path().join("管道.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::fs::create_dir(d.path().join("目录.toml")).unwrap();
    for target in ["管道.toml", "目录.toml"] {
        for force in [false, true] {
            let mut args = vec!["import", "报告.txt", "-o", target];
            if force {
                args.push("--force");
            }
            let o = run_limited(d.path(), &args, 30);
            assert_clean(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
            assert!(text(&o).contains("不是普通文件"), "{args:?}: {}", text(&o));
        }
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");
    assert!(d.path().join("目录.toml").is_dir());
    // `-o -` is standard output.
    let o = run(d.path(), &["import", "报告.txt", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sheet = String::from_utf8_lossy(&o.stdout);
    assert!(sheet.contains("[unit]") && sheet.contains("青山镇"), "{sheet}");
    assert!(!d.path().join("-").exists());
    // And a render whose output name is a pipe.
    example(d.path());
    std::fs::create_dir(d.path().join("out")).unwrap();
    assert!(Command::new("mkfifo").arg(d.path().join("out/青石镇2024年党建工作总结.txt")).status().unwrap().success());
    let o = run_limited(d.path(), &["render", "青石镇.toml", "-o", "out", "-f", "txt", "--force"], 60);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("不是普通文件"), "{}", text(&o));
    assert!(std::fs::symlink_metadata(d.path().join("out/青石镇2024年党建工作总结.txt")).unwrap().file_type().is_fifo());
}

// ---------------------------------------------------------------- 9. csv formulas

#[test]
fn rollup_csv_cells_never_become_formulas() {
    let d = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("data/龙潭村.toml")).unwrap();
    let area = base.lines().find(|l| l.starts_with("area = ")).unwrap().to_string();
    for (i, name) in ["=cmd|' /C calc'!A0", "=HYPERLINK(\\\"http://x\\\",\\\"点我\\\")", "+1+1村", "@SUM(A1:A9)"].iter().enumerate() {
        write(d.path(), &format!("{i}.toml"), &base.replacen(&area, &format!("area = \"{name}\""), 1));
    }
    let o = run(d.path(), &["rollup", ".", "-o", "out", "-f", "csv"]);
    assert_clean(&o);
    let csv = std::fs::read_dir(d.path().join("out")).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "csv")).expect("a csv");
    let csv = std::fs::read_to_string(csv).unwrap();
    let mut cells = 0;
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches(['\u{feff}', '"']);
            cells += 1;
            assert!(!cell.starts_with(['=', '+', '@']), "a formula cell: {cell} in\n{csv}");
        }
    }
    assert!(cells > 10);
    for name in ["'=cmd|", "'=HYPERLINK(", "'+1+1村", "'@SUM("] {
        assert!(csv.contains(name), "{name} in\n{csv}");
    }
    assert!(csv.contains("注：以 = + - @ 等符号开头的文字前加了英文单引号"), "{csv}");
}

// ---------------------------------------------------------------- 10. a July sheet citing a figure

#[test]
fn a_july_sheet_citing_a_figure_renders_its_first_half() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "甲村.toml",
        "[unit]\nname = \"中共甲村支部委员会\"\narea = \"甲村\"\n\n[report]\nyear = 2024\ndate = { h1 = 2024-07-05 }\n\n[figures]\nmembers = { h1 = 30, year = 31 }\ntheory_study = { h1 = 6 }\n\n[[work]]\ntitle = \"抓实支部建设\"\n[[work.points]]\ntitle = \"加强理论学习\"\ntext = \"开展集中学习{theory_study}次。\"\n",
    );
    let o = run(d.path(), &["render", "甲村.toml", "-o", "out", "-f", "txt"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["甲村2024年上半年党建工作总结.txt"]);
    let all = text(&o);
    let why: Vec<&str> = all.lines().filter(|l| l.contains("未生成全年版本")).collect();
    assert_eq!(why.len(), 1, "{}", text(&o));
    assert!(why[0].contains("缺少下半年数值"), "{}", why[0]);
    assert!(std::fs::read_to_string(d.path().join("out/甲村2024年上半年党建工作总结.txt")).unwrap().contains("开展集中学习6次"));
    // Asked for the full year alone, it is still an error.
    let o = run(d.path(), &["render", "甲村.toml", "-o", "out2", "-f", "txt", "--period", "year"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

// ---------------------------------------------------------------- 11. empty roll-up

#[test]
fn a_rollup_with_nothing_to_sum_says_why_in_chinese() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("村")).unwrap();
    for n in ["a.toml", "b.toml"] {
        std::fs::copy(root().join("data/龙潭村.toml"), d.path().join("村").join(n)).unwrap();
    }
    let o = run(d.path(), &["rollup", "村", "-o", "out"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("没有可以汇总的数据") && text(&o).contains("同一单位"), "{}", text(&o));
    assert!(!text(&o).contains("Date") && !text(&o).contains("Excel range"), "{}", text(&o));
    assert!(listing(&d.path().join("out")).is_empty());
}

// ---------------------------------------------------------------- found by the report fuzzer

#[test]
fn reports_the_fuzzer_found_import_to_sheets_that_load_or_are_refused() {
    let d = tempfile::tempdir().unwrap();
    for f in ["long-heading.docx", "escape-character.txt"] {
        std::fs::copy(root().join("tests/fixtures/hostile").join(f), d.path().join(f)).unwrap();
    }
    // A level-two heading of thousands of characters: cut at a comma into a title that fits.
    let o = run(d.path(), &["import", "long-heading.docx", "-o", "a.toml"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(d.path(), &["check", "a.toml"]);
    assert!(!text(&o).contains("无法读取") && !text(&o).contains("超过了 200 个字"), "{}", text(&o));
    // An escape character in a .txt report: named, not carried into the sheet.
    let o = run(d.path(), &["import", "escape-character.txt", "-o", "b.toml"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("第16行第11个字处有看不见的控制字符（U+001B）"), "{}", text(&o));
    assert!(!text(&o).contains("内部错误"));
}

#[test]
fn a_report_too_big_for_a_sheet_is_refused_as_such_not_as_an_internal_error() {
    // Found by the report fuzzer: 1003 plans, over the sheet's 500.
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("tests/fixtures/hostile/many-plans.txt"), d.path().join("many-plans.txt")).unwrap();
    let o = run(d.path(), &["import", "many-plans.txt", "--year", "2024"]);
    assert_clean(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("报告导入后超出了数据表的上限") && text(&o).contains("超过了 500 项的上限"), "{}", text(&o));
    assert!(!text(&o).contains("内部错误"), "{}", text(&o));
    assert!(!d.path().join("many-plans.toml").exists());
}
