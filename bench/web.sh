#!/bin/sh
# web.sh - the web server benchmark of issues 4 and 5 (`make bench-web`,
# and the second half of `make bench`): wrk on loopback against the release
# build, on the demo data, on a generated corpus of 100,000 practices, and
# on the demo data plus both real datasets of tests/data (the whole
# twin-town list and the Eurocities members: Barcelona's city page, the
# Eurocities network page, the whole-world cooperation page's weight);
# writes its block of bench/RESULTS.md (between the BEGIN/END WEB GENERATED
# markers; text around them is kept).
#
# SPDX-License-Identifier: MIT
#
# Environment:
#   WEB_DOCS=100000     practices in the generated corpus
#   WEB_DURATION=10     seconds of each measured wrk run
#   WEB_WARMUP=2        seconds of the warm-up run before each
#   WEB_CONNS="10 100"  connection counts
#   WEB_SETS="demo corpus realdata"  datasets to run
#   WEB_PORT=18181      port of the server under test
#   WEB_WRK_THREADS=2   wrk threads
#   WEB_REPORT_ONLY=0   1: no measuring, rewrite the RESULTS.md block from
#                       the last run's files
# Files (build/bench/web/): the real-data store (realdata.db, made every
# run, its import figures in realdata.import), the corpus store (web-N.db,
# rebuilt only when
# missing or when its stamp changes: same N, generator, converter, topics
# and word lists; delete it after a change of the store's schema), its
# import figures (web-N.db.import), the URL sets
# (urls-SET/{api,catalogue,practice}.txt), raw wrk output (SET.log) and the
# server's stderr (server-SET.log).
set -eu

cd "$(dirname "$0")/.."
N=${WEB_DOCS:-100000}
DUR=${WEB_DURATION:-10}
WARM=${WEB_WARMUP:-2}
CONNS=${WEB_CONNS:-10 100}
SETS=${WEB_SETS:-demo corpus realdata}
PORT=${WEB_PORT:-18181}
WT=${WEB_WRK_THREADS:-2}
SRV_THREADS=2
OUT=build/bench/web
BIN=build/rel/intercity
T_START=$(date +%s.%N)
SRV_PID=

case $N in ''|*[!0-9]*) echo "web.sh: WEB_DOCS must be a number" >&2; exit 2;; esac
for t in wrk python3 curl gzip; do
	command -v $t >/dev/null 2>&1 || {
		echo "web.sh: $t missing (scripts/deps.sh --bench installs wrk)" >&2
		exit 1
	}
done

elapsed() {	# seconds since $1
	echo "$1 $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }'
}

stop_server() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
		SRV_PID=
	fi
}
trap stop_server EXIT INT TERM

mkdir -p $OUT
echo "== building the release server"
make -s $BIN build/locale/ca.mo build/locale/en.mo build/locale/es.mo \
	build/locale/fr.mo build/locale/it.mo
CC=${CC:-gcc}
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
	-o $OUT/gen bench/gen.c -lm -lpthread

DB_N=$OUT/web-$N.db
imp() { awk -v k="$1" '$1 == k { print $2 }' $DB_N.import; }
rimp() { awk -v k="$1" '$1 == k { print $2 }' $OUT/realdata.import; }
TWIN=tests/data/twinning/twin_cities_geocoded.csv.gz
EURO=tests/data/eurocities/members-wikidata-enriched.json

if [ "${WEB_REPORT_ONLY:-0}" != 1 ]; then
# ---- stores ---------------------------------------------------------------
# The demo store takes a tenth of a second: made every run.
rm -f $OUT/demo.db $OUT/demo.db-wal $OUT/demo.db-shm
$BIN --db $OUT/demo.db init --demo >$OUT/demo-init.log 2>&1

STAMP="n=$N gen=$(cksum < bench/gen.c | cut -d' ' -f1) conv=$(cksum < bench/webcorpus.py | cut -d' ' -f1) topics=$(cksum < data/topics.json | cut -d' ' -f1) dict=$(cat /usr/share/dict/catalan /usr/share/dict/spanish /usr/share/dict/french /usr/share/dict/italian /usr/share/dict/american-english | cksum | cut -d' ' -f1)"
case " $SETS " in *" corpus "*)
if [ -f $DB_N ] && [ -f $DB_N.stamp ] && [ "$(cat $DB_N.stamp)" = "$STAMP" ] &&
    [ -f $OUT/corpus-$N.tsv ]; then
	echo "== reusing the store of $N generated practices"
