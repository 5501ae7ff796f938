//! The editor's answer before it is sent ([`Reply`]): status, content type,
//! body and headers, with the constructors every route uses. A leaf below
//! [`super::routes`], [`super::api`] and [`super::server`].

use serde_json::json;

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
    pub fn new(status: u16, kind: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, kind, body: body.into(), headers: Vec::new() }
    }
    pub fn html(body: String) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub fn json(status: u16, v: &serde_json::Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", v.to_string())
    }
    pub fn text(status: u16, msg: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", msg)
    }
    pub fn fail(status: u16, msg: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": msg.into() }))
    }
}
