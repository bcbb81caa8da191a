/* ui_feeds.c - Atom feeds (RFC 4287) of a topic, a city and a network:
 * their practices and, for cities and networks, the dated memberships,
 * partnerships and projects, newest first, in the page's language.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "i18n.h"
#include "ui.h"

#define FEED_MAX	50	/* entries in one feed */

/*
 * Atom's ids must never change, so they are made from the base URL and
 * the record's kind and slug only, the same in every language's feed.
 * HTML's escaper also suits XML text and attributes.
 */

enum feed_kind { FEED_PRACTICE, FEED_MEMBERSHIP, FEED_PARTNERSHIP,
    FEED_PROJECT };

struct feed_entry {
	enum feed_kind	 kind;
	json_t		*rec;
	const char	*date;		/* what happened when: "2011-06";
					   NULL for a practice: see year */
	char		 year[8];	/* a practice's year, as a date */
};

struct feed {
	struct feed_entry	*v;
	size_t			 n, cap;	/* entries used, allocated in v */
	const char		*focus;		/* the city or network the
						   feed is about */
	int			 of_city;	/* focus is a city */
};

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

/* Adds an entry; records without a date are left out: a feed is a
 * chronology. 0, or -1 when out of memory. */
static int
add(struct feed *f, enum feed_kind k, json_t *rec)
{
	struct feed_entry	*e;
	const char		*date;
	size_t			 cap;

	if (f->n == f->cap) {
		cap = f->cap ? 2 * f->cap : 64;
		if ((e = realloc(f->v, cap * sizeof(*e))) == NULL)
			return -1;
		f->v = e;
		f->cap = cap;
	}
	e = &f->v[f->n];
	memset(e, 0, sizeof(*e));
	e->kind = k;
	e->rec = rec;
	switch (k) {
	case FEED_PRACTICE:
		/* Entries move (realloc, qsort): no pointer into one. */
		snprintf(e->year, sizeof(e->year), "%04d",
		    (int)json_integer_value(json_object_get(rec, "year")));
		f->n++;
		return 0;
	case FEED_PROJECT:
		date = str(rec, "founded");
		break;
	default:
		date = str(rec, "since");
		break;
	}
	if (date == NULL)
		return 0;
	e->date = date;
	f->n++;
	return 0;
}

static const char *
date_of(const struct feed_entry *e)
{
	return e->kind == FEED_PRACTICE ? e->year : e->date;
}

static const char *
updated_of(const struct feed_entry *e)
{
	const char	*s = str(e->rec, "updated");

	return s ? s : "";
}

/* Newest event first; then the latest edit, the kind and the slug, so
 * the order is the same on every request. */
static int
by_date(const void *a, const void *b)
{
	const struct feed_entry	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(date_of(y), date_of(x))) != 0)
		return c;
	if ((c = strcmp(updated_of(y), updated_of(x))) != 0)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(str(x->rec, "slug"), str(y->rec, "slug"));
}

/* A date with its precision ("2016", "2016-06") as an RFC 3339 instant:
 * its first day, at midnight UTC. */
static void
instant(struct buf *b, const char *date)
{
	size_t	 n = strlen(date);

	html_text(b, date, 4);
	html_lit(b, "-");
	if (n >= 7)
		html_text(b, date + 5, 2);
	else
		html_lit(b, "01");
	html_lit(b, "-");
	if (n >= 10)
		html_text(b, date + 8, 2);
	else
		html_lit(b, "01");
	html_lit(b, "T00:00:00Z");
}

/* xml:lang when the text came in another language than the feed's. */
static void
xml_lang(struct ui *u, enum text_lang got)
{
	if (got != u->lang && got != TEXT_NOLANG) {
		html_lit(u->b, " xml:lang=\"");
		html_str(u->b, text_lang_code(got));
		html_lit(u->b, "\"");
	}
}

/* An absolute link to a page of the site in the feed's language. */
static void
page_link(struct ui *u, const char *rel, const char *dir, const char *slug)
{
	html_lit(u->b, "<link rel=\"");
	html_str(u->b, rel);
	html_lit(u->b, "\" type=\"text/html\" href=\"");
	html_str(u->b, u->app->base);
	ui_href(u, dir);
	html_path(u->b, slug);
	html_lit(u->b, "\"/>\n");
}

