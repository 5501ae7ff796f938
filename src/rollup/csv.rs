//! The roll-up as CSV: UTF-8 with a byte-order mark (so Excel and WPS read
//! the Chinese headers correctly), CRLF line ends, RFC 4180 quoting; what
//! was left out follows the table, one 注： row each.

use super::RollupTable;

/// CSV bytes of the table.
pub fn to_csv(t: &RollupTable) -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    for row in t.cells() {
        let line: Vec<String> = row.iter().map(|c| quote(c)).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    }
    for n in &t.notes {
        s.push_str(&quote(&format!("注：{n}。")));
        s.push_str("\r\n");
    }
    s.into_bytes()
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
    }
}
