#!/bin/sh
# test_api.sh - the JSON API under /api/v1 against a real server on a
# loopback port and a fresh demo store: search results and disjunctive
# counts, lists and pages, records, every error as problem+json naming the
# parameter, HEAD, ETag/304, gzip, CORS, escaping of hostile data in
# snippets, and every response checked against www/openapi.json by
# tests/http/api_check.py. Prints TAP.
# SPDX-License-Identifier: MIT
#
# Run alone from the repository root (sh tests/http/test_api.sh) or through
# tests/run.sh, which exports INTERCITY_BIN (the ASan build) and TEST_TMP.
set -u
cd "$(dirname "$0")/../.."

BIN=${INTERCITY_BIN:-$PWD/build/asan/intercity}
TEST_TMP=${TEST_TMP:-$PWD/test-results/tmp}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Debian's interpreter, where python3-jsonschema is installed (another
# python3 may come first on PATH).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

n=0
nfail=0
pids=""
mkdir -p "$TEST_TMP"
tmp=$(mktemp -d "$TEST_TMP/http-api.XXXXXX")
manifest="$tmp/manifest.tsv"
: >"$manifest"

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $1"; }
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
diag() { [ -f "$1" ] && sed 's/^/# /' "$1"; }

cleanup() {
	for p in $pids; do
		if kill -0 "$p" 2>/dev/null; then
			kill -TERM "$p" 2>/dev/null
			sleep 1
			kill -KILL "$p" 2>/dev/null
		fi
	done
	[ "$nfail" -eq 0 ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME DB: serves DB on a free port; sets $base. 1 when it fails.
start() {
	port=$(free_port)
	base="http://127.0.0.1:$port"
	"$BIN" --db "$2" serve --listen "127.0.0.1:$port" --access-log - \
	    >"$tmp/$1.out" 2>"$tmp/$1.err" &
	last=$!
	pids="$pids $last"
	i=0
	while [ $i -lt 100 ]; do
		kill -0 "$last" 2>/dev/null || return 1
		[ "$(curl -s --max-time 1 "$base/healthz" 2>/dev/null)" = ok ] &&
		    return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# api NAME PATH-AND-QUERY [CURL-ARGS...]: GETs it, saves $tmp/NAME.head
# and $tmp/NAME.body, adds the response to the manifest the OpenAPI
# checker reads, and prints the status code.
api() {
	name=$1
	target=$2
	shift 2
	code=$(curl -sS --max-time 10 -o "$tmp/$name.body" -D "$tmp/$name.raw" \
	    -w '%{http_code}' "$@" "$base$target" 2>"$tmp/$name.curlerr") || true
	tr -d '\r' <"$tmp/$name.raw" >"$tmp/$name.head" 2>/dev/null
	ctype=$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$tmp/$name.head" | tail -1)
	case $code in
	000) ;;
	*) printf '%s\t%s\t%s\t%s\n' "${target%%\?*}" "$code" "$ctype" \
	    "$tmp/$name.body" >>"$manifest" ;;
	esac
	echo "${code:-000}"
}
hdr() { grep -qiE "$2" "$tmp/$1.head"; }
# js NAME PYTHON-EXPR: the expression is true of the body parsed as d.
js() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$tmp/$1.body" "$2" 2>>"$tmp/js.err"
}
# problem NAME STATUS PARAM DESC: a problem+json reply naming PARAM.
problem() {
	check "$4: $2 (got $code)" [ "$code" = "$2" ]
	check "$4: application/problem+json" \
	    hdr "$1" '^Content-Type: application/problem\+json'
	check "$4: names the parameter \"$3\"" \
	    js "$1" "d['status'] == $2 and d['type'] == 'about:blank' and d.get('parameter') == '$3' and d['detail'].startswith('$3')"
}

# --- stores and servers -------------------------------------------------------

db="$tmp/demo.db"
if ! "$BIN" --db "$db" init --demo >"$tmp/init.out" 2>&1; then
	not_ok "init --demo creates a store"
	diag "$tmp/init.out"
	echo "1..$n"
	exit 1
fi
if ! start demo "$db"; then
	not_ok "server answers /healthz within 10 s"
	diag "$tmp/demo.err"
	echo "1..$n"
	exit 1
fi
ok "server on the demo store answers /healthz"
demo_pid=$last
demo_base=$base

