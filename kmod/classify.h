/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: classification of resets.  Pure functions of headers and
 * socket states, so the KUnit suites can drive them with crafted input.
 */
#ifndef _TCPRESETSTAT_CLASSIFY_H
#define _TCPRESETSTAT_CLASSIFY_H

#include <linux/tcp.h>
#include <net/sock.h>

#include "uapi/tcpresetstat.h"

/* Who put a RST on LOCAL_OUT. */
enum trs_origin {
	TRS_ORIGIN_STACK,	/* TCP's control socket, or none (REJECT) */
	TRS_ORIGIN_SOCKET,	/* a TCP socket aborting its own connection */
	TRS_ORIGIN_RAW,		/* a user raw socket */
};

enum trs_origin trs_rst_origin(const struct sock *sk);
enum trs_counter trs_classify_rst_out(const struct tcphdr *th,
				      enum trs_origin origin);
enum trs_counter trs_classify_rst_in(int state);

/* Why a connection attempt failed; same order as the _refused.. columns. */
enum trs_cause {
	TRS_CAUSE_REFUSED,
	TRS_CAUSE_TIMEOUT,
	TRS_CAUSE_UNREACH,
	TRS_CAUSE_OTHER,
};

enum trs_cause trs_classify_open_fail(int sk_err);

/* What a TCP state change means for the counters. */
enum trs_transition {
	TRS_TRANS_NONE,
	TRS_TRANS_ACTIVE_FAIL,	/* SYN_SENT -> CLOSE */
	TRS_TRANS_PASSIVE_FAIL,	/* SYN_RECV -> CLOSE (full socket) */
	TRS_TRANS_ESTAB_RESET,	/* ESTABLISHED/CLOSE_WAIT -> CLOSE */
};

enum trs_transition trs_classify_transition(int oldstate, int newstate);

#endif /* _TCPRESETSTAT_CLASSIFY_H */
