/* buf.c - growable byte buffer and error strings.
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

static int
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap;
	char	*p;

	if (b->oom)
		return -1;
	if (need < b->len || need == (size_t)-1) {
		b->oom = 1;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
buf_put(struct buf *b, const void *v, size_t n)
{
	if (buf_grow(b, b->len + n) != 0)
		return;
	if (n)
		memcpy(b->p + b->len, v, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	/* The common case without a call: room for the byte and the NUL. */
	if (b->len + 2 <= b->cap && !b->oom) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return;
	}
	buf_put(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (buf_grow(b, b->len + (size_t)n) != 0)
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

char *
buf_take(struct buf *b)
{
	char	*p;

	if (b->oom) {
		buf_free(b);
		return NULL;
	}
	p = b->p ? b->p : strdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

int
buf_read_file(struct buf *b, const char *path)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 e = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(b, chunk, n);
	if (ferror(f))
		e = errno ? errno : EIO;
	fclose(f);
	if (b->oom)
		return ENOMEM;
	if (b->p == NULL)
		buf_put(b, "", 0);
	return b->oom ? ENOMEM : e;
}

/* ---- error codes and problems ---------------------------------------- */

const char *
err_str(enum err e)
{
	static const char *const s[ERR__MAX] = {
		[ERR_OK] = "no error",
		[ERR_NOMEM] = "out of memory",
		[ERR_INVALID] = "invalid data",
		[ERR_NOTFOUND] = "not found",
		[ERR_CONFLICT] = "conflict",
		[ERR_DB] = "database error",
		[ERR_IO] = "input/output error",
	};
	return (unsigned)e < ERR__MAX ? s[e] : "unknown error";
}

enum err
problem_set(struct problem *pb, const char *path, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	problem_clear(pb);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pb->msg = buf_take(&b);
	pb->path = path ? strdup(path) : NULL;
	return ERR_INVALID;
}

void
problem_clear(struct problem *pb)
{
	free(pb->path);
	free(pb->msg);
	pb->path = pb->msg = NULL;
}
