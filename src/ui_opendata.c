/* ui_opendata.c - cities, networks, memberships and partnerships as open
 * data: CSV, JSON (the import format) and GeoJSON (RFC 7946, opens in
 * QGIS), in the page's language, with the filters of the matching pages;
 * and the download links those pages show.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "ui.h"

/* Fifteen digits give back any decimal as written (2.159, not
 * 2.1589999999999998), and no more. */
#define GEO_JSON_FLAGS	(JSON_COMPACT | JSON_REAL_PRECISION(15))

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

/* ---- download links ------------------------------------------------------ */

void
ui_downloads(struct ui *u, const char *heading, const struct ui_link *l,
    size_t n)
{
	struct buf	*b = u->b;
	size_t		 i;

	if (n > 0) {
		html_lit(b, "<p class=\"downloads\">");
		html_str(b, heading);
		for (i = 0; i < n; i++) {
			if (i > 0)
				html_lit(b, " ·");
			html_lit(b, " <a href=\"");
			ui_href(u, l[i].href);
			html_lit(b, "\">");
			html_str(b, l[i].label);
			html_lit(b, "</a>");
		}
		html_lit(b, "</p>\n");
	}
	if (u->feed != NULL) {
		html_lit(b, "<p class=\"downloads feed\"><a type=\""
		    "application/atom+xml\" href=\"");
		ui_href(u, u->feed);
		html_lit(b, "\">");
		ui_subst(b, T(u->lang, "Follow %s (Atom feed)"),
		    u->feed_title);
		html_lit(b, "</a></p>\n");
	}
}

/* ---- shared ------------------------------------------------------------- */

/* [lon, lat] of a city, or NULL when it has no coordinates. */
static json_t *
lonlat(const struct site *site, const char *city)
{
	json_t	*rec = site_get(site, KIND_CITY, city);
	json_t	*lat = json_object_get(rec, "lat"), *lon = json_object_get(rec,
		    "lon");

	if (!json_is_number(lat) || !json_is_number(lon))
		return NULL;
	return json_pack("[f, f]", json_number_value(lon),
	    json_number_value(lat));
}

/* Checks one optional slug key; 0 or -1 after a 400. */
static int
slug_arg(struct ui *u, const char *key, const char **out)
{
	*out = http_arg(u->req, key);
	if (*out != NULL && **out == '\0')
		*out = NULL;
	if (*out != NULL && !model_slug_valid(*out)) {
		ui_error(u, 400, arena_printf(u->req->mem, "%s: \"%.60s\" is "
		    "not an identifier", key, *out));
		return -1;
	}
	return 0;
}

/* Sends doc (a reference taken), compact or as the import format has it
 * (indented, keys sorted). */
static void
send_json(struct ui *u, json_t *doc, size_t flags, const char *type,
    const char *file)
{
	char	*out = doc ? json_dumps(doc, flags) : NULL;

	json_decref(doc);
	if (out == NULL) {
		buf_reset(u->b);
		u->res->status = 500;
		return;
	}
	buf_reset(u->b);
	buf_puts(u->b, out);
	buf_putc(u->b, '\n');
	free(out);
	u->res->type = type;
	u->res->disposition = file;
}

/* A list of records in the import format: {"format", "version", plural:
 * [...]}, so the file loads into another store. Takes list. */
static void
send_records(struct ui *u, const char *plural, json_t *list, const char *file)
{
	send_json(u, json_pack("{s:s, s:i, s:o}", "format", "intercity",
	    "version", 1, plural, list), JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(15), "application/json", file);
}

static void
csv_start(struct ui *u, const char *file, const char *header)
{
	u->res->type = "text/csv; charset=utf-8";
	u->res->disposition = file;
	buf_puts(u->b, header);
	buf_puts(u->b, "\r\n");
}

/* A text field and the comma after it. */
static void
csv(struct buf *b, const char *s)
{
	ui_csv_field(b, s);
	buf_putc(b, ',');
}

