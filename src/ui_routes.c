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
	{ "/:lang/topics/:slug.atom", ui_topic_atom },
	{ "/:lang/topics/:slug", ui_topic },
	{ "/:lang/collections", ui_collections },
	{ "/:lang/collections/:slug", ui_collection },
	{ "/:lang/networks", ui_networks },
	{ "/:lang/networks.csv", ui_networks_csv },
	{ "/:lang/networks.json", ui_networks_json },
	{ "/:lang/networks.geojson", ui_networks_geojson },
	{ "/:lang/networks/:slug.atom", ui_network_atom },
	{ "/:lang/networks/:slug", ui_network },
	{ "/:lang/projects/:slug", ui_project },
	{ "/:lang/cities/:slug.atom", ui_city_atom },
	{ "/:lang/cities/:slug", ui_city },
	{ "/:lang/cooperation", ui_cooperation },
	{ "/:lang/cities.csv", ui_cities_csv },
	{ "/:lang/cities.json", ui_cities_json },
	{ "/:lang/cities.geojson", ui_cities_geojson },
	{ "/:lang/partnerships.csv", ui_partnerships_csv },
	{ "/:lang/partnerships.json", ui_partnerships_json },
	{ "/:lang/partnerships.geojson", ui_partnerships_geojson },
	{ "/:lang/memberships.csv", ui_memberships_csv },
	{ "/:lang/memberships.json", ui_memberships_json },
};

const size_t ui_routesz = sizeof(ui_routes) / sizeof(ui_routes[0]);
