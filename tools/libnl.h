/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libnl the tool is built with: libnl-genl-3, or OpenWrt's libnl-tiny
 * (make LIBNL=tiny or LIBNL_TINY=DIR, for routers: a static tool of a few
 * hundred KiB).  libnl-tiny is a subset of libnl-3's API under older names;
 * the few calls the tool makes that it lacks are spelt here in terms of
 * what it has, and the few it has amiss are wrapped.  It never reports
 * -NLE_DUMP_INTR: netlink.c reads NLM_F_DUMP_INTR off the messages itself.
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

/*
 * libnl-tiny's nla_ok() and nlmsg_ok() take a negative remainder for a
 * huge one, and a stream of attributes or messages whose length is not a
 * multiple of 4 (never so from the kernel, which pads them) leaves one
 * after its last item: they read on past the stream.  Walked here with
 * the remainder checked, and parsed cut to whole 4-byte units (a last
 * attribute left unpadded is dropped, where libnl-3 takes it).  Its own
 * nl_recvmsgs() still walks what recv() gave: whole padded messages.
 */
static inline int trs_nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) && nla_ok(nla, remaining);
}

static inline int trs_nlmsg_ok(const struct nlmsghdr *nlh, int remaining)
{
	return remaining >= (int)sizeof(*nlh) && nlmsg_ok(nlh, remaining);
}

static inline int trs_nla_parse(struct nlattr **tb, int maxtype, struct nlattr *head, int len,
				const struct nla_policy *policy)
{
	return nla_parse(tb, maxtype, head, len > 0 ? len & ~(NLA_ALIGNTO - 1) : 0, policy);
}

static inline int trs_nla_parse_nested(struct nlattr **tb, int maxtype, struct nlattr *nla,
				       const struct nla_policy *policy)
{
	return trs_nla_parse(tb, maxtype, nla_data(nla), nla_len(nla), policy);
}

static inline int trs_genlmsg_parse(struct nlmsghdr *nlh, int hdrlen, struct nlattr **tb,
				    int maxtype, const struct nla_policy *policy)
{
	if (!genlmsg_valid_hdr(nlh, hdrlen))
		return -NLE_MSG_TOOSHORT;
	return trs_nla_parse(tb, maxtype, genlmsg_attrdata(nlmsg_data(nlh), hdrlen),
			     genlmsg_attrlen(nlmsg_data(nlh), hdrlen), policy);
}

#define nla_ok			trs_nla_ok
#define nlmsg_ok		trs_nlmsg_ok
#define nla_parse		trs_nla_parse
#define nla_parse_nested	trs_nla_parse_nested
#define genlmsg_parse		trs_genlmsg_parse
#endif

#endif
