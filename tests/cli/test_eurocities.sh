#!/bin/sh
# test_eurocities.sh - "intercity import --format eurocities" on the real file.
# SPDX-License-Identifier: MIT
#
# Imports the committed Eurocities member list (tests/data/eurocities) into a
# demo store and checks what a user would: the network and one membership per
# member city, cities matched to the demo ones (Barcelona by its Wikidata id,
# Athens by name) rather than duplicated, the report of names not imported,
# that a second import changes nothing, that a bad file changes nothing
# (sqlite3 .dump identical), and that export and re-import round-trip. TAP.
#
# Run alone from the repository root: sh tests/cli/test_eurocities.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
BIN=${INTERCITY_BIN:-build/asan/intercity}
DATA=${INTERCITY_DATA:-data}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
FILE=$ROOT/tests/data/eurocities/members-wikidata-enriched.json
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/eurocities.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1

. "$ROOT/tests/cli/lib.sh"
[ -x "$BIN" ] || bail "$BIN is not built (make build/asan/intercity)"
[ -r "$FILE" ] || bail "$FILE is missing"
command -v sqlite3 >/dev/null || bail "the sqlite3 command is not installed"

"$BIN" --db base.db init --demo --data "$DATA" >init.out 2>init.err ||
    bail "init --demo failed: $(head -n 3 init.err)"

q() { sqlite3 "$1" "$2" 2>&1; }
ncities() { q "$1" "SELECT count(*) FROM city"; }
nmembers() {
	q "$1" "SELECT count(*) FROM membership m JOIN entity o
	    ON o.id = m.organisation WHERE o.slug = 'eurocities'"
}
# expect DESC GOT WANT
expect() {
	if [ "$2" = "$3" ]; then tap "$1" ""; else tap "$1" "got $2, wanted $3"; fi
}

# The file's own numbers: 209 members, three of them listed twice under
# another name (same Wikidata id), 19 names the source found no item for.
members=$(grep -c '"name_on_website"' "$FILE")
distinct=$(grep '"wikidata_id"' "$FILE" | sort -u | wc -l | tr -d ' ')
expect "the file has 209 members with 206 distinct Wikidata ids" \
    "$members/$distinct" "209/206"

# ---- the first import ------------------------------------------------------

cp base.db a.db
before=$(ncities a.db)
"$BIN" --db a.db import --format eurocities --report report.tsv "$FILE" \
    >out 2>err
rc=$?
expect "import exits 0" "$rc" 0
after=$(ncities a.db)
created=$((after - before))
matched=$(sed -n 's/^ *\([0-9]*\) cities matched to stored cities$/\1/p' out)
expect "one network, of kind network, founded 1986, seated in Brussels" \
    "$(q a.db "SELECT o.kind, o.founded, h.slug, o.website FROM organisation o
    JOIN entity e ON e.id = o.id JOIN entity h ON h.id = o.headquarters
    WHERE e.slug = 'eurocities'")" "network|1986|brussels|https://eurocities.eu"
expect "the network is named Eurocities in the five languages" \
    "$("$BIN" --db a.db history organisation eurocities | tail -n 1 |
    grep -o '"[a-z][a-z]": "Eurocities"' | wc -l | tr -d ' ')" 5
expect "one membership per member city ($distinct)" "$(nmembers a.db)" \
    "$distinct"
expect "cities created ($created) + matched ($matched) = member cities" \
    "$((created + ${matched:-0}))" "$distinct"
grep -q "cities *$created: $created new" out
tap "the summary counts the $created new cities" \
    "$([ $? -eq 0 ] || cat out)"
expect "Barcelona is matched by Wikidata id, not duplicated" \
    "$(q a.db "SELECT count(*) FROM city WHERE wikidata_id = 'Q1492'")/$(q a.db \
    "SELECT count(*) FROM entity WHERE slug = 'eurocities--barcelona'")" "1/1"
expect "demo Athens (no Wikidata id) is matched by name, not duplicated" \
    "$(q a.db "SELECT count(*) FROM entity WHERE kind = 'city' AND slug
    LIKE 'athens%'")/$(q a.db "SELECT count(*) FROM entity WHERE slug =
    'eurocities--athens'")" "1/1"
expect "a new city has its name, country, coordinates, population, id" \
    "$(q a.db "SELECT c.name, k.slug, c.lat, c.lon, c.population, c.wikidata_id
    FROM city c JOIN entity e ON e.id = c.id JOIN entity k ON k.id = c.country
    WHERE e.slug = 'wroclaw'")" "Wrocław|pl|51.11|17.03|673531|Q1799"
expect "Lyon, listed twice, is one city with one membership" \
    "$(q a.db "SELECT count(*) FROM city WHERE wikidata_id = 'Q456'")/$(q a.db \
    "SELECT count(*) FROM entity WHERE slug LIKE 'eurocities--lyon%'")" "1/1"
