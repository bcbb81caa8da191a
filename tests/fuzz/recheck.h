/* recheck.h - a property both fuzz targets check: what model_check accepts
 * and normalizes passes model_check again, unchanged. An export is imported
 * through the same check, and docs/FORMAT.md promises that importing an
 * export into an empty store reproduces it. A violation aborts, which
 * libFuzzer reports as a crash with the input.
 * SPDX-License-Identifier: MIT */
#ifndef FUZZ_RECHECK_H
#define FUZZ_RECHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "model.h"

static void
recheck(enum kind k, json_t *rec, const char *target)
{
	struct problem	 pb = { 0 };
	json_t		*again;
	enum err	 e;
	char		*s;

	if ((again = json_deep_copy(rec)) == NULL)
		return;
	e = model_check(k, again, &pb);
	if (e == ERR_NOMEM || (e == ERR_OK && json_equal(again, rec))) {
		problem_clear(&pb);
		json_decref(again);
		return;
	}
	s = json_dumps(e == ERR_OK ? again : rec, JSON_COMPACT |
	    JSON_ENSURE_ASCII);
	fprintf(stderr, "ERROR: %s: a %s that model_check accepted %s on a "
	    "second check%s%s%s%s\nrecord: %.160s\n", target,
	    model_kinds[k].name, e == ERR_OK ? "changes" : "fails",
	    pb.path ? " at " : "", pb.path ? pb.path : "",
	    pb.msg ? ": " : "", pb.msg ? pb.msg : "", s ? s : "?");
	free(s);
	abort();
}

#endif
