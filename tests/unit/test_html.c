/* test_html.c - the escapers and the Markdown renderer in html.c: hostile
 * text comes back escaped, URLs percent-encoded, Markdown without raw HTML
 * or script links, JSON-LD that cannot close its <script> element.
 * SPDX-License-Identifier: MIT
 *
 * html_lit is not tested: it is a compile-time guard. Its body is
 * buf_put(b, "" s "", sizeof(s) - 1), and "" s "" is string-literal
 * concatenation, which only compiles when s is itself a literal; a variable
 * (html_lit(b, name)) is a syntax error, so data cannot reach a page through
 * it. A test program that compiles is all the test there could be.
 */
#include "testutil.h"

#include <ctype.h>

#include "html.h"

/* Empties b, runs call, which writes to b, and checks it ran out of no
 * memory; the test then reads b.p. */
#define ESC(call) do {			\
	buf_reset(&b);			\
	call;				\
	assert_false(b.oom);		\
} while (0)

static int
contains_ci(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle), i;

	for (; *hay; hay++) {
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

static void
text(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	ESC(html_str(&b, "<script>alert('x')</script>"));
	assert_string_equal(b.p,
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ESC(html_str(&b, "a & b \"c\" 'd' <e>"));
	assert_string_equal(b.p,
	    "a &amp; b &quot;c&quot; &#39;d&#39; &lt;e&gt;");
	/* Entities are not trusted either: "&amp;" is escaped again. */
	ESC(html_str(&b, "&amp;"));
	assert_string_equal(b.p, "&amp;amp;");
	/* UTF-8 passes unchanged. */
	ESC(html_str(&b, "Cooperació ciutadana · «Ciutat» — 東京"));
	assert_string_equal(b.p, "Cooperació ciutadana · «Ciutat» — 東京");
	/* html_text stops at n, even inside a string. */
	ESC(html_text(&b, "<b>bold</b>", 3));
	assert_string_equal(b.p, "&lt;b&gt;");
	ESC(html_text(&b, "", 0));
	assert_string_equal(b.p, "");
	/* Only escapes, consecutive. */
	ESC(html_text(&b, "<<&&", 4));
	assert_string_equal(b.p, "&lt;&lt;&amp;&amp;");
	/* NULL writes nothing. */
	ESC(html_str(&b, NULL));
	assert_int_equal(b.len, 0);
	/* An attribute value cannot break out of its quotes. */
	ESC(html_attr(&b, "x\" onmouseover=\"alert(1)"));
	assert_string_equal(b.p, "x&quot; onmouseover=&quot;alert(1)");
	ESC(html_long(&b, -1234567));
	assert_string_equal(b.p, "-1234567");
	buf_free(&b);
}

static void
urls(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	ESC(html_path(&b, "barcelona-2024_v1.0~x"));
	assert_string_equal(b.p, "barcelona-2024_v1.0~x");
	/* In a path a space is %20 and "/" cannot start a new segment. */
	ESC(html_path(&b, "a b/c?d#e&f\"<"));
	assert_string_equal(b.p, "a%20b%2Fc%3Fd%23e%26f%22%3C");
	/* UTF-8 bytes are escaped one by one, upper-case hex. */
	ESC(html_path(&b, "città"));
	assert_string_equal(b.p, "citt%C3%A0");
	ESC(html_query(&b, "a b&c"));
	assert_string_equal(b.p, "a+b%26c");
	ESC(html_query(&b, "k=v+w%x"));
	assert_string_equal(b.p, "k%3Dv%2Bw%25x");
	ESC(html_query(&b, "São Paulo"));
	assert_string_equal(b.p, "S%C3%A3o+Paulo");
	ESC(html_query(&b, "\"'<>"));
	assert_string_equal(b.p, "%22%27%3C%3E");
	ESC(html_query(&b, ""));
	assert_string_equal(b.p, "");
	/* Control bytes and DEL too. */
	ESC(html_query(&b, "\x01\x7f\xff"));
	assert_string_equal(b.p, "%01%7F%FF");
	buf_free(&b);
}

static void
markdown_basic(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	ESC(assert_int_equal(html_markdown(&b, "Some *text* & more", 0), 0));
	assert_string_equal(b.p, "<p>Some <em>text</em> &amp; more</p>\n");
	ESC(assert_int_equal(html_markdown(&b, NULL, 0), 0));
	assert_int_equal(b.len, 0);
	ESC(assert_int_equal(html_markdown(&b, "", 0), 0));
	assert_int_equal(b.len, 0);
	ESC(assert_int_equal(html_markdown(&b,
	    "[site](https://example.org/a?b=1&c=2)", 0), 0));
	assert_string_equal(b.p, "<p><a href=\"https://example.org/a?b=1&amp;"
	    "c=2\">site</a></p>\n");
	buf_free(&b);
}

static void
markdown_safe(void **state)
{
	static const char *const hostile[] = {
		"<script>alert(1)</script>",
		"Text <script>alert(1)</script> inline",
		"<img src=x onerror=alert(1)>",
		"Inline <img src=x onerror=\"alert(1)\"> image",
		"<div onclick=\"alert(1)\">block</div>",
		"<iframe src=\"https://evil.example\"></iframe>",
		"[click](javascript:alert(1))",
		"[click](JavaScript:alert(1))",
		"[click](  javascript:alert(1) )",
		"[click](vbscript:msgbox)",
		"[click](data:text/html;base64,PHNjcmlwdD4=)",
		"![img](javascript:alert(1))",
		"<javascript:alert(1)>",
		"[ref]\n\n[ref]: javascript:alert(1)",
		"<a href=\"javascript:alert(1)\">a</a>",
	};
	struct buf	 b = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		ESC(assert_int_equal(html_markdown(&b, hostile[i], 0), 0));
		if (contains_ci(b.p, "<script") || contains_ci(b.p, "<img src=\"x") ||
		    contains_ci(b.p, "onerror=") || contains_ci(b.p, "<div") ||
		    contains_ci(b.p, "<iframe") || contains_ci(b.p, "<a href=\"javascript") ||
		    contains_ci(b.p, "href=\"javascript:") ||
		    contains_ci(b.p, "href=\"vbscript:") ||
		    contains_ci(b.p, "href=\"data:") ||
		    contains_ci(b.p, "src=\"javascript:"))
			fail_msg("%s\ngave\n%s", hostile[i], b.p);
	}
	/* Raw HTML is dropped, the text around it stays. */
	ESC(html_markdown(&b, "before <script>x</script> after", 0));
	assert_non_null(strstr(b.p, "before"));
	assert_non_null(strstr(b.p, "after"));
	assert_non_null(strstr(b.p, "<!-- raw HTML omitted -->"));
	/* Images may come as data: URLs of four image types, even from a
	 * link (cmark's rule; browsers open no data: URL from a link). */
	ESC(html_markdown(&b, "![i](data:image/png;base64,iVBORw0KGgo=)", 0));
	assert_non_null(strstr(b.p, "src=\"data:image/png;base64,"));
	ESC(html_markdown(&b, "![i](data:image/svg+xml;base64,PHN2Zz4=)", 0));
	assert_null(strstr(b.p, "data:"));
	/* A harmful link keeps its text, loses its target. */
	ESC(html_markdown(&b, "[click](javascript:alert(1))", 0));
	assert_string_equal(b.p, "<p><a href=\"\">click</a></p>\n");
	buf_free(&b);
}

static void
markdown_headings(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	ESC(html_markdown(&b, "# One\n\n## Two", 0));
	assert_string_equal(b.p, "<h1>One</h1>\n<h2>Two</h2>\n");
	ESC(html_markdown(&b, "# One\n\n## Two\n\nThree\n=====", 1));
	assert_string_equal(b.p, "<h2>One</h2>\n<h3>Two</h3>\n<h2>Three</h2>\n");
	ESC(html_markdown(&b, "# One\n\n#### Four\n\n###### Six", 2));
	assert_string_equal(b.p, "<h3>One</h3>\n<h6>Four</h6>\n<h6>Six</h6>\n");
	/* Capped at h6 however far they move. */
	ESC(html_markdown(&b, "# One", 10));
	assert_string_equal(b.p, "<h6>One</h6>\n");
	/* Headings nested in a list or a quote move too. */
	ESC(html_markdown(&b, "> # Quoted", 1));
	assert_non_null(strstr(b.p, "<h2>Quoted</h2>"));
	/* A negative shift leaves them alone. */
	ESC(html_markdown(&b, "## Two", -1));
	assert_string_equal(b.p, "<h2>Two</h2>\n");
	buf_free(&b);
}

static void
jsonld(void **state)
{
	struct buf	 b = { 0 };
	json_t		*j, *back;
	json_error_t	 je;

	(void)state;
	j = tu_json("{\"name\":\"</script><script>alert('x & y')</script>\","
	    "\"city\":\"Barcelona\"}");
	ESC(html_jsonld(&b, j));
	assert_null(strchr(b.p, '<'));
	assert_null(strchr(b.p, '>'));
	assert_null(strchr(b.p, '&'));
	assert_false(contains_ci(b.p, "</script"));
	assert_non_null(strstr(b.p, "\\u003c/script\\u003e"));
	assert_non_null(strstr(b.p, "\\u0026"));
	/* Still the same JSON once parsed. */
	back = json_loads(b.p, 0, &je);
	assert_non_null(back);
	assert_true(json_equal(j, back));
	json_decref(back);
	json_decref(j);
	/* Non-ASCII goes out as \u escapes, so the page's encoding cannot
	 * matter, and parses back to the same text. */
	j = tu_json("{\"name\":\"Sant Adrià\"}");
	ESC(html_jsonld(&b, j));
	assert_string_equal(b.p, "{\"name\":\"Sant Adri\\u00E0\"}");
	json_decref(j);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text),
		cmocka_unit_test(urls),
		cmocka_unit_test(markdown_basic),
		cmocka_unit_test(markdown_safe),
		cmocka_unit_test(markdown_headings),
		cmocka_unit_test(jsonld),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
