/* ui_practice.c - one good practice: the page with its tools (back to the
 * list, text size, print, PDF), its languages, related practices and
 * schema.org metadata.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "pdf.h"
#include "ui.h"

#define RELATED_MAX	5

/* The parts a practice may have beyond its body, in reading order. */
static const struct {
	const char	*field;
	const char	*heading;
} sections[] = {
	{ "context", N_("Context") },
	{ "actions", N_("What was done") },
	{ "results", N_("Results and evidence") },
	{ "cost", N_("Cost and resources") },
	{ "partners", N_("Partners") },
	{ "transfer", N_("How to transfer it") },
};

/* The catalogue's state the reader came with, kept for "Back". */
static void
back_query(struct ui *u, struct buf *out)
{
	struct form_search	 s;
	struct form_error	 fe;

	if (form_search(u->req, &s, &fe) == 0)
		form_query(out, &s, FACET__MAX, NULL, 1);
}

static void
fact_link(struct ui *u, const char *key, const char *value, const char *label)
{
	html_lit(u->b, "<a href=\"");
	ui_href(u, "/practices?");
	html_str(u->b, key);
	html_lit(u->b, "=");
	html_query(u->b, value);
	html_lit(u->b, "\">");
	html_str(u->b, label);
	html_lit(u->b, "</a>");
}

/* When it ran, where it stands, when its facts were checked. */
static void
dates(struct ui *u, json_t *rec)
{
	static const struct {
		const char	*field;
		const char	*label;
	} when[] = {
		{ "start", N_("Started") },
		{ "end", N_("Ended") },
		{ "verified", N_("Facts checked") },
	};
	static const struct {
		const char	*value;
		const char	*label;
	} states[] = {
		{ "planned", N_("Planned") },
		{ "ongoing", N_("Ongoing") },
		{ "completed", N_("Completed") },
	};
	const char	*v;
	char		 date[64];
	size_t		 i;

	for (i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		if ((v = json_string_value(json_object_get(rec,
		    when[i].field))) == NULL)
			continue;
		i18n_date(u->lang, v, date);
		html_lit(u->b, "<div><dt>");
		html_str(u->b, T(u->lang, when[i].label));
		html_lit(u->b, "</dt><dd><time datetime=\"");
		html_attr(u->b, v);
		html_lit(u->b, "\">");
		html_str(u->b, date);
		html_lit(u->b, "</time></dd></div>\n");
	}
	v = json_string_value(json_object_get(rec, "state"));
	for (i = 0; v != NULL && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(v, states[i].value) == 0) {
			html_lit(u->b, "<div><dt>");
			html_str(u->b, T(u->lang, "Status"));
			html_lit(u->b, "</dt><dd>");
			html_str(u->b, T(u->lang, states[i].label));
			html_lit(u->b, "</dd></div>\n");
		}
	if (json_is_true(json_object_get(rec, "seeking_partners"))) {
		html_lit(u->b, "<div><dt>");
		html_str(u->b, T(u->lang, "Partners"));
		html_lit(u->b, "</dt><dd>");
		html_str(u->b, T(u->lang, "Looking for partner cities"));
		html_lit(u->b, "</dd></div>\n");
	}
	if ((v = json_string_value(json_object_get(rec, "contact"))) != NULL) {
		html_lit(u->b, "<div><dt>");
		html_str(u->b, T(u->lang, "Contact"));
		html_lit(u->b, "</dt><dd>");
		html_str(u->b, v);
		html_lit(u->b, "</dd></div>\n");
	}
}

