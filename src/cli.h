/* cli.h - the command line: one function per command, dispatched by main.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_CLI_H
#define INTERCITY_CLI_H

#include "db.h"

/* Exit statuses, as documented in README. */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_USAGE = 1,		/* bad command line */
	EXIT_DATA = 2,		/* invalid input data */
	EXIT_IO = 3,		/* file or database error */
};

struct cli {
	const char	*db_path;	/* --db, or the default */
	const char	*data_dir;	/* where countries.json etc. live */
	const char	*prog;		/* argv[0] */
};

/*
 * Opens the store or says why not on stderr; NULL on failure. Unless create
 * is set, a missing store is an error that says to run init.
 */
struct db	*cli_open(const struct cli *, int create);
/* Prints "intercity: " and the message to stderr. */
void		 cli_warn(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

int	 cli_init(struct cli *, int, char **);
int	 cli_import(struct cli *, int, char **);
int	 cli_export(struct cli *, int, char **);
int	 cli_stats(struct cli *, int, char **);
int	 cli_history(struct cli *, int, char **);
int	 cli_delete(struct cli *, int, char **);
int	 cli_search(struct cli *, int, char **);
int	 cli_serve(struct cli *, int, char **);

#endif
