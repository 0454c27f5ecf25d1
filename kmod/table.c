// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: bounded tables (see table.h).
 */
#include <linux/bug.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "table.h"

/* Keys are hashed as bytes and compared as words: there is no padding. */
static_assert(sizeof(struct trs_key) == 36 &&
	      __alignof__(struct trs_key) >= sizeof(u32));
/* What trs_key_eq_from() compares: from key_off, 8 bytes at a time, then 4. */
static_assert(sizeof(struct trs_key) % sizeof(u64) == sizeof(u32));
/* A ports row (14 counters) fits a 192-byte slab object on 64-bit. */
static_assert(BITS_PER_LONG != 64 ||
	      sizeof(struct trs_row) + TRS_PORT_MAX * sizeof(struct trs_cell) <= 192);

static struct trs_row *trs_row_alloc(const struct trs_table *t,
				     const struct trs_key *key, gfp_t gfp)
{
	struct trs_row *row;

	row = kzalloc(struct_size(row, ctr, t->ncounters), gfp);
	if (row)
		row->key = *key;
	return row;
}

#ifdef CONFIG_PREEMPT_RT
/*
 * RT allocates nothing under the raw table lock, and not at all in probes
 * that run with preemption off: those inserts take a spare row, and this
 * work makes new ones.  Without a spare the event goes to "other", as when
 * an allocation fails.
 */
static void trs_spare_refill(struct work_struct *work)
{
	struct trs_table *t = container_of(work, struct trs_table, refill);
	static const struct trs_key none;
	struct trs_row *made[TRS_SPARE_ROWS];
	unsigned int i, n = 0, want;
	unsigned long flags;

	want = TRS_SPARE_ROWS - READ_ONCE(t->nspare);
	while (n < want) {
		made[n] = trs_row_alloc(t, &none, GFP_KERNEL);
		if (!made[n])
			break;
		n++;
	}
	trs_tlock(&t->lock, flags);
	for (i = 0; i < n && t->nspare < TRS_SPARE_ROWS; i++)
		t->spare[t->nspare++] = made[i];
	trs_tunlock(&t->lock, flags);
	while (i < n)
		kfree(made[i++]);
}

/* Process context: the first spares are made now. */
static void trs_spare_init(struct trs_table *t)
{
	INIT_WORK(&t->refill, trs_spare_refill);
	trs_spare_refill(&t->refill);
}

/* Under the table's lock: a row for @key, from @fresh or the spares. */
static struct trs_row *trs_spare_take(struct trs_table *t,
				      const struct trs_key *key,
				      struct trs_row **fresh)
{
	struct trs_row *row = *fresh;

	if (row) {
		*fresh = NULL;
		return row;
	}
	if (!t->nspare)
		return NULL;
	row = t->spare[--t->nspare];
	row->key = *key;
	return row;
}

/* After the lock: free what was not used, and make spares if short. */
static void trs_spare_after(struct trs_table *t, struct trs_row *fresh)
{
	kfree(fresh);
	if (READ_ONCE(t->nspare) < TRS_SPARE_ROWS / 2)
		queue_work(system_unbound_wq, &t->refill);
}

static void trs_spare_destroy(struct trs_table *t)
{
	cancel_work_sync(&t->refill);
	while (t->nspare)
		kfree(t->spare[--t->nspare]);
}
#else
static void trs_spare_init(struct trs_table *t)
{
}

static void trs_spare_destroy(struct trs_table *t)
{
}
#endif

/* About two rows per bucket when full; at least two buckets. */
struct trs_buckets *trs_buckets_alloc(unsigned int max_rows)
{
	unsigned long n = roundup_pow_of_two(max(max_rows, 4U)) / 2;
	struct trs_buckets *bk;

	bk = kvzalloc(struct_size(bk, head, n), GFP_KERNEL_ACCOUNT);
	if (bk)
		bk->bits = ilog2(n);
	return bk;
}

