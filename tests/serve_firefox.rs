//! `zongjie serve` in Firefox (Debian's firefox-esr), driven through its own
//! Marionette protocol — length-prefixed JSON on a socket, no geckodriver
//! to build. Checks what differs between engines: the preview pages are
//! scaled with a transform inside sized slots (no CSS `zoom`), typing into
//! a figure updates the preview, and 保存 writes exactly that value, with a
//! drop-down field (a plan's version) saved too.

mod serve_common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use serve_common::{Served, q};

/// Firefox with Marionette on a free port, stopped when dropped.
struct Firefox {
    child: Child,
    stream: BufReader<TcpStream>,
    id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Firefox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Firefox {
    fn start() -> Firefox {
        let bin = ["/usr/bin/firefox-esr", "/usr/bin/firefox"].into_iter().find(|p| std::path::Path::new(p).exists()).expect("firefox is missing: .ci/run installs Debian's firefox-esr");
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let profile = tempfile::tempdir().unwrap();
        std::fs::write(profile.path().join("user.js"), format!("user_pref(\"marionette.port\", {port});\nuser_pref(\"intl.accept_languages\", \"zh-CN\");\n")).unwrap();
        let child = Command::new(bin)
            .args(["--headless", "--marionette", "-no-remote", "--window-size=1500,1000", "-profile"])
            .arg(profile.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let stream = loop {
            if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                break s;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "Firefox did not open Marionette");
            std::thread::sleep(Duration::from_millis(200));
        };
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut ff = Firefox { child, stream: BufReader::new(stream), id: 0, _profile: profile };
        let hello = ff.read();
        assert_eq!(hello["marionetteProtocol"], 3, "{hello}");
        ff.cmd("WebDriver:NewSession", json!({ "capabilities": {} }));
        ff
    }

    fn read(&mut self) -> Value {
        let mut len = Vec::new();
        self.stream.read_until(b':', &mut len).unwrap();
        let n: usize = String::from_utf8_lossy(&len[..len.len() - 1]).parse().unwrap();
        let mut buf = vec![0; n];
        self.stream.read_exact(&mut buf).unwrap();
        serde_json::from_slice(&buf).unwrap()
    }

    /// Sends a command; returns its result (panics on an error).
    fn cmd(&mut self, name: &str, params: Value) -> Value {
        self.id += 1;
        let msg = json!([0, self.id, name, params]).to_string();
        self.stream.get_mut().write_all(format!("{}:{msg}", msg.len()).as_bytes()).unwrap();
        let r = self.read();
        assert!(r[2].is_null(), "{name}: {}", r[2]);
        r[3].clone()
    }

    fn js(&mut self, script: &str) -> Value {
        self.cmd("WebDriver:ExecuteScript", json!({ "script": script, "args": [] }))["value"].clone()
    }

    fn until(&mut self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element(&mut self, css: &str) -> String {
        let v = self.cmd("WebDriver:FindElement", json!({ "using": "css selector", "value": css }));
        let v = v.get("value").cloned().unwrap_or(v);
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    fn type_into(&mut self, css: &str, text: &str) {
        let e = self.element(css);
        self.cmd("WebDriver:ElementClear", json!({ "id": e }));
        self.cmd("WebDriver:ElementSendKeys", json!({ "id": e, "text": text }));
    }

    fn click(&mut self, css: &str) {
        let e = self.element(css);
        self.js(&format!("document.querySelector({}).scrollIntoView({{ block: 'center' }});", json!(css)));
        self.cmd("WebDriver:ElementClick", json!({ "id": e }));
    }
}

#[test]
fn a_clerk_edits_and_saves_in_firefox() {
    let s = Served::start();
    let sheet = s.path("青石镇.toml");
    let before = std::fs::read_to_string(&sheet).unwrap();
    let mut ff = Firefox::start();
    ff.cmd("WebDriver:Navigate", json!({ "url": s.url.replace("/?token", &format!("/edit?sheet={}&token", q("青石镇.toml"))) }));
    ff.until("the preview", "return document.querySelectorAll('#preview .page').length;");
    let first = ff.js("return document.getElementById('preview').textContent;");
    assert!(first.as_str().unwrap().contains("中心组集体学习12次"));
    // Each page, scaled, fills its slot exactly and the slots stack: no overlap, no zoom.
    let fit = ff.js(
        "var out = []; document.querySelectorAll('#preview .slot').forEach(function (s) { var a = s.getBoundingClientRect(), b = s.firstChild.getBoundingClientRect(); out.push([a.width, b.width, a.height, b.height, a.top]); }); return out;",
    );
    let fit = fit.as_array().unwrap();
    assert!(fit.len() >= 3, "{fit:?}");
    for (i, r) in fit.iter().enumerate() {
        let n = |k: usize| r[k].as_f64().unwrap();
        assert!((n(0) - n(1)).abs() < 1.0 && (n(2) - n(3)).abs() < 1.0, "page {i} does not fill its slot: {r}");
        assert!(n(0) > 300.0 && n(0) < 800.0, "page {i} width {}", n(0));
        if i > 0 {
            assert!(n(4) >= fit[i - 1][4].as_f64().unwrap() + fit[i - 1][2].as_f64().unwrap(), "page {i} overlaps the one before");
        }
    }
    // Every field as Firefox sends it, nothing touched: the file keeps every byte.
    ff.click("#save");
    ff.until("没有改动", "return document.getElementById('status').textContent === '没有改动';");
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), before);
    // Keys typed into a figure: the preview follows, nothing written yet.
    ff.type_into("input[name='figures.theory_study.h1']", "9");
    ff.until("the preview to show 15", "return document.getElementById('preview').textContent.includes('中心组集体学习15次');");
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), before);
    // A drop-down: the second plan becomes next year's.
    ff.js("var s = document.querySelector(\"select[name='plans.1.next']\"); s.value = 'year'; s.dispatchEvent(new Event('change', { bubbles: true }));");
    ff.click("#save");
    ff.until("已保存", "return document.getElementById('status').textContent === '已保存';");
    let after = std::fs::read_to_string(&sheet).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("theory_study = [6, 6]", "theory_study = [9, 6]"), ("next = \"h2\"", "next = \"year\"")]);
    assert_eq!(before.lines().count(), after.lines().count());
    ff.cmd("Marionette:Quit", json!({ "flags": ["eForceQuit"] }));
}
