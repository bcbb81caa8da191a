/* pdf.c - a good practice as an A4 PDF: cmark for the body, pango for the
 * lines, cairo for the file.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cmark.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "err.h"
#include "pdf.h"

/*
 * How it works. The practice becomes a list of blocks, each a PangoLayout as
 * wide as its column (title, metadata rows, summary, one per Markdown
 * paragraph, heading, list item or code block). Text never goes through pango
 * markup: styles are attribute lists over plain text, so "<b>" in data is
 * just text. The blocks are then flowed down the pages line by line, twice:
 * once without drawing to count the pages (the footer says "n / N"), once
 * drawing. Both passes run the same code on the same layouts, so they agree.
 *
 * glib (under pango) aborts when memory runs out; ERR_NOMEM comes only from
 * our own allocations and the output buffer.
 */

/* ---- page geometry, in points (1/72 in) -------------------------------- */

#define PAGE_W		595.28		/* A4 */
#define PAGE_H		841.89
#define MARGIN_X	62.0		/* left and right */
#define TEXT_W		(PAGE_W - 2 * MARGIN_X)
#define TEXT_TOP	64.0		/* top of the first line on a page */
#define TEXT_BOTTOM	(PAGE_H - 70.0)	/* no line reaches below this */
#define FOOT_RULE	(PAGE_H - 52.0)
#define FOOT_TOP	(PAGE_H - 46.0)
#define HEAD_TOP	34.0		/* running head, pages 2 and on */
#define HEAD_RULE	48.0
#define INDENT		20.0		/* per list or block quote level */
#define LEVEL_MAX	8		/* deeper nesting is not indented further */
#define LABEL_W		118.0		/* the metadata label column */
#define LABEL_GAP	10.0
#define MARKER_GAP	6.0		/* between a list marker and its text */
/* Paragraphs, headings, list items and metadata rows: a bound on memory
 * and time for hostile Markdown ("- - - - ..." is one item per two bytes). */
#define BLOCKS_MAX	20000
#define LINKS_MAX	2000	/* clickable; more links show as text */
#define RUN_MAX		100	/* characters before a forced break chance */
#define OUTLINE_MAX	200		/* characters of a heading in the outline */
#define SUBJECT_MAX	500		/* characters of the summary in Subject */

/* ---- styles ------------------------------------------------------------ */

enum style {
	ST_TITLE,
	ST_LABEL,
	ST_VALUE,
	ST_SUMMARY,
	ST_BODY,
	ST_H1,
	ST_H2,
	ST_H3,
	ST_H4,
	ST_CODE,
	ST_SOURCE,
	ST_MARGIN,	/* running head and footer */
	ST__MAX
};

struct style_def {
	const char	*font;		/* pango font description */
	unsigned	 rgb;		/* text colour, 0xRRGGBB */
	float		 spacing;	/* line height as a factor of the font's */
	double		 before;	/* space above the block */
	double		 after;		/* space below the block */
};

/* DejaVu covers Latin, Greek and Cyrillic, so ·, œ, ñ, ç, “ ” and — render. */
static const struct style_def styles[ST__MAX] = {
	[ST_TITLE]   = { "DejaVu Sans Bold 19",    0x0b3954, 1.15f,  0, 14 },
	[ST_LABEL]   = { "DejaVu Sans Bold 8.5",   0x5a6470, 1.25f,  0,  3 },
	[ST_VALUE]   = { "DejaVu Sans 9",          0x1f2328, 1.25f,  0,  3 },
	[ST_SUMMARY] = { "DejaVu Serif Italic 11.5", 0x2b3137, 1.35f, 14, 14 },
	[ST_BODY]    = { "DejaVu Serif 10.5",      0x1f2328, 1.4f,   0,  7 },
	[ST_H1]      = { "DejaVu Sans Bold 15",    0x0b3954, 1.2f,  18,  7 },
	[ST_H2]      = { "DejaVu Sans Bold 13",    0x0b3954, 1.2f,  15,  6 },
	[ST_H3]      = { "DejaVu Sans Bold 11.5",  0x0b3954, 1.2f,  12,  5 },
	[ST_H4]      = { "DejaVu Sans Bold 10.5",  0x1f2328, 1.2f,  10,  4 },
	[ST_CODE]    = { "DejaVu Sans Mono 8.5",   0x1f2328, 1.3f,   9, 11 },
	[ST_SOURCE]  = { "DejaVu Sans 9",          0x1f2328, 1.3f,   8,  0 },
	[ST_MARGIN]  = { "DejaVu Sans 7.5",        0x5a6470, 1.0f,   0,  0 },
};

#define RGB_LINK	0x0b5394
#define RGB_RULE	0xc3cad1
#define RGB_SHADE	0xf1f3f5
#define RGB_BAR		0xb5c4d1
#define RGB_ACCENT	0x0b3954

#define TIGHT_AFTER	3.0	/* between items of a tight list */
#define LIST_AFTER	8.0	/* below a whole list or block quote */

/* ---- the document as blocks --------------------------------------------- */

enum keep {
	KEEP_NONE,
	KEEP_NEXT,	/* headings: never last on a page */
	KEEP_WHOLE	/* metadata rows: never split */
};

struct link {
	int	 start;		/* byte range in the block's text */
	int	 end;
	char	*uri;		/* percent-encoded: safe in a cairo tag and a PDF string */
};

struct block {
	PangoLayout	*layout;	/* the text; NULL for a thematic break */
	PangoLayout	*marker;	/* list marker or field label, or NULL */
	double		 x;		/* text's left edge, from the left margin */
	double		 markerx;	/* marker's left edge, from the left margin */
	double		 before;	/* space wanted above */
	double		 after;		/* space wanted below */
	unsigned	 rgb;		/* text colour */
	unsigned	 markerrgb;	/* marker colour */
	unsigned	 quotes;	/* bit n: a block quote bar at level n */
	enum keep	 keep;
	int		 shade;		/* code: a grey band behind the lines */
	int		 outline;	/* 0 the title, 1-6 a heading, -1 not in the outline */
	struct link	*links;		/* clickable ranges */
	size_t		 linksz;	/* entries in links */
};

