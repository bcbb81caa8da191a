#!/bin/sh
# test_twinning.sh - "intercity import --format twinning" on a sample of the
# real twin-town lists (tests/data/twinning): counts, reconciliations, the
# report of unresolved names and its reasons, pairs given in both directions,
# idempotence, the raw 4-column file, and an unchanged store after a failing
# import. TAP output.
#
# Run alone from the repository root: sh tests/cli/test_twinning.sh
# (tests/run.sh sets INTERCITY_BIN, INTERCITY_DATA and TEST_TMP).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
BIN=${INTERCITY_BIN:-build/asan/intercity}
DATA=${INTERCITY_DATA:-data}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
SAMPLE=$ROOT/tests/data/twinning
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/twinning.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1

. "$ROOT/tests/cli/lib.sh"
[ -x "$BIN" ] || bail "$BIN is not built (make build/asan/intercity)"
command -v sqlite3 >/dev/null || bail "the sqlite3 command is not installed"
[ -f "$DATA/gazetteer.tsv.gz" ] || bail "no gazetteer in $DATA"
cp "$SAMPLE/twin_cities_geocoded_sample.csv" geo.csv
cp "$SAMPLE/twin_cities_raw_sample.csv" raw.csv

"$BIN" --db base.db init --demo --data "$DATA" >init.out 2>init.err ||
    bail "init --demo failed: $(head -n 3 init.err)"

# twin DB ARG...: the twinning import into DB; status in rc, output in out/err.
twin() {
	db=$1
	shift
	"$BIN" --db "$db" import --format twinning \
	    --gazetteer "$DATA/gazetteer.tsv.gz" "$@" >out 2>err
	rc=$?
}

# has FILE NEEDLE...: every fixed string is in FILE; prints what is missing.
has() {
	f=$1
	shift
	for s in "$@"; do
		grep -Fq -- "$s" "$f" || printf 'missing in %s: %s\n' "$f" "$s"
	done
}

# sql DB QUERY: one value from the store.
sql() {
	sqlite3 "$1" "$2" 2>&1
}

# rec DB KIND SLUG: the start of a record as exported, on one line: a city
# up to its end (the ones made here hold no nested object), a partnership
# up to the end of its parties.
rec() {
	case $2 in city) stop='[^}]*' ;; *) stop='[^]]*]' ;; esac
	"$BIN" --db "$1" export 2>/dev/null | tr -d '\n' | sed 's/, /,/g; s/: /:/g' |
	    grep -o "{\"slug\":\"$3\"$stop" | head -n 1
}

# ---- the geocoded sample -----------------------------------------------------

cp base.db a.db
sqlite3 a.db .dump >before.dump
twin a.db --report report.tsv geo.csv
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
why="$why
$(has out '210 pairs read' '10 repeated' \
    'cities            190: 182 new, 8 already stored' \
    'partnerships      164: 164 new, 0 already stored' \
    'other names        19: names found as a place'"'"'s alternate name (17' \
    'unresolved         37: names not resolved to a city, so 36 pairs left out' \
    'not-in-gazetteer       23' 'too-far                 8' \
    'unknown-country         2' 'region                  2' \
    'empty                   2' '347 records stored')"
why=$(printf '%s' "$why" | sed '/^$/d')
[ -z "$why" ] || why="$why
stdout was:
$(cat out)"
tap "geocoded sample: the summary counts pairs, cities, partnerships and unresolved names by reason" "$why"

why=""
c=$(sql a.db "select count(*) from partnership where kind = 'twinning'")
[ "$c" = 164 ] || why="twinning partnerships in the store: $c, wanted 164"
c=$(sql a.db "select count(*) from city where geonames_id is not null")
[ "$c" = 194 ] || why="$why
cities with a GeoNames id: $c, wanted 194 (12 of the demo + 182 new)"
tap "geocoded sample: the store holds what the summary says" "$why"

