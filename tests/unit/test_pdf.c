/* test_pdf.c - the PDF of a good practice (pdf.c), read back with poppler's
 * pdfinfo and pdftotext as a reader would see it.
 * SPDX-License-Identifier: MIT
 *
 * To look at a sample: PDF_SAMPLE=/tmp/sample.pdf build/asan/tests/test_pdf
 * writes the Catalan practice of the first test there; PDF_TEST=name runs
 * one test. */
#define _GNU_SOURCE	/* memmem */
#include "testutil.h"

#include <dlfcn.h>
#include <pthread.h>

#include <cairo.h>

#include "buf.h"
#include "err.h"
#include "pdf.h"

/* ---- helpers ------------------------------------------------------------- */

/* The output of a shell command, as a new string. */
static char *
run(const char *cmd)
{
	struct buf	 b = { 0 };
	char		 chunk[4096];
	size_t		 n;
	FILE		*f = popen(cmd, "r");

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	assert_int_equal(pclose(f), 0);
	assert_false(b.oom);
	return buf_take(&b);
}

/* A rendered PDF written to a file, with what poppler makes of it. */
struct got {
	char	*dir;
	char	*path;
	char	*info;	/* pdfinfo */
	char	*text;	/* pdftotext -enc UTF-8 */
	char	*flat;	/* text with each run of white space one space */
	int	 pages;
};

static void
check_pdf(const struct buf *b)
{
	assert_true(b->len > 100);
	assert_memory_equal(b->p, "%PDF-", 5);
	/* The last line is %%EOF, with or without a newline after it. */
	assert_non_null(strstr(b->p + b->len - 8, "%%EOF"));
}

/* A copy of s with each run of white space (line breaks too) one space. */
static char *
flatten(const char *s)
{
	char	*f = malloc(strlen(s) + 1), *o = f;

	assert_non_null(f);
	for (; *s != '\0'; s++)
		if (strchr(" \t\n\f", *s) == NULL)
			*o++ = *s;
		else if (o > f && o[-1] != ' ')
			*o++ = ' ';
	*o = '\0';
	return f;
}

/* A pdfinfo line's value ("Title:   x" gives "x"), or NULL; caller frees. */
static char *
info(const struct got *g, const char *key)
{
	const char	*s = g->info, *e;
	size_t		 n = strlen(key);

	for (; s != NULL && *s != '\0'; s = strchr(s, '\n'), s = s ? s + 1 : s)
		if (strncmp(s, key, n) == 0 && s[n] == ':') {
			for (s += n + 1; *s == ' '; s++)
				continue;
			e = strchr(s, '\n');
			return e ? strndup(s, (size_t)(e - s)) : strdup(s);
		}
	return NULL;
}

#define assert_info(g, key, want) do {					\
	char *v_ = info((g), (key));					\
	if (v_ == NULL || strcmp(v_, (want)) != 0)			\
		fail_msg("pdfinfo %s: \"%s\", want \"%s\"", (key),	\
		    v_ ? v_ : "(none)", (want));			\
	free(v_);							\
} while (0)

static void
write_pdf(const char *path, const struct buf *b)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

static void
got_read(struct got *g, const struct buf *b)
{
	char	 cmd[4096];
	char	*s;

	check_pdf(b);
	g->dir = tu_tmpdir();
	g->path = tu_path(g->dir, "p.pdf");
	write_pdf(g->path, b);
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", g->path);
	g->info = run(cmd);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", g->path);
	g->text = run(cmd);
	g->flat = flatten(g->text);
	assert_non_null(s = info(g, "Pages"));
	g->pages = atoi(s);
	free(s);
	assert_info(g, "Page size", "595.28 x 841.89 pts (A4)");
}

static void
got_free(struct got *g)
{
	free(g->info);
	free(g->text);
	free(g->flat);
	free(g->path);
	tu_rmdir(g->dir);
}

static void
render(const struct pdf_practice *p, struct got *g)
{
	struct buf	 b = { 0 };
	char		*msg = (char *)"unset";

	assert_int_equal(pdf_practice(p, &b, &msg), ERR_OK);
	assert_null(msg);
	got_read(g, &b);
	buf_free(&b);
}