expect "the membership names its source" \
    "$(q a.db "SELECT s.slug FROM membership m JOIN entity e ON e.id = m.id
    JOIN entity s ON s.id = m.source WHERE e.slug = 'eurocities--barcelona'")" \
    "eurocities-members-city-vote"

# ---- the report --------------------------------------------------------------

why=""
[ "$(head -n 1 report.tsv)" = "$(printf 'name\treason')" ] ||
    why="the first line is not the header"
sed -n '/"not_found"/,/]/p' "$FILE" | sed -n 's/^ *"\(.*\)",*$/\1/p' >nf
[ "$(wc -l <nf)" -eq 19 ] || why="$why
cannot read the 19 not_found names from the file"
while IFS= read -r name; do
	grep -q "^$name	the source found no Wikidata item" report.tsv ||
	    why="$why
$name is not in the report"
done <nf
for name in Lyon Marseille Ampelokipoi-Menemeni; do
	grep -q "^$name	the same city as " report.tsv ||
	    why="$why
$name (listed twice) is not in the report"
done
[ "$(wc -l <report.tsv)" -eq 23 ] || why="$why
the report has $(wc -l <report.tsv) lines, wanted 1 + 19 + 3"
tap "--report lists every not_found name and every name listed twice" "$why"
grep -q "22 entries not imported as such" out
tap "the summary counts the entries not imported" "$([ $? -eq 0 ] || cat out)"

# ---- idempotence -------------------------------------------------------------

sqlite3 a.db .dump >first.dump
"$BIN" --db a.db import --format eurocities "$FILE" >out2 2>err
rc=$?
sqlite3 a.db .dump >second.dump
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
grep -q "nothing changed" out2 || why="$why
the summary does not say nothing changed"
grep -Eq " [1-9][0-9]* new| [1-9][0-9]* updated" out2 && why="$why
the summary reports changes: $(grep -E 'new|updated' out2)"
cmp -s first.dump second.dump || why="$why
the sqlite3 .dump changed"
tap "a second import changes nothing and says so" "$why"

# ---- a dated member count ----------------------------------------------------

