//! SQL for the installation-wide account settings (one row).

use crate::error::Result;
use crate::model::AccountSettings;
use crate::storage::db::{params, Db};

pub(crate) fn account_settings(c: Db<'_>) -> Result<AccountSettings> {
    Ok(c.cached_row(
        "SELECT temporary_password_days, reset_token_minutes, link_code_days FROM account_setting WHERE id = 1",
        (),
        |r| {
            Ok(AccountSettings {
                temporary_password_days: r.get(0)?,
                reset_token_minutes: r.get(1)?,
                link_code_days: r.get(2)?,
            })
        },
    )?)
}

/// The smallest group an aggregate may describe to people outside the
/// children's circle (installation setting, 5–1000, default 10).
pub(crate) fn min_group_size(c: Db<'_>) -> Result<usize> {
    let n: i64 = c.cached_row(
        "SELECT min_group_size FROM account_setting WHERE id = 1",
        (),
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

pub(crate) fn set_min_group_size(c: Db<'_>, n: u32) -> Result<()> {
    c.execute(
        "UPDATE account_setting SET min_group_size = ?1 WHERE id = 1",
        params![n],
    )?;
    Ok(())
}

pub(crate) fn set_account_settings(c: Db<'_>, s: &AccountSettings) -> Result<()> {
    c.execute(
        "UPDATE account_setting SET temporary_password_days = ?1, reset_token_minutes = ?2, link_code_days = ?3 WHERE id = 1",
        params![s.temporary_password_days, s.reset_token_minutes, s.link_code_days],
    )?;
    Ok(())
}
