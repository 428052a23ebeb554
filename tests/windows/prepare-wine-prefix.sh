#!/usr/bin/env bash
# Prepare the wine prefix the Windows CLI tests run in (tests/windows/cli.wine.test.mjs).
#
#   tests/windows/prepare-wine-prefix.sh      prints the prefix's path when it is ready
#
# Test-only, never shipped. Idempotent and quick when the prefix is there: creating
# a prefix (wineboot) takes about half a minute, so it is made once and reused.
#   - target/wine-test/prefix       the WINEPREFIX (never ~/.wine)
#   - bcryptprimitives.dll          built from tests/windows/bcryptprimitives.c into the
#                                   prefix's system32: Debian's wine 8 lacks it, Rust's std
#                                   imports ProcessPrng from it (real Windows 10/11 have it)
#   - no Z: drive                   so that nothing in the test can reach the Linux file
#                                   system (e.g. /usr/bin/soffice) the way wine normally can
#   - D: = target/wine-test/work    where the tests make their folders (Chinese names, spaces)
# Needs wine64 and mingw-w64: scripts/build-windows-cli.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD/target/wine-test"
prefix="$root/prefix"
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver
src=tests/windows/bcryptprimitives.c
dll="$root/bcryptprimitives.dll"

for tool in "$wine" "$wineserver"; do
  [ -x "$tool" ] || { echo "缺少 $tool：请先运行 scripts/build-windows-cli.sh（会安装 wine64 与 mingw-w64）" >&2; exit 1; }
done
command -v x86_64-w64-mingw32-gcc >/dev/null ||
  { echo "缺少 x86_64-w64-mingw32-gcc：请先运行 scripts/build-windows-cli.sh" >&2; exit 1; }

mkdir -p "$root/work"
if [ ! -f "$dll" ] || [ "$src" -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll.tmp" "$src" -ladvapi32
  mv "$dll.tmp" "$dll"
fi

export WINEPREFIX="$prefix" WINEDEBUG=-all WINEARCH=win64
if [ ! -f "$prefix/.taizhang-ready" ]; then
  echo "==> creating the test wine prefix $prefix (once; about half a minute)" >&2
  rm -rf "$prefix"
  # No Mono/Gecko install prompts: the CLI needs neither.
  WINEDLLOVERRIDES="mscoree,mshtml=" "$wine" wineboot -i >/dev/null 2>&1
  "$wineserver" -w
  touch "$prefix/.taizhang-ready"
fi

sys32="$prefix/drive_c/windows/system32"
cmp -s "$dll" "$sys32/bcryptprimitives.dll" || cp "$dll" "$sys32/bcryptprimitives.dll"
# Drives: D: is the tests' folder; Z: (the whole Linux file system) is removed.
ln -sfn "$root/work" "$prefix/dosdevices/d:"
rm -f "$prefix/dosdevices/z:"
echo "$prefix"
