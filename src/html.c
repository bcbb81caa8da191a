/* html.c - the HTML escaper.
 * SPDX-License-Identifier: MIT */
#include <string.h>

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
