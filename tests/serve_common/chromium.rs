//! Debian's Chromium driven through WebDriver (chromedriver), shared by the
//! browser tests of `zongjie serve`.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::request;

/// chromedriver on a free port, stopped when dropped.
pub struct Driver {
    child: Child,
    pub port: u16,
    session: String,
    _profile: tempfile::TempDir,
    /// Where the browser saves what a page downloads.
    pub downloads: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = call(self.port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(port: u16, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let host = format!("127.0.0.1:{port}");
    let r = request(port, method, path, &[("Host", &host), ("Content-Type", "application/json")], body.as_bytes());
    let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    v["value"].clone()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    pub fn start() -> Driver {
        let bin = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| Path::new(p).exists()).expect("chromedriver is missing: .ci/run installs Debian's chromium and chromium-driver");
        let port = free_port();
        let child = Command::new(bin).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1500,1000",
            "--lang=zh-CN",
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let downloads = tempfile::tempdir().unwrap();
        let prefs = json!({ "download.default_directory": downloads.path().display().to_string(), "download.prompt_for_download": false });
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args, "prefs": prefs } } } });
        let v = call(port, "POST", "/session", Some(caps));
        let session = v["sessionId"].as_str().unwrap_or_else(|| panic!("no WebDriver session: {v}")).to_string();
        Driver { child, port, session, _profile: profile, downloads }
    }

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(self.port, method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Waits until `script` returns something truthy; returns it.
    pub fn until(&self, what: &str, script: &str, args: Value) -> Value {
        let started = Instant::now();
        loop {
            let v = self.js(script, args.clone());
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let state = self.js("var g = function (id) { var e = document.getElementById(id); return e ? e.textContent.slice(0, 300) : '-'; }; return [location.href, g('status'), g('findings'), g('preview')].join(' | ');", json!([]));
                panic!("timed out waiting for {what}; page: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn element(&self, css: &str) -> String {
        let v = self.cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    /// Types `text` into the field like a user: clear, then keys.
    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        let r = self.cmd("POST", &format!("/element/{e}/clear"), Some(json!({})));
        assert!(r.is_null(), "clear {css}: {r}");
        let r = self.cmd("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
        assert!(r.is_null(), "type into {css}: {r}");
    }

    pub fn click(&self, css: &str) {
        let e = self.element(css);
        // In the middle of the window, clear of the sticky bar at the top.
        self.js("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", json!([css]));
        let r = self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
        assert!(r.is_null(), "click {css}: {r}");
    }

    pub fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(to, png).unwrap();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| acc | (val(c) as u32) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

pub const PREVIEW_TEXT: &str = "return document.querySelector('#preview .page') ? document.getElementById('preview').textContent : '';";

