/* api_records.c - the open data: every kind of record the site shows, as
 * paginated lists and one by one, plus the OpenAPI document.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "model.h"

/* The kind an address names ("cities"), KIND__MAX when none. */
static enum kind
kind_of(const char *segment)
{
	size_t	 k;

	for (k = 0; k < KIND__MAX; k++)
		if (api_segment((enum kind)k) != NULL &&
		    strcmp(api_segment((enum kind)k), segment) == 0)
			return (enum kind)k;
	return KIND__MAX;
}

static int
by_string(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * The records of a list in order, borrowed, into *out (the request's
 * arena): practices newest first (published only), topics in the order of
 * their file, the others by slug. Returns the count, or -1 when out of
 * memory.
 */
static long
records(struct api *a, enum kind k, json_t ***out)
{
	const char	*slug, **slugs;
	json_t		*rec, *src, **v;
	size_t		 n, i;

	src = k == KIND_PRACTICE ? a->site->published :
	    k == KIND_TOPIC ? a->site->topics : a->site->recs[k];
	n = json_is_array(src) ? json_array_size(src) : json_object_size(src);
	if ((v = arena_alloc(a->req->mem, (n + 1) * sizeof(*v))) == NULL)
		return -1;
	*out = v;
	if (json_is_array(src)) {
		json_array_foreach(src, i, rec)
			v[i] = rec;
		return (long)n;
	}
	/* Objects iterate in the store's order; slugs make it stable. */
	if ((slugs = arena_alloc(a->req->mem, (n + 1) * sizeof(*slugs)))
	    == NULL)
		return -1;
	i = 0;
	json_object_foreach(src, slug, rec)
		slugs[i++] = slug;
	qsort(slugs, n, sizeof(*slugs), by_string);
	for (i = 0; i < n; i++)
		v[i] = json_object_get(src, slugs[i]);
	return (long)n;
}

/* ---- list filters ------------------------------------------------------ */

/* The facets a list of this kind is narrowed by (network=, city=,
 * country=), as bits of enum idx_facet. */
static unsigned
list_facets(enum kind k)
{
	switch (k) {
	case KIND_MEMBERSHIP:
		return 1u << FACET_ORG | 1u << FACET_CITY;
	case KIND_CITY:
		return 1u << FACET_ORG | 1u << FACET_COUNTRY;
	case KIND_PARTNERSHIP:
		return 1u << FACET_CITY;
	default:
		return 0;
	}
}

/* 1 when no value of facet f was asked for, or v is one of them. */
static int
asked(const struct form_search *s, enum idx_facet f, const char *v)
{
	size_t	 i;

	if (s->valsz[f] == 0)
		return 1;
	for (i = 0; v != NULL && i < s->valsz[f]; i++)
		if (strcmp(s->vals[f][i], v) == 0)
			return 1;
	return 0;
}

static const char *
field(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

/* Whether a record passes the list's filters: values of one key ORed,
 * keys ANDed. */
static int
wanted(struct api *a, enum kind k, json_t *rec, const struct form_search *s,
    const char *type)
{
	const char	*cities[64], *slug = field(rec, "slug");
	size_t		 i, n;

	switch (k) {
	case KIND_MEMBERSHIP:
		return asked(s, FACET_ORG, field(rec, "organisation")) &&
		    asked(s, FACET_CITY, field(rec, "city"));
	case KIND_ORG:
		return type == NULL || strcmp(field(rec, "kind"), type) == 0;
	case KIND_CITY:
		if (!asked(s, FACET_COUNTRY, field(rec, "country")))
			return 0;
		for (i = 0; i < s->valsz[FACET_ORG]; i++)
			if (site_member_of(a->site, slug, s->vals[FACET_ORG][i]))
				return 1;
		return s->valsz[FACET_ORG] == 0;
	case KIND_PARTNERSHIP:
		if (s->valsz[FACET_CITY] == 0)
			return 1;
		n = site_party_cities(a->site, rec, cities);
		for (i = 0; i < n; i++)
			if (asked(s, FACET_CITY, cities[i]))
				return 1;
		return 0;
	default:
		return 1;
	}
}

static const char *const org_types[] = {
	"network", "programme", "association", "project", "institution",
};

/* type= of the organisations list; 0, or -1 after a 400 problem. */
static int
type_arg(struct api *a, const char **type)
{
	size_t	 i;

	*type = http_arg(a->req, "type");
	if (*type == NULL || **type == '\0') {
		*type = NULL;
		return 0;
	}
	for (i = 0; i < sizeof(org_types) / sizeof(org_types[0]); i++)
		if (strcmp(*type, org_types[i]) == 0)
			return 0;
	api_problem(a->res, 400, "type", arena_printf(a->req->mem, "type: "
	    "\"%.60s\" is not a kind of organisation (network, programme, "
	    "association, project or institution)", *type));
	return -1;
}

/* "/api/v1/cities?page=2&per_page=5&lang=ca", with the list's filters. */
static void
page_url(struct api *a, struct api_out *o, const char *key, enum kind k,
    long page, long per_page, const struct form_search *s, const char *type)
{
	struct buf	 b = { 0 };
	size_t		 f, i;

	buf_printf(&b, API_PREFIX "/%s?page=%ld", api_segment(k), page);
	if (per_page != FORM_PER_PAGE)
		buf_printf(&b, "&per_page=%ld", per_page);
	for (f = 0; f < FACET__MAX; f++)
		for (i = 0; (list_facets(k) >> f & 1) && i < s->valsz[f]; i++) {
			buf_printf(&b, "&%s=", form_facet_keys[f]);
			http_query_escape(&b, s->vals[f][i]);
		}
	if (type != NULL)
		buf_printf(&b, "&type=%s", type);
	if (a->lang_given)
		buf_printf(&b, "&lang=%s", a->code);
	if (b.oom)
		o->b->oom = 1;
	else
		api_kstr(o, key, b.p);
	buf_free(&b);
}

void
api_list(struct http_req *req, struct http_resp *res)
{
	struct api		 a;
	struct api_out		 o;
	struct form_search	 s;
	struct form_error	 fe;
	enum kind		 k;
	json_t			**v;
	const char		*type = NULL;
	long			 n, i, first, kept;

	if (api_open(&a, req, res) != 0)
		return;
	if ((k = kind_of(req->params[0])) == KIND__MAX) {
		api_not_found(req, res);
		return;
	}
	/* page=, per_page= and the filters a kind has (network=, city=,
	 * country=) are validated as for search; the rest is ignored. */
	if (form_search(req, &s, &fe) != 0) {
		api_form_error(&a, &fe);
		return;
	}
	if (k == KIND_ORG && type_arg(&a, &type) != 0)
		return;
	if ((n = records(&a, k, &v)) < 0) {
		api_problem(res, 500, NULL, "out of memory");
		return;
	}
	for (kept = 0, i = 0; i < n; i++)
		if (wanted(&a, k, v[i], &s, type))
			v[kept++] = v[i];
	n = kept;
	api_begin(&a, &o);
	api_kint(&o, "total", n);
	api_kint(&o, "page", s.page);
	api_kint(&o, "per_page", s.per_page);
	api_kstr(&o, "lang", a.code);
	api_key(&o, "items");
	api_arr(&o);
	first = (s.page - 1) * s.per_page;
	for (i = first; i < n && i < first + s.per_page; i++)
		if (api_item(&a, &o, k, v[i]) == 0)
			api_obj_end(&o);
	api_arr_end(&o);
	if (s.page > 1 && first - s.per_page < n)
		page_url(&a, &o, "prev", k, s.page - 1, s.per_page, &s, type);
	if (first + s.per_page < n && s.page < FORM_PAGE_MAX)
		page_url(&a, &o, "next", k, s.page + 1, s.per_page, &s, type);
	api_end(&a, &o);
}

/* ---- one record ------------------------------------------------------ */

/* The references of a record, by field, with their names. */
static void
resolved(struct api *a, struct api_out *o, enum kind k, json_t *rec)
{
	const struct kinddef	*kd = &model_kinds[k];
	const struct field	*f;
	const char		*s;
	json_t			*v, *p;
	size_t			 i, j;

	api_obj(o);
	for (i = 0; i < kd->fieldsz; i++) {
		f = &kd->fields[i];
		v = json_object_get(rec, f->name);
		if (v == NULL)
			continue;
		switch (f->type) {
		case FT_COUNTRY:
			api_key(o, f->name);
			api_ref(a, o, KIND_COUNTRY, json_string_value(v));
			break;
		case FT_REF:
			api_key(o, f->name);
			api_ref(a, o, f->ref, json_string_value(v));
			break;
		case FT_REFS:
			api_key(o, f->name);
			api_arr(o);
			json_array_foreach(v, j, p)
				api_ref(a, o, f->ref, json_string_value(p));
			api_arr_end(o);
			break;
		case FT_PARTIES:
			api_key(o, f->name);
			api_arr(o);
			json_array_foreach(v, j, p) {
				api_obj(o);
				if ((s = json_string_value(json_object_get(p,
				    "city"))) != NULL) {
					api_kstr(o, "kind", "city");
					api_key(o, "city");
					api_ref(a, o, KIND_CITY, s);
				} else {
					api_kstr(o, "kind", "group");
					api_key(o, "group");
					api_ref(a, o, KIND_GROUP,
					    json_string_value(json_object_get(p,
					    "group")));
				}
				api_kstr(o, "role", json_string_value(
				    json_object_get(p, "role")));
				api_obj_end(o);
			}
			api_arr_end(o);
			break;
		default:
			break;
		}
	}
	api_obj_end(o);
}

/* A collection lists only the practices the site shows. */
static void
drop_unpublished(struct api *a, json_t *rec)
{
	json_t	*list = json_object_get(rec, "practices"), *p;
	size_t	 i;

	for (i = json_array_size(list); i-- > 0;) {
		p = json_array_get(list, i);
		if (!api_visible(KIND_PRACTICE, site_get(a->site,
		    KIND_PRACTICE, json_string_value(p))))
			json_array_remove(list, i);
	}
}

/* Where the practices of a topic, organisation or city are searched. */
static void
practices_url(struct api *a, struct api_out *o, enum kind k,
    const char *slug)
{
	const char	*key;
	struct buf	 b = { 0 };

	switch (k) {
	case KIND_TOPIC: key = "topic"; break;
	case KIND_ORG: key = "network"; break;
	case KIND_CITY: key = "city"; break;
	default: return;
	}
	buf_printf(&b, API_PREFIX "/search?%s=", key);
	http_query_escape(&b, slug);
	if (a->lang_given)
		buf_printf(&b, "&lang=%s", a->code);
	if (b.oom)
		o->b->oom = 1;
	else
		api_kstr(o, "practices_url", b.p);
	buf_free(&b);
}

void
api_get(struct http_req *req, struct http_resp *res)
{
	struct api	 a;
	struct api_out	 o;
	enum kind	 k;
	json_t		*rec, *copy;
	const char	*slug = req->params[1];

	if (api_open(&a, req, res) != 0)
		return;
	if ((k = kind_of(req->params[0])) == KIND__MAX) {
		api_not_found(req, res);
		return;
	}
	rec = site_get(a.site, k, slug);
	if (!api_visible(k, rec)) {
		api_problem(res, 404, NULL, arena_printf(req->mem, "there is "
		    "no %s \"%.*s\"", k == KIND_ORG ? "organisation" :
		    model_kinds[k].name, 120, slug));
		return;
	}
	/* The record as the import format has it, so it can be loaded
	 * into another store; names and links beside it. */
	if ((copy = json_deep_copy(rec)) == NULL) {
		api_problem(res, 500, NULL, "out of memory");
		return;
	}
	if (k == KIND_COLLECTION)
		drop_unpublished(&a, copy);
	api_out_init(&o, &res->body);
	if (api_item(&a, &o, k, rec) != 0) {
		json_decref(copy);
		api_problem(res, 500, NULL, "out of memory");
		return;
	}
	api_kstr(&o, "lang", a.code);
	if (k != KIND_PRACTICE)
		practices_url(&a, &o, k, slug);
	api_key(&o, "record");
	api_json(&o, copy);
	api_key(&o, "resolved");
	resolved(&a, &o, k, copy);
	json_decref(copy);
	api_end(&a, &o);
}

void
api_openapi(struct http_req *req, struct http_resp *res)
{
	const char	*name = "openapi.json";

	/* www/openapi.json, loaded with the other assets at start-up. */
	req->params[0] = name;
	req->paramsz = 1;
	http_static_serve(req, res);
	if (res->status == 404) {
		api_problem(res, 404, NULL, "the OpenAPI document is missing");
		return;
	}
	res->type = "application/json; charset=utf-8";
	res->cors = "*";
}