#define assert_has(hay, needle) do {					\
	if (strstr((hay), (needle)) == NULL)				\
		fail_msg("\"%s\" not found in:\n%s", (needle), (hay));	\
} while (0)
#define assert_hasnt(hay, needle) do {					\
	if (strstr((hay), (needle)) != NULL)				\
		fail_msg("\"%s\" found in:\n%s", (needle), (hay));	\
} while (0)

/* The number in name="..." of the tag at s. */
static double
attr_num(const char *s, const char *name)
{
	const char	*a = strstr(s, name);

	if (a == NULL || a[strlen(name)] != '=')
		fail_msg("no %s in %.80s", name, s);
	return strtod(a + strlen(name) + 2, NULL);
}

/*
 * Word boxes from pdftotext -bbox (one "<word ...>text</word>" a line): calls
 * f for each word with its box. Returns the number of words. Each line is
 * copied out first: ASan's strstr measures the whole haystack every call,
 * which over a 50-page document is minutes.
 */
static size_t
words(const struct got *g, void (*f)(const char *w, double x0, double y0,
    double x1, double y1, void *arg), void *arg)
{
	char		 cmd[4096], line[1024];
	char		*html, *s, *w, *e;
	size_t		 n = 0, len;

	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -bbox '%s' -", g->path);
	html = run(cmd);
	for (s = html; *s != '\0'; s += len + (s[len] == '\n')) {
		for (len = 0; s[len] != '\0' && s[len] != '\n'; len++)
			continue;
		if (len >= sizeof(line)) {
			/* <title> and <meta> can be long; words cannot. */
			if (strncmp(s, "    <word ", 10) == 0)
				fail_msg("long word line: %.80s", s);
			continue;
		}
		memcpy(line, s, len);
		line[len] = '\0';
		if ((w = strstr(line, "<word ")) == NULL)
			continue;
		assert_non_null(e = strstr(w, "</word>"));
		*e = '\0';
		f(strchr(w, '>') + 1, attr_num(w, "xMin"), attr_num(w, "yMin"),
		    attr_num(w, "xMax"), attr_num(w, "yMax"), arg);
		n++;
	}
	free(html);
	return n;
}

/* ---- a realistic practice ------------------------------------------------ */

static const char *TITLE_CA = "Xarxa de municipis LGBTI: col·laboració i gènere";

static const struct pdf_field FIELDS_CA[] = {
	{ "Ciutat", "Barcelona" },
	{ "País", "Espanya" },
	{ "Xarxa", "Xarxa de Municipis LGBTI de Catalunya" },
	{ "Període", "2016 – 2023" },
	{ "Temes", "Igualtat de gènere · Drets LGBTI · Cooperació descentralitzada" },
	{ "Ciutats sòcies", "Sabadell, Terrassa, Girona, Lleida, Tarragona, Reus, "
	    "Manresa, Vic, Olot i Figueres" },
	{ "Buit", "" },
	{ "Nul", NULL },
};

