//! Encryption at rest (issue 17): with the `sqlcipher` feature a key given
//! at open encrypts the file — nothing of it is readable without the key,
//! a wrong key is refused, backups are encrypted with it. Without the
//! feature, a key is refused rather than ignored.

mod common;

use diary_core::*;

/// Options with `key`, on the shared world's clock (in its school year).
fn keyed(key: &str) -> OpenOptions {
    OpenOptions {
        key: Some(key.into()),
        clock: std::sync::Arc::new(ManualClock::new(
            time::macros::datetime!(2024-09-20 10:00 UTC),
        )),
        ..OpenOptions::default()
    }
}

#[test]
fn a_key_is_never_silently_ignored_or_leaked() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["", "a\0b"] {
        assert!(matches!(
            Diary::open_with(dir.path().join("bad.diary"), keyed(bad)),
            Err(Error::InvalidInput { ref field, .. }) if field == "key"
        ));
    }
    assert!(matches!(
        Diary::open_with(dir.path().join("long.diary"), keyed(&"k".repeat(1025))),
        Err(Error::InvalidInput { ref field, .. }) if field == "key"
    ));
    assert!(matches!(
        Diary::open_in_memory_with(keyed("secret")),
        Err(Error::InvalidInput { ref field, .. }) if field == "key"
    ));
    assert!(!format!("{:?}", keyed("very secret")).contains("very secret"));
}

#[cfg(not(feature = "sqlcipher"))]
#[test]
fn a_build_without_sqlcipher_refuses_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.diary");
    assert!(matches!(
        Diary::open_with(&path, keyed("secret")),
        Err(Error::InvalidInput { ref field, ref reason }) if field == "key" && reason.contains("sqlcipher")
    ));
    // Refused before the file was touched.
    assert!(!path.exists());
}

#[cfg(feature = "sqlcipher")]
mod encrypted {
    use super::*;
    use common::world::school;

    #[test]
    fn an_encrypted_diary_opens_only_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.diary");
        {
            let d = Diary::open_with(&path, keyed("correct horse battery staple")).unwrap();
            let s = school(&d, "Encrypted", 100_000, None);
            assert_eq!(
                d.person(&Actor::vouched(s.admin), s.ids.student)
                    .unwrap()
                    .surname,
                "StudentEncrypted"
            );
        }
        // Nothing readable on disk: no SQLite header, no names.
        let bytes = std::fs::read(&path).unwrap();
        assert_ne!(&bytes[..16], b"SQLite format 3\0");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("StudentEncrypted") && !text.contains("Mathematics"));
        // Without the key, or with a wrong one: refused, the file untouched.
        assert!(matches!(Diary::open(&path), Err(Error::NotADiary(_))));
        assert!(matches!(
            Diary::open_with(&path, keyed("wrong")),
            Err(Error::NotADiary(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // With it: the data, read-only too.
        let d = Diary::open_with(&path, keyed("correct horse battery staple")).unwrap();
        assert_eq!(d.schools(&Actor::operator()).unwrap().len(), 1);
        let ro = Diary::open_with(
            &path,
            OpenOptions {
                mode: OpenMode::ReadOnly,
                ..keyed("correct horse battery staple")
            },
        )
        .unwrap();
        assert_eq!(ro.schools(&Actor::operator()).unwrap().len(), 1);
        // The access log's chain verifies on the encrypted file.
        assert_eq!(
            d.verify_access_log(&Actor::operator())
                .unwrap()
                .first_broken,
            None
        );
    }

    #[test]
    fn backups_are_encrypted_with_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("school.diary");
        let backup = dir.path().join("backup.diary");
        let restored = dir.path().join("restored.diary");
        let d = Diary::open_with(&path, keyed("k1")).unwrap();
        school(&d, "Backed", 100_000, None);
        d.backup_to(&Actor::operator(), &backup).unwrap();
        let bytes = std::fs::read(&backup).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("StudentBacked"));
        assert!(matches!(
            Diary::restore(&backup, &restored),
            Err(Error::NotADiary(_))
        ));
        Diary::restore_with_key(&backup, &restored, Some("k1")).unwrap();
        let r = Diary::open_with(&restored, keyed("k1")).unwrap();
        assert_eq!(r.schools(&Actor::operator()).unwrap()[0].name, "Backed");
        assert!(Diary::open(&restored).is_err());
    }
}
