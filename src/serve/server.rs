//! The transport of `zongjie serve`: HTTP/1.1 (hyper) on a current-thread
//! tokio runtime, in front of [`super::routes`]. It sits between the socket
//! and the guards, and its one job is that no local client can stop or stall
//! the editor:
//!
//! - a request's headers must arrive within [`HEADER_TIMEOUT`] and fit in
//!   [`HEADER_BYTES`]; its body within [`BODY_TIMEOUT`] and [`super::MAX_BODY`]
//!   (a larger `Content-Length` is refused before anything is read);
//! - every connection is its own task, so a slow one holds only itself;
//!   routes run on a small pool of threads (a preview takes a few
//!   milliseconds, a download a second) while the runtime keeps accepting;
//! - a connection that sends no complete request head within
//!   [`HEADER_TIMEOUT`] of opening is closed (hyper's header timer); any
//!   connection idle for [`IDLE_TIMEOUT`] is closed as a backstop, and the
//!   oldest idle one at once when the open connections reach the cap that
//!   the process's file limit allows;
//! - an accept error (out of file handles) closes an idle connection and
//!   waits a moment; it never ends the process.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::TcpListener;
use std::pin::{Pin, pin};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{CONTENT_LENGTH, HeaderName, HeaderValue};
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Notify;

use super::reply::Reply;
use super::routes;
use super::{App, MAX_BODY};

/// Time for a request's headers to arrive, from its first byte.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time for a request's body to arrive once its headers are in.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(20);
/// An open connection with no request in progress is closed after this.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest request head (request line and headers).
pub const HEADER_BYTES: usize = 64 * 1024;
/// Threads running routes at once (more requests wait their turn).
const ROUTE_THREADS: usize = 8;

/// Binds 127.0.0.1 (port 0: any free one) and returns the listener with
/// the port it got.
pub fn bind(port: u16) -> Result<(TcpListener, u16), String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("无法在 127.0.0.1:{port} 上启动（端口被占用？可用 --port 换一个）：{e}"))?;
    let port = listener.local_addr().map_err(|e| format!("无法取得端口：{e}"))?.port();
    Ok((listener, port))
}

/// Answers requests until the process ends.
pub fn serve(app: App, listener: TcpListener) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(ROUTE_THREADS)
        .build()
        .map_err(|e| format!("无法启动编辑器：{e}"))?;
    listener.set_nonblocking(true).map_err(|e| format!("无法启动编辑器：{e}"))?;
    runtime.block_on(accept_loop(Arc::new(app), listener))
}

async fn accept_loop(app: Arc<App>, listener: TcpListener) -> Result<(), String> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| format!("无法启动编辑器：{e}"))?;
    let conns = Arc::new(Conns::new(connection_cap()));
    tokio::spawn(reap(conns.clone()));
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                conns.make_room();
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(app.clone(), conns.clone(), stream));
            }
            // Out of file handles (EMFILE) or a connection reset before it
            // was taken: keep fewer connections from now on, free a handle
            // (its task closes the socket when it runs) and go on; with
            // nothing to free, wait a moment instead of spinning.
            Err(_) => {
                conns.lower_cap();
                if conns.close_oldest_idle() {
                    tokio::task::yield_now().await;
                } else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    }
}

/// How many connections may be open at once: half the process's file
/// handles (the rest are for sheets, fonts and output), at most 4096.
fn connection_cap() -> usize {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes the struct we own and reads nothing else.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0 {
            return (lim.rlim_cur as usize / 2).clamp(16, 4096);
        }
    }
    1024
}

/// The open connections: which are waiting for a request, since when, and
/// how to close each.
struct Conns {
    /// At most this many open at once (lowered when the system runs out of handles first).
    cap: std::sync::atomic::AtomicUsize,
    state: Mutex<ConnState>,
}

#[derive(Default)]
struct ConnState {
    next: u64,
    open: BTreeMap<u64, Slot>,
}

struct Slot {
    /// Since when it waits for a request (None: a request is in progress).
    idle_since: Option<Instant>,
    close: Arc<Notify>,
}

