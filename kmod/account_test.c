// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_rst_mark: the marks by which a RST that TCP
 * accepts in SYN_SENT is counted at the socket's change to CLOSE, which
 * follows it (account.c).  A mark must be taken exactly once, by its own
 * socket, and a socket that cannot have one must be told so, since its
 * caller then counts the RST at once.
 */
#include <kunit/test.h>
#include <linux/hash.h>
#include <net/sock.h>

#include "tcpresetstat.h"

static struct sock *fake_sock(struct kunit *test, u16 port)
{
	struct sock *sk = kunit_kzalloc(test, sizeof(*sk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sk);
	sk->sk_num = port;
	return sk;
}

/* Taken once, with its local port; never by another socket. */
static void mark_take_test(struct kunit *test)
{
	struct sock *a = fake_sock(test, 40000), *b = fake_sock(test, 40001);

	KUNIT_EXPECT_EQ(test, trs_rst_take(a), -1);
	KUNIT_ASSERT_TRUE(test, trs_rst_mark(a));
	KUNIT_EXPECT_EQ(test, trs_rst_take(b), -1);
	KUNIT_EXPECT_EQ(test, trs_rst_take(a), 40000);
	KUNIT_EXPECT_EQ(test, trs_rst_take(a), -1);
}

/*
 * Two sockets on one slot (there are more sockets than slots, so some
 * pair shares one): the second is refused a mark while the first holds
 * it, and neither takes the other's.
 */
static void shared_slot_test(struct kunit *test)
{
	const unsigned int n = (1U << TRS_RST_MARK_BITS) + 1;
	struct sock **sks = kunit_kcalloc(test, n, sizeof(*sks), GFP_KERNEL);
	struct sock *a = NULL, *b = NULL;
	unsigned int i, j;

	KUNIT_ASSERT_NOT_NULL(test, sks);
	for (i = 0; i < n && !b; i++) {
		sks[i] = fake_sock(test, 50000 + i);
		for (j = 0; j < i; j++) {
			if (hash_ptr(sks[j], TRS_RST_MARK_BITS) ==
			    hash_ptr(sks[i], TRS_RST_MARK_BITS)) {
				a = sks[j];
				b = sks[i];
				break;
			}
		}
	}
	KUNIT_ASSERT_NOT_NULL(test, b);

	KUNIT_ASSERT_TRUE(test, trs_rst_mark(a));
	KUNIT_EXPECT_FALSE(test, trs_rst_mark(b));
	KUNIT_EXPECT_EQ(test, trs_rst_take(b), -1);
	KUNIT_EXPECT_EQ(test, trs_rst_take(a), a->sk_num);
	/* Free again: the second socket gets it now. */
	KUNIT_ASSERT_TRUE(test, trs_rst_mark(b));
	KUNIT_EXPECT_EQ(test, trs_rst_take(a), -1);
	KUNIT_EXPECT_EQ(test, trs_rst_take(b), b->sk_num);
}

static struct kunit_case rst_mark_cases[] = {
	KUNIT_CASE(mark_take_test),
	KUNIT_CASE(shared_slot_test),
	{}
};

static struct kunit_suite rst_mark_suite = {
	.name = "tcpresetstat_rst_mark",
	.test_cases = rst_mark_cases,
};

kunit_test_suite(rst_mark_suite);
