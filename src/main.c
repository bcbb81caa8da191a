/* main.c - intercity: parses the global options and dispatches commands.
 * SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef INTERCITY_VERSION
#define INTERCITY_VERSION "dev"
#endif
#ifndef INTERCITY_DATADIR
#define INTERCITY_DATADIR "data"
#endif

static const struct command {
	const char	*name;
	int		(*fn)(struct cli *, int, char **);
	const char	*summary;
} commands[] = {
	{ "init", cli_init, "create the store and load countries and topics" },
	{ "import", cli_import, "import JSON or CSV files, all or nothing" },
	{ "export", cli_export, "write everything as JSON, or practices as CSV" },
	{ "stats", cli_stats, "count the records of each kind" },
	{ "search", cli_search, "search, with filters and facet counts" },
	{ "history", cli_history, "show the earlier versions of a record" },
	{ "delete", cli_delete, "delete a record, keeping it as a revision" },
	{ "serve", cli_serve, "serve the web site" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: intercity [--db PATH] COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "A multilingual knowledge base for international municipalism.\n"
	    "\n"
	    "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\n"
	    "options:\n"
	    "  --db PATH     the store (default: var/intercity.db, or "
	    "$INTERCITY_DB)\n"
	    "  --version     print the version\n"
	    "  --help        this help; COMMAND --help for a command's\n"
	    "\n"
	    "exit status: 0 done, 1 usage error, 2 invalid data, "
	    "3 file or database error\n");
}

void
cli_warn(const char *fmt, ...)
{
	va_list	 ap;

	fputs("intercity: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct db *
cli_open(const struct cli *c, int create)
{
	struct db	*db;
	char		*msg = NULL;

	if (!create && access(c->db_path, F_OK) != 0) {
		cli_warn("there is no store at %s; create it with intercity "
		    "init (or make run)", c->db_path);
		return NULL;
	}
	if ((db = db_open(c->db_path, &msg)) == NULL) {
		cli_warn("cannot open the store: %s", msg ? msg :
		    "out of memory");
		free(msg);
	}
	return db;
}

int
main(int argc, char *argv[])
{
	struct cli	 c = { 0 };
	const char	*env;
	size_t		 i;
	int		 ch;
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	c.prog = argv[0];
	c.db_path = (env = getenv("INTERCITY_DB")) && *env ? env :
	    "var/intercity.db";
	c.data_dir = (env = getenv("INTERCITY_DATA")) && *env ? env :
	    INTERCITY_DATADIR;

	/* "+": stop at the command, whose options are its own. */
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c.db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("intercity %s (schema %d)\n", INTERCITY_VERSION,
			    DB_SCHEMA_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0) {
			argc -= optind;
			argv += optind;
			optind = 0;	/* glibc: full reset for the command */
			return commands[i].fn(&c, argc, argv);
		}
	cli_warn("unknown command \"%s\"; run intercity --help for the list",
	    argv[optind]);
	return EXIT_USAGE;
}
