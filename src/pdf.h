/* pdf.h - a good practice as an A4 PDF, laid out with pango and cairo.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_PDF_H
#define INTERCITY_PDF_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Longest body (Markdown) and longest other string, in bytes; most
 * metadata lines. The body also makes at most 20,000 paragraphs, headings
 * and list items. */
#define PDF_BODY_MAX	(1024 * 1024)
#define PDF_FIELD_MAX	(64 * 1024)
#define PDF_FIELDS_MAX	1000

/* One metadata line under the title: "Ciutat" / "Barcelona". */
struct pdf_field {
	const char	*label;		/* may be NULL */
	const char	*value;		/* the line is left out when NULL or "" */
};

/*
 * Everything on the page, already localized by the caller: this module knows
 * nothing of the store or of HTTP. Strings are UTF-8; only title is required.
 */
struct pdf_practice {
	const char		*lang;		/* "ca", "es", "en", "fr", "it" (BCP 47), or NULL */
	const char		*title;
	const struct pdf_field	*fields;	/* metadata lines, in order */
	size_t			 fieldsz;	/* entries in fields */
	const char		*summary;	/* plain text, emphasized, or NULL */
	const char		*body;		/* CommonMark; raw HTML is dropped; or NULL */
	const char		*source_label;	/* "Font", "Source"... or NULL */
	const char		*source_url;	/* or NULL */
	const char		*footer;	/* on every page beside "n / N", or NULL */
};

/*
 * Appends a complete PDF (A4, fonts embedded, text extractable) to out.
 * Returns ERR_OK; ERR_INVALID when a string is not UTF-8 or is too long, lang
 * is malformed or a limit above is passed, with *msg naming the field
 * ("field \"fields[1].value\": not valid UTF-8"); ERR_NOMEM when
 * out cannot grow; ERR_IO when cairo fails, *msg saying why. On error out is
 * left as it was. If msg is not NULL, *msg is set to NULL or a sentence the
 * caller frees. Safe to call from several threads at once.
 */
enum err	 pdf_practice(const struct pdf_practice *, struct buf *out, char **msg);

/*
 * Releases the calling thread's pango font map (pango keeps one per thread and
 * frees it at thread exit; call this from a thread that never exits, such as
 * main, before it returns). The next pdf_practice() makes a new one.
 */
void		 pdf_thread_done(void);

/*
 * Frees what cairo, pango and fontconfig keep for the whole process (font
 * caches, configuration), so that a leak checker sees only real leaks.
 * Call once at exit, when no other thread makes PDFs any more.
 */
void		 pdf_release(void);

#endif
