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

#endif /* _TCPRESETSTAT_CLASSIFY_H */
