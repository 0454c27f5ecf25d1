// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_PROC_H
#define TRS_PROC_H

#include <stdio.h>

#include "error.h"
#include "snapshot.h"

/* Longest line accepted, newline excluded. */
#define TRS_PROC_LINE_MAX	4095

/*
 * Parses the /proc/tcpresetstat format (see tcpresetstat.h) from @f into the
 * empty @snap.  @source names the input in error messages.  Returns 0, or an
 * exit code with @err filled and @snap left empty.
 */
int trs_proc_parse(FILE *f, const char *source, struct trs_snapshot *snap,
		   struct trs_error *err);

#endif /* TRS_PROC_H */
