//! The committed `include/diary.h` must equal a fresh cbindgen generation.
//! Set DIARY_BLESS_HEADER=1 to rewrite it.

use std::path::PathBuf;

mod header_docs;

#[test]
fn committed_header_is_current() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    // The version the header belongs to, from the crate's version.
    let (major, minor, patch) = (
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
    );
    let number: u32 = major.parse::<u32>().unwrap() * 1_000_000
        + minor.parse::<u32>().unwrap() * 1_000
        + patch.parse::<u32>().unwrap();
    config.after_includes = Some(format!(
        "\n/* The version of this header. Compare with diary_version_number() at run time,\n   \
         or call DIARY_CHECK_VERSION() once at start-up (see docs/c-api.md, ABI policy). */\n\
         #define DIARY_VERSION_MAJOR {major}\n\
         #define DIARY_VERSION_MINOR {minor}\n\
         #define DIARY_VERSION_PATCH {patch}\n\
         /* MAJOR * 1000000 + MINOR * 1000 + PATCH */\n\
         #define DIARY_VERSION_NUMBER {number}\n\
         #define DIARY_VERSION_STRING \"{major}.{minor}.{patch}\"\n\
         /* DIARY_OK when the library linked at run time serves this header. */\n\
         #define DIARY_CHECK_VERSION() diary_check_version(DIARY_VERSION_NUMBER)\n\
         \n/* Names of diary 0.1.0 from before the status names agreed with\n   \
         diary_status_name(): kept so that older programs still compile. */\n\
         #define DIARY_ERR_INVALID_ARGUMENT DIARY_ERR_INVALID_INPUT\n\
         #define DIARY_ERR_IO DIARY_ERR_IO_ERROR\n\
         \n/* Initialisers of the structs that carry their size (struct_size): declare\n   \
         every one you fill or receive with one, e.g.\n       \
         diary_new_mark m = DIARY_NEW_MARK_INIT;\n       \
         diary_lesson day[8] = {{ DIARY_LESSON_INIT }};   (an output array: the first is enough)\n   \
         The rest starts zeroed. In C++ use diary::init<T>() from diary.hpp. */\n\
         #ifndef __cplusplus\n\
         #define DIARY_LESSON_KEY_INIT {{ .struct_size = sizeof(diary_lesson_key) }}\n\
         #define DIARY_ATTENDANCE_ENTRY_INIT {{ .struct_size = sizeof(diary_attendance_entry) }}\n\
         #define DIARY_ACCOUNT_SETTINGS_INIT {{ .struct_size = sizeof(diary_account_settings) }}\n\
         #define DIARY_NEW_MARK_INIT {{ .struct_size = sizeof(diary_new_mark) }}\n\
         #define DIARY_BELL_INIT {{ .struct_size = sizeof(diary_bell) }}\n\
         #define DIARY_TIMETABLE_LESSON_INIT {{ .struct_size = sizeof(diary_timetable_lesson) }}\n\
         #define DIARY_NEW_LESSON_CHANGE_INIT \\\n    \
         {{ .struct_size = sizeof(diary_new_lesson_change), .lesson = DIARY_LESSON_KEY_INIT, .to_number = -1 }}\n\
         #define DIARY_ATTENDANCE_SUMMARY_INIT {{ .struct_size = sizeof(diary_attendance_summary) }}\n\
         #define DIARY_AVERAGE_INIT {{ .struct_size = sizeof(diary_average) }}\n\
         #define DIARY_MARK_INIT {{ .struct_size = sizeof(diary_mark) }}\n\
         #define DIARY_LESSON_INIT {{ .struct_size = sizeof(diary_lesson) }}\n\
         #define DIARY_DAY_INFO_INIT {{ .struct_size = sizeof(diary_day_info) }}\n\
         #define DIARY_DAY_LESSON_INIT {{ .struct_size = sizeof(diary_day_lesson) }}\n\
         #define DIARY_HOMEWORK_INIT {{ .struct_size = sizeof(diary_homework) }}\n\
         #define DIARY_ATTACHMENT_INIT {{ .struct_size = sizeof(diary_attachment) }}\n\
         #define DIARY_REMARK_INIT {{ .struct_size = sizeof(diary_remark) }}\n\
         #define DIARY_SUBJECT_AVERAGE_INIT {{ .struct_size = sizeof(diary_subject_average) }}\n\
         #endif\n"
    ));
    let mut fresh = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header")
        .write(&mut fresh);
    let path = crate_dir.join("../include/diary.h");
    if std::env::var_os("DIARY_BLESS_HEADER").is_some() {
        std::fs::write(&path, &fresh).expect("write include/diary.h");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/diary.h is stale: regenerate it with DIARY_BLESS_HEADER=1 cargo test -p diary-ffi --test header"
    );
}