static void
date_sentence(struct ui *u, const char *fmt, const char *date)
{
	char	 out[64];

	if (date == NULL)
		return;
	i18n_date(u->lang, date, out);
	html_lit(u->b, " ");
	ui_subst(u->b, T(u->lang, fmt), out);
}

static int
is_project(const struct site *site, const char *org)
{
	const char	*k = str(site_get(site, KIND_ORG, org), "kind");

	return k != NULL && strcmp(k, "project") == 0;
}

/* "Barcelona – Havana": the parties of a partnership, into b escaped. */
static void
party_names(struct ui *u, json_t *p)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(p, "parties"), i, v) {
		if (i)
			html_lit(u->b, " – ");
		html_str(u->b, str(v, "city") ? site_name(u->site, KIND_CITY,
		    str(v, "city"), u->lang) : site_name(u->site, KIND_GROUP,
		    str(v, "group"), u->lang));
	}
}

static void
entry(struct ui *u, const struct feed *f, const struct feed_entry *e)
{
	struct buf	*b = u->b;
	json_t		*rec = e->rec, *tp;
	const char	*slug = str(rec, "slug"), *t, *org, *city;
	enum text_lang	 got;
	size_t		 i;

	html_lit(b, "<entry>\n<title");
	switch (e->kind) {
	case FEED_PRACTICE:
	case FEED_PROJECT:
		t = site_text(json_object_get(rec, e->kind == FEED_PRACTICE ?
		    "title" : "name"), u->lang, &got);
		xml_lang(u, got);
		html_lit(b, ">");
		html_str(b, t ? t : slug);
		break;
	case FEED_MEMBERSHIP:
		org = str(rec, "organisation");
		city = str(rec, "city");
		html_lit(b, ">");
		if (is_project(u->site, org))
			t = N_("%s takes part in %s");
		else if (str(rec, "role") && strcmp(str(rec, "role"),
		    "founder") == 0)
			t = N_("%s, a founder of %s");
		else
			t = N_("%s joins %s");
		ui_subst2(b, T(u->lang, t), site_name(u->site, KIND_CITY,
		    city, u->lang), site_name(u->site, KIND_ORG, org, u->lang));
		break;
	case FEED_PARTNERSHIP:
		t = site_text(json_object_get(rec, "name"), u->lang, &got);
		if (t != NULL) {
			xml_lang(u, got);
			html_lit(b, ">");
			html_str(b, t);
		} else {
			html_lit(b, ">");
			party_names(u, rec);
		}
		break;
	}
	html_lit(b, "</title>\n<id>");
	html_str(b, u->app->base);
	switch (e->kind) {
	case FEED_PRACTICE:
		html_lit(b, "/practices/");
		break;
	case FEED_PROJECT:
		html_lit(b, "/projects/");
		break;
	case FEED_MEMBERSHIP:
		html_lit(b, "/api/v1/memberships/");
		break;
	case FEED_PARTNERSHIP:
		html_lit(b, "/api/v1/partnerships/");
		break;
	}
	html_path(b, slug);
	html_lit(b, "</id>\n");
	switch (e->kind) {
	case FEED_PRACTICE:
		page_link(u, "alternate", "/practices/", slug);
		break;
	case FEED_PROJECT:
		page_link(u, "alternate", "/projects/", slug);
		break;
	case FEED_MEMBERSHIP:
		/* From a city's feed to the network, and back. */
		org = str(rec, "organisation");
		if (f->of_city)
			page_link(u, "alternate", is_project(u->site, org) ?
			    "/projects/" : "/networks/", org);
		else
			page_link(u, "alternate", "/cities/", str(rec, "city"));
		break;
	case FEED_PARTNERSHIP:
		html_lit(b, "<link rel=\"alternate\" type=\"text/html\" "
		    "href=\"");
		html_str(b, u->app->base);
		ui_href(u, "/cooperation?city=");
		html_query(b, f->focus);
		html_lit(b, "\"/>\n");
		break;
	}
	html_lit(b, "<published>");
	instant(b, date_of(e));
	html_lit(b, "</published>\n<updated>");
	if (str(rec, "updated") != NULL)
		html_str(b, str(rec, "updated"));
	else
		instant(b, date_of(e));
	html_lit(b, "</updated>\n");
	if (e->kind == FEED_PRACTICE) {
		/* The city answers for its practice. */
		html_lit(b, "<author><name>");
		html_str(b, site_name(u->site, KIND_CITY, str(rec, "city"),
		    u->lang));
		html_lit(b, "</name></author>\n");
	}
	json_array_foreach(json_object_get(rec, "topics"), i, tp) {
		html_lit(b, "<category term=\"");
		html_str(b, json_string_value(tp));
		html_lit(b, "\" label=\"");
		html_str(b, site_name(u->site, KIND_TOPIC,
		    json_string_value(tp), u->lang));
		html_lit(b, "\"/>\n");
	}
	switch (e->kind) {
	case FEED_PRACTICE:
	case FEED_PROJECT:
		t = site_text(json_object_get(rec, e->kind == FEED_PRACTICE ?
		    "summary" : "description"), u->lang, &got);
		if (t != NULL) {
			html_lit(b, "<summary");
			xml_lang(u, got);
			html_lit(b, ">");
			html_str(b, t);
			html_lit(b, "</summary>\n");
		}
		break;
	case FEED_MEMBERSHIP:
		html_lit(b, "<summary>");
		ui_subst(b, T(u->lang, "Role: %s."), ui_role_label(u,
		    str(rec, "role")));
		date_sentence(u, N_("Since: %s."), str(rec, "since"));
		date_sentence(u, N_("Until: %s."), str(rec, "until"));
		html_lit(b, "</summary>\n");
		break;
	case FEED_PARTNERSHIP:
		html_lit(b, "<summary>");
		html_str(b, ui_partnership_kind_label(u, str(rec, "kind")));
		html_lit(b, ": ");
		party_names(u, rec);
		html_lit(b, ".");
		date_sentence(u, N_("Since: %s."), str(rec, "since"));
		date_sentence(u, N_("Until: %s."), str(rec, "until"));
		if ((t = site_text(json_object_get(rec, "description"),
		    u->lang, &got)) != NULL && got == u->lang) {
			html_lit(b, " ");
			html_str(b, t);
		}
		html_lit(b, "</summary>\n");
		break;
	}
	html_lit(b, "</entry>\n");
}

