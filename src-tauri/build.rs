fn main() {
    // Declare the app's own commands so that capabilities must grant them
    // explicitly (`allow-call`); anything not granted is refused by Tauri.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["call"])),
    )
    .expect("failed to run tauri-build");
}
