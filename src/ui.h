/* ui.h - the HTML pages: one file per page family, a shared layout.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_UI_H
#define INTERCITY_UI_H

#include "buf.h"
#include "form.h"
#include "http.h"
#include "site.h"
#include "text.h"

/* What every handler reaches through req->app. */
struct app {
	/* Swapped whole when the store changes (site_watch); a request reads
	 * it once, in ui_open, and keeps that snapshot. */
	struct site *_Atomic	 site;
	const char		*base;	/* absolute URL prefix, "http://host:port" */
};

/* One page being written. */
struct ui {
	struct http_req		*req;
	struct http_resp	*res;
	struct buf		*b;	/* &res->body */
	const struct site	*site;
	const struct app	*app;
	enum text_lang		 lang;
	const char		*code;	/* "ca" */
	const char		*rest;	/* the path after "/ca", for the
					   language switcher */
	const char		*query;	/* query to keep when switching
					   language, without "?"; may be NULL */
	const char		*feed;	/* this page's own Atom feed, the
					   path after "/ca"; may be NULL */
	const char		*feed_title; /* its title, text */
};

/*
 * Starts a page for a "/:lang/..." route: 0 and u filled, or -1 when the
 * language is not one of ours (a 404 has been written then).
 */
int	 ui_open(struct ui *, struct http_req *, struct http_resp *);
/* Writes the document head, header and opens <main>. `title` is text. */
void	 ui_begin(struct ui *, const char *title, const char *description);
/* Closes <main>, writes the footer and ends the document. */
void	 ui_end(struct ui *);
/* An error page (404, 400) in the page's language; msg is text or NULL. */
void	 ui_error(struct ui *, unsigned status, const char *msg);
/* A translated message with "%s" replaced by value (no printf on
 * translated formats), escaped. */
void	 ui_subst(struct buf *, const char *fmt, const char *value);
/* The same with two values, for the first and the second "%s". */
void	 ui_subst2(struct buf *, const char *fmt, const char *v1,
	    const char *v2);
/*
 * One facet value as a list item: a checkbox named key with its label and
 * count (muted at 0); the id is prefix + key + "-" + value.
 */
void	 ui_checkbox(struct ui *, const char *prefix, const char *key,
	    const char *value, const char *label, long count, int checked);
/* A value and how often it occurs. */
struct ui_count {
	const char	*value;
	long		 n;
};

/*
 * counts (value -> JSON integer) as an array from the request's arena,
 * most frequent first, then by value; NULL when empty or out of memory.
 */
struct ui_count	*ui_counts_sorted(struct ui *, json_t *counts, size_t *n);

/*
 * A facet of brute-force counts as a fieldset of checkboxes (ui_checkbox):
 * the selected values are added with 0 when they have no count; the `max`
 * most frequent values show, and every selected one. label(u, facet,
 * value) names a value. Writes nothing when there is no value at all.
 */
void	 ui_facet_fieldset(struct ui *, const char *prefix, const char *key,
	    const char *legend, json_t *counts, const char *const *selected,
	    size_t selsz, size_t max,
	    const char *(*label)(struct ui *, int facet, const char *),
	    int facet);
/* A CSV field: RFC 4180 quoting when needed; text that a spreadsheet
 * would take for a formula (starting with = + - @, a tab or CR) is
 * quoted with an apostrophe before it. For text only: write numbers
 * directly. NULL is an empty field. */
void	 ui_csv_field(struct buf *, const char *);
/* A 400 page for a failed form_search. */
void	 ui_form_error(struct ui *, const struct form_error *);
/* A link into the site: "/ca" + path, href-escaped. */
void	 ui_href(struct ui *, const char *path);
/* A note "Shown in LANG: no CODE version yet" when got differs. */
void	 ui_lang_note(struct ui *, enum text_lang got);
/* lang="xx" attribute for content in another language than the page's. */
void	 ui_lang_attr(struct ui *, enum text_lang got);

