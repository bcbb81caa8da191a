#!/bin/sh
# test_cli.sh - the behaviour of the intercity command line: version, help,
# usage errors, stats, round trips through export and import, revisions,
# delete, progress output, and stores it must refuse to open. TAP output.
# SPDX-License-Identifier: MIT
#
# Run alone from the repository root: sh tests/cli/test_cli.sh
# (tests/run.sh sets INTERCITY_BIN, INTERCITY_DATA and TEST_TMP).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
BIN=${INTERCITY_BIN:-build/asan/intercity}
DATA=${INTERCITY_DATA:-data}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
# What --version must say, from the build's own sources.
VERSION=$(sed -n 's/^VERSION *= *//p' Makefile)
SCHEMA=$(sed -n 's/^#define DB_SCHEMA_VERSION[^0-9]*\([0-9][0-9]*\).*/\1/p' src/db.h)
unset INTERCITY_DB
tmp=$(mktemp -d "${TEST_TMP:-/tmp}/cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1

. "$ROOT/tests/cli/lib.sh"
[ -x "$BIN" ] || bail "$BIN is not built (make build/asan/intercity)"
command -v sqlite3 >/dev/null || bail "the sqlite3 command is not installed"
command -v python3 >/dev/null || bail "python3 is not installed"
[ -n "$VERSION" ] && [ -n "$SCHEMA" ] ||
    bail "cannot read VERSION from Makefile or DB_SCHEMA_VERSION from src/db.h"


# run ARG...: runs intercity; the status in rc, the output in out and err.
run() {
	"$BIN" "$@" >out 2>err
	rc=$?
}

# Checks that add to $why: status, and fixed strings in a file.
why=""
status() {
	[ "$rc" -eq "$1" ] || why="$why
exit status $rc, wanted $1"
}
has() {	# FILE STRING
	grep -Fq -- "$2" "$1" || why="$why
$1 lacks: $2"
}
lacks() { # FILE STRING
	! grep -Fq -- "$2" "$1" || why="$why
$1 has: $2"
}
same() { # FILE1 FILE2 WHAT
	if [ ! -s "$1" ] || ! cmp -s "$1" "$2"; then
		why="$why
$3 differ:
$(diff "$1" "$2" | cut -c1-200 | head -n 6)"
	fi
}
check() { # DESC
	tap "$1" "$why"
	why=""
}

# fingerprint DB NAME: the store as export and SQL dump, in NAME.*.
fingerprint() {
	"$BIN" --db "$1" export >"$2.export" 2>/dev/null
	sqlite3 "$1" .dump >"$2.dump" 2>/dev/null
}
revisions() {
	sqlite3 "$1" 'SELECT count(*) FROM revision'
}
# copy DB NEW: a copy of a closed store.
copy() {
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2"
}

# ---- version, help, usage ---------------------------------------------------

run --version
status 0
[ "$(cat out)" = "intercity $VERSION (schema $SCHEMA)" ] || why="$why
stdout is \"$(cat out)\", wanted \"intercity $VERSION (schema $SCHEMA)\""
check "--version prints the version and exits 0"

run --help
status 0
has out "usage: intercity [--db PATH] COMMAND"
for c in init import export stats history delete serve; do
	grep -Eq "^  $c +[a-z]" out || why="$why
--help does not list $c"
done
has out "exit status: 0 done, 1 usage error, 2 invalid data, 3 file or database error"
check "--help lists the commands and the exit statuses and exits 0"

for c in init import export stats history delete serve; do
	run --db help.db "$c" --help
	status 0
	head -n 1 out | grep -q "^usage: intercity $c" || why="$why
first line is \"$(head -n 1 out)\", wanted \"usage: intercity $c ...\""
	[ ! -e help.db ] || why="$why
$c --help created the store help.db"
	rm -f help.db help.db-wal help.db-shm
	check "$c --help prints its usage, exits 0 and opens no store"
done

run --db u.db frobnicate
status 1
has err 'unknown command "frobnicate"'
check "an unknown command exits 1 and names it"

run --db u.db import
status 1
has err "import: name at least one file to import"
check "import without a file exits 1"

# ---- stats ----------------------------------------------------------------------

run --db demo.db init --demo --data "$DATA"
[ "$rc" -eq 0 ] || bail "init --demo failed: $(head -n 3 err)"
fingerprint demo.db demo
[ -s demo.export ] && [ -s demo.dump ] || bail "cannot export or dump the demo store"

run --db demo.db stats
status 0
printf '%-14s %8d\n' sources 5 countries 250 topics 22 cities 34 groups 3 \
    organisations 9 memberships 16 partnerships 5 practices 43 collections 2 \
    claims 8 >stats.want
same stats.want out "the expected and the printed counts"
check "stats on the demo store prints the count of each kind"

run --db demo.db stats --json
status 0
python3 -c 'import json, sys; json.load(sys.stdin)' <out 2>>err ||
    why="$why
stats --json is not valid JSON: $(head -c 300 out)"
python3 -c '
import json, sys
want = {"sources": 5, "countries": 250, "topics": 22, "cities": 34,
    "groups": 3, "organisations": 9, "memberships": 16, "partnerships": 5,
    "practices": 43, "collections": 2, "claims": 8}
sys.exit(json.load(sys.stdin) != want)' <out 2>/dev/null || why="$why
stats --json does not hold the demo counts: $(head -c 300 out)"
check "stats --json is valid JSON with the demo counts"

run --db missing.db stats
status 3
has err "there is no store at missing.db; create it with intercity init"
[ ! -e missing.db ] || why="$why
stats created missing.db"
check "stats on a missing store exits 3, says to run init and creates nothing"

# ---- round trips ------------------------------------------------------------------

# Into an empty store (FORMAT.md: "importing an export into an empty
# database reproduces the database exactly").
run --db empty.db import demo.export
status 0
has out "397 records read; 397 stored"
"$BIN" --db empty.db export >empty.export 2>>err
same demo.export empty.export "the exports"
check "JSON round trip into an empty store: the exports are byte-identical"

# Into a store made with "init" only. Its countries and topics were created
# by that init, not by the import: they keep their own created/updated
# stamps (same content, nothing to update), so those stamps are masked; every
# other byte must be the same.
run --db inited.db init --data "$DATA"
[ "$rc" -eq 0 ] || bail "init failed: $(head -n 3 err)"
run --db inited.db import demo.export
status 0
has out "397 records read; 125 stored"
"$BIN" --db inited.db export >inited.export 2>>err
mask() {
	sed -e '/^  "countries": \[/,/^  \]/s/"created": "[^"]*", "updated": "[^"]*"/STAMPS/' \
	    -e '/^  "topics": \[/,/^  \]/s/"created": "[^"]*", "updated": "[^"]*"/STAMPS/' "$1"
}
mask demo.export >demo.masked
mask inited.export >inited.masked
grep -q STAMPS demo.masked || why="$why
the mask did not apply"
same demo.masked inited.masked "the exports (init stamps masked)"
check "JSON round trip into an init-only store: identical but for init's stamps"

run --db demo.db export --format csv
status 0
cp out practices.csv
has practices.csv "barcelona-international-municipalism"
run --db demo2.db init --demo --data "$DATA"
[ "$rc" -eq 0 ] || bail "the second init --demo failed"
fingerprint demo2.db demo2-before
run --db demo2.db import practices.csv
status 0
has out "43 records read; nothing changed"
fingerprint demo2.db demo2-after
same demo2-before.dump demo2-after.dump "the dumps"
check "CSV round trip of practices into a second demo store: nothing changed"

# ---- updates and revisions ----------------------------------------------------------

# The export with Barcelona's population raised by 1000; OLD and NEW.
python3 - demo.export >update.json 2>pyerr <<'EOF' || bail "cannot write update.json: $(cat pyerr)"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["cities"] if c["slug"] == "barcelona"][0]
with open("population", "w") as f:
    f.write("%d %d\n" % (c["population"], c["population"] + 1000))
