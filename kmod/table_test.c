// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_table: insert, lookup, overflow into "other",
 * idle ageing, reset, resizing, the per-CPU hints, the keys' significant
 * bytes, snapshots, and isolation between two tables (as two network
 * namespaces each own theirs).
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/rcupdate.h>

#include "table.h"

static struct trs_key port_key(u16 port)
{
	struct trs_key k = { .port = htons(port) };

	return k;
}

/* Count one event for @port in column @col at time @now. */
static struct trs_row *hit(struct trs_table *t, u16 port, unsigned int col,
			   unsigned long now)
{
	struct trs_key k = port_key(port);
	struct trs_row *row;

	rcu_read_lock();
	row = trs_table_row(t, &k, now);
	trs_cell_add(&row->ctr[col], 1);
	rcu_read_unlock();
	return row;
}

static u64 col_sum(struct trs_table *t, unsigned int col)
{
	struct trs_buckets *bk;
	struct trs_row *row;
	unsigned int bkt;
	u64 sum;

	sum = trs_cell_read(&t->other->ctr[col]);
	rcu_read_lock();
	bk = trs_table_buckets(t);
	trs_table_for_each_row(bk, bkt, row)
		sum += trs_cell_read(&row->ctr[col]);
	rcu_read_unlock();
	return sum;
}

struct table_args {
	unsigned int max_rows;
	unsigned int key_off;
};

/* Tables are a test resource: destroyed when the test ends, even on failure. */
static int table_res_init(struct kunit_resource *res, void *args)
{
	const struct table_args *a = args;
	struct trs_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	if (trs_table_init(t, a->max_rows, 2, a->key_off)) {
		kfree(t);
		return -ENOMEM;
	}
	res->data = t;
	return 0;
}

static void table_res_free(struct kunit_resource *res)
{
	synchronize_rcu();
	trs_table_destroy(res->data);
	kfree(res->data);
}

static struct trs_table *new_table_keys(struct kunit *test,
					unsigned int max_rows,
					unsigned int key_off)
{
	struct table_args args = { max_rows, key_off };
	struct trs_table *t;

	t = kunit_alloc_resource(test, table_res_init, table_res_free,
				 GFP_KERNEL, &args);
	KUNIT_ASSERT_NOT_NULL(test, t);
	return t;
}

/* A table keyed as the ports table is. */
static struct trs_table *new_table(struct kunit *test, unsigned int max_rows)
{
	return new_table_keys(test, max_rows, offsetof(struct trs_key, port));
}

/* This CPU's hint; call with BH disabled, as the event path runs. */
static struct trs_row *hint_row(struct trs_table *t)
{
	return this_cpu_ptr(t->hint)->row;
}

static void insert_lookup_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 16);
	struct trs_row *a, *b;

	a = hit(t, 80, 0, 1);
	b = hit(t, 443, 0, 1);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 80, 1, 2), a);
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 80, 0, 3), a);

	KUNIT_EXPECT_EQ(test, t->rows, 2U);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&a->ctr[0]), 2);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&a->ctr[1]), 1);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&b->ctr[0]), 1);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[0]), 0);
	KUNIT_EXPECT_EQ(test, a->last_used, 3UL);
}

struct overflow_case {
	unsigned int max_rows;
	unsigned int keys;
};

static const struct overflow_case overflow_cases[] = {
	{ 0, 5 }, { 1, 1 }, { 1, 2 }, { 4, 10 }, { 64, 64 }, { 64, 1000 },
};

static void overflow_desc(const struct overflow_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u keys into %u rows",
		 c->keys, c->max_rows);
}

KUNIT_ARRAY_PARAM(overflow, overflow_cases, overflow_desc);

/* Every event is counted exactly once: in its row, or in "other". */
static void overflow_test(struct kunit *test)
{
	const struct overflow_case *c = test->param_value;
	struct trs_table *t = new_table(test, c->max_rows);
	unsigned int i, kept = min(c->max_rows, c->keys);

	for (i = 0; i < c->keys; i++) {
		hit(t, 1000 + i, 0, 1);
		hit(t, 1000 + i, 0, 1);	/* a known key, table full or not */
	}

	KUNIT_EXPECT_EQ(test, t->rows, kept);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[0]),
			2 * (c->keys - kept));
	KUNIT_EXPECT_EQ(test, col_sum(t, 0), 2ULL * c->keys);
	/* The first keys got rows; a later key is in "other". */
	if (kept)
		KUNIT_EXPECT_PTR_NE(test, hit(t, 1000, 1, 1), t->other);
	if (c->keys > kept)
		KUNIT_EXPECT_PTR_EQ(test, hit(t, 1000 + kept, 1, 1), t->other);
}

