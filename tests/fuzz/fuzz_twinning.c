/* fuzz_twinning.c - libFuzzer target: a twin-town list (CSV) through
 * io_twinning_import_text, reconciled against a small gazetteer with
 * alternate names, as a dry run on a store with countries and cities.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "io.h"
#include "store.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Real GeoNames rows: same names in two countries, exonyms, spellings. */
static const char gazetteer[] =
    "3128760\tBarcelona\t\tES\t41.3888\t2.1590\t1621537\tBarcelone,Barcellona\n"
    "3648559\tBarcelona\t\tVE\t10.1363\t-64.6862\t424795\t\n"
    "2886242\tKöln\t\tDE\t50.9333\t6.9500\t963395\tCologne,Colonia,Keulen\n"
    "3178287\tCologne\t\tIT\t45.5786\t9.9418\t7032\t\n"
    "2996944\tLyon\t\tFR\t45.7485\t4.8467\t472317\tLione,Lyons\n"
    "3033435\tBérat\t\tFR\t43.3786\t1.1757\t1589\t\n"
    "3186084\tBerat\t\tAL\t40.7058\t19.9522\t46866\t\n"
    "2885070\tKötzting\t\tDE\t49.1769\t12.8550\t7334\t\n"
    "698740\tOdessa\t\tUA\t46.4775\t30.7326\t1001558\tOdesa\n"
    "498817\tSaint Petersburg\t\tRU\t59.9386\t30.3141\t5028000\t"
    "St Petersburg,Leningrad\n"
    "4171563\tSt. Petersburg\t\tUS\t27.7709\t-82.6793\t257083\t"
    "Saint Petersburg\n"
    "3093133\tŁódź\tLodz\tPL\t51.7500\t19.4667\t768755\t\n";

static struct db	*db;
static char		 gaz[sizeof(fuzz_dir) + 32];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	db = fuzz_store();
	fuzz_write("gazetteer.tsv", gazetteer, gaz, sizeof(gaz));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct io_twinning_opts	 o = { gaz, GEO_MAXKM_DEFAULT, 1, 0, "fuzz" };
	struct io_twinning_report rep;
	char			*text;
	long			 unres = 0, lines = 1;
	size_t			 i;
	enum err		 e;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; i < size; i++)
		lines += text[i] == '\n';
	e = io_twinning_import_text(db, "fuzz.csv", text, size, &o, &rep);
	if (e != ERR_OK && e != ERR_INVALID && e != ERR_NOMEM) {
		fprintf(stderr, "fuzz_twinning: unexpected error %d\n", (int)e);
		abort();
	}
	/* The report agrees with itself and with the file. */
	for (i = 0; i < IO_UNRES__MAX; i++)
		unres += rep.unres[i];
	if (e == ERR_OK && (unres != (long)rep.listsz ||
	    rep.pairs_unresolved > rep.pairs || rep.by_alt < 0 ||
	    rep.by_similar < 0)) {
		fprintf(stderr, "fuzz_twinning: %ld unresolved counted, %zu "
		    "listed, %ld of %ld pairs left out\n", unres, rep.listsz,
		    rep.pairs_unresolved, rep.pairs);
		abort();
	}
	for (i = 0; i < rep.listsz; i++)
		if (rep.list[i].line < 1 || rep.list[i].line > lines ||
		    rep.list[i].side < 0 || rep.list[i].side > 2) {
			fprintf(stderr, "fuzz_twinning: report entry %zu at "
			    "line %ld side %d, the file has %ld lines\n", i,
			    rep.list[i].line, rep.list[i].side, lines);
			abort();
		}
	io_twinning_report_free(&rep);
	free(text);
	return 0;
}
