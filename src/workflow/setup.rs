//! Finding sheets in folders and resolving each sheet's profile and
//! templates once per run: shared by the command line's batch commands and
//! the editor.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::Templates;
use crate::error::Result;
use crate::profile::Profile;

/// Collects sheet files with the input they came from: files as given,
/// folders recursively (`*.toml`, skipping `profile.toml` and hidden
/// files), sorted within each folder for a stable order. Linked folders are
/// followed once each (a link loop ends there); only regular files count
/// (a pipe or device named `*.toml` would block the run).
pub fn collect_sheets(inputs: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let found = walk_files(p, &|f, name| f.extension().is_some_and(|x| x == "toml") && name != "profile.toml");
            out.extend(found.into_iter().map(|f| (f, p.clone())));
        } else {
            let root = p.parent().map(Path::to_path_buf).unwrap_or_default();
            out.push((p.clone(), root));
        }
    }
    out
}

/// The regular files under `dir` (recursively, hidden names skipped) that
/// `accept` takes by path and file name, sorted. Linked folders are followed
/// once each, so a link loop ends there; pipes and devices never count.
pub fn walk_files(dir: &Path, accept: &dyn Fn(&Path, &str) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    walk(dir, accept, &mut HashSet::new(), &mut found);
    found.sort();
    found
}

fn walk(dir: &Path, accept: &dyn Fn(&Path, &str) -> bool, seen: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    // Each real folder once: two links pointing at each other (or up the
    // tree) would otherwise make the walk endless or exponential.
    let Ok(real) = dir.canonicalize() else { return };
    if !seen.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&p) else { continue };
        if meta.is_dir() {
            walk(&p, accept, seen, out);
        } else if meta.is_file() && accept(&p, &name) {
            out.push(p);
        }
    }
}

/// What a sheet is rendered with.
#[derive(Debug)]
pub struct Setup {
    /// The county profile (defaults when none).
    pub profile: Arc<Profile>,
    /// Templates and catalogue.
    pub templates: Arc<Templates>,
}

/// Each sheet's setup; profiles and templates loaded once each.
#[derive(Debug)]
pub struct Setups {
    by_sheet: BTreeMap<PathBuf, Arc<Setup>>,
}

impl Setups {
    /// Resolves the setup of every sheet. `--profile` applies to all; else
    /// each sheet uses the nearest `profile.toml` up to its input folder.
    /// `--templates` wins over a profile's template folder.
    pub fn resolve(sheets: &[(PathBuf, PathBuf)], profile: Option<&Path>, templates: Option<&Path>) -> Result<Setups> {
        let mut profiles: BTreeMap<Option<PathBuf>, Arc<Profile>> = BTreeMap::new();
        let mut tpls: BTreeMap<Option<PathBuf>, Arc<Templates>> = BTreeMap::new();
        let mut setups: BTreeMap<(Option<PathBuf>, Option<PathBuf>), Arc<Setup>> = BTreeMap::new();
        let mut by_sheet = BTreeMap::new();
        for (sheet, root) in sheets {
            let ppath = match profile {
                Some(p) => Some(p.to_path_buf()),
                None => Profile::find(sheet, root),
            };
            let prof = match profiles.get(&ppath) {
                Some(p) => p.clone(),
                None => {
                    let p = Arc::new(match &ppath {
                        Some(path) => Profile::load(path)?,
                        None => Profile::default(),
                    });
                    profiles.insert(ppath.clone(), p.clone());
                    p
                }
            };
            let tdir = templates.map(Path::to_path_buf).or_else(|| prof.templates.clone());
            let tpl = match tpls.get(&tdir) {
                Some(t) => t.clone(),
                None => {
                    let t = Arc::new(Templates::load(tdir.as_deref())?);
                    tpls.insert(tdir.clone(), t.clone());
                    t
                }
            };
            let setup = setups.entry((ppath, tdir)).or_insert_with(|| Arc::new(Setup { profile: prof, templates: tpl })).clone();
            by_sheet.insert(sheet.clone(), setup);
        }
        Ok(Setups { by_sheet })
    }

    /// `--font` values for the run: the profile's `[format] fonts` (paths
    /// relative to the profile), then the command line's, which win. Fonts
    /// are loaded once per process, so one run uses the first profile's fonts.
    pub fn font_overrides(&self, cli: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(setup) = self.by_sheet.values().find(|s| !s.profile.format.fonts.is_empty()) {
            let dir = setup.profile.path.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
            for (role, spec) in &setup.profile.format.fonts {
                let path = dir.join(spec);
                out.push(format!("{role}={}", path.display()));
            }
        }
        out.extend(cli.iter().cloned());
        out
    }

    /// The setup of a sheet (every collected sheet has one).
    pub fn of(&self, sheet: &Path) -> Arc<Setup> {
        self.by_sheet.get(sheet).cloned().unwrap_or_else(|| unreachable!("every collected sheet was resolved"))
    }
}
