//! `cargo run -p diary-bindgen`: rewrites the generated binding sources from
//! `bindgen/calls/*.calls`. The test `cargo test -p diary-bindgen` fails
//! while any committed file differs from a fresh generation.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match diary_bindgen::generate(&root) {
        Ok(files) => {
            for f in files {
                if std::fs::read_to_string(&f.path).ok().as_deref() != Some(f.text.as_str()) {
                    std::fs::write(&f.path, &f.text)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", f.path.display()));
                    println!("wrote {}", f.path.display());
                }
            }
        }
        Err(e) => {
            eprintln!("diary-bindgen: {e}");
            std::process::exit(1);
        }
    }
}
