#!/bin/sh
# test_import_errors.sh - the bad-input contract of "intercity import".
# SPDX-License-Identifier: MIT
#
# An import with any invalid record fails with status 2 (1 for a usage error,
# 3 for a file that cannot be read); every error names its file, its line,
# the JSON path or CSV column and what is wrong; stderr says that nothing was
# imported; and the store is left exactly as it was: its export and its
# "sqlite3 .dump" are byte-identical before and after. Each case runs on a
# fresh copy of a demo store. TAP output.
#
# Run alone from the repository root: sh tests/cli/test_import_errors.sh
# (tests/run.sh sets INTERCITY_BIN, INTERCITY_DATA and TEST_TMP).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
BIN=${INTERCITY_BIN:-build/asan/intercity}
DATA=${INTERCITY_DATA:-data}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/import_errors.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# The fixtures are named relative to the scratch directory, so that messages
# read "bad.json:6: ..." and the expected strings stay short.
cd "$tmp" || exit 1

. "$ROOT/tests/cli/lib.sh"
[ -x "$BIN" ] || bail "$BIN is not built (make build/asan/intercity)"
command -v sqlite3 >/dev/null || bail "the sqlite3 command is not installed"


# fingerprint DB NAME: the store as export, SQL dump and stats, in NAME.*.
fingerprint() {
	"$BIN" --db "$1" export >"$2.export" 2>"$2.exporterr"
	sqlite3 "$1" .dump >"$2.dump" 2>"$2.dumperr"
	"$BIN" --db "$1" stats >"$2.stats" 2>&1
}

# The demo store every case starts from.
"$BIN" --db base.db init --demo --data "$DATA" >init.out 2>init.err ||
    bail "init --demo failed: $(head -n 3 init.err)"
fingerprint base.db base
[ -s base.export ] && [ -s base.dump ] || bail "cannot export or dump the demo store"
grep -q 'CREATE TABLE entity' base.dump || bail "the dump of the demo store has no schema"

# try ARG...: "import ARG..." on a fresh copy of the demo store, after taking
# its fingerprint. Leaves the status in rc, the output in out and err.
try() {
	rm -f case.db case.db-wal case.db-shm
	cp base.db case.db
	fingerprint case.db before
	"$BIN" --db case.db import "$@" >out 2>err
	rc=$?
}

# unchanged DESC: the store after the import is byte for byte the one before.
unchanged() {
	fingerprint case.db after
	why=""
	if [ ! -s after.dump ] || ! cmp -s before.dump after.dump; then
		why="the sqlite3 .dump changed:
$(diff before.dump after.dump | head -n 6)"
	fi
	if [ ! -s after.export ] || ! cmp -s before.export after.export; then
		why="$why
the export changed:
$(diff before.export after.export | cut -c1-200 | head -n 6)"
	fi
	tap "$1: the store is unchanged" "$why"
}

# rejected DESC STATUS NEEDLE...: the import exited with STATUS and stderr
# holds every NEEDLE: a fixed string, or an extended regular expression when
# it starts with "~". Except for usage errors (1), stderr must also say that
# nothing was imported. Then checks that the store is unchanged.
rejected() {
	desc=$1
	want=$2
	shift 2
	why=""
	[ "$rc" -eq "$want" ] || why="exit status $rc, wanted $want"
	[ "$want" -eq 1 ] || set -- "$@" "nothing was imported"
	for s in "$@"; do
		case $s in
		"~"*) grep -Eq -- "${s#"~"}" err ;;
		*) grep -Fq -- "$s" err ;;
		esac || why="$why
stderr lacks: $s"
	done
	tap "$desc: rejected with status $want and a located message" "$why"
	unchanged "$desc"
}

# ---- JSON records ------------------------------------------------------------

cat >missing-field.json <<'EOF'
{
  "cities": [
    {
      "slug": "x-town",
      "country": "ES"
    }
  ]
}
EOF
try missing-field.json
rejected "missing required field (city without name)" 2 \
    'missing-field.json:3: $.cities[0].name: is required in a city'

cat >wrong-type.json <<'EOF'
{
  "practices": [
    {
      "slug": "p-string-year",
      "city": "barcelona",
      "year": "2019",
      "title": {"en": "A practice"}
    }
  ]
}
EOF
try wrong-type.json
rejected "wrong type (string for the integer year)" 2 \
    'wrong-type.json:6: $.practices[0].year: must be an integer, not a string'

