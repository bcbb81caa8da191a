/* api_int.h - what the API's files share: the request being answered,
 * JSON output, problem details, and records as summary items.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_API_INT_H
#define INTERCITY_API_INT_H

#include <jansson.h>

#include "api.h"
#include "form.h"
#include "site.h"
#include "ui.h"

#define API_PREFIX	"/api/v1"

/* One API request being answered. */
struct api {
	struct http_req		*req;
	struct http_resp	*res;
	const struct site	*site;
	enum text_lang		 lang;	/* of labels, titles and snippets */
	const char		*code;	/* "en" */
	int			 lang_given; /* lang= was in the URL */
};

/*
 * Starts an answer: the CORS header, and lang= validated. Returns 0, or -1
 * after writing a 400 problem.
 */
int	 api_open(struct api *, struct http_req *, struct http_resp *);

/* Writes an RFC 9457 problem; param (may be NULL) names the query key at
 * fault. detail is copied. */
void	 api_problem(struct http_resp *, unsigned status, const char *param,
	    const char *detail);
/* A 400 problem for a failed form_search, in English. */
void	 api_form_error(struct api *, const struct form_error *);

/*
 * JSON written straight into a buffer, compact, in the order the calls
 * come: the writer puts the commas. Strings are escaped as Jansson does
 * (quote, backslash, control characters), and U+2028/U+2029 as \u2028 and
 * \u2029 so the text may be embedded in a script. Out of memory is the
 * buffer's sticky flag.
 */
#define API_OUT_DEPTH	16
struct api_out {
	struct buf	*b;
	unsigned	 depth;
	int		 key;	/* a key was just written: its value follows */
	unsigned char	 more[API_OUT_DEPTH]; /* a member came at that depth */
};

void	 api_out_init(struct api_out *, struct buf *);
void	 api_obj(struct api_out *);
void	 api_obj_end(struct api_out *);
void	 api_arr(struct api_out *);
void	 api_arr_end(struct api_out *);
void	 api_key(struct api_out *, const char *);
/* A string; NULL writes null. */
void	 api_str(struct api_out *, const char *);
void	 api_int(struct api_out *, long long);
void	 api_null(struct api_out *);
/* Key and string, nothing when s is NULL (as Jansson drops a NULL value). */
void	 api_kstr(struct api_out *, const char *key, const char *s);
void	 api_kint(struct api_out *, const char *key, long long);
/* A Jansson value as compact JSON, keys in insertion order. */
void	 api_json(struct api_out *, json_t *);

/* Starts an answer in a->res->body: an object. */
void	 api_begin(struct api *, struct api_out *);
/* Closes the answer's object; out of memory gives a 500 problem. */
void	 api_end(struct api *, struct api_out *);

/*
 * Text of an i18n value in a's language, or another one; *code (may be
 * NULL) is the language used, NULL when there is no text.
 */
const char	*api_text(struct api *, json_t *i18n, const char **code);

/* The display name of a record in a's language (title, label or name);
 * the slug when there is no record. */
const char	*api_name(struct api *, enum kind, const char *slug);

/* {"slug": s, "name": ...}, or {"code": c, "name": ...} for a country;
 * null when slug is NULL. */
void	 api_ref(struct api *, struct api_out *, enum kind, const char *slug);

/* The kinds with API addresses: their URL segment ("organisations"). */
const char	*api_segment(enum kind);

/*
 * A record as a summary item (search hit, list entry): opens an object
 * and writes kind, slug, url, title, title_lang and what fits the kind;
 * the caller may add members, then closes it. Returns -1, having written
 * nothing, for a record that is no item (a country, no slug).
 */
int	 api_item(struct api *, struct api_out *, enum kind, json_t *rec);

/* 1 when the record may be shown (practices: published only). */
int	 api_visible(enum kind, json_t *rec);

/* Handlers (routes in api_routes.c). */
void	 api_search(struct http_req *, struct http_resp *);
void	 api_list(struct http_req *, struct http_resp *);
void	 api_get(struct http_req *, struct http_resp *);
void	 api_openapi(struct http_req *, struct http_resp *);
void	 api_geo_cities(struct http_req *, struct http_resp *);
void	 api_geo_networks(struct http_req *, struct http_resp *);
void	 api_geo_partnerships(struct http_req *, struct http_resp *);

#endif
