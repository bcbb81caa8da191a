/* idx_load.c - turning the store's records into index documents.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "idx.h"
#include "model.h"

/* A document being assembled; every string it points to outlives it. */
struct builder {
	struct idx_text	 texts[256];
	size_t		 textsz;	/* entries used in texts */
	const char	*vals[FACET__MAX][64];
	size_t		 valsz[FACET__MAX];	/* entries used per facet */
	char		 key[16 + MODEL_SLUG_MAX];
	char		 year[8];
};

/* Names of the records documents mention, read once. */
struct names {
	json_t	*cities;	/* slug -> record */
	json_t	*groups;
	json_t	*topics;
	json_t	*orgs;
};

static void
text(struct builder *b, enum idx_field f, enum text_lang l, const char *s)
{
	if (s == NULL || b->textsz == sizeof(b->texts) / sizeof(b->texts[0]))
		return;
	b->texts[b->textsz].field = f;
	b->texts[b->textsz].lang = l;
	b->texts[b->textsz].text = s;
	b->texts[b->textsz].len = strlen(s);
	b->textsz++;
}

static void
value(struct builder *b, enum idx_facet f, const char *s)
{
	size_t	 i;

	if (s == NULL || b->valsz[f] == 64)
		return;
	for (i = 0; i < b->valsz[f]; i++)
		if (strcmp(b->vals[f][i], s) == 0)
			return;
	b->vals[f][b->valsz[f]++] = s;
}

/* Each language's text of an i18n field, analysed in that language. */
static void
i18n(struct builder *b, enum idx_field f, json_t *obj, int langs)
{
	const char	*lang;
	json_t		*v;

	json_object_foreach(obj, lang, v) {
		if (json_is_object(v))
			v = json_object_get(v, "text");
		text(b, f, text_lang(lang), json_string_value(v));
		if (langs)
			value(b, FACET_LANG, lang);
	}
}

/* A city's names (as written and localized) as names, not stemmed. */
static void
city_names(struct builder *b, enum idx_field f, json_t *city)
{
	const char	*lang;
	json_t		*v;

	if (city == NULL)
		return;
	text(b, f, TEXT_NOLANG, json_string_value(json_object_get(city,
	    "name")));
	json_object_foreach(json_object_get(city, "names"), lang, v)
		text(b, f, TEXT_NOLANG, json_string_value(v));
}

static void
year_of(struct builder *b, const char *date, int *year)
{
	if (date == NULL || strlen(date) < 4)
		return;
	*year = atoi(date);
	snprintf(b->year, sizeof(b->year), "%.4s", date);
	value(b, FACET_YEAR, b->year);
}

static void
topics(struct builder *b, struct names *nm, json_t *list)
{
	size_t	 i;
	json_t	*t;

	json_array_foreach(list, i, t) {
		value(b, FACET_TOPIC, json_string_value(t));
		i18n(b, FIELD_NAMES, json_object_get(json_object_get(nm->topics,
		    json_string_value(t)), "label"), 0);
	}
}

static enum err
put(struct idx *ix, struct idx_ctx *ctx, struct builder *b, int year,
    size_t *n)
{
	struct idx_doc	 d;
	enum err	 e;
	size_t		 f;

	memset(&d, 0, sizeof(d));
	d.key = b->key;
	d.year = year;
	d.texts = b->texts;
	d.textsz = b->textsz;
	for (f = 0; f < FACET__MAX; f++) {
		d.values[f] = b->vals[f];
		d.valuesz[f] = b->valsz[f];
	}
	if ((e = idx_put(ix, ctx, &d)) == ERR_OK)
		(*n)++;
	return e;
}

struct load {
	struct idx	*ix;
	struct idx_ctx	*ctx;
	struct names	*nm;
	size_t		*n;
	enum err	 e;
};

