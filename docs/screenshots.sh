#!/usr/bin/env bash
# Regenerates docs/screenshots/: builds the example site, prints its October
# and Q3 packs to PDF, and photographs the home page, a monthly review, the
# quarter's board review, a KPI page (1366×768), a review on a phone
# (390×844) and the first three printed pages of each pack.
# Needs Chromium (or OPSREPORT_CHROMIUM) and poppler-utils' pdftoppm
# (Debian: apt-get install chromium poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf docs/screenshots
go run ./internal/pdf/screenshots -s . -o docs/screenshots
ls -l docs/screenshots