c["population"] += 1000
json.dump(d, sys.stdout, ensure_ascii=False, indent=1)
EOF
read -r OLD NEW <population

copy demo.db upd.db
run --db upd.db import --author tester update.json
status 0
has out "1 updated"
has out "397 records read; 1 stored"
[ "$(revisions upd.db)" = 1 ] || why="$why
$(revisions upd.db) revisions in the store, wanted 1"
check "an update of one city stores one record"

run --db upd.db history city barcelona
status 0
[ "$(grep -c '^revision ' out)" -eq 1 ] || why="$why
$(grep -c '^revision ' out) revisions listed, wanted 1"
grep -Eq '^revision [0-9]+ .* update by tester$' out || why="$why
no \"update by tester\" revision line"
sed -n '/^revision /{n;p;}' out >revision.data
has revision.data "\"population\":$OLD,"
lacks revision.data "$NEW"
sed -n '/^current$/{n;p;}' out >current.data
has current.data "\"population\": $NEW,"
check "history city barcelona shows one revision holding the old population"

fingerprint upd.db second-before
run --db upd.db import --author tester update.json
status 0
has out "397 records read; nothing changed"
[ "$(revisions upd.db)" = 1 ] || why="$why
$(revisions upd.db) revisions in the store, wanted 1"
fingerprint upd.db second-after
same second-before.dump second-after.dump "the dumps"
check "a second import of the same file changes nothing and adds no revision"

