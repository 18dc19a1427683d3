//! SQL for the installation-wide account settings (one row).

use crate::error::Result;
use crate::model::AccountSettings;
use rusqlite::{params, Connection};

pub(crate) fn account_settings(c: &Connection) -> Result<AccountSettings> {
    Ok(c.query_row(
        "SELECT temporary_password_days, reset_token_minutes, link_code_days FROM account_setting WHERE id = 1",
        [],
        |r| {
            Ok(AccountSettings {
                temporary_password_days: r.get(0)?,
                reset_token_minutes: r.get(1)?,
                link_code_days: r.get(2)?,
            })
        },
    )?)
}

pub(crate) fn set_account_settings(c: &Connection, s: &AccountSettings) -> Result<()> {
    c.execute(
        "UPDATE account_setting SET temporary_password_days = ?1, reset_token_minutes = ?2, link_code_days = ?3 WHERE id = 1",
        params![s.temporary_password_days, s.reset_token_minutes, s.link_code_days],
    )?;
    Ok(())
}
