/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libnl the tool is built with: libnl-genl-3, or OpenWrt's libnl-tiny
 * (make LIBNL_TINY=DIR, for routers: a static tool of a few hundred KiB).
 * libnl-tiny is a subset of libnl-3's API under older names; the few calls
 * the tool makes that it lacks are spelt here in terms of what it has.
 */
#ifndef TRS_LIBNL_H
#define TRS_LIBNL_H

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#ifdef TRS_LIBNL_TINY
#define NL_AUTO_PORT	NL_AUTO_PID
#define nl_send_auto	trs_nl_send_auto

/*
 * libnl-3 checks replies' sequence numbers only with auto-ACK on; libnl-tiny
 * always, against a number it moves on only at DONE or an ACK, so the reply
 * to a GET sent without auto-ACK puts every later request out of step.
 * Here each request's replies must carry its own number.
 */
static inline int trs_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	int ret = nl_send_auto_complete(sk, msg);

	sk->s_seq_expect = nlmsg_hdr(msg)->nlmsg_seq;
	return ret;
}

static inline struct genlmsghdr *genlmsg_hdr(struct nlmsghdr *nlh)
{
	return nlmsg_data(nlh);
}

static inline int nl_socket_modify_err_cb(struct nl_sock *sk, enum nl_cb_kind kind,
					  nl_recvmsg_err_cb_t func, void *arg)
{
	struct nl_cb *cb = nl_socket_get_cb(sk);	/* a reference */
	int ret = nl_cb_err(cb, kind, func, arg);

	nl_cb_put(cb);
	return ret;
}
#endif

#endif
