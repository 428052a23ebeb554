use super::*;

fn entry(name: &str, code: &str) -> RosterEntry {
    RosterEntry {
        name: name.into(),
        code: code.into(),
    }
}

fn file_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("t.db")).unwrap();
    (dir, app)
}

#[test]
fn one_office_written_two_ways_is_refused() {
    let (_dir, mut app) = file_app();
    let err = save(
        &mut app,
        &[
            entry("长庆街道", ""),
            entry("潮鸣街道", ""),
            entry("长庆街道办事处", ""),
        ],
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("第3行：“长庆街道办事处”与第1行“长庆街道”是同一单位的不同写法"),
        "{err}"
    );
    assert!(list(&app).unwrap().is_empty(), "nothing saved");
}

#[test]
fn renaming_and_removing_are_one_save() {
    let (_dir, mut app) = file_app();
    save(&mut app, &[entry("长庆街道", ""), entry("潮鸣街道", "")]).unwrap();
    let saved = save(&mut app, &[entry("潮鸣街道办事处", "C2")]).unwrap();
    assert_eq!(saved, vec![entry("潮鸣街道办事处", "C2")]);
    assert_eq!(list(&app).unwrap(), saved);
}

#[test]
fn an_import_adds_new_offices_and_fills_missing_codes_only() {
    let (_dir, mut app) = file_app();
    save(&mut app, &[entry("长庆街道", ""), entry("潮鸣街道", "C2")]).unwrap();
    let incoming = parse::from_text("长庆街道办事处\tC1\n潮鸣街道办\tC2\n武林街道\n").unwrap();
    let done = import(&mut app, &incoming).unwrap();
    assert_eq!(done.added, vec!["武林街道"]);
    assert_eq!(done.coded, vec!["长庆街道"]);
    assert_eq!(done.unchanged, 1);
    assert_eq!(
        list(&app).unwrap(),
        vec![
            entry("长庆街道", "C1"),
            entry("潮鸣街道", "C2"),
            entry("武林街道", "")
        ]
    );
    // The same list again changes nothing.
    let again = import(&mut app, &incoming).unwrap();
    assert!(again.added.is_empty() && again.coded.is_empty());
    assert_eq!(again.unchanged, 3);
}

#[test]
fn an_import_that_would_repeat_a_code_changes_nothing() {
    let (_dir, mut app) = file_app();
    save(&mut app, &[entry("长庆街道", "C1")]).unwrap();
    let err = import(
        &mut app,
        &[entry("武林街道", "X"), entry("米市巷街道", "X")],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("第2行：单位代码“X”与第1行相同"),
        "{err}"
    );
    let err = import(
        &mut app,
        &[entry("武林街道", ""), entry("米市巷街道", "C1")],
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("“米市巷街道”的单位代码“C1”在名单中是“长庆街道”的"),
        "{err}"
    );
    assert_eq!(list(&app).unwrap(), vec![entry("长庆街道", "C1")]);
}
