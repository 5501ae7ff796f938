//! `zongjie serve`: a local editor in the browser. It sits beside [`crate::cli`]
//! as a second front end over the same pipeline: sheets are loaded with
//! [`crate::data`], checked with [`crate::lint`], composed and laid out with
//! [`crate::compose`] and [`crate::layout`] for the live preview, and
//! rendered through [`crate::workflow::generate`] for downloads. Edits are written back with
//! toml_edit ([`edit`]) so comments and untouched lines survive.
//!
//! [`server`] answers on 127.0.0.1 (hyper on a current-thread tokio runtime,
//! every connection bounded in time and size); [`security`] guards every request (token, Host/Origin, paths) before
//! [`routes`] runs. Pages are built by [`page`] with every user text escaped;
//! script and style are embedded (`assets/`), nothing is fetched from the net.

pub mod activities;
pub mod api;
pub mod edit;
pub mod encoding;
pub mod folder;
pub mod form;
pub mod html;
pub mod locate;
pub mod page;
pub mod preview;
pub mod reading;
pub mod reply;
pub mod routes;
pub mod security;
pub mod server;
pub mod sheets;
pub mod status;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::workflow::setup::{Setup, Setups};

/// Largest request body accepted (a sheet is a few kilobytes).
pub const MAX_BODY: u64 = 2 * 1024 * 1024;

/// A running editor: the folder it serves and the per-run secret.
pub struct App {
    /// The served folder, canonical.
    pub root: PathBuf,
    /// The per-run token.
    pub token: String,
    /// The port bound on 127.0.0.1.
    pub port: u16,
    /// Templates, catalogue and county profile of the folder.
    pub setup: Arc<Setup>,
    /// Fonts for the preview's line breaks (None: fixed advances).
    pub fonts: Option<Arc<crate::fonts::FontSet>>,
    /// The sheet list's rows, kept until their files change.
    pub list_cache: sheets::Cache,
    /// Held by requests that write, so they run one at a time.
    pub writing: std::sync::Mutex<()>,
}

impl App {
    /// The address the browser opens (the token included).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Reads the folder's setup (the nearest profile.toml, templates).
    pub fn new(root: &Path, port: u16) -> Result<App, String> {
        let root = root.canonicalize().map_err(|e| format!("无法打开文件夹 {}：{e}", root.display()))?;
        if !root.is_dir() {
            return Err(format!("{} 不是文件夹", root.display()));
        }
        let probe = root.join("_.toml");
        let setups = Setups::resolve(&[(probe.clone(), root.clone())], None, None).map_err(|e| e.to_string())?;
        let fonts = crate::fonts::shared().ok();
        Ok(App { token: security::new_token()?, port, setup: setups.of(&probe), fonts, root, list_cache: sheets::Cache::default(), writing: Default::default() })
    }

    /// The sheets of the folder in order: those that resolve inside it,
    /// outside `output/` (a link to a sheet elsewhere is left out).
    pub fn sheets(&self) -> Vec<PathBuf> {
        crate::workflow::setup::collect_sheets(std::slice::from_ref(&self.root)).into_iter().map(|(p, _)| p).filter(|p| security::is_served_sheet(&self.root, p)).collect()
    }
}

pub use server::{bind, serve};

/// Opens the default browser on `url` (no shell involved).
pub fn open_browser(url: &str) {
    let cmd: &[&str] = if cfg!(windows) {
        &["explorer"]
    } else if cfg!(target_os = "macos") {
        &["open"]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(cmd[0]).arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
}
