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

/* Writes doc as compact JSON (keys in insertion order) and releases it;
 * NULL (out of memory) gives a 500 problem. */
void	 api_send(struct api *, json_t *doc);

/*
 * Text of an i18n value in a's language, or another one; *code (may be
 * NULL) is the language used, NULL when there is no text.
 */
const char	*api_text(struct api *, json_t *i18n, const char **code);

/* The display name of a record in a's language (title, label or name);
 * the slug when there is no record. */
const char	*api_name(struct api *, enum kind, const char *slug);

/* {"slug": s, "name": ...}, or {"code": c, "name": ...} for a country. */
json_t	*api_ref(struct api *, enum kind, const char *slug);

/* The kinds with API addresses: their URL segment ("organisations"). */
const char	*api_segment(enum kind);

/*
 * A record as a summary item (search hit, list entry): kind, slug, url,
 * title, title_lang and what fits the kind. New reference; NULL when out
 * of memory.
 */
json_t	*api_item(struct api *, enum kind, json_t *rec);

/* 1 when the record may be shown (practices: published only). */
int	 api_visible(enum kind, json_t *rec);

/* Handlers (routes in api_routes.c). */
void	 api_search(struct http_req *, struct http_resp *);
void	 api_list(struct http_req *, struct http_resp *);
void	 api_get(struct http_req *, struct http_resp *);
void	 api_openapi(struct http_req *, struct http_resp *);

#endif
