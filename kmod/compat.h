/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpresetstat: kernel-version differences, kept here so call sites stay
 * clean.  Call sites use today's interface; older kernels get it defined
 * here in terms of what they have.  An interface that vendors backport is
 * probed (its macro is defined, or not); a change of a structure, which
 * the preprocessor cannot see, goes by the version it came with.  Every
 * entry is in Documentation/kernels.rst, with 5.15 and 6.6.
 */
#ifndef _TCPRESETSTAT_COMPAT_H
#define _TCPRESETSTAT_COMPAT_H

#include <linux/version.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/capability.h>
#include <linux/proc_fs.h>
#include <net/genetlink.h>
#include <net/inet_hashtables.h>
#include <net/inet_sock.h>
#include <net/ip.h>

#if KERNEL_VERSION(5, 10, 0) > LINUX_VERSION_CODE
#error "tcpresetstat needs Linux 5.10 or newer (the oldest LTS it is tested on)"
#endif

/* 5.11 named in_irq() for what it tests. */
#ifndef in_hardirq
#define in_hardirq()		in_irq()
#endif

/* 5.12 */
#if KERNEL_VERSION(5, 12, 0) > LINUX_VERSION_CODE
static inline void *__must_check krealloc_array(void *p, size_t n, size_t size,
						gfp_t flags)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return krealloc(p, bytes, flags);
}
#endif

/* 5.17 renamed PDE_DATA(). */
#if KERNEL_VERSION(5, 17, 0) > LINUX_VERSION_CODE
#define pde_data(inode)		PDE_DATA(inode)
#endif

/* 6.16 renamed from_timer(); some vendors carry the new name earlier. */
#ifndef timer_container_of
#define timer_container_of(var, t, field)	from_timer(var, t, field)
#endif

/*
 * 6.10 gave tcp_send_reset() the reason it resets (enum sk_rst_reason,
 * <net/rstreason.h>) and the tcp_send_reset tracepoint carries it.  The
 * header is probed (kmod/Kbuild): a vendor may carry the series on an
 * older base.  Its reasons are counted by index, with one more, "unknown",
 * for RSTs that come without one (netfilter REJECT, raw sockets, older
 * kernels).
 */
#ifdef TRS_HAVE_RSTREASON_H
#include <net/rstreason.h>
#define TRS_HAVE_RST_REASON	1
#define TRS_RST_REASONS		(SK_RST_REASON_MAX + 1)
#else
#define TRS_HAVE_RST_REASON	0
#define TRS_RST_REASONS		1
#endif
#define TRS_RST_REASON_UNKNOWN	(TRS_RST_REASONS - 1)

/*
 * OpenWrt, and other kernels for small devices, are built without
 * tracepoints and kprobes.  The module then counts what its netfilter
 * hooks see (account.c: trs_synsent_*) and leaves out what only the probes
 * could count (schema.c: trs_unavail).
 */
/*
 * Either may be set to 0 on the command line (KCFLAGS), to build and test
 * that module on any kernel (tests/build.sh).
 */
#ifndef TRS_HAVE_TRACEPOINTS
#define TRS_HAVE_TRACEPOINTS	IS_ENABLED(CONFIG_TRACEPOINTS)
#endif
#ifndef TRS_HAVE_KRETPROBES
#if IS_ENABLED(CONFIG_KRETPROBES) && IS_ENABLED(CONFIG_HAVE_REGS_AND_STACK_ACCESS_API)
#define TRS_HAVE_KRETPROBES	1
#else
#define TRS_HAVE_KRETPROBES	0
#endif
#endif

/*
 * The forwarded table follows opens with nf_conntrack's entries
 * (forward.c): without it in the kernel, that table is unavailable.
 * Settable like the two above.
 */
#ifndef TRS_HAVE_CONNTRACK
#define TRS_HAVE_CONNTRACK	IS_ENABLED(CONFIG_NF_CONNTRACK)
#endif

