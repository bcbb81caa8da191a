/* ui_practices.c - the catalogue of good practices: search, facets with
 * live counts, active filters, sorting, pages, and the same list as CSV,
 * JSON and an Atom feed.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "i18n.h"
#include "ui.h"

#define CITY_FACET_MAX	15	/* city values listed before "more" */
#define EXPORT_MAX	10000	/* practices in one CSV or JSON export */
#define FEED_MAX	50	/* entries in the Atom feed */

static const char *const facet_labels[FACET__MAX] = {
	N_("Topic"), N_("Country"), N_("Year"), N_("City"), N_("Network"),
	N_("Language"), N_("Kind"),
};

/* The catalogue's query: practices only, counts for the facet panel. */
static void
to_query(const struct form_search *s, struct idx_query *q, const char **kind)
{
	size_t	 f;

	memset(q, 0, sizeof(*q));
	q->text = s->q;
	for (f = 0; f < FACET__MAX; f++) {
		q->values[f] = s->vals[f];
		q->valuesz[f] = s->valsz[f];
	}
	q->values[FACET_KIND] = kind;
	q->valuesz[FACET_KIND] = 1;
	q->year_from = s->year_from;
	q->year_to = s->year_to;
	q->sort = s->sort;
	q->offset = (size_t)((s->page - 1) * s->per_page);
	q->limit = (size_t)s->per_page;
	q->typos = 1;
	q->facets = 1u << FACET_TOPIC | 1u << FACET_COUNTRY | 1u << FACET_YEAR |
	    1u << FACET_CITY | 1u << FACET_ORG | 1u << FACET_LANG;
}

/* The practice a hit key ("practice/slug") names, or NULL. */
static json_t *
hit_record(const struct site *site, const char *key)
{
	if (strncmp(key, "practice/", 9) != 0)
		return NULL;
	return site_get(site, KIND_PRACTICE, key + 9);
}

static int
selected(const struct form_search *s, enum idx_facet f, const char *v)
{
	size_t	 i;

	for (i = 0; i < s->valsz[f]; i++)
		if (strcmp(s->vals[f][i], v) == 0)
			return 1;
	return 0;
}

/* ---- the facet panel -------------------------------------------------- */

struct fval {
	const char	*value;
	const char	*label;
	char		 key[96];	/* folded label, for sorting */
	uint32_t	 count;
};

static int
by_label(const void *a, const void *b)
{
	return strcmp(((const struct fval *)a)->key,
	    ((const struct fval *)b)->key);
}

static int
by_value_desc(const void *a, const void *b)
{
	return strcmp(((const struct fval *)b)->value,
	    ((const struct fval *)a)->value);
}

