#!/bin/sh
# test_progress.sh - import progress shows on a terminal, never in a pipe.
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/../.."
BIN=${INTERCITY_BIN:-build/asan/intercity}
DATA=${INTERCITY_DATA:-data}
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/progress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }

"$BIN" --db "$tmp/a.db" init >/dev/null 2>&1
# script(1) gives the command a pseudo-terminal, as a person's shell would.
script -qec "$BIN --db $tmp/a.db import $DATA/demo/demo.json" /dev/null \
    >"$tmp/tty.out" 2>&1
if grep -q "stored 61 records in" "$tmp/tty.out"; then
	ok "a terminal sees the progress line"
else
	notok "a terminal sees the progress line"
	sed 's/^/# /' "$tmp/tty.out"
fi

"$BIN" --db "$tmp/b.db" init >/dev/null 2>&1
"$BIN" --db "$tmp/b.db" import "$DATA/demo/demo.json" >"$tmp/pipe.out" 2>"$tmp/pipe.err"
if grep -q "importing:\|stored 61 records in" "$tmp/pipe.err" ||
    grep -q "$(printf '\r')" "$tmp/pipe.err"; then
	notok "a pipe gets no progress output"
	sed 's/^/# /' "$tmp/pipe.err"
else
	ok "a pipe gets no progress output"
fi
if grep -q "61 records read; 61 stored" "$tmp/pipe.out"; then
	ok "the summary goes to standard output"
else
	notok "the summary goes to standard output"
	sed 's/^/# /' "$tmp/pipe.out"
fi
echo "1..$n"
