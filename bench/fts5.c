/*
 * fts5.c - the SQLite FTS5 baseline of the search benchmark (issue 3):
 * builds an FTS5 database from the generated corpus, runs the query mix on
 * one thread and appends its figures to a JSON-lines file.
 *
 * SPDX-License-Identifier: MIT
 *
 *   fts5 [-B] [-m max_queries] [-p plan] [-r dump.tsv] corpus.tsv
 *        queries.tsv db_path results.jsonl
 *
 * -B reuses db_path as built by an earlier run (to try plans; the build
 * figures are then absent), -m runs only the first queries, -r writes per
 * query: number, class, total, ms, top ids, facet value counts.
 *
 * Schema: a contentless FTS5 table over title, summary and body (unicode61
 * remove_diacritics 2; the text itself lives in the store, as it will for
 * our index), a doc table with the facet columns, and doc_topic; indexes on
 * the facet columns are created after the bulk load, then the FTS index is
 * optimised (merged into one segment) and ANALYZE run: all of it counts as
 * build time, as a careful user of SQLite would do all of it.
 *
 * A query is its matched set (the FTS5 MATCH of the words, or every
 * document for browse) narrowed by the filters: several values of one facet
 * are ORed, facets ANDed.  For each query: the top 20 (bm25 with weights 10,
 * 5, 1 for keywords, year descending for browse), the exact total, and the
 * topic, country and year counts, each computed with every filter except the
 * facet's own (disjunctive counts).  Plans (-p):
 *   temp  (default) the text matches are put once into a temporary table and
 *         the total and counts join it; the top 20 is
 *         "fts CROSS JOIN doc ... ORDER BY bm25" (fts5 drives, the filters
 *         are checked per match).
 *   in    as temp, but the top 20 is the brief's literal form
 *         "fts MATCH ? AND rowid IN (SELECT id FROM doc WHERE ...)".
 *   naive no temporary table: every statement repeats the MATCH.
 * The user's words are bound, never spliced: each is wrapped in double
 * quotes (inner quotes doubled) and the phrases are ANDed.  Statements are
 * prepared once per shape (the number of IN values) and cached.
 * The JSON line: engine, n_docs, n_queries, build_s, docs_per_s, bytes (the
 * database file), fts_bytes (the FTS5 tables alone), raw_bytes, p50_ms,
 * p95_ms, p99_ms, qps, and the same percentiles per query class: kw_
 * (keywords), kf_ (keywords + filters), br_ (browse).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define Q_WORDS_MAX	32	/* words in one query */
#define Q_VALUES_MAX	16	/* values of one facet in one query */
#define SQLB_PARAMS_MAX	(2 + 2 * Q_VALUES_MAX + 2)
#define TOP_K		20
#define DOC_FIELDS	9

enum facet { FACET_TOPIC, FACET_COUNTRY, FACET_YEAR, FACET__MAX };
#define FACET_NONE FACET__MAX

enum qclass { QCLASS_KW, QCLASS_KF, QCLASS_BR, QCLASS__MAX };
static const char *const qclass_key[QCLASS__MAX] = { "kw", "kf", "br" };

enum plan { PLAN_TEMP, PLAN_IN, PLAN_NAIVE, PLAN__MAX };
static const char *const plan_name[PLAN__MAX] = { "temp", "in", "naive" };

static const char *const schema_sql =
    "PRAGMA page_size = 4096;"
    "PRAGMA journal_mode = OFF;"
    "PRAGMA synchronous = OFF;"
    "PRAGMA locking_mode = EXCLUSIVE;"
    "PRAGMA cache_size = -1048576;"
    "PRAGMA temp_store = MEMORY;"
    "CREATE TABLE doc (id INTEGER PRIMARY KEY, lang TEXT NOT NULL,"
    " year INTEGER NOT NULL, country TEXT NOT NULL, city TEXT NOT NULL);"
    "CREATE TABLE doc_topic (doc INTEGER NOT NULL, topic TEXT NOT NULL,"
    " PRIMARY KEY (doc, topic)) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE fts USING fts5(title, summary, body, content = '',"
    " tokenize = 'unicode61 remove_diacritics 2');"
    /* A 64 MB in-memory hash before each flush to disk instead of 1 MB:
     * fewer, larger segments to merge, 10% off the load at 100k docs. */
    "INSERT INTO fts (fts, rank) VALUES ('hashsize', 67108864);";

