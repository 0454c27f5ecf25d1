// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: ephemeral port pressure arithmetic (see pressure.h).
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "pressure.h"

/*
 * The ports connect() may pick: ip_local_port_range [lo, hi], minus the
 * ip_local_reserved_ports inside it (a 65536-bit bitmap, or NULL).
 */
unsigned int trs_ephemeral_ports(int lo, int hi, const unsigned long *reserved)
{
	unsigned int n, bit;

	if (lo < 0 || hi > 65535 || lo > hi)
		return 0;
	n = hi - lo + 1;
	bit = lo;
	if (reserved)
		for_each_set_bit_from(bit, reserved, hi + 1)
			n--;
	return n;
}

/* 100 * used / ephemeral, rounded down, at most 100; none left is 100. */
unsigned int trs_port_use_pct(unsigned int used, unsigned int ephemeral)
{
	if (!ephemeral)
		return used ? 100 : 0;
	if (used >= ephemeral)
		return 100;
	return div_u64((u64)used * 100, ephemeral);
}

/* Most used first; equal use in key order, so results are stable. */
static int trs_dest_use_cmp(const void *a, const void *b)
{
	const struct trs_dest_use *x = a, *y = b;

	if (x->used != y->used)
		return x->used > y->used ? -1 : 1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/*
 * Order @d so that its first entries are the @top most used destinations
 * (fewer if there are fewer); returns how many.
 */
unsigned int trs_top_dests(struct trs_dest_use *d, unsigned int n,
			   unsigned int top)
{
	sort(d, n, sizeof(*d), trs_dest_use_cmp, NULL);
	return min(n, top);
}

/*
 * Whether a walk that runs at @now anyway, for namespaces whose shortest
 * interval is @lead, also samples a namespace due at @due that has
 * @interval (all in jiffies).  Early by at most half its interval, so
 * that namespaces with the same interval soon share every walk; and by
 * at most @lead, so that a long interval beside a short one keeps its
 * period instead of being sampled every half interval.
 */
bool trs_sample_early(unsigned long due, unsigned long now,
		      unsigned long interval, unsigned long lead)
{
	return time_before_eq(due, now + min(interval / 2, lead));
}
