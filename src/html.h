/* html.h - escaping for HTML: text that comes from data is escaped here.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_HTML_H
#define INTERCITY_HTML_H

#include <stddef.h>

#include "buf.h"

/* Appends text escaped for an HTML text node or a quoted attribute. */
void	 html_text(struct buf *, const char *, size_t);

#endif
