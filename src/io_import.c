/* io_import.c - the import driver: read, check, store in one transaction.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "io.h"

enum err
io_recs_add(struct io_recs *rs, enum kind k, json_t *rec, size_t file,
    size_t index, long line)
{
	struct io_rec	*v;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 256;

		if ((v = realloc(rs->v, cap * sizeof(*v))) == NULL)
			return ERR_NOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	v = &rs->v[rs->n++];
	v->kind = k;
	v->rec = json_incref(rec);
	v->file = file;
	v->index = index;
	v->line = line;
	return ERR_OK;
}

void
io_report_add(struct io_report *rep, const char *file, long line,
    long column, const char *where, const char *fmt, ...)
{
	struct io_error	*er, *v;
	struct buf	 b = { 0 };
	va_list		 ap;

	rep->nerrors++;
	if (rep->errorsz >= IO_ERRORS_MAX)
		return;
	if ((v = realloc(rep->errors, (rep->errorsz + 1) *
	    sizeof(*v))) == NULL)
		return;
	rep->errors = v;
	er = &v[rep->errorsz++];
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	er->file = file ? strdup(file) : NULL;
	er->line = line;
	er->column = column;
	er->where = where ? strdup(where) : NULL;
	er->msg = buf_take(&b);
}

void
io_report_skip(struct io_report *rep, const char *name,
    const char *fmt, ...)
{
	struct io_skip	*v;
	struct buf		 b = { 0 };
	va_list			 ap;

	if ((v = realloc(rep->skips, (rep->skipsz + 1) *
	    sizeof(*v))) == NULL)
		return;
	rep->skips = v;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	v[rep->skipsz].name = strdup(name);
	v[rep->skipsz].reason = buf_take(&b);
	rep->skipsz++;
}

/* A TSV field may hold neither tabs nor line breaks: they become spaces. */
static void
tsv_field(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

void
io_report_skips_tsv(FILE *f, const struct io_report *rep)
{
	size_t	 i;

	fputs("name\treason\n", f);
	for (i = 0; i < rep->skipsz; i++) {
		tsv_field(f, rep->skips[i].name);
		fputc('\t', f);
		tsv_field(f, rep->skips[i].reason);
		fputc('\n', f);
	}
}

void
io_report_free(struct io_report *rep)
{
	size_t	 i;

	for (i = 0; i < rep->skipsz; i++) {
		free(rep->skips[i].name);
		free(rep->skips[i].reason);
	}
	free(rep->skips);

	for (i = 0; i < rep->errorsz; i++) {
		free(rep->errors[i].file);
		free(rep->errors[i].where);
		free(rep->errors[i].msg);
	}
	free(rep->errors);
	memset(rep, 0, sizeof(*rep));
}

void
io_error_print(FILE *f, const struct io_error *er)
{
	if (er->file)
		fprintf(f, "%s:", er->file);
	if (er->line > 0)
		fprintf(f, "%ld:", er->line);
	if (er->column > 0)
		fprintf(f, "%ld:", er->column);
	if (er->file || er->line > 0)
		fputc(' ', f);
	if (er->where)
		fprintf(f, "%s: ", er->where);
	fprintf(f, "%s\n", er->msg ? er->msg : "out of memory");
}

/* ---- reporting a record's problem where it is ------------------------- */

static void
report_rec(struct io_report *rep, const struct io_source *srcs,
    const struct io_rec *r, const struct problem *pb)
{
	const struct io_source	*src = &srcs[r->file];
	struct buf		 where = { 0 };
	long			 line = r->line;

	if (src->format == IO_CSV) {
		if (pb->path) {
			char	*col = io_csv_column(pb->path);

			buf_printf(&where, "column \"%s\"", col ? col : "");
			free(col);
		} else
			buf_puts(&where, "row");
	} else if (src->format == IO_EUROCITIES) {
		/* Records made from a member name it; the others the file. */
		if (r->index == SIZE_MAX)
			buf_puts(&where, "$");
		else
			buf_printf(&where, "$.members[%zu]", r->index);
	} else {
		buf_printf(&where, "$.%s[%zu]", model_kinds[r->kind].plural,
		    r->index);
		if (pb->path)
			buf_printf(&where, "%s%s", pb->path[0] == '[' ? "" :
			    ".", pb->path);
		line = io_json_line(src->text, src->len,
		    model_kinds[r->kind].plural, r->index, pb->path);
	}
	io_report_add(rep, src->name, line, 0, where.p, "%s",
	    pb->msg ? pb->msg : "out of memory");
	buf_free(&where);
}

/* ---- ordering ----------------------------------------------------------- */

struct slugref {
	enum kind	 kind;
	const char	*slug;
	size_t		 rec;	/* index in the record list */
};

static int
slugref_cmp(const void *a, const void *b)
{
	const struct slugref	*x = a, *y = b;
	int			 c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->slug, y->slug)) != 0)
		return c;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static int
