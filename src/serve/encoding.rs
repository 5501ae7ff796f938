//! Sheets saved in GBK (Notepad's “ANSI”, WPS): the editor reads UTF-8
//! only, so the page for such a sheet ([`super::routes`]) offers to convert
//! it here. The original bytes are kept beside it under a new name first;
//! the sheet is then rewritten as UTF-8 in one atomic step. A file that is
//! not valid GB18030 either is left alone with a message.

use serde::Deserialize;
use serde_json::json;

use super::reply::Reply;
use super::{App, security};
use crate::data::input::from_gbk;

#[derive(Deserialize)]
pub struct ConvertRequest {
    sheet: String,
}

pub fn api_convert(app: &App, req: ConvertRequest) -> Reply {
    let path = match security::inside(&app.root, &req.sheet) {
        Ok(p) if p.extension().is_some_and(|e| e == "toml") => p,
        Ok(_) => return Reply::fail(403, "只能转换 .toml 数据表"),
        Err(m) => return Reply::fail(403, m),
    };
    let Ok(bytes) = crate::data::input::read(&path) else { return Reply::fail(404, format!("无法读取 {}", req.sheet)) };
    if std::str::from_utf8(&bytes).is_ok() {
        return Reply::fail(409, format!("{} 已经是 UTF-8 编码，不用转换", req.sheet));
    }
    let Some(text) = from_gbk(&bytes) else {
        return Reply::fail(422, format!("{} 既不是 UTF-8 也不是 GBK 编码，无法自动转换；请用记事本“另存为”UTF-8", req.sheet));
    };
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().map(|n| n.to_string_lossy().into_owned())) else { return Reply::fail(500, "无法转换") };
    // The original first, under a name no other file has.
    let mut backup = String::new();
    for n in 1..100 {
        let candidate = if n == 1 { format!("{name}.gbk原件") } else { format!("{name}.gbk原件{n}") };
        match std::fs::OpenOptions::new().write(true).create_new(true).open(dir.join(&candidate)) {
            Ok(mut f) => {
                if std::io::Write::write_all(&mut f, &bytes).and_then(|()| f.sync_all()).is_err() {
                    let _ = std::fs::remove_file(dir.join(&candidate));
                    return Reply::fail(500, "无法保存原文件的备份，没有转换");
                }
                backup = candidate;
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Reply::fail(500, format!("无法保存原文件的备份，没有转换：{e}")),
        }
    }
    if backup.is_empty() {
        return Reply::fail(409, "备份文件名都已被占用，没有转换");
    }
    match crate::workflow::output::write_atomic(dir, &name, text.as_bytes()) {
        Ok(_) => Reply::json(200, &json!({ "sheet": security::relative(&app.root, &path), "backup": backup })),
        Err(e) => Reply::fail(500, format!("转换失败（原文件未改动）：{e}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gbk_bytes_are_read_and_others_refused() {
        assert_eq!(super::from_gbk(b"area = \"\xc7\xe0\xca\xaf\xd5\xf2\"").as_deref(), Some("area = \"青石镇\""));
        assert_eq!(super::from_gbk(b"\xff\xff\xff"), None);
    }
}
