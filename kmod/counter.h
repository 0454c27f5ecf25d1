/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: a table cell, a 64-bit counter that every CPU adds to.
 *
 * On 64-bit kernels it is an atomic64_t.  A 32-bit kernel has no 64-bit
 * add that is cheap everywhere: MIPS32 has no 64-bit atomics at all, and
 * its generic atomic64 takes a hashed spinlock with interrupts off for
 * each add.  There a cell is split: a 32-bit atomic low word that events
 * add to, and a high word that counts 2^31s.  The add that carries the low
 * word across 2^31 moves 2^31 into the high word (trs_split64_fold()),
 * under a seqcount that readers retry on; until it does, the low word
 * holds the whole remainder, up to 2^32 - 1, so every read in between is
 * exact too.  A fold comes once per 2^31 events of a cell; each event is
 * one 32-bit atomic add.  Sets (the sampler's gauges, a reset) take the
 * same seqcount, as they write both words; a fold that finds a set made
 * since its add crossed 2^31 has nothing to move.
 *
 * The split cell is built on every kernel (KUnit tests it on 64-bit);
 * struct trs_row's cells use it only where BITS_PER_LONG is 32.  A split
 * cell holds up to 2^63 - 1 (its high word counts 2^31s).
 */
#ifndef _TCPRESETSTAT_COUNTER_H
#define _TCPRESETSTAT_COUNTER_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/seqlock.h>
#include <linux/types.h>

#define TRS_SPLIT64_SHIFT	31
#define TRS_SPLIT64_FOLD	(1U << TRS_SPLIT64_SHIFT)

struct trs_split64 {
	atomic_t lo;
	u32 hi;		/* 2^31s */
};

/* The seqcount of every split cell: folds are rare, sets are the sampler's. */
extern seqcount_raw_spinlock_t trs_split64_seq;

void trs_split64_fold(struct trs_split64 *c);
void trs_split64_set(struct trs_split64 *c, u64 v);
u64 trs_split64_xchg(struct trs_split64 *c, u64 v);

static __always_inline void trs_split64_add(struct trs_split64 *c, unsigned int n)
{
	u32 v = (u32)atomic_add_return_relaxed(n, &c->lo);

	if (unlikely(v >= TRS_SPLIT64_FOLD && v - n < TRS_SPLIT64_FOLD))
		trs_split64_fold(c);
}

static inline u64 trs_split64_read(const struct trs_split64 *c)
{
	unsigned int seq;
	u32 hi, lo;

	do {
		seq = read_seqcount_begin(&trs_split64_seq);
		hi = READ_ONCE(c->hi);
		lo = (u32)atomic_read(&c->lo);
	} while (read_seqcount_retry(&trs_split64_seq, seq));
	return ((u64)hi << TRS_SPLIT64_SHIFT) + lo;
}

#if BITS_PER_LONG == 64
struct trs_cell {
	atomic64_t v;
};

static __always_inline void trs_cell_add(struct trs_cell *c, unsigned int n)
{
	atomic64_add(n, &c->v);
}

static inline u64 trs_cell_read(const struct trs_cell *c)
{
	return atomic64_read(&c->v);
}

static inline void trs_cell_set(struct trs_cell *c, u64 v)
{
	atomic64_set(&c->v, v);
}

static inline u64 trs_cell_xchg(struct trs_cell *c, u64 v)
{
	return atomic64_xchg(&c->v, v);
}
#else
struct trs_cell {
	struct trs_split64 s;
};

static __always_inline void trs_cell_add(struct trs_cell *c, unsigned int n)
{
	trs_split64_add(&c->s, n);
}

static inline u64 trs_cell_read(const struct trs_cell *c)
{
	return trs_split64_read(&c->s);
}

static inline void trs_cell_set(struct trs_cell *c, u64 v)
{
	trs_split64_set(&c->s, v);
}

static inline u64 trs_cell_xchg(struct trs_cell *c, u64 v)
{
	return trs_split64_xchg(&c->s, v);
}
#endif

#endif /* _TCPRESETSTAT_COUNTER_H */
