//! Who performs an operation. Every call that reads or writes people's data
//! takes an [`Actor`]; the access rules in [`crate::access`] decide from it.

use crate::ids::PersonId;
use serde::Serialize;

/// The identity on whose behalf an operation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Actor {
    /// The operator of the installation (the host's provisioning): creates
    /// schools and appoints their first admins. It reads no one's diary.
    Operator,
    /// A person whose identity the host has verified with its own login
    /// (a vendor's sign-in, the state identity service).
    Vouched(PersonId),
}

impl Actor {
    /// The installation's operator.
    pub fn operator() -> Self {
        Actor::Operator
    }

    /// A person vouched for by the host.
    pub fn vouched(person: PersonId) -> Self {
        Actor::Vouched(person)
    }

    /// The person acting, if any.
    pub fn person(&self) -> Option<PersonId> {
        match self {
            Actor::Operator => None,
            Actor::Vouched(p) => Some(*p),
        }
    }
}