else
	echo "== generating $N practices and importing them"
	rm -f $DB_N $DB_N-wal $DB_N-shm $DB_N.stamp
	T=$(date +%s.%N)
	$OUT/gen -n "$N" -o $OUT/corpus-$N.tsv 2>$OUT/gen.log
	GEN_S=$(elapsed "$T")
	T=$(date +%s.%N)
	rm -rf $OUT/import-$N
	python3 bench/webcorpus.py $OUT/corpus-$N.tsv $OUT/import-$N >$OUT/files.txt
	CONV_S=$(elapsed "$T")
	$BIN --db $DB_N init >$OUT/init.log 2>&1
	T=$(date +%s.%N)
	# shellcheck disable=SC2046
	/usr/bin/time -f "%e %U %S %M" -o $OUT/import-time.txt \
	    $BIN --db $DB_N import --quiet $(cat $OUT/files.txt) \
	    >$OUT/import.log 2>&1
	IMPORT_S=$(elapsed "$T")
	read -r _ IMP_U IMP_S IMP_RSS <$OUT/import-time.txt
	JSON_BYTES=$(cat $(cat $OUT/files.txt) | wc -c)
	{
		echo "gen_s $GEN_S"
		echo "convert_s $CONV_S"
		echo "import_s $IMPORT_S"
		echo "import_cpu_s $(echo "$IMP_U $IMP_S" | awk '{ print $1 + $2 }')"
		echo "import_rss_kb $IMP_RSS"
		echo "json_bytes $JSON_BYTES"
		echo "db_bytes $(wc -c < $DB_N)"
		echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	} >$DB_N.import
	rm -rf $OUT/import-$N
	echo "$STAMP" >$DB_N.stamp
	cat $DB_N.import
fi
;; esac

# The demo data plus both real datasets, as issue 5 asks pages to stay
# fast with: a few seconds, made every run.
case " $SETS " in *" realdata "*)
	echo "== importing the demo data, the twin-town list and Eurocities"
	rm -f $OUT/realdata.db $OUT/realdata.db-wal $OUT/realdata.db-shm
	gzip -dc $TWIN >$OUT/twin_cities_geocoded.csv
	$BIN --db $OUT/realdata.db init --demo >$OUT/realdata-init.log 2>&1
	T=$(date +%s.%N)
	$BIN --db $OUT/realdata.db import --format twinning \
	    $OUT/twin_cities_geocoded.csv >$OUT/realdata-twinning.log 2>&1
	TW_S=$(elapsed "$T")
	T=$(date +%s.%N)
	$BIN --db $OUT/realdata.db import --format eurocities $EURO \
	    >$OUT/realdata-eurocities.log 2>&1
	EU_S=$(elapsed "$T")
	{
		echo "twinning_s $TW_S"
		echo "eurocities_s $EU_S"
		echo "pairs $(($(gzip -dc $TWIN | wc -l) - 1))"
		$BIN --db $OUT/realdata.db stats | awk '{ print "n_" $1, $2 }'
		echo "db_bytes $(wc -c < $OUT/realdata.db)"
	} >$OUT/realdata.import
	rm -f $OUT/twin_cities_geocoded.csv
	cat $OUT/realdata.import
;; esac

# ---- URL sets -------------------------------------------------------------
python3 bench/weburls.py demo data $OUT/urls-demo
# Real data: the two pages of issue 5's target, in the five languages.
mkdir -p $OUT/urls-realdata
for l in ca es en fr it; do echo "/$l/cities/barcelona"; done \
    >$OUT/urls-realdata/city.txt
for l in ca es en fr it; do echo "/$l/networks/eurocities"; done \
    >$OUT/urls-realdata/network.txt
case " $SETS " in *" corpus "*)
	python3 bench/weburls.py corpus $OUT/corpus-$N.tsv $OUT/urls-corpus;;
esac

