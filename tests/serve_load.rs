//! `zongjie serve` against hostile local clients on loopback: a body sent
//! two bytes at a time and held, a huge Content-Length then a close, 2,000
//! idle connections over a file limit of 1,024, a limit so low that accepting
//! fails, 100 saves at once. After each, the editor is still running and
//! answers within a second. Silent, half-sent and slow requests are cut off
//! (10 s for the head, 20 s for the body).

#![cfg(unix)]

mod serve_common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use serve_common::{Served, q};

/// The time an answer may take while the server is under attack.
const PROMPT: Duration = Duration::from_secs(1);

/// GET `path` on a fresh connection; the status, or a panic naming what
/// happened when no answer comes within [`PROMPT`].
fn get_promptly(s: &Served, path: &str) -> u16 {
    let mut c = TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), PROMPT).unwrap_or_else(|e| panic!("no connection to the editor: {e}"));
    c.set_read_timeout(Some(PROMPT)).unwrap();
    write!(c, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n", s.port, s.cookie()).unwrap();
    let mut head = [0u8; 12];
    c.read_exact(&mut head).unwrap_or_else(|e| panic!("no answer to GET {path} within {PROMPT:?}: {e}"));
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

/// The headers of a save, cookie and Origin included, announcing `length` bytes.
fn save_head(s: &Served, length: &str) -> String {
    let host = format!("127.0.0.1:{}", s.port);
    format!("POST /api/save HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nCookie: {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n", s.cookie())
}

fn alive(s: &mut Served) {
    assert!(s.child.try_wait().unwrap().is_none(), "the editor ended: {:?}", s.child.try_wait());
}

/// Raises this process's own file limit to its hard limit (the clients need 2,000).
fn raise_own_file_limit() {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain calls on a struct we own.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        lim.rlim_cur = lim.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
    }
}

#[test]
fn a_body_held_after_two_bytes_stalls_nobody() {
    let mut s = Served::start();
    let mut slow = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.write_all(save_head(&s, "5000").as_bytes()).unwrap();
    slow.write_all(b"{\"").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    for path in ["/", &format!("/edit?sheet={}", q("青石镇.toml")), "/assets/app.js"] {
        assert_eq!(get_promptly(&s, path), 200, "{path}");
    }
    // A second one sending its headers a byte at a time holds nobody either.
    let mut slower = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slower.write_all(b"GE").unwrap();
    assert_eq!(get_promptly(&s, "/"), 200);
    alive(&mut s);
    drop((slow, slower));
}

#[test]
fn a_huge_content_length_is_refused_unread() {
    let mut s = Served::start();
    for close_early in [true, false] {
        let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        c.write_all(save_head(&s, "99999999999").as_bytes()).unwrap();
        c.write_all(b"{\"sheet\":").unwrap();
        if close_early {
            drop(c);
            std::thread::sleep(Duration::from_millis(300));
        } else {
            // Refused before the body is read: 413 at once.
            c.set_read_timeout(Some(PROMPT)).unwrap();
            let mut head = [0u8; 12];
            c.read_exact(&mut head).expect("an answer to an oversized body");
            assert_eq!(&head[9..12], b"413");
        }
        alive(&mut s);
        assert_eq!(get_promptly(&s, "/"), 200);
    }
    let before = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let r = s.post("/api/save", &format!("{{\"sheet\":\"青石镇.toml\",\"fields\":{{\"unit.area\":\"{}\"}}}}", "镇".repeat(1_000_000)));
    assert_eq!(r.status, 413);
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), before);
}

#[test]
fn two_thousand_idle_connections_over_a_limit_of_1024_files() {
    raise_own_file_limit();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/石桥村.toml"), dir.path().join("石桥村.toml")).unwrap();
    let mut s = Served::start_with_file_limit(dir, 1024);
    let mut idle = Vec::new();
    for _ in 0..2000 {
        // Past the listen backlog the kernel may hold a connection back: that one is skipped.
        if let Ok(c) = TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), Duration::from_millis(200)) {
            idle.push(c);
        }
    }
    assert!(idle.len() >= 1500, "only {} connections were made", idle.len());
    std::thread::sleep(Duration::from_millis(300));
    alive(&mut s);
    for _ in 0..3 {
        assert_eq!(get_promptly(&s, "/"), 200);
    }
    // A second wave while the first is still held.
    for _ in 0..500 {
        if let Ok(c) = TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), Duration::from_millis(200)) {
            idle.push(c);
        }
    }
    alive(&mut s);
    assert_eq!(get_promptly(&s, &format!("/edit?sheet={}", q("石桥村.toml"))), 200);
    drop(idle);
}

