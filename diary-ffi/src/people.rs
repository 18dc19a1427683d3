//! People, staff, enrolments and guardianships.
//!
//! Person records in JSON are
//! `{"id","surname","first_name","patronymic","birth_date","snils_masked"}`;
//! the SNILS is only ever returned masked ("***-***-*** 95").

mod calls;
pub use calls::*;