# ---- measuring ------------------------------------------------------------
cpu_of() {	# utime + stime of a process, in clock ticks
	awk '{ print $14 + $15 }' /proc/"$1"/stat
}
busy() {	# busy ticks of the whole machine
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
TCK=$(getconf CLK_TCK)

# run SET ENDPOINT CONNS [HEADER]: one warm-up and one measured wrk run;
# appends a line to $OUT/rows-SET.txt:
#   endpoint conns req_s p50_ms p99_ms errors non2xx srv_us_per_req
#   other_cores wrk_cores bytes_per_resp
run() {
	set_=$1 ep=$2 c=$3 hdr=${4:-}
	urls=$OUT/urls-$set_/$ep.txt
	wrk -t"$WT" -c"$c" -d"${WARM}s" -s bench/web.lua \
	    "http://127.0.0.1:$PORT" -- "$urls" ${hdr:+"$hdr"} >/dev/null
	s0=$(cpu_of "$SRV_PID")
	b0=$(busy)
	/usr/bin/time -f "WRKCPU %U %S" -o $OUT/wrk-time.txt \
	    wrk -t"$WT" -c"$c" -d"${DUR}s" --latency -s bench/web.lua \
	    "http://127.0.0.1:$PORT" -- "$urls" ${hdr:+"$hdr"} >$OUT/wrk.txt
	s1=$(cpu_of "$SRV_PID")
	b1=$(busy)
	{
		echo "### $set_ $ep c=$c ${hdr:-}"
		cat $OUT/wrk.txt
	} >>$OUT/$set_.log
	awk -v ep="$ep${hdr:+ gzip}" -v c="$c" -v srv=$((s1 - s0)) \
	    -v all=$((b1 - b0)) -v tck="$TCK" -v dur="$DUR" '
	FILENAME ~ /wrk-time/ { wrk = ($2 + $3) * tck; next }
	/^WEBBENCH/ {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	}
	/Non-2xx or 3xx responses/ { non2xx = $NF }
	END {
		n = v["requests"]; s = v["duration_us"] / 1e6
		err = v["connect"] + v["read"] + v["write"] + v["timeout"]
		other = (all - srv - wrk) / tck / s
		if (other < 0) other = 0
		printf "%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.0f\n",
		    ep, c, n / s, v["p50_us"] / 1000, v["p99_us"] / 1000, err,
		    non2xx + 0, n ? srv / tck * 1e6 / n : 0, other,
		    wrk / tck / s, n ? v["bytes"] / n : 0
	}' $OUT/wrk-time.txt $OUT/wrk.txt >>$OUT/rows-$set_.txt
	tail -1 $OUT/rows-$set_.txt
}

# weight SET ENDPOINT: mean bytes of the URL set's responses, plain and
# gzipped (as the server sends them to a browser); the mean is over the
# set's URLs (50, or 5 for the real-data pages).
weight() {
	plain=0 gz=0 n=0
	while read -r u; do
		p=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$u")
		g=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null \
		    -w '%{size_download}' "http://127.0.0.1:$PORT$u")
		plain=$((plain + p)) gz=$((gz + g)) n=$((n + 1))
	done <"$OUT/urls-$1/$2.txt"
	echo "$2 $((plain / n)) $((gz / n))" >>$OUT/weight-$1.txt
}

# coop_weight: the whole-world cooperation page in English (every
# partnership of the store, the map's arcs): its bytes plain and gzipped,
# its arcs, SVG path elements and city dots, and the server time of one
# request (mean of 5, no other load from us) into info-realdata.txt.
coop_weight() {
	u="http://127.0.0.1:$PORT/en/cooperation"
	curl -s -o $OUT/cooperation.html "$u"
	{
		echo "coop_bytes $(wc -c < $OUT/cooperation.html)"
		echo "coop_gzip $(curl -s -H 'Accept-Encoding: gzip' -o /dev/null \
		    -w '%{size_download}' "$u")"
		echo "coop_arcs $(grep -o '<path class="arc"' $OUT/cooperation.html | wc -l)"
		echo "coop_paths $(grep -o '<path[ >]' $OUT/cooperation.html | wc -l)"
		echo "coop_dots $(grep -o '<circle' $OUT/cooperation.html | wc -l)"
		echo "coop_total $(sed -n 's/.*<h2 id="results-h"[^>]*>\([0-9,]*\) .*/\1/p' \
		    $OUT/cooperation.html | tr -d ,)"
		for i in 1 2 3 4 5; do
			curl -s -o /dev/null -w '%{time_total}\n' "$u"
		done | awk '{ s += $1 } END { printf "coop_ms %.0f\n", s / NR * 1000 }'
	} >>$OUT/info-realdata.txt
}

