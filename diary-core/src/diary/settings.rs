//! Installation-wide account settings: how long temporary passwords, reset
//! tokens and link codes stay valid.

use super::Diary;
use crate::actor::Actor;
use crate::error::Result;
use crate::model::AccountSettings;
use crate::storage::settings;

impl Diary {
    /// The installation's account settings (anyone may read them; they
    /// hold no personal data).
    pub fn account_settings(&self) -> Result<AccountSettings> {
        self.read(&Actor::operator(), |p| {
            let c = p.c;
            settings::account_settings(c)
        })
    }

    /// The smallest group of students an aggregate may describe to people
    /// outside the children's circle: regional statistics and the class
    /// statistics families see show no figure for fewer students.
    pub fn min_group_size(&self) -> Result<u32> {
        self.read(&Actor::operator(), |p| {
            Ok(u32::try_from(settings::min_group_size(p.c)?).unwrap_or(u32::MAX))
        })
    }

    /// Sets [`Diary::min_group_size`] (the installation's operator only):
    /// from 5 to 1000; the default is 10.
    pub fn set_min_group_size(&self, actor: &Actor, n: u32) -> Result<()> {
        if !(5..=1000).contains(&n) {
            return Err(crate::error::Error::invalid(
                "min_group_size",
                "must be between 5 and 1000 (smaller groups let individuals be singled out)",
            ));
        }
        self.write(actor, |p| {
            p.decide_installation("settings", true)?;
            settings::set_min_group_size(p.c, n)
        })
    }

    /// Changes the account settings (the installation's operator only).
    /// Secrets already handed out keep the lifetime they were issued with.
    pub fn set_account_settings(&self, actor: &Actor, new: &AccountSettings) -> Result<()> {
        new.validate()?;
        self.write(actor, |p| {
            p.decide_installation("settings", true)?;
            settings::set_account_settings(p.c, new)
        })
    }
}
