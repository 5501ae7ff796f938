//! The ledger files a sheet names (`[report] ledger = "台账.xlsx"`): read
//! while the sheet loads, each row checked and resolved like an
//! `[[activity]]` ([`super::activity::build`]). Readers per format
//! ([`xlsx`], [`csv`]) give [`Table`]s; this module maps their header row
//! ([`columns`]) and turns rows into activities, with one located Chinese
//! error per bad row (`台账.xlsx:工作表1:第12行：类别：…`) and notes for
//! `check` (columns read under another name, columns not read, the
//! template's example row skipped).

pub mod columns;
pub mod csv;
pub mod xlsx;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use self::columns::{Columns, Role};
use super::activity::{self, Activity, Locate, RawActivity};
use super::cells::{self, Flag, When};
use super::figures::format_number;
use super::model::DataSheet;
use super::villages::beside;
use super::catalogue::Catalogue;
use crate::error::Diagnostic;

/// Bounds on what a ledger file may hold: a year's ledger has a few
/// hundred rows; anything far beyond is refused with a message, not read.
pub struct Limits {
    /// Rows (over all worksheets of a file).
    pub rows: usize,
    /// Columns read per row (further columns are ignored).
    pub columns: usize,
    /// Worksheets read per file.
    pub sheets: usize,
    /// Bytes in one cell (about a third as many Chinese characters).
    pub cell_bytes: usize,
    /// An .xlsx archive's declared unpacked size (the file itself is bounded by [`super::input::MAX_FILE_BYTES`]).
    pub unpacked_bytes: u64,
}

/// The limits in force.
pub const LIMITS: Limits = Limits { rows: 5_000, columns: 40, sheets: 50, cell_bytes: 6_000, unpacked_bytes: 50 * 1024 * 1024 };

/// One cell as a reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number (an .xlsx date cell not formatted as a date is one too).
    Number(f64),
    /// A cell formatted as a date.
    Date(NaiveDate),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.to_string(),
        }
    }
}

/// One worksheet (or a whole .csv): rows numbered as the clerk sees them.
#[derive(Debug, Default)]
pub struct Table {
    /// The worksheet's name (.csv: none).
    pub name: Option<String>,
    /// (1-based row number, cells) of each non-empty row.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// What the sheet's ledgers gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Activities of every row read.
    pub activities: Vec<Activity>,
    /// Things `check` says (columns, example rows).
    pub notes: Vec<Diagnostic>,
    /// One per bad row, file or header.
    pub errors: Vec<Diagnostic>,
}

/// The ledger files a sheet's text names (`[report] ledger`, one name or a
/// list), joined to the sheet's folder: what a cached check of the sheet
/// depends on besides the sheet itself. Names are not checked here.
pub fn named_files(sheet: &Path, text: &str) -> Vec<PathBuf> {
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else { return Vec::new() };
    let Some(v) = doc.get("report").and_then(|r| r.get("ledger")).and_then(|l| l.as_value()) else { return Vec::new() };
    let dir = sheet.parent().unwrap_or(Path::new("."));
    match v {
        toml_edit::Value::String(s) => vec![dir.join(s.value())],
        toml_edit::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).map(|s| dir.join(s)).collect(),
        _ => Vec::new(),
    }
}

/// Reads every ledger file the sheet names.
pub fn read_all(ds: &DataSheet, cat: &Catalogue) -> Loaded {
    let mut out = Loaded::default();
    let Some(value) = &ds.sheet.report.ledger else { return out };
    let at = value.span().start;
    let names: Vec<&str> = match value.get_ref() {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(a) if a.iter().all(|v| v.is_str()) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => {
            out.errors.push(ds.source.diag(at, "ledger 应写台账文件名", "写成 ledger = \"台账.xlsx\"，多个文件写成 ledger = [\"台账.xlsx\", \"走访.csv\"]"));
            return out;
        }
    };
    let sheet = ds.source.path();
    let dir = sheet.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for name in names {
        let path = match beside(dir, sheet, name) {
            // A sheet named without a folder: `台账.csv` in messages, not `./台账.csv`.
            Ok(p) => p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p),
            Err(why) => {
                out.errors.push(ds.source.diag(at, format!("台账“{name}”{why}"), "只写与本表同一文件夹（或其下级文件夹）中的台账文件名，如 ledger = \"台账.xlsx\""));
                continue;
            }
        };
        match tables(&path) {
            Ok(tables) => read_file(ds, cat, &path, tables, &mut out),
            Err(why) => out.errors.push(ds.source.diag(at, format!("无法读取台账 {name}：{why}"), "台账须是 .xlsx 或 .csv 文件，放在数据表所在的文件夹中")),
        }
    }
    out
}

