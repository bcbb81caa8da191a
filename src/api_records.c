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

/* "/api/v1/cities?page=2&per_page=5&lang=ca" */
static void
page_url(struct api *a, struct api_out *o, const char *key, enum kind k,
    long page, long per_page)
{
	struct buf	 b = { 0 };

	buf_printf(&b, API_PREFIX "/%s?page=%ld", api_segment(k), page);
	if (per_page != FORM_PER_PAGE)
		buf_printf(&b, "&per_page=%ld", per_page);
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
	long			 n, i, first;

	if (api_open(&a, req, res) != 0)
		return;
	if ((k = kind_of(req->params[0])) == KIND__MAX) {
		api_not_found(req, res);
		return;
	}
	/* Only page= and per_page= matter here, validated as for search. */
	if (form_search(req, &s, &fe) != 0) {
		api_form_error(&a, &fe);
		return;
	}
	if ((n = records(&a, k, &v)) < 0) {
		api_problem(res, 500, NULL, "out of memory");
		return;
	}
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
		page_url(&a, &o, "prev", k, s.page - 1, s.per_page);
	if (first + s.per_page < n && s.page < FORM_PAGE_MAX)
		page_url(&a, &o, "next", k, s.page + 1, s.per_page);
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
