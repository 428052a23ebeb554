//! The short run of the crash-safety harness (the full run is 200 kills:
//! `cargo run --release -p taizhang-cli --bin taizhang-crashtest -- run --kills 200`).

use std::process::Command;

const HARNESS: &str = env!("CARGO_BIN_EXE_taizhang-crashtest");

#[test]
fn twenty_kills_lose_no_acknowledged_write_and_leave_a_sound_file() {
    let out = Command::new(HARNESS)
        .args(["run", "--kills", "20"])
        .env_remove("TAIZHANG_DB")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("20 kills passed"), "{text}");
}

#[test]
fn the_check_catches_a_writer_that_acknowledges_too_early() {
    // Long delays make sure some kill lands between a premature ACK and its commit.
    let out = Command::new(HARNESS)
        .args(["run", "--kills", "30", "--lie", "--seed", "11"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("acknowledged"), "{err}");
}