/* Handlers (routes in ui_routes.c). */
void	 ui_root(struct http_req *, struct http_resp *);
void	 ui_home(struct http_req *, struct http_resp *);
void	 ui_practices(struct http_req *, struct http_resp *);
void	 ui_practices_csv(struct http_req *, struct http_resp *);
void	 ui_practices_json(struct http_req *, struct http_resp *);
void	 ui_practices_atom(struct http_req *, struct http_resp *);
void	 ui_practice(struct http_req *, struct http_resp *);
void	 ui_practice_pdf(struct http_req *, struct http_resp *);
void	 ui_topics(struct http_req *, struct http_resp *);
void	 ui_topic(struct http_req *, struct http_resp *);
void	 ui_collections(struct http_req *, struct http_resp *);
void	 ui_collection(struct http_req *, struct http_resp *);
void	 ui_networks(struct http_req *, struct http_resp *);
void	 ui_network(struct http_req *, struct http_resp *);
void	 ui_project(struct http_req *, struct http_resp *);
void	 ui_city(struct http_req *, struct http_resp *);
void	 ui_cooperation(struct http_req *, struct http_resp *);
void	 ui_cities_geojson(struct http_req *, struct http_resp *);
void	 ui_partnerships_geojson(struct http_req *, struct http_resp *);
void	 ui_memberships_csv(struct http_req *, struct http_resp *);
void	 ui_memberships_json(struct http_req *, struct http_resp *);
void	 ui_cities_csv(struct http_req *, struct http_resp *);
void	 ui_cities_json(struct http_req *, struct http_resp *);
void	 ui_networks_csv(struct http_req *, struct http_resp *);
void	 ui_networks_json(struct http_req *, struct http_resp *);
void	 ui_networks_geojson(struct http_req *, struct http_resp *);
void	 ui_partnerships_csv(struct http_req *, struct http_resp *);
void	 ui_partnerships_json(struct http_req *, struct http_resp *);
void	 ui_topic_atom(struct http_req *, struct http_resp *);
void	 ui_city_atom(struct http_req *, struct http_resp *);
void	 ui_network_atom(struct http_req *, struct http_resp *);
void	 ui_robots(struct http_req *, struct http_resp *);
void	 ui_sitemap(struct http_req *, struct http_resp *);
void	 ui_healthz(struct http_req *, struct http_resp *);
void	 ui_lang_slash(struct http_req *, struct http_resp *);
void	 ui_favicon(struct http_req *, struct http_resp *);
void	 ui_not_found(struct http_req *, struct http_resp *);
void	 ui_refused(struct http_req *, struct http_resp *, unsigned status,
	    const char *msg);

extern const struct http_route	 ui_routes[];
extern const size_t		 ui_routesz;

/* ---- shared by the catalogue pages (ui_practices.c) ------------------- */

/* The partner cities of these partnerships on a world map (fit: framed
 * to them), arcs from focus when given (ui_cooperation.c). */
void	 ui_partner_map(struct ui *, json_t *partnerships, const char *focus,
	    int fit);

/* A practice as a list item: title link, place, year, topics, snippet. */
void	 ui_practice_item(struct ui *, json_t *rec, const char *snippet);

/* ---- open data (ui_opendata.c, ui_feeds.c) ------------------------------ */

/*
 * The partnerships the cooperation page's keys select (kind, country,
 * topic, period, city, network; page is ignored), as a new array in
 * store order; NULL after a 400 page (ui_cooperation.c).
 */
json_t	*ui_cooperation_select(struct ui *);
/* The cooperation page's keys of this request as a query string for
 * links ("kind=twinning&city=x", no "?", no page), escaped for an
 * attribute; from the request's arena, "" when none. */
const char *ui_cooperation_query(struct ui *);
/*
 * The organisations the networks directory's keys select (q, kind, scope,
 * topic, country, decade), projects left out as there, as a new array by
 * slug; NULL after a 400 page (ui_networks.c).
 */
json_t	*ui_networks_select(struct ui *);
/* The directory's keys of this request as a query string, like
 * ui_cooperation_query. */
const char *ui_networks_query(struct ui *);
/* Display labels in the page's language (ui_networks.c). */
const char *ui_role_label(struct ui *, const char *role);
const char *ui_partnership_kind_label(struct ui *, const char *kind);
const char *ui_org_kind_label(struct ui *, const char *kind);

/*
 * A block of download links: "Download: CSV · JSON · GeoJSON", then the
 * page's feed when u->feed is set. Each link is { path after "/ca" with
 * its query, already escaped for an attribute; label text }.
 */
struct ui_link {
	const char	*href;
	const char	*label;
};
void	 ui_downloads(struct ui *, const char *heading,
	    const struct ui_link *, size_t linksz);

/*
 * GeoJSON documents (RFC 7946) shared by the site's exports and the API:
 * a FeatureCollection, coordinates [lon, lat], flat properties, names in
 * lang, page URLs under base ("" for site-relative). A new reference, or
 * NULL when out of memory.
 * Cities: all with coordinates, or a network's members (network != NULL).
 */
json_t	*ui_geo_cities(const struct site *, enum text_lang, const char *base,
	    const char *network);
/* Networks (projects left out) as points at their headquarters, from the
 * list given (NULL: every one). */
json_t	*ui_geo_networks(const struct site *, enum text_lang,
	    const char *base, json_t *orgs);
/* Partnerships as lines between partner cities, from the list given
 * (NULL: every one), narrowed to those with the city when city != NULL. */
json_t	*ui_geo_partnerships(const struct site *, enum text_lang,
	    const char *base, json_t *partnerships, const char *city);

#endif