# statuses SET ENDPOINT: "200:50" or "200:43 404:7".
statuses() {
	while read -r u; do
		curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PORT$u"
	done <"$OUT/urls-$1/$2.txt" | sort | uniq -c |
	    awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }'
}

for set_ in $SETS; do
	case $set_ in
	demo) db=$OUT/demo.db;;
	corpus) db=$DB_N;;
	realdata) db=$OUT/realdata.db;;
	*) echo "web.sh: unknown set $set_" >&2; exit 2;;
	esac
	: >$OUT/rows-$set_.txt
	: >$OUT/weight-$set_.txt
	: >$OUT/$set_.log
	echo "== $set_: starting the server"
	T=$(date +%s.%N)
	$BIN --db "$db" serve --listen 127.0.0.1:$PORT --threads $SRV_THREADS \
	    --access-log - --max-per-ip 1024 >$OUT/server-$set_.log 2>&1 &
	SRV_PID=$!
	i=0
	until grep -qs 'listening on port' $OUT/server-$set_.log; do
		i=$((i + 1))
		if [ $i -gt 1200 ] || ! kill -0 $SRV_PID 2>/dev/null; then
			echo "web.sh: the server did not start:" >&2
			cat $OUT/server-$set_.log >&2
			exit 1
		fi
		sleep 0.25
	done
	echo "startup_s $(elapsed "$T")" >$OUT/info-$set_.txt
	echo "rss_kb $(awk '/^VmRSS/ { print $2 }' /proc/$SRV_PID/status)" \
	    >>$OUT/info-$set_.txt
	if [ "$set_" = realdata ]; then
		eps="city network"
		coop_weight
	else
		eps="catalogue practice"
		st=$(statuses "$set_" api)
		echo "api_status $st" >>$OUT/info-$set_.txt
		case $st in 200:*) eps="api $eps";; *)
			echo "== $set_: /api/v1/search answers $st: not benchmarked";;
		esac
	fi
	for ep in $eps; do
		[ "$ep" = api ] && continue
		echo "${ep}_status $(statuses "$set_" $ep)" >>$OUT/info-$set_.txt
		weight "$set_" $ep
	done
	echo "load_before $(cut -d' ' -f1-3 /proc/loadavg)" >>$OUT/info-$set_.txt
	for ep in $eps; do
		for c in $CONNS; do
			echo "== $set_ $ep, $c connections"
			run "$set_" $ep "$c"
		done
	done
	if [ "$set_" != realdata ]; then
		echo "== $set_ catalogue, 100 connections, Accept-Encoding: gzip"
		run "$set_" catalogue 100 "Accept-Encoding: gzip"
	fi
	echo "load_after $(cut -d' ' -f1-3 /proc/loadavg)" >>$OUT/info-$set_.txt
	stop_server
done

echo "$(elapsed "$T_START")" >$OUT/total_s
fi	# WEB_REPORT_ONLY

# ---- report ---------------------------------------------------------------
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
info() { awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print }' $OUT/info-$1.txt; }
TOTAL_S=$(cat $OUT/total_s)