static char *
body_ca(int phases)
{
	struct buf	 b = { 0 };
	int		 i;

	buf_puts(&b,
	    "## Context\n\n"
	    "La **Xarxa de Municipis LGBTI** neix el 2016 per impulsar la "
	    "*col·laboració* entre ajuntaments en polítiques d’igualtat. "
	    "Participen municipis de França i d’Itàlia — com Lió o Bolonya — "
	    "i s’inspira en la “Rainbow Cities Network”. Vegeu la "
	    "[fitxa de la xarxa](https://www.example.cat/xarxa?id=7&lang=ca).\n\n"
	    "## Com funciona\n\n"
	    "- Un pla de treball anual aprovat pel plenari\n"
	    "- Grups de treball temàtics:\n"
	    "  - salut i benestar\n"
	    "  - educació i cœur de la comunitat\n"
	    "- Intercanvi de bones pràctiques entre tècnics\n\n"
	    "1. Diagnosi compartida\n"
	    "2. Pla d’acció local\n"
	    "3. Avaluació conjunta amb la ciutadania de Logroño\n\n"
	    "> La cooperació entre municipis petits i grans és la clau: "
	    "cap ajuntament no ho pot fer sol.\n\n"
	    "Codi de l’indicador: `IND-LGBTI-04`.\n\n"
	    "---\n\n");
	for (i = 1; i <= phases; i++) {
		buf_printf(&b, "### Fase %d: aprenentatge mutu\n\n", i);
		buf_puts(&b,
		    "Els equips municipals comparteixen metodologies, "
		    "materials de formació i protocols d’atenció. La "
		    "intel·ligència col·lectiva de la xarxa permet començar "
		    "projectes nous amb menys recursos i més legitimitat; "
		    "l’avaluació es fa de manera participativa, amb "
		    "entitats, serveis socials i centres educatius del "
		    "territori. Les conclusions es publiquen en català, "
		    "castellà i anglès perquè altres xarxes europees en "
		    "puguin treure profit.\n\n"
		    "Cada any es revisen els indicadors i es proposen "
		    "millores al plenari, que decideix per consens.\n\n");
	}
	assert_false(b.oom);
	return buf_take(&b);
}

static void
practice_ca(struct pdf_practice *p, const char *body)
{
	memset(p, 0, sizeof(*p));
	p->lang = "ca";
	p->title = TITLE_CA;
	p->fields = FIELDS_CA;
	p->fieldsz = sizeof(FIELDS_CA) / sizeof(FIELDS_CA[0]);
	p->summary = "Una xarxa de 60 ajuntaments catalans que comparteixen "
	    "polítiques contra la discriminació per orientació sexual i "
	    "identitat de gènere.";
	p->body = body;
	p->source_label = "Font";
	p->source_url = "https://www.example.cat/practiques/xarxa-lgbti";
	p->footer = "intercity · https://intercity.example/ca/practices/"
	    "xarxa-municipis-lgbti";
}

static void
catalan(void **state)
{
	struct pdf_practice	 p;
	struct got		 g = { 0 };
	struct buf		 b = { 0 };
	char			*body = body_ca(9), *msg = NULL;
	const char		*sample = getenv("PDF_SAMPLE");
	char			 want[32];

	(void)state;
	practice_ca(&p, body);
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_OK);
	if (sample != NULL && *sample != '\0')
		write_pdf(sample, &b);
	got_read(&g, &b);
	buf_free(&b);

	assert_int_equal(g.pages, 3);
	assert_info(&g, "Title", TITLE_CA);
	assert_info(&g, "Creator", "intercity");
	/* Accents, the middle dot and the metadata as label and value. */
	assert_has(g.flat, TITLE_CA);
	assert_has(g.flat, "Barcelona");
	assert_has(g.flat, "Ciutats sòcies");
	assert_has(g.flat, "Igualtat de gènere · Drets LGBTI");
	assert_hasnt(g.flat, "Buit");
	assert_hasnt(g.flat, "Nul");
	assert_has(g.flat, "comparteixen polítiques contra la discriminació");
	/* Headings, lists (nested, ordered), quote, code, smart typography. */
	assert_has(g.flat, "Com funciona");
	assert_has(g.flat, "Grups de treball temàtics:");
	assert_has(g.flat, "educació i cœur de la comunitat");
	assert_has(g.flat, "Avaluació conjunta amb la ciutadania de Logroño");
	assert_has(g.flat, "2.");
	assert_has(g.flat, "Pla d’acció local");
	assert_has(g.flat, "cap ajuntament no ho pot fer sol");
	assert_has(g.flat, "IND-LGBTI-04");
	assert_has(g.flat, "França i d’Itàlia — com Lió");
	assert_has(g.flat, "“Rainbow Cities Network”");
	assert_has(g.flat, "intel·ligència col·lectiva");
	assert_has(g.flat, "Fase 9: aprenentatge mutu");
	/* The link's text, not its address; the source with its address. */
	assert_has(g.flat, "fitxa de la xarxa");
	assert_hasnt(g.flat, "id=7");
	assert_has(g.flat, "Font: https://www.example.cat/practiques/xarxa-lgbti");
	/* Footer and page numbers on every page. */
	for (int i = 1; i <= g.pages; i++) {
		/* pdftotext reads "1 / 3" as "1/3": spacing is its guess. */
		snprintf(want, sizeof(want), " %d/%d ", i, g.pages);
		assert_has(g.flat, want);
	}
	assert_has(g.flat, "intercity · https://intercity.example/ca/practices/");
	got_free(&g);
	free(body);
	(void)msg;
}

