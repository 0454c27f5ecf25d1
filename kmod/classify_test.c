// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_classify: resets built the way the stack,
 * nf_reject, sockets and raw senders build them, and the class each must
 * land in.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "classify.h"

struct rst_out_case {
	const char *desc;
	bool ack;
	u32 seq;
	enum trs_origin origin;
	enum trs_counter want;
};

static const struct rst_out_case rst_out_cases[] = {
	{ "stack answers SYN to closed port", true, 0,
	  TRS_ORIGIN_STACK, TRS_CTR_RST_OUT_REFUSED },
	{ "REJECT answers SYN", true, 0,
	  TRS_ORIGIN_STACK, TRS_CTR_RST_OUT_REFUSED },
	{ "stack answers ACK for unknown connection", false, 0x12345678,
	  TRS_ORIGIN_STACK, TRS_CTR_RST_OUT_OTHER },
	{ "stack answers ACK whose ack_seq was 0", false, 0,
	  TRS_ORIGIN_STACK, TRS_CTR_RST_OUT_OTHER },
	{ "stack RST+ACK with a real sequence", true, 1,
	  TRS_ORIGIN_STACK, TRS_CTR_RST_OUT_OTHER },
	{ "socket abort (SO_LINGER 0)", true, 0x0badcafe,
	  TRS_ORIGIN_SOCKET, TRS_CTR_RST_OUT_ABORT },
	{ "socket abort that looks like a refusal", true, 0,
	  TRS_ORIGIN_SOCKET, TRS_CTR_RST_OUT_ABORT },
	{ "raw socket crafting a refusal", true, 0,
	  TRS_ORIGIN_RAW, TRS_CTR_RST_OUT_OTHER },
	{ "raw socket crafting a reset", false, 7,
	  TRS_ORIGIN_RAW, TRS_CTR_RST_OUT_OTHER },
};

static void rst_out_desc(const struct rst_out_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rst_out, rst_out_cases, rst_out_desc);

static void classify_rst_out_test(struct kunit *test)
{
	const struct rst_out_case *c = test->param_value;
	struct tcphdr th = {};

	/* Arrange: the header as the sender writes it. */
	th.rst = 1;
	th.ack = c->ack;
	th.seq = htonl(c->seq);
	th.source = htons(7211);
	th.dest = htons(40000);

	/* Act + Assert */
	KUNIT_EXPECT_EQ(test, trs_classify_rst_out(&th, c->origin), c->want);
}

struct rst_in_case {
	int state;
	enum trs_counter want;
};

static const struct rst_in_case rst_in_cases[] = {
	{ TCP_SYN_SENT, TRS_CTR_RST_IN_REFUSED },
	{ TCP_ESTABLISHED, TRS_CTR_RST_IN_RESET },
	{ TCP_FIN_WAIT1, TRS_CTR_RST_IN_RESET },
	{ TCP_FIN_WAIT2, TRS_CTR_RST_IN_RESET },
	{ TCP_CLOSE_WAIT, TRS_CTR_RST_IN_RESET },
	{ TCP_CLOSING, TRS_CTR_RST_IN_RESET },
	{ TCP_LAST_ACK, TRS_CTR_RST_IN_RESET },
	{ TCP_SYN_RECV, TRS_CTR_RST_IN_OTHER },
	{ TCP_LISTEN, TRS_CTR_RST_IN_OTHER },
	{ TCP_CLOSE, TRS_CTR_RST_IN_OTHER },
	{ TCP_TIME_WAIT, TRS_CTR_RST_IN_OTHER },
};

static void rst_in_desc(const struct rst_in_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "state %d", c->state);
}

KUNIT_ARRAY_PARAM(rst_in, rst_in_cases, rst_in_desc);

static void classify_rst_in_test(struct kunit *test)
{
	const struct rst_in_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, trs_classify_rst_in(c->state), c->want);
}

/*
 * trs_rst_origin() reads only the socket's state, type, protocol and
 * kernel flag, so a zeroed struct sock with those set stands in for each
 * kind of sender.
 */
static void rst_origin_test(struct kunit *test)
{
	struct sock *sk = kunit_kzalloc(test, sizeof(*sk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sk);
	KUNIT_EXPECT_EQ(test, trs_rst_origin(NULL, false), TRS_ORIGIN_STACK);

	sk->sk_state = TCP_ESTABLISHED;
	sk->sk_type = SOCK_STREAM;
	sk->sk_protocol = IPPROTO_TCP;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_SOCKET);
	/* 6.13+: the stack's reply owned by the full socket it answers. */
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, true), TRS_ORIGIN_STACK);

	/* TCP's control socket: kernel-owned SOCK_RAW/IPPROTO_TCP. */
	sk->sk_type = SOCK_RAW;
	sk->sk_kern_sock = 1;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_STACK);

	/* The same, opened by a user: a raw sender. */
	sk->sk_kern_sock = 0;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_RAW);
	sk->sk_protocol = IPPROTO_RAW;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_RAW);

	/* Request and TIME_WAIT minisocks are not full sockets. */
	sk->sk_state = TCP_NEW_SYN_RECV;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_STACK);
	sk->sk_state = TCP_TIME_WAIT;
	KUNIT_EXPECT_EQ(test, trs_rst_origin(sk, false), TRS_ORIGIN_STACK);
}

struct open_fail_case {
	int err;
	enum trs_cause want;
};

static const struct open_fail_case open_fail_cases[] = {
	{ ECONNREFUSED, TRS_CAUSE_REFUSED },	/* RST, or ICMP port unreachable */
	{ ETIMEDOUT, TRS_CAUSE_TIMEOUT },	/* SYN retries exhausted */
	{ EHOSTUNREACH, TRS_CAUSE_UNREACH },
	{ ENETUNREACH, TRS_CAUSE_UNREACH },
	{ 0, TRS_CAUSE_OTHER },			/* closed before the handshake */
	{ EHOSTDOWN, TRS_CAUSE_OTHER },
	{ ENOPROTOOPT, TRS_CAUSE_OTHER },
	{ EMSGSIZE, TRS_CAUSE_OTHER },
};

