/* http_server.c - listening, routing and shutdown on GNU libmicrohttpd.
 * SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/types.h>

#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "buf.h"
#include "http.h"

#define HTTP_URL_MAX		4096	/* longer: 414 */
#define HTTP_CONN_TIMEOUT	30	/* seconds a client may stall */
#define HTTP_PER_IP_MAX		64	/* connections from one address */

/* Until the site's stylesheet lands: readable, calm, accessible contrast. */
static const char placeholder_css[] =
    "html{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24;"
    "background:#f6f7f9}\n"
    "main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;"
    "border:1px solid #d6dae0;border-radius:6px}\n"
    "h1{margin-top:0;color:#0b4f8a}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "caption{text-align:left;font-weight:600;padding:.5rem 0}\n"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid "
    "#d6dae0}\n"
    "td:last-child,th:last-child{text-align:right;"
    "font-variant-numeric:tabular-nums}\n";

/* Three linked cities on the site's blue. */
static const char favicon_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
    "<rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#0b4f8a\"/>"
    "<path d=\"M8 22 16 9 24 22Z\" fill=\"none\" stroke=\"#fff\" "
    "stroke-width=\"2\"/><g fill=\"#fff\"><circle cx=\"8\" cy=\"22\" "
    "r=\"3.5\"/><circle cx=\"16\" cy=\"9\" r=\"3.5\"/><circle cx=\"24\" "
    "cy=\"22\" r=\"3.5\"/></g></svg>\n";

struct server {
	const struct http_opts	*opts;
};

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
	    "form-action 'self'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Per-request states, kept in libmicrohttpd's per-request pointer. */
static int	 st_started;	/* headers seen */
static int	 st_has_body;	/* a body came, which nothing here takes */

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *uploadsz, void **state)
{
	struct server	*s = cls;

	(void)version;
	(void)upload;
	if (*state == NULL) {
		/*
		 * The first call has only the headers: refuse other methods
		 * now, before any body is read.
		 */
		if (strcmp(method, "GET") && strcmp(method, "HEAD"))
			return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "text/plain; charset=utf-8",
			    "only GET and HEAD are served\n");
		*state = &st_started;
		return MHD_YES;
	}
	if (*uploadsz != 0) {
		/* Drop the body; answer once it has all arrived. */
		*uploadsz = 0;
		*state = &st_has_body;
		return MHD_YES;
	}
	if (*state == &st_has_body)
		return reply(conn, MHD_HTTP_CONTENT_TOO_LARGE,
		    "text/plain; charset=utf-8",
		    "this server takes no request bodies\n");
	if (strlen(url) > HTTP_URL_MAX)
		return reply(conn, MHD_HTTP_URI_TOO_LONG, "text/plain; charset=utf-8",
		    "the address is too long\n");
	if (strcmp(url, "/") == 0)
		return reply(conn, MHD_HTTP_OK, "text/html; charset=utf-8",
		    s->opts->page);
	if (strcmp(url, "/static/placeholder.css") == 0)
		return reply(conn, MHD_HTTP_OK, "text/css; charset=utf-8",
		    placeholder_css);
	if (strcmp(url, "/favicon.svg") == 0 || strcmp(url, "/favicon.ico") == 0)
		return reply(conn, MHD_HTTP_OK, "image/svg+xml", favicon_svg);
	if (strcmp(url, "/healthz") == 0)
		return reply(conn, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n");
	return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
	    "not found\n");
}

/* Splits "host:port" or "[v6]:port" and resolves it numerically. */
static struct addrinfo *
resolve_listen(const char *listen, char **msg)
{
	struct addrinfo	 hints, *ai = NULL;
	struct buf	 host = { 0 };
	const char	*port, *h = listen;
	size_t		 hl;
	int		 rc;

	if (*h == '[') {
		const char *close = strchr(h, ']');

		if (close == NULL || close[1] != ':')
			goto bad;
		h++;
		hl = (size_t)(close - h);
		port = close + 2;
	} else {
		if ((port = strrchr(h, ':')) == NULL)
			goto bad;
		hl = (size_t)(port - h);
		port++;
	}
	if (*port == '\0' || strspn(port, "0123456789") != strlen(port) ||
	    strlen(port) > 5 || atoi(port) > 65535)
		goto bad;
	buf_put(&host, h, hl);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	rc = getaddrinfo(host.len ? host.p : NULL, port, &hints, &ai);
	buf_free(&host);
	if (rc != 0) {
		struct buf m = { 0 };

		buf_printf(&m, "--listen \"%s\": %s", listen, gai_strerror(rc));
		*msg = buf_take(&m);
		return NULL;
	}
	return ai;
bad:
	{
		struct buf m = { 0 };

		buf_printf(&m, "--listen \"%s\" is not ADDRESS:PORT (such as "
		    "127.0.0.1:8080 or [::1]:8080)", listen);
		*msg = buf_take(&m);
	}
	return NULL;
}

enum err
http_serve(const struct http_opts *opts, char **msg)
{
	struct server		 s = { opts };
	struct MHD_Daemon	*d;
	struct addrinfo		*ai;
	sigset_t		 set;
	unsigned		 flags;
	int			 sig;

	*msg = NULL;
	if ((ai = resolve_listen(opts->listen, msg)) == NULL)
		return ERR_INVALID;

	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* ITC lets MHD_quiesce_daemon() wake the polling threads. */
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, &s,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_THREAD_POOL_SIZE, opts->threads ? opts->threads : 2u,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONN_TIMEOUT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_PER_IP_MAX,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (d == NULL) {
		struct buf m = { 0 };

		buf_printf(&m, "cannot listen on %s (in use, or not an address "
		    "of this machine?)", opts->listen);
		*msg = buf_take(&m);
		return ERR_IO;
	}
	fprintf(stderr, "intercity: serving on http://%s/ (Ctrl-C stops)\n",
	    opts->listen);
	sigwait(&set, &sig);
	fprintf(stderr, "intercity: stopping (signal %d)\n", sig);
	/* Stop accepting; MHD_stop_daemon then waits for requests in flight. */
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	return ERR_OK;
}
