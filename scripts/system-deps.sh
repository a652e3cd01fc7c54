#!/bin/sh
# Installs the system libraries WeasyPrint needs (Pango, HarfBuzz with subsetting),
# poppler-utils (pdffonts/pdftotext, used by the PDF tests) and Chromium (the page test of
# `briefing serve` drives /usr/bin/chromium with Playwright) when they are missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
set -eu
missing=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing="$missing libpango-1.0-0"
have_lib 'libpangoft2-1.0.so.0' || missing="$missing libpangoft2-1.0-0"
have_lib 'libharfbuzz-subset.so.0' || missing="$missing libharfbuzz-subset0"
command -v pdffonts >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $cmd -qq
else
    echo "system-deps: missing$missing; run as root: $cmd" >&2
    exit 1
fi