struct doc {
	PangoContext		*ctx;
	PangoFontDescription	*fonts[ST__MAX];
	struct block		*blocks;	/* top to bottom */
	size_t			 blocksz;	/* blocks used */
	size_t			 blockcap;	/* blocks allocated */
	enum err		 rc;		/* sticky: builders do nothing once set */

	/* The inline text of the paragraph or heading being built. */
	struct buf		 text;
	size_t			 run;		/* characters since a space */
	GPtrArray		*attrs;		/* PangoAttribute *, any order */
	struct link		*links;		/* links in text */
	size_t			 linksz;	/* entries used in links */
	size_t			 linkcap;	/* entries allocated */
	size_t			 nlinks;	/* links in the document so far */

	/* Where the Markdown walk is. */
	int			 depth;		/* list items and quotes around */
	unsigned		 quotes;	/* bit n: level n is a quote */
	int			 lists;		/* lists around */

	/* A list item's marker, waiting for the item's first block. */
	char			 marker[24];	/* "" when none waits */
	int			 markerlevel;	/* the item's content level */
	unsigned		 markerquotes;	/* quote bars around the item */
};

static double
pu(int v)
{
	return pango_units_to_double(v);
}

static void
set_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (double)((rgb >> 16) & 0xff) / 255.0,
	    (double)((rgb >> 8) & 0xff) / 255.0, (double)(rgb & 0xff) / 255.0);
}

static uint16_t
rgb16(unsigned rgb, int shift)
{
	return (uint16_t)(((rgb >> shift) & 0xff) * 257);
}

/*
 * The URI a link may carry into the PDF, or NULL: only web and mail links
 * (a relative link means nothing in a file, and javascript: must not pass).
 * Bytes outside a conservative URI set are percent-encoded, so the result
 * holds no quote, backslash, parenthesis, space or non-ASCII byte and is safe
 * both in cairo's tag syntax and in a PDF string. The caller frees it.
 */
static char *
link_uri(const char *url)
{
	static const char	 hex[] = "0123456789ABCDEF";
	static const char	*schemes[] = { "http://", "https://", "mailto:" };
	struct buf		 b = { 0 };
	const unsigned char	*s;
	size_t			 i;
	int			 ok = 0;

	if (url == NULL)
		return NULL;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (g_ascii_strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			ok = 1;
	if (!ok || strlen(url) > PDF_FIELD_MAX)
		return NULL;
	for (s = (const unsigned char *)url; *s != '\0'; s++) {
		if (g_ascii_isalnum(*s) || strchr("-._~:/?#[]@!$&*+,;=%", *s) != NULL)
			buf_putc(&b, (char)*s);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*s >> 4]);
			buf_putc(&b, hex[*s & 0xf]);
		}
	}
	return buf_take(&b);
}

/* The first max characters of UTF-8 s, in a string to g_free. */
static char *
utf8_prefix(const char *s, size_t max)
{
	const char	*e = s;

	while (*e != '\0' && max-- > 0)
		e = g_utf8_next_char(e);
	return g_strndup(s, (gsize)(e - s));
}

static PangoLayout *
doc_layout(struct doc *d, enum style st, const char *text, size_t len,
    double width)
{
	PangoLayout	*l = pango_layout_new(d->ctx);

	pango_layout_set_font_description(l, d->fonts[st]);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		/* A 10,000-letter "word" breaks between letters, not off the page. */
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_line_spacing(l, styles[st].spacing);
	pango_layout_set_text(l, text, (int)len);
	return l;
}

static gint
attr_cmp(gconstpointer a, gconstpointer b)
{
	const PangoAttribute	*x = *(PangoAttribute * const *)a;
	const PangoAttribute	*y = *(PangoAttribute * const *)b;

	return x->start_index < y->start_index ? -1 :
	    x->start_index > y->start_index;
}

/* Adds attribute a over [start, end) of the text being built. */
static void
doc_attr(struct doc *d, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	g_ptr_array_add(d->attrs, a);
}

/*
 * Makes [start, end) of the text being built a link to url, coloured.
 * Returns 0, adding nothing, when url may not be a link (see link_uri).
 */
static int
doc_link(struct doc *d, const char *url, size_t start, size_t end)
{
	struct link	*l;
	char		*uri;

	if (d->rc != ERR_OK || end <= start || d->nlinks >= LINKS_MAX ||
	    (uri = link_uri(url)) == NULL)
		return 0;
	d->nlinks++;
	if (d->linksz == d->linkcap) {
		size_t n = d->linkcap ? d->linkcap * 2 : 8;

		if ((l = realloc(d->links, n * sizeof(*l))) == NULL) {
			free(uri);
			d->rc = ERR_NOMEM;
			return 0;
		}
		d->links = l;
		d->linkcap = n;
	}
	l = &d->links[d->linksz++];
	l->start = (int)start;
	l->end = (int)end;
	l->uri = uri;
	doc_attr(d, pango_attr_foreground_new(rgb16(RGB_LINK, 16),
	    rgb16(RGB_LINK, 8), rgb16(RGB_LINK, 0)), start, end);
	return 1;
}

/*
 * Appends s to the text being built. After every RUN_MAX characters without
 * a space a zero-width space goes in: pango breaks a word wider than the line
 * in time quadratic in the word's length (a 200 KB "word" takes minutes),
 * and a break chance every 100 characters keeps that small. The zero-width
 * space neither shows nor comes back out of pdftotext.
 */
static void
doc_put(struct doc *d, const char *s, size_t len)
{
	size_t	 i, from = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;	/* inside a UTF-8 sequence */
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
			d->run = 0;
			continue;
		}
		if (d->run++ < RUN_MAX)
			continue;
		buf_put(&d->text, s + from, i - from);
		buf_puts(&d->text, "\xe2\x80\x8b");	/* U+200B */
		from = i;
		d->run = 1;
	}
	buf_put(&d->text, s + from, len - from);
}

