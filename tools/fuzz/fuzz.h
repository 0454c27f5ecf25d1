// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_FUZZ_H
#define TRS_FUZZ_H

#include <stdint.h>
#include <stdio.h>

#include "snapshot.h"

/*
 * What the fuzzers (libFuzzer, one LLVMFuzzerTestOneInput() each) share:
 * after a parser accepted an input, its snapshot goes through what the
 * tool does with one, so what the printers assume about a snapshot is
 * tried on everything the parsers let through.
 */

/* /dev/null, open for writing: printers run in full, nothing is kept. */
FILE *fuzz_null(void);

/* A snapshot with totals, pressure and every table, as a module gives it. */
const struct trs_snapshot *fuzz_sample(void);

/* @s printed as show does, in every format. */
void fuzz_print(const struct trs_snapshot *s);

/*
 * Also as each table and as an alert's record, and as watch's rates from
 * and to the sample (slower: for snapshots of any shape, as /proc gives).
 */
void fuzz_use_snapshot(const struct trs_snapshot *s);

/* Stops the run (a libFuzzer crash) when a parser broke its contract. */
#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			__builtin_trap();				\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* TRS_FUZZ_H */
