#!/bin/sh
# Install headless Chromium for the web end-to-end tests (tests/web); idempotent.
# Called from .ci/run before `make test`; the browser tests skip with a reason when it is absent.
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && SUDO="sudo -n" || { echo "not root and no sudo: cannot install chromium" >&2; exit 1; }
fi
# dpkg may be locked by another installer: retry a few times.
for attempt in 1 2 3 4 5; do
    if $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium; then
        exit 0
    fi
    echo "apt-get failed (attempt $attempt), retrying in 10 s" >&2
    sleep 10
done
exit 1