# Bérat (France) and Berat (Albania): two places, told apart by country.
why=""
r=$(rec a.db city berat-al)
case $r in *'"country":"AL"'*'"geonames_id":3186084'*) ;;
*) why="berat-al is not GeoNames 3186084 in AL: $r" ;; esac
r=$(rec a.db city berat-fr)
case $r in *'"name":"Bérat"'*'"country":"FR"'*'"geonames_id":3033435'*) ;;
*) why="$why
berat-fr is not Bérat, GeoNames 3033435 in FR: $r" ;; esac
r=$(rec a.db partnership twinning--berat-al--berat-fr)
case $r in *'"kind":"twinning"'*'{"city":"berat-al"},{"city":"berat-fr"}'*) ;;
*) why="$why
no twinning of berat-al and berat-fr: $r" ;; esac
tap "Berat (AL) is twinned with Bérat (FR), two distinct GeoNames places" "$why"

# The demo's Athens has no GeoNames id and is stored as "Αθήνα", with
# "Athens" as its English name: the twinning's Athens (GeoNames' name) is
# matched to it by that localized name, not made again as athens-gr.
why=""
r=$(rec a.db partnership twinning--athens--buenos-aires)
case $r in *'{"city":"athens"},{"city":"buenos-aires"}'*) ;;
*) why="Buenos Aires–Athens does not join the demo's athens: $r" ;; esac
r=$(rec a.db city athens-gr)
[ -z "$r" ] || why="$why
a second Athens was made: $r"
tap "a stored city without a GeoNames id is matched by a localized name (Athens)" "$why"

# The demo's Barcelona (GeoNames 3128760) is reused, not duplicated.
why=""
c=$(sql a.db "select count(*) from city where geonames_id = 3128760")
[ "$c" = 1 ] || why="$c cities with GeoNames id 3128760"
r=$(rec a.db partnership twinning--barcelona--boston-us)
case $r in *'{"city":"barcelona"},{"city":"boston-us"}'*) ;;
*) why="$why
Barcelona–Boston does not join the demo's barcelona: $r" ;; esac
tap "an existing city with the same GeoNames id is reused (barcelona)" "$why"

# Shepshed–Domont is listed from both sides, with two spellings of England.
why=""
c=$(sql a.db "select count(*) from entity where kind = 'partnership' and slug like '%shepshed%'")
[ "$c" = 1 ] || why="$c partnerships for Shepshed, wanted 1"
r=$(rec a.db partnership twinning--domont-fr--shepshed-gb)
[ -n "$r" ] || why="$why
no partnership twinning--domont-fr--shepshed-gb"
tap "a pair given in both directions is one partnership" "$why"

# The report: TSV with a header, each reason where expected.
why=$(has report.tsv "$(printf 'line\tside\tname\tcountry\treason\tdetail')" \
    "$(printf '135\t2\tVex\tSwitzerland\ttoo-far\tVex (CH, GeoNames 2658144) is 11022 km from the given point')" \
    "$(printf '172\t2\tMargreid an der Weinstraße\tin Italy\tunknown-country')" \
    "$(printf '174\t1\tSeoul – Gangdong\tSouth Korea\tregion')" \
    "$(printf '169\t2\tWest Flanders\tBelgium\tnot-in-gazetteer')" \
    "$(printf '207\t1\tRushmoor\tEngland\tnot-in-gazetteer\tnearest gazetteer place: Farnborough (GB, GeoNames 2649672), 2.2 km')" \
    "$(printf '171\t2\tFalkland Islands\t\tempty')")
entries=$(($(wc -l <report.tsv) - 1))
[ "$entries" = 37 ] || why="$why
$entries entries in the report, wanted 37"
tap "the report lists every unresolved name with its line, side and reason" "$why"

# ---- hard cases of reconciliation ------------------------------------------

# twinned DB GID1 GID2: the number of twinning partnerships between the
# cities with these GeoNames ids.
twinned() {
	sql "$1" "select count(*) from partnership p
	    join party a on a.partnership = p.id
	    join party b on b.partnership = p.id and b.pos <> a.pos
	    join city x on x.id = a.city join city y on y.id = b.city
	    where p.kind = 'twinning' and x.geonames_id = $2 and
	    y.geonames_id = $3"
}

# reason FILE LINE SIDE: the reason a side was left out, from the report.
reason() {
	awk -F '\t' -v l="$2" -v s="$3" '$1 == l && $2 == s { print $5 }' "$1"
}