/// A file's tables by its extension, or why it cannot be read.
fn tables(path: &Path) -> Result<Vec<Table>, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "xls" | "et" | "ods" | "wps") {
        return Err(format!("不支持 .{ext} 格式，请在 Excel 或 WPS 中“另存为” .xlsx（或 CSV）"));
    }
    let bytes = super::input::read(path).map_err(|e| match e {
        crate::error::Error::Io { source, .. } => crate::error::io_reason(&source),
        e => e.to_string(),
    })?;
    match ext.as_str() {
        "xlsx" | "xlsm" => xlsx::tables(bytes),
        "csv" | "txt" | "tsv" => csv::table(&csv::decode(&bytes)?).map(|t| vec![t]),
        _ => Err("文件名须以 .xlsx 或 .csv 结尾".into()),
    }
}

/// Reads the tables of one file into `out`.
fn read_file(ds: &DataSheet, cat: &Catalogue, path: &Path, tables: Vec<Table>, out: &mut Loaded) {
    let several = tables.len() > 1;
    let mut unread: Vec<String> = Vec::new();
    let mut examples: Vec<String> = Vec::new();
    for table in tables {
        let Some(((header_row, header), rows)) = table.rows.split_first() else { continue };
        let header: Vec<String> = header.iter().map(Cell::text).collect();
        let cols = Columns::map(&header, &cat.kinds);
        let place = Place { path: path.to_path_buf(), sheet: table.name.clone() };
        let (date, text) = (cols.of(Role::Date), cols.of(Role::Text));
        if date.is_none() && text.is_none() && several {
            out.notes.push(Diagnostic::whole_file(&place.file(None), "这个工作表没有“日期”“内容”列，不是台账，未读取", "若它是台账，请在第一行写上表头：日期、类别、主题、内容、参加人数"));
            continue;
        }
        let missing: Vec<&str> = [(date, "日期"), (text, "内容")].into_iter().filter(|(c, _)| c.is_none()).map(|(_, n)| n).collect();
        let kind_from_sheet = match (cols.of(Role::Kind), &table.name) {
            (Some(_), _) => None,
            (None, Some(name)) if cat.kinds.resolve(name, cat, &ds.figures).is_ok() => Some(name.clone()),
            (None, _) => {
                let what = table.name.as_ref().map_or(String::new(), |n| format!("，工作表名“{n}”也不是类别"));
                out.errors.push(place.diag(Some(*header_row), format!("表头没有“类别”列{what}"), "加一列“类别”（如 主题党日、党课、组织建设），或把每类活动放在以类别命名的工作表中".into(), header.join(" | ")));
                continue;
            }
        };
        if !missing.is_empty() {
            out.errors.push(place.diag(Some(*header_row), format!("表头没有“{}”列", missing.join("”“")), "第一行写表头：日期、类别、主题、内容、参加人数、数量、重点（顺序不限）".into(), header.join(" | ")));
            continue;
        }
        let mut renamed = cols.renamed();
        if let Some(kind) = &kind_from_sheet {
            renamed.push_str(&format!("{}没有“类别”列，各行的类别取工作表名“{kind}”", if renamed.is_empty() { "" } else { "；" }));
        }
        if !renamed.is_empty() {
            out.notes.push(Diagnostic::whole_file(&place.file(None), format!("台账的列：{renamed}"), "如有读错，请把表头改成标准写法：日期、类别、主题、内容、参加人数、数量、重点"));
        }
        unread.extend(cols.unread.iter().filter(|h| !unread.contains(h)).cloned().collect::<Vec<_>>());
        for (n, cells) in rows {
            let row = Row { place: &place, n: *n, cells, cols: &cols };
            match row.raw(ds.year(), kind_from_sheet.as_deref()) {
                Ok(RowKind::Blank) => {}
                Ok(RowKind::Example) => examples.push(format!("{}第{n}行", place.sheet.as_ref().map_or(String::new(), |s| format!("{s}:")))),
                Ok(RowKind::Raw(raw)) => match activity::build(raw, ds.year(), cat, &ds.figures, &row) {
                    Ok(a) => out.activities.push(a),
                    Err(e) => out.errors.extend(e),
                },
                Err(e) => out.errors.extend(e),
            }
        }
    }
    if !unread.is_empty() {
        out.notes.push(Diagnostic::whole_file(path, format!("台账中这些列没有读取：{}", unread.join("、")), "总结只引用日期、类别、主题、内容、参加人数、数量、重点；其余各列不影响生成"));
    }
    if !examples.is_empty() {
        out.notes.push(Diagnostic::whole_file(path, format!("{}是示例行（重点一栏写着“示例”），没有读取", examples.join("、")), "照着示例填好本单位的记录后，删去示例行"));
    }
}

/// A file and worksheet, for locating messages.
struct Place {
    path: PathBuf,
    sheet: Option<String>,
}