static int
by_count(const void *a, const void *b)
{
	const struct fval *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_count_only(const void *a, const void *b)
{
	const struct fval *x = a, *y = b;

	return x->count != y->count ? (x->count > y->count ? -1 : 1) : 0;
}

static const char *
value_label(struct ui *u, enum idx_facet f, const char *v)
{
	return site_facet_label(u->site, f, v, u->lang);
}

static uint32_t
count_of(const struct idx_result *r, enum idx_facet f, const char *v)
{
	size_t	 i;

	for (i = 0; i < r->countsz[f]; i++)
		if (strcmp(r->counts[f][i].value, v) == 0)
			return r->counts[f][i].count;
	return 0;
}

static void	 year_select(struct ui *, const char *, const char *, int);

/* form_query for an href: "?" and the query string, HTML-escaped ("&amp;"),
 * or nothing when there is no state to keep. */
static void
href_query(struct ui *u, const struct form_search *s, enum idx_facet skip,
    const char *skip_value, int keep_page)
{
	struct buf	 q = { 0 };

	form_query(&q, s, skip, skip_value, keep_page);
	if (q.oom)
		u->b->oom = 1;
	if (q.len > 0) {
		html_lit(u->b, "?");
		html_str(u->b, q.p);
	}
	buf_free(&q);
}

/*
 * One facet as a fieldset of checkboxes. Every value with a count shows,
 * and every selected one (with 0 when nothing is left); topics show all
 * 22, so the panel keeps its shape while counts change.
 */
static void
facet(struct ui *u, const struct form_search *s, const struct idx_result *r,
    enum idx_facet f)
{
	struct buf	*b = u->b;
	struct fval	*v;
	json_t		*t;
	size_t		 n = 0, cap, i, shown;
	char		 num[I18N_NUMBER_SIZE];

	cap = r->countsz[f] + s->valsz[f] + json_array_size(u->site->topics)
	    + 1;
	if ((v = arena_alloc(u->req->mem, cap * sizeof(*v))) == NULL) {
		b->oom = 1;
		return;
	}
	for (i = 0; i < r->countsz[f]; i++) {
		v[n].value = r->counts[f][i].value;
		v[n++].count = r->counts[f][i].count;
	}
	for (i = 0; i < s->valsz[f]; i++)
		if (count_of(r, f, s->vals[f][i]) == 0) {
			v[n].value = s->vals[f][i];
			v[n++].count = 0;
		}
	if (f == FACET_TOPIC)
		json_array_foreach(u->site->topics, i, t) {
			const char *slug = json_string_value(json_object_get(t,
			    "slug"));

			if (count_of(r, f, slug) == 0 && !selected(s, f, slug)) {
				v[n].value = slug;
				v[n++].count = 0;
			}
		}
	if (n == 0 && f != FACET_YEAR)
		return;	/* the year range stays, even with no year to list */
	/*
	 * Only the CITY_FACET_MAX most frequent cities show (and the selected
	 * ones), and a large catalogue has thousands: keep those, and those
	 * tied with the last shown (the label breaks ties), before looking up
	 * and folding labels.
	 */
	if (f == FACET_CITY && n > CITY_FACET_MAX) {
		size_t		 m = 0;
		uint32_t	 min;

		qsort(v, n, sizeof(*v), by_count_only);
		min = v[CITY_FACET_MAX - 1].count;
		for (i = 0; i < n; i++)
			if (i < CITY_FACET_MAX || v[i].count == min ||
			    selected(s, f, v[i].value))
				v[m++] = v[i];
		n = m;
	}
	for (i = 0; i < n; i++) {
		v[i].label = value_label(u, f, v[i].value);
		text_norm(v[i].label, strlen(v[i].label), 1, v[i].key,
		    sizeof(v[i].key));
	}
	if (f == FACET_YEAR)
		qsort(v, n, sizeof(*v), by_value_desc);
	else if (f == FACET_CITY)
		qsort(v, n, sizeof(*v), by_count);
	else
		qsort(v, n, sizeof(*v), by_label);

	html_lit(b, "<fieldset class=\"facet\" data-facet=\"");
	html_str(b, form_facet_keys[f]);
	html_lit(b, "\"><legend>");
	html_str(b, T(u->lang, facet_labels[f]));
	html_lit(b, "</legend>\n");
	if (f == FACET_YEAR) {
		html_lit(b, "<div class=\"range\">");
		year_select(u, "from", T(u->lang, "From"), s->year_from);
		year_select(u, "to", T(u->lang, "Until"), s->year_to);
		html_lit(b, "</div>\n");
	}
	html_lit(b, "<ul>\n");
	for (i = shown = 0; i < n; i++) {
		int sel = selected(s, f, v[i].value);

		if (f == FACET_CITY && shown >= CITY_FACET_MAX && !sel)
			continue;
		shown++;
		html_lit(b, "<li");
		if (v[i].count == 0)
			html_lit(b, " class=\"none\"");
		html_lit(b, "><input type=\"checkbox\" id=\"f-");
		html_str(b, form_facet_keys[f]);
		html_lit(b, "-");
		html_str(b, v[i].value);
		html_lit(b, "\" name=\"");
		html_str(b, form_facet_keys[f]);
		html_lit(b, "\" value=\"");
		html_str(b, v[i].value);
		html_lit(b, "\"");
		if (sel)
			html_lit(b, " checked");
		html_lit(b, "><label for=\"f-");
		html_str(b, form_facet_keys[f]);
		html_lit(b, "-");
		html_str(b, v[i].value);
		html_lit(b, "\">");
		html_str(b, v[i].label);
		html_lit(b, " <span class=\"count\">");
		i18n_number(u->lang, (long)v[i].count, num);
		html_str(b, num);
		html_lit(b, "</span></label></li>\n");
	}
	html_lit(b, "</ul>\n</fieldset>\n");
}

static void
year_select(struct ui *u, const char *name, const char *label, int value)
{
	struct buf	*b = u->b;
	int		 y, now;
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	now = tm.tm_year + 1900;
	html_lit(b, "<label for=\"y-");
	html_str(b, name);
	html_lit(b, "\">");
	html_str(b, label);
	html_lit(b, "</label> <select id=\"y-");
	html_str(b, name);
	html_lit(b, "\" name=\"");
	html_str(b, name);
	html_lit(b, "\"><option value=\"\">");
	html_str(b, T(u->lang, "any"));
	html_lit(b, "</option>");
	/* Out-of-list values stay selectable so the form round-trips. */
	if (value && (value < 2000 || value > now)) {
		html_lit(b, "<option selected>");
		html_long(b, value);
		html_lit(b, "</option>");
	}
	for (y = now; y >= 2000; y--) {
		html_lit(b, "<option");
		if (y == value)
			html_lit(b, " selected");
		html_lit(b, ">");
		html_long(b, y);
		html_lit(b, "</option>");
	}
	html_lit(b, "</select>\n");
}

/* Active filters as links that remove them one by one. */
static void
chips(struct ui *u, const struct form_search *s)
{
	struct buf	*b = u->b;
	size_t		 f, i, n = 0;
	char		 num[16];

	for (f = 0; f < FACET__MAX; f++)
		n += s->valsz[f];
	if (n == 0 && !s->year_from && !s->year_to)
		return;
	html_lit(b, "<ul class=\"chips\" aria-label=\"");
	html_str(b, T(u->lang, "Active filters"));
	html_lit(b, "\">\n");
	for (f = 0; f < FACET__MAX; f++)
		for (i = 0; i < s->valsz[f]; i++) {
			html_lit(b, "<li><a href=\"");
			ui_href(u, "/practices");
			href_query(u, s, (enum idx_facet)f, s->vals[f][i], 0);
			html_lit(b, "\"><span class=\"vh\">");
			html_str(b, T(u->lang, "Remove filter"));
			html_lit(b, " </span>");
			html_str(b, T(u->lang, facet_labels[f]));
			html_lit(b, ": ");
			html_str(b, value_label(u, (enum idx_facet)f,
			    s->vals[f][i]));
			html_lit(b, " <span aria-hidden=\"true\">×</span></a>"
			    "</li>\n");
		}
	for (i = 0; i < 2; i++) {
		int y = i ? s->year_to : s->year_from;

		if (!y)
			continue;
		snprintf(num, sizeof(num), "%d", y);
		html_lit(b, "<li><a href=\"");
		ui_href(u, "/practices");
		href_query(u, s, FACET__MAX, i ? "to" : "from", 0);
		html_lit(b, "\"><span class=\"vh\">");
		html_str(b, T(u->lang, "Remove filter"));
		html_lit(b, " </span>");
		html_str(b, i ? T(u->lang, "Until") : T(u->lang, "From"));
		html_lit(b, ": ");
		html_str(b, num);
		html_lit(b, " <span aria-hidden=\"true\">×</span></a></li>\n");
	}
	html_lit(b, "<li><a class=\"reset\" href=\"");
	ui_href(u, "/practices");
	html_lit(b, "\">");
	html_str(b, T(u->lang, "Reset filter"));
	html_lit(b, "</a></li>\n</ul>\n");
}

static void
page_link(struct ui *u, const struct form_search *s, long page,
    const char *label, const char *rel)
{
	struct form_search	 t = *s;

	t.page = page;
	html_lit(u->b, "<li><a href=\"");
	ui_href(u, "/practices");
	href_query(u, &t, FACET__MAX, NULL, 1);
	html_lit(u->b, "\"");
	if (rel != NULL) {
		html_lit(u->b, " rel=\"");
		html_str(u->b, rel);
		html_lit(u->b, "\"");
	}
	if (page == s->page)
		html_lit(u->b, " aria-current=\"page\"");
	html_lit(u->b, ">");
	html_str(u->b, label);
	html_lit(u->b, "</a></li>");
}

static void
pagination(struct ui *u, const struct form_search *s, uint64_t total)
{
	long	 pages = (long)((total + (uint64_t)s->per_page - 1) /
		    (uint64_t)s->per_page), p, from, to;
	char	 num[I18N_NUMBER_SIZE];

	if (pages > FORM_PAGE_MAX)
		pages = FORM_PAGE_MAX;
	if (pages <= 1)
		return;
	html_lit(u->b, "<nav class=\"pages\" aria-label=\"");
	html_str(u->b, T(u->lang, "Pages"));
	html_lit(u->b, "\"><ul>");
	if (s->page > 1)
		page_link(u, s, s->page - 1, T(u->lang, "Previous"), "prev");
	from = s->page - 3 > 1 ? s->page - 3 : 1;
	to = from + 6 < pages ? from + 6 : pages;
	for (p = from; p <= to; p++) {
		i18n_number(u->lang, p, num);
		page_link(u, s, p, num, NULL);
	}
	if (s->page < pages)
		page_link(u, s, s->page + 1, T(u->lang, "Next"), "next");
	html_lit(u->b, "</ul></nav>\n");
}

void
ui_practice_item(struct ui *u, json_t *rec, const char *snippet)
{
	struct buf	*b = u->b;
	enum text_lang	 got;
	const char	*title, *slug, *city, *country;
	json_t		*t;
	size_t		 i;

	slug = json_string_value(json_object_get(rec, "slug"));
	title = site_text(json_object_get(rec, "title"), u->lang, &got);
	city = json_string_value(json_object_get(rec, "city"));
	country = json_string_value(json_object_get(rec, "country"));
	html_lit(b, "<li class=\"hit\"><article>\n<h3");
	ui_lang_attr(u, got);
	html_lit(b, "><a href=\"");
	ui_href(u, "/practices/");
	html_path(b, slug);
	if (u->query && *u->query) {
		html_lit(b, "?");
		html_str(b, u->query);
	}
	html_lit(b, "\">");
	html_str(b, title ? title : slug);
	html_lit(b, "</a></h3>\n<p class=\"meta\">");
	html_str(b, site_name(u->site, KIND_CITY, city, u->lang));
	if (country != NULL) {
		html_lit(b, ", ");
		html_str(b, site_name(u->site, KIND_COUNTRY, country, u->lang));
	}
	html_lit(b, " · ");
	html_long(b, (long)json_integer_value(json_object_get(rec, "year")));
	if (got != u->lang && got != TEXT_NOLANG) {
		html_lit(b, " · <span class=\"lang\">");
		html_str(b, i18n_name(got));
		html_lit(b, "</span>");
	}
	html_lit(b, "</p>\n");
	if (snippet != NULL && *snippet) {
		html_lit(b, "<p class=\"snippet\"");
		ui_lang_attr(u, got);
		/* idx_snippet escapes the text and adds only <mark>. */
		html_lit(b, ">");
		buf_puts(b, snippet);
		html_lit(b, "</p>\n");
	}
	if (json_array_size(json_object_get(rec, "topics")) > 0) {
		html_lit(b, "<ul class=\"tags\">");
		json_array_foreach(json_object_get(rec, "topics"), i, t) {
			html_lit(b, "<li><a href=\"");
			ui_href(u, "/practices?topic=");
			html_query(b, json_string_value(t));
			html_lit(b, "\">");
			html_str(b, site_name(u->site, KIND_TOPIC,
			    json_string_value(t), u->lang));
			html_lit(b, "</a></li>");
		}
		html_lit(b, "</ul>\n");
	}
	html_lit(b, "</article></li>\n");
}

/*
 * The summary with the matched words marked; the body instead when the
 * words are only there. From the request's arena; NULL when no text.
 */
static char *
snippet_for(struct ui *u, const struct idx_result *r, json_t *rec)
{
	static const char *const fields[] = { "summary", "body" };
	enum text_lang	 got;
	const char	*t;
	char		*s, *copy = NULL;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		t = site_text(json_object_get(rec, fields[i]), u->lang, &got);
		if (t == NULL)
			continue;
		s = idx_snippet(site_ctx(), r, t, strlen(t),
		    got == TEXT_NOLANG ? TEXT_EN : got, 260);
		if (s == NULL)
			continue;
		if (copy == NULL || strstr(s, "<mark>") != NULL)
			copy = arena_strdup(u->req->mem, s);
		free(s);
		if (copy != NULL && strstr(copy, "<mark>") != NULL)
			break;
	}
	return copy;
}