table() {	# table SET
	echo "| endpoint | conn. | req/s | p50 ms | p99 ms | socket errors | non-2xx | server CPU µs/req | other load (cores) | wrk (cores) | req/s on idle cores (est.) | bytes/resp | target |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	awk -F'\t' -v set="$1" -v ncpu="$(nproc)" '
	{
		tgt = "–"
		# Issue 5: p99 of the two real-data pages, judged at 10
		# connections (at 100 a closed loop queues 100 / (req/s)).
		if ($2 == 10 && ($1 == "city" || $1 == "network"))
			tgt = sprintf("p99 ≤ 50 ms: %s", $5 <= 50 && $6 + $7 == 0 ? "yes" : "**no**")
		if ($2 == 100 && ($1 == "api" || $1 == "catalogue")) {
			want = $1 == "api" ? 20000 : 5000
			tgt = sprintf("≥ %s req/s: %s; p99 ≤ 20 ms: %s",
			    want == 20000 ? "20,000" : "5,000",
			    $3 >= want && $6 + $7 == 0 ? "yes" : "**no**",
			    $5 <= 20 ? "yes" : "**no**")
		}
		name = $1 == "api" ? "`/api/v1/search`" : $1 == "catalogue" ? \
		    "`/{lang}/practices?…` (filtered)" : $1 == "catalogue gzip" ? \
		    "`/{lang}/practices?…`, gzip" : $1 == "city" ? \
		    "`/{lang}/cities/barcelona`" : $1 == "network" ? \
		    "`/{lang}/networks/eurocities`" : "`/{lang}/practices/{slug}`"
		# What the cores would give with nothing else running: the
		# CPU time of the server and of wrk per request, all cores busy.
		est = $3 > 0 ? ncpu * 1e6 / ($8 + $10 * 1e6 / $3) : 0
		printf "| %s | %d | %s | %.2f | %.2f | %d | %d | %d | %.2f | %.2f | %.0f | %d | %s |\n",
		    name, $2, $3, $4, $5, $6, $7, $8, $9, $10, est, $11, tgt
	}' $OUT/rows-$1.txt
}

{
	echo "<!-- BEGIN WEB GENERATED by bench/web.sh: edit outside these markers -->"
	echo "### Run of $DATE"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| machine | $(nproc) cores, $CPU, $MEM RAM, $(uname -sr); **wrk and the server share the $(nproc) cores** |"
	echo "| server | \`$BIN serve --threads $SRV_THREADS --access-log - --max-per-ip 1024\` (libmicrohttpd $(pkg-config --modversion libmicrohttpd), thread pool + epoll; the per-address cap of 64 would refuse 36 of wrk's 100 connections) |"
	echo "| wrk | \`wrk -t$WT -cC -d${DUR}s --latency -s bench/web.lua URL -- URLS.txt\` after a ${WARM}-s warm-up with the same URLs; keep-alive; no \`Accept-Encoding\` (uncompressed) except the gzip row |"
	echo "| URLs | 50 per endpoint, fixed, from \`bench/weburls.py\` (\`build/bench/web/urls-*/\`): 20 filter-only (a practice's topic + its country, its topic + another, its topic + a year range around its year, its country + year) and 30 keyword + 1–2 filters (1–2 words of a practice's title, with its topic, country or a year range); the catalogue in the five languages in turn, the API with \`lang=en\`; practice pages in the practice's language or another |"
	echo "| total wall time of bench/web.sh | $TOTAL_S s |"
	echo
	echo "\"server CPU µs/req\" is the server's user + system time over the run divided by the requests: unlike req/s it hardly depends on what else runs. \"other load\" is the CPU the rest of the machine used during the run (busy time minus the server and wrk), in cores: above 0.1 the req/s and latencies of that row are depressed by other jobs. \"req/s on idle cores (est.)\" is $(nproc) cores divided by the server's and wrk's CPU time per request: what the run would give with nothing else on the machine (an estimate: it ignores idle time and contention between the two)."
	for set_ in $SETS; do
		echo
		if [ "$set_" = realdata ]; then
			echo "#### Demo data plus both real datasets (issue 5)"
			echo
			echo "\`intercity init --demo\`, then \`import --format twinning\` of the whole twin-town list (\`$TWIN\`, $(rimp pairs) pairs, unzipped): **$(rimp twinning_s) s**, then \`import --format eurocities $EURO\`: $(rimp eurocities_s) s. The store then holds $(rimp n_cities) cities, $(rimp n_partnerships) partnerships, $(rimp n_organisations) organisations and $(rimp n_memberships) memberships ($(($(rimp db_bytes) / 1048576)) MiB). The URLs: Barcelona's city page and the Eurocities network page (206 members), each in the five languages in turn."
			echo
			echo "Server start-up: $(info "$set_" startup_s) s, resident memory then $(($(info "$set_" rss_kb) / 1024)) MiB. Statuses of the 5 URLs: city page $(info "$set_" city_status), network page $(info "$set_" network_status). Load average $(info "$set_" load_before) before the runs, $(info "$set_" load_after) after."
			echo
			table "$set_"
			echo
			awk '{ printf "%s%s %s bytes (%s gzipped)", (NR > 1 ? "; " : "Page weight, mean of the 5 languages: "), ($1 == "city" ? "Barcelona'"'"'s city page" : "the Eurocities page"), $2, $3 } END { print "." }' $OUT/weight-$set_.txt
			echo
			echo "The whole-world cooperation page \`/en/cooperation\` ($(info "$set_" coop_total) partnerships): **$(info "$set_" coop_bytes) bytes of HTML, $(info "$set_" coop_gzip) gzipped**; its map draws $(info "$set_" coop_arcs) arcs (the first 300 lines, with a note), $(info "$set_" coop_paths) SVG \`path\` elements in all (country shapes and arcs) and $(info "$set_" coop_dots) city dots. One request takes $(info "$set_" coop_ms) ms of server time (mean of 5, curl, no other load from the benchmark)."
			continue
		fi
		if [ "$set_" = demo ]; then
			echo "#### Demo data (\`intercity init --demo\`: $(sqlite3 $OUT/demo.db 'select count(*) from practice' 2>/dev/null || echo '?') practices)"
		else
			echo "#### Generated corpus: $N practices"
			echo
			echo "bench/gen.c's corpus (one language per practice, 1–4 of the 22 topics, 60 countries, 5,000 cities, years 2000–2025) turned into the import format by \`bench/webcorpus.py\` and imported with \`intercity init\` + \`intercity import\`. Import of the $N practices (last rebuilt $(imp date)): **$(imp import_s) s** wall, $(imp import_cpu_s) s CPU, peak RSS $(($(imp import_rss_kb) / 1024)) MiB, $(($(imp json_bytes) / 1048576)) MiB of JSON into a $(($(imp db_bytes) / 1048576)) MiB store (generation $(imp gen_s) s, conversion $(imp convert_s) s); cached in \`$DB_N\` while its stamp matches."
		fi
		echo
		echo "Server start-up (store to listening, building the in-memory snapshot and index): $(info "$set_" startup_s) s, resident memory then $(($(info "$set_" rss_kb) / 1024)) MiB. Statuses of the 50 URLs: API $(info "$set_" api_status), catalogue $(info "$set_" catalogue_status), practice pages $(info "$set_" practice_status). Load average $(info "$set_" load_before) before the runs, $(info "$set_" load_after) after."
		echo
		table "$set_"
		echo
		awk '{ printf "%s%s %s bytes (%s gzipped)", (NR > 1 ? "; " : "Page weight, mean of the 50 URLs: "), ($1 == "catalogue" ? "filtered catalogue" : "practice page"), $2, $3 } END { print "." }' $OUT/weight-$set_.txt
		case $(info "$set_" api_status) in 200:*) ;; *)
			echo
			echo "\`/api/v1/search\` was not benchmarked: it answered $(info "$set_" api_status) (not on this branch yet).";;
		esac
	done
	echo
	echo "Raw wrk output: \`build/bench/web/*.log\`."
	echo "<!-- END WEB GENERATED -->"
} >$OUT/results.md