cat >unknown-country.json <<'EOF'
{
  "cities": [
    {
      "slug": "x-town",
      "name": "X",
      "country": "ZZ"
    }
  ]
}
EOF
try unknown-country.json
rejected "unknown country code ZZ" 2 \
    'unknown-country.json:6: $.cities[0].country: unknown country "ZZ"'

cat >unknown-topic.json <<'EOF'
{
  "practices": [
    {
      "slug": "p-topic",
      "city": "barcelona",
      "year": 2019,
      "topics": ["no-such-topic"],
      "title": {"en": "A practice"}
    }
  ]
}
EOF
try unknown-topic.json
rejected "unknown topic slug" 2 \
    'unknown-topic.json:7: $.practices[0].topics[0]: unknown topic "no-such-topic"'

cat >dangling.json <<'EOF'
{
  "memberships": [
    {
      "organisation": "cideu",
      "city": "atlantis"
    }
  ]
}
EOF
try dangling.json
rejected "dangling reference (membership of a missing city)" 2 \
    'dangling.json:5: $.memberships[0].city: unknown city "atlantis"'

cat >feb30.json <<'EOF'
{
  "memberships": [
    {
      "organisation": "cideu",
      "city": "barcelona",
      "since": "2016-02-30"
    }
  ]
}
EOF
try feb30.json
rejected "invalid date 2016-02-30" 2 \
    'feb30.json:6: $.memberships[0].since: "2016-02-30" is not a date'

sed 's/2016-02-30/2015-13/' feb30.json >month13.json
try month13.json
rejected "invalid date 2015-13" 2 \
    'month13.json:6: $.memberships[0].since: "2015-13" is not a date'

cat >dup-slug.json <<'EOF'
{
  "cities": [
    {"slug": "x-town", "name": "X", "country": "ES"},
    {"slug": "y-town", "name": "Y", "country": "ES"},
    {"slug": "x-town", "name": "X again", "country": "FR"}
  ]
}
EOF
try dup-slug.json
rejected "duplicate slug within one file" 2 \
    'dup-slug.json:5: $.cities[2].slug: duplicate slug "x-town": the same city is also at dup-slug.json:3'

cat >dup-a.json <<'EOF'
{
  "cities": [
    {"slug": "x-town", "name": "X", "country": "ES"}
  ]
}
EOF
cat >dup-b.json <<'EOF'
{
  "cities": [
    {"slug": "y-town", "name": "Y", "country": "ES"},
    {"slug": "x-town", "name": "X again", "country": "FR"}
  ]
}
EOF
try dup-a.json dup-b.json
rejected "duplicate slug across two files (both places named)" 2 \
    'dup-b.json:4: $.cities[1].slug: duplicate slug "x-town": the same city is also at dup-a.json:3'

printf '{\n  "cities": [\n    {\n      "slug": "x-town",\n      "name": "X\377Y",\n      "country": "ES"\n    }\n  ]\n}\n' >bad-utf8.json
try bad-utf8.json
rejected "invalid UTF-8 inside a JSON string" 2 \
    'bad-utf8.json:5:' 'unable to decode byte 0xff'

cat >nul.json <<'EOF'
{
  "cities": [
    {
      "slug": "x-town",
      "name": "X\u0000Y",
      "country": "ES"
    }
  ]
}
EOF
try nul.json
rejected 'JSON "\u0000" inside a string' 2 \
    'nul.json:5:' '\u0000 is not allowed'

# 10 MiB of "x" in a city's region (at most 200 characters).
{
	printf '{\n  "cities": [\n    {\n      "slug": "big-town",\n      "name": "Big",\n      "country": "ES",\n      "region": "'
	head -c 10485760 /dev/zero | tr '\0' x
	printf '"\n    }\n  ]\n}\n'
} >huge.json
try huge.json
rejected "a 10 MiB string in a text field" 2 \
    'huge.json:7: $.cities[0].region: is 10485760 characters long; at most 200 are allowed'
size=$(wc -c <err)
[ "$size" -lt 4096 ] && why="" || why="stderr is $size bytes: the text is echoed"
tap "a 10 MiB string in a text field: the message does not echo the text" "$why"

head -c 100000 /dev/zero | tr '\0' '[' >deep.json
try deep.json
rejected "deeply nested JSON (100000 [)" 2 \
    'deep.json:1:' 'maximum parsing depth'

# The demo export cut in half, in the middle of a line.
size=$(wc -c <base.export)
head -c $((size / 2)) base.export >truncated.json
lines=$(($(wc -l <truncated.json) + 1))
try truncated.json
rejected "truncated JSON (the demo export cut in half)" 2 \
    "truncated.json:$lines:" 'the document ends too soon'

