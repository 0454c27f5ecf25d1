// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: the split cells' rare paths (see counter.h).
 */
#include <linux/spinlock.h>

#include "counter.h"

/* Raw: folds come from probes that run with preemption off, RT included. */
static DEFINE_RAW_SPINLOCK(trs_split64_lock);
seqcount_raw_spinlock_t trs_split64_seq =
	SEQCNT_RAW_SPINLOCK_ZERO(trs_split64_seq, &trs_split64_lock);

/*
 * The add that carried @c's low word across 2^31: move 2^31 up, unless a
 * set (a reset, say) came in between and left nothing to move.  Only adds
 * run beside this; they raise the low word, and it crosses 2^31 again
 * only after this fold, so one fold moves at most one 2^31.
 */
void trs_split64_fold(struct trs_split64 *c)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&trs_split64_lock, flags);
	if ((u32)atomic_read(&c->lo) >= TRS_SPLIT64_FOLD) {
		write_seqcount_begin(&trs_split64_seq);
		WRITE_ONCE(c->hi, c->hi + 1);
		atomic_sub(TRS_SPLIT64_FOLD, &c->lo);
		write_seqcount_end(&trs_split64_seq);
	}
	raw_spin_unlock_irqrestore(&trs_split64_lock, flags);
}

/* Adds racing a set may be lost, as with atomic64_set(). */
static void trs_split64_store(struct trs_split64 *c, u64 v)
{
	WRITE_ONCE(c->hi, (u32)(v >> TRS_SPLIT64_SHIFT));
	atomic_set(&c->lo, (int)(v & (TRS_SPLIT64_FOLD - 1)));
}

void trs_split64_set(struct trs_split64 *c, u64 v)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&trs_split64_lock, flags);
	write_seqcount_begin(&trs_split64_seq);
	trs_split64_store(c, v);
	write_seqcount_end(&trs_split64_seq);
	raw_spin_unlock_irqrestore(&trs_split64_lock, flags);
}

u64 trs_split64_xchg(struct trs_split64 *c, u64 v)
{
	unsigned long flags;
	u64 old;

	raw_spin_lock_irqsave(&trs_split64_lock, flags);
	old = ((u64)c->hi << TRS_SPLIT64_SHIFT) + (u32)atomic_read(&c->lo);
	write_seqcount_begin(&trs_split64_seq);
	trs_split64_store(c, v);
	write_seqcount_end(&trs_split64_seq);
	raw_spin_unlock_irqrestore(&trs_split64_lock, flags);
	return old;
}
