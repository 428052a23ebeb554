//! The short run of the crash-safety harness (the full run is 200 kills:
//! `cargo run --release -p taizhang-cli --bin taizhang-crashtest -- run --kills 200`).

use std::process::Command;

const HARNESS: &str = env!("CARGO_BIN_EXE_taizhang-crashtest");

/// The number the harness's summary line gives just before `what`.
fn count(text: &str, what: &str) -> u64 {
    let at = text
        .find(what)
        .unwrap_or_else(|| panic!("no “{what}” in {text}"));
    text[..at]
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_start_matches('(')
        .parse()
        .unwrap_or_else(|_| panic!("no number before “{what}” in {text}"))
}

#[test]
fn thirty_kills_in_writes_copies_restores_and_rotations_lose_nothing_acknowledged() {
    let out = Command::new(HARNESS)
        .args(["run", "--kills", "30"])
        .env_remove("TAIZHANG_DB")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("30 kills passed"), "{text}");
    // The kills landed where they were meant to, and the run did restore and rotate.
    for what in [
        "kills in the middle of a write",
        "restores acknowledged",
        "restores killed",
        "manual copies acknowledged",
        "copies or restores killed",
        "with the new copy in place",
        "copies removed by rotation",
    ] {
        assert!(count(&text, what) > 0, "none {what}: {text}");
    }
}

/// Run the harness with a writer that lies (`flag`): the run must fail, and
/// say one of `caught` on stderr.
fn a_lying_writer_is_caught(flag: &str, caught: &[&str]) {
    let out = Command::new(HARNESS)
        .args(["run", "--kills", "30", flag, "--seed", "11"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(caught.iter().any(|c| err.contains(c)), "{err}");
}

#[test]
fn the_check_catches_a_writer_that_acknowledges_too_early() {
    // Long delays make sure some kill lands between a premature ACK and its commit.
    a_lying_writer_is_caught("--lie", &["acknowledged"]);
}

#[test]
fn the_check_catches_a_writer_that_acknowledges_a_restore_too_early() {
    // Every fifth kill is aimed inside a restore, most of which comes before
    // its pages are copied: the file still holds the state before it, or,
    // killed a little later, the restore's before-restore copy appears after
    // the restore was acknowledged.
    a_lying_writer_is_caught(
        "--lie-restore",
        &[
            "still holds the state before the acknowledged restore",
            "before-restore.db.zst appeared, but no copy in flight explains it",
        ],
    );
}