# --- search ------------------------------------------------------------------

code=$(api havana '/api/v1/search?q=havana')
check "search q=havana is 200 (got $code)" [ "$code" = 200 ]
check "search is application/json; charset=utf-8" \
    hdr havana '^Content-Type: application/json; charset=utf-8$'
check "search carries Access-Control-Allow-Origin: *" \
    hdr havana '^Access-Control-Allow-Origin: \*$'
check "q=havana finds barcelona-international-municipalism (2 in all)" \
    js havana "d['total'] == 2 and 'barcelona-international-municipalism' in [h['slug'] for h in d['hits']]"
check "q=havana: the snippet marks the word (from the body: the summary has no match)" \
    js havana "['<mark>Havana</mark>' in h['snippet_html'] for h in d['hits'] if h['slug'] == 'barcelona-international-municipalism'] == [True]"
check "q=havana: the keys come in the documented order" \
    js havana "list(d) == ['total', 'page', 'per_page', 'lang', 'hits', 'facets'] and list(d['facets']) == ['topic', 'country', 'year', 'city', 'network', 'language']"
check "the body is compact JSON" \
    sh -c "python3 -c '
import json, sys
b = open(sys.argv[1], encoding=\"utf-8\").read()
sys.exit(0 if b == json.dumps(json.loads(b), separators=(\",\", \":\"), ensure_ascii=False) else 1)' '$tmp/havana.body'"

code=$(api havana_ca '/api/v1/search?q=havana&lang=ca')
check "lang=ca: title, country and topic names in Catalan" \
    js havana_ca "[(h['title_lang'], h['country'], h['url']) for h in d['hits'] if h['slug'] == 'barcelona-international-municipalism'] == [('ca', {'code': 'ES', 'name': 'Espanya'}, '/ca/practices/barcelona-international-municipalism')] and d['lang'] == 'ca' and {'value': 'international-outlook', 'label': 'Projecció internacional', 'count': 1} in d['facets']['topic']"

code=$(api browse '/api/v1/search')
check "search without q lists the 43 published practices, no snippets" \
    js browse "d['total'] == 43 and len(d['hits']) == 20 and not any('snippet_html' in h for h in d['hits'])"

code=$(api nomatch '/api/v1/search?q=zzqxqzz')
check "a word in no record finds nothing" js nomatch "d['total'] == 0 and d['hits'] == []"

# The same parameters give the same total as the HTML catalogue.
for qs in 'q=havana' 'q=barcelona&topic=international-outlook' 'topic=education' 'q=cooperation&year=2018'; do
	api same "/api/v1/search?$qs" >/dev/null
	want=$(curl -s "$base/en/practices?$qs" | tr -d '\n' |
	    sed -n 's/.*id="results-h"[^>]*>\([0-9][0-9,]*\) practice.*/\1/p' | tr -d ,)
	check "search?$qs: the total equals the HTML catalogue's ($want)" \
	    js same "d['total'] == int('${want:-x}' if '${want:-x}'.isdigit() else -1)"
done

# Organisations have topics to narrow by: 9 in the demo.
code=$(api orgs '/api/v1/search?kind=organisation&per_page=100')
check "kind=organisation finds the 9 organisations" \
    js orgs "d['total'] == 9 and all(h['kind'] == 'organisation' and h['url'].startswith('/api/v1/organisations/') for h in d['hits'])"
code=$(api orgs_edu '/api/v1/search?kind=organisation&topic=education')
check "a topic filter narrows (topic=education: 1 of 9)" \
    js orgs_edu "d['total'] == 1 and d['hits'][0]['slug'] == 'educating-cities'"
check "counts are disjunctive: with topic=education the topic facet counts every topic as without it" \
    python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a["facets"]["topic"] == b["facets"]["topic"] and len(a["facets"]["topic"]) > 1 else 1)' \
    "$tmp/orgs.body" "$tmp/orgs_edu.body"
check "…while the other facets count within the selection" \
    js orgs_edu "sum(v['count'] for v in d['facets']['country']) == 1"
code=$(api sel0 '/api/v1/search?topic=education&country=ES')
check "a selected value with nothing left is listed with count 0" \
    js sel0 "d['total'] == 0 and d['facets']['country'] == [{'value': 'NL', 'label': 'Netherlands', 'count': 2}, {'value': 'JP', 'label': 'Japan', 'count': 1}, {'value': 'ES', 'label': 'Spain', 'count': 0}]"

code=$(api pfx '/api/v1/search?kind=city&q=bar&prefix=1')
check "prefix=1: \"bar\" finds Barcelona as you type" \
    js pfx "[h['slug'] for h in d['hits']] == ['barcelona']"
code=$(api nopfx '/api/v1/search?kind=city&q=bar')
check "without prefix=1 \"bar\" is a whole word" js nopfx "d['total'] == 0"
code=$(api kinds '/api/v1/search?kind=city&kind=partnership&q=havana')
check "several kinds at once (city and partnership)" \
    js kinds "{h['kind'] for h in d['hits']} == {'city', 'partnership'}"

# --- lists and pages ------------------------------------------------------------

api c1 '/api/v1/cities?per_page=15' >/dev/null
api c2 '/api/v1/cities?per_page=15&page=2' >/dev/null
api c3 '/api/v1/cities?per_page=15&page=3' >/dev/null
check "cities: 34, pages of 15, 15 and 4" \
    sh -c "python3 -c '
import json, sys
p = [json.load(open(f)) for f in sys.argv[1:]]
slugs = [i[\"slug\"] for x in p for i in x[\"items\"]]
ok = [x[\"total\"] for x in p] == [34] * 3 and [len(x[\"items\"]) for x in p] == [15, 15, 4]
ok = ok and len(set(slugs)) == 34 and slugs == sorted(slugs)
sys.exit(0 if ok else 1)' '$tmp/c1.body' '$tmp/c2.body' '$tmp/c3.body'"
check "cities: next on pages 1 and 2, prev on 2 and 3, none past the end" \
    sh -c "python3 -c '
import json, sys
a, b, c = [json.load(open(f)) for f in sys.argv[1:]]
ok = a[\"next\"] == \"/api/v1/cities?page=2&per_page=15\" and \"prev\" not in a
ok = ok and b[\"next\"] == \"/api/v1/cities?page=3&per_page=15\" and b[\"prev\"] == \"/api/v1/cities?page=1&per_page=15\"
ok = ok and \"next\" not in c
sys.exit(0 if ok else 1)' '$tmp/c1.body' '$tmp/c2.body' '$tmp/c3.body'"
next=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next"])' "$tmp/c1.body")
api cnext "$next" >/dev/null
check "following next gives page 2" cmp -s "$tmp/cnext.body" "$tmp/c2.body"
code=$(api cpast '/api/v1/cities?page=9')
check "a page past the end is 200 with no items" js cpast "d['items'] == [] and d['total'] == 34"

for k in practices organisations cities partnerships topics collections; do
	code=$(api "l_$k" "/api/v1/$k?per_page=100&lang=fr")
	check "GET /api/v1/$k is 200 (got $code)" [ "$code" = 200 ]
	slug=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["items"][0]["slug"] if d["items"] else "")' "$tmp/l_$k.body" 2>/dev/null)
	code=$(api "g_$k" "/api/v1/$k/$slug?lang=fr")
	check "GET /api/v1/$k/$slug is 200 with the record (got $code)" \
	    js "g_$k" "d['slug'] == '$slug' and d['record']['slug'] == '$slug' and d['lang'] == 'fr'"
done
check "lists: practices 43, organisations 9, cities 34, partnerships 5, topics 22, collections 2" \
    sh -c "python3 -c '
import json, sys
t = [json.load(open(f))[\"total\"] for f in sys.argv[1:]]
sys.exit(0 if t == [43, 9, 34, 5, 22, 2] else 1)' $tmp/l_practices.body $tmp/l_organisations.body $tmp/l_cities.body $tmp/l_partnerships.body $tmp/l_topics.body $tmp/l_collections.body"
code=$(api prac '/api/v1/practices/barcelona-international-municipalism?lang=es')
check "a practice: the import-format record and its references resolved in lang" \
    js prac "d['record']['year'] == 2018 and 'ca' in d['record']['title'] and d['resolved']['city'] == {'slug': 'barcelona', 'name': 'Barcelona'} and d['resolved']['country'] == {'code': 'ES', 'name': 'España'} and d['resolved']['organisations'][0]['slug'] == 'intercultural-cities'"
code=$(api part '/api/v1/partnerships/barcelona-havana')
check "a partnership's parties are resolved" \
    js part "d['resolved']['parties'][1] == {'kind': 'city', 'city': {'slug': 'havana', 'name': 'Havana'}}"
code=$(api pp '/api/v1/practices?per_page=100')
check "per_page=100 is accepted" [ "$code" = 200 ]

# --- memberships, networks, filters and GeoJSON ----------------------------------

# The demo data read directly: what the answers must hold.
demo_py() {
	python3 -c '
import glob, json, sys
d = {}
for f in sorted(glob.glob("data/demo/*.json")):
    for k, v in json.load(open(f)).items():
        if isinstance(v, list): d.setdefault(k, []).extend(v)
mem = d["memberships"]
def mslug(m):
    s = m["organisation"] + "--" + m["city"]
    if m.get("role", "member") != "member": s += "--" + m["role"]
    if "since" in m: s += "--" + m["since"]
    return s
'"$1"
}
nmem=$(demo_py 'print(len(mem))')
code=$(api m_all '/api/v1/memberships?per_page=100')
check "GET /api/v1/memberships lists the $nmem memberships by slug (got $code)" \
    js m_all "d['total'] == $nmem and [i['slug'] for i in d['items']] == sorted(i['slug'] for i in d['items']) and all(i['kind'] == 'membership' for i in d['items'])"
want=$(demo_py 'print(sorted(mslug(m) for m in mem if m["organisation"] == "rainbow-cities-network"))')
code=$(api m_rcn '/api/v1/memberships?network=rainbow-cities-network&lang=ca')
check "memberships?network=rainbow-cities-network: its members, roles and dates" \
    js m_rcn "[i['slug'] for i in d['items']] == $want and all(i['organisation'] == {'slug': 'rainbow-cities-network', 'name': 'Rainbow Cities Network'} and i['role'] == 'founder' and i['since'] == '2011' for i in d['items'])"
want=$(demo_py 'print(sorted(mslug(m) for m in mem if m["city"] == "barcelona"))')
code=$(api m_bcn '/api/v1/memberships?city=barcelona&per_page=100')
check "memberships?city=barcelona: Barcelona's networks and projects" \
    js m_bcn "[i['slug'] for i in d['items']] == $want and len(d['items']) > 2"
code=$(api m_both '/api/v1/memberships?city=barcelona&city=amsterdam&network=rainbow-cities-network')
check "city= values are ORed, network= ANDed with them" \
    js m_both "[i['city']['slug'] for i in d['items']] == ['amsterdam', 'barcelona']"
code=$(api m_p1 '/api/v1/memberships?city=barcelona&per_page=2')
check "next keeps the filter" js m_p1 "d['next'] == '/api/v1/memberships?page=2&per_page=2&city=barcelona'"
slug=$(demo_py 'print(mslug([m for m in mem if m["city"] == "barcelona" and m["organisation"] == "rainbow-cities-network"][0]))')
code=$(api m_one "/api/v1/memberships/$slug?lang=es")
check "GET /api/v1/memberships/$slug: the record and its references resolved (got $code)" \
    js m_one "d['record']['organisation'] == 'rainbow-cities-network' and d['resolved']['city'] == {'slug': 'barcelona', 'name': 'Barcelona'} and d['role'] == 'founder' and d['country']['code'] == 'ES'"
code=$(api m_404 '/api/v1/memberships/no-such-membership')
check "an unknown membership is a 404 problem (got $code)" \
    js m_404 "d['status'] == 404 and 'no-such-membership' in d['detail']"
code=$(api m_bad '/api/v1/memberships?network=%3Cscript%3E'); problem m_bad 400 network "memberships?network=<script>"
code=$(api m_badc '/api/v1/memberships?city=Barcelona'); problem m_badc 400 city "memberships?city=Barcelona"

nproj=$(demo_py 'print(sum(1 for o in d["organisations"] if o["kind"] == "project"))')
code=$(api o_proj '/api/v1/organisations?type=project')
check "organisations?type=project: the $nproj joint project(s), with their member counts" \
    js o_proj "d['total'] == $nproj and all(i['type'] == 'project' for i in d['items']) and d['items'][0]['members'] == $(demo_py 'print(sum(1 for m in mem if m["organisation"] == [o for o in d["organisations"] if o["kind"] == "project"][0]["slug"]))')"
code=$(api o_net '/api/v1/organisations?type=network&per_page=100')
check "organisations?type=network: only networks" \
    js o_net "d['total'] == $(demo_py 'print(sum(1 for o in d["organisations"] if o["kind"] == "network"))') and {i['type'] for i in d['items']} == {'network'}"
code=$(api o_bad '/api/v1/organisations?type=club'); problem o_bad 400 type "organisations?type=club"
code=$(api c_net '/api/v1/cities?network=rainbow-cities-network')
check "cities?network=: the member cities" \
    js c_net "[i['slug'] for i in d['items']] == $(demo_py 'print(sorted(m["city"] for m in mem if m["organisation"] == "rainbow-cities-network"))')"
code=$(api c_cc '/api/v1/cities?network=rainbow-cities-network&country=es')
check "cities?network=&country=es: ANDed, lower case accepted" \
    js c_cc "[i['slug'] for i in d['items']] == ['barcelona']"
code=$(api p_city '/api/v1/partnerships?city=medellin')
check "partnerships?city=medellin: found through the group of Colombian cities" \
    js p_city "[i['slug'] for i in d['items']] == ['barcelona-colombian-cities']"

code=$(api geo_cities '/api/v1/cities.geojson?lang=es')
check "GET /api/v1/cities.geojson is 200 application/geo+json (got $code)" \
    sh -c "[ $code = 200 ] && grep -qi '^Content-Type: application/geo+json' '$tmp/geo_cities.head'"
check "cities.geojson: every city with coordinates, [lon, lat], names in lang" \
    js geo_cities "d['type'] == 'FeatureCollection' and len(d['features']) == $(demo_py 'print(sum(1 for c in d["cities"] if "lat" in c))') and [f for f in d['features'] if f['id'] == 'havana'][0]['geometry']['coordinates'] == $(demo_py 'c = [c for c in d["cities"] if c["slug"] == "havana"][0]; print([c["lon"], c["lat"]])') and [f for f in d['features'] if f['id'] == 'havana'][0]['properties']['name'] == 'La Habana'"
code=$(api geo_cnet '/api/v1/cities.geojson?network=rainbow-cities-network')
check "cities.geojson?network=: its members only" \
    js geo_cnet "sorted(f['id'] for f in d['features']) == $(demo_py 'print(sorted(m["city"] for m in mem if m["organisation"] == "rainbow-cities-network"))')"
code=$(api geo_nets '/api/v1/networks.geojson')
check "networks.geojson: networks at their headquarters, projects left out" \
    js geo_nets "sorted(f['id'] for f in d['features']) == $(demo_py 'print(sorted(o["slug"] for o in d["organisations"] if o["kind"] != "project" and o.get("headquarters") in {c["slug"] for c in d["cities"] if "lat" in c}))') and all(f['geometry']['type'] == 'Point' for f in d['features'])"
code=$(api geo_part '/api/v1/partnerships.geojson?city=havana')
check "partnerships.geojson?city=havana: one line, Barcelona to Havana" \
    js geo_part "[(f['id'], f['geometry']['type'], f['properties']['city_slugs']) for f in d['features']] == [('barcelona-havana', 'MultiLineString', 'barcelona;havana')]"
code=$(api geo_bad '/api/v1/partnerships.geojson?city=%3Cx%3E'); problem geo_bad 400 city "partnerships.geojson?city=<x>"
code=$(api geo_badl '/api/v1/networks.geojson?lang=de'); problem geo_badl 400 lang "networks.geojson?lang=de"
code=$(api geo_badn '/api/v1/cities.geojson?network=A%20B'); problem geo_badn 400 network "cities.geojson?network=A B"

# --- errors ---------------------------------------------------------------------

code=$(api e_year '/api/v1/search?year=abc'); problem e_year 400 year "year=abc"
code=$(api e_page '/api/v1/search?page=-1'); problem e_page 400 page "page=-1"
check "page=-1: the detail is the documented one" \
    js e_page "d['detail'] == 'page: \"-1\" is not a page number from 1 to 1000' and d['title'] == 'Bad Request'"
code=$(api e_pp '/api/v1/cities?per_page=101'); problem e_pp 400 per_page "per_page=101 on a list"
code=$(api e_lang '/api/v1/search?lang=de'); problem e_lang 400 lang "lang=de"
code=$(api e_lang2 '/api/v1/topics/education?lang=xx'); problem e_lang2 400 lang "lang=xx on a record"
code=$(api e_sort '/api/v1/search?sort=best'); problem e_sort 400 sort "sort=best"
code=$(api e_pfx '/api/v1/search?prefix=yes'); problem e_pfx 400 prefix "prefix=yes"
code=$(api e_kind '/api/v1/search?kind=country'); problem e_kind 400 kind "kind=country"
code=$(api e_range '/api/v1/search?from=2020&to=2010'); problem e_range 400 from "from after to"
code=$(api e_topic '/api/v1/search?topic=%3Cscript%3E'); problem e_topic 400 topic "topic=<script>"
q2k=$(python3 -c 'print("a" * 2000)')
code=$(api e_q "/api/v1/search?q=$q2k"); problem e_q 400 q "a 2,000-byte q"
code=$(api e_utf8 '/api/v1/search?q=%FF%FE'); problem e_utf8 400 q "invalid UTF-8 in q"
check "invalid UTF-8: the detail says so" js e_utf8 "'UTF-8' in d['detail']"
f300=$(python3 -c 'print("&".join("topic=t%d" % i for i in range(300)))')
code=$(api e_f300 "/api/v1/search?$f300"); problem e_f300 400 topic "300 topic filters"
many=$(python3 -c 'print("&".join("x=%d" % i for i in range(600)))')
code=$(api e_many "/api/v1/search?$many"); problem e_many 400 x "600 parameters"
q9k=$(python3 -c 'print("a" * 9000)')
code=$(api e_long "/api/v1/search?q=$q9k"); problem e_long 400 q "a 9,000-byte q"
q100k=$(python3 -c 'print("a" * 100000)')
code=$(api e_huge "/api/v1/search?q=$q100k"); problem e_huge 400 q "a 100 KB q"
f5k=$(python3 -c 'print("&".join("topic=t%d" % i for i in range(5000)))')
code=$(api e_f5k "/api/v1/search?$f5k"); problem e_f5k 400 topic "5,000 topic filters"
code=$(api after '/api/v1/search?q=havana')
check "the server still answers after the bad requests" [ "$code" = 200 ]
code=$(api e_404 '/api/v1/practices/no-such-practice')
check "an unknown practice is 404 problem+json" \
    js e_404 "d['status'] == 404 and d['title'] == 'Not Found' and 'no-such-practice' in d['detail']"
check "the 404 carries the CORS header" hdr e_404 '^Access-Control-Allow-Origin: \*$'
code=$(api e_nope '/api/v1/widgets')
check "an unknown kind is 404 problem+json (got $code)" \
    sh -c "[ $code = 404 ] && grep -qi '^Content-Type: application/problem+json' '$tmp/e_nope.head'"
code=$(api e_deep '/api/v1/practices/a/b/c')
check "an unknown address under /api/ is 404 problem+json (got $code)" \
    sh -c "[ $code = 404 ] && grep -qi '^Content-Type: application/problem+json' '$tmp/e_deep.head'"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/search")
check "POST is 405 (got $code)" [ "$code" = 405 ]

# --- HTTP: HEAD, ETag, gzip ---------------------------------------------------------

raw_head() {
	python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"HEAD /api/v1/search?q=havana HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, sep, body = data.partition(b"\r\n\r\n")
ok = sep and head.startswith(b"HTTP/1.1 200") and body == b""
ok = ok and b"application/json" in head and b"Access-Control-Allow-Origin: *" in head
sys.exit(0 if ok else 1)
' "$port"
}
check "HEAD /api/v1/search is 200 with the headers and no body" raw_head

etag=$(sed -n 's/^ETag: *//p' "$tmp/havana.head")
check "search has an ETag" [ -n "$etag" ]
code=$(api cached '/api/v1/search?q=havana' -H "If-None-Match: $etag")
check "If-None-Match with the ETag is 304 (got $code)" [ "$code" = 304 ]
check "the 304 carries the CORS header" hdr cached '^Access-Control-Allow-Origin: \*$'

code=$(api gz '/api/v1/search?q=havana' -H 'Accept-Encoding: gzip')
check "Accept-Encoding: gzip gives Content-Encoding: gzip" hdr gz '^Content-Encoding: gzip$'
check "the gzipped body is the same JSON" \
    sh -c "python3 -c '
import gzip, sys
sys.exit(0 if gzip.decompress(open(sys.argv[1], \"rb\").read()) == open(sys.argv[2], \"rb\").read() else 1)' '$tmp/gz.body' '$tmp/havana.body'"
# The manifest's checker reads plain JSON; this body was gzip.
grep -v "/gz.body\$" "$manifest" >"$manifest.tmp" && mv "$manifest.tmp" "$manifest"

# --- the OpenAPI document ---------------------------------------------------------

code=$(api oa '/api/v1/openapi.json')
check "GET /api/v1/openapi.json is 200 JSON (got $code)" \
    sh -c "[ $code = 200 ] && grep -qi '^Content-Type: application/json' '$tmp/oa.head'"
check "the document is OpenAPI 3.1 with the JSON Schema 2020-12 dialect" \
    js oa "d['openapi'] == '3.1.0' and d['jsonSchemaDialect'] == 'https://json-schema.org/draft/2020-12/schema'"
check "the document describes every route of src/api_routes.c" \
    sh -c "python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
routes = re.findall(r\"API_PREFIX \\\"([^\\\"]*)\\\"\", open(\"src/api_routes.c\").read())
kinds = [\"practices\", \"organisations\", \"cities\", \"partnerships\", \"topics\", \"collections\", \"memberships\"]
want = []
for r in routes:
    if r == \"/:kind\": want += [\"/api/v1/\" + k for k in kinds]
    elif r == \"/:kind/:slug\": want += [\"/api/v1/\" + k + \"/{slug}\" for k in kinds]
    else: want.append(\"/api/v1\" + r)
miss = [w for w in want if w not in d[\"paths\"]]
print(\"# missing:\", miss) if miss else None
sys.exit(1 if miss or len(routes) < 4 else 0)' '$tmp/oa.body'"

# --- hostile data: a second store ----------------------------------------------------

cat >"$tmp/evil.json" <<'EOF'
{"format": "intercity", "version": 1, "practices": [
 {"slug": "evil-practice", "city": "barcelona", "year": 2020,
  "topics": ["education"],
  "title": {"en": "<script>alert(1)</script> Zyxwv title"},
  "summary": {"en": "Zyxwv <img src=x onerror=alert(2)> & \"quotes\" <b>bold</b>"},
  "body": {"en": "Zyxwv body <script>alert(3)</script>"}},
 {"slug": "draft-practice", "status": "draft", "city": "barcelona",
  "year": 2021, "title": {"en": "A draft zyxwv"}},
 {"slug": "second-practice", "city": "havana", "year": 2019,
  "topics": ["education", "international-outlook"],
  "title": {"en": "Second practice"}}
]}
EOF
db2="$tmp/evil.db"
if "$BIN" --db "$db2" init --demo >"$tmp/init2.out" 2>&1 &&
    "$BIN" --db "$db2" import "$tmp/evil.json" >"$tmp/import2.out" 2>&1 &&
    start evil "$db2"; then
	ok "a second store with hostile data serves"
	evil_pid=$last
	code=$(api evil '/api/v1/search?q=zyxwv')
	check "q=zyxwv finds the hostile practice and not the draft" \
	    js evil "[h['slug'] for h in d['hits']] == ['evil-practice']"
	check "snippet_html escapes the data: only <mark> is markup" \
	    js evil "'&lt;img src=x onerror=alert(2)&gt;' in d['hits'][0]['snippet_html'] and '<' not in d['hits'][0]['snippet_html'].replace('<mark>', '').replace('</mark>', '')"
	check "the title is data, as written (JSON strings are not HTML)" \
	    js evil "d['hits'][0]['title'] == '<script>alert(1)</script> Zyxwv title'"
	check "no raw <script> or <img in the body's bytes outside JSON strings' text" \
	    sh -c "! grep -q '<img' '$tmp/evil.body'"
	code=$(api evilbody '/api/v1/search?q=body')
	check "a match only in the body gives a body snippet, escaped" \
	    js evilbody "any('<mark>body</mark> &lt;script&gt;alert(3)' in h.get('snippet_html', '') and '<script' not in h['snippet_html'] for h in d['hits'])"
	code=$(api draft '/api/v1/practices/draft-practice')
	check "a draft practice is 404 (got $code)" \
	    sh -c "[ $code = 404 ] && grep -qi '^Content-Type: application/problem+json' '$tmp/draft.head'"
	code=$(api evlist '/api/v1/practices')
	check "the practice list: published only (45), newest first" \
	    js evlist "d['total'] == 45 and 'draft-practice' not in [i['slug'] for i in d['items']] and [i['year'] for i in d['items']] == sorted([i['year'] for i in d['items']], reverse=True)"
	code=$(api narrow '/api/v1/search?topic=education')
	check "a topic filter narrows the practices (45 -> 5)" js narrow "d['total'] == 5"
	code=$(api narrow2 '/api/v1/search?topic=education&country=CU')
	check "topic=education&country=CU: 1, and the country facet still counts the others" \
	    js narrow2 "d['total'] == 1 and d['hits'][0]['slug'] == 'second-practice' and {v['value']: v['count'] for v in d['facets']['country']} == {'NL': 2, 'CU': 1, 'ES': 1, 'JP': 1}"
else
	not_ok "a second store with hostile data serves"
	diag "$tmp/import2.out"
	diag "$tmp/evil.err"
fi

# --- every response against the OpenAPI document ------------------------------------

check "python3-jsonschema is installed ($PY)" "$PY" -c 'import jsonschema'
if "$PY" tests/http/api_check.py www/openapi.json "$manifest" >"$tmp/check.out" 2>&1; then
	ok "every API response of this run matches www/openapi.json ($(tail -1 "$tmp/check.out"))"
else
	not_ok "every API response of this run matches www/openapi.json"
	diag "$tmp/check.out"
fi
check "the manifest holds the run's responses" \
    [ "$(wc -l <"$manifest")" -gt 60 ]

# The checker must be able to fail: a document that says total is a string,
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["components"]["schemas"]["SearchResult"]["properties"]["total"] = {"type": "string"}
json.dump(d, open(sys.argv[2], "w"))' www/openapi.json "$tmp/wrong-doc.json"
check "the checker rejects responses against a wrong document" \
    sh -c "! '$PY' tests/http/api_check.py '$tmp/wrong-doc.json' '$manifest' >'$tmp/wrong1.out' 2>&1 && grep -q '/total' '$tmp/wrong1.out'"
# a response without its hits,
printf '{"total":1,"page":1,"per_page":20,"lang":"en","facets":{}}' >"$tmp/bad.body"
printf '/api/v1/search\t200\tapplication/json; charset=utf-8\t%s\n' "$tmp/bad.body" >"$tmp/bad.tsv"
check "the checker rejects a search response without hits" \
    sh -c "! '$PY' tests/http/api_check.py www/openapi.json '$tmp/bad.tsv' >'$tmp/wrong2.out' 2>&1 && grep -q 'hits' '$tmp/wrong2.out'"
# an error sent as HTML, and an undeclared status.
printf '/api/v1/search\t400\ttext/html; charset=utf-8\t%s\n/api/v1/cities\t418\tapplication/json\t%s\n' \
    "$tmp/bad.body" "$tmp/bad.body" >"$tmp/bad2.tsv"
check "the checker rejects an HTML error and an undeclared status" \
    sh -c "! '$PY' tests/http/api_check.py www/openapi.json '$tmp/bad2.tsv' >'$tmp/wrong3.out' 2>&1 && grep -q 'text/html not declared' '$tmp/wrong3.out' && grep -q '418: status not declared' '$tmp/wrong3.out'"

# --- shutdown ------------------------------------------------------------------------

for p in $demo_pid ${evil_pid:-}; do
	kill -TERM "$p"
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
done
check "the servers stop on SIGTERM" sh -c "! kill -0 $demo_pid 2>/dev/null"
if cat "$tmp"/*.err | grep -qE 'AddressSanitizer|LeakSanitizer|runtime error'; then
	not_ok "no sanitizer report"
	cat "$tmp"/*.err | grep -A20 -E 'Sanitizer|runtime error' | head -60 | sed 's/^/# /'
else
	ok "no sanitizer report"
fi
[ -s "$tmp/js.err" ] && diag "$tmp/js.err"

echo "1..$n"
[ "$nfail" -eq 0 ]
