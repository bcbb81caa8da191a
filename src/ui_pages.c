/* ui_pages.c - the home page, topics, collections, and the files robots
 * and search engines read (robots.txt, sitemap.xml).
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "ui.h"

#define HOME_LATEST	6	/* practices on the home page */

void
ui_root(struct http_req *req, struct http_resp *res)
{
	enum text_lang	 l = i18n_negotiate(req->accept_language);

	res->status = 302;
	res->vary = "Accept-Language";
	res->location = arena_printf(req->mem, "/%s/", text_lang_code(l));
	res->type = "text/plain; charset=utf-8";
	buf_printf(&res->body, "%s\n", res->location ? res->location : "/en/");
}

/* "/ca" to "/ca/". */
void
ui_lang_slash(struct http_req *req, struct http_resp *res)
{
	if (text_lang(req->params[0]) == TEXT_NOLANG) {
		ui_not_found(req, res);
		return;
	}
	res->status = 301;
	res->location = arena_printf(req->mem, "/%s/",
	    text_lang_code(text_lang(req->params[0])));
	res->type = "text/plain; charset=utf-8";
	buf_printf(&res->body, "%s\n", res->location ? res->location : "/");
}

void
ui_healthz(struct http_req *req, struct http_resp *res)
{
	(void)req;
	res->type = "text/plain; charset=utf-8";
	buf_puts(&res->body, "ok\n");
}

/* Browsers ask for /favicon.ico whatever the page says: the SVG icon. */
void
ui_favicon(struct http_req *req, struct http_resp *res)
{
	static const char	*name = "favicon.svg";

	req->params[0] = name;
	req->paramsz = 1;
	http_static_serve(req, res);
	res->cache = "public, max-age=86400";
}

/* How many published practices carry a topic, from one browse query. */
static const struct idx_count *
topic_counts(struct ui *u, struct idx_result *r, size_t *n)
{
	static const char *kind[] = { "practice" };
	struct idx_query	 q;

	memset(&q, 0, sizeof(q));
	q.values[FACET_KIND] = kind;
	q.valuesz[FACET_KIND] = 1;
	q.facets = 1u << FACET_TOPIC | 1u << FACET_COUNTRY | 1u << FACET_CITY;
	if (idx_search(u->site->idx, site_ctx(), &q, r) != ERR_OK) {
		*n = 0;
		return NULL;
	}
	*n = r->countsz[FACET_TOPIC];
	return r->counts[FACET_TOPIC];
}

static long
count_for(const struct idx_count *c, size_t n, const char *v)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].value, v) == 0)
			return (long)c[i].count;
	return 0;
}

/* The topics as a list of links with their counts. */
static void
topic_list(struct ui *u, const struct idx_count *c, size_t n)
{
	struct buf	*b = u->b;
	json_t		*t;
	size_t		 i;
	char		 num[I18N_NUMBER_SIZE];

	html_lit(b, "<ul class=\"topics\">\n");
	json_array_foreach(u->site->topics, i, t) {
		const char *slug = json_string_value(json_object_get(t, "slug"));

		html_lit(b, "<li><a href=\"");
		ui_href(u, "/topics/");
		html_path(b, slug);
		html_lit(b, "\">");
		html_str(b, site_name(u->site, KIND_TOPIC, slug, u->lang));
		html_lit(b, "</a> <span class=\"count\">");
		i18n_number(u->lang, count_for(c, n, slug), num);
		html_str(b, num);
		html_lit(b, "</span></li>\n");
	}
	html_lit(b, "</ul>\n");
}