static const char *const index_sql =
    "CREATE INDEX doc_country_year ON doc (country, year);"
    "CREATE INDEX doc_year_country ON doc (year, country);"
    "CREATE INDEX doc_city ON doc (city);"
    "CREATE INDEX doc_lang ON doc (lang);"
    "CREATE INDEX doc_topic_topic ON doc_topic (topic, doc);";

static const char *const optimize_sql =
    "INSERT INTO fts (fts) VALUES ('optimize');";

static const char *const query_pragmas =
    "PRAGMA cache_size = -1048576;"
    "PRAGMA mmap_size = 17179869184;"
    "PRAGMA temp_store = MEMORY;"
    "CREATE TEMP TABLE m (id INTEGER PRIMARY KEY);"
    /*
     * Without statistics the planner takes the temporary table for a
     * million rows and, joining it to doc, first scans doc to build a Bloom
     * filter: a full scan per statement, 5 ms at 100k documents for a match
     * of one row.  A nominal 10,000 rows keeps it on the plain lookup.
     */
    "ANALYZE temp;"
    "INSERT INTO temp.sqlite_stat1 (tbl, idx, stat) VALUES ('m', NULL, '10000');"
    "ANALYZE temp.sqlite_schema;";

/* ---- small helpers ----------------------------------------------------- */

static void
die(const char *msg)
{
	fprintf(stderr, "fts5: %s\n", msg);
	exit(1);
}

static void
die_db(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fts5: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		die("out of memory");
	return p;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct buf {
	char	*p;
	size_t	 len;	/* bytes used of p, a NUL follows them */
	size_t	 cap;	/* bytes allocated at p */
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Splits s at sep in place into at most max fields; returns the count, or
 * max + 1 when there are more. */
static size_t
split(char *s, char sep, char **field, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		field[n++] = s;
		char *e = strchr(s, sep);
		if (e == NULL)
			return n;
		*e = '\0';
		s = e + 1;
	}
}

static long long
parse_int(const char *s, const char *what, size_t line)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end) {
		fprintf(stderr, "fts5: line %zu: bad %s \"%s\"\n", line, what, s);
		exit(1);
	}
	return v;
}

static void
exec_sql(sqlite3 *db, const char *sql, const char *what)
{
	char *err = NULL;

	/* Fixed statements of this file only: no data goes through here. */
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fts5: %s: %s\n", what, err ? err : "?");
		exit(1);
	}
}

static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		die_db(db, sql);
	return st;
}

static void
step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die_db(db, what);
	sqlite3_reset(st);
}

/* ---- build ------------------------------------------------------------- */

struct build {
	unsigned long		 ndocs;
	unsigned long long	 raw;		/* title + summary + body bytes */
	double			 load_s, index_s, optimize_s, analyze_s, total_s;
	long long		 bytes;		/* database file */
	long long		 fts_bytes;	/* pages of the fts5 shadow tables */
};

