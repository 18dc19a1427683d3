//! Accounts and login (A1, A6): the password policy, Argon2id hashing and
//! random secrets as pure functions; the Diary methods are in
//! `diary/accounts.rs`.

pub mod contact;
pub mod password;
pub mod secret;
