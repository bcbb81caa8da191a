/* http_server.c - listening, limits, routing, caching, gzip and the access
 * log on GNU libmicrohttpd.
 * SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700	/* strptime */
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <zlib.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "model.h"

#define HTTP_CONN_TIMEOUT	30	/* seconds a client may stall */
#define HTTP_PER_IP_MAX		64	/* connections from one address,
					   unless --max-per-ip says otherwise */
/*
 * Per connection: the request line and headers; beyond it, 414/431.
 * libmicrohttpd (0.9.75 and later alike) zeroes the whole pool before
 * every request of a keep-alive connection (MHD_pool_reset), so its size
 * is a cost per request: at 384 KiB the memset was ~20% of the server's
 * time. 144 KiB holds a 128 KiB target (HTTP_URL_MAX, answered by us) and
 * its headers. A query with more than HTTP_ARGS_MAX arguments, whose
 * records would not fit, is taken away from the library and parsed here
 * (see uri_logger).
 */
#define HTTP_CONN_MEMORY	(144 * 1024)
#define HTTP_GZIP_MIN		1024	/* smaller bodies are sent as they are */
/* Level 1: pages are small and made per request; level 6 took more CPU
 * than rendering the catalogue (bench/RESULTS.md) for ~10% fewer bytes. */
#define HTTP_GZIP_LEVEL		1

/* Every response carries these; pages load nothing from elsewhere and run
 * no inline script. */
static const char csp[] =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

struct server {
	const struct http_opts	*opts;
	FILE			*log;	/* access log, NULL: none */
};

/* One request's state, from the first line to completion. */
struct request {
	struct arena	*mem;
	char		*target;	/* as sent, for the log */
	int		 too_long;	/* target over HTTP_URL_MAX */
	char		*query;		/* parsed here, not by libmicrohttpd */
	int		 started;	/* headers seen */
	int		 has_body;	/* a body came, which nothing here takes */
	const char	*method;
	const char	*version;
	const char	*referer;
	const char	*agent;
	unsigned	 status;
	size_t		 bytes;		/* body bytes sent */
};

/* ---- helpers for handlers ---------------------------------------------- */

const char *
http_arg(const struct http_req *req, const char *key)
{
	size_t	 i;

	for (i = 0; i < req->argsz; i++)
		if (strcmp(req->args[i].key, key) == 0)
			return req->args[i].val;
	return NULL;
}

static void
escape(struct buf *b, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL) {
			buf_putc(b, (char)*p);
			continue;
		}
		buf_putc(b, '%');
		buf_putc(b, hex[*p >> 4]);
		buf_putc(b, hex[*p & 15]);
	}
}

void
http_query_escape(struct buf *b, const char *s)
{
	escape(b, s, "-._~");
}

void
http_path_escape(struct buf *b, const char *s)
{
	escape(b, s, "-._~!$&'()*+,;=:@");
}

int
http_route_match(const char *pat, const char *path,
    const char *params[HTTP_PARAMS_MAX], size_t *paramsz, struct arena *mem)
{
	const char	*pe, *se, *suffix;
	size_t		 pl, sl, xl;

	*paramsz = 0;
	for (;;) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		pe = pat + strcspn(pat, "/");
		se = path + strcspn(path, "/");
		pl = (size_t)(pe - pat);
		sl = (size_t)(se - path);
		if (pl > 0 && *pat == ':') {
			/* ":name" or ":name.ext": the suffix must be there. */
			suffix = memchr(pat, '.', pl);
			xl = suffix ? (size_t)(pe - suffix) : 0;
			if (sl <= xl || *paramsz == HTTP_PARAMS_MAX ||
			    (xl && memcmp(se - xl, suffix, xl) != 0))
				return 0;
			if ((params[(*paramsz)++] =
			    arena_strndup(mem, path, sl - xl)) == NULL)
				return 0;
		} else if (pl != sl || memcmp(pat, path, pl) != 0)
			return 0;
		pat = pe;
		path = se;
		if (*pat == '\0' && *path == '\0')
			return 1;
	}
}

/* ---- responses --------------------------------------------------------- */

static const char *
reason(unsigned status)
{
	switch (status) {
	case 400: return "bad request";
	case 404: return "not found";
	case 405: return "only GET and HEAD are served";
	case 413: return "this server takes no request bodies";
	case 414: return "the address is too long";
	case 500: return "internal error";
	default: return "error";
	}
}

