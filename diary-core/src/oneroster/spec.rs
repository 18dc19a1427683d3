//! The OneRoster 1.2 CSV binding's tables (1EdTech, "OneRoster: CSV
//! Binding", version 1.2.1, section 3): for each file we read or write, its
//! columns in order, which are required and in what format. The checker
//! ([`super::check`]) is written from these tables alone — deliberately
//! separate from the exporter's own column lists, so that a mistake in one
//! shows up as a failure of the other.

/// How a column's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An identifier (a sourcedId): non-empty, no surrounding spaces, no
    /// commas.
    Guid,
    /// A comma-separated list of identifiers.
    GuidList,
    /// Free text.
    Text,
    /// A comma-separated list of texts.
    TextList,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// An instant in UTC, ISO 8601 with a `Z`: `2024-09-01T08:00:00Z` (or
    /// with milliseconds).
    DateTime,
    /// A year, `YYYY`.
    Year,
    /// `true` or `false`.
    Bool,
    /// A decimal number.
    Float,
    /// One of a closed vocabulary (or an extension token starting `ext:`).
    Enum(&'static [&'static str]),
    /// A list of `{type:identifier}` pairs (users' `userIds`).
    IdPairs,
    /// A list of `{lhs:rhs}` mappings (score scales' values).
    Mappings,
}

/// One column of a file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its header.
    pub name: &'static str,
    /// Whether every row must have a value.
    pub required: bool,
    /// How values are written.
    pub format: Format,
    /// For a reference, the file whose sourcedIds it names.
    pub refers_to: Option<&'static str>,
}

/// One CSV file of the binding.
#[derive(Debug, Clone, Copy)]
pub struct FileSpec {
    /// The file's name, e.g. `users.csv`.
    pub name: &'static str,
    /// Its manifest property, e.g. `file.users`.
    pub property: &'static str,
    /// Its columns in order.
    pub columns: &'static [Column],
}

const fn col(name: &'static str, required: bool, format: Format) -> Column {
    Column {
        name,
        required,
        format,
        refers_to: None,
    }
}

const fn reference(
    name: &'static str,
    required: bool,
    format: Format,
    file: &'static str,
) -> Column {
    Column {
        name,
        required,
        format,
        refers_to: Some(file),
    }
}

/// The record status vocabulary (delta files).
pub const STATUS: &[&str] = &["active", "tobedeleted"];

const ID: Column = col("sourcedId", true, Format::Guid);
const STATUS_COL: Column = col("status", false, Format::Enum(STATUS));
const MODIFIED: Column = col("dateLastModified", false, Format::DateTime);

const ORGS: &str = "orgs.csv";
const SESSIONS: &str = "academicSessions.csv";
const COURSES: &str = "courses.csv";
const CLASSES: &str = "classes.csv";
const USERS: &str = "users.csv";
const CATEGORIES: &str = "categories.csv";
const LINE_ITEMS: &str = "lineItems.csv";

