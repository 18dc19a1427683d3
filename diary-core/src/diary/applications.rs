//! Access applications (P5): a parent applies for diary access to a child —
//! online through the host's portal (which calls as the operator, having
//! identified the parent itself) or at the school's desk (an admin) — with
//! the four documents the school needs, as references to the host's files
//! with their SHA-256. The school checks each document and decides within
//! 3 business days by its own calendar; overdue applications are listed
//! for its admins. Approval links the guardian and issues the login and a
//! temporary password in one transaction; a rejection carries reasons from
//! a list and a note, and the application can be corrected and submitted
//! again. Every step is kept with who and when.

use super::people::checked_person;
use super::placement::Placement;
use super::Diary;
use crate::access::{Action, Facts};
use crate::actor::Actor;
use crate::auth::{password, secret};
use crate::calendar;
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, PersonId, SchoolId};
use crate::model::{
    AccessApplication, ApplicationStatus, ApprovedApplication, DocumentKind, Guardianship,
    NewAccessApplication, NewDocument, NewPerson, RejectionReason,
};
use crate::storage::{self, accounts, applications as store, settings};
use crate::{ical, text};
use time::{Date, Duration};

const KIND: &str = "applications";
/// Business days a school has to decide.
pub const DECISION_DAYS: u32 = 3;

/// Checks a document's reference and hash.
fn check_document(i: usize, d: &NewDocument) -> Result<NewDocument> {
    let reference = text::required(&format!("documents[{i}].reference"), &d.reference, 500)?;
    if d.sha256.len() != 64 || !d.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            format!("documents[{i}].sha256"),
            "must be 64 hexadecimal digits",
        ));
    }
    Ok(NewDocument {
        kind: d.kind,
        reference,
        sha256: d.sha256.to_ascii_lowercase(),
    })
}

fn check_documents(docs: &[NewDocument]) -> Result<Vec<NewDocument>> {
    if docs.len() > DocumentKind::ALL.len() {
        return Err(Error::invalid("documents", "at most one of each kind"));
    }
    let mut out: Vec<NewDocument> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        if out.iter().any(|o| o.kind == d.kind) {
            return Err(Error::invalid(
                format!("documents[{i}].kind"),
                format!("{} is given twice", d.kind),
            ));
        }
        out.push(check_document(i, d)?);
    }
    Ok(out)
}

/// The school's local date now.
fn local_today(p: &Placement<'_>, school: SchoolId) -> Result<Date> {
    let zone = storage::school(p.c, school)?.time_zone;
    Ok(ical::local_date_time(&zone, p.now)?.date())
}

/// The deadline for an application submitted now: 3 business days after
/// the school's local date (weekends and the school's holidays skipped).
fn deadline(p: &Placement<'_>, school: SchoolId) -> Result<Date> {
    let s = storage::school(p.c, school)?;
    let holidays = storage::holidays(p.c, school)?;
    Ok(calendar::add_working_days(
        s.days_per_week,
        &holidays,
        local_today(p, school)?,
        DECISION_DAYS,
    ))
}

/// Decides `action` on `school`'s applications and logs a refusal; a
/// stranger to the school learns nothing of it ("not found").
fn decide(p: &mut Placement<'_>, school: SchoolId, action: Action, write: bool) -> Result<Facts> {
    p.known_school(school, KIND, write)?;
    let facts = p.standing.facts_for(Some(school));
    p.decide(&facts, action, None, Some(school), KIND, write)?;
    Ok(facts)
}

/// An application the actor may name: of a school they administer (or
/// any, for the operator); otherwise "not found", as a missing id.
fn named(
    p: &mut Placement<'_>,
    id: ApplicationId,
    action: Action,
    write: bool,
) -> Result<AccessApplication> {
    crate::diary::scope::positive("application", id.0)?;
    let missing = || Error::not_found("application", id.0);
    let a = store::get(p.c, id, p.now.date())?.ok_or_else(missing)?;
    let facts = p.standing.facts_for(Some(a.school));
    // Strangers to the school are told nothing; its members who may not
    // act on applications are refused. Both are logged.
    if crate::access::conceals(&facts) {
        p.note(
            Some(a.student),
            Some(a.school),
            KIND,
            write,
            "unrelated",
            false,
        );
        return Err(missing());
    }
    p.decide(&facts, action, Some(a.student), Some(a.school), KIND, write)?;
    let today = local_today(p, a.school)?;
    Ok(store::get(p.c, id, today)?.unwrap_or(a))
}