: >empty.json
try empty.json
rejected "empty .json file" 2 'empty.json: the file is empty'

cat >typo-field.json <<'EOF'
{
  "cities": [
    {
      "slug": "x-town",
      "name": "X",
      "contry": "ES"
    }
  ]
}
EOF
try typo-field.json
rejected "unknown field in a JSON record (typo)" 2 \
    'typo-field.json:6: $.cities[0].contry: unknown field "contry" in a city'

cat >typo-key.json <<'EOF'
{
  "format": "intercity",
  "citys": [
    {"slug": "x-town", "name": "X", "country": "ES"}
  ]
}
EOF
try typo-key.json
rejected "unknown top-level key" 2 \
    'typo-key.json:3: $.citys: unknown key in the document'

cat >latlon.json <<'EOF'
{
  "cities": [
    {
      "slug": "x-town",
      "name": "X",
      "country": "ES",
      "lat": 41.5
    }
  ]
}
EOF
try latlon.json
# The path names the record, or its lat; "$.cities[0].:" is not a path.
rejected "lat without lon" 2 \
    '~^latlon\.json:[0-9]+: \$\.cities\[0\](\.lat)?: "lat" is given without "lon"'

cat >until.json <<'EOF'
{
  "memberships": [
    {
      "organisation": "cideu",
      "city": "barcelona",
      "since": "2016-05",
      "until": "2015"
    }
  ]
}
EOF
try until.json
rejected "until before since" 2 \
    'until.json:7: $.memberships[0].until: 2015 is before since 2016-05'

cat >member-count.json <<'EOF'
{
  "claims": [
    {
      "subject": "organisation/cideu",
      "property": "member_count",
      "value": "about 100"
    }
  ]
}
EOF
try member-count.json
rejected "a member_count claim that is not a number" 2 \
    'member-count.json:6: $.claims[0].value: "about 100" is not a whole number'

cat >preferred.json <<'EOF'
{
  "claims": [
    {
      "subject": "city/barcelona",
      "property": "population",
      "value": "1600000",
      "as_of": "2020",
      "preferred": true
    },
    {
      "subject": "city/barcelona",
      "property": "population",
      "value": "1620000",
      "as_of": "2021",
      "preferred": true
    }
  ]
}
EOF
try preferred.json
rejected "two preferred claims on the same subject and property" 2 \
    'on the same subject and property is preferred too; mark only one' \
    '~^preferred\.json:[0-9]+: \$\.claims\[[01]\](\.preferred)?: '

cat >one-party.json <<'EOF'
{
  "partnerships": [
    {
      "slug": "lonely",
      "kind": "twinning",
      "parties": [{"city": "barcelona"}]
    }
  ]
}
EOF
try one-party.json
rejected "a partnership with only one party" 2 \
    'one-party.json:6: $.partnerships[0].parties: needs at least two parties'

cat >same-party.json <<'EOF'
{
  "partnerships": [
    {
      "slug": "self-twinning",
      "kind": "twinning",
      "parties": [
        {"city": "barcelona"},
        {"city": "barcelona"}
      ]
    }
  ]
}
EOF
try same-party.json
rejected "a partnership with the same city twice" 2 \
    'same-party.json:8: $.partnerships[0].parties[1]: city "barcelona" is already party 0'

# ---- CSV sheets ---------------------------------------------------------------

printf 'slug,city,year,title:en,contact\np-latin1,barcelona,2019,A practice,Caf\351 office\n' >bad-utf8-contact.csv
try bad-utf8-contact.csv
rejected "invalid UTF-8 in a CSV cell (contact)" 2 \
    'bad-utf8-contact.csv:2: column "contact": is not valid UTF-8'

printf 'slug,city,year,title:en\np-latin1,barcelona,2019,Caf\351 municipal\n' >bad-utf8-title.csv
try bad-utf8-title.csv
rejected "invalid UTF-8 in a CSV cell (title:en)" 2 \
    'bad-utf8-title.csv:2: column "title:en": is not valid UTF-8'

: >empty.csv
try empty.csv
rejected "empty .csv file" 2 'empty.csv: the file is empty'

cat >no-city.csv <<'EOF'
slug,year,title:en
p-no-city,2019,A practice
EOF
try no-city.csv
rejected "a CSV without the city column" 2 \
    'no-city.csv:1: the header has no "city" column'

cat >stray-quote.csv <<'EOF'
slug,city,year,title:en
p-ok,barcelona,2019,A practice
p-quote,barce"lona,2019,A practice
EOF
try stray-quote.csv
rejected "a CSV with a quote inside an unquoted field" 2 \
    'stray-quote.csv:3:2: a quote inside unquoted field 2'

