//! Output files: safe names derived from the document, and atomic writes
//! (a temporary file created exclusively in the same folder, then a rename),
//! so a reader never sees a half-written report, no name can leave the
//! output folder, and no link planted in it is ever written through.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::data::Period;
use crate::doc::Meta;
use crate::error::{Error, Result};

/// The longest file name most file systems take, in bytes.
const MAX_NAME_BYTES: usize = 255;
/// What [`sanitize`] keeps, in bytes (room for an extension and a suffix).
const MAX_STEM_BYTES: usize = 200;
/// The longest document kind kept in a file name, in bytes.
const MAX_KIND_BYTES: usize = 60;

/// The file name of a report: `{area}{year}年[上半年]{kind}.{ext}`, sanitized.
/// Long names lose the end of the area (then of the kind), never the year
/// or the 上半年 marker, so the two versions of a sheet never share a name;
/// lengths are counted in bytes, as file systems count them.
pub fn file_name(meta: &Meta, ext: &str) -> String {
    let half = if meta.period == Period::H1 { "上半年" } else { "" };
    let marker = format!("{}年{half}", meta.year);
    let kind = cut_bytes(&clean(&meta.kind), MAX_KIND_BYTES).to_string();
    let budget = MAX_STEM_BYTES.saturating_sub(marker.len() + kind.len());
    let area = clean(&meta.area);
    let area = match cut_bytes(&area, budget) {
        "" => "未命名",
        a => a,
    };
    format!("{area}{marker}{kind}.{ext}")
}

/// Makes a string safe as a single file name on every platform: path
/// separators, reserved characters and control characters become `_`,
/// `..` and leading dots or spaces are removed, length is capped (in bytes).
pub fn sanitize(name: &str) -> String {
    match cut_bytes(&clean(name), MAX_STEM_BYTES) {
        "" => "未命名".to_string(),
        s => s.to_string(),
    }
}

/// [`sanitize`] without the cap and the fallback name.
fn clean(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    s.trim_matches(|c: char| c == '.' || c.is_whitespace() || c == '_').to_string()
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut_bytes(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].trim_end_matches(|c: char| c == '.' || c.is_whitespace())
}

/// Writes `bytes` to `dir/name` atomically. `name` must be a bare file name.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let mut written = Vec::new();
    write_all_atomic(dir, &[(name.to_string(), bytes.to_vec())], &mut written)?;
    Ok(written.remove(0))
}

/// Writes several files into `dir`, all or nothing as far as the disk
/// decides: every file goes to its own temporary file first, and only when
/// all are complete are they renamed into place (pushed to `written` as
/// they are; a rename can still fail, e.g. on a folder of that name). A
/// link at a final name is replaced, never followed.
pub fn write_all_atomic(dir: &Path, files: &[(String, Vec<u8>)], written: &mut Vec<PathBuf>) -> Result<()> {
    for (name, _) in files {
        check_name(dir, name)?;
        check_kind(&dir.join(name))?;
    }
    clean_stale_once(dir);
    let mut temps: Vec<PathBuf> = Vec::new();
    let discard = |temps: &[PathBuf]| temps.iter().for_each(|t| drop(std::fs::remove_file(t)));
    for (name, bytes) in files {
        match write_temp(dir, bytes) {
            Ok(t) => temps.push(t),
            Err(source) => {
                discard(&temps);
                return Err(Error::Io { action: "写入", path: dir.join(name), source });
            }
        }
    }
    for (i, ((name, _), tmp)) in files.iter().zip(&temps).enumerate() {
        let target = dir.join(name);
        if let Err(source) = std::fs::rename(tmp, &target) {
            discard(&temps[i..]);
            return Err(Error::Io { action: "写入", path: target, source });
        }
        written.push(target);
    }
    Ok(())
}

