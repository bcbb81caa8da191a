/* test_form.c - the search keys' validators in form.c (form_search) and the
 * query strings written back for links (form_query).
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include "form.h"

/* ---- requests built by hand -------------------------------------------- */

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
	mem = NULL;
	return 0;
}

/* A request whose arguments are the key/value pairs given, NULL-ended;
 * the strings are used as they are (already decoded). */
static struct http_req *
req_pairs(const char *const *kv)
{
	struct http_req	*req = arena_alloc(mem, sizeof(*req));
	size_t		 n = 0, i;

	assert_non_null(req);
	while (kv[n * 2] != NULL)
		n++;
	req->mem = mem;
	req->args = arena_alloc(mem, (n + 1) * sizeof(*req->args));
	assert_non_null(req->args);
	for (i = 0; i < n; i++) {
		req->args[i].key = kv[2 * i];
		req->args[i].val = kv[2 * i + 1];
	}
	req->argsz = n;
	return req;
}

#define REQ(...)	req_pairs((const char *const[]){ __VA_ARGS__, NULL })

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

/* Decodes in place as libmicrohttpd does for query arguments: "+" is a
 * space, "%XX" a byte. */
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

/* A request from a query string ("a=1&b=x+y"), as the server makes it. */
static struct http_req *
req_query(const char *qs)
{
	struct http_req	*req = arena_alloc(mem, sizeof(*req));
	char		*copy = arena_strdup(mem, qs), *p, *amp, *eq;
	size_t		 n = 1;

	assert_non_null(req);
	for (p = copy; *p; p++)
		n += *p == '&';
	req->mem = mem;
	req->args = arena_alloc(mem, n * sizeof(*req->args));
	for (p = copy; *copy && p != NULL; p = amp) {
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
	return req;
}

static void
search_ok(const struct http_req *req, struct form_search *s)
{
	struct form_error	 err;

	if (form_search(req, s, &err) != 0)
		fail_msg("refused: %s=%s: %s", err.param, err.value, err.fmt);
}

/* form_search must refuse req for param with value (as shown). */
static void
search_bad(const struct http_req *req, const char *param, const char *value,
    const char *fmt_part)
{
	struct form_search	 s;
	struct form_error	 err;

	if (form_search(req, &s, &err) != -1)
		fail_msg("accepted, expected an error for %s=%s", param, value);
	assert_non_null(err.param);
	assert_non_null(err.fmt);
	assert_non_null(err.value);
	if (strcmp(err.param, param) != 0 || strcmp(err.value, value) != 0)
		fail_msg("error for %s=\"%s\", expected %s=\"%s\"", err.param,
		    err.value, param, value);
	/* The message shows the value. */
	assert_non_null(strstr(err.fmt, "%s"));
	if (fmt_part != NULL && strstr(err.fmt, fmt_part) == NULL)
		fail_msg("message \"%s\" does not say \"%s\"", err.fmt,
		    fmt_part);
}

/* ---- form_search --------------------------------------------------------- */

static void
defaults(void **state)
{
	struct form_search	 s;
	size_t			 f;

	(void)state;
	search_ok(REQ("x", "y"), &s);
	assert_string_equal(s.q, "");
	for (f = 0; f < FACET__MAX; f++)
		assert_int_equal(s.valsz[f], 0);
	assert_int_equal(s.year_from, 0);
	assert_int_equal(s.year_to, 0);
	assert_int_equal(s.page, 1);
	assert_int_equal(s.per_page, FORM_PER_PAGE);
	assert_false(s.sort_given);
	/* Browsing: newest first; with words: by relevance. */
	assert_int_equal(s.sort, IDX_SORT_NEWEST);
	search_ok(REQ("q", "habitatge"), &s);
	assert_string_equal(s.q, "habitatge");
	assert_int_equal(s.sort, IDX_SORT_RELEVANCE);
	assert_false(s.sort_given);
	search_ok(REQ("q", "habitatge", "sort", "newest"), &s);
	assert_int_equal(s.sort, IDX_SORT_NEWEST);
	assert_true(s.sort_given);
	search_ok(REQ("sort", "relevance"), &s);
	assert_int_equal(s.sort, IDX_SORT_RELEVANCE);
	assert_true(s.sort_given);
	/* The first non-empty q counts. */
	search_ok(REQ("q", "", "q", "one", "q", "two"), &s);
	assert_string_equal(s.q, "one");
}

static void
ignored(void **state)
{
	struct form_search	 s;
	size_t			 f;

	(void)state;
	/* Unknown keys, whatever their value; keys are case-sensitive. */
	search_ok(REQ("utm_source", "<script>", "Topic", "NOT A SLUG",
	    "PAGE", "x", "", "", "lang", "xx-YY"), &s);
	for (f = 0; f < FACET__MAX; f++)
		assert_int_equal(s.valsz[f], 0);
	assert_int_equal(s.page, 1);
	/* Empty values of known keys. */
	search_ok(REQ("q", "", "topic", "", "country", "", "year", "",
	    "from", "", "to", "", "sort", "", "page", "", "per_page", "",
	    "kind", ""), &s);
	for (f = 0; f < FACET__MAX; f++)
		assert_int_equal(s.valsz[f], 0);
	assert_string_equal(s.q, "");
	assert_int_equal(s.page, 1);
	assert_int_equal(s.per_page, FORM_PER_PAGE);
	assert_int_equal(s.year_from, 0);
	assert_false(s.sort_given);
}

static void
facets(void **state)
{
	struct form_search	 s;

	(void)state;
	search_ok(REQ("topic", "housing", "topic", "participatory-budget",
	    "country", "es", "country", "Fr", "year", "2019", "city",
	    "sant-adria-de-besos", "network", "eurocities", "language", "ca",
	    "kind", "practice", "kind", "partnership"), &s);
	assert_int_equal(s.valsz[FACET_TOPIC], 2);
	assert_string_equal(s.vals[FACET_TOPIC][0], "housing");
	assert_string_equal(s.vals[FACET_TOPIC][1], "participatory-budget");
	/* Country codes are upper-cased. */
	assert_int_equal(s.valsz[FACET_COUNTRY], 2);
	assert_string_equal(s.vals[FACET_COUNTRY][0], "ES");
	assert_string_equal(s.vals[FACET_COUNTRY][1], "FR");
	assert_string_equal(s.vals[FACET_YEAR][0], "2019");
	assert_string_equal(s.vals[FACET_CITY][0], "sant-adria-de-besos");
	assert_string_equal(s.vals[FACET_ORG][0], "eurocities");
	assert_string_equal(s.vals[FACET_LANG][0], "ca");
	assert_int_equal(s.valsz[FACET_KIND], 2);
	assert_string_equal(s.vals[FACET_KIND][1], "partnership");
	search_ok(REQ("kind", "organisation", "kind", "city"), &s);
	assert_int_equal(s.valsz[FACET_KIND], 2);
	search_ok(REQ("year", "1900", "year", "2100"), &s);
	assert_int_equal(s.valsz[FACET_YEAR], 2);
}

static void
invalid(void **state)
{
	(void)state;
	search_bad(REQ("topic", "Housing"), "topic", "Housing", "topic");
	search_bad(REQ("topic", "-housing"), "topic", "-housing", NULL);
	search_bad(REQ("topic", "housing-"), "topic", "housing-", NULL);
	search_bad(REQ("topic", "a_b"), "topic", "a_b", NULL);
	search_bad(REQ("topic", "habitatge-ñ"), "topic", "habitatge-ñ", NULL);
	search_bad(REQ("topic", "<script>"), "topic", "<script>", NULL);
	search_bad(REQ("country", "ESP"), "country", "ESP", "country");
	search_bad(REQ("country", "E1"), "country", "E1", NULL);
	search_bad(REQ("country", "E"), "country", "E", NULL);
	search_bad(REQ("country", "ñ"), "country", "ñ", NULL);
	search_bad(REQ("year", "19"), "year", "19", "year");
	search_bad(REQ("year", "1899"), "year", "1899", NULL);
	search_bad(REQ("year", "2101"), "year", "2101", NULL);
	search_bad(REQ("year", "20x9"), "year", "20x9", NULL);
	search_bad(REQ("year", "-200"), "year", "-200", NULL);
	search_bad(REQ("city", "Barcelona"), "city", "Barcelona", "city");
	search_bad(REQ("network", "a b"), "network", "a b", "network");
	search_bad(REQ("language", "CA"), "language", "CA", "language");
	search_bad(REQ("language", "cat"), "language", "cat", NULL);
	search_bad(REQ("language", "c1"), "language", "c1", NULL);
	search_bad(REQ("kind", "practices"), "kind", "practices", "kind");
	search_bad(REQ("kind", "Practice"), "kind", "Practice", NULL);
	search_bad(REQ("from", "1899"), "from", "1899", "year");
	search_bad(REQ("to", "2101"), "to", "2101", NULL);
	search_bad(REQ("from", "abc"), "from", "abc", NULL);
	search_bad(REQ("from", "+2020"), "from", "+2020", NULL);
	search_bad(REQ("from", " 2020"), "from", " 2020", NULL);
	search_bad(REQ("to", "2020 "), "to", "2020 ", NULL);
	search_bad(REQ("to", "0x7e4"), "to", "0x7e4", NULL);
	search_bad(REQ("sort", "oldest"), "sort", "oldest", "sort");
	search_bad(REQ("sort", "Newest"), "sort", "Newest", NULL);
	search_bad(REQ("page", "0"), "page", "0", "page");
	search_bad(REQ("page", "1001"), "page", "1001", NULL);
	search_bad(REQ("page", "-1"), "page", "-1", NULL);
	search_bad(REQ("page", "1.5"), "page", "1.5", NULL);
	search_bad(REQ("page", "99999999999999999999"), "page",
	    "99999999999999999999", NULL);
	search_bad(REQ("per_page", "0"), "per_page", "0", NULL);
	search_bad(REQ("per_page", "101"), "per_page", "101", NULL);
	/* The first bad key is reported, after good ones. */
	search_bad(REQ("topic", "housing", "page", "x", "sort", "y"), "page",
	    "x", NULL);
}

static void
bounds(void **state)
{
	struct form_search	 s;

	(void)state;
	search_ok(REQ("page", "1000", "per_page", "100"), &s);
	assert_int_equal(s.page, 1000);
	assert_int_equal(s.per_page, 100);
	search_ok(REQ("page", "007", "per_page", "1"), &s);
	assert_int_equal(s.page, 7);
	assert_int_equal(s.per_page, 1);
	search_ok(REQ("from", "1900", "to", "2100"), &s);
	assert_int_equal(s.year_from, 1900);
	assert_int_equal(s.year_to, 2100);
	search_ok(REQ("from", "2015", "to", "2015"), &s);
	search_ok(REQ("from", "2015"), &s);
	assert_int_equal(s.year_to, 0);
	/* The range cannot end before it starts. */
	search_bad(REQ("from", "2020", "to", "2010"), "from", "2020–2010",
	    "range");
	search_bad(REQ("to", "2010", "from", "2020"), "from", "2020–2010",
	    NULL);
}

static void
too_long(void **state)
{
	struct form_search	 s;
	char			 q[IDX_QUERY_MAX + 2], v[200], want[200];

	(void)state;
	/* The search text: up to IDX_QUERY_MAX bytes. */
	memset(q, 'a', sizeof(q) - 1);
	q[IDX_QUERY_MAX] = '\0';
	search_ok(REQ("q", q), &s);
	assert_int_equal(strlen(s.q), IDX_QUERY_MAX);
	q[IDX_QUERY_MAX] = 'a';
	q[IDX_QUERY_MAX + 1] = '\0';
	snprintf(want, sizeof(want), "%.60s…", q);
	search_bad(REQ("q", q), "q", want, "1024");

	/* 60 bytes are shown whole, more are cut to 60 and marked. */
	memset(v, 'A', 60);
	v[60] = '\0';
	search_bad(REQ("topic", v), "topic", v, NULL);
	v[60] = 'A';
	v[61] = '\0';
	snprintf(want, sizeof(want), "%.60s…", v);
	search_bad(REQ("topic", v), "topic", want, NULL);
	/* Never inside a character: "é" on bytes 59-60 goes whole. */
	memset(v, 'a', 59);
	strcpy(v + 59, "éb");
	snprintf(want, sizeof(want), "%.59s…", v);
	search_bad(REQ("city", v), "city", want, NULL);
	/* "€" on bytes 58-60. */
	memset(v, 'a', 58);
	strcpy(v + 58, "€b");
	snprintf(want, sizeof(want), "%.58s…", v);
	search_bad(REQ("city", v), "city", want, NULL);
	/* A character that ends at byte 59 stays. */
	memset(v, 'a', 58);
	strcpy(v + 58, "éxyz");
	snprintf(want, sizeof(want), "%.60s…", v);
	search_bad(REQ("city", v), "city", want, NULL);
	/* Not UTF-8 at all: still cut, never past the value. */
	memset(v, 0x80, 100);
	v[100] = '\0';
	search_bad(REQ("network", v), "network", "…", NULL);
}

static void
filters_max(void **state)
{
	const char	 **kv = arena_alloc(mem, (2 * 300 + 1) * sizeof(char *));
	struct form_search s;
	size_t		 i;

	(void)state;
	/* 256 filters over several facets, plus keys that are not filters. */
	for (i = 0; i < IDX_FILTERS_MAX; i++) {
		kv[2 * i] = i % 2 ? "topic" : "year";
		kv[2 * i + 1] = i % 2 ? arena_printf(mem, "t%zu", i) :
		    arena_printf(mem, "%zu", 1900 + i / 2);
	}
	kv[2 * i] = "from";
	kv[2 * i + 1] = "1950";
	kv[2 * i + 2] = "q";
	kv[2 * i + 3] = "x";
	kv[2 * i + 4] = NULL;
	search_ok(req_pairs(kv), &s);
	assert_int_equal(s.valsz[FACET_TOPIC] + s.valsz[FACET_YEAR],
	    IDX_FILTERS_MAX);
	/* One more is refused, naming it. */
	kv[2 * i + 4] = "city";
	kv[2 * i + 5] = "girona";
	kv[2 * i + 6] = NULL;
	search_bad(req_pairs(kv), "city", "girona", "256");
}

/* ---- form_query ---------------------------------------------------------- */

static void
same_state(const struct form_search *a, const struct form_search *b,
    int with_page)
{
	size_t	 f, i;

	assert_string_equal(a->q, b->q);
	for (f = 0; f < FACET__MAX; f++) {
		assert_int_equal(a->valsz[f], b->valsz[f]);
		for (i = 0; i < a->valsz[f]; i++)
			assert_string_equal(a->vals[f][i], b->vals[f][i]);
	}
	assert_int_equal(a->year_from, b->year_from);
	assert_int_equal(a->year_to, b->year_to);
	assert_int_equal(a->sort, b->sort);
	assert_int_equal(a->sort_given, b->sort_given);
	assert_int_equal(a->per_page, b->per_page);
	if (with_page)
		assert_int_equal(a->page, b->page);
	else
		assert_int_equal(b->page, 1);
}

/* parse -> query string -> parse gives the same state; returns the
 * query string (in the arena). */
static const char *
round_trip(const struct http_req *req, int keep_page)
{
	struct form_search	 s, t;
	struct buf		 b = { 0 };
	const char		*qs;

	search_ok(req, &s);
	form_query(&b, &s, FACET__MAX, NULL, keep_page);
	assert_false(b.oom);
	qs = arena_strdup(mem, b.p ? b.p : "");
	buf_free(&b);
	search_ok(req_query(qs), &t);
	same_state(&s, &t, keep_page);
	return qs;
}

static void
query_round_trip(void **state)
{
	(void)state;
	assert_string_equal(round_trip(REQ("q", "a b&c=d é+%",
	    "topic", "housing", "country", "es", "from", "2010", "to", "2020",
	    "sort", "newest", "per_page", "50", "page", "3"), 1),
	    "q=a+b%26c%3Dd+%C3%A9%2B%25&topic=housing&country=ES&from=2010&"
	    "to=2020&sort=newest&per_page=50&page=3");
	/* The page is left out unless asked for; so are the defaults. */
	assert_string_equal(round_trip(REQ("q", "x", "page", "3", "per_page",
	    "20"), 0), "q=x");
	assert_string_equal(round_trip(REQ("page", "1"), 1), "");
	assert_string_equal(round_trip(REQ("x", "y"), 1), "");
	/* Facets come in their order, values in theirs. */
	assert_string_equal(round_trip(REQ("kind", "city", "language", "fr",
	    "network", "n1", "city", "c1", "year", "2001", "country", "it",
	    "topic", "t2", "topic", "t1", "sort", "relevance"), 1),
	    "topic=t2&topic=t1&country=IT&year=2001&city=c1&network=n1&"
	    "language=fr&kind=city&sort=relevance");
	/* Hostile text and UTF-8 in q survive the trip. */
	round_trip(REQ("q", "\"<script>alert('x')</script>\" #frag ?a=b;c"),
	    1);
	round_trip(REQ("q", "Sant Adrià de Besòs · col·laboració — 東京"), 1);
	round_trip(REQ("q", "  leading and trailing  "), 1);
	round_trip(REQ("q", "100%25 + 1"), 1);
}

static void
query_skip(void **state)
{
	struct form_search	 s;
	struct buf		 b = { 0 };

	(void)state;
	search_ok(REQ("q", "x", "topic", "housing", "topic", "energy",
	    "country", "es", "from", "2010", "to", "2020", "page", "2"), &s);
	/* One facet value goes, the rest stays. */
	form_query(&b, &s, FACET_TOPIC, "housing", 0);
	assert_string_equal(b.p, "q=x&topic=energy&country=ES&from=2010&"
	    "to=2020");
	/* A value is skipped only under its own facet. */
	buf_reset(&b);
	form_query(&b, &s, FACET_COUNTRY, "housing", 0);
	assert_string_equal(b.p, "q=x&topic=housing&topic=energy&country=ES&"
	    "from=2010&to=2020");
	buf_reset(&b);
	form_query(&b, &s, FACET_COUNTRY, "ES", 1);
	assert_string_equal(b.p, "q=x&topic=housing&topic=energy&from=2010&"
	    "to=2020&page=2");
	/* The year bounds: FACET__MAX with "from" or "to". */
	buf_reset(&b);
	form_query(&b, &s, FACET__MAX, "from", 0);
	assert_string_equal(b.p, "q=x&topic=housing&topic=energy&country=ES&"
	    "to=2020");
	buf_reset(&b);
	form_query(&b, &s, FACET__MAX, "to", 0);
	assert_string_equal(b.p, "q=x&topic=housing&topic=energy&country=ES&"
	    "from=2010");
	/* Appended after what the buffer holds, with no "&" first. */
	buf_reset(&b);
	buf_puts(&b, "/ca/practices?");
	form_query(&b, &s, FACET_TOPIC, "energy", 0);
	assert_string_equal(b.p, "/ca/practices?q=x&topic=housing&country=ES&"
	    "from=2010&to=2020");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(facets, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_max, setup, teardown),
		cmocka_unit_test_setup_teardown(query_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(query_skip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