static int
load_practice(json_t *rec, void *arg)
{
	struct load	*ld = arg;
	struct builder	*b;
	const char	*status = json_string_value(json_object_get(rec,
			    "status"));
	static const char *const body[] = { "body", "context", "actions",
	    "results", "cost", "partners", "transfer" };
	json_t		*city, *o;
	size_t		 i;
	int		 year;

	if (status && strcmp(status, "published") != 0)
		return 0;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		ld->e = ERR_NOMEM;
		return 1;
	}
	snprintf(b->key, sizeof(b->key), "practice/%s",
	    json_string_value(json_object_get(rec, "slug")));
	year = (int)json_integer_value(json_object_get(rec, "year"));
	snprintf(b->year, sizeof(b->year), "%d", year);
	value(b, FACET_YEAR, b->year);
	value(b, FACET_KIND, "practice");
	i18n(b, FIELD_TITLE, json_object_get(rec, "title"), 1);
	i18n(b, FIELD_SUMMARY, json_object_get(rec, "summary"), 0);
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++)
		i18n(b, FIELD_BODY, json_object_get(rec, body[i]), 0);
	city = json_object_get(ld->nm->cities, json_string_value(
	    json_object_get(rec, "city")));
	city_names(b, FIELD_NAMES, city);
	value(b, FACET_CITY, json_string_value(json_object_get(rec, "city")));
	value(b, FACET_COUNTRY, json_string_value(json_object_get(rec,
	    "country")));
	topics(b, ld->nm, json_object_get(rec, "topics"));
	json_array_foreach(json_object_get(rec, "organisations"), i, o) {
		value(b, FACET_ORG, json_string_value(o));
		i18n(b, FIELD_NAMES, json_object_get(json_object_get(
		    ld->nm->orgs, json_string_value(o)), "name"), 0);
	}
	ld->e = put(ld->ix, ld->ctx, b, year, ld->n);
	free(b);
	return ld->e != ERR_OK;
}

static int
load_org(json_t *rec, void *arg)
{
	struct load	*ld = arg;
	struct builder	*b;
	json_t		*hq, *c;
	size_t		 i;
	int		 year = 0;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
		ld->e = ERR_NOMEM;
		return 1;
	}
	snprintf(b->key, sizeof(b->key), "organisation/%s",
	    json_string_value(json_object_get(rec, "slug")));
	value(b, FACET_KIND, "organisation");
	value(b, FACET_ORG, json_string_value(json_object_get(rec, "slug")));
	i18n(b, FIELD_TITLE, json_object_get(rec, "name"), 1);
	text(b, FIELD_TITLE, TEXT_NOLANG, json_string_value(json_object_get(
	    rec, "acronym")));
	i18n(b, FIELD_BODY, json_object_get(rec, "description"), 0);
	year_of(b, json_string_value(json_object_get(rec, "founded")), &year);
	hq = json_object_get(ld->nm->cities, json_string_value(
	    json_object_get(rec, "headquarters")));
	if (hq != NULL) {
		city_names(b, FIELD_NAMES, hq);
		value(b, FACET_CITY, json_string_value(json_object_get(rec,
		    "headquarters")));
		value(b, FACET_COUNTRY, json_string_value(json_object_get(hq,
		    "country")));
	}
	json_array_foreach(json_object_get(rec, "founders"), i, c)
		city_names(b, FIELD_NAMES, json_object_get(ld->nm->cities,
		    json_string_value(c)));
	topics(b, ld->nm, json_object_get(rec, "topics"));
	ld->e = put(ld->ix, ld->ctx, b, year, ld->n);
	free(b);
	return ld->e != ERR_OK;
}

static int
load_city(json_t *rec, void *arg)
{
	struct load	*ld = arg;
	struct builder	*b;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
		ld->e = ERR_NOMEM;
		return 1;
	}
	snprintf(b->key, sizeof(b->key), "city/%s",
	    json_string_value(json_object_get(rec, "slug")));
	value(b, FACET_KIND, "city");
	value(b, FACET_CITY, json_string_value(json_object_get(rec, "slug")));
	value(b, FACET_COUNTRY, json_string_value(json_object_get(rec,
	    "country")));
	city_names(b, FIELD_TITLE, rec);
	text(b, FIELD_NAMES, TEXT_NOLANG, json_string_value(json_object_get(
	    rec, "region")));
	ld->e = put(ld->ix, ld->ctx, b, 0, ld->n);
	free(b);
	return ld->e != ERR_OK;
}