/* ---- links --------------------------------------------------------------- */

static void
links(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct buf		 b = { 0 };
	struct got		 g = { 0 };
	char			*msg = NULL;

	(void)state;
	p.title = "Links";
	p.body = "[web](https://example.org/a?b=1&c=2) "
	    "[paren](<https://example.org/x)y'z\\w>) "
	    "[script](javascript:alert(1)) "
	    "[relative](/ca/practices/x) "
	    "<mailto:info@example.org>";
	p.source_url = "ftp://example.org/file";
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_OK);
	/* Annotations are not compressed: the URIs can be read in the file. */
	assert_non_null(memmem(b.p, b.len, "/URI (https://example.org/a?b=1&c=2)",
	    strlen("/URI (https://example.org/a?b=1&c=2)")));
	/* Parenthesis, quote and backslash escaped, not ending the string. */
	assert_non_null(memmem(b.p, b.len,
	    "/URI (https://example.org/x%29y%27z%5Cw)",
	    strlen("/URI (https://example.org/x%29y%27z%5Cw)")));
	assert_non_null(memmem(b.p, b.len, "/URI (mailto:info@example.org)",
	    strlen("/URI (mailto:info@example.org)")));
	assert_null(memmem(b.p, b.len, "javascript", strlen("javascript")));
	assert_null(memmem(b.p, b.len, "/ca/practices/x", strlen("/ca/practices/x")));
	assert_null(memmem(b.p, b.len, "/URI (ftp:", strlen("/URI (ftp:")));
	got_read(&g, &b);
	/* Every link's text is there, clickable or not. */
	assert_has(g.flat, "web paren script relative mailto:info@example.org");
	assert_has(g.flat, "ftp://example.org/file");
	got_free(&g);
	buf_free(&b);
}

/* ---- hostile input ------------------------------------------------------- */

static void
literal_text(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct pdf_field	 f[] = { { "<i>label</i>", "a & b <br/>" } };
	struct got		 g = { 0 };

	(void)state;
	p.title = "<b>x</b> & \"q\"";
	p.fields = f;
	p.fieldsz = 1;
	p.summary = "<span foreground=\"red\">s</span> &amp;";
	p.footer = "<u>foot</u>";
	p.body = "Before\n\n<script>alert(1)</script>\n\n"
	    "An <b>inline</b> tag and <img src=x onerror=alert(2)> here.\n\n"
	    "Text &amp; entity &lt;ok&gt;.\n";
	render(&p, &g);
	/* Title, metadata and plain fields come out exactly as given. */
	assert_info(&g, "Title", "<b>x</b> & \"q\"");
	assert_has(g.flat, "<b>x</b> & \"q\"");
	assert_has(g.flat, "<i>label</i>");
	assert_has(g.flat, "a & b <br/>");
	assert_has(g.flat, "<span foreground=\"red\">s</span> &amp;");
	assert_has(g.flat, "<u>foot</u>");
	/*
	 * Raw HTML in Markdown is dropped, as cmark's safe mode drops it from
	 * HTML: the script block with its content, and inline tags (the text
	 * between them stays). Entities are decoded like any Markdown text.
	 */
	assert_has(g.flat, "Before");
	assert_hasnt(g.flat, "script");
	assert_hasnt(g.flat, "alert");
	assert_has(g.flat, "An inline tag and here.");
	assert_has(g.flat, "Text & entity <ok>.");
	got_free(&g);
}

