//! A file written at schema version 1 (before marks existed) is upgraded in
//! one step and keeps its data.

use diary_core::*;

#[test]
fn version_1_files_are_upgraded_with_their_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.diary");
    {
        // Build a version-1 file by hand: the first migration only, as the
        // first release wrote it.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA journal_mode=WAL;").unwrap();
        c.execute_batch(include_str!(
            "../src/storage/migrations/0001_school_structure.sql"
        ))
        .unwrap();
        c.execute_batch(&format!(
            "PRAGMA application_id={APPLICATION_ID}; PRAGMA user_version=1;"
        ))
        .unwrap();
        c.execute(
            "INSERT INTO school (name, region, time_zone, days_per_week, created_at) VALUES ('Old School', 'Tula', 'Europe/Moscow', 6, 0)",
            [],
        )
        .unwrap();
    }
    let d = Diary::open(&path).unwrap();
    assert_eq!(d.schema_version().unwrap(), LATEST_VERSION);
    let schools = d.schools(&Actor::operator()).unwrap();
    assert_eq!(
        (schools[0].name.as_str(), schools[0].days_per_week),
        ("Old School", 6)
    );
    // The built-in scales arrived with the upgrade.
    let admin = d
        .register_person(
            &Actor::operator(),
            schools[0].id,
            &NewPerson {
                surname: "Admin".into(),
                first_name: "A".into(),
                patronymic: None,
                birth_date: time::macros::date!(1980 - 01 - 01),
                snils: None,
            },
        )
        .unwrap();
    d.appoint_staff(
        &Actor::operator(),
        schools[0].id,
        admin.id,
        StaffRole::Admin,
    )
    .unwrap();
    let codes: Vec<String> = d
        .scales(&Actor::vouched(admin.id), schools[0].id)
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect();
    assert!(codes.contains(&"ru5".to_string()) && codes.contains(&"de6".to_string()));
    drop(d);
    // Opening again does not migrate twice.
    assert_eq!(
        Diary::open(&path).unwrap().schema_version().unwrap(),
        LATEST_VERSION
    );
}
