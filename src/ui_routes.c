/* ui_routes.c - the site's addresses and the handlers behind them; the
 * first pattern that matches wins (see http_route_match).
 * SPDX-License-Identifier: MIT */
#include "ui.h"

const struct http_route ui_routes[] = {
	{ "/", ui_root },
	{ "/healthz", ui_healthz },
	{ "/robots.txt", ui_robots },
	{ "/sitemap.xml", ui_sitemap },
	{ "/static/:name", http_static_serve },
	{ "/favicon.ico", ui_favicon },
	{ "/:lang", ui_lang_slash },
	{ "/:lang/", ui_home },
	{ "/:lang/practices", ui_practices },
	{ "/:lang/practices.csv", ui_practices_csv },
	{ "/:lang/practices.json", ui_practices_json },
	{ "/:lang/practices.atom", ui_practices_atom },
	{ "/:lang/practices/:slug.pdf", ui_practice_pdf },
	{ "/:lang/practices/:slug", ui_practice },
	{ "/:lang/topics", ui_topics },
	{ "/:lang/topics/:slug", ui_topic },
	{ "/:lang/collections", ui_collections },
	{ "/:lang/collections/:slug", ui_collection },
	{ "/:lang/networks", ui_networks },
	{ "/:lang/networks/:slug", ui_network },
	{ "/:lang/projects/:slug", ui_project },
	{ "/:lang/cities/:slug", ui_city },
	{ "/:lang/cooperation", ui_cooperation },
	{ "/:lang/cities.geojson", ui_cities_geojson },
	{ "/:lang/partnerships.geojson", ui_partnerships_geojson },
	{ "/:lang/memberships.csv", ui_memberships_csv },
};

const size_t ui_routesz = sizeof(ui_routes) / sizeof(ui_routes[0]);
