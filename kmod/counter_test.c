// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_counter: the split cells of 32-bit kernels
 * (counter.h), built and tested here on every architecture.
 */
#include <kunit/test.h>

#include "counter.h"

#define FOLD	((u64)TRS_SPLIT64_FOLD)

/* Adds below 2^31 stay in the low word; the one that crosses folds once. */
static void fold_test(struct kunit *test)
{
	struct trs_split64 c = {};

	trs_split64_set(&c, FOLD - 2);
	trs_split64_add(&c, 1);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), FOLD - 1);
	KUNIT_EXPECT_EQ(test, c.hi, 0U);
	trs_split64_add(&c, 3);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), FOLD + 2);
	KUNIT_EXPECT_EQ(test, c.hi, 1U);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&c.lo), 2U);
	trs_split64_add(&c, 1);
	KUNIT_EXPECT_EQ(test, c.hi, 1U);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), FOLD + 3);

	/* The second 2^31 folds again. */
	trs_split64_set(&c, 2 * FOLD - 1);
	KUNIT_EXPECT_EQ(test, c.hi, 1U);
	trs_split64_add(&c, 1);
	KUNIT_EXPECT_EQ(test, c.hi, 2U);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&c.lo), 0U);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), 2 * FOLD);
}

/* Between an add that crosses 2^31 and its fold, reads are exact too. */
static void unfolded_test(struct kunit *test)
{
	struct trs_split64 c = {};

	trs_split64_set(&c, 3 * FOLD + FOLD - 1);
	atomic_add(10, &c.lo);		/* crossed, not folded yet */
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), 4 * FOLD + 9);
	trs_split64_fold(&c);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), 4 * FOLD + 9);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&c.lo), 9U);
}

/* A set between an add that crossed 2^31 and its fold leaves it nothing. */
static void set_before_fold_test(struct kunit *test)
{
	struct trs_split64 c = {};

	trs_split64_set(&c, FOLD - 1);
	atomic_add(1, &c.lo);		/* crossed, not folded yet */
	trs_split64_set(&c, 0);		/* a reset */
	trs_split64_fold(&c);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), 0ULL);
	KUNIT_EXPECT_EQ(test, c.hi, 0U);
}

/* Sets and exchanges take any 64-bit value, well past 2^32. */
static void set_xchg_test(struct kunit *test)
{
	const u64 big = (5ULL << 32) + 7;
	struct trs_split64 c = {};

	trs_split64_set(&c, big);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), big);
	KUNIT_EXPECT_EQ(test, c.hi, 10U);
	KUNIT_EXPECT_EQ(test, trs_split64_xchg(&c, 1), big);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), 1ULL);
	KUNIT_EXPECT_EQ(test, trs_split64_xchg(&c, 0), 1ULL);
	trs_split64_set(&c, U64_MAX >> 1);
	trs_split64_add(&c, 0);
	KUNIT_EXPECT_EQ(test, trs_split64_read(&c), U64_MAX >> 1);
}

/* The table's cells: the split cell where longs are 32 bits. */
static void cell_test(struct kunit *test)
{
	struct trs_cell c;

	trs_cell_set(&c, FOLD - 1);
	trs_cell_add(&c, 2);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&c), FOLD + 1);
	KUNIT_EXPECT_EQ(test, trs_cell_xchg(&c, 0), FOLD + 1);
	KUNIT_EXPECT_EQ(test, trs_cell_read(&c), 0ULL);
	KUNIT_EXPECT_EQ(test, sizeof(struct trs_cell), sizeof(u64));
}

static struct kunit_case counter_cases[] = {
	KUNIT_CASE(fold_test),
	KUNIT_CASE(unfolded_test),
	KUNIT_CASE(set_before_fold_test),
	KUNIT_CASE(set_xchg_test),
	KUNIT_CASE(cell_test),
	{}
};

static struct kunit_suite counter_suite = {
	.name = "tcpresetstat_counter",
	.test_cases = counter_cases,
};

kunit_test_suite(counter_suite);
