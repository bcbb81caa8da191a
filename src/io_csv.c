/* io_csv.c - practices as CSV rows (RFC 4180), for spreadsheet users.
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "io.h"
#include "model.h"

/* Practice fields that may be CSV columns as they are. */
static const char *const plain_columns[] = { "slug", "status", "city",
    "country", "year", "topics", "organisations", "start", "end", "state",
    "verified", "seeking_partners", "contact", "source_url",
    "machine_translated", NULL };

struct row {
	char	**f;	/* fields, NUL-terminated copies */
	size_t	 n;	/* fields used */
	size_t	 cap;	/* fields allocated */
	long	 line;	/* line the row starts on */
};

struct reader {
	const struct io_source	*src;
	const char		*p, *end;
	long			 line;
};

static void
row_clear(struct row *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
}

static int
row_push(struct row *r, struct buf *b)
{
	char	**f;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;

		if ((f = realloc(r->f, cap * sizeof(*f))) == NULL)
			return -1;
		r->f = f;
		r->cap = cap;
	}
	if ((r->f[r->n] = buf_take(b)) == NULL)
		return -1;
	r->n++;
	return 0;
}

/*
 * Reads one row. Returns 1 with a row, 0 at the end of the input, -1 on a
 * syntax error (reported) or out of memory.
 */
static int
read_row(struct reader *rd, struct row *r, struct io_report *rep)
{
	struct buf	 b = { 0 };
	long		 col = 1, qline;

	row_clear(r);
	if (rd->p >= rd->end)
		return 0;
	r->line = rd->line;
	for (;;) {
		buf_reset(&b);
		buf_put(&b, "", 0);
		if (rd->p < rd->end && *rd->p == '"') {
			qline = rd->line;
			rd->p++;
			for (;;) {
				if (rd->p >= rd->end) {
					io_report_add(rep, rd->src->name, qline,
					    col, NULL, "a quoted field is never "
					    "closed: the file ends inside it "
					    "(a missing or extra '\"'?)");
					buf_free(&b);
					return -1;
				}
				if (*rd->p == '"') {
					if (rd->p + 1 < rd->end &&
					    rd->p[1] == '"') {
						buf_putc(&b, '"');
						rd->p += 2;
						continue;
					}
					rd->p++;
					break;
				}
				if (*rd->p == '\n')
					rd->line++;
				buf_putc(&b, *rd->p++);
			}
			if (rd->p < rd->end && *rd->p != ',' && *rd->p != '\n' &&
			    *rd->p != '\r') {
				io_report_add(rep, rd->src->name, rd->line, col,
				    NULL, "unexpected text after a closing "
				    "quote in field %ld; inside a quoted field, "
				    "write a quote as \"\"", col);
				buf_free(&b);
				return -1;
			}
		} else {
			while (rd->p < rd->end && *rd->p != ',' &&
			    *rd->p != '\n' && *rd->p != '\r') {
				if (*rd->p == '"') {
					io_report_add(rep, rd->src->name,
					    rd->line, col, NULL, "a quote inside "
					    "unquoted field %ld; enclose the "
					    "field in quotes and double the "
					    "quote (\"\")", col);
					buf_free(&b);
					return -1;
				}
				buf_putc(&b, *rd->p++);
			}
		}
		if (b.oom || row_push(r, &b) != 0) {
			buf_free(&b);
			return -1;
		}
		col++;
		if (rd->p < rd->end && *rd->p == ',') {
			rd->p++;
			continue;
		}
		if (rd->p < rd->end && *rd->p == '\r')
			rd->p++;
		if (rd->p < rd->end && *rd->p == '\n') {
			rd->p++;
			rd->line++;
		}
		break;
	}
	buf_free(&b);
	return 1;
}

static int
blank_row(const struct row *r)
{
	return r->n == 1 && r->f[0][0] == '\0';
}

char *
io_csv_column(const char *path)
{
	struct buf	 b = { 0 };
	const char	*p;

	for (p = path; *p && *p != '.' && *p != '['; p++)
		buf_putc(&b, *p);
	if (*p == '.') {
		/* title.en or title.en.text: the column is title:en. */
		const char *q = strchr(p + 1, '.');

		buf_putc(&b, ':');
		buf_put(&b, p + 1, q ? (size_t)(q - p - 1) : strlen(p + 1));
	}
	return buf_take(&b);
}

/* Splits "a; b;c" into a JSON array of trimmed, non-empty items. */
static json_t *
split_list(const char *s)
{
	json_t		*a = json_array();
	const char	*p = s, *q, *e;

	if (a == NULL)
		return NULL;
	while (*p) {
		for (q = p; *q && *q != ';'; q++)
			;
		for (e = q; e > p && isspace((unsigned char)e[-1]); e--)
			;
		while (p < e && isspace((unsigned char)*p))
			p++;
		if (e > p && json_array_append_new(a,
		    json_stringn(p, (size_t)(e - p)))) {
			json_decref(a);
			return NULL;
		}
		p = *q ? q + 1 : q;
	}
	return a;
}