static void
doc_puts(struct doc *d, const char *s)
{
	doc_put(d, s, strlen(s));
}

/*
 * Appends a block of style st at nesting level with text, taking the
 * attributes and links collected so far and the waiting list marker.
 * Returns the block, or NULL once d->rc is set.
 */
static struct block *
doc_block(struct doc *d, enum style st, const char *text, size_t len,
    int level, unsigned quotes)
{
	struct block	*b;
	PangoAttrList	*al;
	PangoRectangle	 r;
	guint		 i;

	if (d->rc != ERR_OK)
		return NULL;
	if (d->blocksz == BLOCKS_MAX) {
		d->rc = ERR_INVALID;
		return NULL;
	}
	if (d->blocksz == d->blockcap) {
		size_t n = d->blockcap ? d->blockcap * 2 : 32;

		if ((b = realloc(d->blocks, n * sizeof(*b))) == NULL) {
			d->rc = ERR_NOMEM;
			return NULL;
		}
		d->blocks = b;
		d->blockcap = n;
	}
	b = &d->blocks[d->blocksz++];
	memset(b, 0, sizeof(*b));
	b->x = (level < LEVEL_MAX ? level : LEVEL_MAX) * INDENT;
	b->quotes = quotes;
	b->before = styles[st].before;
	b->after = styles[st].after;
	b->rgb = styles[st].rgb;
	b->outline = -1;
	if (text != NULL)
		b->layout = doc_layout(d, st, text, len, TEXT_W - b->x);
	if (b->layout != NULL && d->attrs->len > 0) {
		/* Sorted first, so every insert is an append (nesting would
		 * otherwise make pango's sorted insert quadratic). */
		g_ptr_array_sort(d->attrs, attr_cmp);
		al = pango_attr_list_new();
		for (i = 0; i < d->attrs->len; i++)
			pango_attr_list_insert(al, g_ptr_array_index(d->attrs, i));
		g_ptr_array_set_free_func(d->attrs, NULL);
		g_ptr_array_set_size(d->attrs, 0);
		g_ptr_array_set_free_func(d->attrs,
		    (GDestroyNotify)pango_attribute_destroy);
		pango_layout_set_attributes(b->layout, al);
		pango_attr_list_unref(al);
	}
	g_ptr_array_set_size(d->attrs, 0);
	b->links = d->links;
	b->linksz = d->linksz;
	d->links = NULL;
	d->linksz = d->linkcap = 0;
	if (d->marker[0] != '\0' && b->layout != NULL) {
		b->marker = doc_layout(d, ST_BODY, d->marker, strlen(d->marker), 0);
		pango_layout_get_extents(b->marker, NULL, &r);
		b->markerx = b->x - MARKER_GAP - pu(r.width);
		b->markerrgb = RGB_ACCENT;
		d->marker[0] = '\0';
	}
	return b;
}

/* The text collected from inlines becomes a block. */
static struct block *
doc_flush(struct doc *d, enum style st, int level, unsigned quotes)
{
	struct block	*b;

	if (d->text.oom)
		d->rc = ERR_NOMEM;
	b = doc_block(d, st, d->text.p ? d->text.p : "", d->text.len, level,
	    quotes);
	buf_reset(&d->text);
	d->run = 0;
	return b;
}

/* A list item with no paragraph of its own still shows its marker. */
static void
doc_marker_flush(struct doc *d)
{
	if (d->marker[0] != '\0')
		doc_block(d, ST_BODY, "", 0, d->markerlevel, d->markerquotes);
}

static void
doc_free(struct doc *d)
{
	size_t	 i, j;

	for (i = 0; i < d->blocksz; i++) {
		if (d->blocks[i].layout != NULL)
			g_object_unref(d->blocks[i].layout);
		if (d->blocks[i].marker != NULL)
			g_object_unref(d->blocks[i].marker);
		for (j = 0; j < d->blocks[i].linksz; j++)
			free(d->blocks[i].links[j].uri);
		free(d->blocks[i].links);
	}
	free(d->blocks);
	for (j = 0; j < d->linksz; j++)
		free(d->links[j].uri);
	free(d->links);
	if (d->attrs != NULL)
		g_ptr_array_free(d->attrs, TRUE);
	buf_free(&d->text);
	for (i = 0; i < ST__MAX; i++)
		if (d->fonts[i] != NULL)
			pango_font_description_free(d->fonts[i]);
	if (d->ctx != NULL)
		g_object_unref(d->ctx);
}

/* ---- Markdown to blocks -------------------------------------------------- */

/* Paragraphs in the items of a tight list sit close together. */
static int
md_tight(cmark_node *n)
{
	cmark_node	*item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

static void
md_item(struct doc *d, cmark_node *item)
{
	static const char	*bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
				    "\xe2\x96\xaa" };	/* • ◦ ▪ */
	cmark_node		*list = cmark_node_parent(item);
	intptr_t		 n;

	doc_marker_flush(d);
	if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		/* The list's next number rides in its user data. */
		n = (intptr_t)cmark_node_get_user_data(list);
		cmark_node_set_user_data(list, (void *)(n + 1));
		snprintf(d->marker, sizeof(d->marker), "%ld%c", (long)n,
		    cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ?
		    ')' : '.');
	} else
		snprintf(d->marker, sizeof(d->marker), "%s",
		    bullets[(d->lists - 1) % 3]);
	d->markerlevel = d->depth + 1;
	d->markerquotes = d->quotes;
}

/* Space below a list or quote n, whatever its last item wanted. */
static void
md_close(struct doc *d, cmark_node *n)
{
	struct block	*b;

	doc_marker_flush(d);
	/* A list in an item of a tight list stays tight. */
	if (d->blocksz == 0 || md_tight(n))
		return;
	b = &d->blocks[d->blocksz - 1];
	if (b->after < LIST_AFTER)
		b->after = LIST_AFTER;
}

