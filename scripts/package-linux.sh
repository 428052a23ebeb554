#!/usr/bin/env bash
# Build the Linux packages into target/dist/:
#   taizhang-web_<version>_amd64.deb, taizhang-web_<version>_arm64.deb
#       browser mode for 信创 Linux (Kylin V10, UOS 20: glibc ≥ 2.28, no WebKitGTK):
#       taizhang-cli, its desktop entry (taizhang-cli launch), icons, licences
#   taizhang_<version>_amd64.deb        the desktop app (WebKitGTK 4.1), built by the Tauri CLI
#   SHA256SUMS                          of every .deb in target/dist/
#
#   scripts/package-linux.sh [--web-only] [--arch amd64|arm64|all]
#     --web-only   only the taizhang-web packages (no desktop app build)
#     --arch       which taizhang-web packages (default: all)
#
# Installs what it needs (root or sudo) and is quick when everything is there. Every
# taizhang-web package is checked afterwards (tests/portable/deb.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../packaging/linux/lib.sh
. packaging/linux/lib.sh

web_only=0
arch_arg=all
while [ $# -gt 0 ]; do
  case "$1" in
    --web-only) web_only=1 ;;
    --arch) arch_arg="${2:?--arch needs amd64, arm64 or all}"; shift ;;
    --arch=*) arch_arg="${1#--arch=}" ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see $0 --help)" ;;
  esac
  shift
done
case "$arch_arg" in
  all) arches=(amd64 arm64) ;;
  amd64 | arm64) arches=("$arch_arg") ;;
  *) die "--arch: amd64, arm64 or all, not '$arch_arg'" ;;
esac

version=$(workspace_version)
[ -n "$version" ] || die "no version in Cargo.toml's [workspace.package]"
dist=target/dist
mkdir -p "$dist"
apt_ensure dpkg binutils desktop-file-utils
command -v node >/dev/null 2>&1 || die "Node.js 20 is needed for the package checks"

# Reproducible file times inside the packages: the last commit's time.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

# ---- the programs ----------------------------------------------------------------------------
for arch in "${arches[@]}"; do
  scripts/build-linux-portable.sh "$arch"
done

# ---- taizhang-web packages -------------------------------------------------------------------
# "libc6 (>= x.y)" from the highest GLIBC version the program needs, plus libgcc's package
# when it links libgcc_s (check_portable_binary refuses any other library).
depends_for() {
  local bin="$1" deps
  deps="libc6 (>= $(glibc_needed "$bin"))"
  if readelf -W -d "$bin" | grep -q '(NEEDED).*\[libgcc_s\.so\.1\]'; then
    deps="$deps, libgcc-s1 | libgcc1"
  fi
  echo "$deps"
}

# The copyright file: copyright.in with each "@LICENSE [file]@" line replaced by that licence
# text (default: the project's LICENSE), indented as the Debian copyright format wants.
write_copyright() {
  local line file
  while IFS= read -r line; do
    if [[ "$line" =~ ^@LICENSE(\ (.*))?@$ ]]; then
      file="${BASH_REMATCH[2]:-LICENSE}"
      [ -f "$file" ] || die "licence file $file is missing"
      sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /' "$file"
    else
      echo "$line"
    fi
  done < packaging/linux/copyright.in
}

build_web_deb() {
  local arch="$1" bin root deb size
  bin=$(portable_binary "$arch")
  check_portable_binary "$bin" "$arch"
  root="target/dist-stage/taizhang-web-$arch"
  deb="$dist/taizhang-web_${version}_${arch}.deb"
  rm -rf "$root"
  (
    umask 022
    install -D -m 0755 "$bin" "$root/usr/bin/taizhang-cli"
    install -D -m 0644 packaging/linux/cn.taizhang.web.desktop \
      "$root/usr/share/applications/cn.taizhang.web.desktop"
    for icon in 32x32:32x32.png 64x64:64x64.png 128x128:128x128.png 256x256:128x128@2x.png \
      512x512:icon.png 1024x1024:source-1024.png; do
      install -D -m 0644 "icons/${icon#*:}" "$root/usr/share/icons/hicolor/${icon%%:*}/apps/cn.taizhang.web.png"
    done
    mkdir -p "$root/usr/share/doc/taizhang-web" "$root/DEBIAN"
    write_copyright > "$root/usr/share/doc/taizhang-web/copyright"
    chmod 0644 "$root/usr/share/doc/taizhang-web/copyright"
    size=$(du -s -k --exclude=DEBIAN "$root" | cut -f1)
    sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size/" \
      -e "s/@DEPENDS@/$(depends_for "$bin")/" packaging/linux/control.in > "$root/DEBIAN/control"
    chmod 0644 "$root/DEBIAN/control"
    find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  )
  desktop-file-validate "$root/usr/share/applications/cn.taizhang.web.desktop" \
    || die "desktop-file-validate refused the desktop entry"
  rm -f "$deb"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
  log "$deb ($(du -h "$deb" | cut -f1))"
}

for arch in "${arches[@]}"; do
  build_web_deb "$arch"
done

# ---- the desktop app's package ---------------------------------------------------------------
if [ "$web_only" = 0 ]; then
  scripts/setup.sh run
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dev packages (the Tauri CLI)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  log "building the desktop app's .deb (Tauri)"
  npm run --silent tauri -- build --bundles deb
  desktop_deb="target/release/bundle/deb/taizhang_${version}_amd64.deb"
  [ -f "$desktop_deb" ] || die "the Tauri build left no $desktop_deb"
  cp -f "$desktop_deb" "$dist/"
  log "$dist/$(basename "$desktop_deb") ($(du -h "$desktop_deb" | cut -f1))"
fi

# ---- checks and checksums --------------------------------------------------------------------
log "checking the taizhang-web packages"
TAIZHANG_DEB_ARCHES="${arches[*]}" node --test tests/portable/deb.test.mjs

(cd "$dist" && rm -f SHA256SUMS && sha256sum -- *.deb > SHA256SUMS)
log "done: $dist/"
(cd "$dist" && ls -l -- *.deb SHA256SUMS) >&2