/* Reads the catalogue's keys; 0, or -1 after writing a 400 page. */
static int
parse(struct ui *u, struct form_search *s)
{
	struct form_error	 fe;

	if (form_search(u->req, s, &fe) != 0) {
		ui_form_error(u, &fe);
		return -1;
	}
	return 0;
}

/* Runs the search s describes; 0, or -1 after writing a 400 or 500. */
static int
search(struct ui *u, const struct form_search *s, struct idx_result *r)
{
	static const char *kind[] = { "practice" };
	struct idx_query	 q;
	struct form_error	 fe;
	struct idx_ctx		*ctx;
	enum err		 e;

	memset(r, 0, sizeof(*r));
	if ((ctx = site_ctx()) == NULL) {
		u->res->status = 500;
		return -1;
	}
	to_query(s, &q, kind);
	e = idx_search(u->site->idx, ctx, &q, r);
	if (e == ERR_INVALID) {
		fe.param = "q";
		fe.fmt = "%s";
		fe.value = arena_strdup(u->req->mem, r->error ? r->error :
		    "invalid query");
		idx_result_free(r);
		ui_form_error(u, &fe);
		return -1;
	}
	if (e != ERR_OK) {
		idx_result_free(r);
		u->res->status = 500;
		return -1;
	}
	return 0;
}

