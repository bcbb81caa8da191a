/* api_routes.c - the JSON API's addresses and handlers.
 * SPDX-License-Identifier: MIT */
#include "api.h"

const struct http_route api_routes[] = {
	{ "/api/v1/openapi.json", NULL },
};

const size_t api_routesz = 0;
