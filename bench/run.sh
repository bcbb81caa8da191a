#!/bin/sh
# run.sh - the search benchmark of issue 3 (`make bench`): builds the tools,
# generates the corpus and the query mix, runs the SQLite FTS5 baseline and
# our engine on the same files, and writes bench/RESULTS.md.
#
# SPDX-License-Identifier: MIT
#
# Environment:
#   BENCH_DOCS=1000000   documents in the corpus
#   BENCH_QUERIES=2000   queries in the mix
#   BENCH_FTS5=run       run | reuse (take the last FTS5 figures for the same
#                        corpus and queries, to iterate on our engine) | skip
#   BENCH_FTS5_QUERIES=  run FTS5 on the first K queries only (a random
#                        sample of the mix: each query is drawn on its own)
#   BENCH_KEEP=0         1 keeps the FTS5 database (build/bench/fts5.*/)
#   BENCH_SETTLE=30      seconds of idle before each engine runs (0: none)
#   CC=gcc
# Files (build/bench/): corpus.tsv, queries.tsv and their .stamp (reused
# while the stamp matches: same N, same generator source, same word lists),
# results.jsonl (one JSON object per engine and run), *.log.
set -eu

cd "$(dirname "$0")/.."
N=${BENCH_DOCS:-1000000}
Q=${BENCH_QUERIES:-2000}
FTS5_MODE=${BENCH_FTS5:-run}
SETTLE=${BENCH_SETTLE:-30}
CC=${CC:-gcc}
OUT=build/bench
RESULTS=$OUT/results.jsonl
T_START=$(date +%s.%N)

case $N in ''|*[!0-9]*) echo "run.sh: BENCH_DOCS must be a number" >&2; exit 2;; esac
case $Q in ''|*[!0-9]*) echo "run.sh: BENCH_QUERIES must be a number" >&2; exit 2;; esac
case $FTS5_MODE in run|reuse|skip) ;; *) echo "run.sh: BENCH_FTS5 is run, reuse or skip" >&2; exit 2;; esac
case $SETTLE in ''|*[!0-9]*) echo "run.sh: BENCH_SETTLE must be a number" >&2; exit 2;; esac
FTS5_MAX=
case ${BENCH_FTS5_QUERIES:-} in
'') ;;
*[!0-9]*) echo "run.sh: BENCH_FTS5_QUERIES must be a number" >&2; exit 2;;
*) FTS5_MAX="-m $BENCH_FTS5_QUERIES";;
esac
FTS5_S=0
IDX_S="not run"

elapsed() {	# seconds since $1
	echo "$1 $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }'
}

# Each engine starts on a machine left idle for a while: this shared
# machine runs a single thread measurably slower (about 10 to 20% for our
# build) right after minutes of full load, such as the FTS5 run's.
settle() {
	[ "$SETTLE" -gt 0 ] || return 0
	echo "== $SETTLE s of idle before $1"
	sync
	sleep "$SETTLE"
}

mkdir -p "$OUT"

# ---- tools ----------------------------------------------------------------
WARN="-Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion \
 -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wformat=2 \
 -Wundef -Wvla"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $WARN -O2 -g"
echo "== building bench tools"
# shellcheck disable=SC2086
$CC $CFLAGS -o $OUT/gen bench/gen.c -lm -lpthread
# shellcheck disable=SC2046,SC2086
$CC $CFLAGS $(pkg-config --cflags sqlite3) -o $OUT/fts5 bench/fts5.c \
	$(pkg-config --libs sqlite3)

# ---- corpus and queries ---------------------------------------------------
for f in catalan spanish french italian american-english; do
	if [ ! -r /usr/share/dict/$f ]; then
		echo "run.sh: /usr/share/dict/$f missing:" \
		    "apt-get install wcatalan wspanish wfrench witalian wamerican" >&2
		exit 1
	fi
