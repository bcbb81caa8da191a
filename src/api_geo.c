/* api_geo.c - the API's GeoJSON (RFC 7946): cities, networks at their
 * headquarters and partnerships as lines, the same documents as the
 * site's exports (ui_opendata.c) with the API's lang= and problems.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "api_int.h"

/* The one value a GeoJSON endpoint takes for a facet key, or NULL; the
 * filters are validated by form_search first. */
static const char *
one(const struct form_search *s, enum idx_facet f)
{
	return s->valsz[f] > 0 ? s->vals[f][0] : NULL;
}

/* Validates lang= and the filters; 0, or -1 after a 400 problem. */
static int
open_geo(struct api *a, struct http_req *req, struct http_resp *res,
    struct form_search *s)
{
	struct form_error	 fe;

	if (api_open(a, req, res) != 0)
		return -1;
	if (form_search(req, s, &fe) != 0) {
		api_form_error(a, &fe);
		return -1;
	}
	return 0;
}

/* Sends doc (a reference taken) as application/geo+json. */
static void
send(struct api *a, json_t *doc)
{
	char	*out = doc ? json_dumps(doc, JSON_COMPACT |
		    JSON_REAL_PRECISION(15)) : NULL;

	json_decref(doc);
	if (out == NULL) {
		api_problem(a->res, 500, NULL, "out of memory");
		return;
	}
	buf_puts(&a->res->body, out);
	free(out);
	a->res->type = "application/geo+json";
}

static const char *
base_of(struct http_req *req)
{
	return ((const struct app *)req->app)->base;
}

void
api_geo_cities(struct http_req *req, struct http_resp *res)
{
	struct api		 a;
	struct form_search	 s;

	if (open_geo(&a, req, res, &s) != 0)
		return;
	send(&a, ui_geo_cities(a.site, a.lang, base_of(req), one(&s,
	    FACET_ORG)));
}

void
api_geo_networks(struct http_req *req, struct http_resp *res)
{
	struct api		 a;
	struct form_search	 s;

	if (open_geo(&a, req, res, &s) != 0)
		return;
	send(&a, ui_geo_networks(a.site, a.lang, base_of(req), NULL));
}

void
api_geo_partnerships(struct http_req *req, struct http_resp *res)
{
	struct api		 a;
	struct form_search	 s;

	if (open_geo(&a, req, res, &s) != 0)
		return;
	send(&a, ui_geo_partnerships(a.site, a.lang, base_of(req), NULL,
	    one(&s, FACET_CITY)));
}
