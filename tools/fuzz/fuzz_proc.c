// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/tcpresetstat parser (proc.c): an input is a file's contents.
 * Seeds (corpus/proc): the tests' files and the module's output.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trs_snapshot s = { 0 };
	struct trs_error err;
	size_t i;
	FILE *f;

	/* fmemopen() takes no empty buffer: an empty file is /dev/null. */
	f = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	FUZZ_ASSERT(f);
	if (trs_proc_parse(f, "fuzz", &s, &err)) {
		/* A refused file leaves nothing behind, and says why. */
		FUZZ_ASSERT(!s.ntotals && !s.ntables && !s.totals && !s.tables);
		FUZZ_ASSERT(err.code && err.what[0] && err.reason[0]);
	} else {
		for (i = 0; i < s.ntables; i++)
			FUZZ_ASSERT(s.tables[i].ncols && s.tables[i].ncols <= TRS_TABLE_COLS_MAX);
		fuzz_use_snapshot(&s);
	}
	fclose(f);
	trs_snapshot_free(&s);
	return 0;
}