done
STAMP="n=$N q=$Q gen=$(cksum < bench/gen.c | cut -d' ' -f1) topics=$(cksum < data/topics.json | cut -d' ' -f1) dict=$(cat /usr/share/dict/catalan /usr/share/dict/spanish /usr/share/dict/french /usr/share/dict/italian /usr/share/dict/american-english | cksum | cut -d' ' -f1)"
if [ -f $OUT/corpus.stamp ] && [ "$(cat $OUT/corpus.stamp)" = "$STAMP" ] &&
    [ -f $OUT/corpus.tsv ] && [ -f $OUT/queries.tsv ]; then
	echo "== reusing the corpus of $N documents and $Q queries"
	GEN_NOTE="reused"
	GEN_RUN_S=0
else
	echo "== generating $N documents and $Q queries"
	rm -f $OUT/corpus.stamp
	T=$(date +%s.%N)
	$OUT/gen -n "$N" -o $OUT/corpus.tsv.tmp 2>$OUT/gen.log
	$OUT/gen -n "$N" -q "$Q" -o $OUT/queries.tsv.tmp 2>>$OUT/gen.log
	mv $OUT/corpus.tsv.tmp $OUT/corpus.tsv
	mv $OUT/queries.tsv.tmp $OUT/queries.tsv
	echo "gen_s $(elapsed "$T")" >>$OUT/gen.log
	echo "$STAMP" >$OUT/corpus.stamp
	GEN_NOTE="generated in this run"
	GEN_RUN_S=$(awk '$1 == "gen_s" { print $2 }' $OUT/gen.log)
	cat $OUT/gen.log
fi
RAW=$(awk '$1 == "raw_text_bytes" { print $2 }' $OUT/gen.log)
GEN_S=$(awk '$1 == "gen_s" { print $2 }' $OUT/gen.log)
CORPUS_BYTES=$(wc -c < $OUT/corpus.tsv)

: >$RESULTS

# ---- SQLite FTS5 baseline -------------------------------------------------
case $FTS5_MODE in
run)
	settle "the FTS5 baseline"
	echo "== SQLite FTS5 baseline"
	TMP=$(mktemp -d $OUT/fts5.XXXXXX)
	T=$(date +%s.%N)
	# A pipeline's status is tee's: success is the line in $RESULTS.
	# shellcheck disable=SC2086
	$OUT/fts5 $FTS5_MAX $OUT/corpus.tsv $OUT/queries.tsv "$TMP/fts5.db" $RESULTS 2>&1 |
	    tee $OUT/fts5.log
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$TMP"
	FTS5_S=$(elapsed "$T")
	if ! grep -q '"sqlite-fts5"' $RESULTS; then
		echo "run.sh: the FTS5 baseline failed, see $OUT/fts5.log" >&2
		exit 1
	fi
	grep '"sqlite-fts5"' $RESULTS | tail -1 >$OUT/fts5.jsonl
	echo "$STAMP" >$OUT/fts5.stamp
	;;
reuse)
	if [ -f $OUT/fts5.stamp ] && [ "$(cat $OUT/fts5.stamp)" = "$STAMP" ]; then
		echo "== reusing the last FTS5 figures"
		cat $OUT/fts5.jsonl >>$RESULTS
	else
		echo "run.sh: no FTS5 figures for this corpus, use BENCH_FTS5=run" >&2
		exit 1
	fi
	;;
skip)
	echo "== FTS5 baseline skipped"
	;;
esac

