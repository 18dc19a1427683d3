//! Loads what the access rules need to know about an actor.

use super::people::member_schools_of_person;
use crate::access::Standing;
use crate::actor::Actor;
use crate::error::Result;
use crate::ids::SchoolId;
use crate::storage::db::Db;
use crate::storage::db::DbResult;

pub(crate) fn standing(c: Db<'_>, actor: &Actor) -> Result<Standing> {
    let person = match actor {
        Actor::Operator => return Ok(Standing::operator()),
        Actor::Vouched(p) => *p,
    };
    let mut st =
        c.prepare_cached("SELECT school_id FROM staff WHERE person_id = ?1 AND role = 'admin'")?;
    let admin_of = st
        .query_map([person.0], |r| Ok(SchoolId(r.get(0)?)))?
        .collect::<DbResult<_>>()?;
    let mut st = c.prepare_cached("SELECT region FROM regional_officer WHERE person_id = ?1")?;
    let regional_of = st
        .query_map([person.0], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    Ok(Standing {
        operator: false,
        admin_of,
        member_of: member_schools_of_person(c, person)?.into_iter().collect(),
        regional_of,
    })
}
