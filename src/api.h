/* api.h - the JSON API under /api/v1.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_API_H
#define INTERCITY_API_H

#include "http.h"

extern const struct http_route	 api_routes[];
extern const size_t		 api_routesz;

#endif