/*
 * Writes the feed: newest FEED_MAX entries. self and alt are paths after
 * "/ca"; title is text. The feed's updated time is its newest entry's
 * (else the store's load time), so it changes only when an entry does.
 */
static void
write_feed(struct ui *u, struct feed *f, const char *self, const char *alt,
    const char *title, const char *subtitle)
{
	struct buf	*b = u->b;
	struct tm	 tm;
	char		 stamp[32];
	const char	*latest = NULL;
	size_t		 i;

	qsort(f->v, f->n, sizeof(*f->v), by_date);
	if (f->n > FEED_MAX)
		f->n = FEED_MAX;
	for (i = 0; i < f->n; i++)
		if (latest == NULL || strcmp(updated_of(&f->v[i]), latest) > 0)
			latest = updated_of(&f->v[i]);
	gmtime_r(&u->site->loaded, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (latest == NULL || *latest == '\0')
		latest = stamp;
	u->res->type = "application/atom+xml";
	html_lit(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	html_str(b, u->code);
	html_lit(b, "\">\n<title>");
	html_str(b, title);
	html_lit(b, " · intercity</title>\n<subtitle>");
	html_str(b, subtitle);
	html_lit(b, "</subtitle>\n<id>");
	html_str(b, u->app->base);
	ui_href(u, self);
	html_lit(b, "</id>\n<link rel=\"self\" type=\"application/atom+xml\" "
	    "href=\"");
	html_str(b, u->app->base);
	ui_href(u, self);
	html_lit(b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	html_str(b, u->app->base);
	ui_href(u, alt);
	html_lit(b, "\"/>\n<updated>");
	html_str(b, latest);
	html_lit(b, "</updated>\n<author><name>intercity</name><uri>");
	html_str(b, u->app->base);
	html_lit(b, "/</uri></author>\n<generator>intercity</generator>\n");
	for (i = 0; i < f->n; i++)
		entry(u, f, &f->v[i]);
	html_lit(b, "</feed>\n");
}

/* Starts a feed page for the record named in the address; NULL after a
 * 404 page. */
static json_t *
subject(struct ui *u, struct http_req *req, struct http_resp *res,
    enum kind k, const char *missing)
{
	json_t	*rec;

	if (ui_open(u, req, res) != 0)
		return NULL;
	rec = site_get(u->site, k, req->params[1]);
	if (rec == NULL || (k == KIND_ORG && strcmp(str(rec, "kind"),
	    "project") == 0)) {
		ui_error(u, 404, T(u->lang, missing));
		return NULL;
	}
	return rec;
}

void
ui_topic_atom(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct feed	 f = { 0 };
	json_t		*p, *t;
	const char	*slug = req->params[req->paramsz > 1 ? 1 : 0], *name;
	size_t		 i, k;

	if (subject(&u, req, res, KIND_TOPIC, N_("There is no topic with "
	    "this name.")) == NULL)
		return;
	json_array_foreach(u.site->published, i, p)
		json_array_foreach(json_object_get(p, "topics"), k, t)
			if (strcmp(json_string_value(t), slug) == 0 &&
			    add(&f, FEED_PRACTICE, p) != 0)
				goto oom;
	name = site_name(u.site, KIND_TOPIC, slug, u.lang);
	write_feed(&u, &f, arena_printf(req->mem, "/topics/%s.atom", slug),
	    arena_printf(req->mem, "/topics/%s", slug), name, T(u.lang,
	    "New good practices"));
	free(f.v);
	return;
oom:
	free(f.v);
	res->status = 500;
}

void
ui_city_atom(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct feed	 f = { 0 };
	json_t		*v;
	const char	*slug = req->params[req->paramsz > 1 ? 1 : 0], *name;
	size_t		 i;

	if (subject(&u, req, res, KIND_CITY, N_("There is no city with this "
	    "name.")) == NULL)
		return;
	f.focus = slug;
	f.of_city = 1;
	json_array_foreach(json_object_get(u.site->city_practices, slug), i, v)
		if (add(&f, FEED_PRACTICE, v) != 0)
			goto oom;
	json_array_foreach(json_object_get(u.site->city_members, slug), i, v)
		if (add(&f, FEED_MEMBERSHIP, v) != 0)
			goto oom;
	json_array_foreach(json_object_get(u.site->city_partners, slug), i, v)
		if (add(&f, FEED_PARTNERSHIP, v) != 0)
			goto oom;
	name = site_name(u.site, KIND_CITY, slug, u.lang);
	write_feed(&u, &f, arena_printf(req->mem, "/cities/%s.atom", slug),
	    arena_printf(req->mem, "/cities/%s", slug), name, T(u.lang,
	    "Good practices, networks and partnerships"));
	free(f.v);
	return;
oom:
	free(f.v);
	res->status = 500;
}

void
ui_network_atom(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	struct feed	 f = { 0 };
	json_t		*org, *v, *p, *seen = NULL;
	const char	*slug = req->params[req->paramsz > 1 ? 1 : 0], *name;
	size_t		 i, k;

	if ((org = subject(&u, req, res, KIND_ORG, N_("There is no network "
	    "with this name."))) == NULL)
		return;
	f.focus = slug;
	if ((seen = json_object()) == NULL)
		goto oom;
	json_array_foreach(json_object_get(u.site->org_members, slug), i, v) {
		if (add(&f, FEED_MEMBERSHIP, v) != 0)
			goto oom;
		/* Practices from member cities, each once. */
		if (json_object_get(seen, str(v, "city")) != NULL)
			continue;
		json_object_set_new(seen, str(v, "city"), json_true());
		json_array_foreach(json_object_get(u.site->city_practices,
		    str(v, "city")), k, p) {
			json_object_set_new(seen, arena_printf(req->mem,
			    "practice/%s", str(p, "slug")), json_true());
			if (add(&f, FEED_PRACTICE, p) != 0)
				goto oom;
		}
	}
	/* And practices that name the network, wherever they are. */
	json_array_foreach(json_object_get(u.site->org_practices, slug), i, p)
		if (json_object_get(seen, arena_printf(req->mem, "practice/%s",
		    str(p, "slug"))) == NULL && add(&f, FEED_PRACTICE, p) != 0)
			goto oom;
	json_array_foreach(json_object_get(u.site->org_children, slug), i, v)
		if (strcmp(str(v, "kind"), "project") == 0 &&
		    add(&f, FEED_PROJECT, v) != 0)
			goto oom;
	name = site_text(json_object_get(org, "name"), u.lang, NULL);
	write_feed(&u, &f, arena_printf(req->mem, "/networks/%s.atom", slug),
	    arena_printf(req->mem, "/networks/%s", slug), name ? name : slug,
	    T(u.lang, "New members, projects and practices from member "
	    "cities"));
	json_decref(seen);
	free(f.v);
	return;
oom:
	json_decref(seen);
	free(f.v);
	res->status = 500;
}