int trs_table_init(struct trs_table *t, unsigned int max_rows,
		   unsigned int ncounters, unsigned int key_off)
{
	static const struct trs_key other_key = { .kind = TRS_ROW_OTHER };
	struct trs_buckets *bk;

	memset(t, 0, sizeof(*t));
	if (WARN_ON(key_off % sizeof(u64) || key_off >= sizeof(struct trs_key)))
		return -EINVAL;
	t->max_rows = max_rows;
	t->ncounters = ncounters;
	t->key_off = key_off;
	trs_tlock_init(&t->lock);
	get_random_bytes(&t->secret, sizeof(t->secret));

	bk = trs_buckets_alloc(max_rows);
	if (!bk)
		return -ENOMEM;
	t->hint = alloc_percpu(struct trs_hint);
	if (!t->hint)
		goto err_bk;
	t->other = trs_row_alloc(t, &other_key, GFP_KERNEL);
	if (!t->other)
		goto err_hint;
	RCU_INIT_POINTER(t->bk, bk);
	/* Last: nothing after it fails, and destroy frees the spares. */
	trs_spare_init(t);
	return 0;

err_hint:
	free_percpu(t->hint);
	t->hint = NULL;
err_bk:
	kvfree(bk);
	return -ENOMEM;
}

static struct hlist_head *trs_bucket(const struct trs_table *t,
				     struct trs_buckets *bk,
				     const struct trs_key *key)
{
	u32 hash = hsiphash((const u8 *)key + t->key_off,
			    sizeof(*key) - t->key_off, &t->secret);

	return &bk->head[hash >> (32 - bk->bits)];
}

static __always_inline bool trs_key_eq(const struct trs_table *t,
				       const struct trs_key *a,
				       const struct trs_key *b)
{
	return trs_key_eq_from(t->key_off, a, b);
}

static struct trs_row *trs_lookup(const struct trs_table *t,
				  const struct hlist_head *head,
				  const struct trs_key *key)
{
	struct trs_row *row;

	hlist_for_each_entry_rcu(row, head, node, lockdep_is_held(&t->lock))
		if (trs_key_eq(t, &row->key, key))
			return row;
	return NULL;
}

/*
 * Returns the key's row, creating it if there is room, else the "other"
 * row; never NULL.  Caller holds rcu_read_lock() or runs where RCU readers
 * are implied, with preemption or BH off (netfilter hooks, tracepoint
 * probes).  Never called from hard IRQ by the module's event sources; if it
 * were, it would not allocate.  It may be called with interrupts off
 * (5.10's kretprobe return handlers).
 *
 * The hint saves the lookup when it holds the key's row and no row was
 * removed since it was set.  A removal walk makes t->removals odd before it
 * frees anything and even again once every row it removes is unlinked
 * (trs_table_remove()); a hint is only taken with an even count, read
 * before the lookup:
 *  - with the count from before a walk: the walk moves it before its first
 *    free, and if a reader does not see that yet, RCU makes the free wait
 *    for the reader;
 *  - with the count from after a walk: acquire, so the lookup cannot find
 *    a row the walk unlinked;
 *  - during a walk (odd): the row found is used this once, not kept.
 */
