//! The console a Windows user meets (part of [`super`], before any
//! command runs): double-clicking `zongjie.exe` in Explorer opens a new
//! console that closes as soon as the program ends. With no arguments in a
//! console of its own, `cli::main` starts the local editor (`serve`), and
//! where that cannot start shows a short Chinese guide and waits for Enter
//! instead of flashing help past. Typing `zongjie` alone in cmd.exe (a
//! shared console) still prints the help. Chinese text itself needs no
//! code page setting: Rust's standard library writes to a Windows console
//! as UTF-16 (`WriteConsoleW`), so cmd.exe and PowerShell show it whatever
//! the code page; redirected output stays UTF-8.

/// The guide shown on a double-click.
pub const GUIDE: &str = "\
zongjie（总结）是命令行程序，要在命令窗口里运行，不能直接双击使用。

  1. 打开 zongjie.exe 所在的文件夹，在窗口上方的地址栏输入 cmd 后按回车，打开命令提示符；
  2. 输入下面一行并按回车，用示例数据生成总结（Word、PDF、纯文本）：
       zongjie render 示例数据 --format all
  3. 生成的文件在同一文件夹下的 output 文件夹里，双击 .docx 即可用 WPS 或 Word 打开。

  新建自己的数据表：zongjie init 我镇.toml --year 2025
  查看全部用法：    zongjie --help
  详细说明见同一文件夹里的“使用说明.txt”。
";

/// True when the program was started with no arguments in a console that
/// exists only for it — Explorer's double-click. Never on other platforms.
pub fn double_clicked() -> bool {
    std::env::args_os().len() == 1 && sole_console_process()
}

#[cfg(windows)]
fn sole_console_process() -> bool {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds `ids.len()` process ids, as the call is told.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1
}

#[cfg(not(windows))]
fn sole_console_process() -> bool {
    false
}

/// Shows [`GUIDE`] and waits for Enter, so the window stays open to be read.
pub fn show_guide_and_wait() {
    outln!("{GUIDE}");
    out!("按回车键关闭窗口……");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
