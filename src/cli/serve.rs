//! `zongjie serve`: starts the local editor ([`crate::serve`]) on a folder,
//! prints its address (first line, token included) and opens the browser.

use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;

/// Options of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// 数据表所在的文件夹（默认当前文件夹）
    #[arg(value_name = "文件夹", help_heading = "参数")]
    pub folder: Option<PathBuf>,
    /// 端口（默认自动选一个空闲端口）
    #[arg(long, value_name = "端口", default_value_t = 0, hide_default_value = true)]
    pub port: u16,
    /// 不自动打开浏览器
    #[arg(long)]
    pub no_open: bool,
}

/// Windows: zongjie.exe started with no arguments (double-clicked in
/// Explorer) serves the folder it sits in instead of printing usage into a
/// console window that closes at once.
pub fn double_clicked() -> Option<ExitCode> {
    if !cfg!(windows) || std::env::args_os().len() != 1 {
        return None;
    }
    let folder = std::env::current_exe().ok()?.parent()?.to_path_buf();
    Some(run(&ServeArgs { folder: Some(folder), port: 0, no_open: false }))
}

/// Runs `serve` until the process is stopped (Ctrl-C).
pub fn run(args: &ServeArgs) -> ExitCode {
    let folder = args.folder.clone().unwrap_or_else(|| PathBuf::from("."));
    let (server, port) = match crate::serve::bind(args.port) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let app = match crate::serve::App::new(&folder, port) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let url = app.url();
    outln!("zongjie 编辑器已启动：{url}");
    outln!("用浏览器打开上面的地址（只能在本机访问）；按 Ctrl-C 停止。文件夹：{}", app.root.display());
    if !args.no_open {
        crate::serve::open_browser(&url);
    }
    match crate::serve::serve(app, server) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}
