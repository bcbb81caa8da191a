/* fuzz_json.c - libFuzzer target: a JSON document through io_json_read,
 * model_check on every record, and io_json_line on every failing path.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "model.h"
#include "recheck.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct io_source	 src = { 0 };
	struct io_recs		 rs = { 0 };
	struct io_report	 rep;
	struct problem		 pb = { 0 };
	size_t			 i;
	char			 name[] = "fuzz.json";

	memset(&rep, 0, sizeof(rep));
	/* The importer reads files NUL-terminated (buf_read_file). */
	if ((src.text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(src.text, data, size);
	src.text[size] = '\0';
	src.name = name;
	src.len = size;
	src.format = IO_JSON;

	if (io_json_read(&src, 0, &rs, &rep) != ERR_NOMEM) {
		for (i = 0; i < rs.n; i++) {
			enum err e = model_check(rs.v[i].kind, rs.v[i].rec, &pb);

			if (e == ERR_INVALID)
				(void)io_json_line(src.text, src.len,
				    model_kinds[rs.v[i].kind].plural,
				    rs.v[i].index, pb.path);
			else if (e == ERR_OK)
				recheck(rs.v[i].kind, rs.v[i].rec, "fuzz_json");
			problem_clear(&pb);
		}
	}

	problem_clear(&pb);
	for (i = 0; i < rs.n; i++)
		json_decref(rs.v[i].rec);
	free(rs.v);
	io_report_free(&rep);
	free(src.text);
	return 0;
}
