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
         #define DIARY_CHECK_VERSION() diary_check_version(DIARY_VERSION_NUMBER)\n"
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
