//! Batch plumbing shared by `render` (and later `check`, `rollup`): finding
//! sheets in folders, resolving each sheet's profile and templates once per
//! run, and a progress bar that stays silent when output is piped.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Result;
// Moved below both front ends (the editor uses them too); the old paths stay.
pub use crate::workflow::setup::{Setup, Setups, collect_sheets, walk_files};

/// The options every batch command shares: where templates and the county
/// profile come from.
#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// 自定义模板文件夹（其中的同名文件替换内置模板；优先于县配置文件中的 templates）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 县配置文件（默认使用数据表所在文件夹或上级文件夹中的 profile.toml）
    #[arg(long, value_name = "文件")]
    pub profile: Option<PathBuf>,
}

impl SetupArgs {
    /// Collects the sheets of `inputs` and resolves their setups; the error
    /// is a Chinese message for the command line (no sheet, bad profile or templates).
    pub fn collect(&self, inputs: &[PathBuf]) -> std::result::Result<(Vec<(PathBuf, PathBuf)>, Setups), String> {
        let sheets = collect_sheets(inputs);
        if sheets.is_empty() {
            return Err("没有找到数据表（*.toml）".into());
        }
        let setups = self.resolve(&sheets).map_err(|e| e.to_string())?;
        Ok((sheets, setups))
    }

    /// [`collect`](Self::collect), then sets the process's fonts (the
    /// profile's choices, then `--font` values on top) and makes one renderer
    /// of each format — the PDF renderer loads the fonts — so that a bad font
    /// fails before any sheet is rendered.
    pub fn collect_for(&self, inputs: &[PathBuf], fonts: &[String], formats: &[crate::render::Format]) -> std::result::Result<(Vec<(PathBuf, PathBuf)>, Setups), String> {
        let (sheets, setups) = self.collect(inputs)?;
        crate::cli::fonts::configure(&setups.font_overrides(fonts))?;
        for f in formats {
            f.renderer().map_err(|e| e.to_string())?;
        }
        Ok((sheets, setups))
    }

    /// Resolves every sheet's setup under these options.
    pub fn resolve(&self, sheets: &[(PathBuf, PathBuf)]) -> Result<Setups> {
        Setups::resolve(sheets, self.profile.as_deref(), self.templates.as_deref())
    }
}

/// Progress on a terminal; plain lines when piped; nothing but errors when quiet.
pub struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    /// A progress display for `n` sheets. The bar shows only when stderr is a
    /// terminal, there is more than one sheet, and not `quiet`.
    pub fn new(n: u64, quiet: bool) -> Progress {
        let target = ProgressDrawTarget::stderr();
        let bar = (!quiet && n > 1 && !target.is_hidden()).then(|| {
            let b = ProgressBar::with_draw_target(Some(n), target);
            b.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} 张 {elapsed}").unwrap_or_else(|_| ProgressStyle::default_bar()));
            b
        });
        Progress { bar, quiet }
    }

    /// An informational line (suppressed when quiet; above the bar on a terminal).
    pub fn line(&self, s: &str) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(b) => b.suspend(|| outln!("{s}")),
            None => outln!("{s}"),
        }
    }

    /// A warning line (to stderr, also when quiet).
    pub fn note(&self, s: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| errln!("{s}")),
            None => errln!("{s}"),
        }
    }

    /// One sheet done.
    pub fn inc(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
