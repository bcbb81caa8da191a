#!/bin/sh
# run.sh - runs every test suite and ends with "N passed, N failed".
# SPDX-License-Identifier: MIT
#
# Each suite prints TAP ("ok 1 - name" / "not ok 2 - name"): the cmocka unit
# programs (CMOCKA_MESSAGE_OUTPUT=TAP), the shell suites under tests/cli and
# tests/http, the Node suites under tests/browser, and the valgrind check.
# A suite that exits non-zero without reporting a failure (a crash, a
# sanitizer report) counts as one failure. A skipped test ("ok … # SKIP")
# is counted apart, not as passed; so is a known product bug marked todo
# ("not ok … # TODO", node:test's { todo }), listed under its suite without
# failing the run. Logs go to test-results/.
set -u
cd "$(dirname "$0")/.."
out=test-results
rm -rf "$out"
mkdir -p "$out"

export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The suites use the sanitized build.
export INTERCITY_BIN="$PWD/build/asan/intercity"
export INTERCITY_DATA="$PWD/data"
export TEST_TMP="$PWD/$out/tmp"
mkdir -p "$TEST_TMP"

passed=0
failed=0
skipped=0
todos=0
failures=""

run_suite() {
	name=$1
	shift
	log="$out/$name.log"
	start=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -cE '^ok ' "$log")
	f=$(grep -cE '^not ok ' "$log")
	s=$(grep -cE '^ok .*# SKIP' "$log")
	t=$(grep -cE '^not ok .*# TODO' "$log")
	p=$((p - s))
	f=$((f - t))
	skipped=$((skipped + s))
	todos=$((todos + t))
	skip_note=""
	[ "$s" -gt 0 ] && skip_note=", $s skipped"
	[ "$t" -gt 0 ] && skip_note="$skip_note, $t todo (known bugs)"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	secs=$(( $(date +%s) - start ))
	if [ "$f" -gt 0 ]; then
		failures="$failures $name"
		echo "FAIL $name: $p passed, $f failed$skip_note (${secs}s)"
		# node's TAP puts the assertion message in a YAML block ("  error: |-").
		awk '/^# Subtest: /{ next }
		    /^not ok |^# |ERROR|Sanitizer|runtime error/{ print; next }
		    /^  error: /{ if ($0 ~ /[|][-]$/) e = 1; else print; next }
		    e && /^  [A-Za-z]/{ e = 0 }
		    e && /^    /{ print }' "$log" | head -60 | sed 's/^/    /'
	else
		echo "ok   $name: $p passed$skip_note (${secs}s)"
		grep -E '^ok .*# SKIP|^not ok .*# TODO' "$log" | sed 's/^/    /'
	fi
}

run_suite warnings make -s check-warnings
for t in build/asan/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "unit-$(basename "$t")" "$t"
done
for t in tests/cli/test_*.sh tests/http/test_*.sh tests/i18n/test_*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$(dirname "$t")")-$(basename "$t" .sh)" sh "$t"
done
run_suite valgrind-import sh tests/valgrind.sh
# libFuzzer on the import parsers (tests/fuzz); a failed build fails the suite.
run_suite fuzz sh -c 'make -s fuzz >/dev/null && sh tests/fuzz/run.sh'
for t in tests/browser/*.test.mjs; do
	[ -f "$t" ] || continue
	run_suite "browser-$(basename "$t" .test.mjs)" \
	    node --test --test-reporter=tap "$t"
done

[ -n "$failures" ] && echo "failed suites:$failures (logs in $out/)"
[ "$skipped" -gt 0 ] && echo "$skipped skipped (listed under their suites above)"
[ "$todos" -gt 0 ] && echo "$todos todo: known product bugs, not counted as failed (listed under their suites above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
