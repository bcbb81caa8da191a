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
static json_t *
page_url(struct api *a, enum kind k, long page, long per_page)
{
	struct buf	 b = { 0 };
	json_t		*s;

	buf_printf(&b, API_PREFIX "/%s?page=%ld", api_segment(k), page);
	if (per_page != FORM_PER_PAGE)
		buf_printf(&b, "&per_page=%ld", per_page);
	if (a->lang_given)
		buf_printf(&b, "&lang=%s", a->code);
	s = b.oom ? NULL : json_string(b.p);
	buf_free(&b);
	return s;
}

void
api_list(struct http_req *req, struct http_resp *res)
{
	struct api		 a;
	struct form_search	 s;
	struct form_error	 fe;
	enum kind		 k;
	json_t			**v, *doc, *items, *it;
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
	doc = json_object();
	json_object_set_new(doc, "total", json_integer(n));
	json_object_set_new(doc, "page", json_integer(s.page));
	json_object_set_new(doc, "per_page", json_integer(s.per_page));
	json_object_set_new(doc, "lang", json_string(a.code));
	items = json_array();
	first = (s.page - 1) * s.per_page;
	for (i = first; i < n && i < first + s.per_page; i++)
		if ((it = api_item(&a, k, v[i])) != NULL)
			json_array_append_new(items, it);
	json_object_set_new(doc, "items", items);
	if (s.page > 1 && first - s.per_page < n)
		json_object_set_new(doc, "prev", page_url(&a, k, s.page - 1,
		    s.per_page));
	if (first + s.per_page < n && s.page < FORM_PAGE_MAX)
		json_object_set_new(doc, "next", page_url(&a, k, s.page + 1,
		    s.per_page));
	api_send(&a, doc);
}

/* ---- one record ------------------------------------------------------ */

/* The references of a record, by field, with their names. */
static json_t *
resolved(struct api *a, enum kind k, json_t *rec)
{
	const struct kinddef	*kd = &model_kinds[k];
	const struct field	*f;
	const char		*s;
	json_t			*o = json_object(), *v, *list, *p, *ref;
	size_t			 i, j;

	for (i = 0; i < kd->fieldsz; i++) {
		f = &kd->fields[i];
		v = json_object_get(rec, f->name);
		if (v == NULL)
			continue;
		switch (f->type) {
		case FT_COUNTRY:
			json_object_set_new(o, f->name, api_ref(a, KIND_COUNTRY,
			    json_string_value(v)));
			break;
		case FT_REF:
			json_object_set_new(o, f->name, api_ref(a, f->ref,
			    json_string_value(v)));
			break;
		case FT_REFS:
			list = json_array();
			json_array_foreach(v, j, p)
				json_array_append_new(list, api_ref(a, f->ref,
				    json_string_value(p)));
			json_object_set_new(o, f->name, list);
			break;
		case FT_PARTIES:
			list = json_array();
			json_array_foreach(v, j, p) {
				if ((s = json_string_value(json_object_get(p,
				    "city"))) != NULL)
					ref = json_pack("{s:s, s:o}", "kind",
					    "city", "city", api_ref(a,
					    KIND_CITY, s));
				else
					ref = json_pack("{s:s, s:o}", "kind",
					    "group", "group", api_ref(a,
					    KIND_GROUP, json_string_value(
					    json_object_get(p, "group"))));
				if (ref != NULL && (s = json_string_value(
				    json_object_get(p, "role"))) != NULL)
					json_object_set_new(ref, "role",
					    json_string(s));
				json_array_append_new(list, ref);
			}
			json_object_set_new(o, f->name, list);
			break;
		default:
			break;
		}
	}
	return o;
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
static json_t *
practices_url(struct api *a, enum kind k, const char *slug)
{
	const char	*key;
	struct buf	 b = { 0 };
	json_t		*s;

	switch (k) {
	case KIND_TOPIC: key = "topic"; break;
	case KIND_ORG: key = "network"; break;
	case KIND_CITY: key = "city"; break;
	default: return NULL;
	}
	buf_printf(&b, API_PREFIX "/search?%s=", key);
	http_query_escape(&b, slug);
	if (a->lang_given)
		buf_printf(&b, "&lang=%s", a->code);
	s = b.oom ? NULL : json_string(b.p);
	buf_free(&b);
	return s;
}

void
api_get(struct http_req *req, struct http_resp *res)
{
	struct api	 a;
	enum kind	 k;
	json_t		*rec, *copy, *doc;
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
	doc = api_item(&a, k, rec);
	if (doc != NULL) {
		json_object_set_new(doc, "lang", json_string(a.code));
		if (k != KIND_PRACTICE)
			json_object_set_new(doc, "practices_url",
			    practices_url(&a, k, slug));
		json_object_set_new(doc, "record", copy);
		json_object_set_new(doc, "resolved", resolved(&a, k, copy));
	} else
		json_decref(copy);
	api_send(&a, doc);
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