/// The applicant's data as a row.
fn row<'a>(
    school: SchoolId,
    student: PersonId,
    person: &'a super::people::CheckedPerson,
    new: &NewAccessApplication,
) -> store::Row<'a> {
    store::Row {
        school,
        student,
        surname: &person.surname,
        first_name: &person.first_name,
        patronymic: person.patronymic.as_deref(),
        birth_date: person.birth_date,
        snils: person.snils.as_ref().map(|s| s.digits()),
        relation: new.relation,
        legal_representative: new.legal_representative,
        channel: new.channel,
    }
}

/// Refuses an application from a person who already represents the child
/// or who has one waiting for it.
fn no_duplicate(
    p: &Placement<'_>,
    student: PersonId,
    r: &store::Row<'_>,
    except: Option<ApplicationId>,
) -> Result<()> {
    if let Some(existing) = existing_person(p, r)? {
        if storage::guardians_of(p.c, student)?
            .iter()
            .any(|g| g.guardian == existing)
        {
            return Err(Error::Conflict(
                "the applicant already represents this child".into(),
            ));
        }
    }
    if let Some(open) = store::open_for(p.c, student, r, except)? {
        return Err(Error::Conflict(format!(
            "the applicant already has application {open} waiting for this child"
        )));
    }
    Ok(())
}

/// The registered person an applicant is: by SNILS, or without one by
/// name and birth date.
fn existing_person(p: &Placement<'_>, r: &store::Row<'_>) -> Result<Option<PersonId>> {
    if let Some(snils) = r.snils {
        return Ok(storage::trusted::people_with_snils(p.c, snils)?
            .first()
            .copied());
    }
    storage::snils_less_twin(
        p.c,
        &storage::PersonRecord {
            surname: r.surname,
            first_name: r.first_name,
            patronymic: r.patronymic,
            birth_date: r.birth_date,
            snils: None,
        },
    )
}

