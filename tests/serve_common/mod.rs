//! Shared by the `zongjie serve` tests: the real binary started on a copy of
//! the example sheets, and a plain HTTP/1.1 client over a TCP socket (so a
//! test can send any Host, Origin or Cookie header it likes).
#![allow(dead_code)]

pub mod chromium;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `zongjie serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    pub dir: tempfile::TempDir,
    pub url: String,
    pub port: u16,
    pub token: String,
    pub first_line: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Copies `data/*.toml` into a fresh folder and serves it.
    pub fn start() -> Served {
        let dir = tempfile::tempdir().unwrap();
        for name in ["青石镇.toml", "石桥村.toml", "龙潭村.toml"] {
            std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name), dir.path().join(name)).unwrap();
        }
        Served::start_in(dir)
    }

    /// Serves `dir`.
    pub fn start_in(dir: tempfile::TempDir) -> Served {
        Served::spawn(dir, Command::new(env!("CARGO_BIN_EXE_zongjie")))
    }

    /// Serves `dir` from a process allowed `files` open file handles.
    #[cfg(unix)]
    pub fn start_with_file_limit(dir: tempfile::TempDir, files: u64) -> Served {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zongjie"));
        // SAFETY: only setrlimit runs between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit { rlim_cur: files as libc::rlim_t, rlim_max: files as libc::rlim_t };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        Served::spawn(dir, cmd)
    }

    fn spawn(dir: tempfile::TempDir, mut cmd: Command) -> Served {
        let mut child = cmd.args(["serve", "--no-open"]).arg(dir.path()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first_line = String::new();
        out.read_line(&mut first_line).unwrap();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while out.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        let url = first_line.split_whitespace().find_map(|w| w.find("http://").map(|i| w[i..].to_string())).unwrap_or_else(|| panic!("no URL in the first line: {first_line:?}"));
        let port: u16 = url.trim_start_matches("http://127.0.0.1:").split('/').next().unwrap().parse().unwrap();
        let token = url.split("token=").nth(1).unwrap().to_string();
        Served { child, dir, url, port, token, first_line }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The editor's address for `sheet`, token included (what a clerk's first click opens).
    pub fn editor_url(&self, sheet: &str) -> String {
        self.url.replace("/?token", &format!("/edit?sheet={}&token", q(sheet)))
    }

    /// The cookie the page would carry.
    pub fn cookie(&self) -> String {
        format!("zongjie_token_{}={}", self.port, self.token)
    }

    /// A request with the right Host and cookie.
    pub fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, &[("Host", &format!("127.0.0.1:{}", self.port)), ("Cookie", &self.cookie())], b"")
    }

    /// A JSON POST with the right Host, Origin and cookie.
    pub fn post(&self, path: &str, body: &str) -> Reply {
        let host = format!("127.0.0.1:{}", self.port);
        let origin = format!("http://{host}");
        request(self.port, "POST", path, &[("Host", &host), ("Origin", &origin), ("Cookie", &self.cookie()), ("Content-Type", "application/json")], body.as_bytes())
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
}

/// Sends one request on a fresh connection (`Connection: close`) and reads the answer.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    // Read until the headers are in, then as much body as Content-Length
    // says (a peer may keep the connection open despite `Connection: close`).
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => panic!("no HTTP answer: {:?}", String::from_utf8_lossy(&raw)),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    };
    let length = String::from_utf8_lossy(&raw[..split]).lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("Content-Length")).and_then(|(_, v)| v.trim().parse::<usize>().ok()));
    loop {
        if length.is_some_and(|n| raw.len() >= split + 4 + n) {
            break;
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect::<Vec<_>>();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("Transfer-Encoding") && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else { return out };
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

/// `s` percent-encoded for a URL query.
pub fn q(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
