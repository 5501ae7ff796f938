//! The template package of a report kind: Tera templates that emit markup,
//! the figure catalogue, and the `init` scaffold. Built in with
//! `include_str!`; a `--templates DIR` folder overrides them file by file
//! (Zola's precedence: the user's file, then the built-in one). The
//! catalogue is overlaid entry by entry rather than replaced.

use std::path::Path;

use tera::{Context, Tera};

use super::markup;
use super::template_errors::{self, Sources};
use super::calendar::Calendar;
use super::phrases::PhraseBank;
use super::wording::{DraftBank, WritingBank};
use crate::data::Catalogue;
use crate::error::{Error, Result};

/// Built-in files, by name relative to the templates folder.
pub const BUILTIN: &[(&str, &str)] = &[
    ("dangjian/report.tera", include_str!("../../templates/dangjian/report.tera")),
    ("dangjian/opening.tera", include_str!("../../templates/dangjian/opening.tera")),
    ("dangjian/lead.tera", include_str!("../../templates/dangjian/lead.tera")),
    ("dangjian/figures.toml", include_str!("../../templates/dangjian/figures.toml")),
    ("dangjian/phrases.toml", include_str!("../../templates/dangjian/phrases.toml")),
    ("dangjian/writing.toml", include_str!("../../templates/dangjian/writing.toml")),
    ("dangjian/drafts.toml", include_str!("../../templates/dangjian/drafts.toml")),
    ("dangjian/calendar.toml", include_str!("../../templates/dangjian/calendar.toml")),
    ("dangjian/ledger.toml", include_str!("../../templates/dangjian/ledger.toml")),
    ("scaffold.toml", include_str!("../../templates/scaffold.toml")),
];

/// The report skeleton template's name.
pub const REPORT: &str = "dangjian/report.tera";
const CATALOGUE: &str = "dangjian/figures.toml";
const PHRASES: &str = "dangjian/phrases.toml";
const SCAFFOLD: &str = "scaffold.toml";
const WRITING: &str = "dangjian/writing.toml";
const DRAFTS: &str = "dangjian/drafts.toml";
const CALENDAR: &str = "dangjian/calendar.toml";
const LEDGER: &str = "dangjian/ledger.toml";

/// Loaded templates and catalogue, shared by every sheet of a run.
pub struct Templates {
    tera: Tera,
    /// The template texts and where they came from, for error messages.
    sources: Sources,
    /// The figure catalogue (built-in, overlaid by the user's).
    pub catalogue: Catalogue,
    /// Sentence frames (built-in, overlaid key by key by the user's).
    pub phrases: PhraseBank,
    /// How sections are written from figures (replaced whole by the user's).
    pub writing: WritingBank,
    /// Drafted problems and plans (replaced whole by the user's).
    pub drafts: DraftBank,
    /// The political calendar (replaced whole by the user's).
    pub calendar: Calendar,
    scaffold: String,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("figures", &self.catalogue.figures.len()).finish_non_exhaustive()
    }
}

fn builtin(name: &str) -> &'static str {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap_or("")
}

impl Templates {
    /// The built-in package only.
    pub fn builtin() -> Result<Templates> {
        Templates::load(None)
    }

    /// The built-in package with overrides from `dir` (files at the same
    /// relative path, e.g. `DIR/dangjian/report.tera`; extra `.tera` files
    /// under `DIR/dangjian/` are added for `include`).
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(d) = dir
            && !d.is_dir() {
                return Err(Error::Template { name: d.display().to_string(), detail: "模板文件夹不存在".into() });
            }
        let read = |name: &str| -> Result<Option<String>> {
            let Some(d) = dir else { return Ok(None) };
            let p = d.join(name);
            if !p.is_file() {
                return Ok(None);
            }
            crate::data::input::read_text_inside(d, &p).map(Some)
        };
        // A user's TOML file that its loader refuses is explained like a sheet.
        let refused = |name: &str, user: &Option<String>, detail: String| -> Error {
            match (dir, user) {
                (Some(d), Some(text)) => toml_error(&d.join(name), text, &detail),
                _ => Error::Template { name: format!("内置模板 {name}"), detail },
            }
        };
        let mut catalogue = Catalogue::parse(builtin(CATALOGUE)).map_err(|detail| Error::Template { name: CATALOGUE.into(), detail })?;
        let user = read(CATALOGUE)?;
        if let Some(text) = &user {
            catalogue.overlay(text).map_err(|detail| refused(CATALOGUE, &user, detail))?;
        }
        let user = read(LEDGER)?;
        catalogue.kinds = crate::data::kinds::KindTerms::parse(user.as_deref().unwrap_or(builtin(LEDGER))).map_err(|detail| refused(LEDGER, &user, detail))?;
        let user = read(PHRASES)?;
        let phrases = PhraseBank::parse(builtin(PHRASES), user.as_deref()).map_err(|detail| refused(PHRASES, &user, detail))?;
        let user = read(WRITING)?;
        let writing = WritingBank::parse(user.as_deref().unwrap_or(builtin(WRITING))).map_err(|detail| refused(WRITING, &user, detail))?;
        let user = read(DRAFTS)?;
        let drafts = DraftBank::parse(user.as_deref().unwrap_or(builtin(DRAFTS))).map_err(|detail| refused(DRAFTS, &user, detail))?;
        let user = read(CALENDAR)?;
        let calendar = Calendar::parse(user.as_deref().unwrap_or(builtin(CALENDAR))).map_err(|detail| refused(CALENDAR, &user, detail))?;
        let mut sources = Sources { dir: dir.map(Path::to_path_buf), files: Vec::new() };
        for (name, text) in BUILTIN.iter().filter(|(n, _)| n.ends_with(".tera")) {
            let file = match read(name)? {
                Some(t) => (name.to_string(), t, dir.map(|d| d.join(name))),
                None => (name.to_string(), text.to_string(), None),
            };
            sources.files.push(file);
        }
        if let Some(d) = dir
            && let Ok(entries) = std::fs::read_dir(d.join("dangjian")) {
                let mut extra: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tera")).collect();
                extra.sort();
                for p in extra {
                    let name = format!("dangjian/{}", p.file_name().unwrap_or_default().to_string_lossy());
                    if !sources.files.iter().any(|(n, ..)| *n == name) {
                        let text = crate::data::input::read_text_inside(d, &p)?;
                        sources.files.push((name, text, Some(p)));
                    }
                }
            }
        let mut tera = Tera::new();
        tera.set_escape_fn(markup::escape);
        tera.autoescape_on([".tera"]);
        tera.add_raw_templates(sources.files.iter().map(|(n, t, _)| (n.as_str(), t.as_str()))).map_err(|e| template_errors::explain(&e, &sources))?;
        let scaffold = read(SCAFFOLD)?.unwrap_or_else(|| builtin(SCAFFOLD).to_string());
        Ok(Templates { tera, sources, catalogue, phrases, writing, drafts, calendar, scaffold })
    }

    /// Renders a template to markup.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String> {
        self.tera.render(name, ctx).map_err(|e| template_errors::explain(&e, &self.sources))
    }

    /// The `init` scaffold text (with `{{area}}`-style placeholders).
    pub fn scaffold(&self) -> &str {
        &self.scaffold
    }
}