/* Parentheses and backslashes in the title: PDF string syntax in Info. */
static void
metadata_escaping(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct got		 g = { 0 };

	(void)state;
	p.title = "Plan (2020) \\ \"draft\" ) (";
	p.body = "# Heading (with) \\ parens\n\ntext";
	render(&p, &g);
	assert_info(&g, "Title", "Plan (2020) \\ \"draft\" ) (");
	assert_has(g.flat, "Heading (with) \\ parens");
	got_free(&g);
}

static void
empties(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct pdf_field	 f[] = { { NULL, "value without label" },
				    { "", "" }, { NULL, NULL } };
	struct got		 g = { 0 };

	(void)state;
	/* Only a title, and an empty one. */
	p.title = "";
	render(&p, &g);
	assert_int_equal(g.pages, 1);
	assert_has(g.flat, "1/1");
	assert_null(info(&g, "Title"));
	got_free(&g);

	/* Every optional string empty. */
	p.title = "T";
	p.lang = "";
	p.fields = f;
	p.fieldsz = 3;
	p.summary = p.body = p.source_label = p.footer = "";
	p.source_url = "";
	render(&p, &g);
	assert_int_equal(g.pages, 1);
	assert_has(g.flat, "value without label");
	got_free(&g);

	/* A URL without its label; Markdown that makes no blocks. */
	p.source_url = "https://example.org/";
	p.body = "<div>\nonly html\n</div>\n\n[ref]: https://example.org\n";
	render(&p, &g);
	assert_has(g.flat, "https://example.org/");
	assert_hasnt(g.flat, "only html");
	got_free(&g);

	/* Lists with empty items, nested lists first in an item, deep quotes. */
	p.body = "- \n- - - x\n-\n\n1) \n2) y\n\n"
	    ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> deep\n\n"
	    "* * *\n\n```\n\n```\n\n#\n";
	render(&p, &g);
	assert_has(g.flat, "deep");
	assert_has(g.flat, "y");
	got_free(&g);
}

struct bounds {
	double	 right;		/* largest xMax */
	double	 body_bottom;	/* largest yMax above the footer rule */
	size_t	 qs;		/* 'q' letters seen */
	size_t	 marks;		/* words "MARK" seen */
};

static void
bounds_word(const char *w, double x0, double y0, double x1, double y1,
    void *arg)
{
	struct bounds	*bd = arg;
	const char	*s;

	(void)x0;
	if (x1 > bd->right)
		bd->right = x1;
	if (y0 < 841.89 - 52 && y1 > bd->body_bottom)
		bd->body_bottom = y1;
	for (s = w; *s != '\0'; s++)
		if (*s == 'q')
			bd->qs++;
	if (strncmp(w, "MARK", 4) == 0)
		bd->marks++;
}

/* A 10,000-letter word wraps inside the margins and loses no letter. */
static void
long_word(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct bounds		 bd = { 0 };
	struct got		 g = { 0 };
	char			*w = malloc(10001);

	(void)state;
	assert_non_null(w);
	memset(w, 'q', 10000);
	w[10000] = '\0';
	p.title = w;	/* in the title too (and the running head) */
	p.body = w;
	render(&p, &g);
	assert_true(g.pages >= 2);
	words(&g, bounds_word, &bd);
	/* The right margin is at 595.28 - 62; glyph boxes may overhang. */
	assert_true(bd.right <= 595.28 - 60);
	assert_true(bd.body_bottom <= 841.89 - 68);
	/* Title, body, and the running head's ellipsized start per page. */
	assert_true(bd.qs >= 20000);
	got_free(&g);
	free(w);
}

