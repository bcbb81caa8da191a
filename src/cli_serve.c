/* cli_serve.c - the serve command.
 * SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "http.h"

/*
 * Until the catalogue pages land, the site is one page saying what the store
 * holds. Only numbers and compile-time names reach this HTML.
 */
static char *
placeholder_page(struct db *db)
{
	struct buf	 b = { 0 };
	long		 n;
	size_t		 k;

	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<title>intercity</title>\n"
	    "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n"
	    "<link rel=\"stylesheet\" href=\"/static/placeholder.css\">\n"
	    "</head>\n<body>\n<main>\n"
	    "<h1>intercity</h1>\n"
	    "<p>A multilingual knowledge base for international municipalism: "
	    "good practices, city networks and city-to-city cooperation. The "
	    "catalogue is on its way; the store already holds:</p>\n"
	    "<table>\n<caption>Records in the store</caption>\n"
	    "<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">"
	    "Records</th></tr></thead>\n<tbody>\n");
	for (k = 0; k < KIND__MAX; k++) {
		if (db_count(db, (enum kind)k, &n) != ERR_OK)
			n = 0;
		buf_printf(&b, "<tr><td>%s</td><td>%ld</td></tr>\n",
		    model_kinds[k].plural, n);
	}
	buf_puts(&b, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
	return buf_take(&b);
}

int
cli_serve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_opts	 ho = { "127.0.0.1:8080", 2, NULL };
	struct db		*db;
	char			*msg = NULL, *end;
	enum err		 e;
	long			 t;
	int			 ch;

	while ((ch = getopt_long(argc, argv, "l:t:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c->db_path = optarg; break;
		case 'l': ho.listen = optarg; break;
		case 't':
			t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 256) {
				cli_warn("serve: --threads must be 1 to 256, "
				    "not \"%s\"", optarg);
				return EXIT_USAGE;
			}
			ho.threads = (unsigned)t;
			break;
		case 'h':
			printf("usage: intercity serve [--listen ADDR:PORT] "
			    "[--threads N]\n\nServes the site (default "
			    "127.0.0.1:8080) until SIGINT or SIGTERM.\n");
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if ((db = cli_open(c, 0)) == NULL)
		return EXIT_IO;
	ho.page = placeholder_page(db);
	db_close(db);
	if (ho.page == NULL)
		return EXIT_IO;
	e = http_serve(&ho, &msg);
	if (e != ERR_OK)
		cli_warn("serve: %s", msg ? msg : err_str(e));
	free(msg);
	free((char *)ho.page);
	return e == ERR_OK ? EXIT_OK : e == ERR_INVALID ? EXIT_USAGE : EXIT_IO;
}