/// Every `diary_status` constant's name, without `DIARY_ERR_`/`DIARY_`, is
/// what `diary_status_name()` returns for it, in lower case.
#[test]
fn status_constants_agree_with_their_names() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let header = std::fs::read_to_string(crate_dir.join("../include/diary.h")).unwrap();
    let start = header
        .find("enum diary_status\n")
        .expect("diary_status enum");
    let body = &header[start..header[start..].find('}').unwrap() + start];
    let mut seen = 0;
    for line in body.lines().map(str::trim) {
        let Some((name, value)) = line.trim_end_matches(',').split_once(" = ") else {
            continue;
        };
        let code: i32 = value.parse().unwrap();
        let expected = name
            .trim_start_matches("DIARY_ERR_")
            .trim_start_matches("DIARY_")
            .to_lowercase();
        let got = unsafe { std::ffi::CStr::from_ptr(diary::diary_status_name(code)) };
        assert_eq!(got.to_str().unwrap(), expected, "{name}");
        seen += 1;
    }
    assert_eq!(seen, diary_core::ErrorCode::ALL.len());
}

/// Every struct that carries its size has its `..._INIT` initialiser.
#[test]
fn sized_structs_have_initialisers() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let header = std::fs::read_to_string(crate_dir.join("../include/diary.h")).unwrap();
    let mut sized = 0;
    for part in header.split("typedef struct ").skip(1) {
        let name = part.split_whitespace().next().unwrap();
        let Some(body) = part
            .split_once('{')
            .map(|(_, b)| b.split("} ").next().unwrap())
        else {
            continue;
        };
        let first_field = body
            .lines()
            .map(str::trim)
            .find(|l| l.ends_with(';'))
            .unwrap_or("");
        if first_field == "uint32_t struct_size;" {
            sized += 1;
            let init = format!("#define {}_INIT ", name.to_uppercase());
            assert!(header.contains(&init), "{name} has no {init}");
        } else {
            assert!(
                !body.contains("struct_size"),
                "{name}: struct_size must be the first field"
            );
        }
    }
    assert_eq!(sized, 17, "the sized structs");
}

/// Every function that returns JSON documents its shape in its own comment
/// (keys, `[id]`, or the function whose shape it shares), and no comment
/// points at a source file or a part of the header that is not there.
#[test]
fn json_functions_document_their_shape() {
    let header = header_docs::header();
    let mut missing = Vec::new();
    for (name, doc) in header_docs::comments(&header) {
        for bad in [".rs`", "see the top", "top of this section"] {
            assert!(!doc.contains(bad), "a comment refers to {bad:?}: {doc}");
        }
        let Some(name) = name else { continue };
        let shaped = doc.contains("{\"")
            || doc.contains("[\"")
            || doc.contains("`[id]`")
            || doc
                .split('`')
                .skip(1)
                .step_by(2)
                .any(|s| s.starts_with("diary_"));
        if !shaped {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "no documented JSON shape: {missing:?}");
}