static void
build(const char *corpus, const char *dbpath, struct build *out)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins_doc, *ins_topic, *ins_fts, *st;
	FILE *f;
	char *line = NULL, *field[DOC_FIELDS + 1], *topic[Q_VALUES_MAX + 1];
	size_t cap = 0, lineno = 0;
	ssize_t n;
	double t0, t1;
	struct stat sb;

	memset(out, 0, sizeof(*out));
	if ((f = fopen(corpus, "r")) == NULL) {
		fprintf(stderr, "fts5: %s: %s\n", corpus, strerror(errno));
		exit(1);
	}
	unlink(dbpath);
	t0 = now();
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		die_db(db, dbpath);
	exec_sql(db, schema_sql, "schema");
	exec_sql(db, "BEGIN", "begin");
	ins_doc = prepare(db, "INSERT INTO doc (id, lang, year, country, city)"
	    " VALUES (?, ?, ?, ?, ?)");
	ins_topic = prepare(db, "INSERT INTO doc_topic (doc, topic) VALUES (?, ?)");
	ins_fts = prepare(db, "INSERT INTO fts (rowid, title, summary, body)"
	    " VALUES (?, ?, ?, ?)");
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (split(line, '\t', field, DOC_FIELDS) != DOC_FIELDS) {
			fprintf(stderr, "fts5: %s:%zu: not %d fields\n", corpus,
			    lineno, DOC_FIELDS);
			exit(1);
		}
		sqlite3_int64 id = parse_int(field[0], "id", lineno);
		sqlite3_bind_int64(ins_doc, 1, id);
		sqlite3_bind_text(ins_doc, 2, field[1], -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins_doc, 3, parse_int(field[2], "year", lineno));
		sqlite3_bind_text(ins_doc, 4, field[3], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_doc, 5, field[4], -1, SQLITE_STATIC);
		step_done(db, ins_doc, "insert doc");
		size_t nt = split(field[5], ';', topic, Q_VALUES_MAX);
		if (nt > Q_VALUES_MAX) {
			fprintf(stderr, "fts5: %s:%zu: more than %d topics\n",
			    corpus, lineno, Q_VALUES_MAX);
			exit(1);
		}
		for (size_t i = 0; i < nt; i++) {
			if (topic[i][0] == '\0')
				continue;
			sqlite3_bind_int64(ins_topic, 1, id);
			sqlite3_bind_text(ins_topic, 2, topic[i], -1, SQLITE_STATIC);
			step_done(db, ins_topic, "insert doc_topic");
		}
		sqlite3_bind_int64(ins_fts, 1, id);
		for (int i = 0; i < 3; i++) {
			size_t len = strlen(field[6 + i]);
			out->raw += len;
			sqlite3_bind_text(ins_fts, 2 + i, field[6 + i], (int)len,
			    SQLITE_STATIC);
		}
		step_done(db, ins_fts, "insert fts");
		out->ndocs++;
		if (out->ndocs % 100000 == 0)
			fprintf(stderr, "fts5: loaded %lu docs, %.1f s\n",
			    out->ndocs, now() - t0);
	}
	if (ferror(f))
		die("read error on the corpus");
	fclose(f);
	free(line);
	sqlite3_finalize(ins_doc);
	sqlite3_finalize(ins_topic);
	sqlite3_finalize(ins_fts);
	exec_sql(db, "COMMIT", "commit");
	t1 = now();
	out->load_s = t1 - t0;
	exec_sql(db, index_sql, "indexes");
	out->index_s = now() - t1;
	t1 = now();
	exec_sql(db, optimize_sql, "optimize");
	out->optimize_s = now() - t1;
	t1 = now();
	exec_sql(db, "ANALYZE", "analyze");
	out->analyze_s = now() - t1;
	if (sqlite3_close(db) != SQLITE_OK)
		die("close");
	out->total_s = now() - t0;
	if (stat(dbpath, &sb) != 0)
		die("stat on the database");
	out->bytes = (long long)sb.st_size;

	/* The FTS5 share, for the memory comparison; not part of the build. */
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die_db(db, dbpath);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT sum(pgsize) FROM dbstat"
	    " WHERE name LIKE 'fts!_%' ESCAPE '!' AND aggregate = 1", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		out->fts_bytes = sqlite3_column_int64(st, 0);
	else
		out->fts_bytes = -1;	/* no dbstat in this SQLite */
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* ---- queries ----------------------------------------------------------- */

struct query {
	char		*line;			/* owns the strings below */
	char		*word[Q_WORDS_MAX];	/* keywords */
	size_t		 wordsz;		/* entries in word */
	char		*topic[Q_VALUES_MAX];	/* ORed topic slugs */
	size_t		 topicsz;		/* entries in topic */
	char		*country[Q_VALUES_MAX];	/* ORed country codes */
	size_t		 countrysz;		/* entries in country */
	int		 yfrom, yto;		/* 0 when absent */
	enum qclass	 cls;
};

static size_t
split_values(char *s, char **v, size_t max, const char *what, size_t line)
{
	size_t n;

	if (*s == '\0')
		return 0;
	if ((n = split(s, ';', v, max)) > max) {
		fprintf(stderr, "fts5: queries:%zu: more than %zu %s\n", line,
		    max, what);
		exit(1);
	}
	return n;
}

