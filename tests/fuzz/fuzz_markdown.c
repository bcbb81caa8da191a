/* fuzz_markdown.c - libFuzzer target: Markdown input (a practice's body)
 * through html_markdown. The output must hold no markup but cmark's own:
 * no "<script" anywhere, every tag one cmark writes, and no link or image
 * to a javascript:, vbscript: or (but images) data: URL.
 * SPDX-License-Identifier: MIT
 *
 * "javascript:" is looked for in href and src values, not in the whole
 * output: the words "javascript: is a scheme" in a paragraph are text,
 * and cmark rightly leaves them alone.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const tags[] = {
	"a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5",
	"h6", "hr", "img", "li", "ol", "p", "pre", "strong", "ul",
};

static void
bad(const char *why, const char *md, const char *html)
{
	fprintf(stderr, "%s\n--- input\n%s\n--- output\n%s\n", why, md, html);
	abort();
}

static int
starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (tolower((unsigned char)*s) != *prefix)
			return 0;
	return 1;
}

/* The URL in an attribute value, as a browser reads its scheme: leading
 * spaces and control characters and inner tabs and newlines ignored. */
static int
dangerous(const char *v, const char *end, int link)
{
	char	 scheme[24];
	size_t	 n = 0;

	while (v < end && (unsigned char)*v <= 0x20)
		v++;
	for (; v < end && n < sizeof(scheme) - 1; v++)
		if (*v != '\t' && *v != '\n' && *v != '\r')
			scheme[n++] = (char)tolower((unsigned char)*v);
	scheme[n] = '\0';
	if (strncmp(scheme, "javascript:", 11) == 0 ||
	    strncmp(scheme, "vbscript:", 9) == 0)
		return 1;
	/* cmark lets images through as data: URLs, for links too (browsers
	 * do not open a data: URL from a link, and an image runs no script):
	 * data:image/png, gif, jpeg and webp; no other data: URL. */
	return link && strncmp(scheme, "data:", 5) == 0 &&
	    strncmp(scheme, "data:image/png", 14) != 0 &&
	    strncmp(scheme, "data:image/gif", 14) != 0 &&
	    strncmp(scheme, "data:image/jpeg", 15) != 0 &&
	    strncmp(scheme, "data:image/webp", 15) != 0;
}

/*
 * The attributes of one start tag at e (just after its name), read in
 * order as cmark writes them: name="value", values without a raw quote.
 * Reading them this way, not by searching the text, keeps an attribute
 * named inside another's value (alt=" src=") from being taken for one.
 */
static void
attributes(const char *md, const char *html, const char *e)
{
	const char	*name, *v, *end;
	size_t		 n;

	for (;;) {
		e += strspn(e, " ");
		if (*e == '>' || *e == '/' || *e == '\0')
			return;
		name = e;
		n = strspn(e, "abcdefghijklmnopqrstuvwxyz-");
		if (n == 0 || e[n] != '=' || e[n + 1] != '"')
			bad("an attribute cmark does not write", md, html);
		v = e + n + 2;
		if ((end = strchr(v, '"')) == NULL)
			bad("an unclosed attribute", md, html);
		if (n == 4 && strncmp(name, "href", 4) == 0 &&
		    dangerous(v, end, 1))
			bad("a link to a script or data URL", md, html);
		if (n == 3 && strncmp(name, "src", 3) == 0 &&
		    dangerous(v, end, 0))
			bad("an image from a script URL", md, html);
		e = end + 1;
	}
}

static void
check(const char *md, const char *html)
{
	const char	*p, *e;
	size_t		 n, i;

	for (p = html; (p = strchr(p, '<')) != NULL; p++) {
		if (starts_ci(p, "<script"))
			bad("<script in the output", md, html);
		if (strncmp(p, "<!-- raw HTML omitted -->", 25) == 0)
			continue;
		e = p + 1 + (p[1] == '/');
		n = strspn(e, "abcdefghijklmnopqrstuvwxyz0123456789");
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (strlen(tags[i]) == n && strncmp(e, tags[i], n) == 0)
				break;
		if (n == 0 || i == sizeof(tags) / sizeof(tags[0]) ||
		    strchr(" />", e[n]) == NULL)
			bad("a tag cmark does not write", md, html);
		if (p[1] != '/') {
			attributes(md, html, e + n);
			/* Skip the tag: quotes inside values are never raw. */
			p = strchr(p, '>');
			if (p == NULL)
				bad("an unclosed tag", md, html);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 b = { 0 };
	char		*md;

	/* Bodies are NUL-terminated strings from the store. */
	if ((md = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(md, data, size);
	md[size] = '\0';
	if (html_markdown(&b, md, (int)(size % 4)) == 0 && !b.oom &&
	    b.p != NULL)
		check(md, b.p);
	buf_free(&b);
	free(md);
	return 0;
}
