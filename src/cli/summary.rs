//! The end of a `render` run: one summary of every sheet's outcome (files
//! written, drafts, edited files kept, failures with what *was* written)
//! and the exit code that goes with it.

use std::path::PathBuf;
use std::process::ExitCode;

use super::render::Outcome;
use crate::error::Error;

/// Prints the summary and returns the exit code: 130 interrupted, 2 a
/// sheet failed for another reason than the checker, 1 sheets refused for
/// checker errors or edited files kept, 0 otherwise.
pub fn summarize(outcomes: &[Outcome], quiet: bool) -> ExitCode {
    let written: usize = outcomes.iter().map(|o| o.files.max(o.written.len())).sum();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.error.is_some()).collect();
    let skipped = outcomes.iter().filter(|o| o.interrupted).count();
    let done = outcomes.len() - failed.len() - skipped;
    if !quiet && outcomes.len() > 1 {
        outln!("完成：{} 张数据表，成功 {done} 张，生成 {written} 个文件。", outcomes.len());
    }
    let drafts: Vec<&Outcome> = outcomes.iter().filter(|o| o.draft && o.error.is_none()).collect();
    if !drafts.is_empty() {
        errln!("以下 {} 张数据表还有错误，生成的是草稿（文件名和页眉标有“草稿”），改正后请重新生成：", drafts.len());
        for o in drafts {
            errln!("  {}", o.sheet.display());
        }
    }
    let kept: Vec<&PathBuf> = outcomes.iter().flat_map(|o| o.kept.iter().map(|(p, _)| p)).collect();
    if !kept.is_empty() {
        errln!("以下 {} 个 Word 文件生成后被修改过（或不是 zongjie 生成的），已保留未覆盖；确认可以覆盖时加 --force：", kept.len());
        for p in &kept {
            errln!("  {}", p.display());
        }
    }
    if skipped > 0 {
        errln!("已中断：{skipped} 张数据表未处理，没有为它们生成任何文件；已写出的文件都是完整的。");
        return ExitCode::from(130);
    }
    if !failed.is_empty() {
        errln!("有 {} 张数据表未能生成：", failed.len());
        for o in &failed {
            let reason = o.error.as_ref().map(first_reason).unwrap_or_default();
            errln!("  {}：{reason}", o.sheet.display());
            if !o.written.is_empty() {
                let names: Vec<String> = o.written.iter().map(|p| p.display().to_string()).collect();
                errln!("    已写出：{}", names.join("、"));
            }
        }
        if failed.iter().any(|o| matches!(o.error, Some(Error::Refused(_)))) {
            errln!("有“错误”级问题的数据表不生成（zongjie check 查看全部问题）；改正后重新生成，或加 --draft 生成标有“草稿”的版本。");
        }
    }
    let refused = failed.iter().all(|o| matches!(o.error, Some(Error::Refused(_))));
    if !refused {
        ExitCode::from(2)
    } else if !failed.is_empty() || !kept.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line saying why a sheet failed, with its location when known.
pub fn first_reason(e: &Error) -> String {
    match e.diagnostics().first() {
        Some(d) => {
            let more = e.diagnostics().len() - 1;
            format!("{}：{}{}", d.location(), d.message, if more > 0 { format!("（另有 {more} 处）") } else { String::new() })
        }
        None => e.to_string().lines().next().unwrap_or("").to_string(),
    }
}