impl Conns {
    fn new(cap: usize) -> Conns {
        Conns { cap: cap.into(), state: Mutex::new(ConnState::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ConnState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self) -> (u64, Arc<Notify>) {
        let mut s = self.lock();
        let id = s.next;
        s.next += 1;
        let close = Arc::new(Notify::new());
        s.open.insert(id, Slot { idle_since: Some(Instant::now()), close: close.clone() });
        (id, close)
    }

    fn closed(&self, id: u64) {
        self.lock().open.remove(&id);
    }

    fn set_idle(&self, id: u64, idle: bool) {
        if let Some(slot) = self.lock().open.get_mut(&id) {
            slot.idle_since = idle.then(Instant::now);
        }
    }

    /// Before taking one more: at the cap, the oldest idle connection goes.
    fn make_room(&self) {
        if self.lock().open.len() >= self.cap.load(Ordering::Relaxed) {
            self.close_oldest_idle();
        }
    }

    /// The handles ran out below the cap: the cap becomes what fitted.
    fn lower_cap(&self) {
        let open = self.lock().open.len();
        self.cap.fetch_min(open.saturating_sub(1).max(4), Ordering::Relaxed);
    }

    /// Closes the connection idle the longest; false when none is idle.
    fn close_oldest_idle(&self) -> bool {
        let mut s = self.lock();
        let oldest = s.open.iter().filter_map(|(id, slot)| Some((slot.idle_since?, *id))).min();
        match oldest.and_then(|(_, id)| s.open.remove(&id)) {
            Some(slot) => {
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn close_idle_since(&self, before: Instant) {
        let mut s = self.lock();
        s.open.retain(|_, slot| match slot.idle_since {
            Some(t) if t < before => {
                slot.close.notify_one();
                false
            }
            _ => true,
        });
    }
}

/// Closes connections idle longer than [`IDLE_TIMEOUT`], once a second.
async fn reap(conns: Arc<Conns>) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if let Some(before) = Instant::now().checked_sub(IDLE_TIMEOUT) {
            conns.close_idle_since(before);
        }
    }
}

async fn connection(app: Arc<App>, conns: Arc<Conns>, stream: tokio::net::TcpStream) {
    let (id, close) = conns.open();
    let service = {
        let conns = conns.clone();
        hyper::service::service_fn(move |req| {
            conns.set_idle(id, false);
            let idle = IdleOnDrop { conns: conns.clone(), id };
            let app = app.clone();
            async move { Ok::<_, Infallible>(answer(app, req).await.map(|body| Tracked { body, _idle: idle })) }
        })
    };
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(HEADER_BYTES)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = pin!(conn);
    let mut closing = pin!(close.notified());
    // Whichever ends first: the connection, or the order to close it
    // (dropping the connection closes the socket).
    std::future::poll_fn(|cx| {
        if closing.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        conn.as_mut().poll(cx).map(|_| ())
    })
    .await;
    conns.closed(id);
}

/// Marks the connection idle again once its answer is written (or dropped).
struct IdleOnDrop {
    conns: Arc<Conns>,
    id: u64,
}

impl Drop for IdleOnDrop {
    fn drop(&mut self) {
        self.conns.set_idle(self.id, true);
    }
}

/// An answer's body, holding the connection busy until it is sent.
struct Tracked {
    body: Full<Bytes>,
    _idle: IdleOnDrop,
}

impl Body for Tracked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }
    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }
    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// One request: guards, then the body (bounded in size and time), then the
/// route on a worker thread.
async fn answer(app: Arc<App>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let url = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_string(), |pq| pq.as_str().to_string());
    let (host, origin, cookie) = (header("host"), header("origin"), header("cookie"));
    let method = parts.method.clone();
    let inc = routes::Incoming { method: &method, url: &url, host: host.as_deref(), origin: origin.as_deref(), cookie: cookie.as_deref() };
    // An unread body leaves the connection unusable for another request.
    let unread = !body.is_end_stream();
    match routes::guard(&app, &inc) {
        Err(r) | Ok(Some(r)) => return respond(r, unread),
        Ok(None) => {}
    }
    let announced = parts.headers.get(CONTENT_LENGTH).map(|v| v.to_str().ok().and_then(|s| s.trim().parse::<u64>().ok()));
    match announced {
        Some(None) => return respond(Reply::text(400, "请求不完整"), true),
        Some(Some(n)) if n > MAX_BODY => return respond(Reply::text(413, "请求内容过大"), true),
        _ => {}
    }
    let body = match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY as usize).collect()).await {
        Err(_) => return respond(Reply::text(408, "请求内容没有按时送到"), true),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return respond(Reply::text(413, "请求内容过大"), true),
        Ok(Err(_)) => return respond(Reply::text(400, "请求不完整"), true),
        Ok(Ok(b)) => b.to_bytes(),
    };
    let reply = tokio::task::spawn_blocking(move || {
        let inc = routes::Incoming { method: &method, url: &url, host: host.as_deref(), origin: origin.as_deref(), cookie: cookie.as_deref() };
        routes::route(&app, &inc, &body)
    })
    .await
    .unwrap_or_else(|_| Reply::text(500, "编辑器内部出错，这次操作没有完成，请重试"));
    respond(reply, false)
}

/// Our answer with the headers every page carries. `close`: the request's
/// body was not read, so the connection cannot serve another.
fn respond(r: Reply, close: bool) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(r.body)));
    *resp.status_mut() = hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = vec![
        ("Content-Type".to_string(), r.kind.to_string()),
        ("Cache-Control".into(), "no-store".into()),
        ("X-Content-Type-Options".into(), "nosniff".into()),
        ("X-Frame-Options".into(), "DENY".into()),
        ("Referrer-Policy".into(), "no-referrer".into()),
        ("Content-Security-Policy".into(), "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'".into()),
    ];
    if close {
        headers.push(("Connection".into(), "close".into()));
    }
    headers.extend(r.headers);
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(&v)) {
            resp.headers_mut().append(k, v);
        }
    }
    resp
}
