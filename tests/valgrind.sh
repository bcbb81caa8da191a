#!/bin/sh
# valgrind.sh - the import path (init, import, export, a failing import)
# under valgrind's memcheck, on the unsanitized build. TAP output.
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/.."
bin=build/rel/intercity
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
n=0
check() {
	n=$((n + 1))
	desc=$1
	want=$2
	shift 2
	$vg "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (status $rc, wanted $want)"
		sed 's/^/# /' "$tmp/err" | head -30
	fi
}
check "init --demo" 0 $bin --db "$tmp/a.db" init --demo --data data
check "export json" 0 $bin --db "$tmp/a.db" export --output "$tmp/e.json"
check "export csv" 0 $bin --db "$tmp/a.db" export --format csv --output "$tmp/p.csv"
check "import into a new store" 0 $bin --db "$tmp/b.db" import "$tmp/e.json"
check "import csv" 0 $bin --db "$tmp/b.db" import "$tmp/p.csv"
printf '{"cities": [{"slug": "x", "name": "X", "country": "ZZ"}]}' >"$tmp/bad.json"
check "failing import" 2 $bin --db "$tmp/b.db" import "$tmp/bad.json"
printf 'slug,city,year,title:en\n"a,b\n' >"$tmp/bad.csv"
check "failing csv" 2 $bin --db "$tmp/b.db" import "$tmp/bad.csv"
# The gazetteer and the twinning import, and a twinning file that fails.
check "import --format twinning" 0 $bin --db "$tmp/a.db" import --format twinning \
    --gazetteer data/gazetteer.tsv.gz --report "$tmp/r.tsv" \
    tests/data/twinning/twin_cities_geocoded_sample.csv
printf 'town1,country1,town2,country2\nLyon,France,Birmingham,UK\n' >"$tmp/bad-twin.csv"
check "failing twinning import" 2 $bin --db "$tmp/a.db" import --format twinning \
    --gazetteer data/gazetteer.tsv.gz "$tmp/bad-twin.csv"
echo "1..$n"
