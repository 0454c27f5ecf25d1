// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_pressure: the ephemeral port count (range minus
 * reserved ports), port use percentages, the top-N destinations, and
 * when the sampler may sample a namespace early.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>

#include "pressure.h"

struct ports_case {
	const char *desc;
	int lo, hi;
	int rsv_lo, rsv_hi;	/* reserved ports [rsv_lo, rsv_hi], or -1 */
	int rsv_step;		/* every rsv_step-th port of that interval */
	unsigned int want;
};

static const struct ports_case ports_cases[] = {
	{ "Linux default range", 32768, 60999, -1, -1, 1, 28232 },
	{ "lo == hi", 40000, 40000, -1, -1, 1, 1 },
	{ "lo == hi, reserved", 40000, 40000, 40000, 40000, 1, 0 },
	{ "fully reserved", 1000, 1999, 0, 65535, 1, 0 },
	{ "reserved outside the range", 1000, 1999, 2000, 3000, 1, 1000 },
	{ "reserved across the low edge", 1000, 1999, 990, 1009, 1, 990 },
	{ "reserved across the high edge", 1000, 1999, 1990, 2009, 1, 990 },
	{ "odd ports reserved, even lo", 1000, 1999, 1001, 1999, 2, 500 },
	{ "even ports reserved, odd lo", 1001, 2000, 1002, 2000, 2, 500 },
	{ "odd lo, odd hi, odd reserved", 1001, 1999, 1001, 1999, 2, 499 },
	{ "whole port space", 0, 65535, -1, -1, 1, 65536 },
	{ "top port reserved", 65000, 65535, 65535, 65535, 1, 535 },
	{ "lo > hi", 2000, 1000, -1, -1, 1, 0 },
	{ "out of range", 1000, 70000, -1, -1, 1, 0 },
};

static void ports_desc(const struct ports_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ports, ports_cases, ports_desc);

static void ephemeral_ports_test(struct kunit *test)
{
	const struct ports_case *c = test->param_value;
	unsigned long *rsv;
	int p;

	rsv = kunit_kzalloc(test, BITS_TO_LONGS(65536) * sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsv);
	if (c->rsv_lo >= 0)
		for (p = c->rsv_lo; p <= c->rsv_hi; p += c->rsv_step)
			__set_bit(p, rsv);

	KUNIT_EXPECT_EQ(test, trs_ephemeral_ports(c->lo, c->hi, rsv), c->want);
	if (c->rsv_lo < 0)
		KUNIT_EXPECT_EQ(test, trs_ephemeral_ports(c->lo, c->hi, NULL), c->want);
}

struct pct_case {
	unsigned int used, ephemeral, want;
};

static const struct pct_case pct_cases[] = {
	{ 0, 0, 0 }, { 1, 0, 100 }, { 0, 28232, 0 }, { 50, 200, 25 },
	{ 199, 200, 99 }, { 200, 200, 100 }, { 300, 200, 100 },
	{ 1, 3, 33 }, { 2, 3, 66 }, { 60000, 64512, 93 },
	{ 4294967295U, 4294967295U, 100 }, { 4294967294U, 4294967295U, 99 },
};

static void pct_desc(const struct pct_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u of %u", c->used, c->ephemeral);
}

KUNIT_ARRAY_PARAM(pct, pct_cases, pct_desc);

static void port_use_pct_test(struct kunit *test)
{
	const struct pct_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, trs_port_use_pct(c->used, c->ephemeral), c->want);
}

static struct trs_dest_use dest(u16 port, u32 used)
{
	struct trs_dest_use d = { .key.port = htons(port), .used = used };

	return d;
}

static void top_dests_test(struct kunit *test)
{
	struct trs_dest_use d[] = {
		dest(1, 5), dest(2, 50), dest(3, 7), dest(4, 50), dest(5, 0),
		dest(6, 9),
	};

	/* The 3 most used, ties in key order. */
	KUNIT_ASSERT_EQ(test, trs_top_dests(d, ARRAY_SIZE(d), 3), 3U);
	KUNIT_EXPECT_EQ(test, ntohs(d[0].key.port), 2);
	KUNIT_EXPECT_EQ(test, ntohs(d[1].key.port), 4);
	KUNIT_EXPECT_EQ(test, ntohs(d[2].key.port), 6);
	KUNIT_EXPECT_EQ(test, d[3].used, 7U);
	/* Asking for more than there are gives them all; none gives none. */
	KUNIT_EXPECT_EQ(test, trs_top_dests(d, ARRAY_SIZE(d), 100), 6U);
	KUNIT_EXPECT_EQ(test, d[5].used, 0U);
	KUNIT_EXPECT_EQ(test, trs_top_dests(d, ARRAY_SIZE(d), 0), 0U);
	KUNIT_EXPECT_EQ(test, trs_top_dests(d, 0, 3), 0U);
}

/* Times relative to a base, in jiffies. */
struct early_case {
	const char *desc;
	long due, interval, lead;	/* now is base + 0 */
	bool want;
};

static const struct early_case early_cases[] = {
	{ "due now", 0, 1000, 1000, true },
	{ "overdue", -5000, 1000, 1000, true },
	{ "same interval, within half", 500, 1000, 1000, true },
	{ "same interval, beyond half", 501, 1000, 1000, false },
	{ "shorter lead, within it", 100, 10000, 100, true },
	{ "shorter lead, beyond it", 101, 10000, 100, false },
	{ "long interval, within its half", 1800, 3600, 100000, true },
	{ "long interval, short lead", 1800, 3600, 1000, false },
	{ "interval 1, only when due", 1, 1, 1, false },
	{ "no lead limit", 5000, 10000, ULONG_MAX, true },
};

static void early_desc(const struct early_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(early, early_cases, early_desc);

/* The same answers wherever jiffies are, across their wrap too. */
static void sample_early_test(struct kunit *test)
{
	const struct early_case *c = test->param_value;
	static const unsigned long bases[] = {
		0, 300UL * HZ, ULONG_MAX - 2000, ULONG_MAX - 500, ULONG_MAX,
		LONG_MAX,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    trs_sample_early(bases[i] + c->due, bases[i],
						     c->interval, c->lead),
				    c->want, "now = %lu", bases[i]);
}

static struct kunit_case pressure_cases[] = {
	KUNIT_CASE_PARAM(ephemeral_ports_test, ports_gen_params),
	KUNIT_CASE_PARAM(port_use_pct_test, pct_gen_params),
	KUNIT_CASE(top_dests_test),
	KUNIT_CASE_PARAM(sample_early_test, early_gen_params),
	{}
};

static struct kunit_suite pressure_suite = {
	.name = "tcpresetstat_pressure",
	.test_cases = pressure_cases,
};

kunit_test_suite(pressure_suite);