/* A number field (empty when v is no number) and the comma after it. */
static void
csv_num(struct buf *b, json_t *v)
{
	if (json_is_integer(v))
		buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		buf_printf(b, "%.10g", json_real_value(v));
	buf_putc(b, ',');
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The records of a kind sorted by slug, as a new array; NULL when out of
 * memory. */
static json_t *
by_slug(const struct site *site, enum kind k)
{
	json_t		*out = json_array(), *rec;
	const char	*slug, **v;
	size_t		 n = 0, i;

	if (out == NULL || (v = calloc(json_object_size(site->recs[k]) + 1,
	    sizeof(*v))) == NULL) {
		json_decref(out);
		return NULL;
	}
	json_object_foreach(site->recs[k], slug, rec)
		v[n++] = slug;
	qsort(v, n, sizeof(*v), by_key);
	for (i = 0; i < n; i++)
		json_array_append(out, json_object_get(site->recs[k], v[i]));
	free(v);
	return out;
}

/* ---- GeoJSON ------------------------------------------------------------- */

static json_t *
collection(json_t *feats)
{
	return json_pack("{s:s, s:o}", "type", "FeatureCollection", "features",
	    feats);
}

json_t *
ui_geo_cities(const struct site *site, enum text_lang lang, const char *base,
    const char *net)
{
	json_t		*feats, *list, *city, *pt;
	const char	*slug, *cc;
	size_t		 i;

	if ((feats = json_array()) == NULL || (list = by_slug(site,
	    KIND_CITY)) == NULL) {
		json_decref(feats);
		return NULL;
	}
	json_array_foreach(list, i, city) {
		slug = str(city, "slug");
		if (net != NULL && !site_member_of(site, slug, net))
			continue;
		if ((pt = lonlat(site, slug)) == NULL)
			continue;
		cc = str(city, "country");
		json_array_append_new(feats, json_pack("{s:s, s:s, s:{s:s, "
		    "s:o}, s:{s:s, s:s, s:s?, s:s?, s:s?, s:O?, s:O?, s:O?, "
		    "s:s++++}}", "type", "Feature", "id", slug, "geometry",
		    "type", "Point", "coordinates", pt, "properties", "slug",
		    slug, "name", site_name(site, KIND_CITY, slug, lang),
		    "country", cc, "country_name", cc ? site_name(site,
		    KIND_COUNTRY, cc, lang) : NULL, "region", str(city,
		    "region"), "population", json_object_get(city,
		    "population"), "wikidata_id", json_object_get(city,
		    "wikidata_id"), "geonames_id", json_object_get(city,
		    "geonames_id"), "url", base, "/", text_lang_code(lang),
		    "/cities/", slug));
	}
	json_decref(list);
	return collection(feats);
}

json_t *
ui_geo_networks(const struct site *site, enum text_lang lang,
    const char *base, json_t *orgs)
{
	json_t		*feats, *all = NULL, *org, *pt, *hq;
	const char	*slug, *hqs, *cc;
	size_t		 i;

	if (orgs == NULL && (orgs = all = by_slug(site, KIND_ORG)) == NULL)
		return NULL;
	if ((feats = json_array()) == NULL) {
		json_decref(all);
		return NULL;
	}
	json_array_foreach(orgs, i, org) {
		slug = str(org, "slug");
		hqs = str(org, "headquarters");
		if (strcmp(str(org, "kind"), "project") == 0 ||
		    (pt = lonlat(site, hqs)) == NULL)
			continue;
		hq = site_get(site, KIND_CITY, hqs);
		cc = str(hq, "country");
		json_array_append_new(feats, json_pack("{s:s, s:s, s:{s:s, "
		    "s:o}, s:{s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s, s:s, "
		    "s:s?, s:s?, s:I, s:s?, s:s++++}}", "type", "Feature", "id",
		    slug, "geometry", "type", "Point", "coordinates", pt,
		    "properties", "slug", slug, "name", site_text(
		    json_object_get(org, "name"), lang, NULL), "acronym",
		    str(org, "acronym"), "kind", str(org, "kind"), "scope",
		    str(org, "scope"), "founded", str(org, "founded"),
		    "headquarters", hqs, "headquarters_name", site_name(site,
		    KIND_CITY, hqs, lang), "country", cc, "country_name", cc ?
		    site_name(site, KIND_COUNTRY, cc, lang) : NULL, "members",
		    (json_int_t)site_current_members(site, slug), "website",
		    str(org, "website"), "url", base, "/",
		    text_lang_code(lang), "/networks/", slug));
	}
	json_decref(all);
	return collection(feats);
}

/* Names and slugs of a partnership's cities, joined: "Barcelona; Havana". */
static void
joined(const struct site *site, enum text_lang lang, const char **cities,
    size_t n, struct buf *names, struct buf *slugs)
{
	size_t	 i;

	buf_reset(names);
	buf_reset(slugs);
	for (i = 0; i < n; i++) {
		buf_puts(names, i ? "; " : "");
		buf_puts(names, site_name(site, KIND_CITY, cities[i], lang));
		buf_puts(slugs, i ? ";" : "");
		buf_puts(slugs, cities[i]);
	}
}

json_t *
ui_geo_partnerships(const struct site *site, enum text_lang lang,
    const char *base, json_t *list, const char *only)
{
	json_t		*feats, *all = NULL, *p, *lines, *a, *b;
	const char	*slug, *cities[64];
	struct buf	 names = { 0 }, slugs = { 0 };
	size_t		 n, i, k, j;
	int		 hit;

	if (list == NULL && (list = all = by_slug(site, KIND_PARTNERSHIP)) ==
	    NULL)
		return NULL;
	if ((feats = json_array()) == NULL) {
		json_decref(all);
		return NULL;
	}
	json_array_foreach(list, j, p) {
		slug = str(p, "slug");
		n = site_party_cities(site, p, cities);
		for (hit = only == NULL, i = 0; i < n && !hit; i++)
			hit = strcmp(cities[i], only) == 0;
		if (!hit)
			continue;
		/* Every pair of partner cities, so a triangle is three
		 * lines and a group's cities each meet the other side. */
		lines = json_array();
		for (i = 0; i < n; i++)
			for (k = i + 1; k < n; k++) {
				if ((a = lonlat(site, cities[i])) == NULL ||
				    (b = lonlat(site, cities[k])) == NULL) {
					json_decref(a);
					continue;
				}
				json_array_append_new(lines, json_pack(
				    "[o, o]", a, b));
			}
		if (json_array_size(lines) == 0) {
			json_decref(lines);
			continue;
		}
		joined(site, lang, cities, n, &names, &slugs);
		json_array_append_new(feats, json_pack("{s:s, s:s, s:{s:s, "
		    "s:o}, s:{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s++}}",
		    "type", "Feature", "id", slug, "geometry", "type",
		    "MultiLineString", "coordinates", lines, "properties",
		    "slug", slug, "kind", str(p, "kind"), "name", site_text(
		    json_object_get(p, "name"), lang, NULL), "since", str(p,
		    "since"), "until", str(p, "until"), "cities", names.p ?
		    names.p : "", "city_slugs", slugs.p ? slugs.p : "", "url",
		    base, "/api/v1/partnerships/", slug));
	}
	buf_free(&names);
	buf_free(&slugs);
	json_decref(all);
	return collection(feats);
}

/* ---- cities -------------------------------------------------------------- */

/* Every city with coordinates, or a network's member cities. */
void
ui_cities_geojson(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	const char	*net;

	if (ui_open(&u, req, res) != 0 || slug_arg(&u, "network", &net) != 0)
		return;
	send_json(&u, ui_geo_cities(u.site, u.lang, u.app->base, net),
	    GEO_JSON_FLAGS, "application/geo+json",
	    "attachment; filename=\"cities.geojson\"");
}

/* The cities of a request (network= narrows to its members), by slug;
 * NULL after an error page. */
static json_t *
cities_of(struct ui *u)
{
	json_t		*all, *out, *c;
	const char	*net;
	size_t		 i;

	if (slug_arg(u, "network", &net) != 0)
		return NULL;
	if ((all = by_slug(u->site, KIND_CITY)) == NULL || net == NULL) {
		if (all == NULL)
			u->res->status = 500;
		return all;
	}
	out = json_array();
	json_array_foreach(all, i, c)
		if (site_member_of(u->site, str(c, "slug"), net))
			json_array_append(out, c);
	json_decref(all);
	return out;
}

void
ui_cities_csv(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list, *c;
	const char	*slug, *cc;
	size_t		 i;

	if (ui_open(&u, req, res) != 0 || (list = cities_of(&u)) == NULL)
		return;
	csv_start(&u, "attachment; filename=\"cities.csv\"", "slug,name,"
	    "country,country_name,region,lat,lon,population,population_year,"
	    "geonames_id,wikidata_id,url");
	json_array_foreach(list, i, c) {
		slug = str(c, "slug");
		cc = str(c, "country");
		csv(u.b, slug);
		csv(u.b, site_name(u.site, KIND_CITY, slug, u.lang));
		csv(u.b, cc);
		csv(u.b, cc ? site_name(u.site, KIND_COUNTRY, cc, u.lang) :
		    NULL);
		csv(u.b, str(c, "region"));
		csv_num(u.b, json_object_get(c, "lat"));
		csv_num(u.b, json_object_get(c, "lon"));
		csv_num(u.b, json_object_get(c, "population"));
		csv_num(u.b, json_object_get(c, "population_year"));
		csv_num(u.b, json_object_get(c, "geonames_id"));
		csv(u.b, str(c, "wikidata_id"));
		buf_printf(u.b, "%s/%s/cities/%s\r\n", u.app->base, u.code,
		    slug);
	}
	json_decref(list);
}

void
ui_cities_json(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = cities_of(&u)) == NULL)
		return;
	send_records(&u, "cities", list, "attachment; filename=\"cities.json\"");
}