#[test]
fn a_hundred_saves_at_once_while_a_body_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let village = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/石桥村.toml")).unwrap();
    for i in 0..100 {
        std::fs::write(dir.path().join(format!("村{i:03}.toml")), &village).unwrap();
    }
    std::fs::write(dir.path().join("共用.toml"), &village).unwrap();
    let mut s = Served::start_in(dir);
    let mut slow = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.write_all(save_head(&s, "5000").as_bytes()).unwrap();
    slow.write_all(b"{\"").unwrap();
    let version = zongjie::serve::edit::version(&village);
    let saves: Vec<_> = (0..100)
        .map(|i| {
            let body = serde_json::json!({ "sheet": format!("村{i:03}.toml"), "version": version, "fields": { "figures.members.year": (1000 + i).to_string() } });
            let (port, cookie) = (s.port, s.cookie());
            std::thread::spawn(move || post(port, &cookie, &body.to_string()))
        })
        .collect();
    for (i, t) in saves.into_iter().enumerate() {
        let (status, text) = t.join().unwrap();
        assert_eq!(status, 200, "村{i:03}.toml: {text}");
    }
    for i in 0..100 {
        let text = std::fs::read_to_string(s.path(&format!("村{i:03}.toml"))).unwrap();
        assert!(text.contains(&format!("year = {}", 1000 + i)), "村{i:03}.toml lost its save");
        assert_eq!(text.lines().count(), village.lines().count());
    }
    // Twenty saves of the same version of one sheet: one is written, the
    // rest are told the sheet changed; the file is the one that won, whole.
    let races: Vec<_> = (0..20)
        .map(|i| {
            let body = serde_json::json!({ "sheet": "共用.toml", "version": version, "fields": { "figures.members.year": (2000 + i).to_string() } });
            let (port, cookie) = (s.port, s.cookie());
            std::thread::spawn(move || post(port, &cookie, &body.to_string()))
        })
        .collect();
    let statuses: Vec<u16> = races.into_iter().map(|t| t.join().unwrap().0).collect();
    assert_eq!(statuses.iter().filter(|&&c| c == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|&c| c == 200 || c == 409), "{statuses:?}");
    let text = std::fs::read_to_string(s.path("共用.toml")).unwrap();
    assert_eq!((2000..2020).filter(|n| text.contains(&format!("year = {n}"))).count(), 1);
    alive(&mut s);
    drop(slow);
}

/// A save on its own connection, answered within 30 s.
fn post(port: u16, cookie: &str, body: &str) -> (u16, String) {
    let host = format!("127.0.0.1:{port}");
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(c, "POST /api/save HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    (text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0), text)
}

#[test]
fn running_out_of_file_handles_never_ends_the_editor() {
    // So few handles that accepting runs out (EMFILE) before the connection cap is reached.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/石桥村.toml"), dir.path().join("石桥村.toml")).unwrap();
    let mut s = Served::start_with_file_limit(dir, 26);
    let idle: Vec<TcpStream> = (0..200).filter_map(|_| TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), Duration::from_millis(200)).ok()).collect();
    std::thread::sleep(Duration::from_millis(300));
    alive(&mut s);
    for _ in 0..3 {
        assert_eq!(get_promptly(&s, "/assets/app.js"), 200);
    }
    drop(idle);
    assert_eq!(get_promptly(&s, "/"), 200);
    alive(&mut s);
}

#[test]
fn slow_and_silent_clients_are_cut_off() {
    let s = Served::start();
    let started = std::time::Instant::now();
    // Read until the server answers or closes; what it sent, and when.
    let wait = move |mut c: TcpStream| {
        c.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
        let mut got = Vec::new();
        let _ = c.read_to_end(&mut got);
        (String::from_utf8_lossy(&got).into_owned(), started.elapsed())
    };
    let silent = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let mut half = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost").unwrap();
    let mut slow = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.write_all(save_head(&s, "5000").as_bytes()).unwrap();
    slow.write_all(b"{\"").unwrap();
    let threads: Vec<_> = [silent, half, slow].into_iter().map(|c| std::thread::spawn(move || wait(c))).collect();
    let [silent, half, slow]: [(String, Duration); 3] = threads.into_iter().map(|t| t.join().unwrap()).collect::<Vec<_>>().try_into().unwrap();
    // No request head within 10 s: closed without an answer.
    for (what, (got, at)) in [("silent", &silent), ("half a head", &half)] {
        assert!(got.is_empty() && *at >= Duration::from_secs(9) && *at < Duration::from_secs(25), "{what}: {got:?} after {at:?}");
    }
    // A body not sent within 20 s: 408, the sheet untouched.
    assert!(slow.0.starts_with("HTTP/1.1 408") && slow.1 >= Duration::from_secs(19) && slow.1 < Duration::from_secs(35), "{slow:?}");
    assert_eq!(get_promptly(&s, "/"), 200);
}
