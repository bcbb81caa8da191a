/* http.h - the web server on GNU libmicrohttpd: requests, responses, routes.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_HTTP_H
#define INTERCITY_HTTP_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* Limits enforced at the edge, before any handler runs. */
/* Whole request target; longer: 414. Generous, so that a long query or a
 * pile of filters gets a 400 that says what is wrong instead. */
#define HTTP_URL_MAX		131072
#define HTTP_ARGS_MAX		512	/* query arguments; more: 400 */
#define HTTP_PARAMS_MAX		4	/* captures in a route pattern */

struct http_arg {
	const char	*key;	/* decoded, NUL-terminated */
	const char	*val;	/* decoded, "" when absent */
};

struct http_req {
	struct arena	*mem;		/* freed when the request completes */
	void		*app;		/* http_opts.app */
	const char	*path;		/* decoded path, without the query */
	const char	*target;	/* the request target as sent */
	struct http_arg	*args;		/* query arguments in order */
	size_t		 argsz;		/* entries in args */
	const char	*params[HTTP_PARAMS_MAX]; /* route captures */
	size_t		 paramsz;	/* entries in params */
	const char	*accept_language; /* NULL when absent */
	const char	*host;		/* Host header, NULL when absent */
};

struct http_resp {
	unsigned	 status;	/* 200 unless set */
	const char	*type;		/* Content-Type */
	struct buf	 body;		/* the body, built by the handler */
	const void	*data;		/* or a body that outlives the request */
	size_t		 datasz;	/* bytes in data */
	const char	*location;	/* Location, for redirects */
	const char	*disposition;	/* Content-Disposition */
	const char	*cache;		/* Cache-Control; default "no-cache" */
	const char	*language;	/* Content-Language */
	const char	*vary;		/* Vary, besides Accept-Encoding */
	const char	*allow;		/* Allow, with 405 */
	const char	*cors;		/* Access-Control-Allow-Origin */
	time_t		 modified;	/* Last-Modified; 0: none */
};

/* A handler fills resp; a status >= 400 with an empty body is completed
 * with a plain-text reason by the server. */
typedef void	(*http_handler)(struct http_req *, struct http_resp *);

/*
 * A route: the path pattern is matched segment by segment; ":name" captures
 * one non-empty segment into req->params in order, and ":name.pdf" captures
 * a segment ending in ".pdf" without the suffix. The first match wins.
 */
struct http_route {
	const char	*pattern;
	http_handler	 fn;
};

struct http_opts {
	const char		*listen;	/* "127.0.0.1:8080", "[::1]:8080" */
	unsigned		 threads;	/* worker threads */
	const struct http_route	*routes;
	size_t			 routesz;	/* entries in routes */
	http_handler		 not_found;	/* no route matched */
	/* Answers a request the server refuses before routing (400, 414)
	 * with a page; msg says what is wrong. */
	void			(*error)(struct http_req *, struct http_resp *,
				    unsigned status, const char *msg);
	void			*app;		/* handed to handlers in req->app */
	const char		*access_log;	/* path; NULL: stderr; "-": none */
	/* Called once the daemon listens (the port is known), may be NULL. */
	void			(*ready)(void *app, unsigned port);
};

/*
 * Serves until SIGINT or SIGTERM, then lets requests in flight finish.
 * Returns ERR_OK, ERR_INVALID (bad listen address: *msg says why) or
 * ERR_IO (cannot listen, cannot open the access log).
 */
enum err	 http_serve(const struct http_opts *, char **msg);

/* Matches a path against a pattern; fills params on success (1). */
int		 http_route_match(const char *pattern, const char *path,
		    const char *params[HTTP_PARAMS_MAX], size_t *paramsz,
		    struct arena *);

/* The first value of a query argument, NULL when absent. */
const char	*http_arg(const struct http_req *, const char *key);

/* Appends s escaped for a URL query value (RFC 3986 unreserved kept). */
void		 http_query_escape(struct buf *, const char *s);
/* Appends s escaped for a URL path segment. */
void		 http_path_escape(struct buf *, const char *s);

/* ---- static assets (http_static.c) ------------------------------------ */

/*
 * Loads every file of dir into memory once, at start-up. Files are served
 * at /static/NAME; http_static_url() gives "/static/NAME?v=HASH", which is
 * cached for a year, since a changed file changes its URL.
 */
enum err	 http_static_load(const char *dir, char **msg);
void		 http_static_free(void);
const char	*http_static_url(const char *name);
void		 http_static_serve(struct http_req *, struct http_resp *);

#endif