static void
facts(struct ui *u, json_t *rec)
{
	struct buf	*b = u->b;
	const char	*city = json_string_value(json_object_get(rec, "city"));
	const char	*country = json_string_value(json_object_get(rec,
			    "country"));
	const char	*key;
	json_t		*v, *list;
	size_t		 i;
	char		 year[16];

	html_lit(b, "<dl class=\"facts\">\n<div><dt>");
	html_str(b, T(u->lang, "City"));
	html_lit(b, "</dt><dd>");
	fact_link(u, "city", city, site_name(u->site, KIND_CITY, city,
	    u->lang));
	/* The name lists the city's practices; its profile is a link away. */
	if (city != NULL && site_get(u->site, KIND_CITY, city) != NULL) {
		html_lit(b, " · <a class=\"profile\" href=\"");
		ui_href(u, "/cities/");
		html_path(b, city);
		html_lit(b, "\">");
		html_str(b, T(u->lang, "the city's profile"));
		html_lit(b, "</a>");
	}
	html_lit(b, "</dd></div>\n");
	if (country != NULL) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u->lang, "Country"));
		html_lit(b, "</dt><dd>");
		fact_link(u, "country", country, site_name(u->site,
		    KIND_COUNTRY, country, u->lang));
		html_lit(b, "</dd></div>\n");
	}
	snprintf(year, sizeof(year), "%lld", (long long)json_integer_value(
	    json_object_get(rec, "year")));
	html_lit(b, "<div><dt>");
	html_str(b, T(u->lang, "Year"));
	html_lit(b, "</dt><dd>");
	fact_link(u, "year", year, year);
	html_lit(b, "</dd></div>\n");
	list = json_object_get(rec, "topics");
	if (json_array_size(list) > 0) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u->lang, "Topics"));
		html_lit(b, "</dt><dd><ul class=\"tags\">");
		json_array_foreach(list, i, v) {
			html_lit(b, "<li>");
			fact_link(u, "topic", json_string_value(v), site_name(
			    u->site, KIND_TOPIC, json_string_value(v), u->lang));
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul></dd></div>\n");
	}
	list = json_object_get(rec, "organisations");
	if (json_array_size(list) > 0) {
		html_lit(b, "<div><dt>");
		html_str(b, T(u->lang, "Networks"));
		html_lit(b, "</dt><dd><ul class=\"plain\">");
		json_array_foreach(list, i, v) {
			html_lit(b, "<li>");
			fact_link(u, "network", json_string_value(v), site_name(
			    u->site, KIND_ORG, json_string_value(v), u->lang));
			html_lit(b, "</li>");
		}
		html_lit(b, "</ul></dd></div>\n");
	}
	dates(u, rec);
	html_lit(b, "<div><dt>");
	html_str(b, T(u->lang, "Available in"));
	html_lit(b, "</dt><dd><ul class=\"plain langlist\">");
	json_object_foreach(json_object_get(rec, "title"), key, v) {
		enum text_lang l = text_lang(key);

		if (l == TEXT_NOLANG)
			continue;
		html_lit(b, "<li>");
		if (l == u->lang) {
			html_lit(b, "<strong lang=\"");
			html_str(b, key);
			html_lit(b, "\">");
			html_str(b, i18n_name(l));
			html_lit(b, "</strong>");
		} else {
			html_lit(b, "<a lang=\"");
			html_str(b, key);
			html_lit(b, "\" hreflang=\"");
			html_str(b, key);
			html_lit(b, "\" href=\"/");
			html_str(b, key);
			html_str(b, u->rest);
			html_lit(b, "\">");
			html_str(b, i18n_name(l));
			html_lit(b, "</a>");
		}
		html_lit(b, "</li>");
	}
	html_lit(b, "</ul></dd></div>\n</dl>\n");
}

