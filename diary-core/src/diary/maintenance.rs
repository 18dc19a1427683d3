//! Keeping a diary file healthy while others use it: an integrity check on
//! request, an online backup that readers and writers in other processes
//! do not notice, and a restore that validates the backup first.

use super::Diary;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::storage::db::DbResult;
use crate::storage::Db;
use crate::storage::{self, OpenMode};
use std::path::Path;

/// Pages copied per backup step; between steps other connections read and
/// write as usual.
const BACKUP_PAGES_PER_STEP: std::ffi::c_int = 1024;

impl Diary {
    /// Checks the file's integrity: `quick` runs SQLite's `quick_check`
    /// (O(size), without checking that indexes match their tables), else
    /// the full `integrity_check` and compares the maintained sums of
    /// marks (behind every period average) with the marks they sum. A
    /// damaged file gives [`Error::Corrupt`]
    /// naming the first problems. Run it at start-up after an unclean
    /// shutdown (SQLite's WAL recovery keeps committed data, and this
    /// confirms the file is sound) and before trusting a copied file.
    pub fn check(&self, quick: bool) -> Result<()> {
        let inner = self.lock()?;
        let pragma = if quick {
            "PRAGMA quick_check(20)"
        } else {
            "PRAGMA integrity_check(20)"
        };
        integrity(inner.db(), pragma)?;
        if !quick {
            // The sums kept with every mark write agree with the marks.
            let wrong = storage::mark_sums::differences(inner.db(), 20)?;
            if !wrong.is_empty() {
                return Err(Error::Corrupt(wrong.join("; ")));
            }
        }
        Ok(())
    }

    /// Copies the whole diary into a new file at `path` while other
    /// connections go on reading and writing (SQLite's online backup, a
    /// few pages at a time); the copy is a consistent snapshot. The
    /// installation's operator only (it holds every school's data). An
    /// existing file at `path` is refused.
    pub fn backup_to(&self, actor: &Actor, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        self.read(actor, |p| p.decide_installation("backup", false))?;
        if path.exists() {
            return Err(Error::invalid(
                "path",
                format!("{} exists; a backup goes to a new file", path.display()),
            ));
        }
        let inner = self.lock()?;
        let src = inner.engine.sqlite("backup_to")?;
        let mut dest = rusqlite::Connection::open(path)
            .map_err(|e| Error::IoError(format!("cannot create {}: {e}", path.display())))?;
        // An encrypted diary's backup is encrypted with the same key.
        if let Some(key) = &self.key {
            if let Err(e) = storage::apply_key(&dest, &key.0) {
                drop(dest);
                let _ = std::fs::remove_file(path);
                return Err(e);
            }
        }
        let result = (|| {
            let backup = rusqlite::backup::Backup::new(src, &mut dest)?;
            backup.run_to_completion(BACKUP_PAGES_PER_STEP, std::time::Duration::ZERO, None)?;
            Ok::<_, rusqlite::Error>(())
        })();
        drop(dest);
        if let Err(e) = result {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
        Ok(())
    }

    /// Restores a backup into `target` (the installation's operator, with
    /// no connection open on `target`): the backup is first opened
    /// read-only and checked — a diary, not newer than this library, its
    /// schema the library's own, `integrity_check` clean — and only then
    /// copied over `target`. A backup that fails a check leaves `target`
    /// untouched.
    pub fn restore(backup: impl AsRef<Path>, target: impl AsRef<Path>) -> Result<()> {
        Self::restore_with_key(backup, target, None)
    }

    /// [`Diary::restore`] of an encrypted backup: `key` opens the backup
    /// and encrypts the restored file.
    pub fn restore_with_key(
        backup: impl AsRef<Path>,
        target: impl AsRef<Path>,
        key: Option<&str>,
    ) -> Result<()> {
        let (backup, target) = (backup.as_ref(), target.as_ref());
        let src = storage::open_file(backup, storage::Durability::Full, OpenMode::ReadOnly, key)?;
        integrity(storage::Db::Sqlite(&src), "PRAGMA integrity_check(20)")?;
        for side in ["-wal", "-shm"] {
            let mut p = target.as_os_str().to_owned();
            p.push(side);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
        let mut dest = rusqlite::Connection::open(target)
            .map_err(|e| Error::IoError(format!("cannot write {}: {e}", target.display())))?;
        if let Some(key) = key {
            storage::apply_key(&dest, key)?;
        }
        let backup = rusqlite::backup::Backup::new(&src, &mut dest)?;
        backup.run_to_completion(BACKUP_PAGES_PER_STEP, std::time::Duration::ZERO, None)?;
        drop(backup);
        // The content was replaced wholesale: no handle's reference cache
        // may match it by chance (a file of the current schema).
        let has_generation: bool = dest.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'reference_generation'",
            (),
            |r| r.get(0),
        )?;
        if has_generation {
            storage::generation::jump(storage::Db::Sqlite(&dest))?;
        }
        Ok(())
    }
}

/// SQLite's check of the file's pages and indexes. On PostgreSQL that check
/// is the server's (data checksums, `amcheck`); the library checks its own
/// sums there as here.
fn integrity(c: Db<'_>, pragma: &str) -> Result<()> {
    #[cfg(feature = "postgres")]
    if let Db::Postgres(_) = c {
        return Ok(());
    }
    let mut st = c.prepare(pragma)?;
    let problems: Vec<String> = st.query_map((), |r| r.get(0))?.collect::<DbResult<_>>()?;
    if problems.len() == 1 && problems[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt(problems.join("; ")))
    }
}
