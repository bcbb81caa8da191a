/* form.h - the query keys the catalogue and the API accept, each with its
 * validator; handlers read only the validated values.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_FORM_H
#define INTERCITY_FORM_H

#include <stddef.h>

#include "http.h"
#include "idx.h"

#define FORM_PER_PAGE		20	/* hits per page by default */
#define FORM_PER_PAGE_MAX	100
#define FORM_PAGE_MAX		1000

/* What was wrong with a request, for a 400 in the page's language. */
struct form_error {
	const char	*param;	/* the query key at fault */
	const char	*fmt;	/* English message (N_), "%s" = the value */
	const char	*value;	/* the offending value, shortened */
};

struct form_search {
	const char	*q;			/* "" when absent */
	const char	**vals[FACET__MAX];	/* filters, validated */
	size_t		 valsz[FACET__MAX];	/* entries per facet */
	int		 year_from;		/* 0: none */
	int		 year_to;		/* 0: none */
	enum idx_sort	 sort;
	int		 sort_given;		/* sort= was in the URL */
	long		 page;			/* 1-based */
	long		 per_page;
};

/* The URL key of a facet's filter ("network" for FACET_ORG). */
extern const char *const form_facet_keys[FACET__MAX];

/*
 * Parses and validates the search keys of req: q, topic, country, year,
 * from, to, city, network, language, kind, sort, page, per_page. Unknown
 * keys are ignored, empty values too. Returns 0, or -1 with *err filled
 * (strings from req's arena).
 */
int	 form_search(const struct http_req *, struct form_search *,
	    struct form_error *);

/* Appends the query string ("q=x&topic=y", no "?") for s, leaving out
 * one facet value (skip_facet/skip_value, or FACET__MAX) and the page
 * unless keep_page. */
void	 form_query(struct buf *, const struct form_search *,
	    enum idx_facet skip_facet, const char *skip_value, int keep_page);

#endif