impl Diary {
    /// Submits a parent's application for diary access to a child of
    /// `new.school` (the host's portal as the operator, or the school's
    /// admins at the desk). The child is named as on the birth
    /// certificate — surname and birth date — and must be a student of the
    /// school now; the same error answers a wrong name and an unknown
    /// child. Documents may follow later ([`Diary::provide_application_documents`]).
    /// An applicant who already represents the child, or has an
    /// application waiting for it, is refused (Conflict). The school must
    /// decide within 3 business days.
    pub fn submit_access_application(
        &self,
        actor: &Actor,
        new: &NewAccessApplication,
    ) -> Result<AccessApplication> {
        let today = self.clock.now().date();
        let applicant =
            checked_person(&new.applicant, today).map_err(|e| rename(e, "applicant."))?;
        let child_surname = text::name("child_surname", &new.child_surname)?;
        text::date_within(
            "child_birth_date",
            new.child_birth_date,
            text::EARLIEST_DATE,
            today,
        )?;
        let docs = check_documents(&new.documents)?;
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            decide(p, new.school, Action::SubmitAccessApplication, true)?;
            let student = store::students_named(p.c, new.school, new.child_birth_date, today)?
                .into_iter()
                .find(|(_, s)| text::same_name(s, &child_surname))
                .map(|(id, _)| id)
                .ok_or_else(|| {
                    Error::invalid(
                        "child_surname",
                        "no student of this school has this surname and birth date",
                    )
                })?;
            let r = row(new.school, student, &applicant, new);
            no_duplicate(p, student, &r, None)?;
            let due = deadline(p, new.school)?;
            let id = store::insert(p.c, &r, now, due)?;
            store::step(
                p.c,
                new.school,
                id,
                p.actor,
                "submitted",
                Some(new.channel.as_str()),
                now,
            )?;
            put_documents(p, new.school, id, &docs, now)?;
            p.note(
                Some(student),
                Some(new.school),
                KIND,
                true,
                actor_role(p),
                true,
            );
            reread(p, new.school, id)
        })
    }

    /// Adds or replaces documents of an application waiting for a decision
    /// (the portal as the operator, or the school's admins); a replaced
    /// document must be checked again.
    pub fn provide_application_documents(
        &self,
        actor: &Actor,
        application: ApplicationId,
        documents: &[NewDocument],
    ) -> Result<AccessApplication> {
        let docs = check_documents(documents)?;
        if docs.is_empty() {
            return Err(Error::invalid("documents", "give at least one document"));
        }
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let a = named(p, application, Action::SubmitAccessApplication, true)?;
            if a.status != ApplicationStatus::Submitted {
                return Err(Error::Conflict(format!(
                    "the application is {}: re-submit it with its corrections",
                    a.status
                )));
            }
            put_documents(p, a.school, a.id, &docs, now)?;
            reread(p, a.school, a.id)
        })
    }

    /// Records the school's check of one document (its admins): accepted or
    /// not. Only for an application waiting for a decision.
    pub fn check_application_document(
        &self,
        actor: &Actor,
        application: ApplicationId,
        kind: DocumentKind,
        accepted: bool,
    ) -> Result<AccessApplication> {
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let a = named(p, application, Action::DecideAccessApplication, true)?;
            let by = p
                .actor
                .ok_or_else(|| Error::denied("documents are checked by a person"))?;
            if a.status != ApplicationStatus::Submitted {
                return Err(Error::Conflict(format!("the application is {}", a.status)));
            }
            if !store::check_document(p.c, a.id, kind, accepted, by, now)? {
                return Err(Error::invalid(
                    "kind",
                    format!("the application has no {kind} yet"),
                ));
            }
            let outcome = if accepted { "accepted" } else { "refused" };
            store::step(
                p.c,
                a.school,
                a.id,
                Some(by),
                "document_checked",
                Some(&format!("{kind}: {outcome}")),
                now,
            )?;
            reread(p, a.school, a.id)
        })
    }

    /// Approves an application (the school's admins): every document must
    /// be provided and accepted. In one transaction the applicant becomes a
    /// person of the school (or is found by SNILS, or by name and birth
    /// date), is linked to the child as guardian, and gets a login and a
    /// temporary password (an existing account keeps its password).
    pub fn approve_access_application(
        &self,
        actor: &Actor,
        application: ApplicationId,
    ) -> Result<ApprovedApplication> {
        let now = self.clock.now();
        let temporary = secret::temporary_password()?;
        let phc = password::hash(&temporary)?;
        self.write_people(actor, |p| {
            let a = named(p, application, Action::DecideAccessApplication, true)?;
            let by = p
                .actor
                .ok_or_else(|| Error::denied("applications are decided by a person"))?;
            if a.status != ApplicationStatus::Submitted {
                return Err(Error::Conflict(format!("the application is {}", a.status)));
            }
            let missing: Vec<&str> = DocumentKind::ALL
                .iter()
                .filter(|k| {
                    !a.documents
                        .iter()
                        .any(|d| d.kind == **k && d.accepted == Some(true))
                })
                .map(|k| k.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(Error::Conflict(format!(
                    "documents not yet provided and accepted: {}",
                    missing.join(", ")
                )));
            }
            if !storage::visits::student_in_school(p.c, a.student, a.school)? {
                return Err(Error::Conflict(
                    "the child is no longer a student of this school".into(),
                ));
            }
            let applicant = stored_applicant(&a)?;
            let record = applicant.record();
            let r = applicant_row(&a, &applicant);
            let person = match existing_person(p, &r)? {
                Some(id) => {
                    let known = storage::person(p.c, id)?;
                    if !text::same_name(&known.surname, &a.applicant_surname)
                        || known.birth_date != a.applicant_birth_date
                    {
                        return Err(Error::Conflict(
                            "the SNILS belongs to a person with another name or birth date: correct the data first".into(),
                        ));
                    }
                    id
                }
                None => storage::insert_person(p.c, &record, Some(a.school), now.unix_timestamp())?.id,
            };
            storage::insert_guardianship(
                p.c,
                &Guardianship {
                    student: a.student,
                    guardian: person,
                    relation: a.relation,
                    legal_representative: a.legal_representative,
                },
                now.unix_timestamp(),
            )?;
            let (login, temporary_password, expires_at) = match accounts::by_person(p.c, person)? {
                Some(acc) => (acc.login, None, None),
                None => {
                    let login = super::accounts::new_login(p.c, &a.applicant_surname, &a.applicant_first_name)?;
                    let days = settings::account_settings(p.c)?.temporary_password_days;
                    let expires = now + Duration::days(days);
                    accounts::issue(
                        p.c,
                        person,
                        &login,
                        &phc,
                        expires.unix_timestamp(),
                        by,
                        now.unix_timestamp(),
                    )?;
                    (login, Some(temporary.clone()), Some(expires))
                }
            };
            store::decide(p.c, a.id, ApplicationStatus::Approved, &[], None, Some(person))?;
            store::step(p.c, a.school, a.id, Some(by), "approved", Some(&format!("guardian {person}")), now.unix_timestamp())?;
            p.note(Some(a.student), Some(a.school), "guardians", true, "school_admin", true);
            let today = local_today(p, a.school)?;
            let application = store::get(p.c, a.id, today)?
                .ok_or_else(|| Error::Internal("application vanished".into()))?;
            Ok(ApprovedApplication {
                application,
                login,
                temporary_password,
                expires_at,
            })
        })
    }

    /// Rejects an application (the school's admins) with at least one
    /// reason from the list and an optional note (up to 2000 characters,
    /// required with `Other`): "form filled in wrongly".
    pub fn reject_access_application(
        &self,
        actor: &Actor,
        application: ApplicationId,
        reasons: &[RejectionReason],
        note: Option<&str>,
    ) -> Result<AccessApplication> {
        if reasons.is_empty() {
            return Err(Error::invalid("reasons", "give at least one reason"));
        }
        let mut reasons = reasons.to_vec();
        reasons.sort_by_key(|r| r.code());
        reasons.dedup();
        let note = match note {
            Some(n) if !n.trim().is_empty() => Some(text::required("note", n, 2000)?),
            _ => None,
        };
        if reasons.contains(&RejectionReason::Other) && note.is_none() {
            return Err(Error::invalid("note", "say what the other reason is"));
        }
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let a = named(p, application, Action::DecideAccessApplication, true)?;
            if a.status != ApplicationStatus::Submitted {
                return Err(Error::Conflict(format!("the application is {}", a.status)));
            }
            store::decide(
                p.c,
                a.id,
                ApplicationStatus::Rejected,
                &reasons,
                note.as_deref(),
                None,
            )?;
            let detail = reasons
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            store::step(p.c, a.school, a.id, p.actor, "rejected", Some(&detail), now)?;
            reread(p, a.school, a.id)
        })
    }

    /// Submits a rejected application again with its corrections (the
    /// portal as the operator, or the school's admins): the applicant's
    /// data when given, and replaced or added documents (which must be
    /// checked again). A new 3-business-day deadline starts.
    pub fn resubmit_access_application(
        &self,
        actor: &Actor,
        application: ApplicationId,
        applicant: Option<&NewPerson>,
        documents: &[NewDocument],
    ) -> Result<AccessApplication> {
        let today = self.clock.now().date();
        let corrected = match applicant {
            Some(a) => Some(checked_person(a, today).map_err(|e| rename(e, "applicant."))?),
            None => None,
        };
        let docs = check_documents(documents)?;
        let now = self.clock.now().unix_timestamp();
        self.write_people(actor, |p| {
            let a = named(p, application, Action::SubmitAccessApplication, true)?;
            if a.status != ApplicationStatus::Rejected {
                return Err(Error::Conflict(format!(
                    "only a rejected application is submitted again; this one is {}",
                    a.status
                )));
            }
            let kept = stored_applicant(&a)?;
            let person = corrected.as_ref().unwrap_or(&kept);
            let r = applicant_row(&a, person);
            no_duplicate(p, a.student, &r, Some(a.id))?;
            let due = deadline(p, a.school)?;
            store::resubmit(p.c, a.id, &r, now, due)?;
            store::step(p.c, a.school, a.id, p.actor, "resubmitted", None, now)?;
            put_documents(p, a.school, a.id, &docs, now)?;
            reread(p, a.school, a.id)
        })
    }

    /// One application (the school's admins, or the portal as the
    /// operator), with its documents and steps.
    pub fn access_application(
        &self,
        actor: &Actor,
        application: ApplicationId,
    ) -> Result<AccessApplication> {
        self.read_marks(actor, |p| {
            named(p, application, Action::ReadAccessApplications, false)
        })
    }

    /// A school's applications (all, or of one status), by deadline (its
    /// admins, or the operator).
    pub fn access_applications(
        &self,
        actor: &Actor,
        school: SchoolId,
        status: Option<ApplicationStatus>,
    ) -> Result<Vec<AccessApplication>> {
        self.read_marks(actor, |p| {
            decide(p, school, Action::ReadAccessApplications, false)?;
            let today = local_today(p, school)?;
            let mut out = Vec::new();
            for id in store::of_school(p.c, school, status)? {
                out.extend(store::get(p.c, id, today)?);
            }
            Ok(out)
        })
    }

    /// A school's applications still undecided after their deadline, by
    /// deadline (its admins, or the operator).
    pub fn overdue_access_applications(
        &self,
        actor: &Actor,
        school: SchoolId,
    ) -> Result<Vec<AccessApplication>> {
        let all = self.access_applications(actor, school, Some(ApplicationStatus::Submitted))?;
        Ok(all.into_iter().filter(|a| a.overdue).collect())
    }
}

