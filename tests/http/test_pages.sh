#!/bin/sh
# test_pages.sh - the site's pages over HTTP: languages, the catalogue's
# counts against the demo data, caching, exports, feeds, errors and the
# escaping of hostile data. Prints TAP (the checks are in pages.py).
# SPDX-License-Identifier: MIT
#
# Run from the repository root (sh tests/http/test_pages.sh) or through
# tests/run.sh, which exports INTERCITY_BIN (the ASan build) and TEST_TMP.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/http/pages.py
