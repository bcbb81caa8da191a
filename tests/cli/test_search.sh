#!/bin/sh
# test_search.sh - relevance on the demo dataset: known queries, in each
# language, with their known best hit; filters, operators, bad input.
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
BIN=${INTERCITY_BIN:-build/asan/intercity}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/search.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
. "$ROOT/tests/cli/lib.sh"
"$BIN" --db s.db init --demo --data "${INTERCITY_DATA:-$ROOT/data}" \
    >/dev/null 2>&1 || bail "cannot make the demo store"

# best QUERY KEY [OPTIONS...]: the first hit for QUERY is KEY.
best() {
	q=$1
	want=$2
	shift 2
	"$BIN" --db s.db search --limit 1 "$@" "$q" >out 2>err
	got=$(sed -n 's/^1\. .*\[\(.*\)\]$/\1/p' out)
	if [ "$got" = "$want" ]; then
		tap "best hit for '$q' $* is $want" ""
	else
		tap "best hit for '$q' $* is $want" "got: ${got:-nothing}
$(head -5 out)"
	fi
}

# total QUERY N [OPTIONS...]: QUERY has exactly N results.
total() {
	q=$1
	want=$2
	shift 2
	"$BIN" --db s.db search --limit 0 "$@" "$q" >out 2>err
	got=$(sed -n '1s/ results*$//p' out)
	if [ "$got" = "$want" ]; then
		tap "'$q' $* has $want results" ""
	else
		tap "'$q' $* has $want results" "got: $got"
	fi
}

# Catalan, with and without accents and the middle dot
best "xarxa municipis" organisation/xarxa-municipis-lgtbi-catalunya
best "xarxa de municipis LGTBI" organisation/xarxa-municipis-lgtbi-catalunya
best "col·laboració" practice/barcelona-international-municipalism
best "collaboracio" practice/barcelona-international-municipalism
best "col.laboracio" practice/barcelona-international-municipalism
best "gènere" organisation/intersectionality-metropolitan-lgbti-policies
best "GENERE" organisation/intersectionality-metropolitan-lgbti-policies
# elisions
best "havana" partnership/barcelona-havana
best "l'Havana" partnership/barcelona-havana
best "l’Havana" partnership/barcelona-havana
best "d'Amsterdam" city/amsterdam
# typos, and none for short words or with --no-typos
best "barcelnoa" city/barcelona --kind city
best "amstredam" city/amsterdam
total "amstredam" 0 --no-typos
total "amsterdma" 1 --no-typos	# cut short, it still meets the stem "amsterd"
# English, Spanish, French, Italian
best "rainbow cities" organisation/rainbow-cities-network
best "educating cities" organisation/educating-cities
best "ciudades educadoras" organisation/educating-cities
best "cooperación La Habana" partnership/barcelona-havana
best "villes" organisation/educating-cities --kind organisation
best "municipalismo internazionale" practice/barcelona-international-municipalism
# prefix while typing
best "intersec" organisation/intersectionality-metropolitan-lgbti-policies --prefix
# "intersec" is the Catalan stem of "interseccional": found without --prefix
best "intersec" organisation/intersectionality-metropolitan-lgbti-policies
# phrases, exclusion, OR
total '"rainbow cities network"' 1
total '"network rainbow"' 0
total "maputo OR havana" 5
all=$("$BIN" --db s.db search --limit 0 cooperation | sed -n '1s/ results*$//p')
with=$("$BIN" --db s.db search --limit 0 "cooperation havana" | sed -n '1s/ results*$//p')
total "cooperation -havana" $((all - with))
[ "$with" -ge 2 ] && [ "$all" -gt "$with" ]
tap "cooperation: $all results, $with of them with havana" "$([ $? -eq 0 ] || echo "too few to test exclusion")"
# filters and facets
total "" 1 --kind practice --year 2015..2020
total "" 0 --kind practice --year 2019..
total "" 13 --kind city
total "" 2 --kind city --country ES --country CU
total "" 0 --topic no-such-topic

# Facet counts are disjunctive: a country filter leaves other countries' counts.
"$BIN" --db s.db search --json --kind city --country ES >out 2>err
python3 - out <<'PY' >check 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
countries = {c["value"]: c["count"] for c in d["facets"]["country"]}
assert d["total"] == 1, d["total"]
assert countries.get("ES") == 1 and countries.get("DE") == 2, countries
# The kind facet ignores its own filter: every kind in Spain.
kinds = {c["value"]: c["count"] for c in d["facets"]["kind"]}
assert kinds == {"organisation": 5, "partnership": 5, "city": 1,
                 "practice": 1}, kinds
PY
tap "disjunctive counts keep the other countries" "$(cat check)"

# Snippets mark the words found and escape the text.
"$BIN" --db s.db search --json "cooperació" >out 2>err
python3 - out <<'PY' >check 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
snips = [h.get("snippet", "") for h in d["hits"]]
assert any("<mark>" in s for s in snips), snips
assert not any("<" in s.replace("<mark>", "").replace("</mark>", "") for s in snips), snips
PY
tap "snippets mark matched words and contain no other markup" "$(cat check)"

# Bad input: clear errors, status 1.
"$BIN" --db s.db search --year 20x0 x >out 2>err
rc=$?
[ $rc -eq 1 ] && grep -q 'not a year or a range' err
tap "--year 20x0 is refused" "$([ $? -eq 0 ] || echo "status $rc: $(cat err)")"
long=$(python3 -c 'print("a" * 2000)')
"$BIN" --db s.db search "$long" >out 2>err
rc=$?
[ $rc -eq 1 ] && grep -q 'too long' err
tap "a 2000-byte query is refused" "$([ $? -eq 0 ] || echo "status $rc: $(cat err)")"
"$BIN" --db s.db search "$(printf 'bad \377')" >out 2>err
rc=$?
[ $rc -eq 1 ] && grep -q 'UTF-8' err
tap "invalid UTF-8 in a query is refused" "$([ $? -eq 0 ] || echo "status $rc: $(cat err)")"
"$BIN" --db s.db search '!!! ... ---' >out 2>err
rc=$?
[ $rc -eq 0 ] && grep -q '^[0-9]* results' out
tap "a query of punctuation only browses" "$([ $? -eq 0 ] || echo "status $rc: $(cat err)")"
echo "1..$n"