static void ageing_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 2);

	hit(t, 1, 0, 100);	/* idle since 100 */
	hit(t, 2, 0, 150);	/* idle since 150 */
	hit(t, 3, 0, 150);	/* table full: "other" */

	/* At 200 with max idle 60: only port 1 is older than 140. */
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 200, 60), 1U);
	KUNIT_EXPECT_EQ(test, t->rows, 1U);
	/* Room again: port 3 now gets its own row, starting from zero. */
	KUNIT_EXPECT_PTR_NE(test, hit(t, 3, 1, 201), t->other);
	KUNIT_EXPECT_EQ(test, t->rows, 2U);
	/* "other" never ages and keeps what it counted. */
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 100000, 1), 2U);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[0]), 1);
	KUNIT_EXPECT_EQ(test, t->rows, 0U);
	/* jiffies wrap: a row used just before the wrap is not idle after. */
	hit(t, 4, 0, ULONG_MAX - 5);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 10, 60), 0U);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 100, 60), 1U);
}

static void clear_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 1);
	u32 gen;

	hit(t, 1, 0, 1);
	hit(t, 2, 0, 1);
	gen = t->generation;
	trs_table_clear(t);
	KUNIT_EXPECT_EQ(test, t->rows, 0U);
	KUNIT_EXPECT_EQ(test, col_sum(t, 0), 0ULL);
	KUNIT_EXPECT_NE(test, t->generation, gen);
}

/* Two namespaces' tables share nothing: keys, rows, counts, secrets. */
static void isolation_test(struct kunit *test)
{
	struct trs_table *a = new_table(test, 8), *b = new_table(test, 8);
	struct trs_row *ra, *rb;

	ra = hit(a, 7211, 0, 1);
	rb = hit(b, 7211, 0, 1);
	hit(b, 7211, 0, 1);
	KUNIT_EXPECT_PTR_NE(test, ra, rb);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&ra->ctr[0]), 1);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&rb->ctr[0]), 2);
	KUNIT_EXPECT_EQ(test, a->rows, 1U);
	KUNIT_EXPECT_EQ(test, b->rows, 1U);
	trs_table_clear(a);
	KUNIT_EXPECT_EQ(test, col_sum(a, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, col_sum(b, 0), 2ULL);
	KUNIT_EXPECT_NE(test, memcmp(&a->secret, &b->secret, sizeof(a->secret)), 0);
}

/* The fixed rows are keys of their own, distinct from any port. */
static void kinds_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 8);
	struct trs_key eph = { .kind = TRS_ROW_EPHEMERAL };
	struct trs_row *row;

	rcu_read_lock();
	row = trs_table_row(t, &eph, 1);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_NE(test, row, t->other);
	KUNIT_EXPECT_PTR_NE(test, row, hit(t, 0, 0, 1));
	KUNIT_EXPECT_EQ(test, t->rows, 2U);
	/* The "ephemeral" row is found without hashing, while it exists. */
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(t->ephemeral), row);
	trs_table_clear(t);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->ephemeral));
	rcu_read_lock();
	row = trs_table_row(t, &eph, 1);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(t->ephemeral), row);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 1U);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->ephemeral));
}

/*
 * With BH disabled (the event path) a CPU remembers its last row, a
 * different key moves the hint, and no hint outlives a removal: after
 * ageing frees the rows, the same key gets a new row in the table, never
 * the freed one.
 */
static void hint_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 2);
	struct trs_row *a, *b, *c, *hint;

	local_bh_disable();
	a = hit(t, 80, 0, 1);
	hint = hint_row(t);
	local_bh_enable();
	KUNIT_EXPECT_PTR_EQ(test, hint, a);

	local_bh_disable();
	b = hit(t, 443, 0, 1);
	hint = hint_row(t);
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 443, 0, 1), b);
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 80, 0, 1), a);
	/* Table full: "other" takes the key, and is nobody's hint. */
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 8080, 0, 1), t->other);
	KUNIT_EXPECT_PTR_EQ(test, hint_row(t), a);
	local_bh_enable();
	KUNIT_EXPECT_PTR_NE(test, b, a);
	KUNIT_EXPECT_PTR_EQ(test, hint, b);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&a->ctr[0]), 2);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&b->ctr[0]), 2);

	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 2U);
	local_bh_disable();
	c = hit(t, 80, 0, 1000);
	hint = hint_row(t);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, t->rows, 1U);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&c->ctr[0]), 1);
	KUNIT_EXPECT_EQ(test, col_sum(t, 0), 2ULL);	/* c, and "other" */
	KUNIT_EXPECT_PTR_EQ(test, hint, c);
}

