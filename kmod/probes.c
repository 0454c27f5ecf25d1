// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: TCP event probes.
 *
 * Tracepoints, found by name with for_each_kernel_tracepoint() because 6.1
 * does not export them to modules:
 *  - tcp:tcp_receive_reset      TCP accepted a RST on a full socket
 *  - sock:inet_sock_set_state   every TCP state change of a full socket
 *  - tcp:tcp_send_reset         (6.10 and later) the reason of a RST sent
 * Their probes are in account.c, with the accounting they inline.
 *
 * Incoming opens that fail before a full socket exists never pass through
 * inet_sock_set_state, and 6.1 has no tracepoint where they fail, so
 * kretprobes watch the only places that decide it:
 *  - tcp_conn_request(): a SYN dropped because a queue is full;
 *  - tcp_check_req(): the completing ACK dropped because the accept queue
 *    is full, or a RST or SYN unlinking the request ("embryonic reset";
 *    the kernel counts AttemptFails there);
 *  - reqsk_timer_handler(): SYN-ACK retries exhausted, the request is
 *    dropped.
 * They run once per passive open (or SYN), never per data segment.
 *
 * A kernel may have neither (OpenWrt's have no tracepoints nor kprobes):
 * the module then loads without them, and what only they count is left
 * out of /proc and netlink (schema.c: trs_unavail).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/tracepoint.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "tcpresetstat.h"

#if TRS_HAVE_TRACEPOINTS
struct trs_tracepoint {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

/*
 * Attached in this order and detached in reverse: a RST in SYN_SENT is
 * counted at the state change that follows it (account.c), which must be
 * watched whenever the RST is.
 */
static struct trs_tracepoint trs_tracepoints[] = {
	{ .name = "inet_sock_set_state", .probe = trs_probe_set_state },
	{ .name = "tcp_receive_reset", .probe = trs_probe_receive_reset },
#if TRS_HAVE_RST_REASON
	/* The reasons of the RSTs the hooks count (account.c). */
	{ .name = "tcp_send_reset", .probe = trs_probe_send_reset },
#endif
};

#define for_each_trs_tracepoint(p) \
	for (p = trs_tracepoints; p < trs_tracepoints + ARRAY_SIZE(trs_tracepoints); p++)

static void trs_tracepoint_find(struct tracepoint *tp, void *priv)
{
	struct trs_tracepoint *p;

	for_each_trs_tracepoint(p)
		if (!strcmp(tp->name, p->name))
			p->tp = tp;
}

static int trs_tracepoints_init(void)
{
	struct trs_tracepoint *p;
	int err;

	for_each_kernel_tracepoint(trs_tracepoint_find, NULL);

	for_each_trs_tracepoint(p) {
		if (!p->tp) {
			pr_err("tracepoint %s not found\n", p->name);
			err = -ENOENT;
			goto err_unwind;
		}
		err = tracepoint_probe_register(p->tp, p->probe, NULL);
		if (err) {
			pr_err("cannot attach to %s: %d\n", p->name, err);
			goto err_unwind;
		}
	}
	return 0;

err_unwind:
	while (p-- > trs_tracepoints)
		tracepoint_probe_unregister(p->tp, p->probe, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

static void trs_tracepoints_exit(void)
{
	struct trs_tracepoint *p;

	for (p = trs_tracepoints + ARRAY_SIZE(trs_tracepoints); p-- > trs_tracepoints;)
		tracepoint_probe_unregister(p->tp, p->probe, NULL);
	/* No probe may still be running once the namespaces' state is freed. */
	tracepoint_synchronize_unregister();
}
#else
static int trs_tracepoints_init(void)
{
	pr_info("no tracepoints: counting what netfilter sees\n");
	return 0;
}

static void trs_tracepoints_exit(void)
{
}
#endif

#if TRS_HAVE_KRETPROBES
/*
 * A probed function's argument @n (0-3) at its entry.  32-bit ARM and MIPS
 * have no regs_get_kernel_argument(): their first four arguments are in
 * r0-r3 (ARM), a0-a3 = $4-$7 (MIPS, o32 and n64 alike).
 */
static unsigned long trs_regs_arg(struct pt_regs *regs, unsigned int n)
{
#if defined(CONFIG_ARM)
	return regs->uregs[n];
#elif defined(CONFIG_MIPS)
	return regs->regs[4 + n];
#else
	return regs_get_kernel_argument(regs, n);
#endif
}


struct trs_req_data {
	struct request_sock *req;
	struct sock *sk;		/* the listener */
	struct trs_req_key key;	/* raddr alone for tcp_conn_request */
	unsigned long drops;	/* this CPU's ListenDrops at entry */
	unsigned long resets;	/* this CPU's EmbryonicRsts at entry */
	u32 isn;		/* the request's identity: its SYN-ACK's ISN */
	u8 num_timeout;
};

/*
 * The kernel decides these failures in inline code with no hook of its
 * own, but always bumps a per-CPU MIB there: ListenDrops in
 * tcp_listendrop() (the listener's sk_drops would also count other
 * discards), EmbryonicRsts when a RST or SYN really unlinked a request.
 * Both probed functions run in softirq context (BH off, so on one CPU from
 * entry to return, with no other TCP receive nesting), so the growth of
 * this CPU's counter between entry and return is exactly that call's.
 */
static unsigned long trs_cpu_mib(const struct net *net, int mib)
{
	return this_cpu_read(net->mib.net_statistics->mibs[mib]);
}

static void trs_count_listen_drops(const struct trs_req_data *d)
{
	const struct net *net = sock_net(d->sk);
	unsigned long n = trs_cpu_mib(net, LINUX_MIB_LISTENDROPS) - d->drops;
	struct trs_net *tn;

	if (!n)
		return;
	tn = trs_net_live(net);
	if (tn)
		trs_account_listen_drops(tn, d->sk, &d->key.raddr, n);
}

/* tcp_conn_request(rsk_ops, af_ops, sk, skb): a SYN to a listener. */
static int trs_conn_request_entry(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct sk_buff *skb = (void *)trs_regs_arg(regs, 3);
	struct trs_req_data *d = (void *)ri->data;

	if (!in_softirq())
		return 1;
	d->sk = (void *)trs_regs_arg(regs, 2);
	if (skb->protocol == htons(ETH_P_IP))
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &d->key.raddr);
	else
		d->key.raddr = ipv6_hdr(skb)->saddr;
	d->drops = trs_cpu_mib(sock_net(d->sk), LINUX_MIB_LISTENDROPS);
	return 0;
}

static int trs_conn_request_ret(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	trs_count_listen_drops((void *)ri->data);
	return 0;
}

/*
 * tcp_check_req(sk, skb, req, fastopen, req_stolen): a segment for a
 * request socket.  It drops the completing ACK when the accept queue is
 * full (syn_recv_sock fails), and a RST or SYN in the window resets the
 * request (embryonic_reset).  A Fast Open request has a full socket, whose
 * state change is counted instead.  The caller (tcp_v4_rcv, tcp_v6_rcv)
 * holds a reference on the request until after the return.
 */
static int trs_check_req_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct trs_req_data *d = (void *)ri->data;
	const struct net *net;

	if ((u8)trs_regs_arg(regs, 3) || !in_softirq())
		return 1;
	d->sk = (void *)trs_regs_arg(regs, 0);
	d->req = (void *)trs_regs_arg(regs, 2);
	trs_req_key(d->req, &d->key);
	net = sock_net(d->sk);
	d->drops = trs_cpu_mib(net, LINUX_MIB_LISTENDROPS);
	d->resets = trs_cpu_mib(net, LINUX_MIB_EMBRYONICRSTS);
	return 0;
}

static int trs_check_req_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct trs_req_data *d = (void *)ri->data;
	const struct net *net = sock_net(d->sk);
	struct trs_net *tn;

	trs_count_listen_drops(d);
	if (trs_cpu_mib(net, LINUX_MIB_EMBRYONICRSTS) == d->resets)
		return 0;
	tn = trs_net_live(net);
	if (tn)
		trs_account_passive_fail(tn, &d->key,
					 TRS_CTR_OPEN_FAIL_PASSIVE_RESET);
	return 0;
}

/*
 * reqsk_timer_handler() frees an expired request before it returns.  The
 * return handler needs no reference for that, and takes none: a module
 * could not drop the last one (7.2 no longer exports __reqsk_free()).
 * Request sockets come from a SLAB_TYPESAFE_BY_RCU cache and the handler
 * runs in a timer softirq, inside one RCU read-side section from entry to
 * return, so the memory stays a request socket (maybe another one).  And
 * no other CPU can free a request whose timer the handler re-armed:
 * unlinking it waits for the running handler in del_timer_sync().  So at
 * return a request that is freed (refcount zero) or reused (another ISN)
 * has expired, and one still the same expired if it is unhashed without a
 * SYN-ACK resent (which bumps num_timeout).  What it is counted under was
 * read at entry.
 */
static int trs_timer_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct timer_list *t = (void *)trs_regs_arg(regs, 0);
	struct request_sock *req = timer_container_of(req, t, rsk_timer);
	struct trs_req_data *d = (void *)ri->data;

	/*
	 * A listener that is gone is not a timeout (nor a migration), and
	 * a request another CPU already unlinked (completed, reset) is not
	 * this timer's to count.
	 */
	if (inet_sk_state_load(req->rsk_listener) != TCP_LISTEN ||
	    sk_unhashed(req_to_sk(req)))
		return 1;
	d->req = req;
	d->isn = tcp_rsk(req)->snt_isn;
	/* A bit-field, written only by this handler on this CPU. */
	d->num_timeout = req->num_timeout;
	trs_req_key(req, &d->key);
	return 0;
}

