/* ui_layout.c - what every page shares: head, header with navigation and
 * the language switcher, footer, error pages.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "api.h"
#include "html.h"
#include "i18n.h"
#include "ui.h"

int
ui_open(struct ui *u, struct http_req *req, struct http_resp *res)
{
	enum text_lang	 l;
	const char	*code = req->paramsz ? req->params[0] : "";

	memset(u, 0, sizeof(*u));
	u->req = req;
	u->res = res;
	u->b = &res->body;
	u->app = req->app;
	u->site = u->app->site;
	l = text_lang(code);
	if (l == TEXT_NOLANG || strlen(code) != 2) {
		ui_not_found(req, res);
		return -1;
	}
	u->lang = l;
	u->code = text_lang_code(l);
	u->rest = req->path + 3;
	res->type = "text/html; charset=utf-8";
	res->language = u->code;
	res->modified = u->site->loaded;
	return 0;
}

void
ui_href(struct ui *u, const char *path)
{
	buf_putc(u->b, '/');
	buf_puts(u->b, u->code);
	html_str(u->b, path);
}

void
ui_subst(struct buf *b, const char *fmt, const char *value)
{
	const char	*p = strstr(fmt, "%s");

	if (p == NULL) {
		html_str(b, fmt);
		return;
	}
	html_text(b, fmt, (size_t)(p - fmt));
	html_str(b, value);
	html_str(b, p + 2);
}

void
ui_subst2(struct buf *b, const char *fmt, const char *v1, const char *v2)
{
	const char	*p = strstr(fmt, "%s");

	if (p == NULL) {
		html_str(b, fmt);
		return;
	}
	html_text(b, fmt, (size_t)(p - fmt));
	html_str(b, v1);
	ui_subst(b, p + 2, v2);
}

void
ui_checkbox(struct ui *u, const char *prefix, const char *key,
    const char *value, const char *label, long count, int checked)
{
	struct buf	*b = u->b;
	char		 num[I18N_NUMBER_SIZE];

	html_lit(b, "<li");
	if (count == 0)
		html_lit(b, " class=\"none\"");
	html_lit(b, "><input type=\"checkbox\" id=\"");
	html_str(b, prefix);
	html_str(b, key);
	html_lit(b, "-");
	html_str(b, value);
	html_lit(b, "\" name=\"");
	html_str(b, key);
	html_lit(b, "\" value=\"");
	html_str(b, value);
	html_lit(b, "\"");
	if (checked)
		html_lit(b, " checked");
	html_lit(b, "><label for=\"");
	html_str(b, prefix);
	html_str(b, key);
	html_lit(b, "-");
	html_str(b, value);
	html_lit(b, "\">");
	html_str(b, label);
	html_lit(b, " <span class=\"count\">");
	i18n_number(u->lang, count, num);
	html_str(b, num);
	html_lit(b, "</span></label></li>\n");
}

static int
by_frequency(const void *a, const void *b)
{
	const struct ui_count	*x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->value, y->value);
}

struct ui_count *
ui_counts_sorted(struct ui *u, json_t *counts, size_t *n)
{
	struct ui_count	*r;
	const char	*k;
	json_t		*v;

	*n = 0;
	if (json_object_size(counts) == 0 || (r = arena_alloc(u->req->mem,
	    json_object_size(counts) * sizeof(*r))) == NULL)
		return NULL;
	json_object_foreach(counts, k, v) {
		r[*n].value = k;
		r[(*n)++].n = (long)json_integer_value(v);
	}
	qsort(r, *n, sizeof(*r), by_frequency);
	return r;
}

void
ui_facet_fieldset(struct ui *u, const char *prefix, const char *key,
    const char *legend, json_t *counts, const char *const *selected,
    size_t selsz, size_t max,
    const char *(*label)(struct ui *, int, const char *), int facet)
{
	struct ui_count	*c;
	size_t		 i, j, n;
	int		 sel;

	for (i = 0; i < selsz; i++)
		if (json_object_get(counts, selected[i]) == NULL)
			json_object_set_new(counts, selected[i],
			    json_integer(0));
	if ((c = ui_counts_sorted(u, counts, &n)) == NULL)
		return;
	html_lit(u->b, "<fieldset class=\"facet\"><legend>");
	html_str(u->b, legend);
	html_lit(u->b, "</legend>\n<ul>\n");
	for (j = 0; j < n; j++) {
		for (sel = 0, i = 0; i < selsz; i++)
			sel |= strcmp(selected[i], c[j].value) == 0;
		/* The long tail is cut, but a ticked value always shows. */
		if (j >= max && !sel)
			continue;
		ui_checkbox(u, prefix, key, c[j].value, label(u, facet,
		    c[j].value), c[j].n, sel);
	}
	html_lit(u->b, "</ul></fieldset>\n");
}

