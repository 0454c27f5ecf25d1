// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_alert: the rate limit every alert passes
 * (alert.c).  alerts_sent counts what went out and alerts_suppressed what
 * did not; the next alert out reports how many did not since the last one
 * did, whether the limit held them back or the message could not be made.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>

#include "tcpresetstat.h"

static int alert_init(struct kunit *test)
{
	struct trs_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tn);
	tn->stats = alloc_percpu(struct trs_stats);
	KUNIT_ASSERT_NOT_NULL(test, tn->stats);
	tn->cfg[TRS_CFG_ALERT_MAX_PER_SEC] = 2;
	trs_alerts_init(tn);
	test->priv = tn;
	return 0;
}

static void alert_exit(struct kunit *test)
{
	struct trs_net *tn = test->priv;

	free_percpu(tn->stats);
}

static void expect_counts(struct kunit *test, u64 sent, u64 suppressed)
{
	u64 ctr[TRS_CTR_MAX];

	trs_stats_read(test->priv, ctr);
	KUNIT_EXPECT_EQ(test, ctr[TRS_CTR_ALERTS_SENT], sent);
	KUNIT_EXPECT_EQ(test, ctr[TRS_CTR_ALERTS_SUPPRESSED], suppressed);
}

/* The window of this second ends now: the limit starts afresh. */
static void next_second(struct trs_net *tn)
{
	tn->alerts.window = jiffies - HZ;
}

/* One alert let through, and how its send went (@err). */
static void send(struct kunit *test, struct trs_alert *a, int err)
{
	KUNIT_ASSERT_TRUE(test, trs_alert_allow(test->priv, a));
	trs_alert_sent(test->priv, a, err);
}

/* This second's two alerts sent, then @held more held back. */
static void fill_second(struct kunit *test, struct trs_alert *a,
			unsigned int held)
{
	send(test, a, 0);
	send(test, a, 0);
	while (held--)
		KUNIT_EXPECT_FALSE(test, trs_alert_allow(test->priv, a));
}

/* Two a second; the third waits, and the next out says so. */
static void limit_test(struct kunit *test)
{
	struct trs_alert a = {};

	fill_second(test, &a, 2);
	expect_counts(test, 2, 2);

	next_second(test->priv);
	a.suppressed = 99;
	send(test, &a, 0);
	KUNIT_EXPECT_EQ(test, a.suppressed, 2);
	send(test, &a, 0);
	KUNIT_EXPECT_EQ(test, a.suppressed, 0);
	expect_counts(test, 4, 2);
}

/*
 * An alert whose message could not be made is not sent: it is one more
 * suppressed, and what it was to report is reported by the next one out.
 */
static void lost_test(struct kunit *test)
{
	struct trs_alert a = {};

	fill_second(test, &a, 1);
	expect_counts(test, 2, 1);

	next_second(test->priv);
	send(test, &a, -ENOMEM);
	KUNIT_EXPECT_EQ(test, a.suppressed, 1);
	expect_counts(test, 2, 2);
	/* Its slot was used: one more this second. */
	send(test, &a, 0);
	KUNIT_EXPECT_EQ(test, a.suppressed, 2);
	KUNIT_EXPECT_FALSE(test, trs_alert_allow(test->priv, &a));
	expect_counts(test, 3, 3);
}

/*
 * No one listening any more: not sent, nor suppressed (nothing is counted
 * while no one listens), and what it carried waits for the next one out.
 */
static void unheard_test(struct kunit *test)
{
	struct trs_alert a = {};

	fill_second(test, &a, 1);

	next_second(test->priv);
	send(test, &a, -ESRCH);
	KUNIT_EXPECT_EQ(test, a.suppressed, 1);
	expect_counts(test, 2, 1);
	send(test, &a, 0);
	KUNIT_EXPECT_EQ(test, a.suppressed, 1);
	expect_counts(test, 3, 1);
}

static struct kunit_case alert_cases[] = {
	KUNIT_CASE(limit_test),
	KUNIT_CASE(lost_test),
	KUNIT_CASE(unheard_test),
	{}
};

static struct kunit_suite alert_suite = {
	.name = "tcpresetstat_alert",
	.init = alert_init,
	.exit = alert_exit,
	.test_cases = alert_cases,
};

kunit_test_suite(alert_suite);
