// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat snmp (snmp.c): an input is what snmpd writes to it, its
 * stdin, the whole session; the counters are read from a fixture
 * (TCPRESETSTAT_PROC), refreshed at every request.  Every line, every OID
 * and every sequence of commands must be answered or ended without a
 * report.  Seeds (corpus/snmp): sessions of the unit tests.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "subcommands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct trs_opts o;
	char *argv[] = { "snmp", NULL };
	FILE *in;

	if (!ready) {
		/* Relative to tools/, where fuzz/run.sh runs the fuzzers. */
		setenv("TCPRESETSTAT_PROC", "tests/data/full.txt", 1);
		setenv("TCPRESETSTAT_SNMP_CACHE_MS", "0", 1);
		FUZZ_ASSERT(freopen("/dev/null", "w", stdout));
		ready = true;
	}
	in = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	FUZZ_ASSERT(in);
	stdin = in;
	trs_opts_init(&o);
	FUZZ_ASSERT(snmp_main(1, argv, &o) == TRS_EXIT_OK);
	fclose(in);
	return 0;
}
