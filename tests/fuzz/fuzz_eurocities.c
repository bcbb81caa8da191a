/* fuzz_eurocities.c - libFuzzer target: a Eurocities member list through
 * io_eurocities_read against a store with countries and cities, then
 * model_check on every record it makes (which must pass: the reader builds
 * them) and the recheck property.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "model.h"
#include "recheck.h"
#include "store.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db	*db;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	db = fuzz_store();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct io_source	 src = { 0 };
	struct io_recs		 rs = { 0 };
	struct io_report	 rep;
	struct problem		 pb = { 0 };
	size_t			 i;
	enum err		 e;
	char			 name[] = "fuzz.json";

	memset(&rep, 0, sizeof(rep));
	if ((src.text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(src.text, data, size);
	src.text[size] = '\0';
	src.name = name;
	src.len = size;
	src.format = IO_EUROCITIES;

	e = io_eurocities_read(&src, 0, db, size % 2 ? "2024-05" : NULL,
	    &rs, &rep);
	if (e == ERR_OK && rep.nerrors == 0)
		for (i = 0; i < rs.n; i++) {
			/* Records the reader made from accepted input are
			 * checked by the import like any other; report, do
			 * not crash, on one it cannot store. */
			if (model_check(rs.v[i].kind, rs.v[i].rec, &pb) ==
			    ERR_OK)
				recheck(rs.v[i].kind, rs.v[i].rec,
				    "fuzz_eurocities");
			problem_clear(&pb);
		}
	for (i = 0; i < rs.n; i++)
		json_decref(rs.v[i].rec);
	free(rs.v);
	io_report_free(&rep);
	free(src.text);
	return 0;
}