static void
data_attr(struct buf *b, const char *name, const char *value)
{
	html_lit(b, " data-");
	html_str(b, name);
	html_lit(b, "=\"");
	html_attr(b, value);
	html_lit(b, "\"");
}

void
ui_practices(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct form_search	 s;
	struct idx_result	 r;
	struct buf		*b, qs = { 0 };
	json_t			*rec;
	size_t			 i, f;
	char			 num[I18N_NUMBER_SIZE];

	if (ui_open(&u, req, res) != 0 || parse(&u, &s) != 0 ||
	    search(&u, &s, &r) != 0)
		return;
	b = u.b;
	form_query(&qs, &s, FACET__MAX, NULL, 1);
	u.query = qs.p;

	ui_begin(&u, s.q[0] ? s.q : T(u.lang, "Good practices"),
	    T(u.lang, "Good practices that cities share, by topic, country "
	    "and year."));
	html_lit(b, "<h1>");
	html_str(b, T(u.lang, "Good practices"));
	html_lit(b, "</h1>\n<p class=\"lead\">");
	html_str(b, T(u.lang, "What cities have done, and how: practices "
	    "from cities around the world, to learn from and to adapt."));
	html_lit(b, "</p>\n<form class=\"catalogue\" method=\"get\" "
	    "action=\"");
	ui_href(&u, "/practices");
	html_lit(b, "\">\n<div class=\"searchbar\" role=\"search\">"
	    "<label for=\"q\">");
	html_str(b, T(u.lang, "Search the practices"));
	html_lit(b, "</label><div class=\"row\"><input type=\"search\" "
	    "id=\"q\" name=\"q\" maxlength=\"1024\" autocomplete=\"off\" "
	    "value=\"");
	html_str(b, s.q);
	html_lit(b, "\"><button type=\"submit\">");
	html_str(b, T(u.lang, "Search"));
	html_lit(b, "</button></div></div>\n<div class=\"layout\">\n"
	    "<details class=\"facets\" id=\"facets\" open>\n<summary><h2>");
	html_str(b, T(u.lang, "Filter"));
	html_lit(b, "</h2></summary>\n");
	facet(&u, &s, &r, FACET_TOPIC);
	facet(&u, &s, &r, FACET_COUNTRY);
	facet(&u, &s, &r, FACET_YEAR);
	facet(&u, &s, &r, FACET_CITY);
	facet(&u, &s, &r, FACET_ORG);
	facet(&u, &s, &r, FACET_LANG);
	html_lit(b, "<div class=\"apply\"><button type=\"submit\">");
	html_str(b, T(u.lang, "Apply filters"));
	html_lit(b, "</button> <a href=\"");
	ui_href(&u, "/practices");
	html_lit(b, "\">");
	html_str(b, T(u.lang, "Reset filter"));
	html_lit(b, "</a></div>\n</details>\n<section class=\"results\" "
	    "aria-labelledby=\"results-h\"");
	/* What site.js needs to redraw this section from the JSON API. */
	data_attr(b, "lang", u.code);
	data_attr(b, "one", TN(u.lang, "%s practice", "%s practices", 1));
	data_attr(b, "many", TN(u.lang, "%s practice", "%s practices", 5));
	data_attr(b, "empty", T(u.lang, "No practice matches. Try fewer words, "
	    "another spelling, or remove a filter."));
	data_attr(b, "remove", T(u.lang, "Remove filter"));
	data_attr(b, "reset", T(u.lang, "Reset filter"));
	data_attr(b, "filters", T(u.lang, "Active filters"));
	data_attr(b, "pages", T(u.lang, "Pages"));
	data_attr(b, "prev", T(u.lang, "Previous"));
	data_attr(b, "next", T(u.lang, "Next"));
	data_attr(b, "from", T(u.lang, "From"));
	data_attr(b, "until", T(u.lang, "Until"));
	html_lit(b, ">\n<div class=\"bar\">"
	    "<h2 id=\"results-h\" class=\"total\" aria-live=\"polite\">");
	i18n_number(u.lang, (long)r.total, num);
	ui_subst(b, TN(u.lang, "%s practice", "%s practices",
	    (unsigned long)r.total), num);
	html_lit(b, "</h2>\n<div class=\"sort\"><label for=\"sort\">");
	html_str(b, T(u.lang, "Sort by"));
	html_lit(b, "</label> <select id=\"sort\" name=\"sort\">"
	    "<option value=\"relevance\"");
	if (s.sort == IDX_SORT_RELEVANCE)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_str(b, T(u.lang, "Relevance"));
	html_lit(b, "</option><option value=\"newest\"");
	if (s.sort == IDX_SORT_NEWEST)
		html_lit(b, " selected");
	html_lit(b, ">");
	html_str(b, T(u.lang, "Newest"));
	html_lit(b, "</option></select> <button type=\"submit\" "
	    "class=\"secondary\">");
	html_str(b, T(u.lang, "Apply"));
	html_lit(b, "</button></div></div>\n");
	chips(&u, &s);
	if (r.hitsz == 0) {
		html_lit(b, "<p class=\"empty\">");
		html_str(b, T(u.lang, "No practice matches. Try fewer words, "
		    "another spelling, or remove a filter."));
		html_lit(b, "</p>\n");
	} else {
		html_lit(b, "<ol class=\"hits\" start=\"");
		html_long(b, (s.page - 1) * s.per_page + 1);
		html_lit(b, "\">\n");
		for (i = 0; i < r.hitsz; i++)
			if ((rec = hit_record(u.site, r.hits[i].key)) != NULL)
				ui_practice_item(&u, rec, s.q[0] ?
				    snippet_for(&u, &r, rec) : NULL);
		html_lit(b, "</ol>\n");
	}
	pagination(&u, &s, r.total);
	html_lit(b, "<p class=\"downloads\" id=\"downloads\">");
	html_str(b, T(u.lang, "Download this list:"));
	html_lit(b, " <a href=\"");
	ui_href(&u, "/practices.csv");
	href_query(&u, &s, FACET__MAX, NULL, 0);
	html_lit(b, "\">CSV</a> · <a href=\"");
	ui_href(&u, "/practices.json");
	href_query(&u, &s, FACET__MAX, NULL, 0);
	html_lit(b, "\">JSON</a> · <a href=\"");
	ui_href(&u, "/practices.atom");
	href_query(&u, &s, FACET__MAX, NULL, 0);
	html_lit(b, "\">Atom</a></p>\n</section>\n</div>\n</form>\n");
	(void)f;
	ui_end(&u);
	idx_result_free(&r);
	buf_free(&qs);
}

