//! A .csv ledger: UTF-8 (with or without the BOM Excel's "CSV UTF-8"
//! writes), GBK (what Chinese Excel's plain "CSV" writes) or UTF-16 with a
//! BOM (Excel's "Unicode text", tab-separated); comma or tab separated,
//! quotes as RFC 4180. One table, named after nothing (the file is the sheet).

use super::{Cell, LIMITS, Table};

/// Decodes a ledger file's bytes; Err says which encodings were tried.
pub fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(str::to_string).map_err(|_| "文件开头标明是 UTF-8，但其中有不是 UTF-8 的字节");
    }
    for (bom, enc) in [(&b"\xFF\xFE"[..], encoding_rs::UTF_16LE), (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, bad) = enc.decode_without_bom_handling(rest);
            return if bad { Err("文件标明是 UTF-16（Unicode 文本），但内容有误") } else { Ok(text.into_owned()) };
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    crate::data::input::from_gbk(bytes).ok_or("文件既不是 UTF-8 编码，也不是 GBK 编码")
}

/// Splits decoded text into rows of cells, each row numbered by the line it starts on.
pub fn table(text: &str) -> Result<Table, String> {
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains('\t') && !first.contains(',') { '\t' } else { ',' };
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let (mut line, mut row_line) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let push = |cell: &mut String, row: &mut Vec<Cell>| {
        let t = std::mem::take(cell);
        row.push(if t.trim().is_empty() { Cell::Empty } else { Cell::Text(t) });
    };
    while let Some(c) = chars.next() {
        if cell.len() > LIMITS.cell_bytes {
            return Err(format!("第{row_line}行有一格超过 {} 个字（可能是引号没有配对）", LIMITS.cell_bytes / 3));
        }
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            ('\n', true) => {
                line += 1;
                cell.push('\n');
            }
            ('\r', _) if chars.peek() == Some(&'\n') => {}
            ('\n' | '\r', false) => {
                line += 1;
                push(&mut cell, &mut row);
                if row.iter().any(|c| !matches!(c, Cell::Empty)) {
                    if rows.len() >= LIMITS.rows {
                        return Err(format!("超过 {} 行，不像是一年的台账", LIMITS.rows));
                    }
                    row.truncate(LIMITS.columns);
                    rows.push((row_line, std::mem::take(&mut row)));
                }
                row.clear();
                row_line = line;
            }
            (c, false) if c == sep => push(&mut cell, &mut row),
            (c, _) => cell.push(c),
        }
    }
    if quoted {
        return Err(format!("第{row_line}行的引号没有配对"));
    }
    push(&mut cell, &mut row);
    if row.iter().any(|c| !matches!(c, Cell::Empty)) {
        row.truncate(LIMITS.columns);
        rows.push((row_line, row));
    }
    Ok(Table { name: None, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Any bytes: decoded or refused, split into rows or refused — never a panic,
        /// and every row numbered within the text's lines, in order.
        #[test]
        fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'\t'), any::<u8>()], 0..400)) {
            if let Ok(text) = decode(&bytes) {
                let lines = text.split(['\n', '\r']).count().max(1);
                if let Ok(t) = table(&text) {
                    prop_assert!(t.rows.windows(2).all(|w| w[0].0 < w[1].0));
                    prop_assert!(t.rows.iter().all(|(n, r)| *n >= 1 && *n <= lines && r.len() <= LIMITS.columns));
                }
            }
        }
    }

    fn texts(t: &Table) -> Vec<(usize, Vec<String>)> {
        t.rows.iter().map(|(n, r)| (*n, r.iter().map(|c| if let Cell::Text(s) = c { s.clone() } else { String::new() }).collect())).collect()
    }

    #[test]
    fn encodings() {
        let s = "日期,内容\n3月5日,学习\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), s);
        assert_eq!(decode(&[b"\xEF\xBB\xBF", s.as_bytes()].concat()).unwrap(), s);
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk).unwrap(), s);
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16).unwrap(), s);
    }

    #[test]
    fn quotes_line_breaks_and_blank_rows() {
        let t = table("日期,内容\r\n3月5日,\"学习，\"\"讨论\"\"\n交流\"\r\n,,\r\n4月,走访\n").unwrap();
        assert_eq!(texts(&t), [(1, vec!["日期".into(), "内容".into()]), (2, vec!["3月5日".into(), "学习，\"讨论\"\n交流".into()]), (5, vec!["4月".into(), "走访".into()])]);
        assert!(table("a,\"b\n").unwrap_err().contains("引号"));
        let tabbed = table("日期\t内容\n3月\t学习\n").unwrap();
        assert_eq!(texts(&tabbed)[1].1, ["3月", "学习"]);
    }
}