/// The files whose columns are checked, in the binding's order.
pub const FILES: &[FileSpec] = &[
    FileSpec {
        name: SESSIONS,
        property: "file.academicSessions",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("title", true, Format::Text),
            col(
                "type",
                true,
                Format::Enum(&["gradingPeriod", "semester", "schoolYear", "term"]),
            ),
            col("startDate", true, Format::Date),
            col("endDate", true, Format::Date),
            reference("parentSourcedId", false, Format::Guid, SESSIONS),
            col("schoolYear", true, Format::Year),
        ],
    },
    FileSpec {
        name: ORGS,
        property: "file.orgs",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("name", true, Format::Text),
            col(
                "type",
                true,
                Format::Enum(&[
                    "department",
                    "school",
                    "district",
                    "local",
                    "state",
                    "national",
                ]),
            ),
            col("identifier", false, Format::Text),
            reference("parentSourcedId", false, Format::Guid, ORGS),
        ],
    },
    FileSpec {
        name: COURSES,
        property: "file.courses",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            reference("schoolYearSourcedId", false, Format::Guid, SESSIONS),
            col("title", true, Format::Text),
            col("courseCode", false, Format::Text),
            col("grades", false, Format::TextList),
            reference("orgSourcedId", true, Format::Guid, ORGS),
            col("subjects", false, Format::TextList),
            col("subjectCodes", false, Format::TextList),
        ],
    },
    FileSpec {
        name: CLASSES,
        property: "file.classes",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("title", true, Format::Text),
            col("grades", false, Format::TextList),
            reference("courseSourcedId", true, Format::Guid, COURSES),
            col("classCode", false, Format::Text),
            col("classType", true, Format::Enum(&["homeroom", "scheduled"])),
            col("location", false, Format::Text),
            reference("schoolSourcedId", true, Format::Guid, ORGS),
            reference("termSourcedIds", true, Format::GuidList, SESSIONS),
            col("subjects", false, Format::TextList),
            col("subjectCodes", false, Format::TextList),
            col("periods", false, Format::TextList),
        ],
    },
    FileSpec {
        name: USERS,
        property: "file.users",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("enabledUser", true, Format::Bool),
            col("username", true, Format::Text),
            col("userIds", false, Format::IdPairs),
            col("givenName", true, Format::Text),
            col("familyName", true, Format::Text),
            col("middleName", false, Format::Text),
            col("identifier", false, Format::Text),
            col("email", false, Format::Text),
            col("sms", false, Format::Text),
            col("phone", false, Format::Text),
            reference("agentSourcedIds", false, Format::GuidList, USERS),
            col("grades", false, Format::TextList),
            col("password", false, Format::Text),
            col("userMasterIdentifier", false, Format::Text),
            col("resourceSourcedIds", false, Format::GuidList),
            col("preferredGivenName", false, Format::Text),
            col("preferredMiddleName", false, Format::Text),
            col("preferredFamilyName", false, Format::Text),
            reference("primaryOrgSourcedId", false, Format::Guid, ORGS),
            col("pronouns", false, Format::Text),
        ],
    },
    FileSpec {
        name: "roles.csv",
        property: "file.roles",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            reference("userSourcedId", true, Format::Guid, USERS),
            col("roleType", true, Format::Enum(&["primary", "secondary"])),
            col(
                "role",
                true,
                Format::Enum(&[
                    "aide",
                    "counselor",
                    "districtAdministrator",
                    "guardian",
                    "parent",
                    "principal",
                    "proctor",
                    "relative",
                    "siteAdministrator",
                    "student",
                    "systemAdministrator",
                    "teacher",
                ]),
            ),
            col("beginDate", false, Format::Date),
            col("endDate", false, Format::Date),
            reference("orgSourcedId", true, Format::Guid, ORGS),
            col("userProfileSourcedId", false, Format::Guid),
        ],
    },
    FileSpec {
        name: "enrollments.csv",
        property: "file.enrollments",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            reference("classSourcedId", true, Format::Guid, CLASSES),
            reference("schoolSourcedId", true, Format::Guid, ORGS),
            reference("userSourcedId", true, Format::Guid, USERS),
            col(
                "role",
                true,
                Format::Enum(&["administrator", "proctor", "student", "teacher"]),
            ),
            col("primary", false, Format::Bool),
            col("beginDate", false, Format::Date),
            col("endDate", false, Format::Date),
        ],
    },
    FileSpec {
        name: "demographics.csv",
        property: "file.demographics",
        columns: &[
            reference("sourcedId", true, Format::Guid, USERS),
            STATUS_COL,
            MODIFIED,
            col("birthDate", false, Format::Date),
            col(
                "sex",
                false,
                Format::Enum(&["male", "female", "unspecified", "other"]),
            ),
            col("americanIndianOrAlaskaNative", false, Format::Bool),
            col("asian", false, Format::Bool),
            col("blackOrAfricanAmerican", false, Format::Bool),
            col("nativeHawaiianOrOtherPacificIslander", false, Format::Bool),
            col("white", false, Format::Bool),
            col("demographicRaceTwoOrMoreRaces", false, Format::Bool),
            col("hispanicOrLatinoEthnicity", false, Format::Bool),
            col("countryOfBirthCode", false, Format::Text),
            col("stateOfBirthAbbreviation", false, Format::Text),
            col("cityOfBirth", false, Format::Text),
            col("publicSchoolResidenceStatus", false, Format::Text),
        ],
    },
    FileSpec {
        name: CATEGORIES,
        property: "file.categories",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("title", true, Format::Text),
            col("weight", false, Format::Float),
        ],
    },
    FileSpec {
        name: LINE_ITEMS,
        property: "file.lineItems",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("title", true, Format::Text),
            col("description", false, Format::Text),
            col("assignDate", true, Format::Date),
            col("dueDate", true, Format::Date),
            reference("classSourcedId", true, Format::Guid, CLASSES),
            reference("categorySourcedId", true, Format::Guid, CATEGORIES),
            reference("academicSessionSourcedId", true, Format::Guid, SESSIONS),
            col("resultValueMin", false, Format::Float),
            col("resultValueMax", false, Format::Float),
            reference("schoolSourcedId", true, Format::Guid, ORGS),
        ],
    },
    FileSpec {
        name: "results.csv",
        property: "file.results",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            reference("lineItemSourcedId", true, Format::Guid, LINE_ITEMS),
            reference("studentSourcedId", true, Format::Guid, USERS),
            col(
                "scoreStatus",
                true,
                Format::Enum(&[
                    "exempt",
                    "fully graded",
                    "not submitted",
                    "partially graded",
                    "submitted",
                ]),
            ),
            col("score", false, Format::Float),
            col("scoreDate", true, Format::Date),
            col("comment", false, Format::Text),
            col("textScore", false, Format::Text),
            reference("classSourcedId", false, Format::Guid, CLASSES),
            col("inProgress", false, Format::Bool),
            col("incomplete", false, Format::Bool),
            col("late", false, Format::Bool),
            col("missing", false, Format::Bool),
        ],
    },
    FileSpec {
        name: "scoreScales.csv",
        property: "file.scoreScales",
        columns: &[
            ID,
            STATUS_COL,
            MODIFIED,
            col("title", true, Format::Text),
            col("type", true, Format::Text),
            reference("orgSourcedId", true, Format::Guid, ORGS),
            reference("courseSourcedId", true, Format::Guid, COURSES),
            reference("classSourcedId", true, Format::Guid, CLASSES),
            col("scoreScaleValue", true, Format::Mappings),
        ],
    },
];

/// Every file property the manifest must name (`bulk`, `delta` or
/// `absent`), including the files this library neither reads nor writes.
pub const MANIFEST_FILES: &[&str] = &[
    "file.academicSessions",
    "file.categories",
    "file.classes",
    "file.classResources",
    "file.courses",
    "file.courseResources",
    "file.demographics",
    "file.enrollments",
    "file.lineItemLearningObjectiveIds",
    "file.lineItems",
    "file.lineItemScoreScales",
    "file.orgs",
    "file.resources",
    "file.resultLearningObjectiveIds",
    "file.results",
    "file.resultScoreScales",
    "file.roles",
    "file.scoreScales",
    "file.userProfiles",
    "file.userResources",
    "file.users",
];

/// The file a manifest property stands for: `file.users` → `users.csv`.
pub fn file_of(property: &str) -> Option<String> {
    property.strip_prefix("file.").map(|f| format!("{f}.csv"))
}
