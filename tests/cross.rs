//! Same bytes on every platform (issue 16): the three example sheets
//! rendered in every format by the native binary, by the Windows binary
//! under Wine and by the Linux aarch64 binary under qemu-user, with the same
//! font files given by `--font`, must give the same file names and the same
//! bytes. `tests/cross/setup.sh` (run by `.ci/run`) builds the cross binaries
//! and names them in `ZONGJIE_CROSS_WINDOWS` / `ZONGJIE_CROSS_AARCH64`; when
//! they are not set (a plain `cargo test`, or tools that could not be
//! installed) each test prints why and returns.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The same Debian font files on every platform, one per role (installed by
/// `.ci/run`): the comparison is about zongjie, not about what fonts a
/// machine happens to have.
const FONTS: [(&str, &str); 5] = [
    ("title", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
    ("body", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    ("heading1", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ("heading2", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"),
    ("page", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
];

/// The output folder's name: Chinese and a space, as clerks name folders.
const OUT: &str = "输出 结果";

/// A fresh folder (with a space and Chinese in its path) holding the
/// example sheets.
fn workdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zongjie-cross {tag}-{}", std::process::id())).join("各村 数据");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(common::root().join("data")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir
}

/// The render arguments; `path` turns a Linux path into the platform's own.
fn args(path: impl Fn(&str) -> String) -> Vec<String> {
    let mut a: Vec<String> = ["render", "青石镇.toml", "石桥村.toml", "龙潭村.toml", "--format", "all", "-o", OUT].map(String::from).to_vec();
    for (role, file) in FONTS {
        assert!(Path::new(file).exists(), "{file} missing: .ci/run installs fonts-noto-cjk and fonts-lxgw-wenkai");
        a.push("--font".into());
        a.push(format!("{role}={}", path(file)));
    }
    a
}

/// Runs `cmd` in a fresh copy of the sheets and returns every output file.
fn render(tag: &str, mut cmd: Command) -> BTreeMap<String, Vec<u8>> {
    let dir = workdir(tag);
    // No font folder at all: only the files given by --font may be used.
    let out: Output = cmd.current_dir(&dir).env("ZONGJIE_FONT_DIRS", dir.join("没有字体")).output().expect("start the binary");
    assert!(out.status.success(), "{tag} render failed ({:?}):\n{}", out.status, common::text(&out));
    let files: BTreeMap<String, Vec<u8>> =
        common::listing(&dir.join(OUT)).into_iter().map(|name| (name.clone(), std::fs::read(dir.join(OUT).join(&name)).unwrap())).collect();
    assert_eq!(files.len(), 18, "{tag}: three sheets × two periods × three formats expected, got {:?}", files.keys());
    files
}

fn native() -> BTreeMap<String, Vec<u8>> {
    let mut cmd = Command::new(common::bin());
    cmd.args(args(str::to_string));
    render("native", cmd)
}

/// Fails with the first differing file and byte offset.
fn assert_same(platform: &str, native: &BTreeMap<String, Vec<u8>>, other: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(native.keys().collect::<Vec<_>>(), other.keys().collect::<Vec<_>>(), "{platform}: different file names");
    for (name, bytes) in native {
        let theirs = &other[name];
        if bytes != theirs {
            let at = bytes.iter().zip(theirs.iter()).position(|(a, b)| a != b).unwrap_or(bytes.len().min(theirs.len()));
            panic!("{platform}: {name} differs from the native file at byte {at} (sizes {} and {})", bytes.len(), theirs.len());
        }
    }
}

/// The cross binary named by `var`, or `None` after saying why there is none.
fn cross_bin(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(p.exists(), "{var} names {} but it does not exist: run tests/cross/setup.sh", p.display());
            Some(p)
        }
        None => {
            let why = std::env::var("ZONGJIE_CROSS_SKIP").unwrap_or_else(|_| "未设置（由 .ci/run 调用 tests/cross/setup.sh 编译交叉版本后设置）".into());
            eprintln!("跳过：{var} {why}");
            None
        }
    }
}

/// `wine exe` with the prefix `.ci/run` prepared and Wine's own chatter off.
fn wine(exe: &Path) -> Command {
    let mut cmd = Command::new("wine");
    cmd.arg(exe);
    if let Some(prefix) = std::env::var_os("ZONGJIE_CROSS_WINEPREFIX") {
        cmd.env("WINEPREFIX", prefix);
    }
    cmd.env("WINEDEBUG", "-all").env("WINEDLLOVERRIDES", "mscoree,mshtml=");
    cmd
}

#[test]
fn windows_binary_under_wine_writes_the_same_bytes() {
    let Some(exe) = cross_bin("ZONGJIE_CROSS_WINDOWS") else { return };
    let mut cmd = wine(&exe);
    // Windows paths with backslashes: Wine's Z: drive is the Linux root.
    cmd.args(args(|p| format!("Z:{}", p.replace('/', "\\"))));
    let windows = render("windows", cmd);
    assert_same("Windows (Wine)", &native(), &windows);
}

#[test]
fn aarch64_binary_under_qemu_writes_the_same_bytes() {
    let Some(bin) = cross_bin("ZONGJIE_CROSS_AARCH64") else { return };
    let mut cmd = Command::new("qemu-aarch64");
    cmd.arg(&bin).args(args(str::to_string));
    let arm = render("aarch64", cmd);
    assert_same("Linux aarch64 (qemu-user)", &native(), &arm);
}

/// Fonts are found in C:\\Windows\\Fonts and in the per-user folder that
/// "install for me only" uses (%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts),
/// under their Windows file names, and count as the standard's fonts.
#[test]
fn windows_fonts_come_from_the_system_and_the_per_user_folder() {
    let Some(exe) = cross_bin("ZONGJIE_CROSS_WINDOWS") else { return };
    let prefix = PathBuf::from(std::env::var_os("ZONGJIE_CROSS_WINEPREFIX").expect("ZONGJIE_CROSS_WINEPREFIX (tests/cross/setup.sh sets it)"));
    let users = prefix.join("drive_c/users");
    let user = common::listing(&users).into_iter().find(|u| u != "Public").expect("a Wine user folder");
    let system = prefix.join("drive_c/windows/Fonts");
    let personal = users.join(&user).join("AppData/Local/Microsoft/Windows/Fonts");
    std::fs::create_dir_all(&system).unwrap();
    std::fs::create_dir_all(&personal).unwrap();
    // Any TrueType file does: what is tested is where it is looked for.
    let kai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    std::fs::copy(kai, system.join("simkai.ttf")).unwrap();
    std::fs::copy(kai, personal.join("simhei.ttf")).unwrap();
    let out = wine(&exe).arg("fonts").output().expect("start wine");
    std::fs::remove_file(system.join("simkai.ttf")).unwrap();
    std::fs::remove_file(personal.join("simhei.ttf")).unwrap();
    let text = common::text(&out);
    assert!(out.status.success(), "{text}");
    let block = |role: &str| text.split("\n").skip_while(|l| !l.starts_with(role)).take(3).collect::<Vec<_>>().join("\n");
    let kai_block = block("二级标题");
    assert!(kai_block.contains(r"C:\windows\Fonts\simkai.ttf") && !kai_block.contains("替代字体"), "{text}");
    let hei_block = block("一级标题");
    assert!(hei_block.contains(&format!(r"C:\users\{user}\AppData\Local\Microsoft\Windows\Fonts\simhei.ttf")) && !hei_block.contains("替代字体"), "{text}");
}

/// A report open in another program (as Word or WPS holds a .docx) cannot
/// be replaced on Windows: the message says so in Chinese, and the other
/// files of the run are still written. Here `cmd /c pause > file` keeps the
/// file open until its standard input closes.
#[test]
fn windows_file_held_open_is_reported_in_chinese_and_the_rest_written() {
    let Some(exe) = cross_bin("ZONGJIE_CROSS_WINDOWS") else { return };
    let dir = workdir("locked");
    let out = dir.join(OUT);
    std::fs::create_dir_all(&out).unwrap();
    let held = "青石镇2024年党建工作总结.txt";
    let mut holder = wine(Path::new("cmd"));
    holder.args(["/c", "pause", ">", held]).current_dir(&out).stdin(std::process::Stdio::piped());
    let mut holder = holder.spawn().expect("start wine cmd");
    let start = std::time::Instant::now();
    while !out.join(held).exists() {
        assert!(start.elapsed().as_secs() < 60, "cmd never opened {held}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let run = wine(&exe).args(["render", "青石镇.toml", "-f", "txt", "-o", OUT]).current_dir(&dir).output().expect("start wine");
    drop(holder.stdin.take());
    let _ = holder.wait();
    let text = common::text(&run);
    assert_eq!(run.status.code(), Some(2), "{text}");
    assert!(text.contains(&format!(r"{OUT}\{held}")) && text.contains("正被其他程序打开（如 WPS、Word），请关闭该文件后再运行"), "{text}");
    assert!(std::fs::read_to_string(out.join("青石镇2024年上半年党建工作总结.txt")).unwrap().contains("青石镇"), "the other version is written:\n{text}");
}