# ==== HOOK: our engine =====================================================
# Runs intercity's index on the same files.  Contract for the binary:
#   idx_bench corpus.tsv queries.tsv results.jsonl
# builds the index from corpus.tsv (one thread), runs every query of
# queries.tsv on one thread (top 20, exact total, disjunctive topic, country
# and year counts, as bench/fts5.c does), and appends ONE line to
# results.jsonl with "engine": "intercity" and the keys of the FTS5 line:
# n_docs, n_queries, build_s, docs_per_s, bytes (index memory), raw_bytes,
# p50_ms, p95_ms, p99_ms, qps, and n/p50_ms/p95_ms/p99_ms/qps prefixed kw_,
# kf_, br_ per class (the class is derived from the query: no text = br,
# text and a filter = kf, text only = kw).  A "profile" key may name a file
# with a perf or callgrind report, linked from RESULTS.md.
# Until it exists this section only says so; IDX_BENCH overrides the path.
IDX_BENCH=${IDX_BENCH:-$OUT/idx_bench}
if [ -f bench/idx_bench.c ] && [ "$IDX_BENCH" = $OUT/idx_bench ]; then
	# Linked against the release objects of src/ (everything but main and
	# the CLI), with the libraries the Makefile uses.
	echo "== building idx_bench"
	make -s build/rel/intercity
	# shellcheck disable=SC2016
	LIBS=$(printf 'print-libs:\n\t@echo $(PKG_CFLAGS) $(LIBS)\n' |
	    make -s -f Makefile -f - print-libs)
	OBJS=
	for o in build/rel/*.o; do
		case $o in */main.o|*/cli_*.o) ;; *) OBJS="$OBJS $o";; esac
	done
	# shellcheck disable=SC2086
	$CC $CFLAGS -Isrc -o $OUT/idx_bench bench/idx_bench.c $OBJS $LIBS
fi
if [ -x "$IDX_BENCH" ]; then
	settle "intercity"
	echo "== intercity"
	T=$(date +%s.%N)
	"$IDX_BENCH" $OUT/corpus.tsv $OUT/queries.tsv $RESULTS 2>&1 |
	    tee $OUT/intercity.log
	if ! grep -q '"intercity"' $RESULTS; then
		echo "run.sh: $IDX_BENCH failed, see $OUT/intercity.log" >&2
		exit 1
	fi
	IDX_S=$(elapsed "$T")
else
	echo "== intercity: no $IDX_BENCH yet, skipped"
fi
# ==== end of HOOK ==========================================================

# ---- report ---------------------------------------------------------------
TOTAL_S=$(elapsed "$T_START")
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
SQLITE_V=$(pkg-config --modversion sqlite3)
CC_V=$($CC --version | head -1)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

{
	echo "<!-- BEGIN GENERATED by bench/run.sh: edit outside these markers -->"
	echo "## Run of $DATE"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| machine | $(nproc) cores, $CPU, $MEM RAM, $(uname -sr) |"
	echo "| compiler, SQLite | $CC_V, SQLite $SQLITE_V |"
	echo "| corpus | $N documents, $Q queries, $CORPUS_BYTES bytes of TSV, $GEN_NOTE (generation ${GEN_S:-?} s) |"
	echo "| raw text (title + summary + body) | $RAW bytes, $(awk -v r="$RAW" -v n="$N" 'BEGIN { printf "%.0f", r / n }') bytes per document |"
	echo "| total wall time of bench/run.sh | $TOTAL_S s: generation $GEN_RUN_S, FTS5 $FTS5_S ($FTS5_MODE), intercity $IDX_S, idle before each engine $SETTLE, the rest is compiling |"
	echo
	awk -f bench/report.awk "$RESULTS"
	echo
	echo "Raw lines: \`build/bench/results.jsonl\`."
	echo "<!-- END GENERATED -->"
} >$OUT/results.md

# Replace the generated part of RESULTS.md, keep what people wrote around it.
if [ -f bench/RESULTS.md ] && grep -q '^<!-- BEGIN GENERATED' bench/RESULTS.md; then
	awk -v gen=$OUT/results.md '
	/^<!-- BEGIN GENERATED/ { while ((getline l < gen) > 0) print l; skip = 1; next }
	/^<!-- END GENERATED/ { skip = 0; next }
	!skip { print }' bench/RESULTS.md >$OUT/RESULTS.md.tmp
	mv $OUT/RESULTS.md.tmp bench/RESULTS.md
else
	{
		echo "# Search benchmark (issue 3)"
		echo
		echo "Produced by \`make bench\` (bench/run.sh); see bench/README.md for the corpus,"
		echo "the query mix and how each engine answers a query."
		echo
		cat $OUT/results.md
		echo
		echo "## Notes"
		echo
		echo "(Analysis of missed targets, with profiles, goes here; run.sh keeps it.)"
	} >bench/RESULTS.md
fi
echo "== bench/RESULTS.md written, total $(elapsed "$T_START") s"
