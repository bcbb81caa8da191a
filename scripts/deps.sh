#!/bin/sh
# deps.sh - install the Debian packages (and pinned npm packages) intercity needs.
# SPDX-License-Identifier: MIT
#
#   scripts/deps.sh          packages to build and run
#   scripts/deps.sh --test   also what the tests need (sanitizers, valgrind,
#                            Chromium, and the npm packages in package-lock.json)
#   scripts/deps.sh --bench  also what make bench needs (the word lists)
#
# As root, missing packages are installed with apt-get. Otherwise the one
# apt-get line to run is printed and the script fails, so make stops early.
set -eu

BUILD_PKGS="gcc make pkg-config libsqlite3-dev libjansson-dev libutf8proc-dev libmicrohttpd-dev libstemmer-dev libroaring-dev"
# The web application: Markdown, PDF, gzip, and msgfmt for the translations.
BUILD_PKGS="$BUILD_PKGS libcmark-dev libcairo2-dev libpango1.0-dev zlib1g-dev gettext fonts-dejavu-core"
# Networks: graph layout (the co-membership graph).
BUILD_PKGS="$BUILD_PKGS libgraphviz-dev"
TEST_PKGS="clang libcmocka-dev valgrind curl sqlite3 python3 chromium nodejs npm"
# clang -fsanitize=fuzzer (make fuzz) needs libclang_rt.fuzzer, which clang
# only recommends; libclang-rt-dev is libclang-rt-14-dev on Debian 12.
TEST_PKGS="$TEST_PKGS libclang-rt-dev"
# pdftotext reads the PDFs back; the Nu HTML checker (npm vnu-jar) runs on Java.
TEST_PKGS="$TEST_PKGS poppler-utils default-jre-headless"
# tests/http/api_check.py validates the API's responses against its OpenAPI
# document with the JSON Schema 2020-12 validator.
TEST_PKGS="$TEST_PKGS python3-jsonschema"
# tests/http/test_opendata.sh validates the Atom feeds with xmllint --relaxng.
TEST_PKGS="$TEST_PKGS libxml2-utils"

BENCH_PKGS="wcatalan wspanish wfrench witalian wamerican wrk"

want="$BUILD_PKGS"
test_mode=0
case "${1:-}" in
--test)
	want="$want $TEST_PKGS"
	test_mode=1
	;;
--bench)
	want="$want $BENCH_PKGS"
	;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		# A command already on PATH (node and npm from another source) is enough.
		case "$p" in
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "intercity needs these Debian packages; run as root:" >&2
		echo "  apt-get install -y$missing" >&2
		exit 1
	fi
	echo "deps.sh: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y --no-install-recommends $missing >/dev/null ||
		{ apt-get update >/dev/null && apt-get install -y --no-install-recommends $missing >/dev/null; }
fi

if [ "$test_mode" -eq 1 ]; then
	here=$(cd "$(dirname "$0")/.." && pwd)
	# npm ci installs exactly what package-lock.json pins; skip when it is current.
	if [ ! -f "$here/node_modules/.package-lock.json" ] ||
	   ! cmp -s "$here/package-lock.json" "$here/node_modules/.intercity-lock"; then
		(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2 &&
		 cp package-lock.json node_modules/.intercity-lock)
	fi
fi