static void
md_inline_exit(struct doc *d, cmark_node *n, cmark_node_type t)
{
	size_t	 start = (size_t)(uintptr_t)cmark_node_get_user_data(n);
	size_t	 end = d->text.len;

	if (end <= start)
		return;
	switch (t) {
	case CMARK_NODE_EMPH:
	case CMARK_NODE_IMAGE:	/* its description, as text */
		doc_attr(d, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
		break;
	case CMARK_NODE_STRONG:
		doc_attr(d, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		break;
	case CMARK_NODE_LINK:
		/* Looks like a link only when it is one. */
		if (doc_link(d, cmark_node_get_url(n), start, end))
			doc_attr(d, pango_attr_underline_new(
			    PANGO_UNDERLINE_SINGLE), start, end);
		break;
	default:
		break;
	}
}

static void
md_code_span(struct doc *d, const char *s)
{
	size_t	 start = d->text.len;

	if (*s == '\0')
		return;
	doc_puts(d, s);
	doc_attr(d, pango_attr_family_new("DejaVu Sans Mono"), start,
	    d->text.len);
	doc_attr(d, pango_attr_scale_new(0.88), start, d->text.len);
	doc_attr(d, pango_attr_background_new(rgb16(RGB_SHADE, 16),
	    rgb16(RGB_SHADE, 8), rgb16(RGB_SHADE, 0)), start, d->text.len);
}

static void
md_leaf(struct doc *d, cmark_node *n, cmark_node_type t)
{
	static const enum style	 heads[] = { ST_H1, ST_H1, ST_H2, ST_H3, ST_H4 };
	struct block		*b;
	const char		*s;
	size_t			 len;
	int			 level = d->depth, h;
	unsigned		 quotes = d->quotes;

	switch (t) {
	case CMARK_NODE_PARAGRAPH:
		if ((b = doc_flush(d, ST_BODY, level, quotes)) != NULL &&
		    md_tight(n))
			b->after = TIGHT_AFTER;
		break;
	case CMARK_NODE_HEADING:
		h = cmark_node_get_heading_level(n);
		if (h < 1 || h > 6)
			h = 6;
		b = doc_flush(d, heads[h < 4 ? h : 4], level, quotes);
		if (b != NULL) {
			b->keep = KEEP_NEXT;
			b->outline = h;
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
		s = cmark_node_get_literal(n);
		len = s ? strlen(s) : 0;
		while (len > 0 && s[len - 1] == '\n')
			len--;
		doc_put(d, s ? s : "", len);
		if ((b = doc_flush(d, ST_CODE, level, quotes)) != NULL) {
			b->shade = 1;
			if (md_tight(n))
				b->after = TIGHT_AFTER + 4;
		}
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		doc_marker_flush(d);
		if ((b = doc_block(d, ST_BODY, NULL, 0, level, quotes)) != NULL)
			b->before = b->after = 10;
		break;
	default:
		break;
	}
}

/*
 * Walks the Markdown tree into blocks. Raw HTML, block or inline, is dropped,
 * as cmark's safe mode does: "<script>" neither runs nor shows.
 */
static void
md_blocks(struct doc *d, const char *md)
{
	cmark_node	*root, *n;
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node_type	 t;
	const char	*s;

	root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT |
	    CMARK_OPT_SMART);
	if (root == NULL) {
		d->rc = ERR_NOMEM;
		return;
	}
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE &&
	    d->rc == ERR_OK) {
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		switch (t) {
		/* Nesting is counted on the way, not by walking up from
		 * each block: "- - - - ...x" nests as deep as it is long. */
		case CMARK_NODE_LIST:
			if (ev == CMARK_EVENT_ENTER) {
				doc_marker_flush(d);
				cmark_node_set_user_data(n, (void *)(intptr_t)
				    cmark_node_get_list_start(n));
				d->lists++;
			} else {
				md_close(d, n);
				d->lists--;
			}
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			if (ev == CMARK_EVENT_ENTER) {
				doc_marker_flush(d);
				if (d->depth < LEVEL_MAX)
					d->quotes |= 1u << d->depth;
				d->depth++;
			} else {
				md_close(d, n);
				d->depth--;
				if (d->depth < LEVEL_MAX)
					d->quotes &= ~(1u << d->depth);
			}
			break;
		case CMARK_NODE_ITEM:
			if (ev == CMARK_EVENT_ENTER) {
				md_item(d, n);
				d->depth++;
			} else {
				doc_marker_flush(d);
				d->depth--;
			}
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_EXIT)
				md_leaf(d, n, t);
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_THEMATIC_BREAK:
			md_leaf(d, n, t);
			break;
		case CMARK_NODE_TEXT:
			if ((s = cmark_node_get_literal(n)) != NULL)
				doc_puts(d, s);
			break;
		case CMARK_NODE_CODE:
			if ((s = cmark_node_get_literal(n)) != NULL)
				md_code_span(d, s);
			break;
		case CMARK_NODE_SOFTBREAK:
			doc_puts(d, " ");
			break;
		case CMARK_NODE_LINEBREAK:
			doc_puts(d, "\n");
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_ENTER)
				cmark_node_set_user_data(n,
				    (void *)(uintptr_t)d->text.len);
			else
				md_inline_exit(d, n, t);
			break;
		default:	/* HTML, document */
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	if (d->text.oom)
		d->rc = ERR_NOMEM;
}

/* ---- the practice to blocks ---------------------------------------------- */

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static void
doc_practice(struct doc *d, const struct pdf_practice *p)
{
	struct block	*b;
	size_t		 i, start, rows = 0;

	doc_puts(d, p->title);
	if ((b = doc_flush(d, ST_TITLE, 0, 0)) != NULL)
		b->outline = 0;
	for (i = 0; i < p->fieldsz; i++) {
		if (empty(p->fields[i].value))
			continue;
		doc_puts(d, p->fields[i].value);
		if ((b = doc_flush(d, ST_VALUE, 0, 0)) == NULL)
			return;
		b->x = LABEL_W + LABEL_GAP;
		pango_layout_set_width(b->layout,
		    pango_units_from_double(TEXT_W - b->x));
		b->keep = KEEP_WHOLE;
		rows++;
		b->markerrgb = styles[ST_LABEL].rgb;
		if (!empty(p->fields[i].label)) {
			doc_puts(d, p->fields[i].label);
			b->marker = doc_layout(d, ST_LABEL, d->text.p,
			    d->text.len, LABEL_W);
			buf_reset(&d->text);
			d->run = 0;
		}
	}
	if (rows > 0 && (b = doc_block(d, ST_BODY, NULL, 0, 0, 0)) != NULL)
		b->before = b->after = 10;
	if (!empty(p->summary))
		doc_puts(d, p->summary), doc_flush(d, ST_SUMMARY, 0, 0);
	if (!empty(p->body))
		md_blocks(d, p->body);
	if (empty(p->source_url))
		return;
	if ((b = doc_block(d, ST_BODY, NULL, 0, 0, 0)) != NULL)
		b->before = 16, b->after = 6;
	if (!empty(p->source_label)) {
		doc_puts(d, p->source_label);
		doc_attr(d, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0,
		    d->text.len);
		doc_puts(d, ": ");
	}
	start = d->text.len;
	doc_puts(d, p->source_url);
	doc_link(d, p->source_url, start, d->text.len);
	if ((b = doc_flush(d, ST_SOURCE, 0, 0)) != NULL)
		b->keep = KEEP_WHOLE;
}

/* ---- flowing blocks down the pages --------------------------------------- */

struct line {
	PangoLayoutLine	*line;
	int		 top;		/* in the layout, pango units */
	int		 bottom;	/* top of the next line, or the layout's end */
	int		 baseline;
	int		 x;		/* the line's origin in the layout */
};

struct flow {
	cairo_t			*cr;	/* NULL while counting pages */
	cairo_surface_t		*surface;
	const struct pdf_practice *p;
	PangoLayout		*margin;	/* running head and footer text */
	char			*head;		/* the running head, fitted */
	char			*foot;		/* the footer, fitted */
	int			 page;		/* 1-based */
	int			 pages;		/* known in the drawing pass */
	double			 y;		/* top of the free space */
	int			 fresh;		/* nothing on this page yet */
	double			 after;		/* the previous block's space below */
	unsigned		 quotes;	/* the previous block's quote bars */
	int			 ol[7];		/* outline ids: title, h1..h6 */
	struct buf		 tag;		/* scratch for tag attributes */
};

static void
fmt_num(struct buf *b, double v)
{
	char	 s[G_ASCII_DTOSTR_BUF_SIZE];

	/* g_ascii_: a decimal point whatever the locale. */
	buf_puts(b, g_ascii_formatd(s, sizeof(s), "%.2f", v));
}

/*
 * text cut to fit width on one line, ending in "…" when cut. Cut here, not
 * by pango's ellipsizing, which would carry the whole hidden text into the
 * PDF as the ellipsis' ActualText (a long title, again on every page). The
 * caller g_frees the result.
 */
static char *
fit_line(PangoLayout *l, const char *text, double width)
{
	PangoRectangle	 r;
	const char	*cut;
	char		*s;
	glong		 lo = 0, hi, mid;

	pango_layout_set_width(l, -1);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_extents(l, NULL, &r);
	if (pu(r.width) <= width)
		return g_strdup(text);
	/* The first lo characters and "…" fit; the first hi do not. */
	hi = g_utf8_strlen(text, -1);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		cut = g_utf8_offset_to_pointer(text, mid);
		s = g_strdup_printf("%.*s\u2026", (int)(cut - text), text);
		pango_layout_set_text(l, s, -1);
		g_free(s);
		pango_layout_get_extents(l, NULL, &r);
		if (pu(r.width) <= width)
			lo = mid;
		else
			hi = mid;
	}
	cut = g_utf8_offset_to_pointer(text, lo);
	return g_strdup_printf("%.*s\u2026", (int)(cut - text), text);
}

