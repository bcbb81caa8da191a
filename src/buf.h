/* buf.h - a growable byte buffer with a sticky out-of-memory flag.
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_BUF_H
#define INTERCITY_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Appends never fail loudly: once an allocation fails, "oom" is set and every
 * later append does nothing, so callers check once at the end (as FTS5's
 * buffers do with a sticky rc). The contents are always NUL-terminated.
 */
struct buf {
	char	*p;	/* contents, NUL-terminated, or NULL when empty */
	size_t	 len;	/* bytes used in p, not counting the NUL */
	size_t	 cap;	/* bytes allocated for p */
	int	 oom;	/* set once an allocation has failed */
};

void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 buf_reset(struct buf *);
/* Hands the contents over ("" when empty; NULL after oom); the buffer is reset. */
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);
/* Reads a whole file; returns 0 or an errno value. */
int	 buf_read_file(struct buf *, const char *path);

#endif
