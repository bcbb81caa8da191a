/* html.h - the escaping HTML writer: text that comes from data is escaped
 * here, and the only raw writer takes compile-time literals.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_HTML_H
#define INTERCITY_HTML_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * Markup: html_lit(b, "<p>") accepts string literals only (the "" s ""
 * concatenation does not compile with a variable), so data can only reach
 * a page through the escapers below.
 */
#define html_lit(b, s)	buf_put((b), "" s "", sizeof(s) - 1)

/* Text escaped for an HTML text node or a double-quoted attribute. */
void	 html_text(struct buf *, const char *, size_t);
/* The same for a NUL-terminated string; NULL writes nothing. */
void	 html_str(struct buf *, const char *);
/* An attribute value (always written inside double quotes). */
#define html_attr(b, s)	html_str((b), (s))
/* A number. */
void	 html_long(struct buf *, long);
/* A path segment for an href: percent-escaped, then HTML-escaped. */
void	 html_path(struct buf *, const char *);
/* A query value for an href ("a b&c" -> "a+b%26c"), HTML-escaped. */
void	 html_query(struct buf *, const char *);

/*
 * CommonMark Markdown as HTML, through cmark in safe mode: raw HTML and
 * javascript: links do not pass. Headings move down by `shift` levels so
 * a body's "#" does not compete with the page's h1. Returns 0, or -1 when
 * out of memory.
 */
int	 html_markdown(struct buf *, const char *md, int shift);

/* JSON inside <script type="application/ld+json">: "<" is escaped so the
 * data cannot close the element. */
void	 html_jsonld(struct buf *, json_t *);

#endif