static struct query *
queries_load(const char *path, size_t *nq)
{
	FILE *f = fopen(path, "r");
	struct query *q = NULL;
	size_t qsz = 0, qcap = 0, cap = 0;
	char *line = NULL, *field[6];
	ssize_t n;

	if (f == NULL) {
		fprintf(stderr, "fts5: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (qsz == qcap) {
			qcap = qcap ? 2 * qcap : 1024;
			q = xrealloc(q, qcap * sizeof(*q));
		}
		struct query *x = &q[qsz++];
		memset(x, 0, sizeof(*x));
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		x->line = line;
		line = NULL;
		cap = 0;
		if (split(x->line, '\t', field, 5) != 5) {
			fprintf(stderr, "fts5: %s:%zu: not 5 fields\n", path, qsz);
			exit(1);
		}
		for (char *w = strtok(field[0], " "); w != NULL; w = strtok(NULL, " ")) {
			if (x->wordsz == Q_WORDS_MAX) {
				fprintf(stderr, "fts5: %s:%zu: more than %d words\n",
				    path, qsz, Q_WORDS_MAX);
				exit(1);
			}
			x->word[x->wordsz++] = w;
		}
		x->topicsz = split_values(field[1], x->topic, Q_VALUES_MAX,
		    "topics", qsz);
		x->countrysz = split_values(field[2], x->country, Q_VALUES_MAX,
		    "countries", qsz);
		x->yfrom = *field[3] ? (int)parse_int(field[3], "year_from", qsz) : 0;
		x->yto = *field[4] ? (int)parse_int(field[4], "year_to", qsz) : 0;
		int filtered = x->topicsz || x->countrysz || x->yfrom || x->yto;
		x->cls = x->wordsz == 0 ? QCLASS_BR : filtered ? QCLASS_KF : QCLASS_KW;
	}
	free(line);
	fclose(f);
	*nq = qsz;
	return q;
}

/* ---- statements built per query shape ---------------------------------- */

struct param {
	const char	*s;	/* text, or NULL for the integer v */
	sqlite3_int64	 v;
};

/* SQL text with its parameters; the text holds only fixed fragments and
 * "?", so it is a function of the query's shape and can be cached. */
struct sqlb {
	struct buf	 sql;
	struct param	 p[SQLB_PARAMS_MAX];	/* bound in order */
	size_t		 psz;			/* entries in p */
	int		 where;			/* a WHERE was written */
};

static void
sqlb_reset(struct sqlb *b, const char *sql)
{
	b->sql.len = 0;
	b->psz = 0;
	b->where = 0;
	buf_adds(&b->sql, sql);
}

static void
sqlb_param(struct sqlb *b, const char *s, sqlite3_int64 v)
{
	if (b->psz == SQLB_PARAMS_MAX)
		die("too many parameters");
	b->p[b->psz].s = s;
	b->p[b->psz].v = v;
	b->psz++;
	buf_add(&b->sql, "?", 1);
}

/* Starts a condition: " WHERE " or " AND ". */
static void
sqlb_cond(struct sqlb *b)
{
	buf_adds(&b->sql, b->where ? " AND " : " WHERE ");
	b->where = 1;
}

static void
sqlb_in(struct sqlb *b, char *const *v, size_t n)
{
	buf_add(&b->sql, "(", 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&b->sql, ", ", 2);
		sqlb_param(b, v[i], 0);
	}
	buf_add(&b->sql, ")", 1);
}

/*
 * Appends the query's filters on doc d, except the one of facet except.
 * per_row: the topic test as a per-row lookup (when the matched set drives
 * the join) rather than a set the planner may use to drive it (browse).
 */
static void
sqlb_filters(struct sqlb *b, const struct query *q, int except, int per_row)
{
	if (q->topicsz && except != FACET_TOPIC) {
		sqlb_cond(b);
		buf_adds(&b->sql, per_row ? "EXISTS (SELECT 1 FROM doc_topic t2"
		    " WHERE t2.doc = d.id AND t2.topic IN " :
		    "d.id IN (SELECT doc FROM doc_topic WHERE topic IN ");
		sqlb_in(b, q->topic, q->topicsz);
		buf_add(&b->sql, ")", 1);
	}
	if (q->countrysz && except != FACET_COUNTRY) {
		sqlb_cond(b);
		buf_adds(&b->sql, "d.country IN ");
		sqlb_in(b, q->country, q->countrysz);
	}
	if (except != FACET_YEAR) {
		if (q->yfrom) {
			sqlb_cond(b);
			buf_adds(&b->sql, "d.year >= ");
			sqlb_param(b, NULL, q->yfrom);
		}
		if (q->yto) {
			sqlb_cond(b);
			buf_adds(&b->sql, "d.year <= ");
			sqlb_param(b, NULL, q->yto);
		}
	}
}

