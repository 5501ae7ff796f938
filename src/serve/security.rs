//! The guards every request of `zongjie serve` passes before any route runs:
//! the per-run token (in the URL once, then a cookie), the Host and Origin
//! headers (loopback address and our port only, against DNS rebinding), and
//! paths (only files inside the served folder, no `..`, no symlink escape).

use std::path::{Component, Path, PathBuf};

/// The cookie that carries the token after the first request.
pub const COOKIE: &str = "zongjie_token";

/// A fresh random token (32 hex digits, 128 bits from the OS).
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("无法取得随机数：{e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token a request carries: `?token=` in the URL or the cookie.
pub fn token_of<'a>(query: Option<&'a str>, cookie: Option<&'a str>) -> Option<&'a str> {
    let from_query = query.and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    let from_cookie = cookie.and_then(|c| c.split(';').find_map(|kv| kv.trim().strip_prefix(COOKIE)?.strip_prefix('=')));
    from_query.or(from_cookie)
}

/// Whether the request's token matches.
pub fn token_ok(expected: &str, query: Option<&str>, cookie: Option<&str>) -> bool {
    token_of(query, cookie).is_some_and(|t| same(t, expected))
}

/// Whether a Host header names the loopback address with our port.
pub fn host_ok(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let host = host.trim().to_ascii_lowercase();
    ["127.0.0.1", "localhost"].iter().any(|h| host == format!("{h}:{port}"))
}

/// Whether an Origin header (absent on plain navigations) is ours.
pub fn origin_ok(origin: Option<&str>, port: u16) -> bool {
    match origin {
        None => true,
        Some(o) => o.strip_prefix("http://").is_some_and(|rest| host_ok(Some(rest), port)),
    }
}

/// A path inside `root` (already canonical) for a name sent by the page:
/// relative, only plain components, and — once symlinks are resolved —
/// still inside `root`. The file itself need not exist yet (a new sheet),
/// but its folder must.
pub fn inside(root: &Path, name: &str) -> Result<PathBuf, String> {
    let refuse = || format!("路径“{name}”不在所服务的文件夹内，已拒绝");
    let rel = Path::new(name);
    if name.is_empty() || name.contains('\\') || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(refuse());
    }
    let joined = root.join(rel);
    let parent = joined.parent().ok_or_else(refuse)?.canonicalize().map_err(|_| refuse())?;
    if !parent.starts_with(root) {
        return Err(refuse());
    }
    let file = parent.join(joined.file_name().ok_or_else(refuse)?);
    match file.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(real),
        Ok(_) => Err(refuse()),
        Err(_) if file.symlink_metadata().is_ok() => Err(refuse()), // a dangling link
        Err(_) => Ok(file),
    }
}

/// Whether `path` (a sheet found in the folder) resolves inside `root`,
/// outside its `output/`: the one rule for what the list shows, the folder
/// generates and the editor opens.
pub fn is_served_sheet(root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|real| real.starts_with(root) && !real.starts_with(root.join("output")))
}

/// The villages a township sheet's text lists (`report.villages`), as written.
pub fn listed_villages(text: &str) -> Option<Vec<String>> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let a = doc.get("report")?.get("villages")?.as_array()?;
    Some(a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
}

/// Refuses a sheet at `path` whose listed village sheets resolve outside
/// `root` (a township would read them to sum its figures).
pub fn villages_inside(root: &Path, path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(root);
    for v in listed_villages(text).unwrap_or_default() {
        let name = security_relative(root, &dir.join(&v));
        if name.is_none_or(|n| inside(root, &n).is_err()) {
            return Err(format!("村（社区）数据表“{v}”不在所服务的文件夹内，编辑器不读取它。请把它复制到本文件夹中，并在“下辖村（社区）”里改写为新的位置"));
        }
    }
    Ok(())
}

/// `path` (not resolved) relative to `root` when it stays inside by its
/// components alone (`..` taken lexically).
fn security_relative(root: &Path, path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.strip_prefix(root).ok()?.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// The served folder's `output/`, where generated files go and downloads
/// come from. A link there (or anything not a folder) is refused: files
/// would be written to and served from outside the folder.
pub fn output_dir(root: &Path) -> Result<PathBuf, String> {
    let out = root.join("output");
    match out.symlink_metadata() {
        Err(_) => Ok(out),
        Ok(m) if m.file_type().is_symlink() => Err("本文件夹里的 output 是一个链接，指向别的位置。为免把报告写到所服务的文件夹之外，编辑器不在那里生成或下载文件。请删除或改名这个链接，编辑器会新建一个 output 文件夹".to_string()),
        Ok(m) if !m.is_dir() => Err("本文件夹里的 output 不是文件夹，无法把报告放进去。请把它改名，编辑器会新建一个 output 文件夹".to_string()),
        Ok(_) => match out.canonicalize() {
            Ok(real) if real.starts_with(root) => Ok(real),
            _ => Err("output 文件夹不在所服务的文件夹内，已拒绝".to_string()),
        },
    }
}

/// `name` relative to `root`, with `/` separators (what the page sends back).
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(token_ok(&a, Some(&format!("x=1&token={a}")), None));
        assert!(token_ok(&a, None, Some(&format!("other=1; {COOKIE}={a}"))));
        assert!(!token_ok(&a, Some(&format!("token={}", &a[..31])), None));
        assert!(!token_ok(&a, Some(&format!("token={b}")), None));
        assert!(!token_ok(&a, None, None));
    }

    #[test]
    fn only_loopback_hosts_with_our_port() {
        assert!(host_ok(Some("127.0.0.1:8080"), 8080));
        assert!(host_ok(Some("localhost:8080"), 8080));
        for bad in ["evil.example:8080", "127.0.0.1:80", "127.0.0.1", "127.0.0.1.evil.example:8080", ""] {
            assert!(!host_ok(Some(bad), 8080), "{bad}");
        }
        assert!(!host_ok(None, 8080));
        assert!(origin_ok(None, 8080) && origin_ok(Some("http://127.0.0.1:8080"), 8080));
        assert!(!origin_ok(Some("http://evil.example:8080"), 8080) && !origin_ok(Some("null"), 8080));
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("a.toml"), "").unwrap();
        assert_eq!(inside(&root, "a.toml").unwrap(), root.join("a.toml"));
        assert_eq!(inside(&root, "new.toml").unwrap(), root.join("new.toml"));
        for bad in ["../a.toml", "/etc/passwd", "x/../../a.toml", "..", "", "sub\\..\\..\\a", "nope/a.toml"] {
            assert!(inside(&root, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret.toml"), "").unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret.toml"), root.join("link.toml")).unwrap();
            std::os::unix::fs::symlink(outside.path(), root.join("dir")).unwrap();
            assert!(inside(&root, "link.toml").is_err());
            assert!(inside(&root, "dir/secret.toml").is_err());
            assert!(inside(&root, "dir/new.toml").is_err());
        }
    }
}
