# report.awk - turns bench/run.sh's results.jsonl (flat JSON objects, one
# per engine and run, as bench/fts5.c writes them) into the Markdown tables
# of bench/RESULTS.md: build and size, latency per query class, the ratios
# "intercity vs FTS5" (filled when both engines ran) and the issue's targets.
#
# SPDX-License-Identifier: MIT

# Flat JSON objects, one per line, as bench/fts5.c writes them.
function parse(line, obj,    m, kv, k, v) {
	while (match(line, /"[a-z0-9_]+": *("[^"]*"|[-+0-9.eE]+)/)) {
		kv = substr(line, RSTART, RLENGTH)
		line = substr(line, RSTART + RLENGTH)
		k = kv; sub(/":.*/, "", k); sub(/^"/, "", k)
		v = kv; sub(/^"[a-z0-9_]+": */, "", v); gsub(/"/, "", v)
		obj[k] = v
	}
}
function num(e, k) { return (e SUBSEP k) in R ? R[e, k] + 0 : -1 }
function cell(e, k, fmt) { return (e SUBSEP k) in R ? sprintf(fmt, R[e, k]) : "–" }
function mib(b) { return b < 0 ? "–" : sprintf("%.1f MiB", b / 1048576) }
# ratio a / b formatted as "12.3×", or – when either is missing
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.1f×", a / b) : "–" }
{
	delete o
	parse($0, o)
	if (!("engine" in o)) next
	e = o["engine"]
	if (!(e in seen)) { seen[e] = 1; order[++ne] = e }
	for (k in o) R[e, k] = o[k]
}
END {
	F = "sqlite-fts5"; I = "intercity"
	if (ne == 0) { print "No engine ran."; exit }
	print "### Build and size"
	print ""
	print "| engine | docs | build s | docs/s | index bytes | bytes/doc | share of raw text |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= ne; i++) {
		e = order[i]
		b = num(e, "bytes"); n = num(e, "n_docs"); raw = num(e, "raw_bytes")
		printf "| %s%s | %s | %s | %s | %s | %s | %s |\n", e,
		    (((e, "version") in R) ? " " R[e, "version"] : ""),
		    cell(e, "n_docs", "%d"), cell(e, "build_s", "%.1f"),
		    cell(e, "docs_per_s", "%.0f"), mib(b),
		    (b > 0 && n > 0) ? sprintf("%.0f", b / n) : "–",
		    (b > 0 && raw > 0) ? sprintf("%.0f%%", 100 * b / raw) : "–"
	}
	share = "–"
	if (num(I, "bytes") > 0 && num(F, "bytes") > 0)
		share = sprintf("%.0f%%", 100 * num(I, "bytes") / num(F, "bytes"))
	printf "| intercity vs FTS5 | | %s | | %s of FTS5's | | |\n",
	    ratio(num(F, "build_s"), num(I, "build_s")), share
	if (num(F, "fts_bytes") > 0)
		printf "\nFTS5 database: %s, of which the FTS5 tables %s (the rest: doc, doc_topic and their indexes).\n",
		    mib(num(F, "bytes")), mib(num(F, "fts_bytes"))
	print ""
	print "### Latency on one thread (ms), top 20 + total + topic, country and year counts"
	print ""
	print "| engine | class | queries | p50 | p95 | p99 | queries/s |"
	print "|---|---|---:|---:|---:|---:|---:|"
	ncls = split(",kw_,kf_,br_", pre, ",")
	name[""] = "all"; name["kw_"] = "keywords"; name["kf_"] = "keywords + filters"; name["br_"] = "browse (filters only)"
	for (i = 1; i <= ne; i++)
		for (c = 1; c <= ncls; c++) {
			e = order[i]; p = pre[c]
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", e, name[p],
			    cell(e, p "n", "%d"), cell(e, p "p50_ms", "%.3f"),
			    cell(e, p "p95_ms", "%.3f"), cell(e, p "p99_ms", "%.3f"),
			    cell(e, p "qps", "%.1f")
		}
	for (c = 1; c <= ncls; c++) {
		p = pre[c]
		printf "| intercity vs FTS5 | %s | | %s | %s | %s | %s |\n", name[p],
		    ratio(num(F, p "p50_ms"), num(I, p "p50_ms")),
		    ratio(num(F, p "p95_ms"), num(I, p "p95_ms")),
		    ratio(num(F, p "p99_ms"), num(I, p "p99_ms")),
		    ratio(num(I, p "qps"), num(F, p "qps"))
	}
	print ""
	print "Ratios \"intercity vs FTS5\" are speed-ups, above 1 when intercity is better: FTS5 time / intercity time (build s, latencies), intercity queries/s / FTS5 queries/s; sizes are intercity as a share of FTS5."
	print ""
	print "### Targets (issue 3, at 1M documents)"
	print ""
	print "| target | intercity | met |"
	print "|---|---:|---|"
	t[1] = "p50 ≤ 1 ms, keywords + filters + 3 facet counts"; v[1] = num(I, "kf_p50_ms"); ok[1] = v[1] >= 0 && v[1] <= 1; f[1] = "%.3f ms"
	t[2] = "p99 ≤ 10 ms, keywords + filters + 3 facet counts"; v[2] = num(I, "kf_p99_ms"); ok[2] = v[2] >= 0 && v[2] <= 10; f[2] = "%.3f ms"
	a = num(F, "p50_ms"); b = num(I, "p50_ms")
	t[3] = "≥ 20× faster than FTS5 at the median"; v[3] = (a > 0 && b > 0) ? a / b : -1; ok[3] = v[3] >= 20; f[3] = "%.1f×"
	t[4] = "build ≥ 25,000 documents/s on one core"; v[4] = num(I, "docs_per_s"); ok[4] = v[4] >= 25000; f[4] = "%.0f/s"
	b = num(I, "bytes"); a = num(I, "raw_bytes")
	t[5] = "index memory ≤ 60% of the raw text"; v[5] = (a > 0 && b > 0) ? 100 * b / a : -1; ok[5] = v[5] >= 0 && v[5] <= 60; f[5] = "%.0f%%"
	for (j = 1; j <= 5; j++)
		printf "| %s | %s | %s |\n", t[j], v[j] < 0 ? "–" : sprintf(f[j], v[j]),
		    v[j] < 0 ? "not measured" : ok[j] ? "yes" : "**no**"
	if (((I, "profile") in R))
		printf "\nProfile: %s\n", R[I, "profile"]
}
