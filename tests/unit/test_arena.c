/* test_arena.c - per-request memory in arena.c: small and big allocations,
 * zeroing, alignment, copies and printf, arena_free(NULL).
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <stdalign.h>

#include "arena.h"

static int
aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

/* Every allocation is zeroed, aligned for any type, and does not overlap
 * another one: each is filled with its own byte and checked at the end. */
static void
many_small(void **state)
{
	struct arena	*a = arena_new();
	unsigned char	*p[5000];
	size_t		 sz[5000], i, j;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 5000; i++) {
		sz[i] = 1 + (i * 7) % 97;
		p[i] = arena_alloc(a, sz[i]);
		assert_non_null(p[i]);
		assert_true(aligned(p[i]));
		for (j = 0; j < sz[i]; j++)
			assert_int_equal(p[i][j], 0);
		memset(p[i], (int)(i & 0xff), sz[i]);
	}
	for (i = 0; i < 5000; i++)
		for (j = 0; j < sz[i]; j++)
			assert_int_equal(p[i][j], i & 0xff);
	arena_free(a);
}

/* Requests bigger than a block get one of their own; the small ones that
 * follow still work, and everything stays intact. */
static void
big(void **state)
{
	struct arena	*a = arena_new();
	unsigned char	*small1, *huge, *small2, *mid;
	size_t		 i;

	(void)state;
	assert_non_null(a);
	small1 = arena_alloc(a, 10);
	memset(small1, 'a', 10);
	huge = arena_alloc(a, 1 << 20);
	assert_non_null(huge);
	assert_true(aligned(huge));
	for (i = 0; i < (1 << 20); i++)
		assert_int_equal(huge[i], 0);
	memset(huge, 'b', 1 << 20);
	small2 = arena_alloc(a, 10);
	assert_non_null(small2);
	memset(small2, 'c', 10);
	/* Just over and just under a block (8 KB). */
	mid = arena_alloc(a, 8193);
	assert_non_null(mid);
	memset(mid, 'd', 8193);
	assert_non_null(arena_alloc(a, 8191));
	for (i = 0; i < 10; i++) {
		assert_int_equal(small1[i], 'a');
		assert_int_equal(small2[i], 'c');
	}
	for (i = 0; i < (1 << 20); i++)
		if (huge[i] != 'b')
			fail_msg("byte %zu of the big block changed", i);
	/* Sizes that cannot be served give NULL, not a wrapped size. */
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX / 2 + 1));
	arena_free(a);
}

static void
zero_size(void **state)
{
	struct arena	*a = arena_new();
	void		*p, *q;

	(void)state;
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	/* Distinct pointers, like malloc(0) may give. */
	assert_ptr_not_equal(p, q);
	arena_free(a);
}

static void
strings(void **state)
{
	struct arena	*a = arena_new();
	const char	*s = "col·laboració";
	char		*p, big[20000];

	(void)state;
	p = arena_strdup(a, s);
	assert_string_equal(p, s);
	assert_ptr_not_equal(p, s);
	p = arena_strdup(a, "");
	assert_string_equal(p, "");
	/* strndup cuts at n even without a NUL there... */
	p = arena_strndup(a, "abcdef", 3);
	assert_string_equal(p, "abc");
	/* ...and copies n bytes as they are, NULs included. */
	p = arena_strndup(a, "a\0b", 3);
	assert_int_equal(memcmp(p, "a\0b\0", 4), 0);
	assert_string_equal(arena_printf(a, "%s %d%%", "ciutat", 42),
	    "ciutat 42%");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* A result longer than a block. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	p = arena_printf(a, "<%s>", big);
	assert_non_null(p);
	assert_int_equal(strlen(p), sizeof(big) + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof(big)], '>');
	p = arena_strdup(a, big);
	assert_string_equal(p, big);
	arena_free(a);
}

static void
free_null(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	arena_free(NULL);
	/* An arena that never allocated frees cleanly too. */
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_small),
		cmocka_unit_test(big),
		cmocka_unit_test(zero_size),
		cmocka_unit_test(strings),
		cmocka_unit_test(free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
