/* testutil.h - shared helpers for the unit tests (cmocka).
 * SPDX-License-Identifier: MIT */
#ifndef INTERCITY_TESTUTIL_H
#define INTERCITY_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#ifndef INTERCITY_DATADIR
#define INTERCITY_DATADIR "data"
#endif

/* A fresh directory for one test's files; the caller frees the string. */
static inline char *
tu_tmpdir(void)
{
	const char	*base = getenv("TEST_TMP");
	char		*p;
	size_t		 n;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	n = strlen(base) + 32;
	p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/unit.XXXXXX", base);
	assert_non_null(mkdtemp(p));
	return p;
}

/* "dir/name" in a new string. */
static inline char *
tu_path(const char *dir, const char *name)
{
	size_t	 n = strlen(dir) + strlen(name) + 2;
	char	*p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static inline const char *
tu_datadir(void)
{
	const char *d = getenv("INTERCITY_DATA");

	return d && *d ? d : INTERCITY_DATADIR;
}

/* Removes a test directory and what is in it (one level). */
static inline void
tu_rmdir(char *dir)
{
	char	 cmd[4096];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(dir);
}

static inline json_t *
tu_json(const char *text)
{
	json_error_t	 je;
	json_t		*v = json_loads(text, 0, &je);

	if (v == NULL)
		fail_msg("bad test JSON: %s: %s", je.text, text);
	return v;
}

/* Writes a string to a file. */
static inline void
tu_write(const char *path, const char *text)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

#endif