cp base.db h.db
cp "$SAMPLE/twin_cities_hard_cases.csv" hard.csv
twin h.db --report hard.tsv hard.csv
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
# want GID1 GID2 WHAT: the pair is stored.
want() {
	[ "$(twinned h.db "$1" "$2")" = 1 ] || why="$why
not twinned: $3"
}
want 2792413 2886242 "Liège and Cologne (Köln, an English exonym)"
want 3435910 2510911 "Buenos Aires and Seville (Sevilla)"
want 2803138 498817 "Antwerp (Antwerpen) and Saint Petersburg (RU)"
want 1851100 4171563 "Takamatsu and St. Petersburg (US, Florida)"
want 4171563 498817 "Saint Petersburg (US) and St. Petersburg (RU), each in its country"
want 3178287 2886242 "Cologne (IT) and Cologne (DE): one name, two countries, two places"
want 616052 698740 "Yerevan and Odesa (Odessa, a transliteration)"
want 2775020 2885070 "Judenburg and Bad Kötzting (Kötzting, renamed, 0 km away)"
want 616635 2911522 "Gyumri and Halle (Halle (Saale), not Halle (Westf.) 150 km away)"
want 3193726 700646 "Pag and Mukachevo (Mukacheve)"
want 3868626 2511160 "Valparaíso and Santa Fe (ES, Santafé near Granada)"
# Regions, districts and far points stay out, with their reason.
for c in "6 2 not-in-gazetteer Almaly (Almaty), a district, is not Almaty" \
    "9 1 not-in-gazetteer Prague 1 is not Prague" \
    "10 1 not-in-gazetteer Budapest II is not Budapest" \
    "11 2 region Maui County is a county" \
    "12 2 not-in-gazetteer Kocaeli, a province, is not Köseköy" \
    "13 2 too-far Hudson at Hudson County is not Jersey City (once Hudson)" \
    "14 2 too-far Veracruz at the state's capital is not Veracruz city" \
    "23 1 too-far Santa Fe at the centre of its province (AR)"; do
	set -- $c
	l=$1 s=$2 r=$3
	shift 3
	got=$(reason hard.tsv "$l" "$s")
	[ "$got" = "$r" ] || why="$why
line $l side $s ($*): reason \"$got\", wanted $r"
done
c=$(sql h.db "select count(*) from city where geonames_id in
    (1526384, 3067696, 3054643, 5099836, 3514783, 3836277)")
[ "$c" = 0 ] || why="$why
$c of Almaty, Prague, Budapest, Jersey City, Veracruz, Santa Fe (AR) were made cities"
why="$why
$(has out 'other names        13: names found as a place'"'"'s alternate name (10' \
    'or as another spelling of the place at the given point (3)')"
tap "hard cases: exonyms and spellings resolve; same names in two countries stay apart; regions and districts do not merge" \
    "$(printf '%s' "$why" | sed '/^$/d')"

# Without coordinates an alternate name counts only for one populous place:
# Cologne (Germany) is Köln; Goa is no city of India, though Mormugao (102,000
# inhabitants) has it among its other names.
cp base.db hr.db
printf 'city1,country1,city2,country2\nLiège,Belgium,Cologne,Germany\nPanaji,India,Goa,India\n' >hard-raw.csv
twin hr.db --report hard-raw.tsv hard-raw.csv
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
[ "$(twinned hr.db 2792413 2886242)" = 1 ] || why="$why
Liège and Cologne (Köln) are not twinned"
[ "$(reason hard-raw.tsv 3 2)" = not-in-gazetteer ] || why="$why
Goa: reason \"$(reason hard-raw.tsv 3 2)\", wanted not-in-gazetteer"
tap "without coordinates: an exonym of a large city resolves, a region's name does not" \
    "$(printf '%s' "$why" | sed '/^$/d')"

# ---- idempotence -------------------------------------------------------------

sqlite3 a.db .dump >first.dump
twin a.db geo.csv
sqlite3 a.db .dump >second.dump
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
why="$why$(has out 'cities            190: 0 new, 190 already stored' \
    'partnerships      164: 0 new, 164 already stored' 'nothing changed')"
cmp -s first.dump second.dump || why="$why
the second import changed the store: $(diff first.dump second.dump | head -n 4)"
tap "a second import creates nothing and says so" "$(printf '%s' "$why" | sed '/^$/d')"

# ---- dry run -----------------------------------------------------------------

cp base.db d.db
sqlite3 d.db .dump >d-before.dump
twin d.db --dry-run geo.csv
sqlite3 d.db .dump >d-after.dump
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
why="$why$(has out 'dry run: 347 records would change; nothing was stored')"
cmp -s d-before.dump d-after.dump || why="$why
the dry run changed the store"
tap "--dry-run counts and stores nothing" "$(printf '%s' "$why" | sed '/^$/d')"

# ---- the raw 4-column list ---------------------------------------------------

cp base.db r.db
twin r.db --report raw.tsv raw.csv
why=""
[ "$rc" -eq 0 ] || why="exit status $rc"
why="$why$(has out '128 pairs read' 'partnerships      103: 103 new' \
    'not-in-gazetteer       23')"
r=$(rec r.db city berat-fr)
case $r in *'"geonames_id":3033435'*) ;; *) why="$why
berat-fr is not GeoNames 3033435: $r" ;; esac
tap "the raw list without coordinates resolves by name and country" "$(printf '%s' "$why" | sed '/^$/d')"