static int
compressible(const char *type)
{
	return type != NULL && (strncmp(type, "text/", 5) == 0 ||
	    strstr(type, "json") != NULL || strstr(type, "xml") != NULL ||
	    strstr(type, "svg") != NULL || strstr(type, "javascript") != NULL);
}

/* "gzip" acceptable, and not refused with q=0. */
static int
accepts_gzip(const char *ae)
{
	const char	*p;

	if (ae == NULL || (p = strstr(ae, "gzip")) == NULL)
		return 0;
	p += 4;
	while (*p == ' ')
		p++;
	if (strncmp(p, ";q=0", 4) == 0 && strspn(p + 4, ".0") ==
	    strcspn(p + 4, ","))
		return 0;
	return 1;
}

/* gzip-wraps data into out; 0 on success. */
static int
gzip(const void *data, size_t len, struct buf *out)
{
	z_stream	 z;
	int		 rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, HTTP_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	buf_reset(out);
	buf_put(out, "", 0);
	out->len = 0;
	/* deflateBound is exact enough to need no second pass. */
	{
		size_t	 bound = deflateBound(&z, (uLong)len);
		char	*p = realloc(out->p, bound + 1);

		if (p == NULL) {
			deflateEnd(&z);
			return -1;
		}
		out->p = p;
		out->cap = bound + 1;
		z.next_in = (Bytef *)(uintptr_t)data;
		z.avail_in = (uInt)len;
		z.next_out = (Bytef *)p;
		z.avail_out = (uInt)bound;
	}
	rc = deflate(&z, Z_FINISH);
	out->len = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

/*
 * An entity tag that changes whenever the body does: MurmurHash3's 64-bit
 * mixing over 8-byte words. (FNV-1a, one multiply per byte, was 10% of the
 * server's time on a 15 KB catalogue page.)
 */
static uint64_t
body_hash(const void *data, size_t len)
{
	const unsigned char	*p = data;
	uint64_t		 h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t			 i;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		w *= 0x87c37b91114253d5ULL;
		w = (w << 31) | (w >> 33);
		w *= 0x4cf5ad432745937fULL;
		h ^= w;
		h = ((h << 27) | (h >> 37)) * 5 + 0x52dce729;
	}
	for (w = 0, i = 0; i < len; i++)
		w |= (uint64_t)p[i] << (8 * i);
	w *= 0x87c37b91114253d5ULL;
	w = (w << 31) | (w >> 33);
	h ^= w * 0x4cf5ad432745937fULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static void
http_date(char out[40], time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 40, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static time_t
parse_http_date(const char *s)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT",
	    &tm)) == NULL || *end != '\0')
		return 0;
	return timegm(&tm);
}

static void
header(struct MHD_Response *r, const char *k, const char *v)
{
	if (v != NULL)
		MHD_add_response_header(r, k, v);
}