/* ---- networks ------------------------------------------------------------ */

void
ui_networks_csv(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list, *org;
	const char	*slug, *hq, *cc;
	size_t		 i;

	if (ui_open(&u, req, res) != 0 || (list = ui_networks_select(&u)) ==
	    NULL)
		return;
	csv_start(&u, "attachment; filename=\"networks.csv\"", "slug,name,"
	    "acronym,kind,scope,founded,dissolved,headquarters,"
	    "headquarters_name,country,country_name,members,website,"
	    "wikidata_id,url");
	json_array_foreach(list, i, org) {
		slug = str(org, "slug");
		hq = str(org, "headquarters");
		cc = str(site_get(u.site, KIND_CITY, hq), "country");
		csv(u.b, slug);
		csv(u.b, site_text(json_object_get(org, "name"), u.lang, NULL));
		csv(u.b, str(org, "acronym"));
		csv(u.b, str(org, "kind"));
		csv(u.b, str(org, "scope"));
		csv(u.b, str(org, "founded"));
		csv(u.b, str(org, "dissolved"));
		csv(u.b, hq);
		csv(u.b, hq ? site_name(u.site, KIND_CITY, hq, u.lang) : NULL);
		csv(u.b, cc);
		csv(u.b, cc ? site_name(u.site, KIND_COUNTRY, cc, u.lang) :
		    NULL);
		buf_printf(u.b, "%zu,", site_current_members(u.site, slug));
		csv(u.b, str(org, "website"));
		csv(u.b, str(org, "wikidata_id"));
		buf_printf(u.b, "%s/%s/networks/%s\r\n", u.app->base, u.code,
		    slug);
	}
	json_decref(list);
}