/// Replaces the contents of an existing file the user owns (a sheet fixed
/// by `check --fix`): through a link, to the real file; owner and mode
/// kept. A file with other hard links, or whose owner cannot be kept, is
/// rewritten in place (after a full copy was written beside it, so a full
/// disk fails before the file is touched).
pub fn write_through(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let io = |p: &Path, source| Error::Io { action: "写入", path: p.to_path_buf(), source };
    let real = path.canonicalize().map_err(|e| io(path, e))?;
    let meta = std::fs::metadata(&real).map_err(|e| io(&real, e))?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let tmp = write_temp(dir, bytes).map_err(|e| io(&real, e))?;
    let result = (|| {
        std::fs::set_permissions(&tmp, meta.permissions())?;
        if keeps_identity(&tmp, &meta) {
            return std::fs::rename(&tmp, &real);
        }
        let mut f = std::fs::OpenOptions::new().write(true).open(&real)?;
        f.write_all(bytes)?;
        f.set_len(bytes.len() as u64)?;
        f.sync_all()?;
        std::fs::remove_file(&tmp)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(&real, e));
    }
    Ok(real)
}

/// Whether renaming `tmp` over the file of `meta` keeps what other users
/// see: no other hard links, and the same owner (changed if allowed).
#[cfg(unix)]
fn keeps_identity(tmp: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    if meta.nlink() > 1 {
        return false;
    }
    let Ok(t) = std::fs::metadata(tmp) else { return false };
    (t.uid() == meta.uid() && t.gid() == meta.gid()) || std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid())).is_ok()
}

#[cfg(not(unix))]
fn keeps_identity(_tmp: &Path, _meta: &std::fs::Metadata) -> bool {
    true
}

/// Refuses an output path where something other than a regular file (or a
/// link, which the write replaces) already is: a folder, a device such as
/// `/dev/null`, a pipe or a socket is never replaced by a file, `--force`
/// or not (`-o -` is the way to standard output).
pub fn check_kind(target: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(target) else { return Ok(()) };
    let t = meta.file_type();
    if t.is_file() || t.is_symlink() {
        return Ok(());
    }
    let what = if t.is_dir() { "一个文件夹" } else { "设备、管道或套接字之类的特殊文件" };
    Err(Error::Output(format!("{} 是{what}，不是普通文件，不能写入（加 --force 也不会替换）；请换一个文件名{}", target.display(), if t.is_dir() { "" } else { "，要输出到屏幕请用 -o -" })))
}

fn check_name(dir: &Path, name: &str) -> Result<()> {
    let target = dir.join(name);
    if target.parent() != Some(dir) || name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::Output(format!("文件名“{name}”不安全，已拒绝写入")));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(Error::Output(format!("文件名“{name}”太长（{} 字节，最多 {MAX_NAME_BYTES}），已拒绝写入", name.len())));
    }
    Ok(())
}

const TEMP_PREFIX: &str = ".zongjie-";
const TEMP_SUFFIX: &str = ".tmp";

/// Creates a new temporary file in `dir` under an unpredictable name that
/// did not exist (O_EXCL: a link planted there makes this fail, never
/// followed), writes `bytes` and closes it.
fn write_temp(dir: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!("{TEMP_PREFIX}{}-{:016x}{TEMP_SUFFIX}", std::process::id(), random()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(mut f) => {
                let r = f.write_all(bytes).and_then(|()| f.flush());
                drop(f);
                return match r {
                    Ok(()) => Ok(tmp),
                    Err(e) => {
                        let _ = std::fs::remove_file(&tmp);
                        Err(e)
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::ErrorKind::AlreadyExists.into()))
}

/// 64 unpredictable bits: std's hasher keys are random per process.
fn random() -> u64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.finish()
}

/// Removes, once per folder and run, temporary files a killed run left
/// behind: ours by name, whose process is gone (or which are over an hour
/// old where that cannot be told).
fn clean_stale_once(dir: &Path) {
    static SEEN: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.get_or_insert_with(HashSet::new).insert(dir.to_path_buf()) {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(stale_pid) else { continue };
        let Ok(meta) = e.path().symlink_metadata() else { continue };
        if !meta.is_file() || pid == std::process::id() {
            continue;
        }
        let proc = Path::new("/proc");
        let gone = if proc.join("self").exists() {
            !proc.join(pid.to_string()).exists()
        } else {
            meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age.as_secs() > 3600)
        };
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The process id in a temporary file name of ours (`.zongjie-PID-HEX.tmp`).
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, hex) = rest.split_once('-')?;
    (hex.len() == 16 && hex.chars().all(|c| c.is_ascii_hexdigit())).then_some(())?;
    pid.parse().ok()
}

#[cfg(test)]
mod tests;
