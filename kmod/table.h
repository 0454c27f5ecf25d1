/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: bounded per-namespace tables of counters (ports, peers,
 * destinations).
 *
 * Keys come from the network, so they are hashed with a per-table random
 * secret and the number of rows is capped: once a table is full, events
 * for new keys land in its "other" row, which always exists, so no event is
 * ever lost from a table's column sums.  Lookups on the event path are RCU;
 * inserts take the table's lock.  Rows idle for longer than the ageing
 * period may be removed (their counts stay in the totals).
 *
 * One event resolves the same keys again and again (a refused connect
 * counts its peer and destination twice, a storm repeats them), so each
 * CPU remembers the last row it resolved in each table: its hint.  A hint
 * is only a pointer, checked against the table's removal count before use;
 * see trs_table_row().
 */
#ifndef _TCPRESETSTAT_TABLE_H
#define _TCPRESETSTAT_TABLE_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rculist.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "counter.h"
#include "uapi/tcpresetstat.h"

/*
 * One key layout for all tables; a table uses the fields it needs and
 * leaves the rest zero.  IPv4 addresses are stored v4-mapped.  The fields
 * a table uses end the key, so a table hashes and compares only the bytes
 * from its key_off on; the bytes before must be zero in every key given
 * to it (ports: port and kind; peers: raddr on; destinations: all).
 */
struct trs_key {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be16 port;
	u8 kind;		/* enum trs_row_kind */
	u8 pad;
};

struct trs_row {
	struct hlist_node node;
	struct rcu_head rcu;
	unsigned long last_used;	/* jiffies */
	struct trs_key key;
	u32 alert;			/* alert.c: its state (fills the padding) */
	struct trs_cell ctr[];
};

/* A table's hash: replaced as a whole (RCU) when the table is resized. */
struct trs_buckets {
	unsigned int bits;
	struct rcu_head rcu;
	struct hlist_head head[];
};

/*
 * A CPU's last row of a table, valid while the table's removals match
 * (always even here: odd while rows are being removed).
 */
struct trs_hint {
	struct trs_row *row;
	unsigned long removals;
};

struct trs_table {
	struct trs_buckets __rcu *bk;
	unsigned int max_rows;		/* changed under lock, with bk */
	unsigned int ncounters;
	unsigned int key_off;		/* bytes of the key not hashed */
	unsigned int rows;		/* changed under lock; not counting "other" */
	u32 generation;			/* bumped on every insert/removal */
	/*
	 * Hints check it: odd (under lock) from before the first row a walk
	 * frees until after the last one is unlinked, and for good once at
	 * ULONG_MAX: it never wraps (table.c).
	 */
	unsigned long removals;
#ifdef CONFIG_PREEMPT_RT
	raw_spinlock_t lock;		/* compat.h says why */
#else
	spinlock_t lock;
#endif
	hsiphash_key_t secret;
	struct trs_row *other;
	/* The ports table's "ephemeral" row while it exists: no hashing. */
	struct trs_row __rcu *ephemeral;
	struct trs_hint __percpu *hint;
#ifdef CONFIG_PREEMPT_RT
	/*
	 * Rows made ahead, under lock, for inserts where RT cannot
	 * allocate: probes that run with preemption off.
	 */
	struct trs_row *spare[TRS_SPARE_ROWS];
	unsigned int nspare;
	struct work_struct refill;
#endif
};

int trs_table_init(struct trs_table *t, unsigned int max_rows,
		   unsigned int ncounters, unsigned int key_off);
void trs_table_destroy(struct trs_table *t);

struct trs_row *trs_table_row(struct trs_table *t, const struct trs_key *key,
			      unsigned long now);

/*
 * The bytes from @off (a multiple of 8) on, without a call: 8 at a time,
 * then the last 4.  The key is only 4-aligned: memcpy() lets the compiler
 * load 8 bytes as the architecture allows (one load on x86).
 */