static enum MHD_Result
queue(struct MHD_Connection *conn, struct request *rq, struct http_resp *res)
{
	struct MHD_Response	*r;
	struct buf		 z = { 0 }, *owned;
	enum MHD_Result		 ret;
	const void		*body;
	const char		*inm, *enc = NULL;
	char			 etag[40], date[40];
	size_t			 len;
	unsigned		 status = res->status ? res->status : 200;

	if (status >= 400 && res->body.len == 0 && res->data == NULL) {
		res->type = "text/plain; charset=utf-8";
		buf_printf(&res->body, "%s\n", reason(status));
	}
	if (res->body.oom) {
		status = 500;
		buf_free(&res->body);
		res->type = "text/plain; charset=utf-8";
		res->data = "out of memory\n";
		res->datasz = strlen(res->data);
	}
	body = res->data ? res->data : res->body.p ? res->body.p : "";
	len = res->data ? res->datasz : res->body.len;

	etag[0] = '\0';
	if (status == 200) {
		int gz = compressible(res->type) && len >= HTTP_GZIP_MIN &&
		    accepts_gzip(MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "Accept-Encoding"));

		snprintf(etag, sizeof(etag), "\"%016llx%s\"",
		    (unsigned long long)body_hash(body, len), gz ? "-gz" : "");
		inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    "If-None-Match");
		if ((inm != NULL && strstr(inm, etag) != NULL) ||
		    (inm == NULL && res->modified != 0 && res->modified <=
		    parse_http_date(MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "If-Modified-Since")))) {
			status = 304;
			body = "";
			len = 0;
		} else if (gz && gzip(body, len, &z) == 0 && z.len < len) {
			body = z.p;
			len = z.len;
			enc = "gzip";
		}
	}
	/* A body of ours is handed over, not copied: freed with the
	 * response. */
	owned = NULL;
	if (len > 0 && z.p != NULL && body == z.p)
		owned = &z;
	else if (len > 0 && res->body.p != NULL && body == res->body.p)
		owned = &res->body;
	if (owned != NULL) {
		r = MHD_create_response_from_buffer_with_free_callback(len,
		    owned->p, free);
		if (r != NULL) {
			owned->p = NULL;
			owned->len = owned->cap = 0;
		}
	} else
		r = MHD_create_response_from_buffer(len,
		    (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	buf_free(&z);
	if (r == NULL)
		return MHD_NO;
	if (status != 304)
		header(r, "Content-Type", res->type);
	header(r, "Content-Encoding", enc);
	header(r, "Content-Security-Policy", csp);
	header(r, "X-Content-Type-Options", "nosniff");
	header(r, "X-Frame-Options", "DENY");
	header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	header(r, "Cache-Control", res->cache ? res->cache : "no-cache");
	if (etag[0]) {
		header(r, "ETag", etag);
		header(r, "Vary", res->vary ? res->vary : "Accept-Encoding");
	} else
		header(r, "Vary", res->vary);
	if (res->modified != 0) {
		http_date(date, res->modified);
		header(r, "Last-Modified", date);
	}
	header(r, "Location", res->location);
	header(r, "Content-Disposition", res->disposition);
	header(r, "Content-Language", res->language);
	header(r, "Allow", res->allow);
	header(r, "Access-Control-Allow-Origin", res->cors);
	rq->status = status;
	rq->bytes = len;
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- the request cycle ------------------------------------------------- */

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *val)
{
	struct http_req	*req = cls;
	struct http_arg	*a;

	(void)kind;
	if (req->argsz == HTTP_ARGS_MAX) {
		req->argsz++;	/* one over: refused below */
		return MHD_NO;
	}
	a = &req->args[req->argsz++];
	a->key = key;
	a->val = val ? val : "";
	return MHD_YES;
}

/*
 * A request's state is made when its first line arrives, but libmicrohttpd
 * reports completion only for requests that reached the handler: one it
 * refuses itself (a 414 or 431 of its own) would leave the state behind.
 * So each connection remembers its request still pending, and the state
 * is freed by completion, by the next request, or when the connection
 * closes, whichever comes first.
 */
struct conn {
	struct request	*pending;	/* made, not yet completed */
};

static void
conn_notify(void *cls, struct MHD_Connection *conn, void **socket_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct conn	*c = *socket_ctx;

	(void)cls;
	(void)conn;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		*socket_ctx = calloc(1, sizeof(struct conn));
	else if (c != NULL) {
		if (c->pending != NULL)
			arena_free(c->pending->mem);
		free(c);
		*socket_ctx = NULL;
	}
}

static struct conn *
conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* More than HTTP_ARGS_MAX arguments in a query (its '&'s bound them). */
static int
many_args(const char *q)
{
	size_t	 n = 0;

	while ((q = strchr(q, '&')) != NULL) {
		q++;
		if (++n >= HTTP_ARGS_MAX)
			return 1;
	}
	return 0;
}

static void
unplus(char *s)
{
	for (; *s; s++)
		if (*s == '+')
			*s = ' ';
}

/*
 * A query parsed as libmicrohttpd 0.9.75 does (MHD_parse_arguments_):
 * '&'-separated "key=value" or "key", '+' and %XX decoded, each given to
 * collect_arg until it refuses.
 */
static void
parse_query(struct http_req *req, char *args)
{
	char	*amp, *eq;

	while (args != NULL && *args != '\0') {
		if ((amp = strchr(args, '&')) != NULL)
			*amp++ = '\0';
		if ((eq = strchr(args, '=')) != NULL) {
			*eq++ = '\0';
			unplus(eq);
			MHD_http_unescape(eq);
		}
		unplus(args);
		MHD_http_unescape(args);
		if (collect_arg(req, MHD_GET_ARGUMENT_KIND, args, eq) !=
		    MHD_YES)
			break;
		args = amp;
	}
}

/* The first place the request shows: its target, before any decoding. */
static void *
uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request	*rq;
	struct arena	*mem;
	struct conn	*c = conn_of(conn);
	size_t		 n = strlen(uri);
	const char	*q;

	(void)cls;
	if (c != NULL && c->pending != NULL) {
		arena_free(c->pending->mem);
		c->pending = NULL;
	}
	if ((mem = arena_new()) == NULL)
		return NULL;
	if ((rq = arena_alloc(mem, sizeof(*rq))) == NULL) {
		arena_free(mem);
		return NULL;
	}
	rq->mem = mem;
	rq->too_long = n > HTTP_URL_MAX;
	rq->target = arena_strndup(mem, uri, rq->too_long ? 200 : n);
	/*
	 * libmicrohttpd keeps a record of ~48 bytes per query argument in
	 * the connection's pool, so 5,000 filters would need 240 KiB more
	 * of it and get its own 431 instead of our 400 naming the
	 * parameter. A query that has more arguments than any request is
	 * allowed is kept here, and the library is given an empty one:
	 * 0.9.75 calls this before it parses the arguments, on its own
	 * (writable) copy of the request line, and parses from the '?' to
	 * the first NUL.
	 */
	if ((q = strchr(uri, '?')) != NULL && many_args(q + 1)) {
		if (!rq->too_long &&
		    (rq->query = arena_strdup(mem, q + 1)) == NULL) {
			arena_free(mem);
			return NULL;
		}
		((char *)(uintptr_t)q)[1] = '\0';
	}
	if (c != NULL)
		c->pending = rq;
	return rq;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *uploadsz, void **state)
{
	struct server		*s = cls;
	struct request		*rq = *state;
	struct http_req		 req;
	struct http_resp	 res;
	enum MHD_Result		 ret;
	size_t			 i;

	(void)upload;
	if (rq == NULL)
		return MHD_NO;	/* out of memory at the first line */
	if (!rq->started) {
		rq->started = 1;
		rq->method = arena_strdup(rq->mem, method);
		rq->version = arena_strdup(rq->mem, version);
		rq->referer = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "Referer");
		rq->agent = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, "User-Agent");
		if (rq->referer)
			rq->referer = arena_strndup(rq->mem, rq->referer,
			    strnlen(rq->referer, 512));
		if (rq->agent)
			rq->agent = arena_strndup(rq->mem, rq->agent,
			    strnlen(rq->agent, 512));
		/* Refuse other methods now, before any body is read. */
		if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
			memset(&res, 0, sizeof(res));
			res.status = 405;
			res.allow = "GET, HEAD";
			ret = queue(conn, rq, &res);
			buf_free(&res.body);
			return ret;
		}
		return MHD_YES;
	}
	if (*uploadsz != 0) {
		/* Drop the body; answer once it has all arrived. */
		*uploadsz = 0;
		rq->has_body = 1;
		return MHD_YES;
	}

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.mem = rq->mem;
	req.app = s->opts->app;
	req.path = url;
	req.target = rq->target;
	req.accept_language = MHD_lookup_connection_value(conn,
	    MHD_HEADER_KIND, "Accept-Language");
	req.host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	if (rq->has_body) {
		res.status = 413;
		goto out;
	}
	if (rq->too_long) {
		s->opts->error(&req, &res, 414, "the address is longer than "
		    "131,072 bytes");
		goto out;
	}
	req.args = arena_alloc(rq->mem, (HTTP_ARGS_MAX + 1) *
	    sizeof(*req.args));
	if (req.args == NULL)
		return MHD_NO;
	if (rq->query != NULL)
		parse_query(&req, rq->query);
	else
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
		    collect_arg, &req);
	if (req.argsz > HTTP_ARGS_MAX) {
		s->opts->error(&req, &res, 400, "too many query parameters "
		    "(more than 512)");
		goto out;
	}
	if (!model_utf8_valid(url, strlen(url))) {
		s->opts->error(&req, &res, 400, "the address is not valid "
		    "UTF-8");
		goto out;
	}
	for (i = 0; i < req.argsz; i++)
		if (!model_utf8_valid(req.args[i].key,
		    strlen(req.args[i].key)) ||
		    !model_utf8_valid(req.args[i].val,
		    strlen(req.args[i].val))) {
			s->opts->error(&req, &res, 400, arena_printf(rq->mem,
			    "query parameter %zu is not valid UTF-8", i + 1));
			goto out;
		}
	for (i = 0; i < s->opts->routesz; i++)
		if (http_route_match(s->opts->routes[i].pattern, url,
		    req.params, &req.paramsz, rq->mem)) {
			s->opts->routes[i].fn(&req, &res);
			goto out;
		}
	s->opts->not_found(&req, &res);