static bool trs_timer_expired(const struct trs_req_data *d)
{
	struct request_sock *req = d->req;

	if (!refcount_read(&req->rsk_refcnt))
		return true;
	/* A reused request is hashed, refcount set, after its ISN. */
	smp_rmb();
	if (READ_ONCE(tcp_rsk(req)->snt_isn) != d->isn)
		return true;
	return sk_unhashed(req_to_sk(req)) &&
	       req->num_timeout == d->num_timeout;
}

static int trs_timer_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct trs_req_data *d = (void *)ri->data;
	struct trs_net *tn;

	if (!trs_timer_expired(d))
		return 0;
	tn = trs_net_live(d->key.net);
	if (tn)
		trs_account_passive_fail(tn, &d->key,
					 TRS_CTR_OPEN_FAIL_PASSIVE_TIMEOUT);
	return 0;
}

static struct kretprobe trs_kretprobes[] = {

	{
		.kp.symbol_name = "tcp_conn_request",
		.entry_handler = trs_conn_request_entry,
		.handler = trs_conn_request_ret,
		.data_size = sizeof(struct trs_req_data),
	},
	{
		.kp.symbol_name = "tcp_check_req",
		.entry_handler = trs_check_req_entry,
		.handler = trs_check_req_ret,
		.data_size = sizeof(struct trs_req_data),
	},
	{
		.kp.symbol_name = "reqsk_timer_handler",
		.entry_handler = trs_timer_entry,
		.handler = trs_timer_ret,
		.data_size = sizeof(struct trs_req_data),
	},
};