/* The running head and footer texts, once the number of pages is known. */
static void
flow_prepare(struct flow *fl)
{
	PangoRectangle	 r;
	char		 num[64];

	snprintf(num, sizeof(num), "%d / %d", fl->pages, fl->pages);
	pango_layout_set_width(fl->margin, -1);
	pango_layout_set_text(fl->margin, num, -1);
	pango_layout_get_extents(fl->margin, NULL, &r);
	if (!empty(fl->p->footer))
		fl->foot = fit_line(fl->margin, fl->p->footer,
		    TEXT_W - pu(r.width) - 24);
	if (fl->p->title[0] != '\0')
		fl->head = fit_line(fl->margin, fl->p->title, TEXT_W);
}

static void
flow_rule(cairo_t *cr, double y)
{
	set_rgb(cr, RGB_RULE);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, y);
	cairo_line_to(cr, PAGE_W - MARGIN_X, y);
	cairo_stroke(cr);
}

/* Running head (pages 2 and on) and footer with "n / N". */
static void
flow_margins(struct flow *fl)
{
	cairo_t		*cr = fl->cr;
	PangoLayout	*l = fl->margin;
	PangoRectangle	 r;
	char		 num[64];

	if (cr == NULL)
		return;
	flow_rule(cr, FOOT_RULE);
	set_rgb(cr, styles[ST_MARGIN].rgb);
	snprintf(num, sizeof(num), "%d / %d", fl->page, fl->pages);
	pango_layout_set_width(l, -1);
	pango_layout_set_text(l, num, -1);
	pango_layout_get_extents(l, NULL, &r);
	cairo_move_to(cr, PAGE_W - MARGIN_X - pu(r.width), FOOT_TOP);
	pango_cairo_show_layout(cr, l);
	if (fl->foot != NULL) {
		pango_layout_set_text(l, fl->foot, -1);
		cairo_move_to(cr, MARGIN_X, FOOT_TOP);
		pango_cairo_show_layout(cr, l);
	}
	if (fl->page > 1 && fl->head != NULL) {
		pango_layout_set_text(l, fl->head, -1);
		cairo_move_to(cr, MARGIN_X, HEAD_TOP);
		pango_cairo_show_layout(cr, l);
		flow_rule(cr, HEAD_RULE);
	}
}

