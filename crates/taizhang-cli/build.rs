// The user interface is embedded in the binary for browser mode: rebuild when
// any file under ui/ changes.
fn main() {
    println!("cargo:rerun-if-changed=../../ui");
}