static int
has_filters(const struct query *q, int except)
{
	return (q->topicsz && except != FACET_TOPIC) ||
	    (q->countrysz && except != FACET_COUNTRY) ||
	    ((q->yfrom || q->yto) && except != FACET_YEAR);
}

struct centry {
	char		*sql;
	uint64_t	 hash;
	sqlite3_stmt	*st;
};

struct runner {
	sqlite3		*db;
	enum plan	 plan;
	struct centry	*cache;		/* prepared statements by SQL text */
	size_t		 cachesz;	/* entries in cache */
	size_t		 cachecap;	/* allocated entries */
	struct sqlb	 b;
	struct buf	 match;		/* the MATCH expression of this query */
	uint64_t	 sink;		/* results are read into it */
};

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
	return h;
}

/* The cached statement for b's SQL, bound with b's parameters. */
static sqlite3_stmt *
runner_stmt(struct runner *r)
{
	struct sqlb *b = &r->b;
	uint64_t h = fnv1a(b->sql.p, b->sql.len);
	sqlite3_stmt *st = NULL;

	for (size_t i = 0; i < r->cachesz; i++)
		if (r->cache[i].hash == h && strcmp(r->cache[i].sql, b->sql.p) == 0) {
			st = r->cache[i].st;
			break;
		}
	if (st == NULL) {
		if (r->cachesz == r->cachecap) {
			r->cachecap = r->cachecap ? 2 * r->cachecap : 64;
			r->cache = xrealloc(r->cache, r->cachecap * sizeof(*r->cache));
		}
		st = prepare(r->db, b->sql.p);
		r->cache[r->cachesz].sql = strdup(b->sql.p);
		if (r->cache[r->cachesz].sql == NULL)
			die("out of memory");
		r->cache[r->cachesz].hash = h;
		r->cache[r->cachesz].st = st;
		r->cachesz++;
	}
	for (size_t i = 0; i < b->psz; i++) {
		int rc = b->p[i].s ?
		    sqlite3_bind_text(st, (int)i + 1, b->p[i].s, -1, SQLITE_STATIC) :
		    sqlite3_bind_int64(st, (int)i + 1, b->p[i].v);
		if (rc != SQLITE_OK)
			die_db(r->db, "bind");
	}
	return st;
}

/*
 * Runs b's statement to the end, reading every column of every row.
 * Returns the rows; the first column of the first ids_max rows goes to ids.
 */
static size_t
runner_exec(struct runner *r, sqlite3_int64 *ids, size_t ids_max)
{
	sqlite3_stmt *st = runner_stmt(r);
	size_t rows = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int nc = sqlite3_column_count(st);
		if (rows < ids_max)
			ids[rows] = sqlite3_column_int64(st, 0);
		for (int c = 0; c < nc; c++)
			if (sqlite3_column_type(st, c) == SQLITE_TEXT)
				r->sink += (uint64_t)sqlite3_column_bytes(st, c);
			else
				r->sink += (uint64_t)sqlite3_column_int64(st, c);
		rows++;
	}
	if (rc != SQLITE_DONE)
		die_db(r->db, r->b.sql.p);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rows;
}