static void
tools(struct ui *u, const char *slug, const char *back)
{
	struct buf	*b = u->b;

	html_lit(b, "<nav class=\"tools\" aria-label=\"");
	html_str(b, T(u->lang, "Page tools"));
	html_lit(b, "\"><ul>\n<li><a class=\"back\" href=\"");
	ui_href(u, "/practices");
	if (back != NULL && *back) {
		html_lit(b, "?");
		html_str(b, back);
	}
	html_lit(b, "\">← ");
	html_str(b, T(u->lang, "Back to the list"));
	html_lit(b, "</a></li>\n"
	    /* Without JavaScript these cannot work, so they stay hidden. */
	    "<li class=\"js\" hidden><button type=\"button\" "
	    "data-textsize=\"-1\">A−<span class=\"vh\"> ");
	/* The visible "A−" starts the accessible name (WCAG 2.5.3). */
	html_str(b, T(u->lang, "Smaller text"));
	html_lit(b, "</span></button><button type=\"button\" "
	    "data-textsize=\"1\">A+<span class=\"vh\"> ");
	html_str(b, T(u->lang, "Larger text"));
	html_lit(b, "</span></button></li>\n<li class=\"js\" hidden>"
	    "<button type=\"button\" data-print>");
	html_str(b, T(u->lang, "Print"));
	html_lit(b, "</button></li>\n<li><a href=\"");
	ui_href(u, "/practices/");
	html_path(b, slug);
	html_lit(b, ".pdf\" type=\"application/pdf\">");
	html_str(b, T(u->lang, "PDF"));
	html_lit(b, "</a></li>\n</ul></nav>\n");
}

static void
related(struct ui *u, json_t *rec)
{
	static const char *kind[] = { "practice" };
	struct idx_query	 q;
	struct idx_result	 r;
	const char		*topics[64], *slug;
	json_t			*v, *other;
	size_t			 i, n = 0, shown = 0;

	json_array_foreach(json_object_get(rec, "topics"), i, v)
		if (n < 64)
			topics[n++] = json_string_value(v);
	if (n == 0)
		return;
	memset(&q, 0, sizeof(q));
	q.values[FACET_TOPIC] = topics;
	q.valuesz[FACET_TOPIC] = n;
	q.values[FACET_KIND] = kind;
	q.valuesz[FACET_KIND] = 1;
	q.sort = IDX_SORT_NEWEST;
	q.limit = RELATED_MAX + 1;
	if (idx_search(u->site->idx, site_ctx(), &q, &r) != ERR_OK) {
		idx_result_free(&r);
		return;
	}
	slug = json_string_value(json_object_get(rec, "slug"));
	for (i = 0; i < r.hitsz && shown < RELATED_MAX; i++) {
		if (strcmp(r.hits[i].key + 9, slug) == 0 ||
		    (other = site_get(u->site, KIND_PRACTICE,
		    r.hits[i].key + 9)) == NULL)
			continue;
		if (shown++ == 0) {
			html_lit(u->b, "<aside class=\"related\" "
			    "aria-labelledby=\"related-h\"><h2 id=\"related-h\">");
			html_str(u->b, T(u->lang, "Related practices"));
			html_lit(u->b, "</h2>\n<ol class=\"hits\">\n");
		}
		ui_practice_item(u, other, NULL);
	}
	if (shown > 0)
		html_lit(u->b, "</ol>\n</aside>\n");
	idx_result_free(&r);
}

/* schema.org: an Article about a place, in the page's language. */
static void
jsonld(struct ui *u, json_t *rec, const char *title, const char *summary)
{
	json_t		*j, *about = json_array(), *v;
	const char	*slug = json_string_value(json_object_get(rec, "slug"));
	const char	*city = json_string_value(json_object_get(rec, "city"));
	size_t		 i;
	char		*url;

	url = arena_printf(u->req->mem, "%s/%s/practices/%s", u->app->base,
	    u->code, slug);
	json_array_foreach(json_object_get(rec, "topics"), i, v)
		json_array_append_new(about, json_pack("{s:s, s:s}", "@type",
		    "Thing", "name", site_name(u->site, KIND_TOPIC,
		    json_string_value(v), u->lang)));
	j = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:I, s:{s:s, s:s, "
	    "s:{s:s, s:s}}, s:o}",
	    "@context", "https://schema.org", "@type", "Article",
	    "headline", title, "description", summary, "inLanguage", u->code,
	    "url", url ? url : "",
	    "datePublished", (json_int_t)json_integer_value(json_object_get(
	    rec, "year")),
	    "spatialCoverage", "@type", "City", "name", site_name(u->site,
	    KIND_CITY, city, u->lang), "address", "@type", "PostalAddress",
	    "addressCountry", json_string_value(json_object_get(rec,
	    "country")) ? json_string_value(json_object_get(rec, "country")) :
	    "", "about", about);
	if (j == NULL)
		return;
	/* datePublished is a year: schema.org takes ISO 8601 "2018". */
	json_object_set_new(j, "datePublished", json_sprintf("%lld",
	    (long long)json_integer_value(json_object_get(rec, "year"))));
	html_lit(u->b, "<script type=\"application/ld+json\">");
	html_jsonld(u->b, j);
	html_lit(u->b, "</script>\n");
	json_decref(j);
}

