/* api_search.c - GET /api/v1/search: the catalogue's search as JSON, for
 * the site's own script (live results and counts) and for anyone else.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "i18n.h"
#include "model.h"

#define SNIPPET_MAX	260	/* bytes, as on the catalogue page */

/* The facets the response counts, in the order it lists them. */
static const enum idx_facet counted[] = {
	FACET_TOPIC, FACET_COUNTRY, FACET_YEAR, FACET_CITY, FACET_ORG,
	FACET_LANG,
};

/*
 * The query the HTML catalogue runs for the same form (ui_practices.c
 * to_query), with the kinds asked for and prefix= added, so the page and
 * the API agree on every total and count.
 */
static void
to_query(const struct form_search *s, struct idx_query *q, int prefix)
{
	size_t	 f;

	memset(q, 0, sizeof(*q));
	q->text = s->q;
	for (f = 0; f < FACET__MAX; f++) {
		q->values[f] = s->vals[f];
		q->valuesz[f] = s->valsz[f];
	}
	q->year_from = s->year_from;
	q->year_to = s->year_to;
	q->sort = s->sort;
	q->offset = (size_t)((s->page - 1) * s->per_page);
	q->limit = (size_t)s->per_page;
	q->typos = 1;
	q->prefix = prefix;
	for (f = 0; f < sizeof(counted) / sizeof(counted[0]); f++)
		q->facets |= 1u << counted[f];
}

/* idx_snippet's result copied into the request's arena; NULL if none. */
static char *
snippet(struct api *a, const struct idx_result *r, const char *text,
    const char *code)
{
	enum text_lang	 l = code ? text_lang(code) : TEXT_EN;
	char		*s, *copy;

	if (text == NULL)
		return NULL;
	if ((s = idx_snippet(site_ctx(), r, text, strlen(text),
	    l == TEXT_NOLANG ? TEXT_EN : l, SNIPPET_MAX)) == NULL)
		return NULL;
	copy = arena_strdup(a->req->mem, s);
	free(s);
	return copy;
}

/*
 * The summary with the matched words marked, or the body (description)
 * when the summary has no match; the summary unmarked when neither has.
 */
static const char *
snippet_for(struct api *a, const struct idx_result *r, enum kind k,
    json_t *rec)
{
	const char	*t, *code;
	char		*first = NULL, *second;

	if (k == KIND_PRACTICE) {
		t = api_text(a, json_object_get(rec, "summary"), &code);
		if ((first = snippet(a, r, t, code)) != NULL &&
		    strstr(first, "<mark>") != NULL)
			return first;
		t = api_text(a, json_object_get(rec, "body"), &code);
	} else
		t = api_text(a, json_object_get(rec, "description"), &code);
	second = snippet(a, r, t, code);
	if (second != NULL && (first == NULL || strstr(second, "<mark>")))
		return second;
	return first;
}

/* A facet value's label in a's language. */
static const char *
label(struct api *a, enum idx_facet f, const char *v)
{
	return site_facet_label(a->site, f, v, a->lang);
}

static void
fvalue(struct api *a, struct api_out *o, enum idx_facet f, const char *v,
    uint32_t count)
{
	api_obj(o);
	api_kstr(o, "value", v);
	api_kstr(o, "label", label(a, f, v));
	api_kint(o, "count", (long long)count);
	api_obj_end(o);
}

static int
counted_value(const struct idx_result *r, enum idx_facet f, const char *v)
{
	size_t	 i;

	for (i = 0; i < r->countsz[f]; i++)
		if (strcmp(r->counts[f][i].value, v) == 0)
			return 1;
	return 0;
}

/* Every value with a count, then every selected value that has none
 * (once, if it was given twice), so a client can show it unticked. */
