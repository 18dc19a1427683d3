//! The committed `include/diary.h` must equal a fresh cbindgen generation.
//! Set DIARY_BLESS_HEADER=1 to rewrite it.

use std::path::PathBuf;

#[test]
fn committed_header_is_current() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
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
