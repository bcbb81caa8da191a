/* http.h - the web server on GNU libmicrohttpd.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_HTTP_H
#define INTERCITY_HTTP_H

#include "err.h"

struct http_opts {
	const char	*listen;	/* "127.0.0.1:8080", "[::1]:8080" */
	unsigned	 threads;	/* worker threads */
	const char	*page;		/* the placeholder home page (HTML) */
};

/*
 * Serves until SIGINT or SIGTERM, then lets requests in flight finish.
 * Returns ERR_OK, ERR_INVALID (bad listen address: *msg says why) or
 * ERR_IO (cannot listen).
 */
enum err	 http_serve(const struct http_opts *, char **msg);

#endif
