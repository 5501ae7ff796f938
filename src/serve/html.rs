//! HTML text for the editor's pages: the one escaping function every page
//! builder ([`super::form`], [`super::page`], [`super::preview`], the
//! routes' own small pages) uses. A leaf: it imports nothing of serve.

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
