/* test_http_route.c - route patterns in http_server.c (http_route_match):
 * literals, ":name" captures, ":name.pdf" suffix captures, empty segments,
 * trailing slashes, the capture limit.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include "http.h"

static struct arena	*mem;

static int
setup(void **state)
{
	(void)state;
	mem = arena_new();
	assert_non_null(mem);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(mem);
	return 0;
}

/*
 * Matches path against pattern and checks the outcome: want is NULL for no
 * match, else the captures joined with "|" ("" for a match without any).
 */
static void
check(const char *pattern, const char *path, const char *want)
{
	const char	*params[HTTP_PARAMS_MAX];
	size_t		 n = 99, i;
	struct buf	 got = { 0 };
	int		 m;

	m = http_route_match(pattern, path, params, &n, mem);
	if (want == NULL) {
		if (m)
			fail_msg("%s matched %s", pattern, path);
		return;
	}
	if (!m)
		fail_msg("%s did not match %s", pattern, path);
	assert_true(n <= HTTP_PARAMS_MAX);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&got, '|');
		buf_puts(&got, params[i]);
	}
	if (strcmp(got.p ? got.p : "", want) != 0)
		fail_msg("%s on %s captured \"%s\", not \"%s\"", pattern, path,
		    got.p ? got.p : "", want);
	buf_free(&got);
}

static void
literals(void **state)
{
	(void)state;
	check("/", "/", "");
	check("/healthz", "/healthz", "");
	check("/robots.txt", "/robots.txt", "");
	check("/api/v1/openapi.json", "/api/v1/openapi.json", "");
	check("/healthz", "/healthy", NULL);
	check("/healthz", "/health", NULL);
	check("/healthz", "/healthzz", NULL);
	check("/healthz", "/HEALTHZ", NULL);
	check("/", "/x", NULL);
	check("/x", "/", NULL);
	check("/a/b", "/a", NULL);
	check("/a", "/a/b", NULL);
	check("/robots.txt", "/robots_txt", NULL);
	/* Neither may be relative or empty. */
	check("/", "", NULL);
	check("", "/", NULL);
	check("", "", NULL);
	check("/healthz", "healthz", NULL);
	check("healthz", "healthz", NULL);
}

static void
captures(void **state)
{
	(void)state;
	check("/:lang/practices", "/ca/practices", "ca");
	check("/:lang/practices/:slug", "/fr/practices/budget-participatif",
	    "fr|budget-participatif");
	check("/static/:name", "/static/app.css", "app.css");
	check("/:a/:b/:c", "/x/y/z", "x|y|z");
	/* Captures are copied whole, any bytes but "/". */
	check("/:lang/practices/:slug", "/ca/practices/col·laboració",
	    "ca|col·laboració");
	check("/:lang/practices/:slug", "/ca/practices/a b%2F.c",
	    "ca|a b%2F.c");
	/* The literal parts still have to match. */
	check("/:lang/practices", "/ca/practice", NULL);
	check("/:lang/practices", "/ca/topics", NULL);
	check("/:lang/practices.csv", "/ca/practices.csv", "ca");
	check("/:lang/practices", "/ca/practices.csv", NULL);
	check("/:lang/practices.csv", "/ca/practices", NULL);
	/* A capture is one segment, never two. */
	check("/static/:name", "/static/css/app.css", NULL);
	check("/:lang/practices/:slug", "/ca/practices/a/b", NULL);
}

static void
suffixes(void **state)
{
	(void)state;
	check("/:lang/practices/:slug.pdf", "/ca/practices/housing.pdf",
	    "ca|housing");
	check("/:lang/practices/:slug.pdf", "/ca/practices/a.b.pdf", "ca|a.b");
	check("/:lang/practices/:slug.pdf", "/ca/practices/housing", NULL);
	check("/:lang/practices/:slug.pdf", "/ca/practices/housing.PDF", NULL);
	check("/:lang/practices/:slug.pdf", "/ca/practices/housing.pd", NULL);
	check("/:lang/practices/:slug.pdf", "/ca/practices/housing.pdfx",
	    NULL);
	/* The suffix alone is not a name. */
	check("/:lang/practices/:slug.pdf", "/ca/practices/.pdf", NULL);
	check("/:lang/practices/:slug.pdf", "/ca/practices/pdf", NULL);
	check("/:lang/practices/:slug.pdf", "/ca/practices/x.pdf", "ca|x");
	/* A suffix capture in the middle. */
	check("/:id.json/x", "/42.json/x", "42");
	check("/:id.json/x", "/42.json/y", NULL);
}

static void
empty_segments(void **state)
{
	(void)state;
	/* A capture needs a non-empty segment. */
	check("/:lang/practices", "//practices", NULL);
	check("/:lang/", "//", NULL);
	check("/static/:name", "/static/", NULL);
	/* Doubled slashes are segments of their own. */
	check("/:lang/practices", "/ca//practices", NULL);
	check("/healthz", "//healthz", NULL);
	check("//", "//", "");
	check("/a//b", "/a//b", "");
}

static void
trailing_slashes(void **state)
{
	(void)state;
	check("/:lang/", "/ca/", "ca");
	check("/:lang/", "/ca", NULL);
	check("/:lang/", "/ca//", NULL);
	check("/:lang/practices", "/ca/practices/", NULL);
	check("/:lang/practices/", "/ca/practices", NULL);
	check("/healthz", "/healthz/", NULL);
	check("/:lang", "/ca/", NULL);
	check("/", "//", NULL);
}

static void
too_many(void **state)
{
	(void)state;
	check("/:a/:b/:c/:d", "/1/2/3/4", "1|2|3|4");
	/* One capture more than HTTP_PARAMS_MAX never matches (nor writes
	 * past params). */
	check("/:a/:b/:c/:d/:e", "/1/2/3/4/5", NULL);
	check("/:a/:b/:c/:d/x/:e", "/1/2/3/4/x/5", NULL);
	/* A failed match leaves the count for the next pattern to reset. */
	check("/:a/:b/x", "/1/2/y", NULL);
	check("/:a", "/1", "1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literals),
		cmocka_unit_test(captures),
		cmocka_unit_test(suffixes),
		cmocka_unit_test(empty_segments),
		cmocka_unit_test(trailing_slashes),
		cmocka_unit_test(too_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