void
ui_networks_json(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = ui_networks_select(&u)) ==
	    NULL)
		return;
	send_records(&u, "organisations", list,
	    "attachment; filename=\"networks.json\"");
}

void
ui_networks_geojson(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = ui_networks_select(&u)) ==
	    NULL)
		return;
	send_json(&u, ui_geo_networks(u.site, u.lang, u.app->base, list),
	    GEO_JSON_FLAGS, "application/geo+json",
	    "attachment; filename=\"networks.geojson\"");
	json_decref(list);
}

/* ---- memberships --------------------------------------------------------- */

/* The memberships of a request (network=, city=), by slug; NULL after an
 * error page. */
static json_t *
memberships_of(struct ui *u)
{
	json_t		*all, *out, *m;
	const char	*net, *city;
	size_t		 i;

	if (slug_arg(u, "network", &net) != 0 || slug_arg(u, "city",
	    &city) != 0)
		return NULL;
	if ((all = by_slug(u->site, KIND_MEMBERSHIP)) == NULL ||
	    (out = json_array()) == NULL) {
		json_decref(all);
		u->res->status = 500;
		return NULL;
	}
	json_array_foreach(all, i, m)
		if ((net == NULL || strcmp(str(m, "organisation"), net) == 0) &&
		    (city == NULL || strcmp(str(m, "city"), city) == 0))
			json_array_append(out, m);
	json_decref(all);
	return out;
}