/*
 * A removal walk leaves the count of removals odd until its last unlink,
 * then even, two up: a lookup meanwhile (the count odd) finds its row but
 * keeps no hint, since the walk may still unlink and free that row.  A
 * walk that removes nothing leaves the count alone.
 */
static void hint_walk_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 4);
	unsigned long count = t->removals;
	struct trs_row *a;

	KUNIT_EXPECT_EQ(test, count % 2, 0UL);
	hit(t, 80, 0, 1);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 1U);
	KUNIT_EXPECT_EQ(test, t->removals, count + 2);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 0U);
	KUNIT_EXPECT_EQ(test, t->removals, count + 2);

	/* A walk half way through, as another CPU would see it. */
	a = hit(t, 443, 0, 1000);
	WRITE_ONCE(t->removals, t->removals + 1);
	local_bh_disable();
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 443, 0, 1000), a);
	KUNIT_EXPECT_NULL(test, hint_row(t));
	local_bh_enable();
	/* The walk ends: the next lookup keeps its row. */
	WRITE_ONCE(t->removals, t->removals + 1);
	local_bh_disable();
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 443, 0, 1000), a);
	KUNIT_EXPECT_PTR_EQ(test, hint_row(t), a);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, trs_cell_read(&a->ctr[0]), 3);
	trs_table_clear(t);
	KUNIT_EXPECT_EQ(test, t->removals, count + 6);
}

/*
 * The count of removals stops at ULONG_MAX, odd, rather than wrap (on 32
 * bits, after 2^31 walks, to the count of a hint taken before them): the
 * hints taken before are invalid, and none is taken any more.
 */
static void hint_wrap_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 4);
	struct trs_row *a;

	WRITE_ONCE(t->removals, ULONG_MAX - 3);
	hit(t, 80, 0, 1);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 1U);
	KUNIT_EXPECT_EQ(test, t->removals, ULONG_MAX - 1);
	local_bh_disable();
	a = hit(t, 443, 0, 1000);
	KUNIT_EXPECT_PTR_EQ(test, hint_row(t), a);
	local_bh_enable();

	hit(t, 81, 0, 1);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 1U);
	KUNIT_EXPECT_EQ(test, t->removals, ULONG_MAX);
	hit(t, 82, 0, 1);
	KUNIT_EXPECT_EQ(test, trs_table_age(t, 1000, 10), 1U);
	KUNIT_EXPECT_EQ(test, t->removals, ULONG_MAX);
	/* The row is found through the hash, and the hint stays as it was. */
	local_bh_disable();
	KUNIT_EXPECT_PTR_EQ(test, hit(t, 443, 0, 1000), a);
	KUNIT_EXPECT_EQ(test, this_cpu_ptr(t->hint)->removals, ULONG_MAX - 1);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, trs_cell_read(&a->ctr[0]), 2);
	trs_table_clear(t);
	KUNIT_EXPECT_EQ(test, t->removals, ULONG_MAX);
}

struct span_case {
	const char *name;
	unsigned int key_off;
	unsigned int byte;	/* where the second key differs from the first */
	bool same_row;
};

#define OFF(field) offsetof(struct trs_key, field)

static const struct span_case span_cases[] = {
	{ "ports: port", OFF(port), OFF(port) + 1, false },
	{ "ports: kind", OFF(port), OFF(kind), false },
	{ "peers: first byte of raddr", OFF(raddr), OFF(raddr), false },
	{ "peers: last byte of raddr", OFF(raddr), OFF(port) - 1, false },
	{ "destinations: first byte of laddr", 0, 0, false },
	{ "destinations: last byte of raddr", 0, OFF(port) - 1, false },
	{ "destinations: port", 0, OFF(port), false },
	{ "identical keys", 0, sizeof(struct trs_key), true },
};

