//! No import cycle between the top-level modules of any crate of the
//! workspace (beyond those listed as still to break in
//! `scripts/module-cycles.known`): `scripts/module-cycles.py` checks them.

use std::path::Path;
use std::process::Command;

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("python3")
        .arg(root.join("scripts/module-cycles.py"))
        .current_dir(&root)
        .output()
        .expect("python3 runs scripts/module-cycles.py");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "module import cycles:\n{text}");
}
