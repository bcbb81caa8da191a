#!/bin/sh
# test_opendata.sh - open data over HTTP on a real server: the Atom feeds
# of topics, cities and networks (parsed, validated with xmllint against
# tests/http/atom.rng, entries checked against the demo data), the CSV,
# JSON and GeoJSON exports of cities, networks, memberships and
# partnerships with their filters, the links to them, and hostile data
# (markup in feeds, spreadsheet formulas in CSV). Prints TAP (the checks
# are in opendata.py).
# SPDX-License-Identifier: MIT
#
# Run from the repository root (sh tests/http/test_opendata.sh) or through
# tests/run.sh, which exports INTERCITY_BIN (the ASan build) and TEST_TMP.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/http/opendata.py
