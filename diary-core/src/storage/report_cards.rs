//! Report-card templates' storage (migration 0030): one JSON row per
//! school.

use crate::error::{Error, Result};
use crate::ids::{PersonId, SchoolId};
use crate::model::ReportCardTemplate;
use crate::storage::db::{params, Db, OptionalExtension};

/// The school's template, or `None` when it prints with the default.
pub(crate) fn template(c: Db<'_>, school: SchoolId) -> Result<Option<ReportCardTemplate>> {
    let json: Option<String> = c
        .cached_row(
            "SELECT template FROM report_card_template WHERE school_id = ?1",
            [school.0],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| Error::Internal(format!("stored report card template: {e}")))
    })
    .transpose()
}

/// Stores (replaces) the school's template.
pub(crate) fn set_template(
    c: Db<'_>,
    school: SchoolId,
    template: &ReportCardTemplate,
    by: Option<PersonId>,
    at: i64,
) -> Result<()> {
    let json = serde_json::to_string(template).map_err(|e| Error::Internal(e.to_string()))?;
    c.prepare_cached(
        "INSERT INTO report_card_template (school_id, template, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (school_id) DO UPDATE SET template = ?2, changed_by = ?3, changed_at = ?4",
    )?
    .execute(params![school.0, json, by.map(|p| p.0), at])?;
    Ok(())
}