out:
	ret = queue(conn, rq, &res);
	buf_free(&res.body);
	return ret;
}

/* Appends s for a quoted field of the access log. */
static void
log_quoted(struct buf *b, const char *s)
{
	const unsigned char *p;

	buf_putc(b, '"');
	for (p = (const unsigned char *)(s ? s : "-"); *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			buf_printf(b, "\\x%02x", *p);
		else
			buf_putc(b, (char)*p);
	buf_putc(b, '"');
}

/* The access log in the combined format, one write per line. */
static void
completed(void *cls, struct MHD_Connection *conn, void **state,
    enum MHD_RequestTerminationCode code)
{
	struct server			*s = cls;
	struct request			*rq = *state;
	const union MHD_ConnectionInfo	*ci;
	struct buf			 b = { 0 };
	char				 host[INET6_ADDRSTRLEN] = "-";
	char				 date[40];
	struct tm			 tm;
	time_t				 now;

	(void)code;
	if (rq == NULL)
		return;
	if (s->log != NULL && rq->method != NULL) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    (const void *)ci->client_addr)->sin_addr, host,
			    sizeof(host));
		else if (ci != NULL && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    (const void *)ci->client_addr)->sin6_addr, host,
			    sizeof(host));
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(date, sizeof(date), "%d/%b/%Y:%H:%M:%S +0000", &tm);
		buf_printf(&b, "%s - - [%s] ", host, date);
		{
			struct buf line = { 0 };

			buf_printf(&line, "%s %s%s %s", rq->method,
			    rq->target ? rq->target : "-",
			    rq->too_long ? "..." : "", rq->version);
			log_quoted(&b, line.p);
			buf_free(&line);
		}
		buf_printf(&b, " %u %zu ", rq->status, rq->bytes);
		log_quoted(&b, rq->referer);
		buf_putc(&b, ' ');
		log_quoted(&b, rq->agent);
		buf_putc(&b, '\n');
		if (!b.oom) {
			fwrite(b.p, 1, b.len, s->log);
			fflush(s->log);
		}
		buf_free(&b);
	}
	{
		struct conn *c = conn_of(conn);

		if (c != NULL && c->pending == rq)
			c->pending = NULL;
	}
	arena_free(rq->mem);
	*state = NULL;
}

