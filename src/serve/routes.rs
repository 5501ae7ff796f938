//! The routes of `zongjie serve`, after the guards of [`super::security`]:
//! pages (`/`, `/edit`), embedded assets, the JSON calls the page makes
//! (`/api/preview`, `/api/save`, `/api/create`, `/api/generate`) and
//! downloads of generated files (`/download`, from the output folder only).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::json;
use tiny_http::{Header, Method, Request, Response};

use super::edit::{self, FieldError};
use super::security::{self, COOKIE};
use super::{App, MAX_BODY, page, preview};
use crate::data::{DataSheet, Kind, Period};

const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// An answer before it is sent.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub kind: &'static str,
    /// Body.
    pub body: Vec<u8>,
    /// Extra headers (name, value), ASCII.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    fn new(status: u16, kind: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, kind, body: body.into(), headers: Vec::new() }
    }
    fn html(body: String) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    fn json(status: u16, v: &serde_json::Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", v.to_string())
    }
    fn text(status: u16, msg: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", msg)
    }
    fn fail(status: u16, msg: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": msg.into() }))
    }
}

/// What the guards need from a request.
pub struct Incoming<'a> {
    /// GET, POST, …
    pub method: &'a Method,
    /// Path and query.
    pub url: &'a str,
    /// Host header.
    pub host: Option<&'a str>,
    /// Origin header.
    pub origin: Option<&'a str>,
    /// Cookie header.
    pub cookie: Option<&'a str>,
}

/// Runs the guards, then the route; sends the answer.
pub fn handle(app: &App, mut request: Request) {
    let header = |name: &'static str| request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string());
    let (host, origin, cookie) = (header("Host"), header("Origin"), header("Cookie"));
    let method = request.method().clone();
    let url = request.url().to_string();
    let inc = Incoming { method: &method, url: &url, host: host.as_deref(), origin: origin.as_deref(), cookie: cookie.as_deref() };
    let reply = match guard(app, &inc) {
        Err(r) => r,
        Ok(Some(r)) => r,
        Ok(None) => {
            let too_big = request.body_length().is_some_and(|n| n as u64 > MAX_BODY);
            let mut body = Vec::new();
            let read = request.as_reader().take(MAX_BODY + 1).read_to_end(&mut body);
            if too_big || body.len() as u64 > MAX_BODY {
                Reply::text(413, "请求内容过大")
            } else if read.is_err() {
                Reply::text(400, "请求不完整")
            } else {
                route(app, &inc, &body)
            }
        }
    };
    send(request, reply);
}

fn send(request: Request, r: Reply) {
    let mut resp = Response::from_data(r.body).with_status_code(r.status);
    let mut headers = vec![
        ("Content-Type".to_string(), r.kind.to_string()),
        ("Cache-Control".into(), "no-store".into()),
        ("X-Content-Type-Options".into(), "nosniff".into()),
        ("X-Frame-Options".into(), "DENY".into()),
        ("Referrer-Policy".into(), "no-referrer".into()),
        ("Content-Security-Policy".into(), "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'".into()),
    ];
    headers.extend(r.headers);
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    let _ = request.respond(resp);
}

/// The guards: Host and Origin must be the loopback address with our port;
/// the token must come in the URL or the cookie. A valid token in the URL
/// sets the cookie and redirects to the same page without it.
pub fn guard(app: &App, r: &Incoming<'_>) -> Result<Option<Reply>, Reply> {
    if !security::host_ok(r.host, app.port) {
        return Err(Reply::text(403, "拒绝访问：地址不是本机（请用 zongjie serve 显示的地址打开）"));
    }
    if !security::origin_ok(r.origin, app.port) {
        return Err(Reply::text(403, "拒绝访问：请求来自其他网站"));
    }
    let cookie_name = format!("{COOKIE}_{}", app.port);
    let (path, query) = r.url.split_once('?').map_or((r.url, None), |(p, q)| (p, Some(q)));
    let from_query = query.and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    let from_cookie = r.cookie.and_then(|c| c.split(';').find_map(|kv| kv.trim().strip_prefix(cookie_name.as_str())?.strip_prefix('=')));
    let ok = |t: Option<&str>| security::token_ok(&app.token, t.map(|t| format!("token={t}")).as_deref(), None);
    if ok(from_query) && *r.method == Method::Get {
        let rest: Vec<&str> = query.unwrap_or("").split('&').filter(|kv| !kv.starts_with("token=") && !kv.is_empty()).collect();
        let target = if rest.is_empty() { path.to_string() } else { format!("{path}?{}", rest.join("&")) };
        let mut reply = Reply::text(303, "");
        reply.headers.push(("Location".into(), target));
        reply.headers.push(("Set-Cookie".into(), format!("{cookie_name}={}; Path=/; HttpOnly; SameSite=Strict", app.token)));
        return Ok(Some(reply));
    }
    if !ok(from_cookie) && !ok(from_query) {
        return Err(Reply::text(403, "拒绝访问：缺少或错误的口令。请用 zongjie serve 启动时显示的完整地址打开（含 ?token=…）"));
    }
    Ok(None)
}