static int
load_partnership(json_t *rec, void *arg)
{
	struct load	*ld = arg;
	struct builder	*b;
	json_t		*p, *c, *g;
	size_t		 i;
	int		 year = 0;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
		ld->e = ERR_NOMEM;
		return 1;
	}
	snprintf(b->key, sizeof(b->key), "partnership/%s",
	    json_string_value(json_object_get(rec, "slug")));
	value(b, FACET_KIND, "partnership");
	i18n(b, FIELD_TITLE, json_object_get(rec, "name"), 1);
	i18n(b, FIELD_BODY, json_object_get(rec, "description"), 0);
	year_of(b, json_string_value(json_object_get(rec, "since")), &year);
	value(b, FACET_ORG, json_string_value(json_object_get(rec,
	    "organisation")));
	json_array_foreach(json_object_get(rec, "parties"), i, p) {
		if ((c = json_object_get(p, "city")) != NULL) {
			json_t *city = json_object_get(ld->nm->cities,
			    json_string_value(c));

			value(b, FACET_CITY, json_string_value(c));
			city_names(b, FIELD_NAMES, city);
			value(b, FACET_COUNTRY, json_string_value(
			    json_object_get(city, "country")));
		} else if ((g = json_object_get(ld->nm->groups,
		    json_string_value(json_object_get(p, "group")))) != NULL) {
			i18n(b, FIELD_NAMES, json_object_get(g, "name"), 0);
			value(b, FACET_COUNTRY, json_string_value(
			    json_object_get(g, "country")));
		}
	}
	topics(b, ld->nm, json_object_get(rec, "topics"));
	ld->e = put(ld->ix, ld->ctx, b, year, ld->n);
	free(b);
	return ld->e != ERR_OK;
}

/* Calls cb on each remembered record (in slug order, as read). */
static void
each_kept(json_t *map, int (*cb)(json_t *, void *), struct load *ld)
{
	const char	*slug;
	json_t		*rec;

	json_object_foreach(map, slug, rec)
		if (ld->e != ERR_OK || cb(rec, ld))
			return;
}

static int
remember(json_t *rec, void *arg)
{
	return json_object_set(arg, json_string_value(json_object_get(rec,
	    "slug")), rec) != 0;
}

enum err
idx_load(struct idx *ix, struct idx_ctx *ctx, struct db *db, size_t *n)
{
	struct names	 nm = { json_object(), json_object(), json_object(),
			    json_object() };
	struct load	 ld = { ix, ctx, &nm, n, ERR_OK };
	enum err	 e;

	*n = 0;
	if (!nm.cities || !nm.groups || !nm.topics || !nm.orgs) {
		e = ERR_NOMEM;
		goto out;
	}
	if ((e = db_each(db, KIND_CITY, remember, nm.cities)) != ERR_OK ||
	    (e = db_each(db, KIND_GROUP, remember, nm.groups)) != ERR_OK ||
	    (e = db_each(db, KIND_TOPIC, remember, nm.topics)) != ERR_OK ||
	    (e = db_each(db, KIND_ORG, remember, nm.orgs)) != ERR_OK)
		goto out;
	if ((e = db_each(db, KIND_PRACTICE, load_practice, &ld)) != ERR_OK)
		goto out;
	/* Organisations and cities are already in memory: no second read. */
	each_kept(nm.orgs, load_org, &ld);
	each_kept(nm.cities, load_city, &ld);
	if (ld.e != ERR_OK ||
	    (e = db_each(db, KIND_PARTNERSHIP, load_partnership, &ld)) !=
	    ERR_OK)
		goto out;
	if ((e = ld.e) == ERR_OK)
		e = idx_compact(ix);	/* trims the lists grown by loading */
out:
	json_decref(nm.cities);
	json_decref(nm.groups);
	json_decref(nm.topics);
	json_decref(nm.orgs);
	return e != ERR_OK ? e : ld.e;
}
