//! The access policy: one pure function, [`decide`], answers whether an
//! actor (described by [`Facts`], which storage loads) may perform an
//! [`Action`] on a resource, with the reason when not. Default deny: an
//! action is allowed only by a rule below that names a relation the actor
//! has. Every entry point (Rust, C, Python; built-in login or host-vouched
//! identity) reaches data through it.

use crate::error::{Error, Result};

/// What the actor is to the resource at hand (a school, a class and
/// subject, a child, a grant, a region). Everything false is a stranger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Facts {
    /// The installation's operator.
    pub operator: bool,
    /// An admin of the resource's school.
    pub admin: bool,
    /// A member of the resource's school in any role.
    pub member: bool,
    /// Teaches the subject to the class (or one of its groups) this year.
    pub teaches: bool,
    /// The class teacher of the class.
    pub class_teacher: bool,
    /// The person the data is about (the student, or oneself).
    pub student: bool,
    /// A guardian of the child.
    pub guardian: bool,
    /// A legal representative of the child.
    pub legal_representative: bool,
    /// A trusted person with an active grant for the child's diary.
    pub trusted: bool,
    /// The actor's view of the child is limited to a window of recent days
    /// (a trusted person's grant, or the school's window for families).
    pub windowed: bool,
    /// An officer of the resource's region.
    pub regional: bool,
    /// The mark's period is closed.
    pub period_closed: bool,
    /// The invitee of the grant at hand.
    pub invitee: bool,
    /// A family member of a student of the class (for class statistics).
    pub family_in_class: bool,
    /// The school's rules for conversations let the actor reach the person
    /// at hand (see [`crate::access::messaging::permits`]).
    pub permitted: bool,
    /// A moderator of the conversation at hand: the class teacher of a
    /// class chat.
    pub moderator: bool,
    /// Muted in the conversation at hand by a moderator.
    pub muted: bool,
}

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create a school.
    CreateSchool,
    /// Register people or appoint staff at a school.
    ManagePeople,
    /// Change a school's calendar, classes, subjects, groups, assignments,
    /// enrolments, guardianships, rules or settings.
    ManageStructure,
    /// Read a school's calendar, classes and subjects.
    ReadStructure,
    /// Read a school's people in bulk (staff lists; rosters, which class
    /// teachers may read for their class).
    ReadPeople,
    /// Read a person's own record and enrolments.
    ReadPersonRecord,
    /// Read a child's guardians.
    ReadGuardians,
    /// Read a child's marks (each mark, or a day's diary).
    ReadMarks,
    /// Read what summarises all of a child's marks (averages, period marks,
    /// progress, plans).
    ReadSummaries,
    /// Enter, change or delete a mark, or set a period/year/exam mark.
    WriteMarks,
    /// Read a class's anonymous statistics and ranks.
    ReadClassStatistics,
    /// Invite a trusted person for a child.
    InviteTrusted,
    /// List a child's trusted-person grants.
    ReadGrants,
    /// Revoke a grant.
    RevokeGrant,
    /// Accept or decline an invitation.
    AnswerInvitation,
    /// Read the access log about a child.
    ReadChildLog,
    /// Read a school's access log.
    ReadSchoolLog,
    /// Verify the access log's chain.
    VerifyLog,
    /// Appoint a regional officer.
    AppointRegional,
    /// Issue a login and temporary password (or reset one) for a student or
    /// guardian.
    IssueCredentials,
    /// Unlock or disable an account.
    ManageAccounts,
    /// Read a region's aggregated statistics.
    ReadRegional,
    /// Issue a one-time code a parent redeems to link a child (A5).
    IssueLinkCode,
    /// Change installation-wide settings (account lifetimes).
    ConfigureInstallation,
    /// Read the confirmed contacts (e-mail, phone) of a child's family.
    ReadFamilyContacts,
    /// Write about a lesson: its topic, test, homework and register.
    WriteLesson,
    /// See health data: illness as an absence reason.
    ReadHealthData,
    /// Notify an absence in advance or submit an excuse afterwards.
    NotifyAbsence,
    /// Approve or reject an excuse.
    DecideExcuse,
    /// Write a remark about a student.
    WriteRemark,
    /// Mark one's own homework as done.
    MarkHomeworkDone,
    /// Read a teacher's own work list (registers not yet taken).
    ReadTeachingLoad,
    /// Release a student to another school with a one-time transfer code.
    IssueTransferCode,
    /// Publish an announcement to an audience (D9).
    PublishAnnouncement,
    /// Edit or withdraw an announcement, or read its earlier versions.
    ManageAnnouncement,
    /// See who has read an announcement.
    ReadAnnouncementReceipts,
    /// Read the announcements addressed to a person (or, for a parent,
    /// through a child).
    ReadAnnouncements,
    /// Mark an announcement one received as read.
    MarkAnnouncementRead,
    /// Organise a meeting for an audience (D12).
    OrganiseMeeting,
    /// Record a meeting's minutes, cancel it, or read its replies.
    ManageMeeting,
    /// Answer a meeting invitation (yes, no, maybe).
    ReplyToMeeting,
    /// Read the meetings a person (or, for a parent, a child) is invited to.
    ReadMeetings,
    /// Register or revoke a person's signing key after checking their
    /// identity (D13).
    RegisterSigningKey,
    /// Send a child's legal representative a personal message.
    SendTeacherMessage,
    /// Read personal messages (one's own, sent or received) and keys.
    ReadTeacherMessages,
    /// Reply to a personal message one received (signed where asked).
    ReplyToTeacherMessage,
    /// Start a conversation with people about a child, or among staff
    /// (D11).
    StartConversation,
    /// Open a class's parents' chat or a school's staff room.
    OpenGroupChat,
    /// Read a conversation one takes part in (and one's list and unread
    /// counts).
    ReadConversations,
    /// Post a message to a conversation.
    PostChatMessage,
    /// Edit or delete one's own message.
    EditChatMessage,
    /// Hide a message, mute a participant, read reports.
    ModerateConversation,
    /// Report a message to the moderators.
    ReportChatMessage,
    /// Leave a conversation.
    LeaveConversation,
    /// Read or set one's notification preferences.
    SetNotificationPreferences,
    /// Publish one's appointment slots (D12).
    PublishAppointmentSlots,
    /// Read a teacher's appointment slots.
    ReadAppointmentSlots,
    /// Book a teacher's slot for a child.
    BookAppointment,
    /// Cancel a slot or a booking.
    CancelAppointment,
    /// Read a child's directory: class, teachers' and admins' names.
    ReadFamilyDirectory,
    /// Correct a person's data (name, birth date, SNILS) with a reason, or
    /// decide a proposed correction.
    CorrectPersonData,
    /// Propose a correction of one's own (or one's child's) data.
    ProposePersonCorrection,
    /// Read the corrections of a person's data.
    ReadPersonCorrections,
    /// Record school entry and exit events (the host's turnstile).
    RecordVisits,
    /// Read a child's entries and exits (or a class's presence).
    ReadVisits,
    /// Set a school's meal rules, publish menus, record meals served and
    /// payments (the school, or the host's canteen and payment systems).
    ManageMeals,
    /// Order or cancel a child's meals.
    OrderMeals,
    /// Read a child's meal orders, balance and statement.
    ReadMeals,
    /// Submit or re-submit a parent's application for diary access (the
    /// host's portal as the operator, or the school at its desk).
    SubmitAccessApplication,
    /// Read a school's access applications.
    ReadAccessApplications,
    /// Check an application's documents, approve or reject it.
    DecideAccessApplication,
    /// Publish a school's consent texts.
    ManageConsentTexts,
    /// Give, refuse or withdraw consent for a person's data (oneself, a
    /// child, or a paper form recorded by the school).
    RecordConsent,
    /// Read a person's consent decisions.
    ReadConsents,
    /// Export everything held about a person (and, for a legal
    /// representative, the children) as one document.
    ExportPersonalData,
    /// Erase a person's identifying data, or read the record of it.
    ErasePersonalData,
    /// Merge two profiles of the same person.
    MergePeople,
    /// Read (or print) a student's report card: every subject's period,
    /// year and final marks with attendance and remarks.
    ReadReportCard,
    /// Export a school's roster and gradebook as OneRoster files (with
    /// every person's name, birth date and SNILS).
    ExportRoster,
    /// Import OneRoster files into a school (create or update its
    /// structure, people and enrolments).
    ImportRoster,
}