# ---- delete -------------------------------------------------------------------

copy demo.db ref.db
fingerprint ref.db ref-before
run --db ref.db delete city barcelona
status 2
has err 'delete: city "barcelona" is still referred to by other records (8 membership, 6 organisation, 5 partnership, 10 practice); change or delete those first'
fingerprint ref.db ref-after
same ref-before.dump ref-after.dump "the dumps"
same ref-before.export ref-after.export "the exports"
check "delete of a city still referred to exits 2, names the referrers, changes nothing"

copy demo.db del.db
run --db del.db delete --author tester collection international-municipalism
status 0
"$BIN" --db del.db stats >out 2>>err
grep -Eq '^collections +1$' out || why="$why
stats: $(grep collections out)"
grep -Eq '^practices +43$' out || why="$why
stats: $(grep practices out)"
check "delete of an unreferenced collection works"

run --db del.db history collection international-municipalism
status 0
[ "$(grep -c '^revision ' out)" -eq 1 ] || why="$why
$(grep -c '^revision ' out) revisions listed, wanted 1"
grep -Eq '^revision [0-9]+ .* delete by tester$' out || why="$why
no \"delete by tester\" revision line"
sed -n '/^revision /{n;p;}' out >revision.data
has revision.data '"slug":"international-municipalism"'
has revision.data '"practices":["barcelona-international-municipalism"]'
has out "current: none (deleted or never stored)"
check "history shows the deleted collection"

run --db del.db import demo.export
status 0
grep -Eq '^  collections +2: 1 new, 0 updated, 1 unchanged$' out || why="$why
stdout lacks: collections 2: 1 new, 0 updated, 1 unchanged"
has out "397 records read; 1 stored"
"$BIN" --db del.db export >del.export 2>>err
same demo.export del.export "the exports"
check "re-importing the export brings the collection back as it was"

# ---- progress -------------------------------------------------------------------

run --db quiet.db import demo.export
status 0
if grep -q "$(printf '\r')" err; then
	why="$why
stderr has a carriage return"
fi
lacks err "importing:"
lacks err "records in"
check "no progress output when stderr is not a terminal"

# Control for the test above: with a terminal there is progress.
if command -v script >/dev/null 2>&1; then
	script -qec "'$BIN' --db pty.db import demo.export >/dev/null" /dev/null \
	    >pty.out 2>&1
	grep -Fq "stored 397 records in" pty.out || why="$why
no progress on a terminal: $(head -c 200 pty.out)"
	check "progress is shown when stderr is a terminal (control)"
else
	n=$((n + 1))
	echo "ok $n - progress is shown when stderr is a terminal (control) # SKIP script(1) is not installed"
fi

# ---- stores it must not open ---------------------------------------------------------

sqlite3 other.db "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');"
sqlite3 other.db .dump >other-before.dump
run --db other.db stats
status 3
has err "other.db is an SQLite file, but not an intercity store"
run --db other.db import demo.export
status 3
has err "not an intercity store"
sqlite3 other.db .dump >other-after.dump
same other-before.dump other-after.dump "the dumps"
[ "$(sqlite3 other.db 'PRAGMA user_version; PRAGMA application_id' | tr '\n' ' ')" = "0 0 " ] ||
    why="$why
the file's user_version or application_id changed"
check "a non-intercity SQLite file is refused with status 3 and left alone"

copy demo.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
sqlite3 newer.db .dump >newer-before.dump
run --db newer.db stats
status 3
has err "newer"
has err "schema version 99"
run --db newer.db import update.json
status 3
has err "newer"
sqlite3 newer.db .dump >newer-after.dump
same newer-before.dump newer-after.dump "the dumps"
[ "$(sqlite3 newer.db 'PRAGMA user_version')" = 99 ] || why="$why
user_version is no longer 99"
check "a store with a newer schema version is refused with status 3"

echo "1..$n"
