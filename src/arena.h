/* arena.h - per-request memory: many allocations, one free.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_ARENA_H
#define INTERCITY_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A request's strings and tables come from its arena and are released
 * together when the request completes; nothing is freed one by one.
 * Allocation failures return NULL (callers on the request path answer 500
 * or drop the connection).
 */
struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* Zeroed, aligned for any type; NULL when out of memory. */
void		*arena_alloc(struct arena *, size_t);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
