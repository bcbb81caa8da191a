/* test_buf.c - the growable buffer and error strings in buf.c.
 * SPDX-License-Identifier: MIT */
#include "testutil.h"

#include "buf.h"
#include "err.h"

static void
appends(void **state)
{
	struct buf	 b = { 0 };
	char		*s;
	size_t		 i;

	(void)state;
	buf_puts(&b, "col");
	buf_putc(&b, '\xc2');
	buf_putc(&b, '\xb7');
	buf_printf(&b, "laboraci%s %d", "ó", 2018);
	assert_string_equal(b.p, "col·laboració 2018");
	assert_int_equal(b.len, strlen("col·laboració 2018"));
	/* Growth past the first allocation keeps the contents. */
	for (i = 0; i < 10000; i++)
		buf_putc(&b, 'x');
	assert_int_equal(b.len, strlen("col·laboració 2018") + 10000);
	assert_int_equal(b.p[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	s = buf_take(&b);
	assert_string_equal(s, "");
	assert_null(b.p);
	free(s);
	/* An untouched buffer hands over an empty string, not NULL. */
	s = buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void
sticky_oom(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	buf_puts(&b, "abc");
	/* A length that cannot be allocated sets the flag... */
	buf_put(&b, "", (size_t)-1 - 1);
	assert_true(b.oom);
	/* ...and later appends do nothing. */
	buf_puts(&b, "def");
	assert_string_equal(b.p, "abc");
	assert_null(buf_take(&b));
	buf_free(&b);
}

static void
read_file(void **state)
{
	struct buf	 b = { 0 };
	char		*dir = tu_tmpdir(), *p = tu_path(dir, "f.txt");

	(void)state;
	tu_write(p, "line one\nline two\n");
	assert_int_equal(buf_read_file(&b, p), 0);
	assert_string_equal(b.p, "line one\nline two\n");
	buf_free(&b);
	tu_write(p, "");
	assert_int_equal(buf_read_file(&b, p), 0);
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_int_not_equal(buf_read_file(&b, "/nonexistent/file"), 0);
	buf_free(&b);
	free(p);
	tu_rmdir(dir);
}

static void
problems(void **state)
{
	struct problem	 pb = { 0 };

	(void)state;
	assert_int_equal(problem_set(&pb, "year", "%d is out of range", 1800),
	    ERR_INVALID);
	assert_string_equal(pb.path, "year");
	assert_string_equal(pb.msg, "1800 is out of range");
	problem_set(&pb, NULL, "again");
	assert_null(pb.path);
	problem_clear(&pb);
	assert_null(pb.msg);
	problem_clear(&pb);
	assert_string_equal(err_str(ERR_OK), "no error");
	assert_string_equal(err_str(ERR__MAX), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends),
		cmocka_unit_test(sticky_oom),
		cmocka_unit_test(read_file),
		cmocka_unit_test(problems),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
