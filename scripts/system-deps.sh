#!/bin/sh
# Installs the system libraries WeasyPrint needs (Pango, HarfBuzz with subsetting) and
# poppler-utils (pdffonts/pdftotext, used by the PDF tests) when they are missing, and, for tests
# only, Chromium (the page test of `briefing serve` drives /usr/bin/chromium with Playwright) and
# redis-server (the job queue's integration test, tests/test_jobqueue.py).
# As root it runs apt-get; otherwise it prints the exact command to run. Chromium and
# redis-server are optional: without them only their tests are skipped, so they never fail the
# set-up.
set -eu
missing=""
optional=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing="$missing libpango-1.0-0"
have_lib 'libpangoft2-1.0.so.0' || missing="$missing libpangoft2-1.0-0"
have_lib 'libharfbuzz-subset.so.0' || missing="$missing libharfbuzz-subset0"
command -v pdffonts >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -x /usr/bin/chromium ] || optional="$optional chromium"
command -v redis-server >/dev/null 2>&1 || optional="$optional redis-server"
[ -z "$missing$optional" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$missing$optional"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -qq$missing$optional
    exit 0
fi
if [ -n "$optional" ]; then
    echo "system-deps: the browser and job-queue tests need$optional (skipped without them);" \
        "run as root: apt-get install -y --no-install-recommends$optional" >&2
fi
[ -z "$missing" ] && exit 0
echo "system-deps: missing$missing; run as root: apt-get install -y --no-install-recommends$missing" >&2
exit 1
