//! The roll-up as CSV: UTF-8 with a byte-order mark (so Excel and WPS read
//! the Chinese headers correctly), CRLF line ends, RFC 4180 quoting; what
//! was left out follows the table, one 注： row each. A cell that Excel or
//! WPS would take for a formula (a unit name or label starting with = + - @,
//! a tab or a carriage return, such as `=HYPERLINK(…)`) gets a leading `'`,
//! the usual neutralisation, and a 注： row says so; numbers stay numbers.

use super::RollupTable;

/// CSV bytes of the table.
pub fn to_csv(t: &RollupTable) -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    let mut neutralised = false;
    for row in t.cells() {
        let line: Vec<String> = row.iter().map(|c| quote(&inert(c, &mut neutralised))).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    }
    let note = neutralised.then(|| "以 = + - @ 等符号开头的文字前加了英文单引号（'），以免在 Excel、WPS 中被当作公式执行".to_string());
    for n in t.notes.iter().chain(&note) {
        s.push_str(&quote(&format!("注：{n}。")));
        s.push_str("\r\n");
    }
    s.into_bytes()
}

/// The cell, with a leading `'` when a spreadsheet would read it as a formula.
fn inert(cell: &str, neutralised: &mut bool) -> String {
    let number = cell.parse::<f64>().is_ok() && cell.bytes().all(|b| b.is_ascii_digit() || b"-.".contains(&b));
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number;
    *neutralised |= formula;
    if formula { format!("'{cell}") } else { cell.to_string() }
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        assert_eq!(super::quote("a,b"), "\"a,b\"");
        assert_eq!(super::quote("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(super::quote("甲"), "甲");
        let mut flag = false;
        assert_eq!(super::inert("-3", &mut flag), "-3");
        assert!(!flag);
        assert_eq!(super::inert("=1+1", &mut flag), "'=1+1");
        assert!(flag);
    }
}
