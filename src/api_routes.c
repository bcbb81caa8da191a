/* api_routes.c - the JSON API's addresses and handlers; the first pattern
 * that matches wins, so the fixed names come before ":kind".
 * SPDX-License-Identifier: MIT */
#include "api_int.h"

const struct http_route api_routes[] = {
	{ API_PREFIX "/openapi.json", api_openapi },
	{ API_PREFIX "/search", api_search },
	{ API_PREFIX "/cities.geojson", api_geo_cities },
	{ API_PREFIX "/networks.geojson", api_geo_networks },
	{ API_PREFIX "/partnerships.geojson", api_geo_partnerships },
	{ API_PREFIX "/:kind", api_list },
	{ API_PREFIX "/:kind/:slug", api_get },
};

const size_t api_routesz = sizeof(api_routes) / sizeof(api_routes[0]);
