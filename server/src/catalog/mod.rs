//! The knowledge base: what each code means, who must act and how to fix it, in four languages.

mod load;
mod lookup;
mod model;
pub mod reasons;
mod render;
pub mod sentences;
pub mod stamps;

/// The catalog keys of the hover's own words (labels and headings around an entry).
pub(crate) const SENTENCE_KEYS: &[crate::sentence::KeyInfo] = render::ALL;

pub use load::{CatalogError, load_file, parse_source};
pub use lookup::{Answer, Others, Query};
pub use model::{Catalog, CodeKey, Entry, FixOwner, Localized, Source, SourceRole};
pub use render::{
    Pick, fix_owner_label, localize_link, render_markdown, render_markdown_with, render_plain,
    render_plain_with, short_message,
};

use std::sync::{Arc, OnceLock, RwLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));
}

/// The built-in catalog files as (file name, text), for validation.
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// The catalog built into the binary, parsed once per process.
pub fn builtin() -> &'static Catalog {
    static BUILTIN: OnceLock<Catalog> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut catalog = Catalog::default();
        for (name, text) in embedded::FILES {
            match parse_source(name, text, SourceRole::Builtin) {
                Ok(source) => catalog.add(source),
                // The build-time tests keep the built-in files valid; never take the server down.
                Err(errors) => {
                    for error in errors {
                        tracing::error!("built-in catalog: {error}");
                    }
                }
            }
        }
        catalog
    })
}

/// The built-in catalog with user catalogs merged over it; errors are returned for reporting while
/// the valid files still apply.
pub fn with_extra(paths: &[std::path::PathBuf]) -> (Catalog, Vec<CatalogError>) {
    let mut catalog = builtin().clone();
    let mut errors = Vec::new();
    for path in paths {
        match load_file(path) {
            Ok(source) => catalog.add(source),
            Err(mut found) => errors.append(&mut found),
        }
    }
    (catalog, errors)
}

/// The catalog in use: the built-in one until `check` or the server's session installs the
/// built-in one merged with the user's catalogs.
static ACTIVE: RwLock<Option<Arc<Catalog>>> = RwLock::new(None);

/// Makes `catalog` the one [`with_active`] reads. The analysis is text in, findings out, but a
/// user catalog's provider rows decide bounce reasons as they decide explanations, so the
/// reason classifier reads the catalog in use through this one process-wide handle.
pub fn set_active(catalog: Arc<Catalog>) {
    match ACTIVE.write() {
        Ok(mut active) => *active = Some(catalog),
        Err(poisoned) => *poisoned.into_inner() = Some(catalog),
    }
}

/// Runs `read` on the catalog in use (see [`set_active`]).
pub fn with_active<R>(read: impl FnOnce(&Catalog) -> R) -> R {
    let active = match ACTIVE.read() {
        Ok(active) => active.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    match active {
        Some(catalog) => read(&catalog),
        None => read(builtin()),
    }
}