static void
flow_page(struct flow *fl)
{
	flow_margins(fl);
	if (fl->cr != NULL)
		cairo_show_page(fl->cr);
	fl->page++;
	fl->y = TEXT_TOP;
	fl->fresh = 1;
	fl->after = 0;
}

static void
flow_bars(struct flow *fl, unsigned quotes, double top, double bottom)
{
	int	 k;

	if (fl->cr == NULL || quotes == 0 || bottom <= top)
		return;
	set_rgb(fl->cr, RGB_BAR);
	for (k = 0; k < LEVEL_MAX; k++)
		if (quotes & (1u << k))
			cairo_rectangle(fl->cr, MARGIN_X + k * INDENT + 2, top,
			    2.5, bottom - top);
	cairo_fill(fl->cr);
}

/* Block height and first line height, in points, marker included. */
static void
block_size(const struct block *b, double *height, double *first)
{
	PangoRectangle	 r;
	PangoLayoutIter	*it;
	double		 mh = 0;

	if (b->layout == NULL) {
		*height = *first = 1;
		return;
	}
	pango_layout_get_extents(b->layout, NULL, &r);
	*height = pu(r.y + r.height);
	if (b->marker != NULL) {
		pango_layout_get_extents(b->marker, NULL, &r);
		mh = pu(r.y + r.height);
	}
	if (mh > *height)
		*height = mh;
	it = pango_layout_get_iter(b->layout);
	pango_layout_iter_get_line_extents(it, NULL, &r);
	*first = pu(r.y + r.height);
	pango_layout_iter_free(it);
}

/* Makes each piece of a link on this line clickable. */
static void
flow_links(struct flow *fl, const struct block *b, PangoLayoutLine *line,
    double top, double bottom)
{
	int	*ranges = NULL, nranges, ls, le, s, e, j;
	size_t	 i;

	ls = pango_layout_line_get_start_index(line);
	le = ls + pango_layout_line_get_length(line);
	for (i = 0; i < b->linksz; i++) {
		s = b->links[i].start > ls ? b->links[i].start : ls;
		e = b->links[i].end < le ? b->links[i].end : le;
		if (s >= e)
			continue;
		pango_layout_line_get_x_ranges(line, s, e, &ranges, &nranges);
		for (j = 0; j < nranges; j++) {
			buf_reset(&fl->tag);
			buf_puts(&fl->tag, "rect=[");
			fmt_num(&fl->tag, MARGIN_X + b->x + pu(ranges[2 * j]));
			buf_putc(&fl->tag, ' ');
			fmt_num(&fl->tag, top);
			buf_putc(&fl->tag, ' ');
			fmt_num(&fl->tag, pu(ranges[2 * j + 1] - ranges[2 * j]));
			buf_putc(&fl->tag, ' ');
			fmt_num(&fl->tag, bottom - top);
			buf_printf(&fl->tag, "] uri='%s'", b->links[i].uri);
			if (fl->tag.oom)
				break;
			cairo_tag_begin(fl->cr, CAIRO_TAG_LINK, fl->tag.p);
			cairo_tag_end(fl->cr, CAIRO_TAG_LINK);
		}
		g_free(ranges);
		ranges = NULL;
	}
}

