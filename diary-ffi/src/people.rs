//! People, staff, enrolments and guardianships.
//!
//! Person records in JSON are
//! `{"id","surname","first_name","patronymic","birth_date","snils_masked"}`;
//! the SNILS is only ever returned masked ("***-***-*** 95").

mod calls;
pub use calls::*;

/// A staff role (values of `role` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_staff_role {
    /// Teaches classes.
    DIARY_ROLE_TEACHER = 0,
    /// Administers the school's diary.
    DIARY_ROLE_ADMIN = 1,
}

/// How a guardian is related to a student (values of `relation` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_relation {
    /// Mother.
    DIARY_RELATION_MOTHER = 0,
    /// Father.
    DIARY_RELATION_FATHER = 1,
    /// Legal guardian.
    DIARY_RELATION_LEGAL_GUARDIAN = 2,
    /// Another relative or carer.
    DIARY_RELATION_OTHER = 3,
}

/// Why an enrolment ended (values of `reason` arguments).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Debug, Clone, Copy)]
pub enum diary_end_reason {
    /// Moved to another class or school.
    DIARY_END_TRANSFERRED = 0,
    /// Finished school.
    DIARY_END_GRADUATED = 1,
    /// Left for another reason.
    DIARY_END_LEFT = 2,
}
