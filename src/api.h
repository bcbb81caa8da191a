/* api.h - the JSON API under /api/v1.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_API_H
#define INTERCITY_API_H

#include "http.h"

extern const struct http_route	 api_routes[];
extern const size_t		 api_routesz;

/* 1 when path is the API's ("/api/..."), whose errors are JSON. */
int	 api_path(const char *path);

/*
 * The API's answers to what the server refuses before routing (400 for
 * too many arguments or invalid UTF-8, 414) and to an address no route
 * matches: application/problem+json, with the parameter at fault when
 * one can be named. The site's own handlers call these for api_path().
 */
void	 api_refused(struct http_req *, struct http_resp *, unsigned status,
	    const char *msg);
void	 api_not_found(struct http_req *, struct http_resp *);

#endif