static void
facet(struct api *a, struct api_out *o, const struct form_search *s,
    const struct idx_result *r, enum idx_facet f)
{
	size_t	 i, j;

	api_arr(o);
	for (i = 0; i < r->countsz[f]; i++)
		fvalue(a, o, f, r->counts[f][i].value, r->counts[f][i].count);
	for (i = 0; i < s->valsz[f]; i++) {
		if (counted_value(r, f, s->vals[f][i]))
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(s->vals[f][j], s->vals[f][i]) == 0)
				break;
		if (j == i)
			fvalue(a, o, f, s->vals[f][i], 0);
	}
	api_arr_end(o);
}

static void
hit(struct api *a, struct api_out *o, const struct form_search *s,
    const struct idx_result *r, const char *key)
{
	const char	*slash = strchr(key, '/'), *snip;
	char		 kname[32];
	enum kind	 k;
	json_t		*rec;

	if (slash == NULL || (size_t)(slash - key) >= sizeof(kname))
		return;
	memcpy(kname, key, (size_t)(slash - key));
	kname[slash - key] = '\0';
	k = strcmp(kname, "organisation") == 0 ? KIND_ORG :
	    model_kind_by_name(kname);
	if ((rec = site_get(a->site, k, slash + 1)) == NULL ||
	    api_item(a, o, k, rec) != 0)
		return;
	if (s->q[0] && (snip = snippet_for(a, r, k, rec)) != NULL)
		api_kstr(o, "snippet_html", snip);
	api_obj_end(o);
}

void
api_search(struct http_req *req, struct http_resp *res)
{
	static const char	*practice[] = { "practice" };
	struct api		 a;
	struct form_search	 s;
	struct form_error	 fe;
	struct idx_query	 q;
	struct idx_result	 r;
	struct idx_ctx		*ctx;
	const char		*prefix;
	struct api_out		 o;
	size_t			 i;
	enum err		 e;

	memset(&r, 0, sizeof(r));
	if (api_open(&a, req, res) != 0)
		return;
	if (form_search(req, &s, &fe) != 0) {
		api_form_error(&a, &fe);
		return;
	}
	prefix = http_arg(req, "prefix");
	if (prefix != NULL && *prefix && strcmp(prefix, "0") &&
	    strcmp(prefix, "1")) {
		fe.param = "prefix";
		fe.fmt = "\"%s\" is not 0 or 1";
		fe.value = strlen(prefix) > 60 ? "(too long)" : prefix;
		api_form_error(&a, &fe);
		return;
	}
	if (s.valsz[FACET_KIND] == 0) {
		s.vals[FACET_KIND] = practice;
		s.valsz[FACET_KIND] = 1;
	}
	if ((ctx = site_ctx()) == NULL) {
		api_problem(res, 500, NULL, "out of memory");
		return;
	}
	to_query(&s, &q, prefix != NULL && strcmp(prefix, "1") == 0);
	e = idx_search(a.site->idx, ctx, &q, &r);
	if (e == ERR_INVALID) {
		api_problem(res, 400, "q", arena_printf(req->mem, "q: %s",
		    r.error ? r.error : "the query cannot be run"));
		goto out;
	}
	if (e != ERR_OK) {
		api_problem(res, 500, NULL, err_str(e));
		goto out;
	}

	api_begin(&a, &o);
	api_kint(&o, "total", (long long)r.total);
	api_kint(&o, "page", s.page);
	api_kint(&o, "per_page", s.per_page);
	api_kstr(&o, "lang", a.code);
	api_key(&o, "hits");
	api_arr(&o);
	for (i = 0; i < r.hitsz; i++)
		hit(&a, &o, &s, &r, r.hits[i].key);
	api_arr_end(&o);
	api_key(&o, "facets");
	api_obj(&o);
	for (i = 0; i < sizeof(counted) / sizeof(counted[0]); i++) {
		api_key(&o, form_facet_keys[counted[i]]);
		facet(&a, &o, &s, &r, counted[i]);
	}
	api_obj_end(&o);
	api_end(&a, &o);
out:
	idx_result_free(&r);
}