static void open_fail_desc(const struct open_fail_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "sk_err %d", c->err);
}

KUNIT_ARRAY_PARAM(open_fail, open_fail_cases, open_fail_desc);

static void classify_open_fail_test(struct kunit *test)
{
	const struct open_fail_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, trs_classify_open_fail(c->err), c->want);
}

struct transition_case {
	int from, to;
	enum trs_transition want;
};

static const struct transition_case transition_cases[] = {
	{ TCP_SYN_SENT, TCP_CLOSE, TRS_TRANS_ACTIVE_FAIL },
	{ TCP_SYN_RECV, TCP_CLOSE, TRS_TRANS_PASSIVE_FAIL },
	{ TCP_ESTABLISHED, TCP_CLOSE, TRS_TRANS_ESTAB_RESET },
	{ TCP_CLOSE_WAIT, TCP_CLOSE, TRS_TRANS_ESTAB_RESET },
	/* Orderly closes and successful opens count nothing. */
	{ TCP_SYN_SENT, TCP_ESTABLISHED, TRS_TRANS_NONE },
	{ TCP_SYN_RECV, TCP_ESTABLISHED, TRS_TRANS_NONE },
	{ TCP_ESTABLISHED, TCP_FIN_WAIT1, TRS_TRANS_NONE },
	{ TCP_ESTABLISHED, TCP_CLOSE_WAIT, TRS_TRANS_NONE },
	{ TCP_LAST_ACK, TCP_CLOSE, TRS_TRANS_NONE },
	{ TCP_FIN_WAIT1, TCP_CLOSE, TRS_TRANS_NONE },
	{ TCP_FIN_WAIT2, TCP_CLOSE, TRS_TRANS_NONE },
	{ TCP_CLOSING, TCP_CLOSE, TRS_TRANS_NONE },
	{ TCP_LISTEN, TCP_CLOSE, TRS_TRANS_NONE },
	{ TCP_CLOSE, TCP_SYN_SENT, TRS_TRANS_NONE },
	{ TCP_ESTABLISHED, TCP_TIME_WAIT, TRS_TRANS_NONE },
};

static void transition_desc(const struct transition_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d -> %d", c->from, c->to);
}

KUNIT_ARRAY_PARAM(transition, transition_cases, transition_desc);

static void classify_transition_test(struct kunit *test)
{
	const struct transition_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, trs_classify_transition(c->from, c->to), c->want);
}

/*
 * A followed forwarded open (forward.c), every combination of what its
 * conntrack entry says: kept only while it may still be answered, timed
 * out only when it expired confirmed in SYN_SENT, dying or not.
 */
static void classify_fwd_test(struct kunit *test)
{
	unsigned int bits;

	for (bits = 0; bits < 32; bits++) {
		bool confirmed = bits & 1, old = bits & 2, syn_sent = bits & 4,
		     expired = bits & 8, dying = bits & 16;
		enum trs_fwd_verdict want;

		if (!confirmed)
			want = old ? TRS_FWD_FORGET : TRS_FWD_KEEP;
		else if (syn_sent && expired)
			want = TRS_FWD_TIMEOUT;
		else if (syn_sent && !dying)
			want = TRS_FWD_KEEP;
		else
			want = TRS_FWD_FORGET;
		KUNIT_EXPECT_EQ_MSG(test, trs_classify_fwd(confirmed, old, syn_sent,
							   expired, dying), want,
				    "bits %u", bits);
	}
}

/* What fails a forwarded open: TCP's own tests in SYN_SENT. */
static void classify_fwd_reply_test(struct kunit *test)
{
	const u32 isn = 0xfffffffe;

	KUNIT_EXPECT_TRUE(test, trs_classify_fwd_reply(true, true, isn + 1, isn));
	KUNIT_EXPECT_TRUE(test, trs_classify_fwd_reply(true, true, 0xffffffff, isn));
	/* the sequence space wraps */
	KUNIT_EXPECT_TRUE(test, trs_classify_fwd_reply(true, true, 0, 0xffffffff));
	KUNIT_EXPECT_FALSE(test, trs_classify_fwd_reply(true, false, isn + 1, isn));
	KUNIT_EXPECT_FALSE(test, trs_classify_fwd_reply(true, true, isn, isn));
	KUNIT_EXPECT_FALSE(test, trs_classify_fwd_reply(true, true, isn + 2, isn));
	/* an ICMP error quotes the SYN itself */
	KUNIT_EXPECT_TRUE(test, trs_classify_fwd_reply(false, false, isn, isn));
	KUNIT_EXPECT_FALSE(test, trs_classify_fwd_reply(false, false, isn + 1, isn));
}

static struct kunit_case classify_cases[] = {
	KUNIT_CASE(classify_fwd_test),
	KUNIT_CASE(classify_fwd_reply_test),
	KUNIT_CASE_PARAM(classify_open_fail_test, open_fail_gen_params),
	KUNIT_CASE_PARAM(classify_transition_test, transition_gen_params),
	KUNIT_CASE_PARAM(classify_rst_out_test, rst_out_gen_params),
	KUNIT_CASE_PARAM(classify_rst_in_test, rst_in_gen_params),
	KUNIT_CASE(rst_origin_test),
	{}
};

static struct kunit_suite classify_suite = {
	.name = "tcpresetstat_classify",
	.test_cases = classify_cases,
};

kunit_test_suite(classify_suite);