/*
 * The first @n probes, with one wait for the CPUs in their handlers for
 * all of them: unregister_kretprobe() waits once for each.  A return
 * handler not yet run when unregistered never runs.
 */
static void trs_kretprobes_unregister(unsigned int n)
{
	struct kretprobe *rps[ARRAY_SIZE(trs_kretprobes)];
	unsigned int i;

	for (i = 0; i < n; i++)
		rps[i] = &trs_kretprobes[i];
	unregister_kretprobes(rps, n);
}

static int trs_kretprobes_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(trs_kretprobes); i++) {
		/* Softirq context, so at most one level of nesting per CPU. */
		trs_kretprobes[i].maxactive = 4 * num_possible_cpus();
		err = register_kretprobe(&trs_kretprobes[i]);
		if (err) {
			pr_err("cannot probe %s: %d\n",
			       trs_kretprobes[i].kp.symbol_name, err);
			trs_kretprobes_unregister(i);
			return err;
		}
	}
	return 0;
}

static void trs_kretprobes_exit(void)
{
	unsigned int i;

	trs_kretprobes_unregister(ARRAY_SIZE(trs_kretprobes));
	for (i = 0; i < ARRAY_SIZE(trs_kretprobes); i++) {
		if (trs_kretprobes[i].nmissed)
			pr_warn("%s: %d events missed (maxactive)\n",
				trs_kretprobes[i].kp.symbol_name,
				trs_kretprobes[i].nmissed);
	}
}

#else

static int trs_kretprobes_init(void)
{
	pr_info("no kretprobes: passive open failures left out\n");
	return 0;
}

static void trs_kretprobes_exit(void)
{
}

#endif

int trs_probes_init(void)
{
	int err;

	err = trs_tracepoints_init();
	if (err)
		return err;
	err = trs_kretprobes_init();
	if (err)
		trs_tracepoints_exit();
	return err;
}

void trs_probes_exit(void)
{
	trs_kretprobes_exit();
	trs_tracepoints_exit();
}
