/* io_export.c - deterministic exports: the whole store as JSON, practices as CSV.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "io.h"

/* ---- JSON ---------------------------------------------------------------- */

struct jctx {
	FILE	*f;
	size_t	 n;	/* records written in this array */
	int	 oom;
};

static int
json_one(json_t *rec, void *arg)
{
	struct jctx	*c = arg;
	char		*s;

	/*
	 * One record per line: readable, and a diff of two exports shows the
	 * records that changed. 15 significant digits print every stored
	 * coordinate exactly (they are kept to 6 decimals).
	 */
	if ((s = json_dumps(rec, JSON_REAL_PRECISION(15))) == NULL) {
		c->oom = 1;
		return 1;
	}
	fprintf(c->f, "%s    %s", c->n++ ? ",\n" : "\n", s);
	free(s);
	return 0;
}

enum err
io_export_json(struct db *db, FILE *f)
{
	struct jctx	 c = { f, 0, 0 };
	enum err	 e;
	size_t		 k;

	fprintf(f, "{\n  \"format\": \"intercity\",\n  \"version\": 1");
	for (k = 0; k < KIND__MAX; k++) {
		fprintf(f, ",\n  \"%s\": [", model_kinds[k].plural);
		c.n = 0;
		if ((e = db_each(db, (enum kind)k, json_one, &c)) != ERR_OK)
			return e;
		if (c.oom)
			return ERR_NOMEM;
		fprintf(f, "%s]", c.n ? "\n  " : "");
	}
	fprintf(f, "\n}\n");
	return ferror(f) ? ERR_IO : ERR_OK;
}

/* ---- CSV ------------------------------------------------------------------ */

/* Plain columns of the sheet, in order. */
static const char *const csv_plain[] = { "slug", "status", "city",
    "country", "year", "topics", "organisations", "start", "end", "state",
    "verified", "seeking_partners", "contact", "source_url", NULL };

/* Which languages each i18n field has somewhere, as a sorted list. */
struct csvcols {
	json_t	*langs;		/* field name -> object lang -> true */
	FILE	*f;
	int	 oom;
};

static int
collect_langs(json_t *rec, void *arg)
{
	struct csvcols	*c = arg;
	const char	*key, *lang;
	json_t		*v, *t, *o;
	const struct field *f;

	json_object_foreach(rec, key, v) {
		if ((f = model_field(KIND_PRACTICE, key)) == NULL ||
		    f->type != FT_I18N)
			continue;
		if ((o = json_object_get(c->langs, key)) == NULL) {
			o = json_object();
			if (o == NULL || json_object_set_new(c->langs, key, o)) {
				c->oom = 1;
				return 1;
			}
		}
		json_object_foreach(v, lang, t)
			json_object_set(o, lang, json_true());
	}
	return 0;
}

static int
write_row(json_t *rec, void *arg)
{
	struct csvcols		*c = arg;
	const struct kinddef	*kd = &model_kinds[KIND_PRACTICE];
	struct buf		 machine = { 0 }, list = { 0 };
	const char		*lang;
	json_t			*v, *t, *langs;
	size_t			 i, j;
	char			 num[32];

	for (i = 0; csv_plain[i]; i++) {
		if (i)
			fputc(',', c->f);
		v = json_object_get(rec, csv_plain[i]);
		if (v == NULL)
			continue;
		if (json_is_array(v)) {
			buf_reset(&list);
			json_array_foreach(v, j, t)
				buf_printf(&list, "%s%s", j ? ";" : "",
				    json_string_value(t));
			io_csv_field(c->f, list.p ? list.p : "");
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(v));
			fputs(num, c->f);
		} else if (json_is_boolean(v))
			fputs(json_is_true(v) ? "true" : "false", c->f);
		else
			io_csv_field(c->f, json_string_value(v));
	}
	for (i = 0; i < kd->fieldsz; i++) {
		if (kd->fields[i].type != FT_I18N ||
		    (langs = json_object_get(c->langs,
		    kd->fields[i].name)) == NULL)
			continue;
		v = json_object_get(rec, kd->fields[i].name);
		json_object_foreach(langs, lang, t) {
			json_t	*x = v ? json_object_get(v, lang) : NULL;

			fputc(',', c->f);
			if (x == NULL)
				continue;
			if (json_is_object(x)) {
				/* Languages whose text is machine-made. */
				char	 pat[8];

				snprintf(pat, sizeof(pat), ";%s;", lang);
				if (machine.p == NULL ||
				    strstr(machine.p, pat) == NULL)
					buf_printf(&machine, "%s%s;",
					    machine.len ? "" : ";", lang);
				x = json_object_get(x, "text");
			}
			io_csv_field(c->f, json_string_value(x));
		}
	}
	fputc(',', c->f);
	if (machine.len > 2) {
		/* ";fr;it;" -> "fr;it" */
		machine.p[machine.len - 1] = '\0';
		io_csv_field(c->f, machine.p + 1);
	}
	fputs("\r\n", c->f);
	buf_free(&machine);
	buf_free(&list);
	return c->oom || list.oom;
}

enum err
io_export_csv(struct db *db, FILE *f)
{
	const struct kinddef	*kd = &model_kinds[KIND_PRACTICE];
	struct csvcols		 c = { NULL, f, 0 };
	const char		*lang;
	json_t			*langs, *t, *sorted;
	enum err		 e;
	size_t			 i;

	if ((c.langs = json_object()) == NULL)
		return ERR_NOMEM;
	if ((e = db_each(db, KIND_PRACTICE, collect_langs, &c)) != ERR_OK)
		goto out;
	if (c.oom) {
		e = ERR_NOMEM;
		goto out;
	}
	/* Languages sorted, so the columns come out the same every time. */
	for (i = 0; i < kd->fieldsz; i++) {
		const char	*keys[64];
		size_t		 n = 0, a, b;

		if ((langs = json_object_get(c.langs,
		    kd->fields[i].name)) == NULL)
			continue;
		json_object_foreach(langs, lang, t)
			if (n < 64)
				keys[n++] = lang;
		for (a = 1; a < n; a++)
			for (b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0;
			    b--) {
				const char *x = keys[b];

				keys[b] = keys[b - 1];
				keys[b - 1] = x;
			}
		if ((sorted = json_object()) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		for (a = 0; a < n; a++)
			json_object_set(sorted, keys[a], json_true());
		json_object_set_new(c.langs, kd->fields[i].name, sorted);
	}
	for (i = 0; csv_plain[i]; i++)
		fprintf(f, "%s%s", i ? "," : "", csv_plain[i]);
	for (i = 0; i < kd->fieldsz; i++) {
		if ((langs = json_object_get(c.langs,
		    kd->fields[i].name)) == NULL)
			continue;
		json_object_foreach(langs, lang, t)
			fprintf(f, ",%s:%s", kd->fields[i].name, lang);
	}
	fputs(",machine_translated\r\n", f);
	if ((e = db_each(db, KIND_PRACTICE, write_row, &c)) != ERR_OK)
		goto out;
	e = c.oom ? ERR_NOMEM : ferror(f) ? ERR_IO : ERR_OK;
out:
	json_decref(c.langs);
	return e;
}