/* The MATCH expression: every word a quoted phrase, phrases ANDed. */
static void
match_build(struct buf *m, const struct query *q)
{
	m->len = 0;
	buf_add(m, "", 0);
	for (size_t i = 0; i < q->wordsz; i++) {
		if (i > 0)
			buf_add(m, " ", 1);
		buf_add(m, "\"", 1);
		for (const char *s = q->word[i]; *s; s++)
			buf_add(m, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
		buf_add(m, "\"", 1);
	}
}

/* The matched set as a FROM source aliased m: the temporary table, or the
 * MATCH itself (naive plan). */
static void
sqlb_from_matched(struct runner *r)
{
	if (r->plan == PLAN_NAIVE) {
		buf_adds(&r->b.sql, "(SELECT rowid AS id FROM fts WHERE fts MATCH ");
		sqlb_param(&r->b, r->match.p, 0);
		buf_adds(&r->b.sql, ") AS m");
	} else
		buf_adds(&r->b.sql, "m");
}

struct result {
	sqlite3_int64	 top[TOP_K];
	size_t		 topsz;		/* entries in top */
	sqlite3_int64	 total;
	size_t		 facet_values[FACET__MAX];
};

static const char *const facet_col[FACET__MAX] = { "t.topic", "d.country", "d.year" };

static void
query_keywords(struct runner *r, const struct query *q, struct result *res)
{
	struct sqlb *b = &r->b;
	sqlite3_int64 total = 0;

	match_build(&r->match, q);
	if (r->plan != PLAN_NAIVE) {
		sqlb_reset(b, "DELETE FROM m");
		runner_exec(r, NULL, 0);
		sqlb_reset(b, "INSERT INTO m (id) SELECT rowid FROM fts WHERE fts MATCH ");
		sqlb_param(b, r->match.p, 0);
		runner_exec(r, NULL, 0);
	}

	/* Top k by bm25 among the matches that pass the filters. */
	if (!has_filters(q, FACET_NONE)) {
		sqlb_reset(b, "SELECT rowid FROM fts WHERE fts MATCH ");
		sqlb_param(b, r->match.p, 0);
	} else if (r->plan == PLAN_IN) {
		sqlb_reset(b, "SELECT rowid FROM fts WHERE fts MATCH ");
		sqlb_param(b, r->match.p, 0);
		buf_adds(&b->sql, " AND rowid IN (SELECT d.id FROM doc d");
		sqlb_filters(b, q, FACET_NONE, 0);
		buf_adds(&b->sql, ")");
	} else {
		sqlb_reset(b, "SELECT fts.rowid FROM fts CROSS JOIN doc d"
		    " ON d.id = fts.rowid WHERE fts MATCH ");
		sqlb_param(b, r->match.p, 0);
		b->where = 1;
		sqlb_filters(b, q, FACET_NONE, 1);
	}
	buf_adds(&b->sql, " ORDER BY bm25(fts, 10.0, 5.0, 1.0) LIMIT 20");
	res->topsz = runner_exec(r, res->top, TOP_K);

	/* Exact total. */
	sqlb_reset(b, "SELECT count(*) FROM ");
	sqlb_from_matched(r);
	if (has_filters(q, FACET_NONE)) {
		buf_adds(&b->sql, " CROSS JOIN doc d ON d.id = m.id");
		sqlb_filters(b, q, FACET_NONE, 1);
	}
	runner_exec(r, &total, 1);
	res->total = total;

	/* Disjunctive counts: each facet with the other facets' filters. */
	for (int f = 0; f < FACET__MAX; f++) {
		sqlb_reset(b, "SELECT ");
		buf_adds(&b->sql, facet_col[f]);
		buf_adds(&b->sql, ", count(*) FROM ");
		sqlb_from_matched(r);
		/* Topic counts without other filters need no doc row. */
		int need_doc = f != FACET_TOPIC || has_filters(q, f);
		if (need_doc)
			buf_adds(&b->sql, " CROSS JOIN doc d ON d.id = m.id");
		if (f == FACET_TOPIC)
			buf_adds(&b->sql, need_doc ?
			    " CROSS JOIN doc_topic t ON t.doc = d.id" :
			    " CROSS JOIN doc_topic t ON t.doc = m.id");
		sqlb_filters(b, q, f, 1);
		buf_adds(&b->sql, " GROUP BY 1");
		res->facet_values[f] = runner_exec(r, NULL, 0);
	}
}

static void
query_browse(struct runner *r, const struct query *q, struct result *res)
{
	struct sqlb *b = &r->b;
	sqlite3_int64 total = 0;

	sqlb_reset(b, "SELECT d.id FROM doc d");
	sqlb_filters(b, q, FACET_NONE, 0);
	buf_adds(&b->sql, " ORDER BY d.year DESC, d.id DESC LIMIT 20");
	res->topsz = runner_exec(r, res->top, TOP_K);

	sqlb_reset(b, "SELECT count(*) FROM doc d");
	sqlb_filters(b, q, FACET_NONE, 0);
	runner_exec(r, &total, 1);
	res->total = total;

	for (int f = 0; f < FACET__MAX; f++) {
		if (f == FACET_TOPIC && !has_filters(q, f))
			sqlb_reset(b, "SELECT t.topic, count(*) FROM doc_topic t");
		else if (f == FACET_TOPIC)
			sqlb_reset(b, "SELECT t.topic, count(*) FROM doc d"
			    " JOIN doc_topic t ON t.doc = d.id");
		else {
			sqlb_reset(b, "SELECT ");
			buf_adds(&b->sql, facet_col[f]);
			buf_adds(&b->sql, ", count(*) FROM doc d");
		}
		sqlb_filters(b, q, f, 0);
		buf_adds(&b->sql, " GROUP BY 1");
		res->facet_values[f] = runner_exec(r, NULL, 0);
	}
}

/* ---- statistics and output --------------------------------------------- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double
pct(const double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	size_t k = (size_t)(p * (double)n + 0.999999999);
	return v[k == 0 ? 0 : k - 1];
}

struct stats {
	double	*ms;	/* latencies in ms, sorted by stats_done */
	size_t	 n;	/* entries in ms */
	double	 sum;	/* total seconds */
};

