#!/bin/sh
# Regenerates docs/screenshots/report.png (or OUT_PNG) from a report.html,
# in headless Chromium. Needs node and the Debian package chromium.
#   scripts/screenshot-report.sh REPORT_HTML [OUT_PNG] [ROUTE]
# ROUTE is a page of the report: map (default), overview, tables, service/<name>...
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 REPORT_HTML [OUT_PNG] [ROUTE]" >&2
  exit 2
fi
html=$1
out=${2:-"$here/docs/screenshots/report.png"}
route=${3:-map}
exec node "$here/tests/browser/screenshot.mjs" "$html" "$out" "$route"
