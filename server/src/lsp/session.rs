//! Session state: what the client said at `initialize`, the settings, and the active catalog.
//! Handlers read a consistent copy of it through [`Session::view`]; nothing here touches a
//! document.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use serde_json::Value;

use super::position::Encoding;
use crate::analysis::Supplied;
use crate::analysis::auth::dkim::KeySet;
use crate::catalog::{self, Catalog};
use crate::lang::Lang;
use crate::settings::Settings;

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFlags {
    pub show_document: bool,
    pub configuration: bool,
}

/// The session's settings, encoding, locale and catalog, each swapped whole.
#[derive(Debug)]
pub struct Session {
    encoding: RwLock<Encoding>,
    settings: RwLock<Settings>,
    client_locale: RwLock<Option<Lang>>,
    catalog: RwLock<Arc<Catalog>>,
    /// The keys of `dkim.keyFiles`, read when the setting changes.
    dkim_keys: RwLock<Arc<KeySet>>,
    flags: RwLock<ClientFlags>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            encoding: RwLock::new(Encoding::Utf16),
            settings: RwLock::new(Settings::default()),
            client_locale: RwLock::new(None),
            catalog: RwLock::new(Arc::new(catalog::builtin().clone())),
            dkim_keys: RwLock::new(Arc::new(KeySet::default())),
            flags: RwLock::new(ClientFlags::default()),
        }
    }
}

/// A consistent copy of the session for one request.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub encoding: Encoding,
    pub settings: Settings,
    pub catalog: Arc<Catalog>,
    pub lang: Lang,
    /// What the analysis reads besides the text (the DKIM keys).
    pub supplied: Supplied,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    *lock
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = value;
}

impl Session {
    pub fn encoding(&self) -> Encoding {
        read(&self.encoding)
    }

    pub fn settings(&self) -> Settings {
        read(&self.settings)
    }

    pub fn catalog(&self) -> Arc<Catalog> {
        read(&self.catalog)
    }

    pub fn flags(&self) -> ClientFlags {
        read(&self.flags)
    }

    /// The language of everything the user reads: the setting, else the client's locale.
    pub fn lang(&self) -> Lang {
        self.settings()
            .language
            .or(read(&self.client_locale))
            .unwrap_or_default()
    }

    pub fn view(&self) -> SessionView {
        SessionView {
            encoding: self.encoding(),
            settings: self.settings(),
            catalog: self.catalog(),
            lang: self.lang(),
            supplied: Supplied {
                dkim_keys: read(&self.dkim_keys),
            },
        }
    }

    /// Records what `initialize` negotiated.
    pub fn initialize(&self, encoding: Encoding, locale: Option<Lang>, flags: ClientFlags) {
        write(&self.encoding, encoding);
        write(&self.client_locale, locale);
        write(&self.flags, flags);
    }

    /// Merges settings from the client (over the defaults when `replace`), and says which
    /// catalog paths must be loaded if they changed. Problems are returned as warnings.
    pub fn merge_settings(
        &self,
        value: &Value,
        replace: bool,
        warnings: &mut Vec<String>,
    ) -> Option<Vec<PathBuf>> {
        let mut settings = if replace {
            Settings::default()
        } else {
            self.settings()
        };
        settings.merge_json(value, warnings);
        let reload = settings.extra_catalogs != self.settings().extra_catalogs || replace;
        let paths = settings.extra_catalogs.clone();
        write(&self.settings, settings);
        reload.then_some(paths)
    }

    pub fn set_dkim_keys(&self, keys: KeySet) {
        write(&self.dkim_keys, Arc::new(keys));
    }

    pub fn set_catalog(&self, catalog: Catalog) {
        let catalog = Arc::new(catalog);
        catalog::set_active(catalog.clone());
        write(&self.catalog, catalog);
    }
}
