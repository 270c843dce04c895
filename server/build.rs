//! Embeds every catalog file under `../catalog` so the installed binary needs no data files:
//! the code catalogs (`catalog/*.toml`) and the analysis's sentences (`catalog/auth/`,
//! `message/`, `rules/`, `structure/`).

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../catalog");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut code = String::from(
        "/// The built-in catalog files, by file name.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    embed_folder(&dir, None, &mut code);
    code.push_str("];\n");
    fs::write(out_dir.join("catalog_files.rs"), code).expect("OUT_DIR is writable");

    let mut code = String::from(
        "/// The analysis's sentence files, by path under `catalog/`.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for area in SENTENCE_AREAS {
        embed_folder(&dir.join(area), Some(area), &mut code);
    }
    code.push_str("];\n");
    fs::write(out_dir.join("sentence_files.rs"), code).expect("OUT_DIR is writable");
}

/// The folders of `catalog/` that hold the analysis's sentences.
const SENTENCE_AREAS: [&str; 5] = ["auth", "interface", "message", "rules", "structure"];

/// Appends one `(name, include_str!(path))` row per TOML file of `folder`, in name order, named
/// `area/file.toml` when an area is given; cargo reruns the build when any of them changes.
fn embed_folder(folder: &Path, area: Option<&str>, code: &mut String) {
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|ext| ext == "toml"));
    files.sort();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("catalog file names are UTF-8");
        let name = match area {
            Some(area) => format!("{area}/{name}"),
            None => name.to_string(),
        };
        let abs = file.canonicalize().expect("catalog file exists");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
}