/* From 5.18 to 6.0 a namespace's TCP death row was a pointer. */
static inline struct inet_timewait_death_row *trs_death_row(const struct net *net)
{
#if KERNEL_VERSION(5, 18, 0) <= LINUX_VERSION_CODE && \
	KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
	return net->ipv4.tcp_death_row;
#else
	return (struct inet_timewait_death_row *)&net->ipv4.tcp_death_row;
#endif
}

/*
 * The namespace's TIME_WAIT sockets: an atomic_t tw_count before 5.18, a
 * refcount that starts at 1 (tw_refcount) since.
 */
static inline unsigned int trs_tw_count(const struct net *net)
{
#if KERNEL_VERSION(5, 18, 0) > LINUX_VERSION_CODE
	return atomic_read(&trs_death_row(net)->tw_count);
#else
	return refcount_read(&trs_death_row(net)->tw_refcount) - 1;
#endif
}

/* Before 6.3 the port range was read through a non-const net. */
static inline void trs_local_port_range(const struct net *net, int *lo, int *hi)
{
#if KERNEL_VERSION(6, 3, 0) > LINUX_VERSION_CODE
	inet_get_local_port_range((struct net *)net, lo, hi);
#else
	inet_get_local_port_range(net, lo, hi);
#endif
}

/* 6.6 moved inet_sock's bit-fields into flags with accessors. */
static inline bool trs_defer_connect(const struct sock *sk)
{
#ifdef inet_test_bit
	return inet_test_bit(DEFER_CONNECT, sk);
#else
	return inet_sk(sk)->defer_connect;
#endif
}

/* 6.6 nested a dump's attributes in a genl_info. */
static inline struct nlattr **trs_dump_attrs(struct netlink_callback *cb)
{
#if KERNEL_VERSION(6, 6, 0) > LINUX_VERSION_CODE
	return genl_dumpit_info(cb)->attrs;
#else
	return genl_dumpit_info(cb)->info.attrs;
#endif
}

/*
 * The listener hash lhash2: before 5.19 its buckets chain listeners through
 * icsk_listen_portaddr_node, a plain hlist (the nulls head beside it in a
 * union is the old lhash's); from 5.19 through sk_nulls_node.  Walking the
 * wrong one compiles and walks garbage.
 */
static inline bool trs_lhash2_empty(const struct inet_listen_hashbucket *ilb2)
{
#if KERNEL_VERSION(5, 19, 0) > LINUX_VERSION_CODE
	return hlist_empty(&ilb2->head);
#else
	return hlist_nulls_empty(&ilb2->nulls_head);
#endif
}

/* Under rcu_read_lock(): @fn for each socket of the bucket; returns how many. */
static __always_inline unsigned int
trs_lhash2_for_each(struct inet_listen_hashbucket *ilb2,
		    void (*fn)(struct sock *sk, void *arg), void *arg)
{
	unsigned int n = 0;
#if KERNEL_VERSION(5, 19, 0) > LINUX_VERSION_CODE
	struct inet_connection_sock *icsk;

	hlist_for_each_entry_rcu(icsk, &ilb2->head, icsk_listen_portaddr_node) {
		fn(&icsk->icsk_inet.sk, arg);
		n++;
	}
#else
	struct hlist_nulls_node *node;
	struct sock *sk;

	sk_nulls_for_each_rcu(sk, node, &ilb2->nulls_head) {
		fn(sk, arg);
		n++;
	}
#endif
	return n;
}

/*
 * PREEMPT_RT: spinlock_t sleeps there, and tracepoint probes and kprobe
 * handlers run with preemption off, where nothing may sleep, allocate or
 * disable BH (a per-CPU sleeping lock on RT).  The tables' lock, which
 * their inserts take, is raw there; it is held with interrupts off rather
 * than BH (softirqs are threads and do not preempt a holder), and nothing
 * is allocated under it: inserts from probes take rows made ahead by a
 * work item (table.c).  Elsewhere it stays a spinlock_t held with BH off.
 */
