/* http_static.c - the site's CSS, JavaScript and images, read once at
 * start-up and served with long cache lifetimes under versioned URLs.
 * SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"

#define STATIC_MAX	64	/* files in the assets directory */

struct asset {
	char		*name;	/* "site.css" */
	char		*url;	/* "/static/site.css?v=0123abcd" */
	char		 version[17]; /* hash of the contents */
	const char	*type;
	struct buf	 data;
};

/* Written once before the server starts, read-only afterwards. */
static struct asset	 assets[STATIC_MAX];
static size_t		 assetsz;	/* entries used in assets */

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".woff2", "font/woff2" },
};

static const char *
type_of(const char *name)
{
	size_t	 i, n = strlen(name), e;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n > e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return NULL;
}

void
http_static_free(void)
{
	size_t	 i;

	for (i = 0; i < assetsz; i++) {
		free(assets[i].name);
		free(assets[i].url);
		buf_free(&assets[i].data);
	}
	assetsz = 0;
}

enum err
http_static_load(const char *dir, char **msg)
{
	struct buf	 path = { 0 }, m = { 0 };
	struct dirent	*de;
	struct asset	*a;
	DIR		*d;
	uint64_t	 h;
	size_t		 i;
	enum err	 e = ERR_OK;

	*msg = NULL;
	if ((d = opendir(dir)) == NULL) {
		buf_printf(&m, "cannot read the site's assets in %s", dir);
		*msg = buf_take(&m);
		return ERR_IO;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || type_of(de->d_name) == NULL)
			continue;
		if (assetsz == STATIC_MAX) {
			buf_printf(&m, "%s: more than %d assets", dir,
			    STATIC_MAX);
			e = ERR_INVALID;
			break;
		}
		a = &assets[assetsz];
		memset(a, 0, sizeof(*a));
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		if (path.oom || buf_read_file(&a->data, path.p) != 0) {
			buf_printf(&m, "cannot read %s", path.p ? path.p : dir);
			e = ERR_IO;
			break;
		}
		h = 0xcbf29ce484222325ULL;
		for (i = 0; i < a->data.len; i++)
			h = (h ^ (unsigned char)a->data.p[i]) *
			    0x100000001b3ULL;
		snprintf(a->version, sizeof(a->version), "%016llx",
		    (unsigned long long)h);
		a->name = strdup(de->d_name);
		a->type = type_of(de->d_name);
		{
			struct buf u = { 0 };

			buf_printf(&u, "/static/%s?v=%.10s", de->d_name,
			    a->version);
			a->url = buf_take(&u);
		}
		assetsz++;
		if (a->name == NULL || a->url == NULL) {
			e = ERR_NOMEM;
			break;
		}
	}
	closedir(d);
	buf_free(&path);
	if (e != ERR_OK) {
		*msg = buf_take(&m);
		http_static_free();
	}
	return e;
}

const char *
http_static_url(const char *name)
{
	size_t	 i;

	for (i = 0; i < assetsz; i++)
		if (strcmp(assets[i].name, name) == 0)
			return assets[i].url;
	return "/static/missing";
}

void
http_static_serve(struct http_req *req, struct http_resp *res)
{
	const char	*v = http_arg(req, "v");
	size_t		 i;

	for (i = 0; i < assetsz; i++)
		if (strcmp(assets[i].name, req->params[0]) == 0)
			break;
	if (i == assetsz) {
		res->status = 404;
		return;
	}
	res->type = assets[i].type;
	res->data = assets[i].data.p;
	res->datasz = assets[i].data.len;
	/* Only the current version's URL may be kept for a year. */
	if (v != NULL && strncmp(v, assets[i].version, 10) == 0 &&
	    strlen(v) == 10)
		res->cache = "public, max-age=31536000, immutable";
	else
		res->cache = "no-cache";
}