# ---- progress ----------------------------------------------------------------

# script(1) gives the command a pseudo-terminal, as a person's shell would.
cp base.db p.db
script -qec "$BIN --db p.db import --format twinning --gazetteer $DATA/gazetteer.tsv.gz geo.csv" \
    /dev/null >tty.out 2>&1
why=""
grep -q 'reconciling: ' tty.out || why="no \"reconciling:\" line"
grep -q 'stored 347 records in' tty.out || why="$why
no \"stored 347 records in\" line"
[ -z "$why" ] || why="$why
$(tr '\r' '\n' <tty.out | head -n 8)"
tap "a terminal sees the progress of reconciling and storing" "$why"
# (The geocoded run above went to a pipe.)
why=""
if grep -q 'reconciling:\|storing:\|stored .* records in' err ||
    grep -q "$(printf '\r')" err; then
	why="progress in a pipe: $(head -c 200 err)"
fi
tap "a pipe gets no progress output" "$why"

# ---- failing imports leave the store as it was -------------------------------

# bad CASE FILE STATUS NEEDLE: the import of FILE into a copy of the demo store
# exits with STATUS, stderr holds NEEDLE, and the dump is unchanged.
bad() {
	cp base.db f.db
	sqlite3 f.db .dump >f-before.dump
	twin f.db "$2"
	sqlite3 f.db .dump >f-after.dump
	why=""
	[ "$rc" -eq "$3" ] || why="exit status $rc, wanted $3"
	grep -Fq -- "$4" err || why="$why
stderr lacks: $4"
	[ "$3" -ne 2 ] || grep -Fq 'nothing was imported' err ||
	    why="$why
stderr does not say that nothing was imported"
	cmp -s f-before.dump f-after.dump || why="$why
the sqlite3 .dump changed: $(diff f-before.dump f-after.dump | head -n 4)"
	tap "$1: status $3, located message, store unchanged" "$why"
}

{ echo 'town1,country1,town2,country2'; sed 1d raw.csv; } >bad-header.csv
bad "bad CSV header" bad-header.csv 2 'bad-header.csv:1: header: a twinning list starts with the header'

{ head -n 40 geo.csv; echo 'Lyon,France,45.75,4.85,Birmingham'; sed 1,40d geo.csv; } >short-row.csv
bad "a row with too few fields, after good rows" short-row.csv 2 'short-row.csv:41: row: 5 fields where the header has 8'

{ head -n 3 geo.csv; echo 'Lyon,France,north,4.85,Birmingham,UK,52.48,-1.89'; } >bad-lat.csv
bad "a latitude that is not a number" bad-lat.csv 2 'bad-lat.csv:4: columns "lat1", "lng1": not a latitude and longitude'

bad "a missing file" missing.csv 3 'missing.csv: cannot read the file'

# A store without countries cannot match any country name.
rm -f empty.db
twin empty.db raw.csv
why=""
[ "$rc" -eq 2 ] || why="exit status $rc, wanted 2"
grep -Fq 'the store has no countries' err || why="$why
stderr lacks the reason"
tap "a store without countries is refused, with the reason" "$why"

# A usage error: two files, or --report without --format twinning.
"$BIN" --db base.db import --report x.tsv geo.csv >out 2>err
rc=$?
why=""
[ "$rc" -eq 1 ] || why="exit status $rc, wanted 1"
grep -Fq 'goes with --format eurocities or twinning' err || why="$why
stderr lacks the usage message"
tap "--report without --format twinning is a usage error" "$why"

echo "1..$n"
