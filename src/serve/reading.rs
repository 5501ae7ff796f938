//! Reading a sheet of the served folder for a route: only a .toml inside
//! the folder ([`super::security::inside`]), and the figure kinds its loader
//! gives (custom figures need them). Used by [`super::routes`] and
//! [`super::api`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::reply::Reply;
use super::{App, security};
use crate::data::{DataSheet, Kind};

pub(super) fn read_sheet(app: &App, name: &str) -> Result<(PathBuf, String), Reply> {
    read_text(app, name).map_err(|(status, m)| Reply::fail(status, m))
}

pub(super) fn read_text(app: &App, name: &str) -> Result<(PathBuf, String), (u16, String)> {
    let path = security::inside(&app.root, name).map_err(|m| (403, m))?;
    if path.extension().is_none_or(|e| e != "toml") {
        return Err((403, "只能打开 .toml 数据表".into()));
    }
    let text = crate::data::input::read_text(&path).map_err(|e| (404, format!("无法读取 {name}：{e}")))?;
    Ok((path, text))
}

/// The kinds the loader gives the figures of `text` (custom figures need it).
pub(super) fn kinds(app: &App, path: &Path, text: &str) -> (BTreeMap<String, Kind>, Option<String>) {
    match DataSheet::from_text(crate::data::source::SourceFile::new(path, text.to_string()), &app.setup.templates.catalogue) {
        Ok(ds) => (ds.figures.iter().map(|f| (f.key.clone(), f.kind)).collect(), None),
        Err(e) => (BTreeMap::new(), Some(format!("这张表现在有错误，改好后才能生成：{}", super::preview::error_text(&e, text)))),
    }
}