/* A published practice by slug, or NULL. */
static json_t *
published(const struct site *site, const char *slug)
{
	json_t		*rec = site_get(site, KIND_PRACTICE, slug);
	const char	*st;

	if (rec == NULL)
		return NULL;
	st = json_string_value(json_object_get(rec, "status"));
	return st == NULL || strcmp(st, "published") == 0 ? rec : NULL;
}

void
ui_practice(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct buf	*b, back = { 0 };
	json_t		*rec, *v;
	const char	*slug, *title, *summary, *body, *src;
	enum text_lang	 got, got2;
	size_t		 i;

	if (ui_open(&u, req, res) != 0)
		return;
	slug = req->params[1];
	if ((rec = published(u.site, slug)) == NULL) {
		ui_error(&u, 404, T(u.lang, "There is no published practice "
		    "with this name."));
		return;
	}
	b = u.b;
	back_query(&u, &back);
	/* Switching language keeps the list Back returns to. */
	u.query = back.p;
	title = site_text(json_object_get(rec, "title"), u.lang, &got);
	summary = site_text(json_object_get(rec, "summary"), u.lang, NULL);
	ui_begin(&u, title, summary);
	tools(&u, slug, back.p);
	html_lit(b, "<article class=\"practice\" id=\"practice\">\n<header>\n"
	    "<p class=\"kicker\">");
	html_str(b, T(u.lang, "Good practice"));
	html_lit(b, "</p>\n<h1");
	ui_lang_attr(&u, got);
	html_lit(b, ">");
	html_str(b, title);
	html_lit(b, "</h1>\n");
	facts(&u, rec);
	html_lit(b, "</header>\n");
	ui_lang_note(&u, got);
	if ((summary = site_text(json_object_get(rec, "summary"), u.lang,
	    &got2)) != NULL) {
		html_lit(b, "<p class=\"summary\"");
		ui_lang_attr(&u, got2);
		html_lit(b, ">");
		html_str(b, summary);
		html_lit(b, "</p>\n");
	}
	if ((body = site_text(json_object_get(rec, "body"), u.lang, &got2))) {
		html_lit(b, "<div class=\"body\"");
		ui_lang_attr(&u, got2);
		html_lit(b, ">\n");
		if (html_markdown(b, body, 1) != 0)
			b->oom = 1;
		html_lit(b, "</div>\n");
	}
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		v = json_object_get(rec, sections[i].field);
		if ((body = site_text(v, u.lang, &got2)) == NULL)
			continue;
		html_lit(b, "<section class=\"part\"><h2>");
		html_str(b, T(u.lang, sections[i].heading));
		html_lit(b, "</h2>\n<div");
		ui_lang_attr(&u, got2);
		html_lit(b, ">");
		if (html_markdown(b, body, 2) != 0)
			b->oom = 1;
		html_lit(b, "</div></section>\n");
	}
	if ((src = json_string_value(json_object_get(rec, "source_url")))) {
		html_lit(b, "<p class=\"source\">");
		html_str(b, T(u.lang, "Source:"));
		html_lit(b, " <a href=\"");
		html_attr(b, src);
		html_lit(b, "\">");
		html_str(b, src);
		html_lit(b, "</a></p>\n");
	}
	html_lit(b, "</article>\n");
	related(&u, rec);
	jsonld(&u, rec, title, summary);
	ui_end(&u);
	buf_free(&back);
}