/* A 200 KB body: many pages, every line once, none over the footer. */
static void
long_body(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct bounds		 bd = { 0 };
	struct got		 g = { 0 };
	struct buf		 md = { 0 };
	int			 i;

	(void)state;
	for (i = 0; md.len < 200 * 1024; i++) {
		if (i % 40 == 0)
			buf_printf(&md, "## Section %d\n\n", i / 40);
		buf_printf(&md, "MARK%d %s\n\n", i, "Una frase prou llarga per "
		    "ocupar gairebé una línia sencera, amb accents: à é í ò ú, "
		    "i la ela geminada de col·laboració, repetida per omplir.");
	}
	p.title = "Long";
	p.body = md.p;
	p.footer = "footer";
	render(&p, &g);
	assert_true(g.pages > 20);
	words(&g, bounds_word, &bd);
	assert_int_equal(bd.marks, (size_t)i);
	assert_true(bd.body_bottom <= 841.89 - 68);
	/* One paragraph of the whole body: lines split across pages too. */
	buf_reset(&md);
	while (md.len < 100 * 1024)
		buf_puts(&md, "MARK word word col·laboració word word word ");
	p.body = md.p;
	got_free(&g);
	render(&p, &g);
	memset(&bd, 0, sizeof(bd));
	words(&g, bounds_word, &bd);
	assert_int_equal(bd.marks, 100 * 1024 / strlen(
	    "MARK word word col·laboració word word word ") + 1);
	assert_true(bd.body_bottom <= 841.89 - 68);
	got_free(&g);
	buf_free(&md);
}

/* Markdown built to be slow or huge stays quick, or is refused. */
static void
hostile_markdown(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct pdf_field	 f = { "a", "b" };
	struct buf		 md = { 0 }, b = { 0 };
	char			*msg = NULL;
	const char		*s;
	size_t			 i, n;

	(void)state;
	p.title = "T";
	/* One list item per two bytes, nested 30,000 deep. */
	for (i = 0; i < 30000; i++)
		buf_puts(&md, "- ");
	buf_puts(&md, "x");
	p.body = md.p;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_non_null(strstr(msg, "\"body\": more than"));
	free(msg);
	assert_int_equal(b.len, 0);
	/* 200 KB of delimiters, brackets: one "word" each, broken in time. */
	buf_reset(&md);
	for (i = 0; i < 100000; i++)
		buf_puts(&md, "**");
	p.body = md.p;
	assert_int_equal(pdf_practice(&p, &b, NULL), ERR_OK);
	check_pdf(&b);
	buf_free(&b);
	buf_reset(&md);
	for (i = 0; i < 200000; i++)
		buf_puts(&md, "[");
	assert_int_equal(pdf_practice(&p, &b, NULL), ERR_OK);
	check_pdf(&b);
	buf_free(&b);
	/* 3,000 links: the first 2,000 are clickable, the rest text. */
	buf_reset(&md);
	for (i = 0; i < 3000; i++)
		buf_printf(&md, "[l%zu](https://example.org/%zu) ", i, i);
	p.body = md.p;
	assert_int_equal(pdf_practice(&p, &b, NULL), ERR_OK);
	for (n = 0, s = b.p; (s = memmem(s, b.len - (size_t)(s - b.p),
	    "/URI (", 6)) != NULL; s += 6)
		n++;
	assert_int_equal(n, 2000);
	buf_free(&b);
	/* Too many metadata lines. */
	p.body = NULL;
	p.fields = &f;
	p.fieldsz = PDF_FIELDS_MAX + 1;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_string_equal(msg, "field \"fields\": more than 1000 lines");
	free(msg);
	buf_free(&md);
}

static void
invalid(void **state)
{
	static const char	*bad = "ok \xc3\x28 bad";
	struct pdf_field	 f[] = { { "Ciutat", "Girona" },
				    { "Pa\xeds", "Espanya" } };
	struct pdf_practice	 p = { 0 };
	struct buf		 b = { 0 };
	char			*msg = NULL, *big;
	const char		**slot[] = { &p.title, &p.summary, &p.body,
				    &p.source_label, &p.source_url, &p.footer };
	const char		*names[] = { "title", "summary", "body",
				    "source_label", "source_url", "footer" };
	size_t			 i;

	(void)state;
	buf_puts(&b, "kept");
	for (i = 0; i < sizeof(slot) / sizeof(slot[0]); i++) {
		memset(&p, 0, sizeof(p));
		p.title = "T";
		*slot[i] = bad;
		assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
		assert_non_null(msg);
		assert_non_null(strstr(msg, names[i]));
		assert_non_null(strstr(msg, "UTF-8"));
		free(msg);
		assert_string_equal(b.p, "kept");
	}
	memset(&p, 0, sizeof(p));
	p.title = "T";
	p.fields = f;
	p.fieldsz = 2;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_string_equal(msg, "field \"fields[1].label\": not valid UTF-8");
	free(msg);
	p.fieldsz = 0;
	p.lang = "ca\"; x";
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_string_equal(msg, "field \"lang\": not a language tag");
	free(msg);
	p.lang = NULL;
	p.title = NULL;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_string_equal(msg, "field \"title\": missing");
	free(msg);
	/* Over the limit: refused before any work. */
	big = malloc(PDF_BODY_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', PDF_BODY_MAX + 1);
	big[PDF_BODY_MAX + 1] = '\0';
	p.title = "T";
	p.body = big;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_INVALID);
	assert_non_null(strstr(msg, "\"body\": longer than"));
	free(msg);
	free(big);
	/* msg may be NULL. */
	p.body = bad;
	assert_int_equal(pdf_practice(&p, &b, NULL), ERR_INVALID);
	assert_string_equal(b.p, "kept");
	buf_free(&b);
}

