//! `manifest.json`: marks a folder as a newsgraph export and records each file's row count,
//! so `load` can tell a truncated CSV from a complete one.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const MANIFEST_FORMAT: &str = "newsgraph-export";
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub generator: String,
    pub nodes: usize,
    pub relationships: usize,
    pub formats: Vec<String>,
    /// Every file of the export but the manifest, sorted by name.
    pub files: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Data rows (not counting the header) of a CSV file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
}

impl Manifest {
    pub fn rows(&self, file: &str) -> Option<usize> {
        self.files
            .iter()
            .find(|f| f.name == file)
            .and_then(|f| f.rows)
    }

    /// Check that each file `load` reads (`nodes_*.csv`, `rels_*.csv`, `evidence.jsonl`)
    /// that the manifest lists is there with the size it was written with.
    pub fn verify(&self, dir: &Path) -> anyhow::Result<()> {
        for f in &self.files {
            let read_by_load = f.name.ends_with(".csv") || f.name.ends_with(".jsonl");
            if !read_by_load {
                continue;
            }
            let path = dir.join(&f.name);
            let size = match std::fs::metadata(&path) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    anyhow::bail!("{}: missing, although {MANIFEST_FILE} lists it", f.name)
                }
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
            };
            if size != f.bytes {
                anyhow::bail!(
                    "{}: {size} bytes, but {MANIFEST_FILE} says {} (truncated or edited? \
                     delete {MANIFEST_FILE} to load hand-edited files)",
                    f.name,
                    f.bytes
                );
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> anyhow::Result<String> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }

    /// The manifest of an export folder: `None` if it has none (a hand-made export).
    pub fn read(dir: &Path) -> anyhow::Result<Option<Manifest>> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let m: Manifest =
            serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{MANIFEST_FILE}: {e}"))?;
        if m.format != MANIFEST_FORMAT {
            anyhow::bail!(
                "{MANIFEST_FILE}: format {:?}, expected {MANIFEST_FORMAT:?}",
                m.format
            );
        }
        if m.version != MANIFEST_VERSION {
            anyhow::bail!(
                "{MANIFEST_FILE}: version {} (this newsgraph reads version {MANIFEST_VERSION})",
                m.version
            );
        }
        Ok(Some(m))
    }
}

/// Whether `dir/manifest.json` says this folder is a newsgraph export (any version).
pub fn has_newsgraph_manifest(dir: &Path) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        format: String,
    }
    std::fs::read_to_string(dir.join(MANIFEST_FILE))
        .ok()
        .and_then(|t| serde_json::from_str::<Probe>(&t).ok())
        .is_some_and(|p| p.format == MANIFEST_FORMAT)
}