/// A user's TOML file (figure catalogue, phrases, writing, drafts,
/// calendar) that its loader refused with `detail`: a located Chinese
/// diagnostic, as for a sheet — never toml's English. A loader's own
/// Chinese message is kept as it is.
fn toml_error(path: &Path, text: &str, detail: &str) -> Error {
    use crate::data::{SourceFile, explain, mistakes};
    let src = SourceFile::new(path, text.to_string());
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        let typical = mistakes::scan(&src, text, e.span().map(|s| s.start), e.message().contains("duplicate"));
        return Error::from(typical.unwrap_or_else(|| explain::translate(&src, &e, 0)));
    }
    let english = ["unknown", "invalid", "missing", "expected", "duplicate", "TOML"].iter().any(|w| detail.contains(w));
    if !english {
        return Error::Template { name: path.display().to_string(), detail: detail.to_string() };
    }
    // Valid TOML, but not what the file holds. toml's report is "TOML parse
    // error at line L, column C", the line, a caret line, then the message;
    // a table converted on its own says "figures.KEY：message".
    let at = detail.split_once("at line ").and_then(|(_, r)| {
        let (l, r) = r.split_once(", column ")?;
        let c: String = r.chars().take_while(char::is_ascii_digit).collect();
        Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?))
    });
    let lines: Vec<&str> = detail.lines().collect();
    let after_caret = lines.iter().rposition(|l| l.trim_start().starts_with('|')).map_or(0, |i| i + 1);
    let mut message = lines[after_caret.min(lines.len())..].join("\n");
    let mut offset = at.map_or(0, |(l, c)| {
        let start: usize = text.split_inclusive('\n').take(l.saturating_sub(1)).map(str::len).sum();
        let line = text[start.min(text.len())..].lines().next().unwrap_or("");
        start + line.chars().take(c.saturating_sub(1)).map(char::len_utf8).sum::<usize>()
    });
    if at.is_none()
        && let Some((table, rest)) = detail.split_once('：')
    {
        message = rest.to_string();
        offset = text.find(&format!("[{table}]")).unwrap_or(0);
    }
    Error::from(explain::explain_message(&src, offset.min(text.len()), &message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_package_loads() {
        let t = Templates::builtin().unwrap();
        assert!(t.catalogue.figures.len() >= 30);
        assert!(t.scaffold().contains("[unit]"));
    }

    #[test]
    fn a_user_file_overrides_only_itself() {
        let dir = std::env::temp_dir().join(format!("zongjie-tpl-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("dangjian")).unwrap();
        std::fs::write(dir.join("dangjian/opening.tera"), "县里统一的开头。").unwrap();
        std::fs::write(dir.join("dangjian/figures.toml"), "[figures.seminars]\nlabel='专题研讨交流'\nunit='场'\nkind='flow'\nblock='theory'\n").unwrap();
        let t = Templates::load(Some(&dir)).unwrap();
        let mut ctx = Context::new();
        ctx.insert("x", &1);
        assert_eq!(t.render("dangjian/opening.tera", &ctx).unwrap(), "县里统一的开头。");
        assert_eq!(t.catalogue.figure("seminars").unwrap().unit, "场");
        assert_eq!(t.catalogue.figure("theory_study").unwrap().unit, "次");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