static int
parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "true", "yes", "1", "y", NULL };
	static const char *const no[] = { "false", "no", "0", "n", "", NULL };
	size_t	 i;

	for (i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *v = 1, 1;
	for (i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *v = 0, 1;
	return 0;
}

/* How each header column maps to the practice record. */
struct colmap {
	const struct field	*f;	/* the practice field */
	char			*lang;	/* for i18n columns, else NULL */
	int			 machine; /* the machine_translated column */
};

static enum err
row_record(struct reader *rd, const struct row *hdr, const struct colmap *cm,
    const struct row *r, json_t **out, struct io_report *rep)
{
	json_t		*rec, *v, *machine = NULL, *o;
	const char	*cell, *lang;
	size_t		 i, j;
	char		*col;

	*out = NULL;
	if ((rec = json_object()) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < r->n; i++) {
		cell = r->f[i];
		col = hdr->f[i];
		if (!model_utf8_valid(cell, strlen(cell))) {
			io_report_add(rep, rd->src->name, r->line, 0, NULL,
			    "column \"%s\": is not valid UTF-8 text (save the "
			    "sheet as \"CSV UTF-8\")", col);
			goto invalid;
		}
		if (cell[0] == '\0')
			continue;
		if (cm[i].machine) {
			machine = split_list(cell);
			continue;
		}
		if (cm[i].lang) {
			if ((o = json_object_get(rec, cm[i].f->name)) == NULL) {
				o = json_object();
				if (o == NULL || json_object_set_new(rec,
				    cm[i].f->name, o))
					goto nomem;
			}
			if (json_object_set_new(o, cm[i].lang,
			    json_string(cell)))
				goto nomem;
			continue;
		}
		switch (cm[i].f->type) {
		case FT_INT: {
			char		*end;
			long long	 n;

			errno = 0;
			n = strtoll(cell, &end, 10);
			if (errno || *end || end == cell) {
				io_report_add(rep, rd->src->name, r->line, 0,
				    NULL, "column \"%s\": \"%.40s\" is not a "
				    "whole number", col, cell);
				goto invalid;
			}
			v = json_integer(n);
			break;
		}
		case FT_BOOL: {
			int	 b;

			if (!parse_bool(cell, &b)) {
				io_report_add(rep, rd->src->name, r->line, 0,
				    NULL, "column \"%s\": \"%.40s\" is not "
				    "true or false", col, cell);
				goto invalid;
			}
			v = json_boolean(b);
			break;
		}
		case FT_REFS:
			v = split_list(cell);
			break;
		default:
			v = json_string(cell);
			break;
		}
		if (v == NULL || json_object_set_new(rec, cm[i].f->name, v))
			goto nomem;
	}
	/* Mark the text of machine-translated languages. */
	if (machine != NULL) {
		json_array_foreach(machine, j, v) {
			int	 seen = 0;

			for (i = 0; i < r->n; i++) {
				if (!cm[i].lang || strcmp(cm[i].lang,
				    json_string_value(v)) ||
				    (o = json_object_get(rec, cm[i].f->name)) ==
				    NULL || (o = json_object_get(o,
				    cm[i].lang)) == NULL)
					continue;
				lang = cm[i].lang;
				if (json_object_set_new(json_object_get(rec,
				    cm[i].f->name), lang, json_pack(
				    "{s:O,s:s}", "text", o, "origin",
				    "machine")))
					goto nomem;
				seen = 1;
			}
			if (!seen) {
				io_report_add(rep, rd->src->name, r->line, 0,
				    NULL, "column \"machine_translated\": no "
				    "text in language \"%.20s\" in this row",
				    json_string_value(v));
				goto invalid;
			}
		}
		json_decref(machine);
	}
	*out = rec;
	return ERR_OK;
invalid:
	json_decref(machine);
	json_decref(rec);
	return ERR_INVALID;
nomem:
	json_decref(machine);
	json_decref(rec);
	return ERR_NOMEM;
}

enum err
io_csv_read(const struct io_source *src, size_t file, struct io_recs *recs,
    struct io_report *rep)
{
	struct reader	 rd = { src, src->text, src->text + src->len, 1 };
	struct row	 hdr = { 0 }, r = { 0 };
	struct colmap	*cm = NULL;
	json_t		*rec;
	enum err	 e = ERR_OK;
	size_t		 i, j, before = rep->nerrors;
	int		 rc, have_title = 0;
	long		 rowno = 0;

	/* A spreadsheet's UTF-8 byte-order mark. */
	if (src->len >= 3 && memcmp(src->text, "\xef\xbb\xbf", 3) == 0)
		rd.p += 3;
	if ((rc = read_row(&rd, &hdr, rep)) <= 0 || blank_row(&hdr)) {
		if (rc >= 0)
			io_report_add(rep, src->name, 0, 0, NULL, "the file is "
			    "empty; expected a header row naming the columns "
			    "(slug,city,year,title:en,...)");
		e = ERR_INVALID;
		goto out;
	}
	if ((cm = calloc(hdr.n, sizeof(*cm))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < hdr.n; i++) {
		char		*name = hdr.f[i], *colon;
		const struct field *f;

		if (!model_utf8_valid(name, strlen(name))) {
			io_report_add(rep, src->name, hdr.line, 0, NULL,
			    "column %zu: the name is not valid UTF-8", i + 1);
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcmp(hdr.f[j], name) == 0)
				io_report_add(rep, src->name, hdr.line, 0, NULL,
				    "column \"%.60s\" appears twice", name);
		if (strcmp(name, "machine_translated") == 0) {
			cm[i].machine = 1;
			continue;
		}
		if ((colon = strchr(name, ':')) != NULL) {
			/* Look the field up, then put the name back whole. */
			*colon = '\0';
			f = model_field(KIND_PRACTICE, name);
			*colon = ':';
			if (f == NULL || f->type != FT_I18N ||
			    !model_lang_valid(colon + 1)) {
				io_report_add(rep, src->name, hdr.line, 0, NULL,
				    "unknown column \"%.60s\"; text columns "
				    "are FIELD:LANG, such as title:en or "
				    "body:ca", name);
				continue;
			}
			cm[i].f = f;
			cm[i].lang = colon + 1;
			if (strncmp(name, "title:", 6) == 0)
				have_title = 1;
			continue;
		}
		for (j = 0; plain_columns[j]; j++)
			if (strcmp(plain_columns[j], name) == 0)
				break;
		if (plain_columns[j] == NULL) {
			io_report_add(rep, src->name, hdr.line, 0, NULL,
			    "unknown column \"%.60s\" (see docs/FORMAT.md for "
			    "the columns of a practice sheet)", name);
			continue;
		}
		cm[i].f = strcmp(name, "slug") == 0 ? NULL :
		    model_field(KIND_PRACTICE, name);
	}
	/* The slug column has no field entry; give it a text stand-in. */
	{
		static const struct field slugf = { "slug", FT_TEXT, 0, 0,
		    MODEL_SLUG_MAX, KIND__MAX, NULL, NULL };

		for (i = 0; i < hdr.n; i++)
			if (!cm[i].machine && !cm[i].lang && cm[i].f == NULL &&
			    strcmp(hdr.f[i], "slug") == 0)
				cm[i].f = &slugf;
	}
	{
		static const char *const need[] = { "slug", "city", "year" };

		for (j = 0; j < 3; j++) {
			for (i = 0; i < hdr.n; i++)
				if (strcmp(hdr.f[i], need[j]) == 0)
					break;
			if (i == hdr.n)
				io_report_add(rep, src->name, hdr.line, 0, NULL,
				    "the header has no \"%s\" column, which a "
				    "practice needs", need[j]);
		}
		if (!have_title)
			io_report_add(rep, src->name, hdr.line, 0, NULL, "the "
			    "header has no title column (title:en, title:ca, "
			    "...)");
	}
	if (rep->nerrors > before) {
		e = ERR_INVALID;
		goto out;
	}
	while ((rc = read_row(&rd, &r, rep)) > 0) {
		if (blank_row(&r))
			continue;
		if (r.n != hdr.n) {
			io_report_add(rep, src->name, r.line, 0, NULL, "the row "
			    "has %zu fields but the header has %zu (a missing "
			    "or extra comma, or a stray quote?)", r.n, hdr.n);
			continue;
		}
		if ((e = row_record(&rd, &hdr, cm, &r, &rec, rep)) ==
		    ERR_NOMEM)
			goto out;
		if (e == ERR_INVALID) {
			e = ERR_OK;
			continue;
		}
		e = io_recs_add(recs, KIND_PRACTICE, rec, file,
		    (size_t)rowno++, r.line);
		json_decref(rec);
		if (e != ERR_OK)
			goto out;
	}
	if (rc < 0 && rep->nerrors == before)
		e = ERR_NOMEM;
out:
	row_clear(&hdr);
	free(hdr.f);
	row_clear(&r);
	free(r.f);
	free(cm);
	if (e != ERR_OK)
		return e;
	return rep->nerrors > before ? ERR_INVALID : ERR_OK;
}

void
io_csv_field(FILE *f, const char *s)
{
	const char	*p;

	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL &&
	    !(s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '))) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}
