//! Whether this database holds a demo village (示范村): generated data for
//! trying Cunwu out, which must never reach a township hub or another
//! laptop, where it would mix with real households. The mark lives in the
//! local `meta` table, so it is not synced and a copied file keeps it.

use crate::{Result, Store};

/// `meta` key set when demo data was generated into this database.
const DEMO_KEY: &str = "village.demo";

impl Store {
    /// Record that this database holds demo data (set before generating it,
    /// so a half-made demo is marked too).
    pub fn mark_demo(&self) -> Result<()> {
        self.meta_set(DEMO_KEY, "1")
    }

    /// Does this database hold demo data?
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.meta_get(DEMO_KEY)?.is_some())
    }
}
