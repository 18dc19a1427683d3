//! `Diary` methods for announcements that take structured input (publish,
//! edit), and the announcement values; the regular calls are generated
//! (`calls/announcements.rs`).

use crate::actor::PyActor;
use crate::convert::{from_py_json, EnumValue};
use crate::day_records::Attachment;
use crate::diary::PyDiary;
use diary_core as core;
use diary_core::AnnouncementId;
use pyo3::prelude::*;
use time::{Date, OffsetDateTime};

record! {
    /// One entry of an announcement's audience.
    AudienceEntry {
        /// What it names (`AudienceScope`).
        scope: EnumValue,
        /// The class, group or person; None for the school.
        id: Option<i64>,
        /// Who in it (`AudienceRole`).
        role: EnumValue,
    }
}

/// An audience as Python values (announcements and meetings).
pub(crate) fn audience_entries(audience: &[core::Audience]) -> Vec<AudienceEntry> {
    audience
        .iter()
        .map(|e| AudienceEntry {
            scope: EnumValue {
                class: "AudienceScope",
                value: e.scope.as_str(),
            },
            id: e.id,
            role: EnumValue {
                class: "AudienceRole",
                value: e.role.as_str(),
            },
        })
        .collect()
}

/// Unix seconds as an aware datetime.
pub(crate) fn instant(t: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

record! {
    /// A published announcement as the reader sees it.
    Announcement {
        /// Identifier.
        id: i64,
        /// Its school.
        school: i64,
        /// Who published it.
        author: i64,
        /// What it is about (`AnnouncementKind`).
        kind: EnumValue,
        /// Urgent ones come first and their readers are tracked.
        urgent: bool,
        /// Title.
        title: String,
        /// Text.
        body: String,
        /// To whom.
        audience: Vec<AudienceEntry>,
        /// First day shown.
        shown_from: Date,
        /// Last day shown.
        shown_until: Date,
        /// Pinned on top.
        pinned: bool,
        /// Described files.
        attachments: Vec<Attachment>,
        /// When it was published (aware, UTC).
        published_at: OffsetDateTime,
        /// When it was last edited.
        edited_at: Option<OffsetDateTime>,
        /// Earlier versions kept.
        edits: u32,
        /// Withdrawn (its author and admins still see it).
        withdrawn: bool,
        /// When the reader marked it read; None: unread.
        read_at: Option<OffsetDateTime>,
    }
}

impl From<core::Announcement> for Announcement {
    fn from(a: core::Announcement) -> Self {
        Announcement {
            id: a.id.0,
            school: a.school.0,
            author: a.author.0,
            kind: EnumValue {
                class: "AnnouncementKind",
                value: a.kind.as_str(),
            },
            urgent: a.urgent,
            title: a.title,
            body: a.body,
            audience: audience_entries(&a.audience),
            shown_from: a.shown_from,
            shown_until: a.shown_until,
            pinned: a.pinned,
            attachments: a.attachments.into_iter().map(Into::into).collect(),
            published_at: instant(a.published_at),
            edited_at: a.edited_at.map(instant),
            edits: a.edits,
            withdrawn: a.withdrawn,
            read_at: a.read_at.map(instant),
        }
    }
}

record! {
    /// Whether one recipient has read an announcement.
    ReadReceipt {
        /// The recipient.
        person: i64,
        /// When they marked it read; None: not yet.
        read_at: Option<OffsetDateTime>,
    }
}

impl From<core::ReadReceipt> for ReadReceipt {
    fn from(r: core::ReadReceipt) -> Self {
        ReadReceipt {
            person: r.person.0,
            read_at: r.read_at.map(instant),
        }
    }
}

record! {
    /// An earlier version of an edited announcement.
    AnnouncementVersion {
        /// When it was replaced.
        replaced_at: OffsetDateTime,
        /// Who replaced it.
        replaced_by: i64,
        /// Its title.
        title: String,
        /// Its text.
        body: String,
    }
}

impl From<core::AnnouncementVersion> for AnnouncementVersion {
    fn from(v: core::AnnouncementVersion) -> Self {
        AnnouncementVersion {
            replaced_at: instant(v.replaced_at),
            replaced_by: v.replaced_by.0,
            title: v.title,
            body: v.body,
        }
    }
}

#[pymethods]
impl PyDiary {
    /// Publishes an announcement from a dict (``NewAnnouncement``):
    /// ``school``, ``kind`` (an ``AnnouncementKind``), ``title``, ``body``,
    /// ``audience`` (a list of ``{"scope", "id", "role"}``), ``shown_from``
    /// and ``shown_until`` (dates); optional ``urgent``, ``pinned`` and
    /// ``attachments``. Admins publish anywhere in their school; class
    /// teachers to their class, its groups and families; subject teachers
    /// to the classes they teach. Unknown keys raise ``InvalidInput``.
    #[pyo3(signature = (actor, announcement))]
    fn publish_announcement(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        announcement: &Bound<'_, PyAny>,
    ) -> PyResult<Announcement> {
        let new: core::NewAnnouncement = from_py_json(announcement, "announcement")?;
        self.with(py, actor, move |d, a| d.publish_announcement(a, &new))
            .map(Into::into)
    }

    /// Edits an announcement (its author or the school's admins) from a
    /// dict of ``title``, ``body``, ``shown_until``, ``pinned``, ``urgent``
    /// (each optional); the replaced text is kept as a version.
    #[pyo3(signature = (actor, announcement, edit))]
    fn edit_announcement(
        &self,
        py: Python<'_>,
        actor: &PyActor,
        announcement: &Bound<'_, PyAny>,
        edit: &Bound<'_, PyAny>,
    ) -> PyResult<Announcement> {
        let id = AnnouncementId(crate::ids::id_arg(announcement, "announcement")?);
        let edit: core::AnnouncementEdit = from_py_json(edit, "edit")?;
        self.with(py, actor, move |d, a| d.edit_announcement(a, id, &edit))
            .map(Into::into)
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AudienceEntry>()?;
    m.add_class::<Announcement>()?;
    m.add_class::<ReadReceipt>()?;
    m.add_class::<AnnouncementVersion>()?;
    Ok(())
}