order_cmp(const void *a, const void *b)
{
	const struct io_rec	*x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

/*
 * Organisations may name a parent organisation of the same import: store
 * parents first. A stable pass that moves each record after its parent; a
 * cycle is left as it is and reported by the store as an unknown parent.
 */
static void
order_parents(struct io_recs *rs)
{
	size_t	 lo, hi, i, j, placed;
	int	 moved = 1, rounds = 0;

	for (lo = 0; lo < rs->n && rs->v[lo].kind != KIND_ORG; lo++)
		;
	for (hi = lo; hi < rs->n && rs->v[hi].kind == KIND_ORG; hi++)
		;
	while (moved && rounds++ < 64) {
		moved = 0;
		for (i = lo; i < hi; i++) {
			const char *parent = json_string_value(json_object_get(
			    rs->v[i].rec, "parent"));

			if (parent == NULL)
				continue;
			for (j = i + 1, placed = 0; j < hi && !placed; j++) {
				const char *s = json_string_value(
				    json_object_get(rs->v[j].rec, "slug"));

				if (s && strcmp(s, parent) == 0) {
					struct io_rec t = rs->v[i];

					memmove(&rs->v[i], &rs->v[i + 1],
					    (j - i) * sizeof(t));
					rs->v[j] = t;
					placed = moved = 1;
				}
			}
		}
	}
}

/* ---- progress ----------------------------------------------------------- */

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress(size_t done, size_t total, double start, double *last, int final)
{
	double	 t = now_s(), rate;

	if (!final && t - *last < 0.25)
		return;
	*last = t;
	rate = t > start ? (double)done / (t - start) : 0;
	if (final) {
		fprintf(stderr, "\r\033[Kstored %zu records in %.1f s\n", done,
		    t - start);
		return;
	}
	fprintf(stderr, "\r\033[Kimporting: %zu/%zu records, %.0f/s", done,
	    total, rate);
	if (rate > 0)
		fprintf(stderr, ", about %.0f s left",
		    (double)(total - done) / rate);
}

/* ---- the import ---------------------------------------------------------- */

enum err
io_import(struct db *db, char *const *files, size_t filesz,
    const struct io_import_opts *opts, struct io_report *rep)
{
	struct io_source	*srcs = NULL;
	struct io_recs		 rs = { 0 };
	struct slugref		*sl = NULL;
	struct problem		 pb = { 0 };
	enum db_put_result	 res;
	enum err		 e = ERR_OK;
	size_t			 i, n = 0;
	int			 in_tx = 0, show;
	double			 start, last = 0;
	char			 code[3];

	memset(rep, 0, sizeof(*rep));
	show = opts->progress && isatty(STDERR_FILENO);
	if ((srcs = calloc(filesz ? filesz : 1, sizeof(*srcs))) == NULL)
		return ERR_NOMEM;

	/* 1. Read every file. */
	for (i = 0; i < filesz; i++) {
		struct buf	 b = { 0 };
		const char	*dot;
		int		 rc;

		srcs[i].name = files[i];
		if ((rc = buf_read_file(&b, files[i])) != 0) {
			io_report_add(rep, files[i], 0, 0, NULL, "cannot read "
			    "the file: %s", strerror(rc));
			buf_free(&b);
			e = ERR_IO;
			continue;
		}
		srcs[i].len = b.len;
		srcs[i].text = buf_take(&b);
		srcs[i].format = opts->format;
		if (srcs[i].format == IO_AUTO) {
			dot = strrchr(files[i], '.');
			srcs[i].format = dot && strcasecmp(dot, ".csv") == 0 ?
			    IO_CSV : IO_JSON;
		}
		if (srcs[i].format == IO_CSV)
			rc = io_csv_read(&srcs[i], i, &rs, rep);
		else if (srcs[i].format == IO_EUROCITIES)
			rc = io_eurocities_read(&srcs[i], i, db, opts->as_of,
			    &rs, rep);
		else
			rc = io_json_read(&srcs[i], i, &rs, rep);
		if (rc == ERR_NOMEM) {
			e = ERR_NOMEM;
			goto out;
		}
	}
	rep->records = (long)rs.n;
	if (e != ERR_OK || rep->nerrors > 0)
		goto out;

	/* 2. Check every record on its own, and slugs across all of them. */
	qsort(rs.v, rs.n, sizeof(*rs.v), order_cmp);
	order_parents(&rs);
	if ((sl = calloc(rs.n ? rs.n : 1, sizeof(*sl))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < rs.n; i++) {
		if ((e = model_check(rs.v[i].kind, rs.v[i].rec, &pb)) ==
		    ERR_NOMEM)
			goto out;
		if (e != ERR_OK) {
			report_rec(rep, srcs, &rs.v[i], &pb);
			e = ERR_OK;
			continue;
		}
		sl[n].kind = rs.v[i].kind;
		/*
		 * A country's slug is made in a scratch buffer; its code, kept
		 * in the record, names it as uniquely and lives long enough.
		 */
		sl[n].slug = rs.v[i].kind == KIND_COUNTRY ?
		    json_string_value(json_object_get(rs.v[i].rec, "code")) :
		    model_slug(rs.v[i].kind, rs.v[i].rec, code);
		sl[n].rec = i;
		n++;
	}
	qsort(sl, n, sizeof(*sl), slugref_cmp);
	for (i = 1; i < n; i++) {
		const struct io_rec	*a, *b;
		long			 line;

		if (sl[i].kind != sl[i - 1].kind ||
		    strcmp(sl[i].slug, sl[i - 1].slug))
			continue;
		a = &rs.v[sl[i - 1].rec];
		b = &rs.v[sl[i].rec];
		line = srcs[a->file].format == IO_CSV ? a->line :
		    io_json_line(srcs[a->file].text, srcs[a->file].len,
		    model_kinds[a->kind].plural, a->index, NULL);
		problem_set(&pb, sl[i].kind == KIND_COUNTRY ? "code" : "slug",
		    "duplicate %s \"%s\": the same %s is also at %s:%ld",
		    sl[i].kind == KIND_COUNTRY ? "code" : "slug", sl[i].slug,
		    model_kinds[sl[i].kind].name, srcs[a->file].name, line);
		report_rec(rep, srcs, b, &pb);
	}
	if (rep->nerrors > 0)
		goto out;

	/* 3. Store everything in one transaction. */
	if ((e = db_begin(db)) != ERR_OK) {
		io_report_add(rep, NULL, 0, 0, NULL, "cannot start a "
		    "transaction: %s", db_errmsg(db));
		goto out;
	}
	in_tx = 1;
	start = now_s();
	for (i = 0; i < rs.n; i++) {
		e = db_put(db, rs.v[i].kind, rs.v[i].rec, opts->author ?
		    opts->author : "import", &res, &pb);
		if (e == ERR_INVALID) {
			report_rec(rep, srcs, &rs.v[i], &pb);
			e = ERR_OK;
			continue;
		}
		if (e != ERR_OK) {
			io_report_add(rep, srcs[rs.v[i].file].name, 0, 0, NULL,
			    "cannot store a %s: %s",
			    model_kinds[rs.v[i].kind].name,
			    pb.msg ? pb.msg : db_errmsg(db));
			goto out;
		}
		rep->count[rs.v[i].kind][res]++;
		if (show)
			progress(i + 1, rs.n, start, &last, 0);
	}
	if (show && rs.n > 0)
		progress(rs.n, rs.n, start, &last, 1);
	/* Rules across records, judged once everything is written. */
	for (i = 0; i < rs.n && rep->nerrors == 0; i++) {
		char	*rival = NULL;

		if (rs.v[i].kind != KIND_CLAIM ||
		    !json_is_true(json_object_get(rs.v[i].rec, "preferred")))
			continue;
		if ((e = db_claim_rival(db, model_slug(KIND_CLAIM,
		    rs.v[i].rec, code), &rival)) != ERR_OK)
			goto out;
		if (rival != NULL) {
			problem_set(&pb, "preferred", "claim \"%s\" on the same "
			    "subject and property is preferred too; mark only "
			    "one", rival);
			report_rec(rep, srcs, &rs.v[i], &pb);
			free(rival);
		}
	}
	if (e == ERR_OK && rep->nerrors == 0 && !opts->dry_run) {
		if ((e = db_commit(db)) != ERR_OK)
			io_report_add(rep, NULL, 0, 0, NULL, "cannot commit: %s",
			    db_errmsg(db));
		else
			in_tx = 0;
	}
out:
	if (in_tx)
		db_rollback(db);
	problem_clear(&pb);
	for (i = 0; i < rs.n; i++)
		json_decref(rs.v[i].rec);
	free(rs.v);
	free(sl);
	for (i = 0; i < filesz; i++)
		free(srcs[i].text);
	free(srcs);
	if (e != ERR_OK)
		return e;
	return rep->nerrors > 0 ? ERR_INVALID : ERR_OK;
}