impl Place {
    /// `台账.xlsx:工作表1:第12行` (the "file" a diagnostic names).
    fn file(&self, row: Option<usize>) -> PathBuf {
        let mut s = self.path.display().to_string();
        if let Some(sheet) = &self.sheet {
            s.push_str(&format!(":{sheet}"));
        }
        if let Some(r) = row {
            s.push_str(&format!(":第{r}行"));
        }
        PathBuf::from(s)
    }

    fn diag(&self, row: Option<usize>, message: String, hint: String, snippet: String) -> Diagnostic {
        let mut d = Diagnostic::whole_file(&self.file(row), message, hint);
        d.snippet = crate::error::snippet(&snippet, 1);
        d
    }
}

/// What a data row turned out to be.
enum RowKind {
    /// Nothing the ledger reads is filled in.
    Blank,
    /// The template's example row (重点 = 示例).
    Example,
    /// A row to check and resolve.
    Raw(RawActivity),
}

/// One data row of a table.
struct Row<'a> {
    place: &'a Place,
    n: usize,
    cells: &'a [Cell],
    cols: &'a Columns,
}

impl Row<'_> {
    fn cell(&self, role: Role) -> &Cell {
        self.cols.of(role).and_then(|i| self.cells.get(i)).unwrap_or(&Cell::Empty)
    }

    fn bad(&self, role: Role, message: String, hint: &str) -> Diagnostic {
        self.at(role.zh(), message, hint.to_string())
    }

    /// The row's fields.
    fn raw(&self, year: i32, kind_from_sheet: Option<&str>) -> Result<RowKind, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut raw = RawActivity { kind: kind_from_sheet.map_or_else(|| self.cell(Role::Kind).text(), str::to_string), theme: Some(self.cell(Role::Theme).text()), text: self.cell(Role::Text).text(), ..RawActivity::default() };
        match self.cell(Role::Key) {
            Cell::Empty => {}
            c => match cells::flag_of_text(&c.text()) {
                Some(Flag::Example) => return Ok(RowKind::Example),
                Some(f) => raw.key = f == Flag::Yes,
                None => errors.push(self.bad(Role::Key, format!("“{}”看不出是不是重点", c.text()), "重点一栏写“是”或“否”（不写即为否）")),
            },
        }
        let when = match self.cell(Role::Date) {
            Cell::Empty => None,
            Cell::Date(d) => Some(When::Date(*d)),
            Cell::Number(n) if n.fract() == 0.0 && (1.0..=12.0).contains(n) => Some(When::Month(*n as u32)),
            Cell::Number(n) => cells::date_of_serial(*n).map(When::Date).or_else(|| {
                errors.push(self.bad(Role::Date, format!("日期“{}”无法识别", format_number(*n)), "写成 2025-03-05、2025年3月5日、3月5日，或只写月份如 3月"));
                None
            }),
            Cell::Text(s) => cells::date_of_text(s, year).or_else(|| {
                errors.push(self.bad(Role::Date, format!("日期“{}”无法识别", s.trim()), "写成 2025-03-05、2025年3月5日、3月5日，或只写月份如 3月"));
                None
            }),
        };
        match when {
            Some(When::Date(d)) => raw.date = Some(d),
            Some(When::Month(m)) => raw.month = Some(m),
            None => {}
        }
        match self.cell(Role::People) {
            Cell::Empty => {}
            c => match cells::whole_of_text(&c.text()) {
                Some(p) => raw.people = Some(p),
                None => errors.push(self.bad(Role::People, format!("“{}”不是人数", c.text()), "只写整数，如 45")),
            },
        }
        match self.cell(Role::Count) {
            Cell::Empty => {}
            c => match cells::number_of_text(&c.text()) {
                Some(v) => raw.count = Some(v),
                None => errors.push(self.bad(Role::Count, format!("“{}”不是数量", c.text()), "只写数字，如 1 或 35")),
            },
        }
        let filled = raw.date.is_some() || raw.month.is_some() || (kind_from_sheet.is_none() && !raw.kind.is_empty()) || !raw.text.is_empty();
        match (errors.is_empty(), filled) {
            (true, true) => Ok(RowKind::Raw(raw)),
            // Only a 序号 or a 备注: a row prepared but not filled in.
            (true, false) => Ok(RowKind::Blank),
            (false, _) => Err(errors),
        }
    }
}

impl Locate for Row<'_> {
    fn at(&self, field: &str, message: String, hint: String) -> Diagnostic {
        let role = [Role::Date, Role::Kind, Role::Theme, Role::Text, Role::People, Role::Count, Role::Key].into_iter().find(|r| r.zh() == field);
        let snippet = role.map_or(String::new(), |r| self.cell(r).text());
        self.place.diag(Some(self.n), format!("{field}：{message}"), hint, snippet)
    }

    fn origin(&self) -> String {
        let name = self.place.path.file_name().map_or_else(|| self.place.path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let sheet = self.place.sheet.as_ref().map_or(String::new(), |s| format!(":{s}"));
        format!("{name}{sheet}:第{}行", self.n)
    }
}