/* ---- listening --------------------------------------------------------- */

/* Splits "host:port" or "[v6]:port" and resolves it numerically. */
static struct addrinfo *
resolve_listen(const char *listen, char **msg)
{
	struct addrinfo	 hints, *ai = NULL;
	struct buf	 host = { 0 }, m = { 0 };
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
		buf_printf(&m, "--listen \"%s\": %s", listen, gai_strerror(rc));
		*msg = buf_take(&m);
		return NULL;
	}
	return ai;
bad:
	buf_printf(&m, "--listen \"%s\" is not ADDRESS:PORT (such as "
	    "127.0.0.1:8080 or [::1]:8080)", listen);
	*msg = buf_take(&m);
	return NULL;
}

enum err
http_serve(const struct http_opts *opts, char **msg)
{
	struct server			 s = { opts, stderr };
	struct MHD_Daemon		*d;
	const union MHD_DaemonInfo	*di;
	struct addrinfo			*ai;
	struct buf			 m = { 0 };
	sigset_t			 set;
	unsigned			 flags;
	int				 sig;

	*msg = NULL;
	if ((ai = resolve_listen(opts->listen, msg)) == NULL)
		return ERR_INVALID;
	if (opts->access_log != NULL && strcmp(opts->access_log, "-") == 0)
		s.log = NULL;
	else if (opts->access_log != NULL &&
	    (s.log = fopen(opts->access_log, "a")) == NULL) {
		buf_printf(&m, "cannot open the access log %s", opts->access_log);
		*msg = buf_take(&m);
		freeaddrinfo(ai);
		return ERR_IO;
	}

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
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, opts->per_ip_max ?
	    opts->per_ip_max : (unsigned)HTTP_PER_IP_MAX,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_logger, &s,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, &s,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (d == NULL) {
		buf_printf(&m, "cannot listen on %s (in use, or not an address "
		    "of this machine?)", opts->listen);
		*msg = buf_take(&m);
		if (s.log != NULL && s.log != stderr)
			fclose(s.log);
		return ERR_IO;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "intercity: serving on http://%s/ (Ctrl-C stops)\n",
	    opts->listen);
	if (opts->ready != NULL)
		opts->ready(opts->app, di ? di->port : 0);
	sigwait(&set, &sig);
	fprintf(stderr, "intercity: stopping (signal %d)\n", sig);
	/* Stop accepting; MHD_stop_daemon then waits for requests in flight. */
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	if (s.log != NULL && s.log != stderr)
		fclose(s.log);
	return ERR_OK;
}
