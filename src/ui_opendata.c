/* ui_opendata.c - cities, partnerships and memberships as open data:
 * GeoJSON (opens in QGIS) and CSV, in the page's language.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "ui.h"

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

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

/* Checks the one optional key of these files; 0 or -1 after a 400. */
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

static void
send_json(struct ui *u, json_t *doc, const char *type, const char *file)
{
	char	*out = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	if (out == NULL) {
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

/* Every city with coordinates, or a network's member cities. */
void
ui_cities_geojson(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*fc, *feats, *city, *pt;
	const char	*slug, *net;

	if (ui_open(&u, req, res) != 0 || slug_arg(&u, "network", &net) != 0)
		return;
	feats = json_array();
	json_object_foreach(u.site->recs[KIND_CITY], slug, city) {
		if (net != NULL && !site_member_of(u.site, slug, net))
			continue;
		if ((pt = lonlat(u.site, slug)) == NULL)
			continue;
		json_array_append_new(feats, json_pack("{s:s, s:s, s:{s:s, "
		    "s:o}, s:{s:s, s:s, s:s?, s:O?, s:O?, s:O?, s:s}}",
		    "type", "Feature", "id", slug, "geometry", "type", "Point",
		    "coordinates", pt, "properties", "slug", slug, "name",
		    site_name(u.site, KIND_CITY, slug, u.lang), "country",
		    str(city, "country"), "population", json_object_get(city,
		    "population"), "wikidata_id", json_object_get(city,
		    "wikidata_id"), "geonames_id", json_object_get(city,
		    "geonames_id"), "url", arena_printf(req->mem,
		    "%s/%s/cities/%s", u.app->base, u.code, slug)));
	}
	fc = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features",
	    feats);
	send_json(&u, fc, "application/geo+json",
	    "attachment; filename=\"cities.geojson\"");
}

/*
 * Partnerships as lines between their first party and each other party
 * (a MultiLineString), with the parties' names; city= narrows.
 */
void
ui_partnerships_geojson(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*feats, *p, *lines, *names, *a, *b;
	const char	*slug, *cities[64], *only;
	size_t		 n, i, k;
	int		 hit;

	if (ui_open(&u, req, res) != 0 || slug_arg(&u, "city", &only) != 0)
		return;
	feats = json_array();
	json_object_foreach(u.site->recs[KIND_PARTNERSHIP], slug, p) {
		n = site_party_cities(u.site, p, cities);
		for (hit = only == NULL, i = 0; i < n && !hit; i++)
			hit = strcmp(cities[i], only) == 0;
		if (!hit)
			continue;
		lines = json_array();
		names = json_array();
		for (i = 0; i < n; i++) {
			json_array_append_new(names, json_string(site_name(
			    u.site, KIND_CITY, cities[i], u.lang)));
			for (k = i + 1; k < n; k++) {
				if ((a = lonlat(u.site, cities[i])) == NULL ||
				    (b = lonlat(u.site, cities[k])) == NULL) {
					json_decref(a);
					continue;
				}
				json_array_append_new(lines, json_pack("[o, o]",
				    a, b));
			}
		}
		if (json_array_size(lines) == 0) {
			json_decref(lines);
			json_decref(names);
			continue;
		}
		json_array_append_new(feats, json_pack("{s:s, s:s, s:{s:s, "
		    "s:o}, s:{s:s, s:s, s:s?, s:s?, s:s?, s:o}}", "type",
		    "Feature", "id", slug, "geometry", "type",
		    "MultiLineString", "coordinates", lines, "properties",
		    "slug", slug, "kind", str(p, "kind"), "name", site_text(
		    json_object_get(p, "name"), u.lang, NULL), "since",
		    str(p, "since"), "until", str(p, "until"), "cities",
		    names));
	}
	send_json(&u, json_pack("{s:s, s:o}", "type", "FeatureCollection",
	    "features", feats), "application/geo+json",
	    "attachment; filename=\"partnerships.geojson\"");
}

/* Memberships, all or one network's: who, where, what role, when. */
void
ui_memberships_csv(struct http_req *req, struct http_resp *res)
{
	struct ui	 u;
	json_t		*m;
	const char	*slug, *net;

	if (ui_open(&u, req, res) != 0 || slug_arg(&u, "network", &net) != 0)
		return;
	res->type = "text/csv; charset=utf-8";
	res->disposition = "attachment; filename=\"memberships.csv\"";
	buf_puts(u.b, "organisation,organisation_name,city,city_name,country,"
	    "role,since,until\r\n");
	json_object_foreach(u.site->recs[KIND_MEMBERSHIP], slug, m) {
		const char *org = str(m, "organisation"), *city = str(m, "city");

		if (net != NULL && strcmp(org, net) != 0)
			continue;
		ui_csv_field(u.b, org);
		buf_putc(u.b, ',');
		ui_csv_field(u.b, site_name(u.site, KIND_ORG, org, u.lang));
		buf_putc(u.b, ',');
		ui_csv_field(u.b, city);
		buf_putc(u.b, ',');
		ui_csv_field(u.b, site_name(u.site, KIND_CITY, city, u.lang));
		buf_putc(u.b, ',');
		ui_csv_field(u.b, str(site_get(u.site, KIND_CITY, city),
		    "country"));
		buf_putc(u.b, ',');
		ui_csv_field(u.b, str(m, "role") ? str(m, "role") : "member");
		buf_putc(u.b, ',');
		ui_csv_field(u.b, str(m, "since"));
		buf_putc(u.b, ',');
		ui_csv_field(u.b, str(m, "until"));
		buf_puts(u.b, "\r\n");
	}
}
