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

/// The checker itself finds a cycle (so that the test above cannot pass
/// because the script reads nothing): two modules naming each other, one
/// through a `use` group and one through `super::`, beside a test module that
/// may name anything.
#[test]
fn the_checker_finds_a_cycle_and_ignores_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("demo").join("src");
    std::fs::create_dir_all(src.join("b")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\npub mod c;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::{b::Thing, c};\n").unwrap();
    std::fs::write(
        src.join("b").join("mod.rs"),
        "// crate::c is only a comment\npub struct Thing;\npub fn f() { super::a::g() }\n#[cfg(test)]\nmod tests;\n",
    )
    .unwrap();
    std::fs::write(src.join("b").join("tests.rs"), "use crate::c;\n").unwrap();
    std::fs::write(src.join("c.rs"), "#[cfg(test)]\nmod tests { use crate::a; }\n").unwrap();
    let out = Command::new("python3")
        .arg(root.join("scripts/module-cycles.py"))
        .arg(&src)
        .output()
        .expect("python3 runs scripts/module-cycles.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a cycle must fail:\n{text}");
    assert!(text.contains("cycle (NEW): a b\n"), "{text}");
    assert!(!text.contains("a b c"), "c names a only in a test:\n{text}");
}
