//! The words of the annotated markup, shared by the package writer
//! ([`super`]) and the run cutter ([`super::runs`]): the WordprocessingML
//! namespace, the author of comments and tracked changes, and text escaping
//! for element content and attributes. A leaf: it imports nothing.

/// The WordprocessingML main namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The author of every comment and tracked change.
pub const AUTHOR: &str = "zongjie";

/// Text escaped for XML element content and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