# The file holds no date: without --as-of no count is claimed. With the day
# the list was taken, the claim "228 members as of DATE" (209 matched names
# and 19 not), sourced, once however often imported, drawn on the growth
# chart as a marked point.
why=""
c=$(q a.db "SELECT count(*) FROM claim WHERE property = 'member_count' AND
    subject = (SELECT id FROM entity WHERE kind = 'organisation' AND
    slug = 'eurocities')")
[ "$c" = 0 ] || why="$c member counts claimed without --as-of"
cp a.db m.db
"$BIN" --db m.db import --format eurocities --as-of 2025-03-14 "$FILE" \
    >out 2>err || why="$why
exit status $? with --as-of"
grep -q 'claims              1: 1 new' out || why="$why
the summary does not count one new claim: $(grep claims out)"
"$BIN" --db m.db import --format eurocities --as-of 2025-03-14 "$FILE" \
    >out2 2>err2
grep -q 'nothing changed' out2 || why="$why
a second import with the same date changed something: $(tail -n 2 out2)"
c=$(q m.db "SELECT c.value || ' ' || c.as_of || ' ' || s.slug FROM claim c
    JOIN entity e ON e.id = c.id JOIN entity o ON o.id = c.subject
    JOIN entity s ON s.id = c.source
    WHERE o.slug = 'eurocities' AND c.property = 'member_count'")
[ "$c" = "228 2025-03-14 eurocities-members-city-vote" ] || why="$why
the claim is \"$c\""
tap "--as-of DATE claims the members listed as of that date, once" "$why"

why=""
cp a.db bad-date.db
sqlite3 bad-date.db .dump >bd-before.dump
"$BIN" --db bad-date.db import --format eurocities --as-of 2025-02-30 "$FILE" \
    >out 2>err
rc=$?
[ "$rc" = 1 ] || why="exit status $rc, wanted 1"
grep -Fq -- '--as-of: "2025-02-30" is not a date' err || why="$why
stderr: $(head -n 2 err)"
sqlite3 bad-date.db .dump >bd-after.dump
cmp -s bd-before.dump bd-after.dump || why="$why
the store changed"
tap "--as-of with an impossible date is refused and changes nothing" "$why"

# The network page draws the claim on its growth chart.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --db m.db serve --listen "127.0.0.1:$port" --access-log - \
    >serve.out 2>serve.err &
spid=$!
i=0
while [ $i -lt 100 ] && [ "$(curl -s --max-time 1 "http://127.0.0.1:$port/healthz")" != ok ]; do
	sleep 0.1
	i=$((i + 1))
done
curl -s --max-time 30 "http://127.0.0.1:$port/en/networks/eurocities" >page.html
kill -TERM "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
why=""
grep -q 'class="mark"[^>]*data-date="2025-03-14" data-value="228"' page.html ||
    why="no marked point for 228 on 2025-03-14 on the growth chart"
grep -q '14 March 2025: 228' page.html || why="$why
no label \"14 March 2025: 228\""
tap "the Eurocities page's growth chart marks 228 members on 14 March 2025" "$why"

# ---- failing imports leave the store as it was -----------------------------

# bad FIXTURE NEEDLE: importing FIXTURE into a copy of a.db exits 2 with
# NEEDLE (fixed string) on stderr, and the dump is unchanged.
bad() {
	cp a.db case.db
	sqlite3 case.db .dump >before.dump
	"$BIN" --db case.db import --format eurocities "$1" >out 2>err
	rc=$?
	sqlite3 case.db .dump >after.dump
	why=""
	[ "$rc" -eq 2 ] || why="exit status $rc, wanted 2"
	grep -Fq -- "$2" err || why="$why
stderr lacks: $2"
	grep -q "nothing was imported" err || why="$why
stderr does not say nothing was imported"
	cmp -s before.dump after.dump || why="$why
the sqlite3 .dump changed"
	tap "$1 is rejected with a located message; the store is unchanged" "$why"
}

cat >noname.json <<'EOF'
{
  "members": [
    {
      "name_on_website": "Gent",
      "wikidata_id": "Q1296",
      "wikidata_name": "Ghent",
      "latitude": 51.05,
      "longitude": 3.72,
      "population": 265086.0,
      "country": "Q31",
      "country_name": "Belgium"
    },
    {
      "wikidata_id": "Q1297",
      "latitude": 41.88,
      "longitude": -87.62,
      "population": null,
      "country_name": "Belgium"
    }
  ],
  "not_found": []
}
EOF
bad noname.json 'noname.json:13: $.members[1].name_on_website: a member needs a name'

sed 's/"Q1296"/"1296"/' noname.json | sed 's/"wikidata_id": "Q1297",/"name_on_website": "X", "wikidata_id": "Q1297",/' >badid.json
bad badid.json 'badid.json:5: $.members[0].wikidata_id: a Wikidata id is "Q" and digits'

sed 's/"Belgium"$/"Atlantis"/' noname.json | sed 's/"wikidata_id": "Q1297",/"name_on_website": "X", "wikidata_id": "Q1297",/' >country.json
bad country.json 'country.json:11: $.members[0].country_name: not a country name'

head -c 300 noname.json >cut.json
bad cut.json 'cut.json:'

printf '{"members": [], "not_found": [], "extra": 1}\n' >extra.json
bad extra.json 'extra.json:1: $: unknown key "extra"'

# A list without Brussels: the headquarters is made, with its Wikidata id.
sed 's/"wikidata_id": "Q1297",/"name_on_website": "Gent bis", "wikidata_id": "Q1296",/' \
    noname.json >small.json
cp base.db s.db
"$BIN" --db s.db import --format eurocities small.json >out 2>err
rc=$?
expect "a list without Brussels: Brussels is made as the headquarters" \
    "$rc|$(q s.db "SELECT h.slug, c.wikidata_id FROM organisation o JOIN entity
    e ON e.id = o.id JOIN entity h ON h.id = o.headquarters JOIN city c
    ON c.id = h.id WHERE e.slug = 'eurocities'")|$(nmembers s.db)" \
    "0|brussels|Q239|1"

# ---- dry run ----------------------------------------------------------------

cp base.db d.db
sqlite3 d.db .dump >before.dump
"$BIN" --db d.db import --dry-run --format eurocities "$FILE" >out 2>err
rc=$?
sqlite3 d.db .dump >after.dump
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
grep -q "dry run" out || why="$why
no dry-run summary"
cmp -s before.dump after.dump || why="$why
the sqlite3 .dump changed"
tap "--dry-run checks and counts but stores nothing" "$why"

# ---- export, re-import --------------------------------------------------------

"$BIN" --db a.db export >a.json 2>err
"$BIN" --db rt.db import a.json >out 2>err
rc=$?
"$BIN" --db rt.db export >rt.json 2>>err
why=""
[ "$rc" -eq 0 ] || why="re-import exit status $rc"
cmp -s a.json rt.json || why="$why
the export of the re-imported store differs:
$(diff a.json rt.json | head -n 6)"
tap "export, then import into an empty store, round-trips" "$why"
sqlite3 rt.db .dump >rt1.dump
"$BIN" --db rt.db import --format eurocities "$FILE" >out 2>err
rc=$?
sqlite3 rt.db .dump >rt2.dump
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
cmp -s rt1.dump rt2.dump || why="$why
the sqlite3 .dump changed"
tap "the Eurocities file changes nothing on the round-tripped store" "$why"

echo "1..$n"
