/* html.c - the HTML escapers and the Markdown renderer.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "html.h"

void
html_text(struct buf *b, const char *s, size_t n)
{
	size_t	 i, run = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

void
html_str(struct buf *b, const char *s)
{
	if (s != NULL)
		html_text(b, s, strlen(s));
}

void
html_long(struct buf *b, long n)
{
	buf_printf(b, "%ld", n);
}

static void
percent(struct buf *b, const char *s, const char *keep, int space_plus)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			buf_putc(b, (char)*p);
		else if (*p == ' ' && space_plus)
			buf_putc(b, '+');
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

/* Percent-escaped output holds no character HTML needs escaped. */
void
html_path(struct buf *b, const char *s)
{
	percent(b, s, "-._~", 0);
}

void
html_query(struct buf *b, const char *s)
{
	percent(b, s, "-._~", 1);
}

int
html_markdown(struct buf *b, const char *md, int shift)
{
	cmark_node	*doc, *n;
	cmark_iter	*it;
	char		*html;
	int		 lvl;

	if (md == NULL)
		return 0;
	/* CMARK_OPT_SAFE is the default since cmark 0.29: no raw HTML, no
	 * javascript:, vbscript:, file: or data: (but images) links. */
	doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	if (doc == NULL)
		return -1;
	if (shift > 0 && (it = cmark_iter_new(doc)) != NULL) {
		while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
			n = cmark_iter_get_node(it);
			if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
			    cmark_iter_get_event_type(it) ==
			    CMARK_EVENT_ENTER) {
				lvl = cmark_node_get_heading_level(n) + shift;
				cmark_node_set_heading_level(n,
				    lvl > 6 ? 6 : lvl);
			}
		}
		cmark_iter_free(it);
	}
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (html == NULL)
		return -1;
	buf_puts(b, html);
	free(html);
	return 0;
}

void
html_jsonld(struct buf *b, json_t *j)
{
	char	*s, *p;

	if ((s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII)) == NULL) {
		b->oom = 1;
		return;
	}
	for (p = s; *p; p++)
		switch (*p) {
		case '<': buf_puts(b, "\\u003c"); break;
		case '>': buf_puts(b, "\\u003e"); break;
		case '&': buf_puts(b, "\\u0026"); break;
		default: buf_putc(b, *p); break;
		}
	free(s);
}