void
ui_home(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct idx_result	 r;
	const struct idx_count	*c;
	struct buf		*b;
	json_t			*rec;
	size_t			 i, n;
	char			 num[3][I18N_NUMBER_SIZE];

	if (ui_open(&u, req, res) != 0)
		return;
	b = u.b;
	memset(&r, 0, sizeof(r));
	c = topic_counts(&u, &r, &n);
	ui_begin(&u, T(u.lang, "Good practices of cities"),
	    T(u.lang, "A multilingual knowledge base for international "
	    "municipalism: good practices, city networks and city-to-city "
	    "cooperation."));
	html_lit(b, "<section class=\"hero\">\n<h1>");
	html_str(b, T(u.lang, "What cities learn from each other"));
	html_lit(b, "</h1>\n<p class=\"lead\">");
	html_str(b, T(u.lang, "A multilingual knowledge base for international "
	    "municipalism: the good practices cities share, the networks they "
	    "belong to, and their city-to-city cooperation."));
	html_lit(b, "</p>\n<form class=\"searchbar\" role=\"search\" "
	    "method=\"get\" action=\"");
	ui_href(&u, "/practices");
	html_lit(b, "\"><label for=\"q\">");
	html_str(b, T(u.lang, "Search the practices"));
	html_lit(b, "</label><div class=\"row\"><input type=\"search\" id=\"q\" "
	    "name=\"q\" maxlength=\"1024\"><button type=\"submit\">");
	html_str(b, T(u.lang, "Search"));
	html_lit(b, "</button></div></form>\n");
	i18n_number(u.lang, (long)json_array_size(u.site->published), num[0]);
	i18n_number(u.lang, (long)r.countsz[FACET_CITY], num[1]);
	i18n_number(u.lang, (long)r.countsz[FACET_COUNTRY], num[2]);
	html_lit(b, "<ul class=\"stats\"><li><strong>");
	html_str(b, num[0]);
	html_lit(b, "</strong> ");
	html_str(b, TN(u.lang, "practice", "practices",
	    (unsigned long)json_array_size(u.site->published)));
	html_lit(b, "</li><li><strong>");
	html_str(b, num[1]);
	html_lit(b, "</strong> ");
	html_str(b, TN(u.lang, "city", "cities",
	    (unsigned long)r.countsz[FACET_CITY]));
	html_lit(b, "</li><li><strong>");
	html_str(b, num[2]);
	html_lit(b, "</strong> ");
	html_str(b, TN(u.lang, "country", "countries",
	    (unsigned long)r.countsz[FACET_COUNTRY]));
	html_lit(b, "</li></ul>\n</section>\n");

	html_lit(b, "<section aria-labelledby=\"latest-h\"><h2 id=\"latest-h\">");
	html_str(b, T(u.lang, "Latest practices"));
	html_lit(b, "</h2>\n<ol class=\"hits cards\">\n");
	json_array_foreach(u.site->published, i, rec) {
		if (i == HOME_LATEST)
			break;
		ui_practice_item(&u, rec, NULL);
	}
	html_lit(b, "</ol>\n<p><a class=\"more\" href=\"");
	ui_href(&u, "/practices");
	html_lit(b, "\">");
	html_str(b, T(u.lang, "All good practices"));
	html_lit(b, " →</a></p>\n</section>\n");

	html_lit(b, "<section aria-labelledby=\"topics-h\"><h2 id=\"topics-h\">");
	html_str(b, T(u.lang, "Browse by topic"));
	html_lit(b, "</h2>\n");
	topic_list(&u, c, n);
	html_lit(b, "</section>\n");
	ui_end(&u);
	idx_result_free(&r);
}

void
ui_topics(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct idx_result	 r;
	const struct idx_count	*c;
	size_t			 n;

	if (ui_open(&u, req, res) != 0)
		return;
	memset(&r, 0, sizeof(r));
	c = topic_counts(&u, &r, &n);
	ui_begin(&u, T(u.lang, "Topics"), NULL);
	html_lit(u.b, "<h1>");
	html_str(u.b, T(u.lang, "Topics"));
	html_lit(u.b, "</h1>\n");
	topic_list(&u, c, n);
	ui_end(&u);
	idx_result_free(&r);
}

