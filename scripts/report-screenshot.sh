#!/bin/sh
# Redraw docs/report-standard-page1.png: the first page of the standard yearly
# report as LibreOffice prints it, for the sample year in
# crates/taizhang-documents/tests/fixtures/sample-2023-input.json.
# Needs LibreOffice (libreoffice-writer-nogui) and poppler-utils (pdftoppm).
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run -q -p taizhang-documents --example report_sample -- "$out" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$out"/*政府信息公开工作年度报告.pdf "$out/page1"
cp "$out/page1.png" docs/report-standard-page1.png
echo "docs/report-standard-page1.png"
