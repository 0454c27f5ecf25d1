// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: TCP tracepoint probes.  The tracepoints are not exported to
 * modules, so they are found by name with for_each_kernel_tracepoint().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/tracepoint.h>
#include <net/sock.h>

#include "classify.h"
#include "tcpresetstat.h"

/* tcp_reset(): the stack accepted a RST on a full socket. */
static void trs_probe_receive_reset(void *data, struct sock *sk)
{
	struct trs_net *tn = trs_net_live(sock_net(sk));
	enum trs_counter c = trs_classify_rst_in(READ_ONCE(sk->sk_state));

	/* rst_in_other is derived at read time: rst_in minus the rest. */
	if (tn && c != TRS_CTR_RST_IN_OTHER)
		trs_inc(tn, c);
}

struct trs_probe {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct trs_probe trs_probes[] = {
	{ .name = "tcp_receive_reset", .probe = trs_probe_receive_reset },
};

static void trs_probe_find(struct tracepoint *tp, void *priv)
{
	struct trs_probe *p;

	for (p = trs_probes; p < trs_probes + ARRAY_SIZE(trs_probes); p++)
		if (!strcmp(tp->name, p->name))
			p->tp = tp;
}

int trs_probes_init(void)
{
	struct trs_probe *p;
	int err;

	for_each_kernel_tracepoint(trs_probe_find, NULL);

	for (p = trs_probes; p < trs_probes + ARRAY_SIZE(trs_probes); p++) {
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
	while (p-- > trs_probes)
		tracepoint_probe_unregister(p->tp, p->probe, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

void trs_probes_exit(void)
{
	struct trs_probe *p;

	for (p = trs_probes; p < trs_probes + ARRAY_SIZE(trs_probes); p++)
		tracepoint_probe_unregister(p->tp, p->probe, NULL);
	/* No probe may still be running once the namespaces' state is freed. */
	tracepoint_synchronize_unregister();
}