void
ui_topic(struct http_req *req, struct http_resp *res)
{
	static const char *kind[] = { "practice" };
	struct ui		 u;
	struct idx_query	 q;
	struct idx_result	 r;
	struct buf		*b;
	const char		*slug, *name, *topic[1];
	json_t			*rec;
	size_t			 i;
	char			 num[I18N_NUMBER_SIZE];

	if (ui_open(&u, req, res) != 0)
		return;
	slug = req->params[1];
	if (site_get(u.site, KIND_TOPIC, slug) == NULL) {
		ui_error(&u, 404, T(u.lang, "There is no topic with this name."));
		return;
	}
	b = u.b;
	name = site_name(u.site, KIND_TOPIC, slug, u.lang);
	topic[0] = slug;
	memset(&q, 0, sizeof(q));
	q.values[FACET_TOPIC] = topic;
	q.valuesz[FACET_TOPIC] = 1;
	q.values[FACET_KIND] = kind;
	q.valuesz[FACET_KIND] = 1;
	q.sort = IDX_SORT_NEWEST;
	q.limit = 50;
	if (idx_search(u.site->idx, site_ctx(), &q, &r) != ERR_OK) {
		idx_result_free(&r);
		res->status = 500;
		return;
	}
	u.feed = arena_printf(req->mem, "/topics/%s.atom", slug);
	u.feed_title = name;
	ui_begin(&u, name, NULL);
	html_lit(b, "<p class=\"kicker\">");
	html_str(b, T(u.lang, "Topic"));
	html_lit(b, "</p>\n<h1>");
	html_str(b, name);
	html_lit(b, "</h1>\n<p>");
	i18n_number(u.lang, (long)r.total, num);
	ui_subst(b, TN(u.lang, "%s practice", "%s practices",
	    (unsigned long)r.total), num);
	html_lit(b, " · <a href=\"");
	ui_href(&u, "/practices?topic=");
	html_query(b, slug);
	html_lit(b, "\">");
	html_str(b, T(u.lang, "Search and filter them in the catalogue"));
	html_lit(b, "</a></p>\n<h2>");
	html_str(b, T(u.lang, "Good practices"));
	html_lit(b, "</h2>\n<ol class=\"hits\">\n");
	for (i = 0; i < r.hitsz; i++)
		if ((rec = site_get(u.site, KIND_PRACTICE, r.hits[i].key + 9)))
			ui_practice_item(&u, rec, NULL);
	html_lit(b, "</ol>\n");
	{
		const char	*qs = arena_printf(req->mem, "?topic=%s", slug);
		struct ui_link	 l[] = {
			{ arena_printf(req->mem, "/practices.csv%s", qs),
			    "CSV" },
			{ arena_printf(req->mem, "/practices.json%s", qs),
			    "JSON" },
		};

		ui_downloads(&u, T(u.lang, "Download this list:"), l,
		    sizeof(l) / sizeof(l[0]));
	}
	ui_end(&u);
	idx_result_free(&r);
}

void
ui_collections(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	const char	*slug, *t;
	json_t		*rec;
	enum text_lang	 got;

	if (ui_open(&u, req, res) != 0)
		return;
	ui_begin(&u, T(u.lang, "Collections"), NULL);
	html_lit(u.b, "<h1>");
	html_str(u.b, T(u.lang, "Collections"));
	html_lit(u.b, "</h1>\n<p class=\"lead\">");
	html_str(u.b, T(u.lang, "Practices gathered around one theme, in the "
	    "order their editors chose."));
	html_lit(u.b, "</p>\n<ul class=\"collections\">\n");
	json_object_foreach(u.site->recs[KIND_COLLECTION], slug, rec) {
		t = site_text(json_object_get(rec, "title"), u.lang, &got);
		html_lit(u.b, "<li><a href=\"");
		ui_href(&u, "/collections/");
		html_path(u.b, slug);
		html_lit(u.b, "\"");
		ui_lang_attr(&u, got);
		html_lit(u.b, ">");
		html_str(u.b, t ? t : slug);
		html_lit(u.b, "</a> <span class=\"count\">");
		html_long(u.b, (long)json_array_size(json_object_get(rec,
		    "practices")));
		html_lit(u.b, "</span></li>\n");
	}
	html_lit(u.b, "</ul>\n");
	ui_end(&u);
}

