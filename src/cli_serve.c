/* cli_serve.c - the serve command: load the site, serve it.
 * SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "buf.h"
#include "cli.h"
#include "http.h"
#include "i18n.h"
#include "pdf.h"
#include "site.h"
#include "svg_graph.h"
#include "svg_map.h"
#include "ui.h"

#ifndef INTERCITY_WWWDIR
#define INTERCITY_WWWDIR	"www"
#endif
#ifndef INTERCITY_LOCALEDIR
#define INTERCITY_LOCALEDIR	"build/locale"
#endif

static const char usage[] =
    "usage: intercity serve [--listen ADDR:PORT] [--threads N] "
    "[--access-log FILE|-]\n"
    "                       [--base-url URL] [--max-per-ip N] [--no-cache]\n\n"
    "Serves the site and the JSON API (default 127.0.0.1:8080) until "
    "SIGINT or SIGTERM.\n"
    "  --listen ADDR:PORT   address to listen on (port 0: any free port)\n"
    "  --threads N          worker threads (default 2)\n"
    "  --access-log FILE    combined-format access log (default stderr; "
    "- for none)\n"
    "  --base-url URL       absolute address of the site, for feeds, the "
    "sitemap and\n"
    "                       links in exports (default http://ADDR:PORT)\n"
    "  --max-per-ip N       connections one client address may hold "
    "(default 64)\n"
    "  --no-cache           render every page whole, keeping no fragment "
    "(graphs,\n"
    "                       the whole-world cooperation view) and taking no "
    "shortcut\n"
    "                       (a narrowed cooperation page tests every "
    "partnership):\n"
    "                       to measure, or to compare with the normal pages\n";

static void
ready(void *arg, unsigned port)
{
	(void)arg;
	/* Scripts that asked for port 0 learn the real one here. */
	fprintf(stderr, "intercity: listening on port %u\n", port);
}

int
cli_serve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "access-log", required_argument, NULL, 'a' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "listen", required_argument, NULL, 'l' },
		{ "max-per-ip", required_argument, NULL, 'm' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_opts	 ho;
	struct http_route	*routes = NULL;
	struct app		 app = { NULL, NULL };
	struct site_watch	*watcher = NULL;
	struct site		*first = NULL;
	long			 version = 0;
	struct buf		 base = { 0 }, world = { 0 };
	struct db		*db;
	const char		*www, *locale;
	char			*msg = NULL, *end;
	enum err		 e;
	long			 t;
	int			 ch, rc = EXIT_IO;

	memset(&ho, 0, sizeof(ho));
	ho.listen = "127.0.0.1:8080";
	ho.threads = 2;
	while ((ch = getopt_long(argc, argv, "a:b:l:m:nt:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': ho.access_log = optarg; break;
		case 'b':
			if (strncmp(optarg, "http://", 7) &&
			    strncmp(optarg, "https://", 8)) {
				cli_warn("serve: --base-url must start with "
				    "http:// or https://, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			buf_puts(&base, optarg);
			while (base.len && base.p[base.len - 1] == '/')
				base.p[--base.len] = '\0';
			break;
		case 'd': c->db_path = optarg; break;
		case 'l': ho.listen = optarg; break;
		case 'm':
			t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 65535) {
				cli_warn("serve: --max-per-ip must be 1 to "
				    "65535, not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			ho.per_ip_max = (unsigned)t;
			break;
		case 't':
			t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 256) {
				cli_warn("serve: --threads must be 1 to 256, "
				    "not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			ho.threads = (unsigned)t;
			break;
		case 'n':
			site_cache_off();
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (base.len == 0)
		buf_printf(&base, "http://%s", ho.listen);

	www = getenv("INTERCITY_WWW") ? getenv("INTERCITY_WWW") :
	    INTERCITY_WWWDIR;
	locale = getenv("INTERCITY_LOCALE") ? getenv("INTERCITY_LOCALE") :
	    INTERCITY_LOCALEDIR;
	buf_printf(&world, "%s/world.json", c->data_dir);
	if ((e = http_static_load(www, &msg)) != ERR_OK ||
	    (e = i18n_load(locale, &msg)) != ERR_OK ||
	    (e = world.oom ? ERR_NOMEM : svg_map_load(world.p, &msg)) !=
	    ERR_OK) {
		cli_warn("serve: %s", msg ? msg : err_str(e));
		goto out;
	}
	if ((db = cli_open(c, 0)) == NULL)
		goto out;
	/* The version first: a write during the load is then seen later. */
	if ((e = db_data_version(db, &version)) == ERR_OK)
		e = site_load(db, &first, &msg);
	if (e != ERR_OK) {
		db_close(db);
		cli_warn("serve: %s", msg ? msg : err_str(e));
		goto out;
	}
	app.site = first;
	if ((watcher = site_watch(db, version, &app.site)) == NULL)
		goto out;
	app.base = base.p;

	/* The API's routes first: "/api/..." is not a language. */
	routes = calloc(api_routesz + ui_routesz, sizeof(*routes));
	if (routes == NULL)
		goto out;
	memcpy(routes, api_routes, api_routesz * sizeof(*routes));
	memcpy(routes + api_routesz, ui_routes, ui_routesz * sizeof(*routes));
	ho.routes = routes;
	ho.routesz = api_routesz + ui_routesz;
	ho.not_found = ui_not_found;
	ho.error = ui_refused;
	ho.app = &app;
	ho.ready = ready;
	e = http_serve(&ho, &msg);
	if (e != ERR_OK)
		cli_warn("serve: %s", msg ? msg : err_str(e));
	rc = e == ERR_OK ? EXIT_OK : e == ERR_INVALID ? EXIT_USAGE : EXIT_IO;
out:
	site_unwatch(watcher);
	free(msg);
	free(routes);
	site_free(app.site);
	http_static_free();
	i18n_free();
	pdf_release();
	svg_graph_release();
	svg_map_free();
	buf_free(&world);
	buf_free(&base);
	return rc;
}