/* An entry in the PDF's outline (bookmarks) for the title or a heading. */
static void
flow_outline(struct flow *fl, const struct block *b, double top)
{
	const char	*text = pango_layout_get_text(b->layout);
	char		*name;
	int		 parent = CAIRO_PDF_OUTLINE_ROOT, k, id;

	if (text[0] == '\0')
		return;
	for (k = b->outline - 1; k >= 0; k--)
		if (fl->ol[k] != 0) {
			parent = fl->ol[k];
			break;
		}
	name = utf8_prefix(text, OUTLINE_MAX);
	buf_reset(&fl->tag);
	buf_printf(&fl->tag, "page=%d pos=[", fl->page);
	fmt_num(&fl->tag, MARGIN_X);
	buf_putc(&fl->tag, ' ');
	fmt_num(&fl->tag, top);
	buf_putc(&fl->tag, ']');
	if (!fl->tag.oom) {
		id = cairo_pdf_surface_add_outline(fl->surface, parent, name,
		    fl->tag.p, b->outline == 0 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		fl->ol[b->outline] = id;
		for (k = b->outline + 1; k < 7; k++)
			fl->ol[k] = 0;
	}
	g_free(name);
}

/* Draws one line of b (and what goes with it) with its top at top. */
static void
flow_line(struct flow *fl, const struct block *b, const struct line *ln,
    int first, int last, double origin)
{
	cairo_t		*cr = fl->cr;
	double		 top = origin + pu(ln->top), bottom = origin + pu(ln->bottom);
	double		 x = MARGIN_X + b->x;

	if (b->shade) {
		set_rgb(cr, RGB_SHADE);
		cairo_rectangle(cr, x - 6, top - (first ? 4 : 0),
		    PAGE_W - MARGIN_X - x + 12,
		    bottom - top + (first ? 4 : 0) + (last ? 4 : 0));
		cairo_fill(cr);
	}
	flow_bars(fl, b->quotes, top, bottom);
	set_rgb(cr, b->rgb);
	cairo_move_to(cr, x + pu(ln->x), origin + pu(ln->baseline));
	pango_cairo_show_layout_line(cr, ln->line);
	if (first && b->marker != NULL) {
		/* First baselines level. */
		set_rgb(cr, b->markerrgb);
		cairo_move_to(cr, MARGIN_X + b->markerx, origin +
		    pu(ln->baseline - pango_layout_get_baseline(b->marker)));
		pango_cairo_show_layout(cr, b->marker);
	}
	if (b->linksz > 0)
		flow_links(fl, b, ln->line, top, bottom);
	if (first && b->outline >= 0)
		flow_outline(fl, b, top);
}

static enum err
flow_block(struct flow *fl, const struct block *b, const struct block *next)
{
	struct line	*lines = NULL;
	PangoLayoutIter	*it;
	PangoRectangle	 r, lr;
	double		 gap, need, height, first, nh, nfirst, origin = 0;
	double		 marker_bottom = 0;
	int		 n = 0, i, marker_page = 0;

	gap = fl->after > b->before ? fl->after : b->before;
	block_size(b, &height, &first);
	if (!fl->fresh && b->keep != KEEP_NONE) {
		need = height;
		if (b->keep == KEEP_NEXT && next != NULL) {
			block_size(next, &nh, &nfirst);
			need += (b->after > next->before ? b->after :
			    next->before) + nfirst;
		}
		if (fl->y + gap + need > TEXT_BOTTOM &&
		    need <= TEXT_BOTTOM - TEXT_TOP)
			flow_page(fl);
	}
	if (!fl->fresh) {
		flow_bars(fl, fl->quotes & b->quotes, fl->y, fl->y + gap);
		fl->y += gap;
	}
	if (b->layout == NULL) {	/* a thematic break */
		if (!fl->fresh && fl->y + 1 > TEXT_BOTTOM)
			flow_page(fl);
		if (fl->cr != NULL) {
			set_rgb(fl->cr, RGB_RULE);
			cairo_set_line_width(fl->cr, 0.6);
			cairo_move_to(fl->cr, MARGIN_X + b->x, fl->y + 0.5);
			cairo_line_to(fl->cr, PAGE_W - MARGIN_X, fl->y + 0.5);
			cairo_stroke(fl->cr);
		}
		fl->y += 1;
		goto done;
	}

	if ((n = pango_layout_get_line_count(b->layout)) < 1)
		goto done;
	if ((lines = calloc((size_t)n, sizeof(*lines))) == NULL)
		return ERR_NOMEM;
	it = pango_layout_get_iter(b->layout);
	for (i = 0; i < n; i++) {
		lines[i].line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &r);
		pango_layout_line_get_extents(lines[i].line, NULL, &lr);
		lines[i].top = r.y;
		lines[i].x = r.x - lr.x;
		lines[i].baseline = pango_layout_iter_get_baseline(it);
		if (i > 0)
			lines[i - 1].bottom = r.y;
		if (!pango_layout_iter_next_line(it))
			break;
	}
	pango_layout_iter_free(it);
	n = i < n ? i + 1 : n;
	pango_layout_get_extents(b->layout, NULL, &r);
	lines[n - 1].bottom = r.y + r.height;

	for (i = 0; i < n; i++) {
		origin = fl->y - pu(lines[i].top);
		if (!fl->fresh && origin + pu(lines[i].bottom) > TEXT_BOTTOM) {
			flow_page(fl);
			origin = fl->y - pu(lines[i].top);
		}
		if (fl->cr != NULL)
			flow_line(fl, b, &lines[i], i == 0, i == n - 1, origin);
		if (i == 0 && b->marker != NULL) {
			pango_layout_get_extents(b->marker, NULL, &r);
			marker_page = fl->page;
			marker_bottom = origin + pu(lines[0].baseline -
			    pango_layout_get_baseline(b->marker) + r.y + r.height);
		}
		fl->y = origin + pu(lines[i].bottom);
		fl->fresh = 0;
	}
	/* A label longer than its value pushes the next row down. */
	if (marker_page == fl->page && marker_bottom > fl->y)
		fl->y = marker_bottom;
done:
	fl->fresh = 0;
	fl->after = b->after;
	fl->quotes = b->quotes;
	free(lines);
	return ERR_OK;
}

/* One pass over the blocks; returns the number of pages in fl->page. */
static enum err
flow_run(struct flow *fl, const struct doc *d)
{
	enum err	 e;
	size_t		 i;

	fl->page = 1;
	fl->y = TEXT_TOP;
	fl->fresh = 1;
	fl->after = 0;
	fl->quotes = 0;
	memset(fl->ol, 0, sizeof(fl->ol));
	for (i = 0; i < d->blocksz; i++)
		if ((e = flow_block(fl, &d->blocks[i], i + 1 < d->blocksz ?
		    &d->blocks[i + 1] : NULL)) != ERR_OK)
			return e;
	flow_margins(fl);
	return ERR_OK;
}