/// `key` of a query string, percent-decoded.
pub fn query_value(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| decode(v)))
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(()) {
                Ok(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(app: &App, r: &Incoming<'_>, body: &[u8]) -> Reply {
    let path = r.url.split('?').next().unwrap_or("");
    match (r.method, path) {
        (Method::Get, "/") => list(app),
        (Method::Get, "/edit") => match query_value(r.url, "sheet") {
            Some(name) => editor(app, &name),
            None => Reply::text(400, "缺少 sheet"),
        },
        (Method::Get, "/assets/app.js") => Reply::new(200, "text/javascript; charset=utf-8", APP_JS),
        (Method::Get, "/assets/style.css") => Reply::new(200, "text/css; charset=utf-8", STYLE_CSS),
        (Method::Get, "/download") => download(app, &query_value(r.url, "file").unwrap_or_default()),
        (Method::Post, "/api/preview") => with_json(body, |req: EditRequest| api_preview(app, req)),
        (Method::Post, "/api/save") => with_json(body, |req: EditRequest| api_save(app, req)),
        (Method::Post, "/api/list") => with_json(body, |req: ListRequest| api_list(app, req)),
        (Method::Post, "/api/create") => with_json(body, |req: CreateRequest| api_create(app, req)),
        (Method::Post, "/api/generate") => with_json(body, |req: GenerateRequest| api_generate(app, req)),
        _ => Reply::text(404, "没有这个页面"),
    }
}

fn with_json<T: for<'de> Deserialize<'de>>(body: &[u8], f: impl FnOnce(T) -> Reply) -> Reply {
    match serde_json::from_slice(body) {
        Ok(req) => f(req),
        Err(_) => Reply::fail(400, "请求格式不对"),
    }
}

fn read_sheet(app: &App, name: &str) -> Result<(PathBuf, String), Reply> {
    read_text(app, name).map_err(|(status, m)| Reply::fail(status, m))
}

fn read_text(app: &App, name: &str) -> Result<(PathBuf, String), (u16, String)> {
    let path = security::inside(&app.root, name).map_err(|m| (403, m))?;
    if path.extension().is_none_or(|e| e != "toml") {
        return Err((403, "只能打开 .toml 数据表".into()));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| (404, format!("无法读取 {name}：{e}")))?;
    Ok((path, text))
}

fn list(app: &App) -> Reply {
    let setup = &app.setup;
    let today = chrono::Local::now().date_naive();
    let rows: Vec<page::ListRow> = app
        .sheets()
        .iter()
        .map(|p| {
            let name = security::relative(&app.root, p);
            match DataSheet::load_with(p, &setup.templates.catalogue, &setup.profile) {
                Err(e) => page::ListRow { name, unit: String::new(), year: None, status: "error", status_text: format!("无法读取：{}", e.to_string().lines().next().unwrap_or("")) },
                Ok(ds) => {
                    let periods = ds.renderable(&Period::parse_list("both").unwrap_or_default()).map(|(p, _)| p).unwrap_or_default();
                    let f = crate::lint::check(&ds, &crate::lint::Options { periods: &periods, templates: &setup.templates, format: &setup.profile.format, today });
                    let errors = f.iter().filter(|f| f.severity == crate::lint::Severity::Error).count();
                    let (status, status_text) = match (errors, f.len() - errors) {
                        (0, 0) => ("ok", "没有发现问题".to_string()),
                        (0, w) => ("warn", format!("有 {w} 处提醒")),
                        (e, w) => ("error", format!("有 {e} 处错误、{w} 处提醒")),
                    };
                    page::ListRow { name, unit: ds.unit_name().to_string(), year: Some(ds.year()), status, status_text }
                }
            }
        })
        .collect();
    Reply::html(page::list(&app.root.display().to_string(), &rows))
}

/// The kinds the loader gives the figures of `text` (custom figures need it).
fn kinds(app: &App, path: &Path, text: &str) -> (BTreeMap<String, Kind>, Option<String>) {
    match DataSheet::from_text(crate::data::source::SourceFile::new(path, text.to_string()), &app.setup.templates.catalogue) {
        Ok(ds) => (ds.figures.iter().map(|f| (f.key.clone(), f.kind)).collect(), None),
        Err(e) => (BTreeMap::new(), Some(format!("这张表现在有错误，改好后才能生成：{e}"))),
    }
}

fn editor(app: &App, name: &str) -> Reply {
    let (path, text) = match read_text(app, name) {
        Ok(x) => x,
        Err((status, m)) => return Reply::text(status, &m),
    };
    let doc = match edit::parse(&text) {
        Ok(d) => d,
        Err(m) => return Reply::text(422, &m),
    };
    let (kinds, load_error) = kinds(app, &path, &text);
    Reply::html(page::editor(&security::relative(&app.root, &path), &edit::version(&text), &doc, &app.setup.templates.catalogue, &kinds, load_error.as_deref()))
}

#[derive(Deserialize)]
struct EditRequest {
    sheet: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    period: String,
    fields: BTreeMap<String, String>,
}

fn errors_json(errors: &[FieldError]) -> serde_json::Value {
    json!(errors)
}

fn api_preview(app: &App, req: EditRequest) -> Reply {
    let started = std::time::Instant::now();
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (kinds, _) = kinds(app, &path, &text);
    let cat = &app.setup.templates.catalogue;
    let mut fields = req.fields;
    let (edited, refused) = match edit::apply(&text, &fields, cat, &kinds) {
        Ok(t) => (t, Vec::new()),
        Err(errs) => {
            for e in &errs {
                fields.remove(&e.name);
                fields.retain(|k, _| !k.starts_with(&format!("{}.", e.name)));
            }
            (edit::apply(&text, &fields, cat, &kinds).unwrap_or(text.clone()), errs)
        }
    };
    let period = if req.period == "h1" { Period::H1 } else { Period::Year };
    let p = preview::preview(app, &path, &edited, period);
    Reply::json(200, &json!({ "html": p.html, "pages": p.pages, "notes": p.notes, "refused": errors_json(&refused), "ms": started.elapsed().as_millis() as u64 }))
}

fn api_save(app: &App, req: EditRequest) -> Reply {
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if edit::version(&text) != req.version {
        return Reply::json(409, &json!({ "error": format!("{} 在打开之后被其他程序改过，为免覆盖别人的修改，这次没有保存。请把要改的内容记下，重新打开这张表后再改。", req.sheet) }));
    }
    let (kinds, _) = kinds(app, &path, &text);
    let edited = match edit::apply(&text, &req.fields, &app.setup.templates.catalogue, &kinds) {
        Ok(t) => t,
        Err(errs) => return Reply::json(422, &json!({ "error": "有填写不对的地方，没有保存（见标红的栏目）", "refused": errors_json(&errs) })),
    };
    if let Err(e) = DataSheet::from_text(crate::data::source::SourceFile::new(&path, edited.clone()), &app.setup.templates.catalogue) {
        return Reply::json(422, &json!({ "error": format!("改后的数据表有错误，没有保存：{e}") }));
    }
    let dir = path.parent().unwrap_or(&app.root);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match crate::cli::output::write_atomic(dir, &name, edited.as_bytes()) {
        Ok(_) => Reply::json(200, &json!({ "ok": true, "version": edit::version(&edited), "changed": edited != text })),
        Err(e) => Reply::fail(500, format!("保存失败（原文件未改动）：{e}")),
    }
}

#[derive(Deserialize)]
struct ListRequest {
    sheet: String,
    version: String,
    list: String,
    op: String,
    #[serde(default)]
    index: usize,
}

/// Adds, removes or moves a list item and writes the sheet at once (the
/// page saves pending edits first, then reloads the form).
fn api_list(app: &App, req: ListRequest) -> Reply {
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if edit::version(&text) != req.version {
        return Reply::fail(409, format!("{} 在打开之后被其他程序改过，请重新打开这张表", req.sheet));
    }
    let edited = match edit::list_op(&text, &req.list, &req.op, req.index) {
        Ok(t) => t,
        Err(m) => return Reply::fail(422, m),
    };
    let cat = &app.setup.templates.catalogue;
    let was_valid = DataSheet::from_text(crate::data::source::SourceFile::new(&path, text.clone()), cat).is_ok();
    if was_valid && let Err(e) = DataSheet::from_text(crate::data::source::SourceFile::new(&path, edited.clone()), cat) {
        return Reply::fail(422, format!("这样改后数据表会出错，没有改动：{e}"));
    }
    let dir = path.parent().unwrap_or(&app.root);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match crate::cli::output::write_atomic(dir, &name, edited.as_bytes()) {
        Ok(_) => Reply::json(200, &json!({ "ok": true, "version": edit::version(&edited) })),
        Err(e) => Reply::fail(500, format!("保存失败（原文件未改动）：{e}")),
    }
}

#[derive(Deserialize)]
struct CreateRequest {
    file: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
}

fn api_create(app: &App, req: CreateRequest) -> Reply {
    let mut file = req.file.trim().to_string();
    if file.is_empty() {
        return Reply::fail(422, "请填写文件名，如 青石镇2025.toml");
    }
    if !file.ends_with(".toml") {
        file.push_str(".toml");
    }
    let path = match security::inside(&app.root, &file) {
        Ok(p) => p,
        Err(m) => return Reply::fail(403, m),
    };
    if path.exists() {
        return Reply::fail(409, format!("{file} 已存在，请换一个文件名"));
    }
    let from = match req.from.trim() {
        "" => None,
        f => match read_sheet(app, f) {
            Ok((p, _)) => Some(p),
            Err(r) => return r,
        },
    };
    let year = match req.year.trim() {
        "" => None,
        y => match edit::number(y, true) {
            Ok(Some(v)) => v.as_integer().map(|i| i as i32),
            _ => return Reply::fail(422, format!("年份“{y}”不对，请写四位数字，如 2025")),
        },
    };
    let area = Some(req.area.trim().to_string()).filter(|a| !a.is_empty());
    let args = crate::cli::init::InitArgs { file: path.clone(), area, unit: None, year, profile: app.setup.profile.path.clone(), from, force: false };
    match crate::cli::init::run(&args, &app.setup.templates) {
        Ok(()) => Reply::json(200, &json!({ "sheet": security::relative(&app.root, &path) })),
        Err(e) => Reply::fail(422, format!("{e:#}")),
    }
}

#[derive(Deserialize)]
struct GenerateRequest {
    sheet: String,
    format: String,
}

fn api_generate(app: &App, req: GenerateRequest) -> Reply {
    use crate::cli::render::{Outcome, WriteOptions, render_sheet};
    let (path, _) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(formats) = crate::render::Format::parse_list(&req.format) else {
        return Reply::fail(400, "格式不对");
    };
    let out_dir = app.root.join("output");
    let periods = Period::parse_list("both").unwrap_or_default();
    let mut o = Outcome { sheet: path.clone(), ..Outcome::default() };
    let result = render_sheet(&path, &app.setup, &periods, &formats, &WriteOptions { out_dir: &out_dir, draft: true, force: false }, &mut o);
    let files: Vec<String> = o.written.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).collect();
    let kept: Vec<String> = o.kept.iter().map(|(p, why)| crate::cli::guard::kept_message(p, why)).collect();
    match result {
        Err(e) => Reply::json(422, &json!({ "error": e.to_string(), "files": files })),
        Ok(()) => Reply::json(200, &json!({ "files": files, "kept": kept, "draft": o.draft })),
    }
}

fn download(app: &App, name: &str) -> Reply {
    let out = app.root.join("output");
    let Ok(out) = out.canonicalize() else { return Reply::text(404, "还没有生成过文件") };
    let path = match security::inside(&out, name) {
        Ok(p) => p,
        Err(m) => return Reply::text(403, &m),
    };
    let Ok(bytes) = std::fs::read(&path) else { return Reply::text(404, "没有这个文件") };
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut r = Reply::new(200, kind, bytes);
    r.headers.push(("Content-Disposition".into(), format!("attachment; filename=\"report\"; filename*=UTF-8''{}", page::query_escape(&file))));
    r
}