impl Action {
    /// Every action, for tables that must cover them all (the policy
    /// matrix, the logging of refusals).
    pub const ALL: [Action; 80] = [
        Action::CreateSchool,
        Action::ManagePeople,
        Action::ManageStructure,
        Action::ReadStructure,
        Action::ReadPeople,
        Action::ReadPersonRecord,
        Action::ReadGuardians,
        Action::ReadMarks,
        Action::ReadSummaries,
        Action::WriteMarks,
        Action::ReadClassStatistics,
        Action::InviteTrusted,
        Action::ReadGrants,
        Action::RevokeGrant,
        Action::AnswerInvitation,
        Action::ReadChildLog,
        Action::ReadSchoolLog,
        Action::VerifyLog,
        Action::AppointRegional,
        Action::ReadRegional,
        Action::IssueCredentials,
        Action::ManageAccounts,
        Action::IssueLinkCode,
        Action::ConfigureInstallation,
        Action::ReadFamilyContacts,
        Action::WriteLesson,
        Action::ReadHealthData,
        Action::NotifyAbsence,
        Action::DecideExcuse,
        Action::WriteRemark,
        Action::MarkHomeworkDone,
        Action::ReadTeachingLoad,
        Action::IssueTransferCode,
        Action::PublishAnnouncement,
        Action::ManageAnnouncement,
        Action::ReadAnnouncementReceipts,
        Action::ReadAnnouncements,
        Action::MarkAnnouncementRead,
        Action::OrganiseMeeting,
        Action::ManageMeeting,
        Action::ReplyToMeeting,
        Action::ReadMeetings,
        Action::RegisterSigningKey,
        Action::SendTeacherMessage,
        Action::ReadTeacherMessages,
        Action::ReplyToTeacherMessage,
        Action::StartConversation,
        Action::OpenGroupChat,
        Action::ReadConversations,
        Action::PostChatMessage,
        Action::EditChatMessage,
        Action::ModerateConversation,
        Action::ReportChatMessage,
        Action::LeaveConversation,
        Action::SetNotificationPreferences,
        Action::PublishAppointmentSlots,
        Action::ReadAppointmentSlots,
        Action::BookAppointment,
        Action::CancelAppointment,
        Action::ReadFamilyDirectory,
        Action::CorrectPersonData,
        Action::ProposePersonCorrection,
        Action::ReadPersonCorrections,
        Action::RecordVisits,
        Action::ReadVisits,
        Action::ManageMeals,
        Action::OrderMeals,
        Action::ReadMeals,
        Action::SubmitAccessApplication,
        Action::ReadAccessApplications,
        Action::DecideAccessApplication,
        Action::ManageConsentTexts,
        Action::RecordConsent,
        Action::ReadConsents,
        Action::ExportPersonalData,
        Action::ErasePersonalData,
        Action::MergePeople,
        Action::ReadReportCard,
        Action::ExportRoster,
        Action::ImportRoster,
    ];
}

