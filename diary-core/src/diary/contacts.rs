//! Reading confirmed contacts: one's own, and a child's family's for the
//! class teacher and school admins (nobody else sees other families'
//! contacts).

use super::accounts::live_session;
use super::people::person_facts;
use super::Diary;
use crate::access::{acting_as, decide_action, Action};
use crate::actor::Actor;
use crate::auth::secret;
use crate::error::Result;
use crate::ids::PersonId;
use crate::model::{FamilyContact, Relation};
use crate::storage::db::Db;
use crate::storage::{self, contacts};

fn card(c: Db<'_>, person: PersonId, relation: Option<Relation>) -> Result<FamilyContact> {
    Ok(FamilyContact {
        person,
        relation,
        email: contacts::contact(c, person, "email")?,
        phone: contacts::contact(c, person, "phone")?,
    })
}

impl Diary {
    /// The confirmed contacts of the account `token` belongs to.
    pub fn my_contacts(&self, token: &str) -> Result<FamilyContact> {
        let now = self.clock.now().unix_timestamp();
        let hash = secret::token_hash(token);
        let inner = self.lock()?;
        let s = live_session(inner.db(), &hash, now)?;
        card(inner.db(), s.person, None)
    }

    /// The confirmed contacts of a student and their guardians (the class
    /// teacher and school admins only), the student first. Every read is
    /// in the access log.
    pub fn family_contacts(&self, actor: &Actor, student: PersonId) -> Result<Vec<FamilyContact>> {
        self.read_marks(actor, |p| {
            let c = p.c;
            p.known_person(student, "contacts", false)?;
            let st = p.standing.clone();
            let facts = person_facts(c, &st, actor, student)?;
            let decision = decide_action(&facts, Action::ReadFamilyContacts);
            let school = storage::schools_of_person(c, student)?.first().copied();
            p.note(
                Some(student),
                school,
                "contacts",
                false,
                acting_as(&facts),
                decision.is_ok(),
            );
            decision?;
            let mut out = vec![card(c, student, None)?];
            for g in storage::guardians_of(c, student)? {
                out.push(card(c, g.guardian, Some(g.relation))?);
            }
            Ok(out)
        })
    }
}