/* ---- entry points -------------------------------------------------------- */

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf	*out = closure;

	/*
	 * Never CAIRO_STATUS_WRITE_ERROR: cairo 1.16 reads through a NULL
	 * pointer finishing a PDF whose stream failed. The buffer's sticky
	 * oom says it afterwards instead.
	 */
	buf_put(out, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Says which field breaks a rule, or returns ERR_OK. */
static enum err
pdf_check(const char *name, const char *s, size_t max, struct buf *why)
{
	size_t	 len;

	if (s == NULL)
		return ERR_OK;
	len = strlen(s);
	if (len > max)
		buf_printf(why, "field \"%s\": longer than %zu bytes", name, max);
	else if (!g_utf8_validate(s, (gssize)len, NULL))
		buf_printf(why, "field \"%s\": not valid UTF-8", name);
	else
		return ERR_OK;
	return ERR_INVALID;
}

static enum err
pdf_validate(const struct pdf_practice *p, struct buf *why)
{
	char		 name[48];
	const char	*s;
	size_t		 i;

	if (p->title == NULL) {
		buf_puts(why, "field \"title\": missing");
		return ERR_INVALID;
	}
	if (p->lang != NULL) {
		/* BCP 47 letters, digits and hyphens: "ca", "pt-BR". */
		for (s = p->lang; *s != '\0'; s++)
			if (!g_ascii_isalnum(*s) && *s != '-')
				break;
		if (*s != '\0' || s - p->lang > 35) {
			buf_puts(why, "field \"lang\": not a language tag");
			return ERR_INVALID;
		}
	}
	if (p->fieldsz > 0 && p->fields == NULL) {
		buf_puts(why, "field \"fields\": missing");
		return ERR_INVALID;
	}
	if (p->fieldsz > PDF_FIELDS_MAX) {
		buf_printf(why, "field \"fields\": more than %d lines",
		    PDF_FIELDS_MAX);
		return ERR_INVALID;
	}
	if (pdf_check("title", p->title, PDF_FIELD_MAX, why) ||
	    pdf_check("summary", p->summary, PDF_FIELD_MAX, why) ||
	    pdf_check("body", p->body, PDF_BODY_MAX, why) ||
	    pdf_check("source_label", p->source_label, PDF_FIELD_MAX, why) ||
	    pdf_check("source_url", p->source_url, PDF_FIELD_MAX, why) ||
	    pdf_check("footer", p->footer, PDF_FIELD_MAX, why))
		return ERR_INVALID;
	for (i = 0; i < p->fieldsz; i++) {
		snprintf(name, sizeof(name), "fields[%zu].label", i);
		if (pdf_check(name, p->fields[i].label, PDF_FIELD_MAX, why))
			return ERR_INVALID;
		snprintf(name, sizeof(name), "fields[%zu].value", i);
		if (pdf_check(name, p->fields[i].value, PDF_FIELD_MAX, why))
			return ERR_INVALID;
	}
	return ERR_OK;
}

static void
pdf_metadata(cairo_surface_t *surface, const struct pdf_practice *p)
{
	char	*subject;

	if (p->title[0] != '\0')
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_TITLE, p->title);
	if (!empty(p->summary)) {
		subject = utf8_prefix(p->summary, SUBJECT_MAX);
		cairo_pdf_surface_set_metadata(surface,
		    CAIRO_PDF_METADATA_SUBJECT, subject);
		g_free(subject);
	}
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "intercity");
}

enum err
pdf_practice(const struct pdf_practice *p, struct buf *out, char **msg)
{
	struct doc		 d = { 0 };
	struct flow		 fl = { 0 };
	struct buf		 why = { 0 };
	cairo_surface_t		*surface = NULL;
	cairo_t			*cr = NULL;
	cairo_font_options_t	*fo = NULL;
	cairo_status_t		 cs;
	size_t			 i, oldlen = out->len;
	int			 oldoom = out->oom;
	enum err		 e;

	if (msg != NULL)
		*msg = NULL;
	if ((e = pdf_validate(p, &why)) != ERR_OK)
		goto out;
	if (out->oom) {
		e = ERR_NOMEM;
		goto out;
	}

	surface = cairo_pdf_surface_create_for_stream(pdf_write, out,
	    PAGE_W, PAGE_H);
	cr = cairo_create(surface);
	pdf_metadata(surface, p);

	/* The calling thread's own font map: pango's are per thread. */
	d.ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
	/* Points as pango sizes (the font map assumes 96 dpi), outlines
	 * unhinted and glyphs unrounded: this is print, not a screen. */
	pango_cairo_context_set_resolution(d.ctx, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d.ctx, fo);
	pango_context_set_round_glyph_positions(d.ctx, FALSE);
	pango_cairo_update_context(cr, d.ctx);
	pango_context_set_language(d.ctx,
	    pango_language_from_string(empty(p->lang) ? "en" : p->lang));
	for (i = 0; i < ST__MAX; i++)
		d.fonts[i] = pango_font_description_from_string(styles[i].font);
	d.attrs = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)pango_attribute_destroy);

	doc_practice(&d, p);
	if ((e = d.rc) == ERR_INVALID)
		buf_printf(&why, "field \"body\": more than %d paragraphs, "
		    "headings and list items", BLOCKS_MAX);
	if (e != ERR_OK)
		goto out;

	fl.p = p;
	fl.surface = surface;
	fl.margin = doc_layout(&d, ST_MARGIN, "", 0, 0);
	pango_layout_set_single_paragraph_mode(fl.margin, TRUE);
	if ((e = flow_run(&fl, &d)) != ERR_OK)
		goto out;
	fl.pages = fl.page;
	flow_prepare(&fl);
	fl.cr = cr;
	if ((e = flow_run(&fl, &d)) != ERR_OK)
		goto out;

	if ((cs = cairo_status(cr)) == CAIRO_STATUS_SUCCESS) {
		cairo_surface_finish(surface);
		cs = cairo_surface_status(surface);
	}
	if (fl.tag.oom || out->oom)
		e = ERR_NOMEM;
	else if (cs != CAIRO_STATUS_SUCCESS) {
		buf_printf(&why, "cairo: %s", cairo_status_to_string(cs));
		e = ERR_IO;
	}
out:
	if (fl.margin != NULL)
		g_object_unref(fl.margin);
	g_free(fl.head);
	g_free(fl.foot);
	buf_free(&fl.tag);
	doc_free(&d);
	if (fo != NULL)
		cairo_font_options_destroy(fo);
	if (cr != NULL)
		cairo_destroy(cr);
	if (surface != NULL)
		cairo_surface_destroy(surface);
	if (e != ERR_OK) {
		/* Whatever cairo wrote before failing is not a PDF. */
		out->len = oldlen;
		out->oom = oldoom;
		if (out->p != NULL)
			out->p[oldlen] = '\0';
		if (msg != NULL && why.len > 0)
			*msg = buf_take(&why);
	}
	buf_free(&why);
	return e;
}

void
pdf_thread_done(void)
{
	pango_cairo_font_map_set_default(NULL);
}

void
pdf_release(void)
{
	void	(*fc_fini)(void);

	pdf_thread_done();
	cairo_debug_reset_static_data();
	/* fontconfig comes in through pango and is not linked directly. */
	*(void **)&fc_fini = dlsym(RTLD_DEFAULT, "FcFini");
	if (fc_fini != NULL)
		fc_fini();
}
