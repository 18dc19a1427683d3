//! Installation-wide account settings: how long temporary passwords, reset
//! tokens and link codes stay valid.

use super::Diary;
use crate::access::{decide_action, Action, Facts};
use crate::actor::Actor;
use crate::error::Result;
use crate::model::AccountSettings;
use crate::storage::settings;

impl Diary {
    /// The installation's account settings (anyone may read them; they
    /// hold no personal data).
    pub fn account_settings(&self) -> Result<AccountSettings> {
        self.read(&Actor::operator(), |p| { let c = p.c; settings::account_settings(c) })
    }

    /// Changes the account settings (the installation's operator only).
    /// Secrets already handed out keep the lifetime they were issued with.
    pub fn set_account_settings(&self, actor: &Actor, new: &AccountSettings) -> Result<()> {
        new.validate()?;
        self.write(actor, |p| {
            let (c, st_arc) = (p.c, p.standing.clone());
            let st = &*st_arc;
            decide_action(
                &Facts {
                    operator: st.operator,
                    ..Facts::default()
                },
                Action::ConfigureInstallation,
            )?;
            settings::set_account_settings(c, new)
        })
    }
}
