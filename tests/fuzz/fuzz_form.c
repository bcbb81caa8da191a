/* fuzz_form.c - libFuzzer target: a query string ("q=x&topic=y", decoded
 * as libmicrohttpd decodes it) through form_search, and what it accepts
 * through form_query. Properties: an error names its key and shows its
 * value (at most 60 bytes and "…"); a query string written by form_query
 * parses back to the same state.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "+" is a space, "%XX" a byte; a decoded NUL ends the string, as it
 * does for libmicrohttpd's callers. */
static void
decode(char *s)
{
	char	*o = s;

	for (; *s; s++)
		if (*s == '+')
			*o++ = ' ';
		else if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
		} else
			*o++ = *s;
	*o = '\0';
}

/* Splits s (modified) into req's arguments; 0 if the arena is full. */
static int
parse(struct http_req *req, char *s)
{
	char	*p, *amp, *eq;
	size_t	 n = 1;

	for (p = s; *p; p++)
		n += *p == '&';
	if (n > HTTP_ARGS_MAX)
		n = HTTP_ARGS_MAX;	/* the server refuses more */
	req->argsz = 0;
	if ((req->args = arena_alloc(req->mem, n * sizeof(*req->args))) ==
	    NULL)
		return 0;
	for (p = s; *s && p != NULL && req->argsz < n; p = amp) {
		if ((amp = strchr(p, '&')) != NULL)
			*amp++ = '\0';
		if ((eq = strchr(p, '=')) != NULL)
			*eq++ = '\0';
		decode(p);
		if (eq != NULL)
			decode(eq);
		req->args[req->argsz].key = p;
		req->args[req->argsz++].val = eq ? eq : "";
	}
	return 1;
}

static void
same(const struct form_search *a, const struct form_search *b,
    const char *qs)
{
	size_t	 f, i;
	int	 ok = strcmp(a->q, b->q) == 0 &&
		    a->year_from == b->year_from && a->year_to == b->year_to &&
		    a->sort == b->sort && a->sort_given == b->sort_given &&
		    a->per_page == b->per_page && a->page == b->page;

	for (f = 0; ok && f < FACET__MAX; f++) {
		ok = a->valsz[f] == b->valsz[f];
		for (i = 0; ok && i < a->valsz[f]; i++)
			ok = strcmp(a->vals[f][i], b->vals[f][i]) == 0;
	}
	if (!ok) {
		fprintf(stderr, "form_query wrote \"%s\", which parses to "
		    "another state\n", qs);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_req		 req, again;
	struct form_search	 s, t;
	struct form_error	 err;
	struct buf		 b = { 0 };
	char			*in;
	const char		*qs;
	size_t			 n;

	memset(&req, 0, sizeof(req));
	memset(&again, 0, sizeof(again));
	if ((req.mem = arena_new()) == NULL)
		return 0;
	again.mem = req.mem;
	if ((in = arena_strndup(req.mem, (const char *)data, size)) == NULL ||
	    !parse(&req, in))
		goto out;
	if (form_search(&req, &s, &err) != 0) {
		if (err.param == NULL || err.fmt == NULL || err.value == NULL) {
			fprintf(stderr, "an error without its key, message "
			    "or value\n");
			abort();
		}
		n = strlen(err.value);
		if (n > 60 + strlen("…")) {
			fprintf(stderr, "a value of %zu bytes shown\n", n);
			abort();
		}
		goto out;
	}
	form_query(&b, &s, FACET__MAX, NULL, 1);
	if (b.oom || (qs = arena_strdup(req.mem, b.p ? b.p : "")) == NULL ||
	    (in = arena_strdup(req.mem, qs)) == NULL || !parse(&again, in))
		goto out;
	if (form_search(&again, &t, &err) != 0) {
		fprintf(stderr, "form_query wrote \"%s\", refused: %s=%s\n",
		    qs, err.param, err.value);
		abort();
	}
	same(&s, &t, qs);
	/* Leaving out each facet value in turn. */
	if (s.valsz[FACET_TOPIC] > 0) {
		buf_reset(&b);
		form_query(&b, &s, FACET_TOPIC, s.vals[FACET_TOPIC][0], 0);
	}
	buf_reset(&b);
	form_query(&b, &s, FACET__MAX, "from", 0);
out:
	buf_free(&b);
	arena_free(req.mem);
	return 0;
}