static void span_desc(const struct span_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(span, span_cases, span_desc);

/*
 * A table hashes and compares the key from its key_off on: keys that
 * differ in any byte of it get rows of their own, identical keys share
 * one, with hints (BH disabled) and without.
 */
static void span_test(struct kunit *test)
{
	const struct span_case *c = test->param_value;
	struct trs_table *t = new_table_keys(test, 8, c->key_off);
	struct trs_key a = { .port = htons(7211) }, b;
	struct trs_row *ra, *rb, *ra_bh, *rb_bh;
	unsigned int i;

	/* Some content in every field of the table's keys. */
	for (i = c->key_off; i < OFF(port); i++)
		((u8 *)&a)[i] = i + 1;
	b = a;
	if (c->byte < sizeof(b))
		((u8 *)&b)[c->byte] ^= 0x80;

	rcu_read_lock();
	ra = trs_table_row(t, &a, 1);
	rb = trs_table_row(t, &b, 1);
	rcu_read_unlock();
	local_bh_disable();
	rcu_read_lock();
	ra_bh = trs_table_row(t, &a, 1);
	rb_bh = trs_table_row(t, &b, 1);
	rcu_read_unlock();
	local_bh_enable();

	KUNIT_EXPECT_EQ(test, ra == rb, c->same_row);
	KUNIT_EXPECT_PTR_EQ(test, ra_bh, ra);
	KUNIT_EXPECT_PTR_EQ(test, rb_bh, rb);
	KUNIT_EXPECT_EQ(test, t->rows, c->same_row ? 1U : 2U);
}

/*
 * A new size empties the table, "other" included, and caps it; a bigger
 * table gets more buckets.
 */
static void resize_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 8);
	struct trs_buckets *bk;
	u16 port;

	for (port = 1; port <= 10; port++)
		hit(t, port, 0, 1);
	KUNIT_EXPECT_EQ(test, t->rows, 8U);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[0]), 2);

	bk = trs_buckets_alloc(2);
	KUNIT_ASSERT_NOT_NULL(test, bk);
	trs_table_resize(t, bk, 2);
	KUNIT_EXPECT_EQ(test, t->rows, 0U);
	KUNIT_EXPECT_EQ(test, col_sum(t, 0), 0ULL);
	for (port = 1; port <= 3; port++)
		hit(t, port, 0, 1);
	KUNIT_EXPECT_EQ(test, t->rows, 2U);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[0]), 1);

	bk = trs_buckets_alloc(4096);
	KUNIT_ASSERT_NOT_NULL(test, bk);
	trs_table_resize(t, bk, 4096);
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(t->bk)->bits, 11U);
	for (port = 1; port <= 3000; port++)
		hit(t, port, 1, 1);
	KUNIT_EXPECT_EQ(test, t->rows, 3000U);
	KUNIT_EXPECT_EQ(test, col_sum(t, 1), 3000ULL);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&t->other->ctr[1]), 0);
}

/* A snapshot holds every row and "other", each once, "other" last. */
static void expect_snapshot(struct kunit *test, struct trs_table *t,
			    unsigned int rows)
{
	size_t size = trs_snap_size(t);
	struct trs_row_snap *snap;
	DECLARE_BITMAP(seen, 64);
	unsigned int n, i, port;
	void *buf;

	bitmap_zero(seen, 64);
	buf = trs_table_snapshot_all(t, &n);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, n, rows + 1);
	for (i = 0; i + 1 < n; i++) {
		snap = buf + i * size;
		port = ntohs(snap->key.port);
		KUNIT_EXPECT_TRUE(test, port >= 1 && port <= rows &&
				  !__test_and_set_bit(port, seen));
		KUNIT_EXPECT_EQ(test, snap->ctr[0], (u64)port);
	}
	snap = buf + (n - 1) * size;
	KUNIT_EXPECT_EQ(test, snap->key.kind, TRS_ROW_OTHER);
	kvfree(buf);
}

/*
 * Sized from the rows there are: with no rows, a few, all of them; and
 * grown when more came after the count was read (the count made stale
 * here), up to the table's size and no further.
 */
static void snapshot_test(struct kunit *test)
{
	struct trs_table *t = new_table(test, 40);
	unsigned int rows;
	u16 port, i;

	expect_snapshot(test, t, 0);
	for (port = 1; port <= 40; port++) {
		for (i = 0; i < port; i++)
			hit(t, port, 0, 1);
		if (port == 5 || port == TRS_SNAP_SLACK + 1 || port == 40)
			expect_snapshot(test, t, port);
	}
	rows = t->rows;
	t->rows = 0;
	expect_snapshot(test, t, 40);
	t->rows = rows;
	/* "other" takes what does not fit: still 40 rows and "other". */
	hit(t, 41, 0, 1);
	expect_snapshot(test, t, 40);
}

static struct kunit_case table_cases[] = {
	KUNIT_CASE(insert_lookup_test),
	KUNIT_CASE_PARAM(overflow_test, overflow_gen_params),
	KUNIT_CASE(ageing_test),
	KUNIT_CASE(clear_test),
	KUNIT_CASE(isolation_test),
	KUNIT_CASE(kinds_test),
	KUNIT_CASE(hint_test),
	KUNIT_CASE(hint_walk_test),
	KUNIT_CASE(hint_wrap_test),
	KUNIT_CASE_PARAM(span_test, span_gen_params),
	KUNIT_CASE(resize_test),
	KUNIT_CASE(snapshot_test),
	{}
};

static struct kunit_suite table_suite = {
	.name = "tcpresetstat_table",
	.test_cases = table_cases,
};

kunit_test_suite(table_suite);