/// Decides; `Err(AccessDenied)` carries the reason.
pub fn decide(f: &Facts, action: Action) -> Result<()> {
    use Action::*;
    let family = f.student || f.guardian;
    let (allowed, reason) = match action {
        CreateSchool => (
            f.operator,
            "only the installation's operator creates schools",
        ),
        ManagePeople => (
            f.operator || f.admin,
            "only the school's admins (or the operator, to set it up) manage people",
        ),
        ManageStructure => (f.admin, "only the school's admins change its structure"),
        ReadStructure => (
            f.operator || f.admin || f.member,
            "not a member of this school",
        ),
        ReadPeople => (f.admin || f.class_teacher, "only the school's admins (and class teachers, for their class) read its people in bulk"),
        ReadPersonRecord => (f.student || f.admin || f.class_teacher, "no right to see this person's record"),
        ReadGuardians => (family || f.admin || f.class_teacher, "no right to see this child's guardians"),
        ReadMarks => (
            f.admin || f.teaches || f.class_teacher || family || f.trusted,
            "no right to see this student's marks",
        ),
        // A family under the school's window still sees the summaries the
        // school reports to it anyway; a trusted person whose grant is
        // limited to recent days does not.
        ReadSummaries => (
            !(f.windowed && f.trusted)
                && (f.admin || f.teaches || f.class_teacher || family || f.trusted),
            if f.windowed && f.trusted {
                "this access is limited to recent days; summaries cover older marks"
            } else {
                "no right to see this student's marks"
            },
        ),
        WriteMarks => (
            f.admin || (f.teaches && !f.period_closed),
            if f.teaches {
                "the period is closed: only a school admin may change its marks, with a reason"
            } else if family || f.trusted {
                "students, guardians and trusted persons never change marks"
            } else {
                "only a teacher of this class and subject may enter its marks"
            },
        ),
        ReadClassStatistics => (
            f.admin || f.teaches || f.class_teacher || f.family_in_class,
            "class statistics are for the class's teachers, students and families",
        ),
        InviteTrusted => (
            f.legal_representative,
            "only a legal representative of the child may invite trusted persons",
        ),
        ReadGrants => (
            f.guardian || f.admin,
            "only the child's guardians and school admins see its trusted persons",
        ),
        RevokeGrant => (
            f.legal_representative,
            "only the child's legal representatives may revoke its grants",
        ),
        AnswerInvitation => (f.invitee, "only the invitee answers an invitation"),
        ReadChildLog => (
            family || f.admin,
            "only the child's family and school admins read its access log",
        ),
        ReadSchoolLog => (f.admin, "only the school's admins read its access log"),
        VerifyLog => (
            f.admin || f.operator,
            "only admins and the operator verify the access log",
        ),
        AppointRegional => (
            f.operator,
            "only the installation's operator appoints regional officers",
        ),
        ReadRegional => (f.regional, "not an officer of this region"),
        IssueCredentials => (f.admin || f.class_teacher, "only the class teacher or a school admin issues credentials"),
        ManageAccounts => (f.admin, "only the school's admins unlock or disable accounts"),
        IssueLinkCode => (
            f.admin || f.class_teacher,
            "only the class teacher or a school admin issues link codes",
        ),
        ConfigureInstallation => (
            f.operator,
            "only the installation's operator changes its settings",
        ),
        ReadFamilyContacts => (
            f.admin || f.class_teacher,
            "only the class teacher and school admins see families' contacts",
        ),
        WriteLesson => (
            f.admin || f.teaches,
            "only the lesson's teacher (or a school admin) writes its topic, homework and register",
        ),
        ReadHealthData => (
            family || f.admin || f.class_teacher,
            "health data is for the family, the class teacher and school admins",
        ),
        NotifyAbsence => (f.guardian, "only the child's guardians notify absences"),
        DecideExcuse => (
            f.admin || f.class_teacher,
            "only the class teacher or a school admin decides excuses",
        ),
        WriteRemark => (
            f.admin || f.teaches || f.class_teacher,
            "only the student's teachers write remarks",
        ),
        MarkHomeworkDone => (f.student, "only the student marks their homework done"),
        ReadTeachingLoad => (
            f.student || f.admin,
            "a teacher's work list is for the teacher and school admins",
        ),
        IssueTransferCode => (
            f.admin,
            "only an admin of the student's school releases the student to another school",
        ),
        // For announcements, `class_teacher` / `teaches` are the actor's
        // relation to the addressed class or group, and `student` means
        // "oneself": the author (manage, receipts) or the recipient (read).
        PublishAnnouncement => (
            f.admin || f.class_teacher || f.teaches,
            "only the school's admins publish to the whole school or its staff, and teachers to the classes they teach or lead",
        ),
        ManageAnnouncement => (
            f.admin || f.student,
            "only the author and the school's admins edit or withdraw an announcement",
        ),
        ReadAnnouncementReceipts => (
            f.admin || f.student,
            "only the author and the school's admins see who has read an announcement",
        ),
        ReadAnnouncements => (
            f.student || f.guardian || f.trusted,
            "a person's announcements are for that person (and a child's for its guardians and trusted persons granted them)",
        ),
        MarkAnnouncementRead => (
            f.student,
            "only a recipient marks an announcement read",
        ),
        // Meetings follow announcements: the same audience rules.
        OrganiseMeeting => (
            f.admin || f.class_teacher || f.teaches,
            "only the school's admins organise school-wide meetings, and teachers those of the classes they teach or lead",
        ),
        ManageMeeting => (
            f.admin || f.student,
            "only the organiser and the school's admins record minutes, cancel a meeting or see its replies",
        ),
        ReplyToMeeting => (f.student, "only an invitee answers a meeting invitation"),
        ReadMeetings => (
            f.student || f.guardian || f.trusted,
            "a person's meetings are for that person (and a child's for its guardians and trusted persons granted announcements)",
        ),
        RegisterSigningKey => (
            f.admin,
            "only an admin of the person's school registers or revokes their signing keys, after checking their identity",
        ),
        // For personal messages `student` means "oneself": the author or
        // the recipient of the message, the owner of the keys.
        SendTeacherMessage => (
            f.admin || f.teaches || f.class_teacher,
            "only the child's teachers, class teacher and the school's admins send its family personal messages",
        ),
        ReadTeacherMessages => (
            f.student || f.admin,
            "personal messages are for their author and recipient (and the school's admins)",
        ),
        ReplyToTeacherMessage => (f.student, "only the recipient replies to a personal message"),
        // For conversations `student` means "oneself": a participant today
        // (who has not left and still has the relation that made them one).
        StartConversation => (
            f.permitted,
            "the school's rules for conversations do not let you reach this person about this child",
        ),
        OpenGroupChat => (
            f.admin || f.class_teacher,
            "only the class teacher (or a school admin) opens a class's chat, and only admins open staff rooms",
        ),
        ReadConversations => (f.student, "only the conversation's participants read it"),
        PostChatMessage => (
            f.student && !f.muted,
            if f.muted {
                "a moderator has muted you in this conversation"
            } else {
                "only the conversation's participants post to it"
            },
        ),
        EditChatMessage => (f.student, "only its author edits or deletes a message"),
        ModerateConversation => (
            f.admin || f.moderator,
            "only the class teacher of a class chat and the school's admins moderate conversations",
        ),
        ReportChatMessage => (f.student, "only the conversation's participants report its messages"),
        LeaveConversation => (f.student, "only a participant leaves a conversation"),
        SetNotificationPreferences => (
            f.student,
            "only the person reads and sets their notification preferences",
        ),
        // For appointment slots `teaches` means "on the school's teaching
        // staff", `student` "oneself" (the slot's teacher, or its booker)
        // and `permitted` "the slot's teacher teaches or leads the child's
        // class".
        PublishAppointmentSlots => (
            f.admin || f.teaches,
            "only the school's teachers and admins publish appointment slots",
        ),
        ReadAppointmentSlots => (
            f.student || f.admin || (f.guardian && f.permitted),
            "a teacher's slots are for the teacher, the school's admins and the families of the children the teacher teaches",
        ),
        BookAppointment => (
            f.guardian && f.permitted,
            "only a guardian of a child the teacher teaches or leads books the teacher's slots",
        ),
        CancelAppointment => (
            f.student || f.admin,
            "only the slot's teacher, its booker and the school's admins cancel it",
        ),
        ReadFamilyDirectory => (
            family || f.admin || f.class_teacher || f.teaches,
            "a child's directory is for the child, its guardians and the school's staff of the class",
        ),
        CorrectPersonData => (
            f.admin,
            "only an admin of the person's school corrects their data",
        ),
        ProposePersonCorrection => (
            f.student || f.legal_representative,
            "only the person (or a child's legal representative) proposes a correction of their data",
        ),
        ReadPersonCorrections => (
            f.student || f.legal_representative || f.admin,
            "a person's corrections are for the person, a child's legal representatives and the school's admins",
        ),
        RecordVisits => (
            f.admin || f.operator,
            "only the school's admins (or the host's turnstile as the operator) record entries and exits",
        ),
        ReadVisits => (
            family || f.trusted || f.class_teacher || f.admin,
            "a child's entries and exits are for the family, trusted persons granted visits, the class teacher and the school's admins",
        ),
        ManageMeals => (
            f.admin || f.operator,
            "only the school's admins (or the host's canteen and payment systems as the operator) manage meals",
        ),
        OrderMeals => (
            f.guardian || f.admin,
            "only the child's guardians (and the school's admins) order or cancel its meals",
        ),
        ReadMeals => (
            family || f.trusted || f.admin,
            "a child's meals and balance are for the family, trusted persons granted meals and the school's admins",
        ),
        SubmitAccessApplication => (
            f.operator || f.admin,
            "applications come through the host's portal (the operator) or the school's admins",
        ),
        ReadAccessApplications => (
            f.operator || f.admin,
            "only the school's admins (and the host's portal) read access applications",
        ),
        DecideAccessApplication => (
            f.admin,
            "only the school's admins check documents and decide access applications",
        ),
        ManageConsentTexts => (f.admin, "only the school's admins publish consent texts"),
        RecordConsent => (
            f.student || f.legal_representative || f.admin,
            "consent is given by the person, a child's legal representative, or recorded from paper by the school's admins",
        ),
        ReadConsents => (
            f.student || f.guardian || f.admin,
            "a person's consents are for the person, a child's guardians and the school's admins",
        ),
        ExportPersonalData => (
            f.student || f.legal_representative || f.admin,
            "a person's data is exported for the person, a child's legal representative, or by the school's admins on request",
        ),
        ErasePersonalData => (
            f.admin || f.operator,
            "only the school's admins (or the operator) erase a person's data",
        ),
        MergePeople => (
            f.admin || f.operator,
            "only an admin of both profiles' schools (or the operator) merges them",
        ),
        // The school's summary for the family: the whole card or nothing.
        // A subject teacher sees their subject's marks, not every subject's
        // summary; a trusted person's grant is the diary, not the card.
        ReadReportCard => (
            family || f.admin || f.class_teacher,
            "a report card is for the student, its guardians, the class teacher and the school's admins",
        ),
        // The whole school's people with birth dates and SNILS: the
        // school's admins, or the host's school information system as the
        // operator.
        ExportRoster => (
            f.admin || f.operator,
            "only the school's admins (or the operator) export its roster",
        ),
        // New schools in a file set are the operator's (CreateSchool).
        ImportRoster => (
            f.admin || f.operator,
            "only the school's admins (or the operator) import a roster into it",
        ),
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::denied(reason))
    }
}

