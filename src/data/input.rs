//! Reading the user's files (sheets, village sheets, profiles, templates):
//! only regular files, at most [`MAX_FILE_BYTES`], so a FIFO, a device or a
//! huge file named `*.toml` gets a message instead of a hang or an abort.
//! Every stage that opens a user file reads it through here.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest file zongjie reads (a real sheet is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

fn refuse(path: &Path, why: String) -> Error {
    Error::Io { action: "读取", path: path.to_path_buf(), source: std::io::Error::other(why) }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] (links are followed).
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io { action: "读取", path: path.to_path_buf(), source };
    // `metadata` does not open the file, so a FIFO cannot block here.
    let meta = std::fs::metadata(path).map_err(io)?;
    check_kind(path, &meta)?;
    let file = std::fs::File::open(path).map_err(io)?;
    // The file opened may not be the one looked at (replaced meanwhile).
    check_kind(path, &file.metadata().map_err(io)?)?;
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text (for profiles and templates; sheets locate the bad byte themselves).
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|_| Error::Io { action: "读取", path: path.to_path_buf(), source: std::io::ErrorKind::InvalidData.into() })
}

/// The text of bytes in GBK, as Chinese Windows saves text (Notepad's
/// “ANSI”, Excel's plain “CSV”, WPS), or None when they are not that either.
/// Decoded as GB18030, of which GBK is a subset (the WHATWG GBK decoder);
/// a UTF-8 or UTF-16 byte order mark decides the encoding instead.
pub fn from_gbk(bytes: &[u8]) -> Option<String> {
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    (!bad).then(|| text.into_owned())
}

/// [`read_text`] of a file that must lie inside `root` once links are
/// resolved (a template folder may not reach outside itself through a link).
pub fn read_text_inside(root: &Path, path: &Path) -> Result<String> {
    let io = |p: &Path, source| Error::Io { action: "读取", path: p.to_path_buf(), source };
    let root = root.canonicalize().map_err(|e| io(root, e))?;
    let real = path.canonicalize().map_err(|e| io(path, e))?;
    if !real.starts_with(&root) {
        return Err(refuse(path, format!("这是指向文件夹 {} 以外的链接，为安全起见不予读取；请把文件本身放进该文件夹", root.display())));
    }
    read_text(&real)
}

fn too_large(path: &Path) -> Error {
    refuse(path, format!("文件超过 {} MB，不像是数据表；请检查是否选错了文件", MAX_FILE_BYTES / 1024 / 1024))
}

fn check_kind(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    let t = meta.file_type();
    if t.is_dir() {
        return Err(refuse(path, "这是一个文件夹，不是文件".into()));
    }
    if !t.is_file() {
        return Err(refuse(path, "这不是普通文件（可能是管道、设备或套接字），zongjie 只读取普通文件".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_sane_size_are_read() {
        let d = tempfile::tempdir().unwrap();
        let ok = d.path().join("a.toml");
        std::fs::write(&ok, "x = 1").unwrap();
        assert_eq!(read(&ok).unwrap(), b"x = 1");
        let e = read(d.path()).unwrap_err().to_string();
        assert!(e.contains("文件夹"), "{e}");
        let big = d.path().join("big.toml");
        std::fs::File::create(&big).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = read(&big).unwrap_err().to_string();
        assert!(e.contains("超过 10 MB"), "{e}");
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret"), "x").unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret"), d.path().join("link.tera")).unwrap();
            let e = read_text_inside(d.path(), &d.path().join("link.tera")).unwrap_err().to_string();
            assert!(e.contains("以外的链接"), "{e}");
            assert_eq!(read_text_inside(d.path(), &ok).unwrap(), "x = 1");
            let e = read(Path::new("/dev/zero")).unwrap_err().to_string();
            assert!(e.contains("不是普通文件"), "{e}");
        }
    }
}