void
ui_csv_field(struct buf *b, const char *s)
{
	const char	*p;
	int		 formula;

	if (s == NULL)
		s = "";
	/* A spreadsheet runs a cell that starts like a formula ("=HYPERLINK(
	 * ...)", "@SUM(...)", "+1-2", or after a tab or CR): an apostrophe
	 * before it makes it text there. Numbers are never written through
	 * here, so "-12.5" as a coordinate stays a number. */
	formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void
ui_lang_attr(struct ui *u, enum text_lang got)
{
	if (got != u->lang && got != TEXT_NOLANG) {
		html_lit(u->b, " lang=\"");
		html_str(u->b, text_lang_code(got));
		html_lit(u->b, "\"");
	}
}

void
ui_lang_note(struct ui *u, enum text_lang got)
{
	if (got == u->lang)
		return;
	html_lit(u->b, "<p class=\"note\">");
	if (got == TEXT_NOLANG)
		html_str(u->b, T(u->lang, "This text is not available in this "
		    "language yet; it is shown in the language it was "
		    "written in."));
	else
		ui_subst(u->b, T(u->lang, "This text is not available in this "
		    "language yet; it is shown in %s."), i18n_name(got));
	html_lit(u->b, "</p>\n");
}

/* The page's path after the language, percent-encoded segment by segment
 * (it is the decoded path, which may hold anything). */
static void
rest_path(struct ui *u)
{
	const char	*p = u->rest, *e;
	char		*seg;

	while (*p == '/') {
		buf_putc(u->b, '/');
		p++;
		e = p + strcspn(p, "/");
		if ((seg = arena_strndup(u->req->mem, p, (size_t)(e - p)))
		    == NULL) {
			u->b->oom = 1;
			return;
		}
		html_path(u->b, seg);
		p = e;
	}
}

static const struct {
	const char	*path;	/* after "/ca" */
	const char	*label;
} nav[] = {
	{ "/practices", N_("Good practices") },
	{ "/topics", N_("Topics") },
	{ "/collections", N_("Collections") },
	{ "/networks", N_("Networks") },
	{ "/cooperation", N_("Cooperation") },
};

static void
alternates(struct ui *u)
{
	size_t	 l;

	for (l = 0; l <= TEXT_LANG__MAX; l++) {
		html_lit(u->b, "<link rel=\"alternate\" hreflang=\"");
		html_str(u->b, l < TEXT_LANG__MAX ?
		    text_lang_code((enum text_lang)l) : "x-default");
		html_lit(u->b, "\" href=\"");
		html_str(u->b, u->app->base);
		html_lit(u->b, "/");
		html_str(u->b, text_lang_code(l < TEXT_LANG__MAX ?
		    (enum text_lang)l : TEXT_EN));
		rest_path(u);
		if (u->query && *u->query) {
			html_lit(u->b, "?");
			html_str(u->b, u->query);
		}
		html_lit(u->b, "\">\n");
	}
}

static void
switcher(struct ui *u)
{
	size_t	 l;

	html_lit(u->b, "<nav class=\"langs\" aria-label=\"");
	html_str(u->b, T(u->lang, "Language"));
	html_lit(u->b, "\"><ul>");
	for (l = 0; l < TEXT_LANG__MAX; l++) {
		const char *code = text_lang_code((enum text_lang)l);

		html_lit(u->b, "<li>");
		if ((enum text_lang)l == u->lang) {
			html_lit(u->b, "<a aria-current=\"true\" lang=\"");
		} else
			html_lit(u->b, "<a lang=\"");
		html_str(u->b, code);
		html_lit(u->b, "\" hreflang=\"");
		html_str(u->b, code);
		html_lit(u->b, "\" href=\"/");
		html_str(u->b, code);
		rest_path(u);
		if (u->query && *u->query) {
			html_lit(u->b, "?");
			html_str(u->b, u->query);
		}
		html_lit(u->b, "\">");
		html_str(u->b, i18n_name((enum text_lang)l));
		html_lit(u->b, "</a></li>");
	}
	html_lit(u->b, "</ul></nav>\n");
}

void
ui_begin(struct ui *u, const char *title, const char *description)
{
	struct buf	*b = u->b;
	size_t		 i;

	html_lit(b, "<!DOCTYPE html>\n<html lang=\"");
	html_str(b, u->code);
	html_lit(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_str(b, title);
	html_lit(b, " · intercity</title>\n");
	if (description != NULL) {
		html_lit(b, "<meta name=\"description\" content=\"");
		html_str(b, description);
		html_lit(b, "\">\n");
	}
	html_lit(b, "<link rel=\"stylesheet\" href=\"");
	html_str(b, http_static_url("site.css"));
	html_lit(b, "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	html_str(b, http_static_url("favicon.svg"));
	html_lit(b, "\">\n");
	/* The page's own feed first: readers offer the first one. */
	if (u->feed != NULL) {
		html_lit(b, "<link rel=\"alternate\" type=\"application/atom+xml\" "
		    "title=\"");
		html_str(b, u->feed_title);
		html_lit(b, "\" href=\"");
		ui_href(u, u->feed);
		html_lit(b, "\">\n");
	}
	html_lit(b, "<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "title=\"");
	html_str(b, T(u->lang, "New good practices"));
	html_lit(b, "\" href=\"");
	ui_href(u, "/practices.atom");
	html_lit(b, "\">\n");
	alternates(u);
	html_lit(b, "<script src=\"");
	html_str(b, http_static_url("site.js"));
	html_lit(b, "\" defer></script>\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">");
	html_str(b, T(u->lang, "Skip to content"));
	html_lit(b, "</a>\n<header class=\"site\">\n<div class=\"wrap\">\n"
	    "<a class=\"brand\" href=\"");
	ui_href(u, "/");
	html_lit(b, "\"><img src=\"");
	html_str(b, http_static_url("favicon.svg"));
	html_lit(b, "\" alt=\"\" width=\"28\" height=\"28\"> intercity</a>\n"
	    "<nav class=\"main\" aria-label=\"");
	html_str(b, T(u->lang, "Main"));
	html_lit(b, "\"><ul>");
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		size_t n = strlen(nav[i].path);

		html_lit(b, "<li><a href=\"");
		ui_href(u, nav[i].path);
		html_lit(b, "\"");
		if (strncmp(u->rest, nav[i].path, n) == 0 &&
		    (u->rest[n] == '\0' || u->rest[n] == '/'))
			html_lit(b, " aria-current=\"page\"");
		html_lit(b, ">");
		html_str(b, T(u->lang, nav[i].label));
		html_lit(b, "</a></li>");
	}
	html_lit(b, "</ul></nav>\n");
	switcher(u);
	html_lit(b, "</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n"
	    "<div class=\"wrap\">\n");
}

void
ui_end(struct ui *u)
{
	struct buf	*b = u->b;

	html_lit(b, "</div>\n</main>\n<footer class=\"site\">\n"
	    "<div class=\"wrap\">\n<p>");
	html_str(b, T(u->lang, "intercity: good practices, networks and "
	    "cooperation between cities, in five languages."));
	html_lit(b, "</p>\n<ul class=\"open\"><li><a href=\"");
	ui_href(u, "/practices.atom");
	html_lit(b, "\">");
	html_str(b, T(u->lang, "Atom feed"));
	html_lit(b, "</a></li><li><a href=\"/api/v1/openapi.json\">");
	html_str(b, T(u->lang, "JSON API"));
	html_lit(b, "</a></li><li><a href=\"");
	ui_href(u, "/practices.csv");
	html_lit(b, "\">");
	html_str(b, T(u->lang, "All practices as CSV"));
	html_lit(b, "</a></li><li><a href=\"/sitemap.xml\">");
	html_str(b, T(u->lang, "Site map"));
	html_lit(b, "</a></li></ul>\n<p class=\"credits\">");
	html_str(b, T(u->lang, "Country names: i18n-iso-countries (MIT). "
	    "Content: the sources cited on each page."));
	html_lit(b, "</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

void
ui_error(struct ui *u, unsigned status, const char *msg)
{
	const char	*title;

	buf_reset(u->b);
	u->res->status = status;
	u->res->type = "text/html; charset=utf-8";
	u->res->modified = 0;
	title = status == 404 ? T(u->lang, "Page not found") :
	    status == 414 ? T(u->lang, "Address too long") :
	    T(u->lang, "Bad request");
	ui_begin(u, title, NULL);
	html_lit(u->b, "<h1>");
	html_str(u->b, title);
	html_lit(u->b, "</h1>\n");
	if (msg != NULL) {
		html_lit(u->b, "<p class=\"error\" role=\"alert\">");
		html_str(u->b, msg);
		html_lit(u->b, "</p>\n");
	}
	html_lit(u->b, "<p>");
	html_str(u->b, status == 404 ? T(u->lang, "There is no page at this "
	    "address. It may have moved, or the link may be mistyped.") :
	    T(u->lang, "The address asks for something this site cannot "
	    "answer. Check the values in it, or start again from the "
	    "catalogue."));
	html_lit(u->b, "</p>\n<p><a href=\"");
	ui_href(u, "/practices");
	html_lit(u->b, "\">");
	html_str(u->b, T(u->lang, "Search the good practices"));
	html_lit(u->b, "</a></p>\n");
	ui_end(u);
}

void
ui_form_error(struct ui *u, const struct form_error *e)
{
	struct buf	 m = { 0 };

	/* "page: "-1" is not a page number from 1 to 1000" */
	buf_puts(&m, e->param);
	buf_puts(&m, ": ");
	{
		const char *fmt = T(u->lang, e->fmt);
		const char *p = strstr(fmt, "%s");

		if (p == NULL)
			buf_puts(&m, fmt);
		else {
			buf_put(&m, fmt, (size_t)(p - fmt));
			buf_puts(&m, e->value);
			buf_puts(&m, p + 2);
		}
	}
	ui_error(u, 400, m.p);
	buf_free(&m);
}

/* Pages outside a language: pick one from the request. */
static void
open_any(struct ui *u, struct http_req *req, struct http_resp *res)
{
	enum text_lang	 l = TEXT_NOLANG;

	memset(u, 0, sizeof(*u));
	u->req = req;
	u->res = res;
	u->b = &res->body;
	u->app = req->app;
	u->site = u->app->site;
	if (strlen(req->path) >= 3 && req->path[0] == '/' &&
	    (req->path[3] == '/' || req->path[3] == '\0')) {
		char code[3] = { req->path[1], req->path[2], '\0' };

		l = text_lang(code);
	}
	if (l == TEXT_NOLANG) {
		l = i18n_negotiate(req->accept_language);
		u->rest = "/";
	} else
		u->rest = req->path + 3;
	u->lang = l;
	u->code = text_lang_code(l);
	res->language = u->code;
}

void
ui_not_found(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;

	if (api_path(req->path)) {
		api_not_found(req, res);
		return;
	}
	open_any(&u, req, res);
	ui_error(&u, 404, NULL);
}

void
ui_refused(struct http_req *req, struct http_resp *res, unsigned status,
    const char *msg)
{
	struct ui	 u;

	/* The API's clients read JSON, also before routing. */
	if (api_path(req->path)) {
		api_refused(req, res, status, msg);
		return;
	}
	open_any(&u, req, res);
	ui_error(&u, status, msg);
}