/// Whether a refusal must hide that the object exists: the actor has no
/// relation at all to it — not the operator, not a member of its school,
/// not the person, their family or trusted person, not an invitee. Such a
/// refusal reads exactly like a missing id ("not found"), so that another
/// school's admin, a regional officer or a nanny whose grant was revoked
/// learns nothing by naming ids. (A regional officer's region gives no
/// standing towards any single object.)
pub fn conceals(f: &Facts) -> bool {
    !(f.operator
        || f.admin
        || f.member
        || f.teaches
        || f.class_teacher
        || f.student
        || f.guardian
        || f.legal_representative
        || f.trusted
        || f.invitee
        || f.family_in_class)
}

/// The capacity in which the actor acts, for the access log: the strongest
/// relation that applies.
pub fn acting_as(f: &Facts) -> &'static str {
    [
        (f.admin, "school_admin"),
        (f.teaches, "subject_teacher"),
        (f.class_teacher, "class_teacher"),
        (f.student, "self"),
        (f.legal_representative, "legal_representative"),
        (f.guardian, "guardian"),
        (f.trusted, "trusted_person"),
        (f.regional, "regional_officer"),
        (f.operator, "operator"),
    ]
    .into_iter()
    .find(|(has, _)| *has)
    .map_or("unrelated", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    /// An exhaustive match: a new action does not compile until it gets a
    /// place here, and the test fails until it is in [`Action::ALL`] (and
    /// so in every table built from it).
    fn ordinal(a: Action) -> usize {
        match a {
            CreateSchool => 0,
            ManagePeople => 1,
            ManageStructure => 2,
            ReadStructure => 3,
            ReadPeople => 4,
            ReadPersonRecord => 5,
            ReadGuardians => 6,
            ReadMarks => 7,
            ReadSummaries => 8,
            WriteMarks => 9,
            ReadClassStatistics => 10,
            InviteTrusted => 11,
            ReadGrants => 12,
            RevokeGrant => 13,
            AnswerInvitation => 14,
            ReadChildLog => 15,
            ReadSchoolLog => 16,
            VerifyLog => 17,
            AppointRegional => 18,
            ReadRegional => 19,
            IssueCredentials => 20,
            ManageAccounts => 21,
            IssueLinkCode => 22,
            ConfigureInstallation => 23,
            ReadFamilyContacts => 24,
            WriteLesson => 25,
            ReadHealthData => 26,
            NotifyAbsence => 27,
            DecideExcuse => 28,
            WriteRemark => 29,
            MarkHomeworkDone => 30,
            ReadTeachingLoad => 31,
            IssueTransferCode => 32,
            PublishAnnouncement => 33,
            ManageAnnouncement => 34,
            ReadAnnouncementReceipts => 35,
            ReadAnnouncements => 36,
            MarkAnnouncementRead => 37,
            OrganiseMeeting => 38,
            ManageMeeting => 39,
            ReplyToMeeting => 40,
            ReadMeetings => 41,
            RegisterSigningKey => 42,
            SendTeacherMessage => 43,
            ReadTeacherMessages => 44,
            ReplyToTeacherMessage => 45,
            StartConversation => 46,
            OpenGroupChat => 47,
            ReadConversations => 48,
            PostChatMessage => 49,
            EditChatMessage => 50,
            ModerateConversation => 51,
            ReportChatMessage => 52,
            LeaveConversation => 53,
            SetNotificationPreferences => 54,
            PublishAppointmentSlots => 55,
            ReadAppointmentSlots => 56,
            BookAppointment => 57,
            CancelAppointment => 58,
            ReadFamilyDirectory => 59,
            CorrectPersonData => 60,
            ProposePersonCorrection => 61,
            ReadPersonCorrections => 62,
            RecordVisits => 63,
            ReadVisits => 64,
            ManageMeals => 65,
            OrderMeals => 66,
            ReadMeals => 67,
            SubmitAccessApplication => 68,
            ReadAccessApplications => 69,
            DecideAccessApplication => 70,
            ManageConsentTexts => 71,
            RecordConsent => 72,
            ReadConsents => 73,
            ExportPersonalData => 74,
            ErasePersonalData => 75,
            MergePeople => 76,
            ReadReportCard => 77,
            ExportRoster => 78,
            ImportRoster => 79,
        }
    }

    #[test]
    fn all_lists_every_action_once() {
        for (i, a) in Action::ALL.iter().enumerate() {
            assert_eq!(ordinal(*a), i, "{a:?}");
        }
    }

    fn role(name: &str) -> Facts {
        let d = Facts::default();
        match name {
            "operator" => Facts {
                operator: true,
                ..d
            },
            "school admin" => Facts {
                admin: true,
                member: true,
                ..d
            },
            "subject teacher" => Facts {
                teaches: true,
                member: true,
                ..d
            },
            "subject teacher, closed period" => Facts {
                teaches: true,
                member: true,
                period_closed: true,
                ..d
            },
            "class teacher" => Facts {
                class_teacher: true,
                member: true,
                ..d
            },
            "student" => Facts {
                student: true,
                member: true,
                family_in_class: true,
                ..d
            },
            "legal representative" => Facts {
                guardian: true,
                legal_representative: true,
                member: true,
                family_in_class: true,
                ..d
            },
            "other guardian" => Facts {
                guardian: true,
                member: true,
                family_in_class: true,
                ..d
            },
            "trusted person" => Facts { trusted: true, ..d },
            "windowed trusted person" => Facts {
                trusted: true,
                windowed: true,
                ..d
            },
            "windowed guardian" => Facts {
                guardian: true,
                member: true,
                family_in_class: true,
                windowed: true,
                ..d
            },
            "invitee" => Facts { invitee: true, ..d },
            "regional officer" => Facts {
                regional: true,
                ..d
            },
            "member of the school" => Facts { member: true, ..d },
            "permitted by the school's messaging rules" => Facts {
                permitted: true,
                member: true,
                ..d
            },
            "guardian of a child the teacher teaches" => Facts {
                guardian: true,
                member: true,
                family_in_class: true,
                permitted: true,
                ..d
            },
            "moderator" => Facts {
                moderator: true,
                member: true,
                ..d
            },
            "muted participant" => Facts {
                student: true,
                muted: true,
                member: true,
                ..d
            },
            _ => d,
        }
    }

    #[test]
    fn matrix() {
        // One row per role: the actions it may perform; all others are refused.
        let table: &[(&str, &[Action])] = &[
            (
                "operator",
                &[
                    CreateSchool,
                    ManagePeople,
                    ReadStructure,
                    VerifyLog,
                    AppointRegional,
                    ConfigureInstallation,
                    RecordVisits,
                    ManageMeals,
                    SubmitAccessApplication,
                    ReadAccessApplications,
                    ErasePersonalData,
                    MergePeople,
                    ExportRoster,
                    ImportRoster,
                ],
            ),
            (
                "school admin",
                &[
                    ManagePeople,
                    ManageStructure,
                    ReadStructure,
                    ReadPeople,
                    ReadPersonRecord,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    WriteMarks,
                    ReadClassStatistics,
                    ReadGrants,
                    ReadChildLog,
                    ReadSchoolLog,
                    VerifyLog,
                    IssueCredentials,
                    ManageAccounts,
                    IssueLinkCode,
                    ReadFamilyContacts,
                    WriteLesson,
                    ReadHealthData,
                    DecideExcuse,
                    WriteRemark,
                    ReadTeachingLoad,
                    IssueTransferCode,
                    PublishAnnouncement,
                    ManageAnnouncement,
                    ReadAnnouncementReceipts,
                    OrganiseMeeting,
                    ManageMeeting,
                    RegisterSigningKey,
                    SendTeacherMessage,
                    ReadTeacherMessages,
                    OpenGroupChat,
                    ModerateConversation,
                    PublishAppointmentSlots,
                    ReadAppointmentSlots,
                    CancelAppointment,
                    ReadFamilyDirectory,
                    CorrectPersonData,
                    ReadPersonCorrections,
                    RecordVisits,
                    ReadVisits,
                    ManageMeals,
                    OrderMeals,
                    ReadMeals,
                    SubmitAccessApplication,
                    ReadAccessApplications,
                    DecideAccessApplication,
                    ManageConsentTexts,
                    RecordConsent,
                    ReadConsents,
                    ExportPersonalData,
                    ErasePersonalData,
                    MergePeople,
                    ReadReportCard,
                    ExportRoster,
                    ImportRoster,
                ],
            ),
            (
                "subject teacher",
                &[
                    ReadStructure,
                    ReadMarks,
                    ReadSummaries,
                    WriteMarks,
                    ReadClassStatistics,
                    WriteLesson,
                    WriteRemark,
                    PublishAnnouncement,
                    OrganiseMeeting,
                    SendTeacherMessage,
                    PublishAppointmentSlots,
                    ReadFamilyDirectory,
                ],
            ),
            (
                "subject teacher, closed period",
                &[
                    ReadStructure,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    WriteLesson,
                    WriteRemark,
                    PublishAnnouncement,
                    OrganiseMeeting,
                    SendTeacherMessage,
                    PublishAppointmentSlots,
                    ReadFamilyDirectory,
                ],
            ),
            (
                "class teacher",
                &[
                    ReadStructure,
                    ReadPeople,
                    ReadPersonRecord,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    IssueCredentials,
                    IssueLinkCode,
                    ReadFamilyContacts,
                    ReadHealthData,
                    DecideExcuse,
                    WriteRemark,
                    PublishAnnouncement,
                    OrganiseMeeting,
                    SendTeacherMessage,
                    OpenGroupChat,
                    ReadFamilyDirectory,
                    ReadVisits,
                    ReadReportCard,
                ],
            ),
            (
                "student",
                &[
                    ReadStructure,
                    ReadPersonRecord,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    ReadChildLog,
                    ReadHealthData,
                    MarkHomeworkDone,
                    ReadTeachingLoad,
                    ManageAnnouncement,
                    ReadAnnouncementReceipts,
                    ReadAnnouncements,
                    MarkAnnouncementRead,
                    ManageMeeting,
                    ReplyToMeeting,
                    ReadMeetings,
                    ReadTeacherMessages,
                    ReplyToTeacherMessage,
                    ReadConversations,
                    PostChatMessage,
                    EditChatMessage,
                    ReportChatMessage,
                    LeaveConversation,
                    SetNotificationPreferences,
                    ReadAppointmentSlots,
                    CancelAppointment,
                    ReadFamilyDirectory,
                    ProposePersonCorrection,
                    ReadPersonCorrections,
                    ReadVisits,
                    ReadMeals,
                    RecordConsent,
                    ReadConsents,
                    ExportPersonalData,
                    ReadReportCard,
                ],
            ),
            (
                "legal representative",
                &[
                    ReadStructure,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    InviteTrusted,
                    ReadGrants,
                    RevokeGrant,
                    ReadChildLog,
                    ReadHealthData,
                    NotifyAbsence,
                    ReadAnnouncements,
                    ReadMeetings,
                    ReadFamilyDirectory,
                    ProposePersonCorrection,
                    ReadPersonCorrections,
                    ReadVisits,
                    OrderMeals,
                    ReadMeals,
                    RecordConsent,
                    ReadConsents,
                    ExportPersonalData,
                    ReadReportCard,
                ],
            ),
            (
                "other guardian",
                &[
                    ReadStructure,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    ReadGrants,
                    ReadChildLog,
                    ReadHealthData,
                    NotifyAbsence,
                    ReadAnnouncements,
                    ReadMeetings,
                    ReadFamilyDirectory,
                    ReadVisits,
                    OrderMeals,
                    ReadMeals,
                    ReadConsents,
                    ReadReportCard,
                ],
            ),
            (
                "trusted person",
                &[
                    ReadMarks,
                    ReadSummaries,
                    ReadAnnouncements,
                    ReadMeetings,
                    ReadVisits,
                    ReadMeals,
                ],
            ),
            (
                "windowed trusted person",
                &[
                    ReadMarks,
                    ReadAnnouncements,
                    ReadMeetings,
                    ReadVisits,
                    ReadMeals,
                ],
            ),
            (
                "windowed guardian",
                &[
                    ReadStructure,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    ReadGrants,
                    ReadChildLog,
                    ReadHealthData,
                    NotifyAbsence,
                    ReadAnnouncements,
                    ReadMeetings,
                    ReadFamilyDirectory,
                    ReadVisits,
                    OrderMeals,
                    ReadMeals,
                    ReadConsents,
                    ReadReportCard,
                ],
            ),
            ("invitee", &[AnswerInvitation]),
            ("regional officer", &[ReadRegional]),
            ("member of the school", &[ReadStructure]),
            (
                "permitted by the school's messaging rules",
                &[ReadStructure, StartConversation],
            ),
            (
                "guardian of a child the teacher teaches",
                &[
                    ReadStructure,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadClassStatistics,
                    ReadGrants,
                    ReadChildLog,
                    ReadHealthData,
                    NotifyAbsence,
                    ReadAnnouncements,
                    ReadMeetings,
                    StartConversation,
                    ReadAppointmentSlots,
                    BookAppointment,
                    ReadFamilyDirectory,
                    ReadVisits,
                    OrderMeals,
                    ReadMeals,
                    ReadConsents,
                    ReadReportCard,
                ],
            ),
            ("moderator", &[ReadStructure, ModerateConversation]),
            (
                "muted participant",
                &[
                    ReadStructure,
                    ReadPersonRecord,
                    ReadGuardians,
                    ReadMarks,
                    ReadSummaries,
                    ReadChildLog,
                    ReadHealthData,
                    MarkHomeworkDone,
                    ReadTeachingLoad,
                    ManageAnnouncement,
                    ReadAnnouncementReceipts,
                    ReadAnnouncements,
                    MarkAnnouncementRead,
                    ManageMeeting,
                    ReplyToMeeting,
                    ReadMeetings,
                    ReadTeacherMessages,
                    ReplyToTeacherMessage,
                    ReadConversations,
                    EditChatMessage,
                    ReportChatMessage,
                    LeaveConversation,
                    SetNotificationPreferences,
                    ReadAppointmentSlots,
                    CancelAppointment,
                    ReadFamilyDirectory,
                    ProposePersonCorrection,
                    ReadPersonCorrections,
                    ReadVisits,
                    ReadMeals,
                    RecordConsent,
                    ReadConsents,
                    ExportPersonalData,
                    ReadReportCard,
                ],
            ),
            ("stranger", &[]),
        ];
        for (name, allowed) in table {
            let facts = role(name);
            for action in Action::ALL {
                let got = decide(&facts, action);
                assert_eq!(
                    got.is_ok(),
                    allowed.contains(&action),
                    "{name} {action:?}: {got:?}"
                );
                if let Err(e) = got {
                    assert!(
                        matches!(e, Error::AccessDenied(ref r) if !r.is_empty()),
                        "{name} {action:?} has a reason"
                    );
                }
            }
        }
    }

    #[test]
    fn the_log_names_the_capacity() {
        assert_eq!(acting_as(&role("school admin")), "school_admin");
        assert_eq!(
            acting_as(&role("legal representative")),
            "legal_representative"
        );
        assert_eq!(acting_as(&role("trusted person")), "trusted_person");
        assert_eq!(acting_as(&role("stranger")), "unrelated");
    }
}