#ifdef CONFIG_PREEMPT_RT
#define trs_tlock_init(l)		raw_spin_lock_init(l)
#define trs_tlock(l, flags)		raw_spin_lock_irqsave(l, flags)
#define trs_tunlock(l, flags)		raw_spin_unlock_irqrestore(l, flags)
#define trs_tlock_irqsoff(l, flags)	raw_spin_lock_irqsave(l, flags)
#define trs_tunlock_irqsoff(l, flags)	raw_spin_unlock_irqrestore(l, flags)
#define TRS_SPARE_ROWS			16
#else
#define trs_tlock_init(l)		spin_lock_init(l)
#define trs_tlock(l, flags)		spin_lock_bh(l)
#define trs_tunlock(l, flags)		spin_unlock_bh(l)
/* Interrupts already off: BH cannot run here, and _bh would be a bug. */
#define trs_tlock_irqsoff(l, flags)	spin_lock(l)
#define trs_tunlock_irqsoff(l, flags)	spin_unlock(l)
#endif

/* Where RT lets this context allocate, sleep-free (GFP_ATOMIC). */
static inline bool trs_may_alloc(void)
{
	return !IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible();
}

/*
 * Alerts name peers: only CAP_NET_ADMIN over the namespace's user
 * namespace may get them.  6.7 (and the stable backports: Debian's 6.1 has
 * it) refuses others the join (GENL_MCAST_CAP_NET_ADMIN).  Before, anyone
 * may join a generic netlink group, and 5.10's genetlink has no bind hook
 * to refuse a join with; there, alerts go out in a broadcast filtered by
 * the receiving socket: only sockets opened with CAP_NET_ADMIN over the
 * namespace's user namespace get them.  netlink_broadcast_filtered() was
 * gone from 6.0 to 6.8: a kernel of those without the backport gets no
 * alerts at all.
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define TRS_HAVE_ADMIN_MCAST	1
#define TRS_MCGRP_ADMIN		GENL_MCAST_CAP_NET_ADMIN

static inline int trs_multicast_admin(const struct genl_family *family,
				      struct net *net, struct sk_buff *skb,
				      gfp_t gfp)
{
	return genlmsg_multicast_netns(family, net, skb, 0, 0, gfp);
}
#elif KERNEL_VERSION(6, 0, 0) > LINUX_VERSION_CODE
#define TRS_HAVE_ADMIN_MCAST	1
#define TRS_MCGRP_ADMIN		0

/* Nonzero: not for this socket. */
static inline int trs_admin_filter(struct sock *dsk, struct sk_buff *skb,
				   void *data)
{
	const struct net *net = data;
	/* Bound to the group, so not yet released: it has its file. */
	const struct socket *sock = READ_ONCE(dsk->sk_socket);

	return !sock || !sock->file ||
	       !file_ns_capable(sock->file, net->user_ns, CAP_NET_ADMIN);
}

static inline int trs_multicast_admin(const struct genl_family *family,
				      struct net *net, struct sk_buff *skb,
				      gfp_t gfp)
{
	u32 group = family->mcgrp_offset;
	int err;

	NETLINK_CB(skb).dst_group = group;
	err = netlink_broadcast_filtered(net->genl_sock, skb, 0, group, gfp,
					 trs_admin_filter, net);
	return err > 0 ? 0 : err;
}
#else
#define TRS_HAVE_ADMIN_MCAST	0
#define TRS_MCGRP_ADMIN		0

static inline int trs_multicast_admin(const struct genl_family *family,
				      struct net *net, struct sk_buff *skb,
				      gfp_t gfp)
{
	nlmsg_free(skb);
	return -ESRCH;
}
#endif

#endif /* _TCPRESETSTAT_COMPAT_H */