struct trs_row *trs_table_row(struct trs_table *t, const struct trs_key *key,
			      unsigned long now)
{
	/* Pairs with the release that ends a walk in trs_table_remove(). */
	unsigned long removals = smp_load_acquire(&t->removals);
	struct trs_hint *hint = trs_hint(t);
	unsigned long flags __maybe_unused;
	struct trs_row *fresh __maybe_unused = NULL;
	struct hlist_head *head;
	struct trs_row *row;
	bool irqs_off;

	if (hint) {
		row = hint->row;
		if (row && hint->removals == removals &&
		    trs_key_eq(t, &row->key, key))
			goto found;
	}
	/* Every client port's event lands there: skip the hash. */
	if (key->kind == TRS_ROW_EPHEMERAL) {
		row = rcu_dereference_check(t->ephemeral,
					    rcu_read_lock_any_held());
		if (likely(row))
			goto hinted;
	}
	head = trs_bucket(t, trs_table_buckets(t), key);
	row = trs_lookup(t, head, key);
	if (likely(row))
		goto hinted;
	/*
	 * A full table (a flood of new keys) answers without its lock, so
	 * that CPUs receiving a flood do not serialise on it.  A row removed
	 * meanwhile only sends this one event to "other".
	 */
	if (in_hardirq() || READ_ONCE(t->rows) >= READ_ONCE(t->max_rows))
		return t->other;

#ifdef CONFIG_PREEMPT_RT
	if (trs_may_alloc())
		fresh = trs_row_alloc(t, key, GFP_ATOMIC | __GFP_NOWARN);
#endif
	/* 5.10 runs kretprobe return handlers with interrupts off. */
	irqs_off = irqs_disabled();
	if (irqs_off)
		trs_tlock_irqsoff(&t->lock, flags);
	else
		trs_tlock(&t->lock, flags);
	/*
	 * Another CPU may have inserted the key since the lockless lookup,
	 * or resized the table.
	 */
	head = trs_bucket(t, trs_table_buckets(t), key);
	row = trs_lookup(t, head, key);
	if (!row) {
		if (t->rows < t->max_rows)
#ifdef CONFIG_PREEMPT_RT
			row = trs_spare_take(t, key, &fresh);
#else
			row = trs_row_alloc(t, key, GFP_ATOMIC | __GFP_NOWARN);
#endif
		if (row) {
			/* Not idle to an ager waiting on the lock. */
			row->last_used = now;
			hlist_add_head_rcu(&row->node, head);
			if (key->kind == TRS_ROW_EPHEMERAL)
				rcu_assign_pointer(t->ephemeral, row);
			WRITE_ONCE(t->rows, t->rows + 1);
			t->generation++;
		} else {
			row = t->other;
		}
	}
	if (irqs_off)
		trs_tunlock_irqsoff(&t->lock, flags);
	else
		trs_tunlock(&t->lock, flags);
#ifdef CONFIG_PREEMPT_RT
	trs_spare_after(t, fresh);
#endif
	if (row == t->other)
		goto found;
hinted:
	if (hint && !(removals & 1)) {
		hint->row = row;
		hint->removals = removals;
	}
found:
	trs_row_touch(row, now);
	return row;
}

/*
 * The count of removals, one step on: it never wraps.  On 32 bits it
 * would after 2^31 walks, back to the count of a hint that a CPU took
 * before them and has not used since, whose row is long freed.  It stops
 * at ULONG_MAX instead, odd: from then on the table's hints are invalid
 * and none is taken, and its lookups go through the hash.
 */
static unsigned long trs_removals_next(const struct trs_table *t)
{
	return t->removals == ULONG_MAX ? ULONG_MAX : t->removals + 1;
}

/*
 * Called under the table's lock.  The count of removals is odd from before
 * the first row is freed until after the last one is unlinked: a hint
 * taken before the walk is invalid from its first free on, and none is
 * taken during it (trs_table_row()).
 */
static unsigned int trs_table_remove(struct trs_table *t, unsigned long now,
				     unsigned long max_idle, bool all)
{
	struct trs_buckets *bk = trs_table_buckets(t);
	unsigned int bkt, removed = 0;
	struct hlist_node *tmp;
	struct trs_row *row;

	for (bkt = 0; bkt < (1U << bk->bits); bkt++) {
		hlist_for_each_entry_safe(row, tmp, &bk->head[bkt], node) {
			if (!all && !time_after(now, READ_ONCE(row->last_used) + max_idle))
				continue;
			if (!removed)
				WRITE_ONCE(t->removals, trs_removals_next(t));
			hlist_del_rcu(&row->node);
			if (row == rcu_access_pointer(t->ephemeral))
				RCU_INIT_POINTER(t->ephemeral, NULL);
			kfree_rcu(row, rcu);
			removed++;
		}
	}
	WRITE_ONCE(t->rows, t->rows - removed);
	if (removed) {
		/*
		 * Even again; pairs with trs_table_row()'s acquire: a
		 * reader that sees it sees every unlink.
		 */
		smp_store_release(&t->removals, trs_removals_next(t));
		t->generation++;
	}
	return removed;
}

/* Remove rows not used for more than @max_idle jiffies; returns how many. */
unsigned int trs_table_age(struct trs_table *t, unsigned long now,
			   unsigned long max_idle)
{
	unsigned long flags __maybe_unused;
	unsigned int removed;

	trs_tlock(&t->lock, flags);
	removed = trs_table_remove(t, now, max_idle, false);
	trs_tunlock(&t->lock, flags);
	return removed;
}

static void trs_other_zero(struct trs_table *t)
{
	unsigned int i;

	for (i = 0; i < t->ncounters; i++)
		trs_cell_set(&t->other->ctr[i], 0);
}

