/* err.h - the error codes shared by every module, and a located problem.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_ERR_H
#define INTERCITY_ERR_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_NOMEM,	/* out of memory */
	ERR_INVALID,	/* the input breaks a rule; a problem says which */
	ERR_NOTFOUND,	/* no such record */
	ERR_CONFLICT,	/* the record is in use, or already exists */
	ERR_DB,		/* the store failed */
	ERR_IO,		/* reading or writing a file failed */
	ERR__MAX
};

const char	*err_str(enum err);

/*
 * What went wrong and where, built at the edge that knows and passed up.
 * "path" is where inside a record ("parties[1].city"), or NULL; "msg" is a
 * sentence without location. Both are heap strings owned by the problem.
 */
struct problem {
	char	*path;
	char	*msg;
};

/* Replaces the problem's contents. Returns ERR_INVALID, for tail calls. */
enum err	 problem_set(struct problem *, const char *path, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 problem_clear(struct problem *);

#endif
