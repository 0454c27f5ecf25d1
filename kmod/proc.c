// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: /proc/net/tcpresetstat in every namespace, and the
 * /proc/tcpresetstat symlink to it, which resolves through /proc/self to the
 * reader's namespace.  Format: kmod/uapi/tcpresetstat.h and
 * Documentation/counters.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ipv6.h>

#include "tcpresetstat.h"
#include "uapi/tcpresetstat_names.h"

struct trs_table_fmt {
	const char *name;
	const char *keys;		/* key column names */
	const char *const *cols;
};

static const struct trs_table_fmt trs_table_fmts[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = { "ports", "port", trs_port_cols },
	[TRS_TBL_PEERS] = { "peers", "addr", trs_peer_cols },
	[TRS_TBL_DESTS] = { "destinations", "local_addr addr remote_port",
			    trs_dest_cols },
};

static void trs_show_addr(struct seq_file *seq, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		seq_printf(seq, "%pI4", &a->s6_addr32[3]);
	else
		seq_printf(seq, "%pI6c", a);
}

static void trs_show_key(struct seq_file *seq, enum trs_table_id id,
			 const struct trs_key *k)
{
	if (k->kind == TRS_ROW_OTHER) {
		seq_puts(seq, id == TRS_TBL_DESTS ? "other other other" : "other");
		return;
	}
	switch (id) {
	case TRS_TBL_PORTS:
		if (k->kind == TRS_ROW_EPHEMERAL)
			seq_puts(seq, "ephemeral");
		else
			seq_printf(seq, "%u", ntohs(k->port));
		break;
	case TRS_TBL_PEERS:
		trs_show_addr(seq, &k->raddr);
		break;
	default:
		trs_show_addr(seq, &k->laddr);
		seq_putc(seq, ' ');
		trs_show_addr(seq, &k->raddr);
		seq_printf(seq, " %u", ntohs(k->port));
		break;
	}
}

static int trs_show_table(struct seq_file *seq, struct trs_net *tn,
			  enum trs_table_id id)
{
	const struct trs_table_fmt *fmt = &trs_table_fmts[id];
	struct trs_table *t = &tn->tables[id];
	size_t size = trs_snap_size(t);
	unsigned int i, j, n;
	void *buf;

	/* Every row there may be, plus "other". */
	buf = kvmalloc_array(t->max_rows + 1, size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = trs_table_snapshot(t, buf, t->max_rows + 1);

	seq_printf(seq, "table %s %u\n%s", fmt->name, n, fmt->keys);
	for (j = 0; j < t->ncounters; j++)
		seq_printf(seq, " %s", fmt->cols[j]);
	seq_putc(seq, '\n');
	for (i = 0; i < n; i++) {
		struct trs_row_snap *row = buf + i * size;

		trs_row_derive(id, row->ctr);
		trs_show_key(seq, id, &row->key);
		for (j = 0; j < t->ncounters; j++)
			seq_printf(seq, " %llu", row->ctr[j]);
		seq_putc(seq, '\n');
	}
	kvfree(buf);
	return 0;
}

static int trs_proc_show(struct seq_file *seq, void *v)
{
	struct trs_net *tn = trs_net(seq_file_single_net(seq));
	u64 ctr[TRS_CTR_MAX], pr[TRS_PR_MAX];
	int i, err;

	trs_stats_read(tn, ctr);
	trs_pressure_read(tn, pr);
	seq_printf(seq, "version %d\n", TRS_PROC_FORMAT);
	for (i = 0; i < TRS_CTR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_counter_names[i], ctr[i]);
	for (i = 0; i < TRS_PR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_pressure_names[i], pr[i]);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		err = trs_show_table(seq, tn, i);
		if (err)
			return err;
	}
	return 0;
}

int trs_proc_net_init(struct net *net)
{
	if (!proc_create_net_single(TRS_PROC_NAME, 0444, net->proc_net,
				    trs_proc_show, NULL))
		return -ENOMEM;
	return 0;
}

void trs_proc_net_exit(struct net *net)
{
	remove_proc_entry(TRS_PROC_NAME, net->proc_net);
}

int trs_proc_init(void)
{
	if (!proc_symlink(TRS_PROC_NAME, NULL, "net/" TRS_PROC_NAME))
		return -ENOMEM;
	return 0;
}

void trs_proc_exit(void)
{
	remove_proc_entry(TRS_PROC_NAME, NULL);
}