/* ---- the same list as data -------------------------------------------- */

/* Every practice of the search, in order, up to EXPORT_MAX. */
static json_t *
all_hits(struct ui *u, struct form_search *s)
{
	struct idx_result	 r;
	json_t			*list = json_array(), *rec;
	size_t			 i;

	if (parse(u, s) != 0) {
		json_decref(list);
		return NULL;
	}
	s->per_page = 1000;
	for (s->page = 1; list != NULL; s->page++) {
		if (search(u, s, &r) != 0) {
			json_decref(list);
			return NULL;
		}
		for (i = 0; i < r.hitsz; i++)
			if ((rec = hit_record(u->site, r.hits[i].key)) != NULL)
				json_array_append(list, rec);
		idx_result_free(&r);
		if (r.hitsz < 1000 || json_array_size(list) >= EXPORT_MAX)
			break;
	}
	return list;
}

void
ui_practices_csv(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct form_search	 s;
	json_t			*list, *rec, *t;
	struct buf		*b, topics = { 0 };
	size_t			 i, k;

	if (ui_open(&u, req, res) != 0 || (list = all_hits(&u, &s)) == NULL)
		return;
	b = u.b;
	res->type = "text/csv; charset=utf-8";
	res->disposition = "attachment; filename=\"practices.csv\"";
	buf_puts(b, "slug,title,city,country,year,topics,summary,url\r\n");
	json_array_foreach(list, i, rec) {
		const char *slug = json_string_value(json_object_get(rec,
		    "slug"));

		buf_reset(&topics);
		json_array_foreach(json_object_get(rec, "topics"), k, t) {
			if (k)
				buf_putc(&topics, ';');
			buf_puts(&topics, json_string_value(t));
		}
		ui_csv_field(b, slug);
		buf_putc(b, ',');
		ui_csv_field(b, site_text(json_object_get(rec, "title"), u.lang,
		    NULL));
		buf_putc(b, ',');
		ui_csv_field(b, site_name(u.site, KIND_CITY, json_string_value(
		    json_object_get(rec, "city")), u.lang));
		buf_putc(b, ',');
		ui_csv_field(b, json_string_value(json_object_get(rec,
		    "country")));
		buf_printf(b, ",%lld,", (long long)json_integer_value(
		    json_object_get(rec, "year")));
		ui_csv_field(b, topics.p);
		buf_putc(b, ',');
		ui_csv_field(b, site_text(json_object_get(rec, "summary"),
		    u.lang, NULL));
		buf_printf(b, ",%s/%s/practices/", u.app->base, u.code);
		buf_puts(b, slug);
		buf_puts(b, "\r\n");
	}
	buf_free(&topics);
	json_decref(list);
}

