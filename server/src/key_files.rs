//! The DKIM key files a user names (`check --dkim-keys`, the `dkim.keyFiles` setting), read
//! into one [`KeySet`] for the analysis. The files are only read, and nothing else is: keys are
//! never looked up in DNS.

use std::path::{Path, PathBuf};

use crate::analysis::auth::dkim::KeySet;

/// A key file is a handful of TXT records; anything larger is not one.
const MAX_FILE_BYTES: u64 = 16 << 20;

/// Reads every file; returns the keys of those that could be read, and one line per problem
/// (`keys.zone:4: a TXT record without text`, `cannot read keys.zone: …`). `fatal` is true when
/// a whole file could not be read.
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    for path in paths {
        let name = path.display().to_string();
        match read(path) {
            Ok(text) => {
                let problems = loaded.keys.add_zone(&text, &name);
                loaded
                    .problems
                    .extend(problems.iter().map(ToString::to_string));
            }
            Err(error) => {
                loaded.fatal = true;
                loaded
                    .problems
                    .push(format!("cannot read DKIM key file {name}: {error}"));
            }
        }
    }
    loaded
}

/// What [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub keys: KeySet,
    pub problems: Vec<String>,
    pub fatal: bool,
}

fn read(path: &Path) -> Result<String, String> {
    // Only regular files of sane size: a FIFO would block and a device would never end.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FILE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(crate::text::decode_lossy(bytes).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_and_directories_are_reported() {
        let loaded = load(&[PathBuf::from("/nonexistent/keys.zone"), PathBuf::from("/")]);
        assert!(loaded.fatal);
        assert!(loaded.keys.is_empty());
        assert_eq!(loaded.problems.len(), 2);
        assert!(
            loaded.problems[1].ends_with("/: not a regular file"),
            "{:?}",
            loaded.problems
        );
    }
}