static __always_inline bool trs_key_eq_from(unsigned int off,
					    const struct trs_key *a,
					    const struct trs_key *b)
{
	const u8 *x = (const u8 *)a, *y = (const u8 *)b;
	const unsigned int last = sizeof(*a) - sizeof(u32);
	u64 diff, u, v;

	diff = *(const u32 *)(x + last) ^ *(const u32 *)(y + last);
	for (; off < last; off += sizeof(u64)) {
		memcpy(&u, x + off, sizeof(u));
		memcpy(&v, y + off, sizeof(v));
		diff |= u ^ v;
	}
	return !diff;
}

/*
 * This CPU's hint, where nothing else on this CPU can use it meanwhile:
 * BH disabled and not in hard IRQ, so its two fields change together.
 * That is how netfilter hooks and TCP's receive path run; the probes
 * disable BH for what TCP reports in process context (account.c).  On
 * PREEMPT_RT, where softirqs are threads, a BH-disabled section holds the
 * CPU's softirq lock and cannot migrate, which excludes the same; and
 * in_softirq() counts the task's own BH-disabled sections.
 */
static __always_inline struct trs_hint *trs_hint(const struct trs_table *t)
{
	if (!in_softirq() || in_hardirq() || in_nmi())
		return NULL;
	return this_cpu_ptr(t->hint);
}

/* Avoid dirtying a shared cache line more than once a tick. */
static __always_inline void trs_row_touch(struct trs_row *row,
					  unsigned long now)
{
	if (READ_ONCE(row->last_used) != now)
		WRITE_ONCE(row->last_used, now);
}

/*
 * trs_table_row() for a caller that knows the table's key_off at compile
 * time (@key_off): the hint is checked inline, and only a miss calls out.
 * Same rules as trs_table_row().
 */
static __always_inline struct trs_row *
trs_table_row_at(struct trs_table *t, const struct trs_key *key,
		 unsigned long now, unsigned int key_off)
{
	unsigned long removals = READ_ONCE(t->removals);
	struct trs_hint *hint = trs_hint(t);
	struct trs_row *row;

	if (likely(hint)) {
		row = hint->row;
		if (likely(row && hint->removals == removals &&
			   trs_key_eq_from(key_off, &row->key, key))) {
			trs_row_touch(row, now);
			return row;
		}
	}
	return trs_table_row(t, key, now);
}

unsigned int trs_table_age(struct trs_table *t, unsigned long now,
			   unsigned long max_idle);
void trs_table_clear(struct trs_table *t);

/* Resizing empties the table; allocate first so that applying cannot fail. */
struct trs_buckets *trs_buckets_alloc(unsigned int max_rows);
void trs_table_resize(struct trs_table *t, struct trs_buckets *bk,
		      unsigned int max_rows);

/*
 * The current hash: under rcu_read_lock(), the table's lock, or where
 * preemption or BH is off, which is an RCU reader too (tracepoint probes
 * run so, in process context, without rcu_read_lock()).
 */
static inline struct trs_buckets *trs_table_buckets(struct trs_table *t)
{
	return rcu_dereference_check(t->bk, rcu_read_lock_any_held() ||
					    lockdep_is_held(&t->lock));
}

/* A copy of a row, for readers that print outside RCU. */
struct trs_row_snap {
	struct trs_key key;
	u64 ctr[];
};

size_t trs_snap_size(const struct trs_table *t);
/* Room in a snapshot for rows that come while its buffer is allocated. */
#define TRS_SNAP_SLACK	16
void *trs_table_snapshot_all(struct trs_table *t, unsigned int *n);

/* Every row but "other", of the hash @bk (from trs_table_buckets()). */
#define trs_table_for_each_row(bk, bkt, row)				\
	for ((bkt) = 0; (bkt) < (1U << (bk)->bits); (bkt)++)		\
		hlist_for_each_entry_rcu(row, &(bk)->head[bkt], node)

#endif /* _TCPRESETSTAT_TABLE_H */
