//! The routes of `zongjie serve`, after the transport ([`super::server`])
//! and the guards of [`super::security`]:
//! pages (`/`, `/edit`) and embedded assets here; the JSON calls the page
//! makes (`/api/…`) and downloads (`/download`) in [`super::api`].

use hyper::Method;
use serde::Deserialize;

use super::edit;
use super::security::{self, COOKIE};
use super::reading::{kinds, read_text};
pub use super::reply::Reply;
use super::{App, api, page};
use crate::data::DataSheet;

const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

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
    if ok(from_query) && *r.method == Method::GET {
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

/// The answer to a request that passed the guards. Requests that write
/// (save, list and figure changes, new sheets, generation) run one at a
/// time, so two tabs saving at once cannot interleave a read and a write.
pub fn route(app: &App, r: &Incoming<'_>, body: &[u8]) -> Reply {
    let path = r.url.split('?').next().unwrap_or("");
    let _writing = (*r.method == Method::POST && path != "/api/preview").then(|| app.writing.lock().unwrap_or_else(|e| e.into_inner()));
    match (r.method, path) {
        (&Method::GET, "/") => list(app),
        (&Method::GET, "/edit") => match query_value(r.url, "sheet") {
            Some(name) => editor(app, &name),
            None => Reply::text(400, "缺少 sheet"),
        },
        (&Method::GET, "/assets/app.js") => Reply::new(200, "text/javascript; charset=utf-8", APP_JS),
        (&Method::GET, "/assets/style.css") => Reply::new(200, "text/css; charset=utf-8", STYLE_CSS),
        (&Method::GET, "/download") => api::download(app, &query_value(r.url, "file").unwrap_or_default()),
        (&Method::POST, "/api/preview") => with_json(body, |req: api::EditRequest| api::api_preview(app, req)),
        (&Method::POST, "/api/save") => with_json(body, |req: api::EditRequest| api::api_save(app, req)),
        (&Method::POST, "/api/list") => with_json(body, |req: api::ListRequest| api::api_list(app, req)),
        (&Method::POST, "/api/custom") => with_json(body, |req: api::CustomRequest| api::api_custom(app, req)),
        (&Method::POST, "/api/folder") => with_json(body, |req: super::folder::FolderRequest| super::folder::api_folder(app, req)),
        (&Method::POST, "/api/convert") => with_json(body, |req: super::encoding::ConvertRequest| super::encoding::api_convert(app, req)),
        (&Method::POST, "/api/create") => with_json(body, |req: api::CreateRequest| api::api_create(app, req)),
        (&Method::POST, "/api/generate") => with_json(body, |req: api::GenerateRequest| api::api_generate(app, req)),
        _ => Reply::text(404, "没有这个页面"),
    }
}

fn with_json<T: for<'de> Deserialize<'de>>(body: &[u8], f: impl FnOnce(T) -> Reply) -> Reply {
    match serde_json::from_slice(body) {
        Ok(req) => f(req),
        Err(_) => Reply::fail(400, "请求格式不对"),
    }
}

fn list(app: &App) -> Reply {
    let rows = super::sheets::rows(app);
    let out = security::output_dir(&app.root).ok();
    let present: Vec<Vec<String>> = rows.iter().map(|r| r.outputs.iter().filter(|f| out.as_ref().is_some_and(|o| o.join(f).is_file())).cloned().collect()).collect();
    let mut rollups: Vec<String> = out.iter().flat_map(|o| std::fs::read_dir(o).into_iter().flatten().flatten()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".xlsx")).collect();
    rollups.sort();
    Reply::html(page::list(&app.root.display().to_string(), &rows, &present, &rollups))
}

/// A sheet the editor cannot read: a page with the way back, and for a
/// sheet saved in another encoding (GBK from Notepad or WPS), how to save
/// it as UTF-8.
fn unreadable(app: &App, name: &str, why: String) -> Reply {
    let not_utf8 = security::inside(&app.root, name).ok().and_then(|p| crate::data::input::read(&p).ok()).is_some_and(|b| std::str::from_utf8(&b).is_err());
    let (title, body) = if not_utf8 {
        (
            format!("{name} 不是 UTF-8 编码，网页无法打开"),
            "<p>这张表多半是用记事本或 WPS 以 GBK（ANSI）编码保存的，编辑器只读 UTF-8 编码的数据表。内容不会丢失，改一下保存方式即可：</p>\
             <ol><li>用记事本打开这张表；</li><li>点“文件 → 另存为”，在窗口下方的“编码”一栏选“UTF-8”，文件名不变，保存并确认替换；</li>\
             <li>回到数据表列表，刷新页面，再点开这张表。</li></ol><p>（WPS 或 VS Code 中同样是“另存为”时选择 UTF-8 编码。）</p>\
             <p>也可以让编辑器代为转换：原文件先原样另存一份（文件名后加“.gbk原件”），再把这张表改存为 UTF-8。</p>\
             <p><button id=\"convert\" type=\"button\">转换为 UTF-8（保留原文件）</button> <span class=\"msg\" id=\"convert-msg\"></span></p>"
                .to_string(),
        )
    } else {
        (format!("{name} 无法打开"), format!("<pre class=\"error\">{}</pre>", page::esc(&why)))
    };
    let html = format!("<main class=\"list\" id=\"unreadable\" data-sheet=\"{}\"><p><a href=\"/\">← 返回数据表列表</a></p><h1>{}</h1>{body}</main>", page::esc(name), page::esc(&title));
    let mut r = Reply::html(page::frame(&title, &html));
    r.status = 422;
    r
}

fn editor(app: &App, name: &str) -> Reply {
    let (path, text) = match read_text(app, name) {
        Ok(x) => x,
        Err((404, m)) => return unreadable(app, name, m),
        Err((status, m)) => return Reply::text(status, &m),
    };
    let doc = match edit::parse(&text) {
        Ok(d) => d,
        Err(m) => {
            // The loader's message says what to change, in Chinese, where.
            let why = DataSheet::from_text(crate::data::source::SourceFile::new(&path, text.clone()), &app.setup.templates.catalogue).err().map_or(m, |e| e.to_string());
            let body = format!(
                "<main class=\"list\"><p><a href=\"/\">← 返回数据表列表</a></p><h1>{n} 暂时无法在网页中编辑</h1>\
                 <p>这张表有一处写法错误，网页读不懂它。请用记事本打开 {n}，按下面的提示改好、保存后刷新本页（其余内容不会丢失）。</p><pre class=\"error\">{w}</pre></main>",
                n = page::esc(name),
                w = page::esc(&why)
            );
            let mut r = Reply::html(page::frame(&format!("{name} · 无法编辑"), &body));
            r.status = 422;
            return r;
        }
    };
    let (kinds, load_error) = kinds(app, &path, &text);
    // A township (by its level, or because it lists villages) gets the villages box.
    let level = edit::values::value_at(&doc, "unit.level");
    let area = edit::values::value_at(&doc, "unit.area");
    let level = if level.is_empty() { ["街道", "社区", "镇", "乡", "村"].into_iter().find(|s| area.ends_with(s)).unwrap_or("镇").to_string() } else { level };
    let township = super::sheets::is_township(&level) || !edit::values::value_at(&doc, "report.villages").is_empty();
    let villages = township.then(|| super::sheets::village_candidates(app, &path));
    Reply::html(page::editor(&security::relative(&app.root, &path), &edit::version(&text), &doc, &app.setup.templates.catalogue, &kinds, load_error.as_deref(), villages.as_deref()))
}

