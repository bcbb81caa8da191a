/* idx_bench.c - the intercity index on the benchmark corpus and query mix:
 * build time, memory, and query latency on one thread.
 * SPDX-License-Identifier: MIT
 *
 *   idx_bench CORPUS.tsv QUERIES.tsv RESULTS.jsonl
 *
 * Reads the files bench/gen writes (see its header for their columns) and
 * appends one JSON line with the figures to RESULTS.jsonl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

#include "idx.h"

#define FIELDS	9	/* id lang year country city topics title summary body */

/*
 * Wall-clock time, as the FTS5 baseline measures; IDX_BENCH_CLOCK=cpu
 * takes this thread's CPU time instead, to compare two versions of the
 * engine on a machine busy with other work.
 */
static clockid_t clock_id = CLOCK_MONOTONIC;

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(clock_id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This thread's CPU seconds. */
static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Splits a line at tabs in place; returns the number of fields. */
static size_t
split(char *line, char **f, size_t max, char sep)
{
	size_t	 n = 0;

	f[n++] = line;
	for (; *line && n < max; line++)
		if (*line == sep) {
			*line = '\0';
			f[n++] = line + 1;
		}
	return n;
}

/* Query classes, as bench/fts5.c reports them. */
enum qclass { Q_ALL, Q_KW, Q_KF, Q_BR, Q__MAX };
static const char *const qclass_prefix[Q__MAX] = { "", "kw_", "kf_", "br_" };

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
dump_result(FILE *f, size_t i, const struct idx_result *res)
{
	size_t	 k, g;

	fprintf(f, "q%zu total %llu\n", i, (unsigned long long)res->total);
	for (k = 0; k < res->hitsz; k++)
		fprintf(f, " %s %.17g %d\n", res->hits[k].key,
		    res->hits[k].score, res->hits[k].year);
	for (g = 0; g < FACET__MAX; g++)
		for (k = 0; k < res->countsz[g]; k++)
			fprintf(f, " %s=%s:%u\n", idx_facet_names[g],
			    res->counts[g][k].value, res->counts[g][k].count);
}

int
main(int argc, char *argv[])
{
	struct idx	*ix;
	struct idx_ctx	*ctx;
	FILE		*in, *out;
	char		*line = NULL, *f[FIELDS], *topics[8], key[32];
	size_t		 cap = 0, ndocs = 0, nq = 0, qcap = 0, i, raw = 0, bytes;
	ssize_t		 len;
	double		 t0, build, *lat = NULL, total = 0, c0, build_cpu, q0;
	double		*clat[Q__MAX], ctotal[Q__MAX];
	size_t		 cn[Q__MAX];
	enum qclass	 qc;
	char		**qlines = NULL;
	int		 pass;
	FILE		*dump = NULL, *times = NULL;

	if (argc != 4) {
		fprintf(stderr, "usage: idx_bench CORPUS QUERIES RESULTS\n");
		return 1;
	}
	if (getenv("IDX_BENCH_CLOCK") != NULL &&
	    strcmp(getenv("IDX_BENCH_CLOCK"), "cpu") == 0)
		clock_id = CLOCK_THREAD_CPUTIME_ID;
	if ((ix = idx_new()) == NULL || (ctx = idx_ctx_new()) == NULL)
		return 1;
	if ((in = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	t0 = now();
	c0 = cpu_now();
	while ((len = getline(&line, &cap, in)) > 0) {
		struct idx_text	 t[3];
		struct idx_doc	 d;
		const char	*lang[1], *year[1], *country[1], *city[1];
		const char	*kind[1] = { "practice" };
		size_t		 nt;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (split(line, f, FIELDS, '\t') != FIELDS)
			continue;
		memset(&d, 0, sizeof(d));
		snprintf(key, sizeof(key), "practice/%s", f[0]);
		d.key = key;
		d.year = atoi(f[2]);
		t[0] = (struct idx_text){ FIELD_TITLE, text_lang(f[1]), f[6],
		    strlen(f[6]) };
		t[1] = (struct idx_text){ FIELD_SUMMARY, text_lang(f[1]), f[7],
		    strlen(f[7]) };
		t[2] = (struct idx_text){ FIELD_BODY, text_lang(f[1]), f[8],
		    strlen(f[8]) };
		raw += t[0].len + t[1].len + t[2].len;
		d.texts = t;
		d.textsz = 3;
		lang[0] = f[1];
		year[0] = f[2];
		country[0] = f[3];
		city[0] = f[4];
		nt = *f[5] ? split(f[5], topics, 8, ';') : 0;
		d.values[FACET_LANG] = lang;
		d.valuesz[FACET_LANG] = 1;
		d.values[FACET_YEAR] = year;
		d.valuesz[FACET_YEAR] = 1;
		d.values[FACET_COUNTRY] = country;
		d.valuesz[FACET_COUNTRY] = 1;
		d.values[FACET_CITY] = city;
		d.valuesz[FACET_CITY] = 1;
		d.values[FACET_TOPIC] = (const char *const *)topics;
		d.valuesz[FACET_TOPIC] = nt;
		d.values[FACET_KIND] = kind;
		d.valuesz[FACET_KIND] = 1;
		if (idx_put(ix, ctx, &d) != ERR_OK) {
			fprintf(stderr, "idx_put failed at %s\n", f[0]);
			return 1;
		}
		if (++ndocs % 100000 == 0)
			fprintf(stderr, "idx_bench: %zu documents, %.0f/s\n",
			    ndocs, (double)ndocs / (now() - t0));
	}
	fclose(in);
	if (idx_compact(ix) != ERR_OK)
		return 1;
	build = now() - t0;
	build_cpu = cpu_now() - c0;
	bytes = idx_bytes(ix);
	fprintf(stderr, "idx_bench: build used %.1f s of CPU (%.0f/s)\n",
	    build_cpu, (double)ndocs / build_cpu);
	fprintf(stderr, "idx_bench: %zu documents in %.1f s (%.0f/s), index "
	    "%zu bytes = %.0f bytes/doc = %.1f%% of %zu bytes of text\n",
	    ndocs, build, (double)ndocs / build, bytes,
	    (double)bytes / (double)ndocs, 100.0 * (double)bytes / (double)raw,
	    raw);

	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (nq == qcap) {
			qcap = qcap ? qcap * 2 : 1024;
			qlines = realloc(qlines, qcap * sizeof(*qlines));
		}
		qlines[nq++] = strdup(line);
	}
	fclose(in);
	lat = calloc(nq, sizeof(*lat));
	for (qc = 0; qc < Q__MAX; qc++)
		clat[qc] = calloc(nq, sizeof(double));
	/*
	 * IDX_BENCH_DUMP=path writes what each query returned (total, hits,
	 * counts), to compare two versions of the engine.
	 */
	if (getenv("IDX_BENCH_DUMP") != NULL &&
	    (dump = fopen(getenv("IDX_BENCH_DUMP"), "w")) == NULL) {
		perror(getenv("IDX_BENCH_DUMP"));
		return 1;
	}
	/*
	 * IDX_BENCH_TIMES=path writes each query's class, latency (ms) and
	 * total, to see which queries make the median.
	 */
	if (getenv("IDX_BENCH_TIMES") != NULL &&
	    (times = fopen(getenv("IDX_BENCH_TIMES"), "w")) == NULL) {
		perror(getenv("IDX_BENCH_TIMES"));
		return 1;
	}
	/* IDX_BENCH_STOP=1: stop here, for a profiler to attach to queries. */
	if (getenv("IDX_BENCH_STOP") != NULL) {
		fprintf(stderr, "idx_bench: stopped before the queries, pid "
		    "%ld\n", (long)getpid());
		raise(SIGSTOP);
	}
	/* Pass 0 warms the caches; pass 1 is measured. */
	q0 = 0;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			q0 = cpu_now();
		total = 0;
		memset(cn, 0, sizeof(cn));
		memset(ctotal, 0, sizeof(ctotal));
		for (i = 0; i < nq; i++) {
			struct idx_query	 q;
			struct idx_result	 res;
			char			*l = strdup(qlines[i]), *qf[5];
			char			*tv[8], *cv[8];
			double			 t;

			memset(&q, 0, sizeof(q));
			if (split(l, qf, 5, '\t') != 5) {
				free(l);
				continue;
			}
			q.text = qf[0];
			q.values[FACET_TOPIC] = (const char *const *)tv;
			q.valuesz[FACET_TOPIC] = *qf[1] ? split(qf[1], tv, 8,
			    ';') : 0;
			q.values[FACET_COUNTRY] = (const char *const *)cv;
			q.valuesz[FACET_COUNTRY] = *qf[2] ? split(qf[2], cv, 8,
			    ';') : 0;
			q.year_from = atoi(qf[3]);
			q.year_to = atoi(qf[4]);
			q.limit = 20;
			q.typos = 1;
			q.facets = (1u << FACET_TOPIC) | (1u << FACET_COUNTRY) |
			    (1u << FACET_YEAR);
			t = now();
			if (idx_search(ix, ctx, &q, &res) != ERR_OK)
				fprintf(stderr, "query %zu failed: %s\n", i,
				    res.error ? res.error : "?");
			lat[i] = (now() - t) * 1000.0;
			total += lat[i];
			qc = *qf[0] == '\0' ? Q_BR : (q.valuesz[FACET_TOPIC] ||
			    q.valuesz[FACET_COUNTRY] || q.year_from ||
			    q.year_to) ? Q_KF : Q_KW;
			clat[qc][cn[qc]++] = lat[i];
			ctotal[qc] += lat[i];
			clat[Q_ALL][cn[Q_ALL]++] = lat[i];
			ctotal[Q_ALL] += lat[i];
			if (dump != NULL && pass == 1)
				dump_result(dump, i, &res);
			if (times != NULL && pass == 1)
				fprintf(times, "%zu\t%s\t%.4f\t%llu\n", i,
				    qc == Q_BR ? "br" : qc == Q_KF ? "kf" :
				    "kw", lat[i], (unsigned long long)res.total);
			idx_result_free(&res);
			free(l);
		}
	}
	qsort(lat, nq, sizeof(*lat), dcmp);
	if ((out = fopen(argv[3], "a")) == NULL) {
		perror(argv[3]);
		return 1;
	}
	fprintf(out, "{\"engine\": \"intercity\", \"n_docs\": %zu, "
	    "\"n_queries\": %zu, \"build_s\": %.3f, \"docs_per_s\": %.1f, "
	    "\"bytes\": %zu, \"raw_bytes\": %zu, \"query_s\": %.3f",
	    ndocs, nq, build, (double)ndocs / build, bytes, raw, total / 1000.0);
	/* CPU seconds beside the wall-clock ones: the machine may be busy. */
	fprintf(out, ", \"build_cpu_s\": %.3f, \"cpu_docs_per_s\": %.1f, "
	    "\"query_cpu_s\": %.3f", build_cpu, (double)ndocs / build_cpu,
	    cpu_now() - q0);
	for (qc = 0; qc < Q__MAX; qc++) {
		size_t	 k = cn[qc];

		if (k == 0)
			continue;
		qsort(clat[qc], k, sizeof(double), dcmp);
		fprintf(out, ", \"%sn\": %zu, \"%sp50_ms\": %.4f, "
		    "\"%sp95_ms\": %.4f, \"%sp99_ms\": %.4f, \"%sqps\": %.1f",
		    qclass_prefix[qc], k, qclass_prefix[qc], clat[qc][k / 2],
		    qclass_prefix[qc], clat[qc][k * 95 / 100],
		    qclass_prefix[qc], clat[qc][k * 99 / 100],
		    qclass_prefix[qc], (double)k / (ctotal[qc] / 1000.0));
	}
	fprintf(out, "}\n");
	fclose(out);
	if (dump != NULL)
		fclose(dump);
	if (times != NULL)
		fclose(times);
	fprintf(stderr, "idx_bench: %zu queries: p50 %.3f ms, p95 %.3f ms, "
	    "p99 %.3f ms, %.0f queries/s\n", nq, lat[nq / 2],
	    lat[nq * 95 / 100], lat[nq * 99 / 100], (double)nq /
	    (total / 1000.0));
	for (qc = 0; qc < Q__MAX; qc++)
		free(clat[qc]);
	for (i = 0; i < nq; i++)
		free(qlines[i]);
	free(qlines);
	free(lat);
	free(line);
	idx_ctx_free(ctx);
	idx_free(ix);
	return 0;
}