if grep -q '^<!-- BEGIN WEB GENERATED' bench/RESULTS.md 2>/dev/null; then
	awk -v gen=$OUT/results.md '
	/^<!-- BEGIN WEB GENERATED/ { while ((getline l < gen) > 0) print l; skip = 1; next }
	/^<!-- END WEB GENERATED/ { skip = 0; next }
	!skip { print }' bench/RESULTS.md >$OUT/RESULTS.md.tmp
	mv $OUT/RESULTS.md.tmp bench/RESULTS.md
else
	{
		echo
		echo "## Web server benchmark (issue 4)"
		echo
		echo "Produced by \`make bench-web\` (bench/web.sh, also the end of \`make bench\`):"
		echo "wrk on loopback against the release server, on the demo data and on a"
		echo "generated corpus. Targets (issue 4), on 2 cores at 100 connections on the"
		echo "demo data: ≥ 20,000 req/s for the API search, ≥ 5,000 req/s for the"
		echo "filtered HTML catalogue, p99 ≤ 20 ms."
		echo
		cat $OUT/results.md
		echo
		echo "### Notes (web)"
		echo
		echo "(Analysis of missed targets goes here; web.sh keeps it.)"
	} >>bench/RESULTS.md
fi
echo "== bench/RESULTS.md written (web), total $(elapsed "$T_START") s"
