//! The committed `include/diary.h` must equal a fresh cbindgen generation.
//! Set DIARY_BLESS_HEADER=1 to rewrite it.

use std::path::PathBuf;

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
         #define DIARY_ERR_IO DIARY_ERR_IO_ERROR\n"
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
