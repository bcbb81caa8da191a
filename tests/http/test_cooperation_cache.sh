#!/bin/sh
# test_cooperation_cache.sh - the whole-world cooperation page is made once
# per snapshot and language (site_cache): what a reader gets from the cache
# must be byte for byte what "serve --no-cache" renders from scratch, in
# every language, on every page, and a new snapshot (an import while the
# server runs) must not be answered from the old one's cache. Views narrowed
# to a city or a network read only that city's (or the members') list of
# partnerships, where --no-cache tests every one: they must agree too.
# Prints TAP.
# SPDX-License-Identifier: MIT
#
# Run alone from the repository root (sh tests/http/test_cooperation_cache.sh)
# or through tests/run.sh, which exports INTERCITY_BIN, INTERCITY_DATA and
# TEST_TMP.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD

BIN=${INTERCITY_BIN:-$PWD/build/asan/intercity}
DATA=${INTERCITY_DATA:-$PWD/data}
TEST_TMP=${TEST_TMP:-$PWD/test-results/tmp}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

n=0
nfail=0
pids=""
mkdir -p "$TEST_TMP"
tmp=$(mktemp -d "$TEST_TMP/http-coop.XXXXXX")

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $1"; }
diag() { printf '%s\n' "$1" | sed '/^$/d; s/^/# /'; }

cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 1
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null
	done
	[ "$nfail" -eq 0 ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve NAME ARGS...: starts a server on the store, its port in $port.
serve() {
	name=$1
	shift
	port=$(free_port)
	"$BIN" --db "$db" serve --listen "127.0.0.1:$port" \
	    --base-url http://example.test --access-log - "$@" \
	    >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	i=0
	while [ $i -lt 100 ]; do
		[ "$(curl -s --max-time 1 "http://127.0.0.1:$port/healthz")" = ok ] &&
		    return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# get PORT PATH FILE: the body of a GET.
get() {
	curl -sS --max-time 30 -o "$3" "http://127.0.0.1:$1$2"
}

# total FILE: the number in the page's "N partnerships" heading.
total() {
	tr -d '\n' <"$1" | sed -n 's/.*<h2 id="results-h" class="total">\([^<]*\)<.*/\1/p' |
	    tr -cd '0-9'
}

db="$tmp/coop.db"
if ! "$BIN" --db "$db" init --demo --data "$DATA" >"$tmp/init.out" 2>&1 ||
    ! "$BIN" --db "$db" import --format eurocities --quiet \
    "$ROOT/tests/data/eurocities/members-wikidata-enriched.json" \
    >>"$tmp/init.out" 2>&1 ||
    ! "$BIN" --db "$db" import --format twinning --quiet \
    "$ROOT/tests/data/twinning/twin_cities_geocoded_sample.csv" \
    >>"$tmp/init.out" 2>&1; then
	echo "Bail out! cannot build the store: $(head -n 5 "$tmp/init.out")"
	exit 1
fi
if ! serve cached || ! { cport=$port; serve fresh --no-cache; }; then
	echo "Bail out! a server did not start: $(cat "$tmp"/*.err | head -n 5)"
	exit 1
fi
fport=$port

# Every language; the first page, a later one, the last, one past the
# end; filtered views (never cached) for comparison.
diffs=""
count=0
for rep in cold warm; do
	for l in ca en es fr it; do
		for q in "" "?page=2" "?page=99" "?kind=twinning" \
		    "?city=barcelona" "?network=eurocities&period=2010" \
		    "?network=eurocities" "?city=havana&kind=cooperation" \
		    "?city=barcelona&network=eurocities" "?city=no-such-city" \
		    "?network=rainbow-cities-network&page=2"; do
			get "$cport" "/$l/cooperation$q" "$tmp/c.html"
			get "$fport" "/$l/cooperation$q" "$tmp/f.html"
			count=$((count + 1))
			cmp -s "$tmp/c.html" "$tmp/f.html" ||
			    diffs="$diffs
$rep /$l/cooperation$q: $(diff "$tmp/c.html" "$tmp/f.html" | head -n 4)"
		done
	done
done
if [ -z "$diffs" ]; then
	ok "cached and freshly rendered cooperation pages are identical ($count pairs, cold and warm)"
else
	not_ok "cached and freshly rendered cooperation pages differ"
	diag "$diffs"
fi

# The page is the real thing: the map and the store's count.
get "$cport" /en/cooperation "$tmp/en.html"
want=$(sqlite3 "$db" "select count(*) from partnership")
got=$(total "$tmp/en.html")
if [ "$got" = "$want" ] && grep -q 'aria-labelledby="coopmap-title' "$tmp/en.html" &&
    grep -q '<fieldset' "$tmp/en.html"; then
	ok "the cached page has the facets, the map and the store's $want partnerships"
else
	not_ok "the cached page has the facets, the map and the store's $want partnerships (got \"$got\")"
fi

# An import while the servers run: the new snapshot's page, not the old
# cache (the servers check the store every second).
"$BIN" --db "$db" import --format twinning --quiet \
    "$ROOT/tests/data/twinning/twin_cities_hard_cases.csv" >"$tmp/imp.out" 2>&1
want=$(sqlite3 "$db" "select count(*) from partnership")
i=0
got=""
while [ $i -lt 100 ]; do
	get "$cport" /en/cooperation "$tmp/en2.html"
	got=$(total "$tmp/en2.html")
	[ "$got" = "$want" ] && break
	sleep 0.1
	i=$((i + 1))
done
sleep 1.5	# the other server may reload a little later
get "$cport" /fr/cooperation "$tmp/c2.html"
get "$fport" /fr/cooperation "$tmp/f2.html"
if [ "$got" = "$want" ] && cmp -s "$tmp/c2.html" "$tmp/f2.html"; then
	ok "after an import the page shows the new snapshot ($want partnerships), as rendered from scratch"
else
	not_ok "after an import the page shows the new snapshot ($want partnerships; got \"$got\")"
fi

echo "1..$n"
[ "$nfail" -eq 0 ]
