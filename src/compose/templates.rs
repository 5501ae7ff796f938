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
        let mut catalogue = Catalogue::parse(builtin(CATALOGUE)).map_err(|detail| Error::Template { name: CATALOGUE.into(), detail })?;
        if let Some(text) = read(CATALOGUE)? {
            catalogue.overlay(&text).map_err(|detail| Error::Template { name: format!("{}/{CATALOGUE}", dir.unwrap().display()), detail })?;
        }
        let phrases = PhraseBank::parse(builtin(PHRASES), read(PHRASES)?.as_deref())
            .map_err(|detail| Error::Template { name: PHRASES.into(), detail })?;
        let whole = |name: &str| -> Result<String> { Ok(read(name)?.unwrap_or_else(|| builtin(name).to_string())) };
        let writing = WritingBank::parse(&whole(WRITING)?).map_err(|detail| Error::Template { name: WRITING.into(), detail })?;
        let drafts = DraftBank::parse(&whole(DRAFTS)?).map_err(|detail| Error::Template { name: DRAFTS.into(), detail })?;
        let calendar = Calendar::parse(&whole(CALENDAR)?).map_err(|detail| Error::Template { name: CALENDAR.into(), detail })?;
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
