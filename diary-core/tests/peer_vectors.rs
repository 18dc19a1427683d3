//! tests/vectors/grading_peers.json through the Rust pure API (the same
//! file is run through C and Python): each case's exact average and mark.

use diary_core::grading::pure::average_json;

#[test]
fn the_peer_vectors_hold() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/grading_peers.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 14);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let a = average_json(&case["marks"].to_string(), &case["rule"].to_string(), "[]")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let exact = a.exact.map(|r| format!("{}/{}", r.numer(), r.denom()));
        let want = case["exact"].as_str().unwrap();
        // The file may write a fraction unreduced; compare by value.
        let (n, d) = want.split_once('/').unwrap();
        let want = diary_core::grading::Ratio::new(n.parse().unwrap(), d.parse().unwrap());
        assert_eq!(a.exact, Some(want), "{name}: got {exact:?}");
        assert_eq!(a.mark.as_deref(), case["mark"].as_str(), "{name}");
    }
}
