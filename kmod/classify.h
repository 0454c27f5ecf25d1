/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: classification of resets (see Documentation/counters.rst).
 * Pure functions of headers and socket states, so the KUnit suites can
 * drive them with crafted input; inline, since every RST passes them.
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

/* Why a connection attempt failed; same order as the _refused.. columns. */
enum trs_cause {
	TRS_CAUSE_REFUSED,
	TRS_CAUSE_TIMEOUT,
	TRS_CAUSE_UNREACH,
	TRS_CAUSE_OTHER,
};

/* What a TCP state change means for the counters. */
enum trs_transition {
	TRS_TRANS_NONE,
	TRS_TRANS_ACTIVE_FAIL,	/* SYN_SENT -> CLOSE */
	TRS_TRANS_PASSIVE_FAIL,	/* SYN_RECV -> CLOSE (full socket) */
	TRS_TRANS_ESTAB_RESET,	/* ESTABLISHED/CLOSE_WAIT -> CLOSE */
};

/*
 * The stack answers segments that have no socket (closed ports, TIME_WAIT,
 * bad segments) from a per-CPU control socket, which is a kernel SOCK_RAW
 * socket; netfilter's REJECT builds its RST with no socket at all.  From
 * 6.13 the reply is owned by the socket it answers instead, marked by its
 * destructor (@reply).  A TCP socket on LOCAL_OUT is otherwise a connection
 * aborting itself (tcp_send_active_reset).  Anything else is a user raw
 * socket crafting segments.
 */
static inline enum trs_origin trs_rst_origin(const struct sock *sk, bool reply)
{
	if (!sk || !sk_fullsock(sk) || reply)
		return TRS_ORIGIN_STACK;
	if (sk->sk_type == SOCK_STREAM && sk->sk_protocol == IPPROTO_TCP)
		return TRS_ORIGIN_SOCKET;
	if (sk->sk_kern_sock)
		return TRS_ORIGIN_STACK;
	return TRS_ORIGIN_RAW;
}

/*
 * RFC 793 reset generation, as both the stack (tcp_v4/v6_send_reset) and
 * nf_reject follow it: a segment that carried ACK is answered with
 * <SEQ=SEG.ACK><CTL=RST>; one without ACK, which after the handshake can
 * only be a SYN, with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.  So "RST+ACK
 * with sequence number 0" is exactly a refused SYN, whether the stack found
 * no listener or a REJECT rule matched.
 */
static inline enum trs_counter
trs_classify_rst_out(const struct tcphdr *th, enum trs_origin origin)
{
	switch (origin) {
	case TRS_ORIGIN_SOCKET:
		return TRS_CTR_RST_OUT_ABORT;
	case TRS_ORIGIN_STACK:
		if (th->ack && th->seq == 0)
			return TRS_CTR_RST_OUT_REFUSED;
		return TRS_CTR_RST_OUT_OTHER;
	default:
		return TRS_CTR_RST_OUT_OTHER;
	}
}

/*
 * Called for RSTs the stack accepted on a full socket (tcp_reset()).  In
 * SYN_SENT the RST answers our SYN: connect() fails with ECONNREFUSED.  In a
 * synchronized state (RFC 793: ESTABLISHED and later) it is "connection reset
 * by peer".  Everything else is counted as rst_in_other.
 */
static inline enum trs_counter trs_classify_rst_in(int state)
{
	switch (state) {
	case TCP_SYN_SENT:
		return TRS_CTR_RST_IN_REFUSED;
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		return TRS_CTR_RST_IN_RESET;
	default:
		return TRS_CTR_RST_IN_OTHER;
	}
}

/*
 * sk_err at SYN_SENT -> CLOSE: tcp_reset() stores ECONNREFUSED,
 * tcp_write_err() ETIMEDOUT (or a soft error seen meanwhile), and an ICMP
 * error in SYN_SENT is fatal and stored as is (tcp_v4_err, tcp_v6_err).
 * 0 means the user closed the socket before the handshake completed.
 */
static inline enum trs_cause trs_classify_open_fail(int sk_err)
{
	switch (sk_err) {
	case ECONNREFUSED:
		return TRS_CAUSE_REFUSED;
	case ETIMEDOUT:
		return TRS_CAUSE_TIMEOUT;
	case EHOSTUNREACH:
	case ENETUNREACH:
		return TRS_CAUSE_UNREACH;
	default:
		return TRS_CAUSE_OTHER;
	}
}

/*
 * Mirrors what tcp_set_state() and tcp_done() feed the kernel's MIBs:
 * EstabResets counts ESTABLISHED/CLOSE_WAIT -> CLOSE, AttemptFails counts
 * SYN_SENT/SYN_RECV -> CLOSE through tcp_done().
 */
static inline enum trs_transition trs_classify_transition(int oldstate,
							  int newstate)
{
	if (newstate != TCP_CLOSE)
		return TRS_TRANS_NONE;
	switch (oldstate) {
	case TCP_SYN_SENT:
		return TRS_TRANS_ACTIVE_FAIL;
	case TCP_SYN_RECV:
		return TRS_TRANS_PASSIVE_FAIL;
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		return TRS_TRANS_ESTAB_RESET;
	default:
		return TRS_TRANS_NONE;
	}
}

/*
 * A forwarded open followed with conntrack (forward.c): what the work
 * makes of it, from its entry.  @old: it came before the work's last pass,
 * so the SYN has long left FORWARD for POSTROUTING, where conntrack
 * confirms the entry, or was dropped; an unconfirmed entry's timeout is
 * not yet a time.  @syn_sent: the entry is still in SYN_SENT (any other
 * state: answered, or closed in a way not forwarded here).
 */
enum trs_fwd_verdict {
	TRS_FWD_KEEP,
	TRS_FWD_FORGET,		/* ended without a failure we count */
	TRS_FWD_TIMEOUT,	/* expired in SYN_SENT */
};

static inline enum trs_fwd_verdict trs_classify_fwd(bool confirmed, bool old,
						    bool syn_sent, bool expired,
						    bool dying)
{
	if (!confirmed)
		return old ? TRS_FWD_FORGET : TRS_FWD_KEEP;
	if (!syn_sent)
		return TRS_FWD_FORGET;
	if (expired)
		return TRS_FWD_TIMEOUT;
	return dying ? TRS_FWD_FORGET : TRS_FWD_KEEP;
}

/*
 * Whether a reply fails a forwarded open whose SYN had sequence number
 * @isn, as TCP in SYN_SENT would take it: a RST (@rst) must carry an ACK
 * (@ack_set) of exactly the SYN, @seq = @isn + 1; an ICMP error must quote
 * the SYN, @seq = @isn.
 */
static inline bool trs_classify_fwd_reply(bool rst, bool ack_set, u32 seq,
					  u32 isn)
{
	if (rst)
		return ack_set && seq == isn + 1;
	return seq == isn;
}

#endif /* _TCPRESETSTAT_CLASSIFY_H */
