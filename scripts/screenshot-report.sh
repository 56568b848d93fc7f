#!/bin/sh
# Regenerates the screenshots of the docs from a report.html, in headless
# Chromium. Needs node and the Debian package chromium.
#   scripts/screenshot-report.sh REPORT_HTML
#       writes docs/screenshots/{overview,map,roadmap,saga}.png: the overview,
#       the service map, the extraction roadmap (page "order") and the sagas
#       (page "transactions")
#   scripts/screenshot-report.sh REPORT_HTML OUT_PNG [ROUTE]
#       one page; ROUTE: map (default), overview, tables, order, service/<name>...
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 REPORT_HTML [OUT_PNG [ROUTE]]" >&2
  exit 2
fi
html=$1
shot() { node "$here/tests/browser/screenshot.mjs" "$html" "$1" "$2"; }
if [ $# -ge 2 ]; then
  shot "$2" "${3:-map}"
  exit 0
fi
for pair in overview:overview map:map roadmap:order saga:transactions; do
  shot "$here/docs/screenshots/${pair%%:*}.png" "${pair#*:}"
done