/* Remove every row and zero the "other" row (an explicit reset). */
void trs_table_clear(struct trs_table *t)
{
	unsigned long flags __maybe_unused;

	trs_tlock(&t->lock, flags);
	trs_table_remove(t, 0, 0, true);
	trs_tunlock(&t->lock, flags);
	trs_other_zero(t);
}

/*
 * Empty the table and give it @bk (from trs_buckets_alloc(@max_rows)) as
 * its hash.  Process context: waits for readers of the old hash.
 */
void trs_table_resize(struct trs_table *t, struct trs_buckets *bk,
		      unsigned int max_rows)
{
	unsigned long flags __maybe_unused;
	struct trs_buckets *old;

	trs_tlock(&t->lock, flags);
	trs_table_remove(t, 0, 0, true);
	old = rcu_replace_pointer(t->bk, bk, lockdep_is_held(&t->lock));
	WRITE_ONCE(t->max_rows, max_rows);
	t->generation++;
	trs_tunlock(&t->lock, flags);
	trs_other_zero(t);
	synchronize_rcu();
	kvfree(old);
}

size_t trs_snap_size(const struct trs_table *t)
{
	return struct_size((struct trs_row_snap *)NULL, ctr, t->ncounters);
}

static void trs_snap_row(const struct trs_table *t, const struct trs_row *row,
			 void *slot)
{
	struct trs_row_snap *snap = slot;
	unsigned int i;

	snap->key = row->key;
	for (i = 0; i < t->ncounters; i++)
		snap->ctr[i] = trs_cell_read(&row->ctr[i]);
}

/*
 * Copy up to @cap - 1 rows, then the "other" row last, into @buf (@cap
 * slots of trs_snap_size() bytes); returns the number of slots used.  No
 * lock: a row inserted meanwhile may be missed, never half-copied.
 */
static unsigned int trs_table_snapshot(struct trs_table *t, void *buf,
				       unsigned int cap)
{
	size_t size = trs_snap_size(t);
	struct trs_buckets *bk;
	struct trs_row *row;
	unsigned int bkt, n = 0;

	if (!cap)
		return 0;
	rcu_read_lock();
	bk = trs_table_buckets(t);
	trs_table_for_each_row(bk, bkt, row) {
		if (n == cap - 1)
			break;
		trs_snap_row(t, row, buf + n++ * size);
	}
	rcu_read_unlock();
	trs_snap_row(t, t->other, buf + n++ * size);
	return n;
}

/*
 * A copy of every row, "other" last, in a buffer the caller kvfree()s;
 * *@n: how many.  Sized from the rows there are, with room for a few more,
 * and grown if rows came meanwhile and filled it, up to the table's size
 * read once: a read takes memory for the rows there are, not for all
 * those there may be, and never copies more rows than it has room for.
 */
void *trs_table_snapshot_all(struct trs_table *t, unsigned int *n)
{
	unsigned int max = READ_ONCE(t->max_rows) + 1;
	unsigned int cap = min(READ_ONCE(t->rows) + 1 + TRS_SNAP_SLACK, max);
	size_t size = trs_snap_size(t);
	void *buf;

	for (;;) {
		buf = kvmalloc_array(cap, size, GFP_KERNEL_ACCOUNT);
		if (!buf)
			return NULL;
		*n = trs_table_snapshot(t, buf, cap);
		if (*n < cap || cap == max)
			return buf;
		kvfree(buf);
		cap = cap > max / 2 ? max : 2 * cap;
	}
}

/* Caller guarantees no reader is left (after a grace period). */
void trs_table_destroy(struct trs_table *t)
{
	struct trs_buckets *bk = rcu_dereference_protected(t->bk, true);
	unsigned int bkt;
	struct hlist_node *tmp;
	struct trs_row *row;

	if (!bk)
		return;
	for (bkt = 0; bkt < (1U << bk->bits); bkt++)
		hlist_for_each_entry_safe(row, tmp, &bk->head[bkt], node)
			kfree(row);
	trs_spare_destroy(t);
	kfree(t->other);
	free_percpu(t->hint);
	kvfree(bk);
	RCU_INIT_POINTER(t->bk, NULL);
}