/* Appends after what the buffer holds; an exhausted buffer is ERR_NOMEM. */
static void
appends_and_nomem(void **state)
{
	struct pdf_practice	 p = { 0 };
	struct buf		 b = { 0 };
	char			*msg = NULL;

	(void)state;
	p.title = "T";
	buf_puts(&b, "head");
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_OK);
	assert_memory_equal(b.p, "head%PDF-", 9);
	buf_free(&b);
	b.oom = 1;
	assert_int_equal(pdf_practice(&p, &b, &msg), ERR_NOMEM);
	assert_true(b.oom);
	assert_null(b.p);
	free(msg);
}

/* ---- threads ------------------------------------------------------------- */

struct job {
	pthread_t	 t;
	int		 n;
	int		 ok;
};

static void *
job_run(void *arg)
{
	struct job		*j = arg;
	struct pdf_practice	 p;
	struct buf		 b = { 0 };
	char			*body = body_ca(2 + j->n);
	int			 i;

	practice_ca(&p, body);
	j->ok = 1;
	for (i = 0; i < 3; i++) {
		if (pdf_practice(&p, &b, NULL) != ERR_OK ||
		    b.len < 1000 || memcmp(b.p, "%PDF-", 5) != 0 ||
		    strstr(b.p + b.len - 8, "%%EOF") == NULL)
			j->ok = 0;
		buf_free(&b);
	}
	free(body);
	/* No pdf_thread_done(): pango frees a thread's font map at exit. */
	return NULL;
}

static void
threads(void **state)
{
	struct job	 jobs[4];
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		jobs[i].n = (int)i;
		jobs[i].ok = 0;
		assert_int_equal(pthread_create(&jobs[i].t, NULL, job_run,
		    &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(jobs[i].t, NULL), 0);
		assert_true(jobs[i].ok);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalan),
		cmocka_unit_test(links),
		cmocka_unit_test(literal_text),
		cmocka_unit_test(metadata_escaping),
		cmocka_unit_test(empties),
		cmocka_unit_test(long_word),
		cmocka_unit_test(long_body),
		cmocka_unit_test(hostile_markdown),
		cmocka_unit_test(invalid),
		cmocka_unit_test(appends_and_nomem),
		cmocka_unit_test(threads),
	};
	int	 rc;

	/* PDF_TEST=long_body runs just that test. */
	if (getenv("PDF_TEST") != NULL)
		cmocka_set_test_filter(getenv("PDF_TEST"));
	void	(*fc_fini)(void);

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* What the libraries keep for the process, freed so that LeakSanitizer
	 * sees only real leaks: this thread's pango font map (the test threads
	 * freed theirs on exit), cairo's font caches, and fontconfig's
	 * configuration. fontconfig comes in with pango and is not linked
	 * directly, hence dlsym. */
	pdf_thread_done();
	cairo_debug_reset_static_data();
	*(void **)&fc_fini = dlsym(RTLD_DEFAULT, "FcFini");
	if (fc_fini != NULL)
		fc_fini();
	return rc;
}
