//! The end of a `render` run: one summary of every sheet's outcome (files
//! written, drafts, edited files kept, failures with what *was* written)
//! and the exit code that goes with it.

use std::path::PathBuf;
use std::process::ExitCode;

use super::guard;
use crate::workflow::generate::Outcome;
use crate::error::Error;

/// Prints the summary and returns the exit code: 130 interrupted, 2 a
/// sheet failed for another reason than the checker, 1 sheets refused for
/// checker errors or edited files kept, 0 otherwise. Failures and kept
/// files are said here only (not also while the run goes), each once:
/// sheets that failed for the same reason (a broken template) share one
/// message.
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
    let kept: Vec<&(PathBuf, &str)> = outcomes.iter().flat_map(|o| o.kept.iter()).collect();
    match kept.as_slice() {
        [] => {}
        [(p, why)] => errln!("注意：{}", guard::kept_message(p, why)),
        _ => {
            errln!("注意：以下 {} 个文件已原样保留，未覆盖；确认不要这些修改时，加 --force 重新生成，或先把它们改名另存：", kept.len());
            for (p, why) in &kept {
                errln!("  {}：{why}", p.display());
            }
        }
    }
    if !failed.is_empty() {
        report_failures(&failed, outcomes.len() > 1);
    }
    if skipped > 0 {
        errln!("已中断：{skipped} 张数据表未处理，没有为它们生成任何文件；已写出的文件都是完整的。");
        return ExitCode::from(130);
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

/// How many sheets of a group are named before "等 N 张".
const NAMED: usize = 5;

/// The failed sheets with their errors, each error said once.
fn report_failures(failed: &[&Outcome], batch: bool) {
    if batch {
        errln!("有 {} 张数据表未能生成：", failed.len());
    }
    let mut groups: Vec<(String, Vec<&Outcome>)> = Vec::new();
    for o in failed {
        let text = o.error.as_ref().map(Error::to_string).unwrap_or_default();
        match groups.iter_mut().find(|(t, _)| *t == text) {
            Some((_, g)) => g.push(o),
            None => groups.push((text, vec![o])),
        }
    }
    for (text, group) in &groups {
        let names: Vec<String> = group.iter().take(NAMED).map(|o| o.sheet.display().to_string()).collect();
        let located = group.len() == 1 && [":", "："].iter().any(|sep| text.starts_with(&format!("{}{sep}", names[0])));
        if located {
            errln!("错误：{text}");
        } else if group.len() > NAMED {
            errln!("错误：{} 等 {} 张数据表：{text}", names.join("、"), group.len());
        } else {
            errln!("错误：{}：{text}", names.join("、"));
        }
        for o in group.iter().filter(|o| !o.written.is_empty()) {
            let files: Vec<String> = o.written.iter().map(|p| p.display().to_string()).collect();
            let whose = if group.len() > 1 { format!("{} ", o.sheet.display()) } else { String::new() };
            errln!("  {whose}已写出：{}", files.join("、"));
        }
    }
    if failed.iter().any(|o| matches!(o.error, Some(Error::Refused(_)))) {
        errln!("有“错误”级问题的数据表不生成（zongjie check 查看全部问题）；改正后重新生成，或加 --draft 生成标有“草稿”的版本。");
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
