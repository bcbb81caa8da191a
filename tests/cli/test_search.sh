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
# Bologna's practice has "collaborazione" in its Italian title: the query is
# analysed in every language, so its stem outranks the Catalan body texts.
best "col·laboració" practice/bologna-urban-commons-regulation
best "collaboracio" practice/bologna-urban-commons-regulation
best "col.laboracio" practice/bologna-urban-commons-regulation
best "col·laboració" practice/barcelona-international-municipalism --kind practice --language ca --year 2018
best "gènere" organisation/intersectionality-metropolitan-lgbti-policies
best "GENERE" organisation/intersectionality-metropolitan-lgbti-policies
# elisions
best "havana" city/havana
best "l'Havana" city/havana
best "l’Havana" city/havana
best "l'Havana" partnership/barcelona-havana --kind partnership
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
# (practices tagged with the topic "Gender equality and Intersectionality"
# match it too, through the topic's labels)
best "intersec" organisation/intersectionality-metropolitan-lgbti-policies --kind organisation
# phrases, exclusion, OR
total '"rainbow cities network"' 4	# the network, and the practices of Barcelona, Cologne and Turin
total '"network rainbow"' 0
a=$("$BIN" --db s.db search --limit 0 maputo | sed -n '1s/ results*$//p')
b=$("$BIN" --db s.db search --limit 0 havana | sed -n '1s/ results*$//p')
ab=$("$BIN" --db s.db search --limit 0 "maputo havana" | sed -n '1s/ results*$//p')
total "maputo OR havana" $((a + b - ab))
total "maputo OR havana" 4 --kind city --kind partnership
all=$("$BIN" --db s.db search --limit 0 cooperation | sed -n '1s/ results*$//p')
with=$("$BIN" --db s.db search --limit 0 "cooperation havana" | sed -n '1s/ results*$//p')
total "cooperation -havana" $((all - with))
[ "$with" -ge 2 ] && [ "$all" -gt "$with" ]
tap "cooperation: $all results, $with of them with havana" "$([ $? -eq 0 ] || echo "too few to test exclusion")"
# The demo practices (data/demo/practices.json), one query per language
best "refugiats" practice/barcelona-refuge-city
best "l'acollida" practice/barcelona-refuge-city --language ca
best "dialeg interreligios" practice/barcelona-office-religious-affairs
best "presupuesto participativo" practice/mexico-city-participatory-budget
best "hate speech" practice/kawasaki-ordinance-against-hate-speech
best "accueil des nouveaux arrivants" practice/montreal-newcomer-integration-office
best "budget participatif" practice/paris-participatory-budget
best "beni comuni" practice/bologna-urban-commons-regulation
best "accoglienza" practice/palermo-charter-human-mobility --language it
best "superiles" practice/barcelona-superblocks		# a letter missing
best "Hamamtsu" city/hamamatsu				# two letters swapped
best "cafés linguistiques" practice/stockholm-library-language-cafes
# filters and facets
total "" 31 --kind practice --year 2015..2020
total "" 22 --kind practice --year 2019..
total "" 2 --kind practice --year 2024
total "" 1 --kind practice --topic roma
total "" 6 --kind practice --topic refugees --year ..2017
total "" 34 --kind city
total "" 3 --kind city --country ES --country CU
total "" 0 --topic no-such-topic

# Facet counts are disjunctive: a country filter leaves other countries' counts.
"$BIN" --db s.db search --json --kind city --country ES >out 2>err
python3 - out <<'PY' >check 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
countries = {c["value"]: c["count"] for c in d["facets"]["country"]}
assert d["total"] == 2, d["total"]
assert countries.get("ES") == 2 and countries.get("DE") == 2, countries
# The kind facet ignores its own filter: every kind in Spain.
kinds = {c["value"]: c["count"] for c in d["facets"]["kind"]}
assert kinds == {"organisation": 5, "partnership": 5, "city": 2,
                 "practice": 11}, kinds
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