static void
stats_json(FILE *f, const char *prefix, struct stats *s)
{
	qsort(s->ms, s->n, sizeof(*s->ms), cmp_double);
	fprintf(f, ", \"%sn\": %zu, \"%sp50_ms\": %.3f, \"%sp95_ms\": %.3f,"
	    " \"%sp99_ms\": %.3f, \"%sqps\": %.1f", prefix, s->n, prefix,
	    pct(s->ms, s->n, 0.50), prefix, pct(s->ms, s->n, 0.95), prefix,
	    pct(s->ms, s->n, 0.99), prefix, s->sum > 0 ? (double)s->n / s->sum : 0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: fts5 [-B] [-m max_queries] [-p temp|in|naive] "
	    "[-r dump.tsv] corpus.tsv queries.tsv db results.jsonl\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct build bd;
	struct runner r;
	struct query *q;
	struct stats all = { 0 }, cls[QCLASS__MAX];
	size_t nq, nloaded, maxq = SIZE_MAX;
	const char *dump_path = NULL;
	FILE *dump = NULL, *json;
	double t0;
	int c, reuse = 0;

	memset(&r, 0, sizeof(r));
	r.plan = PLAN_TEMP;
	while ((c = getopt(argc, argv, "Bm:p:r:")) != -1) {
		switch (c) {
		case 'B':
			reuse = 1;
			break;
		case 'm':
			maxq = (size_t)parse_int(optarg, "-m", 0);
			break;
		case 'p':
			for (r.plan = 0; r.plan < PLAN__MAX &&
			    strcmp(optarg, plan_name[r.plan]) != 0; r.plan++)
				;
			if (r.plan == PLAN__MAX)
				usage();
			break;
		case 'r':
			dump_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 4)
		usage();
	const char *corpus = argv[optind], *qpath = argv[optind + 1];
	const char *dbpath = argv[optind + 2], *jpath = argv[optind + 3];

	q = queries_load(qpath, &nloaded);
	nq = nloaded;
	if (nq > maxq)
		nq = maxq;
	memset(&bd, 0, sizeof(bd));
	if (!reuse) {
		fprintf(stderr, "fts5: SQLite %s, building %s from %s\n",
		    sqlite3_libversion(), dbpath, corpus);
		build(corpus, dbpath, &bd);
		fprintf(stderr, "fts5: built %lu docs in %.1f s (load %.1f,"
		    " indexes %.1f, optimize %.1f, analyze %.1f), %.0f docs/s,"
		    " %lld bytes (fts5 %lld), raw text %llu bytes\n", bd.ndocs,
		    bd.total_s, bd.load_s, bd.index_s, bd.optimize_s,
		    bd.analyze_s, (double)bd.ndocs / bd.total_s, bd.bytes,
		    bd.fts_bytes, bd.raw);
	}

	if (sqlite3_open_v2(dbpath, &r.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die_db(r.db, dbpath);
	exec_sql(r.db, query_pragmas, "query pragmas");
	if (dump_path && (dump = fopen(dump_path, "w")) == NULL) {
		fprintf(stderr, "fts5: %s: %s\n", dump_path, strerror(errno));
		return 1;
	}
	all.ms = xrealloc(NULL, nq * sizeof(double));
	for (int k = 0; k < QCLASS__MAX; k++) {
		memset(&cls[k], 0, sizeof(cls[k]));
		cls[k].ms = xrealloc(NULL, nq * sizeof(double));
	}
	fprintf(stderr, "fts5: running %zu queries, plan %s\n", nq,
	    plan_name[r.plan]);
	t0 = now();
	for (size_t i = 0; i < nq; i++) {
		struct result res;
		double t1 = now(), dt;

		memset(&res, 0, sizeof(res));
		if (q[i].cls == QCLASS_BR)
			query_browse(&r, &q[i], &res);
		else
			query_keywords(&r, &q[i], &res);
		dt = now() - t1;
		all.ms[all.n++] = dt * 1e3;
		all.sum += dt;
		cls[q[i].cls].ms[cls[q[i].cls].n++] = dt * 1e3;
		cls[q[i].cls].sum += dt;
		if (dump) {
			fprintf(dump, "%zu\t%s\t%lld\t%.3f\t", i + 1,
			    qclass_key[q[i].cls], (long long)res.total, dt * 1e3);
			for (size_t k = 0; k < res.topsz; k++)
				fprintf(dump, "%s%lld", k ? "," : "",
				    (long long)res.top[k]);
			fprintf(dump, "\t%zu;%zu;%zu\n", res.facet_values[0],
			    res.facet_values[1], res.facet_values[2]);
		}
		if ((i + 1) % 250 == 0)
			fprintf(stderr, "fts5: %zu queries, %.1f s\n", i + 1,
			    now() - t0);
	}
	double wall = now() - t0;
	if (dump && fclose(dump) != 0)
		die("write error on the dump");

	if ((json = fopen(jpath, "a")) == NULL) {
		fprintf(stderr, "fts5: %s: %s\n", jpath, strerror(errno));
		return 1;
	}
	fprintf(json, "{\"engine\": \"sqlite-fts5\", \"version\": \"%s\","
	    " \"plan\": \"%s\", \"n_docs\": %lu, \"n_queries\": %zu,"
	    " \"build_s\": %.3f, \"docs_per_s\": %.1f, \"bytes\": %lld,"
	    " \"fts_bytes\": %lld, \"raw_bytes\": %llu, \"query_s\": %.3f",
	    sqlite3_libversion(), plan_name[r.plan], bd.ndocs, nq, bd.total_s,
	    bd.total_s > 0 ? (double)bd.ndocs / bd.total_s : 0, bd.bytes,
	    bd.fts_bytes, bd.raw, wall);
	stats_json(json, "", &all);
	for (int k = 0; k < QCLASS__MAX; k++) {
		char prefix[8];
		snprintf(prefix, sizeof(prefix), "%s_", qclass_key[k]);
		stats_json(json, prefix, &cls[k]);
	}
	fprintf(json, "}\n");
	if (fclose(json) != 0)
		die("write error on the results");
	fprintf(stderr, "fts5: %zu queries in %.1f s: p50 %.2f ms, p95 %.2f ms,"
	    " p99 %.2f ms, %.1f queries/s\n", nq, wall, pct(all.ms, all.n, 0.5),
	    pct(all.ms, all.n, 0.95), pct(all.ms, all.n, 0.99),
	    all.sum > 0 ? (double)all.n / all.sum : 0);

	for (size_t i = 0; i < r.cachesz; i++) {
		sqlite3_finalize(r.cache[i].st);
		free(r.cache[i].sql);
	}
	free(r.cache);
	sqlite3_close(r.db);
	for (size_t i = 0; i < nloaded; i++)
		free(q[i].line);
	free(q);
	free(all.ms);
	for (int k = 0; k < QCLASS__MAX; k++)
		free(cls[k].ms);
	free(r.b.sql.p);
	free(r.match.p);
	/* Printing what was read keeps the reads from being optimised away. */
	fprintf(stderr, "fts5: checksum %llu\n", (unsigned long long)r.sink);
	return 0;
}