void
ui_collection(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct buf	*b;
	json_t		*rec, *p, *v;
	const char	*title, *desc;
	enum text_lang	 got, got2;
	size_t		 i;

	if (ui_open(&u, req, res) != 0)
		return;
	rec = site_get(u.site, KIND_COLLECTION, req->params[1]);
	if (rec == NULL) {
		ui_error(&u, 404, T(u.lang, "There is no collection with this "
		    "name."));
		return;
	}
	b = u.b;
	title = site_text(json_object_get(rec, "title"), u.lang, &got);
	ui_begin(&u, title, NULL);
	html_lit(b, "<p class=\"kicker\">");
	html_str(b, T(u.lang, "Collection"));
	html_lit(b, "</p>\n<h1");
	ui_lang_attr(&u, got);
	html_lit(b, ">");
	html_str(b, title);
	html_lit(b, "</h1>\n");
	ui_lang_note(&u, got);
	if ((desc = site_text(json_object_get(rec, "description"), u.lang,
	    &got2)) != NULL) {
		html_lit(b, "<div class=\"body\"");
		ui_lang_attr(&u, got2);
		html_lit(b, ">");
		if (html_markdown(b, desc, 1) != 0)
			b->oom = 1;
		html_lit(b, "</div>\n");
	}
	html_lit(b, "<h2>");
	html_str(b, T(u.lang, "Good practices"));
	html_lit(b, "</h2>\n<ol class=\"hits\">\n");
	json_array_foreach(json_object_get(rec, "practices"), i, v) {
		p = site_get(u.site, KIND_PRACTICE, json_string_value(v));
		if (p != NULL && (json_string_value(json_object_get(p,
		    "status")) == NULL || strcmp(json_string_value(
		    json_object_get(p, "status")), "published") == 0))
			ui_practice_item(&u, p, NULL);
	}
	html_lit(b, "</ol>\n");
	ui_end(&u);
}

void
ui_robots(struct http_req *req, struct http_resp *res)
{
	const struct app *app = req->app;

	res->type = "text/plain; charset=utf-8";
	buf_printf(&res->body, "User-agent: *\nDisallow: /api/\n"
	    "Sitemap: %s/sitemap.xml\n", app->base);
}

static void
sitemap_url(struct buf *b, const struct app *app, const char *path,
    const char *slug)
{
	size_t	 l, k;

	for (l = 0; l < TEXT_LANG__MAX; l++) {
		html_lit(b, "<url><loc>");
		html_str(b, app->base);
		html_lit(b, "/");
		html_str(b, text_lang_code((enum text_lang)l));
		html_str(b, path);
		if (slug)
			html_path(b, slug);
		html_lit(b, "</loc>");
		for (k = 0; k < TEXT_LANG__MAX; k++) {
			html_lit(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
			html_str(b, text_lang_code((enum text_lang)k));
			html_lit(b, "\" href=\"");
			html_str(b, app->base);
			html_lit(b, "/");
			html_str(b, text_lang_code((enum text_lang)k));
			html_str(b, path);
			if (slug)
				html_path(b, slug);
			html_lit(b, "\"/>");
		}
		html_lit(b, "</url>\n");
	}
}

void
ui_sitemap(struct http_req *req, struct http_resp *res)
{
	const struct app	*app = req->app;
	const struct site	*site = app->site;
	struct buf		*b = &res->body;
	const char		*slug;
	json_t			*rec;
	size_t			 i;

	res->type = "application/xml";
	res->modified = site->loaded;
	html_lit(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "
	    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
	    "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	sitemap_url(b, app, "/", NULL);
	sitemap_url(b, app, "/practices", NULL);
	sitemap_url(b, app, "/topics", NULL);
	sitemap_url(b, app, "/collections", NULL);
	json_array_foreach(site->published, i, rec)
		sitemap_url(b, app, "/practices/", json_string_value(
		    json_object_get(rec, "slug")));
	json_array_foreach(site->topics, i, rec)
		sitemap_url(b, app, "/topics/", json_string_value(
		    json_object_get(rec, "slug")));
	json_object_foreach(site->recs[KIND_COLLECTION], slug, rec)
		sitemap_url(b, app, "/collections/", slug);
	html_lit(b, "</urlset>\n");
}