cat >unterminated.csv <<'EOF'
slug,city,year,title:en
p-ok,barcelona,2019,A practice
p-open,barcelona,2019,"A practice that never ends
p-next,barcelona,2019,Another
EOF
try unterminated.csv
rejected "a CSV with an unterminated quoted field" 2 \
    'unterminated.csv:3:4: a quoted field is never closed'

cat >too-many.csv <<'EOF'
slug,city,year,title:en
p-ok,barcelona,2019,A practice
p-extra,barcelona,2019,A practice,surplus
EOF
try too-many.csv
rejected "a CSV row with too many fields" 2 \
    'too-many.csv:3: the row has 5 fields but the header has 4'

cat >dup-column.csv <<'EOF'
slug,city,year,city,title:en
p-two-cities,barcelona,2019,barcelona,A practice
EOF
try dup-column.csv
rejected "a CSV with the same column twice (city)" 2 \
    'dup-column.csv:1: column "city" appears twice'

# The second title:en would silently replace the first.
cat >dup-text-column.csv <<'EOF'
slug,city,year,title:en,title:en
p-two-titles,barcelona,2019,First title,Second title
EOF
try dup-text-column.csv
rejected "a CSV with the same text column twice (title:en)" 2 \
    'dup-text-column.csv:1: column "title:en" appears twice'

# ---- one transaction ------------------------------------------------------------

# Good records around one bad one: the good ones reach the store inside the
# transaction (cities before memberships and practices), then all goes.
cat >many.json <<'EOF'
{
  "cities": [
    {"slug": "good-one", "name": "Good One", "country": "ES"},
    {"slug": "good-two", "name": "Good Two", "country": "FR"},
    {"slug": "bad-three", "name": "Bad Three", "country": "ZZ"},
    {"slug": "good-four", "name": "Good Four", "country": "IT"}
  ],
  "memberships": [
    {"organisation": "cideu", "city": "good-one"}
  ],
  "practices": [
    {"slug": "good-practice", "city": "good-two", "year": 2020,
     "title": {"en": "A good practice"}}
  ]
}
EOF
try many.json
rejected "one bad record among many good ones" 2 \
    'many.json:5: $.cities[2].country: unknown country "ZZ"' '1 error;'
why=""
cmp -s before.stats after.stats || why="stats changed:
$(diff before.stats after.stats)"
grep -Eq '^cities +34$' after.stats || why="$why
stats: $(grep cities after.stats)"
tap "one bad record among many: stats show none of the good ones" "$why"
# Control: without the bad record the same file is accepted.
grep -v bad-three many.json >many-ok.json
try many-ok.json
why=""
[ "$rc" -eq 0 ] || why="exit status $rc, wanted 0"
grep -Fq '5 records read; 5 stored' out || why="$why
stdout lacks: 5 records read; 5 stored"
tap "control: the good records alone are accepted" "$why"

cat >valid.json <<'EOF'
{
  "cities": [
    {"slug": "valid-town", "name": "Valid Town", "country": "PT"}
  ]
}
EOF
cat >invalid.csv <<'EOF'
slug,city,year,title:en,organisations
p-valid-town,valid-town,2021,A practice,no-such-org
EOF
try valid.json invalid.csv
rejected "file 1 valid, file 2 invalid" 2 \
    'invalid.csv:2: column "organisations": unknown organisation "no-such-org"'

cat >good.csv <<'EOF'
slug,city,year,title:en
p-valid-town,valid-town,2021,A practice
EOF
try --dry-run valid.json good.csv
why=""
[ "$rc" -eq 0 ] || why="exit status $rc, wanted 0"
for s in 'cities +1: 1 new, 0 updated, 0 unchanged' \
    'practices +1: 1 new, 0 updated, 0 unchanged' \
    'dry run: 2 records checked, 2 would change; nothing was stored'; do
	grep -Eq -- "$s" out || why="$why
stdout lacks: $s"
done
tap "--dry-run on valid files with changes reports a dry run" "$why"
unchanged "--dry-run on valid files with changes"

try nosuch.json
rejected "a missing file" 3 \
    'nosuch.json: cannot read the file: No such file or directory'

try valid.json nosuch.json
rejected "a valid file and a missing one" 3 \
    'nosuch.json: cannot read the file: No such file or directory'

try --format xml valid.json
rejected "a usage error (--format xml)" 1 \
    'import: --format must be json, csv or twinning, not "xml"'

echo "1..$n"