void
ui_practices_json(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct form_search	 s;
	json_t			*list, *doc;
	char			*out;

	if (ui_open(&u, req, res) != 0 || (list = all_hits(&u, &s)) == NULL)
		return;
	res->type = "application/json";
	res->disposition = "attachment; filename=\"practices.json\"";
	/* The import format, so the file can be loaded into another store. */
	doc = json_pack("{s:s, s:i, s:o}", "format", "intercity", "version", 1,
	    "practices", list);
	out = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	json_decref(doc);
	if (out == NULL) {
		res->status = 500;
		return;
	}
	buf_puts(u.b, out);
	buf_putc(u.b, '\n');
	free(out);
}

/* ---- Atom -------------------------------------------------------------- */

/* XML text: HTML's escaper also suits XML text and attributes. */
static void
atom_entry(struct ui *u, json_t *rec)
{
	struct buf	*b = u->b;
	const char	*slug = json_string_value(json_object_get(rec, "slug"));
	const char	*t;
	enum text_lang	 got;
	json_t		*tp;
	size_t		 i;

	html_lit(b, "<entry>\n<title");
	t = site_text(json_object_get(rec, "title"), u->lang, &got);
	if (got != u->lang && got != TEXT_NOLANG) {
		html_lit(b, " xml:lang=\"");
		html_str(b, text_lang_code(got));
		html_lit(b, "\"");
	}
	html_lit(b, ">");
	html_str(b, t);
	html_lit(b, "</title>\n<id>");
	html_str(b, u->app->base);
	html_lit(b, "/practices/");
	html_path(b, slug);
	html_lit(b, "</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	html_str(b, u->app->base);
	ui_href(u, "/practices/");
	html_path(b, slug);
	html_lit(b, "\"/>\n<updated>");
	html_long(b, (long)json_integer_value(json_object_get(rec, "year")));
	html_lit(b, "-01-01T00:00:00Z</updated>\n<author><name>");
	html_str(b, site_name(u->site, KIND_CITY, json_string_value(
	    json_object_get(rec, "city")), u->lang));
	html_lit(b, "</name></author>\n");
	json_array_foreach(json_object_get(rec, "topics"), i, tp) {
		html_lit(b, "<category term=\"");
		html_str(b, json_string_value(tp));
		html_lit(b, "\" label=\"");
		html_str(b, site_name(u->site, KIND_TOPIC,
		    json_string_value(tp), u->lang));
		html_lit(b, "\"/>\n");
	}
	if ((t = site_text(json_object_get(rec, "summary"), u->lang, NULL))) {
		html_lit(b, "<summary>");
		html_str(b, t);
		html_lit(b, "</summary>\n");
	}
	html_lit(b, "</entry>\n");
}

void
ui_practices_atom(struct http_req *req, struct http_resp *res)
{
	struct ui		 u;
	struct form_search	 s;
	struct idx_result	 r;
	json_t			*rec;
	struct tm		 tm;
	char			 stamp[32];
	size_t			 i;

	if (ui_open(&u, req, res) != 0)
		return;
	/* Newest first whatever the query asked. */
	if (parse(&u, &s) != 0)
		return;
	s.sort = IDX_SORT_NEWEST;
	s.sort_given = 1;
	s.page = 1;
	s.per_page = FEED_MAX;
	{
		static const char *kind[] = { "practice" };
		struct idx_query q;

		to_query(&s, &q, kind);
		q.facets = 0;
		if (idx_search(u.site->idx, site_ctx(), &q, &r) != ERR_OK) {
			idx_result_free(&r);
			res->status = 500;
			return;
		}
	}
	res->type = "application/atom+xml";
	gmtime_r(&u.site->loaded, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	html_lit(u.b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	html_str(u.b, u.code);
	html_lit(u.b, "\">\n<title>");
	html_str(u.b, T(u.lang, "New good practices"));
	html_lit(u.b, " · intercity</title>\n<id>");
	html_str(u.b, u.app->base);
	ui_href(&u, "/practices.atom");
	html_lit(u.b, "</id>\n<link rel=\"self\" href=\"");
	html_str(u.b, u.app->base);
	ui_href(&u, "/practices.atom");
	html_lit(u.b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	html_str(u.b, u.app->base);
	ui_href(&u, "/practices");
	html_lit(u.b, "\"/>\n<updated>");
	html_str(u.b, stamp);
	html_lit(u.b, "</updated>\n");
	for (i = 0; i < r.hitsz; i++)
		if ((rec = hit_record(u.site, r.hits[i].key)) != NULL)
			atom_entry(&u, rec);
	html_lit(u.b, "</feed>\n");
	idx_result_free(&r);
}
