#!/bin/sh
# run.sh - runs each libFuzzer target (make fuzz) for FUZZ_SECONDS (default
# 20; 0 only replays the corpus) on a copy of its seed corpus, the targets in
# parallel. TAP output: "ok N - fuzz_json: X runs, no crash", or "not ok"
# with the crashing input and the first lines of the sanitizer's report.
# Crashing inputs are kept in build/fuzz/artifacts/ (FUZZ_ARTIFACTS).
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${FUZZ_SECONDS:-20}
art=${FUZZ_ARTIFACTS:-build/fuzz/artifacts}
mkdir -p "$art" || exit 1
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# Leaks count as failures; any UBSan report stops the run (the targets are
# also built with -fno-sanitize-recover=undefined).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"

if [ "$secs" -gt 0 ] 2>/dev/null; then
	limit="-max_total_time=$secs"
else
	limit="-runs=0"
fi

targets="json csv query form markdown twinning eurocities"

# Start every target in the background, then report in order.
for t in $targets; do
	bin=build/fuzz/fuzz_$t
	[ -x "$bin" ] || continue
	cp -R "tests/fuzz/corpus/$t" "$tmp/corpus-$t"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	"$bin" $limit -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$art/$t-" $dict \
	    "$tmp/corpus-$t" >"$tmp/$t.log" 2>&1 &
	echo $! >"$tmp/$t.pid"
done

n=0
failed=0
for t in $targets; do
	n=$((n + 1))
	bin=build/fuzz/fuzz_$t
	if [ ! -f "$tmp/$t.pid" ]; then
		echo "not ok $n - fuzz_$t: $bin is not built (make fuzz)"
		failed=$((failed + 1))
		continue
	fi
	wait "$(cat "$tmp/$t.pid")"
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log" |
	    tail -1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[bKM]*' \
	    "$tmp/$t.log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$t.log" |
	    tail -1)
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$tmp/$t.log" |
	    head -1)
	if [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
		echo "ok $n - fuzz_$t: ${runs:-?} runs, no crash"
		echo "# ${cov:-no coverage line}, ${rate:-?} runs/s"
	else
		failed=$((failed + 1))
		echo "not ok $n - fuzz_$t: status $rc after ${runs:-?} runs;" \
		    "input: ${crash:-none written}"
		[ -n "$crash" ] && echo "# replay: $bin $crash"
		# The report from its first line, else the end of the log.
		if grep -qE '^==[0-9]+==|runtime error:|^ERROR:' "$tmp/$t.log"
		then
			sed -n '/^==[0-9]*==\|runtime error:\|^ERROR:/,$p' \
			    "$tmp/$t.log" | head -20
		else
			tail -20 "$tmp/$t.log"
		fi | sed 's/^/# /'
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
