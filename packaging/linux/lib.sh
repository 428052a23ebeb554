# Shared by scripts/build-linux-portable.sh and scripts/package-linux.sh (sourced, not run).
#
# The portable browser-mode program for 信创 Linux (Kylin V10, UOS 20: glibc 2.28–2.31,
# no WebKitGTK 4.1), x86_64 and ARM64, built with cargo-zigbuild against glibc 2.28.

# ---- pinned tools --------------------------------------------------------------------------
# cargo-zigbuild 0.24.1 knows zig 0.15's `zig env` output and linker arguments; ziglang 0.15.2
# (PyPI) is the zig it is tested with here. Change both together, then run
# `scripts/package-linux.sh` and `node --test tests/portable/` again.
CARGO_ZIGBUILD_VERSION=0.24.1
ZIGLANG_VERSION=0.15.2
# The oldest glibc the programs may need (UOS 20 / Debian 10 ships 2.28).
GLIBC_MAX=2.28

# Where the portable builds go: their own target directory, so that they never wait for (or
# invalidate) the ordinary builds in target/release and target/debug.
PORTABLE_TARGET_DIR="${PORTABLE_TARGET_DIR:-target/portable}"
ZIG_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/taizhang/ziglang-$ZIGLANG_VERSION"

export PATH="$HOME/.cargo/bin:$PATH"


log() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

rust_triple() {
  case "$1" in
    amd64) echo x86_64-unknown-linux-gnu ;;
    arm64) echo aarch64-unknown-linux-gnu ;;
    *) die "unknown architecture '$1' (amd64 or arm64)" ;;
  esac
}

portable_binary() { echo "$PORTABLE_TARGET_DIR/$(rust_triple "$1")/release/taizhang-cli"; }

workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/{s/^version *= *"\([^"]*\)".*/\1/p}' Cargo.toml | head -1
}

# apt_ensure and sudo_cmd: the scripts' shared installer.
# shellcheck source=../../scripts/lib/install.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/install.sh"

ensure_arm64_arch() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    log "adding the arm64 package architecture (for Rust's aarch64 standard library)"
    "${sudo_cmd[@]}" dpkg --add-architecture arm64
    "${sudo_cmd[@]}" apt-get update -qq
  fi
}

ensure_cargo_zigbuild() {
  command -v cargo >/dev/null 2>&1 || die "cargo is missing: install Rust with rustup (https://rustup.rs)"
  if [ "$(cargo-zigbuild --version 2>/dev/null)" != "cargo-zigbuild $CARGO_ZIGBUILD_VERSION" ]; then
    log "installing cargo-zigbuild $CARGO_ZIGBUILD_VERSION"
    cargo install cargo-zigbuild --locked --version "=$CARGO_ZIGBUILD_VERSION" --quiet --force
  fi
}

# zig from PyPI's ziglang wheel, in a virtual environment of its own (works with an
# "externally managed" system Python too).
ensure_zig() {
  local py="$ZIG_VENV/bin/python3"
  if [ -x "$py" ] && [ "$("$py" -m ziglang version 2>/dev/null)" = "$ZIGLANG_VERSION" ]; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || apt_ensure python3
  rm -rf "$ZIG_VENV"
  if ! python3 -m venv "$ZIG_VENV" >/dev/null 2>&1; then
    rm -rf "$ZIG_VENV"
    apt_ensure python3-venv
    python3 -m venv "$ZIG_VENV"
  fi
  log "installing ziglang $ZIGLANG_VERSION (zig, from PyPI) into $ZIG_VENV"
  "$py" -m pip install --quiet --disable-pip-version-check "ziglang==$ZIGLANG_VERSION"
  [ "$("$py" -m ziglang version)" = "$ZIGLANG_VERSION" ] || die "ziglang $ZIGLANG_VERSION did not install"
}

ensure_debian_rustc() {
  ensure_arm64_arch
  # Debian's rustc-web: its aarch64 standard library comes through multiarch (cargo checks
  # the workspace's rust-version against it).
  apt_ensure rustc-web libstd-rust-web-dev:arm64
}

# Everything building `arch` needs; quick when it is all there.
ensure_build_tools() {
  apt_ensure binutils file
  ensure_cargo_zigbuild
  ensure_zig
  case "$1" in
    arm64) ensure_debian_rustc ;;
  esac
}

# ---- checks of a built program -------------------------------------------------------------

# Highest GLIBC_x.y version the ELF file needs (from its version-needs section).
glibc_needed() {
  readelf -W --version-info "$1" | grep -o 'Name: GLIBC_[0-9][0-9.]*' | sed 's/Name: GLIBC_//' | sort -V | tail -1
}

# Fails unless `file` is the right machine, needs glibc ≤ GLIBC_MAX and only the shared
# libraries the .deb's Depends cover (libc6, libgcc-s1).
check_portable_binary() {
  local file="$1" arch="$2" machine want_machine glibc needed lib
  [ -f "$file" ] || die "$file is missing: run scripts/build-linux-portable.sh $arch"
  case "$arch" in
    amd64) want_machine="Advanced Micro Devices X86-64" ;;
    arm64) want_machine="AArch64" ;;
  esac
  machine=$(readelf -h "$file" | sed -n 's/^ *Machine: *//p')
  [ "$machine" = "$want_machine" ] || die "$file is built for '$machine', not $arch"
  glibc=$(glibc_needed "$file")
  [ -n "$glibc" ] || die "$file needs no GLIBC symbol version: not a glibc program?"
  if [ "$(printf '%s\n%s\n' "$glibc" "$GLIBC_MAX" | sort -V | tail -1)" != "$GLIBC_MAX" ]; then
    die "$file needs GLIBC_$glibc; Kylin V10 / UOS 20 have glibc $GLIBC_MAX"
  fi
  needed=$(readelf -W -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  for lib in $needed; do
    case "$lib" in
      libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | libutil.so.1 | ld-linux-*.so.*) ;;
      libgcc_s.so.1) ;;
      *) die "$file needs $lib, which the package's Depends do not cover" ;;
    esac
  done
  log "$file: $arch, highest symbol version GLIBC_$glibc (≤ $GLIBC_MAX), needs $(echo $needed), $(du -h "$file" | cut -f1)"
}
