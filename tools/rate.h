// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_RATE_H
#define TRS_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "output.h"
#include "snapshot.h"

/*
 * Per-second rate of a counter read as @prev, then as @cur @elapsed seconds
 * later.  A counter lower than before was reset meanwhile (reset, the module
 * reloaded, a row aged out and came back): it counted from zero, so the rate
 * is @cur / @elapsed, never negative.  No time elapsed: 0.
 */
double trs_rate(uint64_t prev, uint64_t cur, double elapsed);

/*
 * The same for a derived counter (the schema's TRS_COL_DERIVED), which is not
 * monotonic: it may go down by one while an event is half counted.  Whether
 * it was reset is told by the monotonic counters read with it (@reset: one
 * of the totals, or of the row, went down): then it counted from zero;
 * else a dip is a rate of 0.
 */
double trs_derived_rate(uint64_t prev, uint64_t cur, double elapsed, bool reset);

/* What changed between two snapshots, as watch prints it. */
struct trs_rates {
	struct trs_value *totals;	/* per second, for the counters of totals */
	size_t ntotals;
	/*
	 * Each table of @cur with its key columns and its counter columns as
	 * rates, in hundredths (the tables' scale is 100; sampled columns
	 * left out).  A row new since @prev counted from zero.
	 */
	struct trs_snapshot tables;
};

/*
 * Fills @r (names point into @cur: keep it while @r is used).  Returns 0,
 * or -1 when out of memory, with @r freed.
 */
int trs_rates(const struct trs_snapshot *prev, const struct trs_snapshot *cur, double elapsed,
	      struct trs_rates *r);
void trs_rates_free(struct trs_rates *r);

#endif /* TRS_RATE_H */