/* Memberships: who, where, what role, when. */
void
ui_memberships_csv(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list, *m;
	const char	*org, *city, *cc;
	size_t		 i;

	if (ui_open(&u, req, res) != 0 || (list = memberships_of(&u)) ==
	    NULL)
		return;
	csv_start(&u, "attachment; filename=\"memberships.csv\"", "slug,"
	    "organisation,organisation_name,city,city_name,country,role,"
	    "since,until,source");
	json_array_foreach(list, i, m) {
		org = str(m, "organisation");
		city = str(m, "city");
		cc = str(site_get(u.site, KIND_CITY, city), "country");
		csv(u.b, str(m, "slug"));
		csv(u.b, org);
		csv(u.b, site_name(u.site, KIND_ORG, org, u.lang));
		csv(u.b, city);
		csv(u.b, site_name(u.site, KIND_CITY, city, u.lang));
		csv(u.b, cc);
		csv(u.b, str(m, "role") ? str(m, "role") : "member");
		csv(u.b, str(m, "since"));
		csv(u.b, str(m, "until"));
		ui_csv_field(u.b, str(m, "source"));
		buf_puts(u.b, "\r\n");
	}
	json_decref(list);
}

void
ui_memberships_json(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = memberships_of(&u)) ==
	    NULL)
		return;
	send_records(&u, "memberships", list,
	    "attachment; filename=\"memberships.json\"");
}

/* ---- partnerships -------------------------------------------------------- */

/*
 * Partnerships as lines between their partner cities, with the parties'
 * names; the cooperation page's keys select them.
 */
void
ui_partnerships_geojson(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = ui_cooperation_select(&u))
	    == NULL)
		return;
	send_json(&u, ui_geo_partnerships(u.site, u.lang, u.app->base, list,
	    NULL), GEO_JSON_FLAGS, "application/geo+json",
	    "attachment; filename=\"partnerships.geojson\"");
	json_decref(list);
}

void
ui_partnerships_csv(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list, *p, *v;
	const char	*slug, *cities[64], *cc;
	struct buf	 names = { 0 }, slugs = { 0 }, more = { 0 };
	size_t		 i, k, n;

	if (ui_open(&u, req, res) != 0 || (list = ui_cooperation_select(&u))
	    == NULL)
		return;
	csv_start(&u, "attachment; filename=\"partnerships.csv\"", "slug,"
	    "kind,name,parties,cities,city_names,countries,since,until,"
	    "topics,organisation,url");
	json_array_foreach(list, i, p) {
		slug = str(p, "slug");
		csv(u.b, slug);
		csv(u.b, str(p, "kind"));
		csv(u.b, site_text(json_object_get(p, "name"), u.lang, NULL));
		/* The parties as named: a group stays one party. */
		buf_reset(&more);
		json_array_foreach(json_object_get(p, "parties"), k, v) {
			buf_puts(&more, k ? "; " : "");
			buf_puts(&more, str(v, "city") ? site_name(u.site,
			    KIND_CITY, str(v, "city"), u.lang) : site_name(
			    u.site, KIND_GROUP, str(v, "group"), u.lang));
		}
		csv(u.b, more.p);
		n = site_party_cities(u.site, p, cities);
		joined(u.site, u.lang, cities, n, &names, &slugs);
		csv(u.b, slugs.p);
		csv(u.b, names.p);
		buf_reset(&more);
		for (k = 0; k < n; k++) {
			cc = str(site_get(u.site, KIND_CITY, cities[k]),
			    "country");
			if (cc == NULL || (more.p && strstr(more.p, cc)))
				continue;
			buf_puts(&more, more.len ? ";" : "");
			buf_puts(&more, cc);
		}
		csv(u.b, more.p);
		csv(u.b, str(p, "since"));
		csv(u.b, str(p, "until"));
		buf_reset(&more);
		json_array_foreach(json_object_get(p, "topics"), k, v) {
			buf_puts(&more, k ? ";" : "");
			buf_puts(&more, json_string_value(v));
		}
		csv(u.b, more.p);
		csv(u.b, str(p, "organisation"));
		buf_printf(u.b, "%s/api/v1/partnerships/%s\r\n", u.app->base,
		    slug);
	}
	buf_free(&names);
	buf_free(&slugs);
	buf_free(&more);
	json_decref(list);
}

void
ui_partnerships_json(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*list;

	if (ui_open(&u, req, res) != 0 || (list = ui_cooperation_select(&u))
	    == NULL)
		return;
	send_records(&u, "partnerships", list,
	    "attachment; filename=\"partnerships.json\"");
}