/* ---- the PDF ----------------------------------------------------------- */

void
ui_practice_pdf(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct pdf_field	 fields[8];
	struct pdf_practice	 p;
	struct buf		 md = { 0 }, topics = { 0 }, nets = { 0 };
	json_t			*rec, *v;
	const char		*slug, *t, *city, *country;
	char			*msg = NULL, year[16];
	size_t			 i, n = 0;
	enum err		 e;

	if (ui_open(&u, req, res) != 0)
		return;
	slug = req->params[1];
	if ((rec = published(u.site, slug)) == NULL) {
		ui_error(&u, 404, T(u.lang, "There is no published practice "
		    "with this name."));
		return;
	}
	city = json_string_value(json_object_get(rec, "city"));
	country = json_string_value(json_object_get(rec, "country"));
	fields[n].label = T(u.lang, "City");
	fields[n++].value = site_name(u.site, KIND_CITY, city, u.lang);
	if (country != NULL) {
		fields[n].label = T(u.lang, "Country");
		fields[n++].value = site_name(u.site, KIND_COUNTRY, country,
		    u.lang);
	}
	snprintf(year, sizeof(year), "%lld", (long long)json_integer_value(
	    json_object_get(rec, "year")));
	fields[n].label = T(u.lang, "Year");
	fields[n++].value = year;
	json_array_foreach(json_object_get(rec, "topics"), i, v) {
		if (i)
			buf_puts(&topics, ", ");
		buf_puts(&topics, site_name(u.site, KIND_TOPIC,
		    json_string_value(v), u.lang));
	}
	fields[n].label = T(u.lang, "Topics");
	fields[n++].value = topics.p;
	json_array_foreach(json_object_get(rec, "organisations"), i, v) {
		if (i)
			buf_puts(&nets, ", ");
		buf_puts(&nets, site_name(u.site, KIND_ORG,
		    json_string_value(v), u.lang));
	}
	fields[n].label = T(u.lang, "Networks");
	fields[n++].value = nets.p;

	/* The body, then each part under its heading, as one document. */
	if ((t = site_text(json_object_get(rec, "body"), u.lang, NULL)))
		buf_puts(&md, t);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if ((t = site_text(json_object_get(rec, sections[i].field),
		    u.lang, NULL)) == NULL)
			continue;
		buf_puts(&md, "\n\n## ");
		buf_puts(&md, T(u.lang, sections[i].heading));
		buf_puts(&md, "\n\n");
		buf_puts(&md, t);
	}

	memset(&p, 0, sizeof(p));
	p.lang = u.code;
	p.title = site_text(json_object_get(rec, "title"), u.lang, NULL);
	p.fields = fields;
	p.fieldsz = n;
	p.summary = site_text(json_object_get(rec, "summary"), u.lang, NULL);
	p.body = md.p;
	p.source_label = T(u.lang, "Source:");
	p.source_url = json_string_value(json_object_get(rec, "source_url"));
	p.footer = arena_printf(req->mem, "intercity · %s/%s/practices/%s",
	    u.app->base, u.code, slug);
	e = md.oom || topics.oom || nets.oom ? ERR_NOMEM :
	    pdf_practice(&p, u.b, &msg);
	if (e != ERR_OK) {
		buf_reset(u.b);
		res->status = 500;
		fprintf(stderr, "intercity: PDF of %s: %s\n", slug,
		    msg ? msg : err_str(e));
	} else {
		res->type = "application/pdf";
		res->disposition = arena_printf(req->mem,
		    "inline; filename=\"%s.pdf\"", slug);
	}
	free(msg);
	buf_free(&md);
	buf_free(&topics);
	buf_free(&nets);
}
