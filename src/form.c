/* form.c - validators for the catalogue's and the API's query keys.
 * SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "html.h"
#include "i18n.h"
#include "model.h"

const char *const form_facet_keys[FACET__MAX] = {
	"topic", "country", "year", "city", "network", "language", "kind",
};

static int
fail(struct form_error *err, const struct http_req *req, const char *param,
    const char *fmt, const char *value)
{
	size_t	 n = strlen(value);

	err->param = param;
	err->fmt = fmt;
	/* Long values are cut (on a character boundary) for the message. */
	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)value[n] & 0xc0) == 0x80)
			n--;
		err->value = arena_printf(req->mem, "%.*s…", (int)n, value);
	} else
		err->value = value;
	return -1;
}

/* A whole decimal number in [lo, hi]; 0 when it is not one. */
static int
number(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (*s == '\0' || strlen(s) > 9 || !(isdigit((unsigned char)*s) ||
	    *s == '-'))
		return 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

static int
facet_value_ok(enum idx_facet f, const char *v)
{
	long	 y;

	switch (f) {
	case FACET_COUNTRY:
		return strlen(v) == 2 && isalpha((unsigned char)v[0]) &&
		    isalpha((unsigned char)v[1]);
	case FACET_YEAR:
		return strlen(v) == 4 && number(v, 1900, 2100, &y);
	case FACET_LANG:
		return strlen(v) == 2 && islower((unsigned char)v[0]) &&
		    islower((unsigned char)v[1]);
	case FACET_KIND:
		return strcmp(v, "practice") == 0 ||
		    strcmp(v, "organisation") == 0 || strcmp(v, "city") == 0 ||
		    strcmp(v, "partnership") == 0;
	default:
		return model_slug_valid(v);
	}
}

static const char *const facet_errors[FACET__MAX] = {
	N_("\"%s\" is not a topic identifier (lower-case letters, digits "
	    "and hyphens)"),
	N_("\"%s\" is not a two-letter country code"),
	N_("\"%s\" is not a year between 1900 and 2100"),
	N_("\"%s\" is not a city identifier (lower-case letters, digits "
	    "and hyphens)"),
	N_("\"%s\" is not a network identifier (lower-case letters, digits "
	    "and hyphens)"),
	N_("\"%s\" is not a two-letter language code"),
	N_("\"%s\" is not a kind of record (practice, organisation, city or "
	    "partnership)"),
};

int
form_search(const struct http_req *req, struct form_search *s,
    struct form_error *err)
{
	const struct http_arg	*a;
	size_t			 i, f, total = 0;
	long			 v;
	char			*up;

	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	s->q = "";
	s->page = 1;
	s->per_page = FORM_PER_PAGE;
	for (f = 0; f < FACET__MAX; f++)
		if ((s->vals[f] = arena_alloc(req->mem, (req->argsz + 1) *
		    sizeof(char *))) == NULL)
			return fail(err, req, "", "out of memory", "");
	for (i = 0; i < req->argsz; i++) {
		a = &req->args[i];
		if (a->val[0] == '\0')
			continue;
		if (strcmp(a->key, "q") == 0) {
			if (strlen(a->val) > IDX_QUERY_MAX)
				return fail(err, req, "q", N_("the search text "
				    "is longer than 1024 bytes: \"%s\""), a->val);
			if (s->q[0] == '\0')
				s->q = a->val;
			continue;
		}
		if (strcmp(a->key, "from") == 0 || strcmp(a->key, "to") == 0) {
			if (!number(a->val, 1900, 2100, &v))
				return fail(err, req, a->key, facet_errors[
				    FACET_YEAR], a->val);
			if (a->key[0] == 'f')
				s->year_from = (int)v;
			else
				s->year_to = (int)v;
			continue;
		}
		if (strcmp(a->key, "sort") == 0) {
			if (strcmp(a->val, "relevance") == 0)
				s->sort = IDX_SORT_RELEVANCE;
			else if (strcmp(a->val, "newest") == 0)
				s->sort = IDX_SORT_NEWEST;
			else
				return fail(err, req, "sort", N_("\"%s\" is not "
				    "a sort order (relevance or newest)"),
				    a->val);
			s->sort_given = 1;
			continue;
		}
		if (strcmp(a->key, "page") == 0) {
			if (!number(a->val, 1, FORM_PAGE_MAX, &s->page))
				return fail(err, req, "page", N_("\"%s\" is not "
				    "a page number from 1 to 1000"), a->val);
			continue;
		}
		if (strcmp(a->key, "per_page") == 0) {
			if (!number(a->val, 1, FORM_PER_PAGE_MAX, &s->per_page))
				return fail(err, req, "per_page", N_("\"%s\" is "
				    "not a number of results from 1 to 100"),
				    a->val);
			continue;
		}
		for (f = 0; f < FACET__MAX; f++)
			if (strcmp(a->key, form_facet_keys[f]) == 0)
				break;
		if (f == FACET__MAX)
			continue;	/* unknown keys are ignored */
		if (!facet_value_ok((enum idx_facet)f, a->val))
			return fail(err, req, a->key, facet_errors[f], a->val);
		if (++total > IDX_FILTERS_MAX)
			return fail(err, req, a->key, N_("more than 256 "
			    "filters; the last one was \"%s\""), a->val);
		if (f == FACET_COUNTRY) {
			if ((up = arena_strdup(req->mem, a->val)) == NULL)
				return fail(err, req, "", "out of memory", "");
			up[0] = (char)toupper((unsigned char)up[0]);
			up[1] = (char)toupper((unsigned char)up[1]);
			s->vals[f][s->valsz[f]++] = up;
		} else
			s->vals[f][s->valsz[f]++] = a->val;
	}
	if (s->year_from && s->year_to && s->year_from > s->year_to)
		return fail(err, req, "from", N_("the year range starts after "
		    "it ends (%s)"), arena_printf(req->mem, "%d–%d",
		    s->year_from, s->year_to));
	if (!s->sort_given)
		s->sort = s->q[0] ? IDX_SORT_RELEVANCE : IDX_SORT_NEWEST;
	return 0;
}

static void
pair(struct buf *b, const char *k, const char *v)
{
	if (b->len > 0 && b->p[b->len - 1] != '?')
		buf_putc(b, '&');
	buf_puts(b, k);
	buf_putc(b, '=');
	html_query(b, v);
}

void
form_query(struct buf *b, const struct form_search *s,
    enum idx_facet skip_facet, const char *skip_value, int keep_page)
{
	size_t	 start = b->len, f, i;
	char	 num[24];

	if (b->oom)
		return;
	/* A marker so pair() knows the first key needs no "&". */
	buf_putc(b, '?');
	if (s->q[0])
		pair(b, "q", s->q);
	for (f = 0; f < FACET__MAX; f++)
		for (i = 0; i < s->valsz[f]; i++)
			if (!(f == skip_facet && strcmp(s->vals[f][i],
			    skip_value) == 0))
				pair(b, form_facet_keys[f], s->vals[f][i]);
	if (s->year_from && !(skip_facet == FACET__MAX && skip_value &&
	    strcmp(skip_value, "from") == 0)) {
		snprintf(num, sizeof(num), "%d", s->year_from);
		pair(b, "from", num);
	}
	if (s->year_to && !(skip_facet == FACET__MAX && skip_value &&
	    strcmp(skip_value, "to") == 0)) {
		snprintf(num, sizeof(num), "%d", s->year_to);
		pair(b, "to", num);
	}
	if (s->sort_given)
		pair(b, "sort", s->sort == IDX_SORT_NEWEST ? "newest" :
		    "relevance");
	if (s->per_page != FORM_PER_PAGE) {
		snprintf(num, sizeof(num), "%ld", s->per_page);
		pair(b, "per_page", num);
	}
	if (keep_page && s->page > 1) {
		snprintf(num, sizeof(num), "%ld", s->page);
		pair(b, "page", num);
	}
	/* Drop the marker (unless memory ran out before it was written). */
	if (b->oom || b->len <= start)
		return;
	memmove(b->p + start, b->p + start + 1, b->len - start - 1);
	b->len--;
	b->p[b->len] = '\0';
}