/// Stores the documents given with a call, each a step.
fn put_documents(
    p: &Placement<'_>,
    school: SchoolId,
    id: ApplicationId,
    docs: &[NewDocument],
    now: i64,
) -> Result<()> {
    for d in docs {
        store::put_document(p.c, school, id, d.kind, &d.reference, &d.sha256, now)?;
        store::step(
            p.c,
            school,
            id,
            p.actor,
            "document_provided",
            Some(d.kind.as_str()),
            now,
        )?;
    }
    Ok(())
}

/// An application as it is now, overdue by the school's local date.
fn reread(p: &Placement<'_>, school: SchoolId, id: ApplicationId) -> Result<AccessApplication> {
    let today = local_today(p, school)?;
    store::get(p.c, id, today)?.ok_or_else(|| Error::Internal("application vanished".into()))
}

/// The applicant as the application stores them.
fn stored_applicant(a: &AccessApplication) -> Result<super::people::CheckedPerson> {
    Ok(super::people::CheckedPerson {
        surname: a.applicant_surname.clone(),
        first_name: a.applicant_first_name.clone(),
        patronymic: a.applicant_patronymic.clone(),
        birth_date: a.applicant_birth_date,
        snils: a
            .applicant_snils
            .as_deref()
            .map(crate::Snils::parse)
            .transpose()?,
    })
}

/// An application's row with `person` as the applicant.
fn applicant_row<'a>(
    a: &AccessApplication,
    person: &'a super::people::CheckedPerson,
) -> store::Row<'a> {
    store::Row {
        school: a.school,
        student: a.student,
        surname: &person.surname,
        first_name: &person.first_name,
        patronymic: person.patronymic.as_deref(),
        birth_date: person.birth_date,
        snils: person.snils.as_ref().map(|s| s.digits()),
        relation: a.relation,
        legal_representative: a.legal_representative,
        channel: a.channel,
    }
}

/// The capacity to log a submission in.
fn actor_role(p: &Placement<'_>) -> &'static str {
    if p.standing.operator {
        "operator"
    } else {
        "school_admin"
    }
}

/// An error about the applicant, its field prefixed.
fn rename(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidInput { field, reason } => Error::InvalidInput {
            field: format!("{prefix}{field}"),
            reason,
        },
        e => e,
    }
}
