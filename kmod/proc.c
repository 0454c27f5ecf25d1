// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: /proc/net/tcpresetstat in every namespace, and the
 * /proc/tcpresetstat symlink to it, which resolves through /proc/self to the
 * reader's namespace.  Format: kmod/uapi/tcpresetstat.h and
 * Documentation/counters.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ipv6.h>

#include "tcpresetstat.h"

static void trs_show_addr(struct seq_file *seq, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		seq_printf(seq, "%pI4", &a->s6_addr32[3]);
	else
		seq_printf(seq, "%pI6c", a);
}

/* A row's key, column by column as the schema has them. */
static void trs_show_key(struct seq_file *seq, const struct trs_schema *s,
			 const struct trs_key *k)
{
	const struct trs_key_col *key;
	unsigned int i;

	for (i = 0; i < s->nkeys; i++) {
		key = &s->keys[i];
		if (i)
			seq_putc(seq, ' ');
		if (k->kind == TRS_ROW_OTHER)
			seq_puts(seq, "other");
		else if (key->type != TRS_KEY_PORT)
			trs_show_addr(seq, trs_key_addr(k, key));
		else if (k->kind == TRS_ROW_EPHEMERAL)
			seq_puts(seq, "ephemeral");
		else
			seq_printf(seq, "%u", ntohs(k->port));
	}
}

/* "table NAME ROWS", then the names of the columns not in @skip. */
static void trs_show_header(struct seq_file *seq, const struct trs_schema *s,
			    unsigned int rows, u64 skip)
{
	unsigned int i;

	seq_printf(seq, "table %s %u\n", s->name, rows);
	for (i = 0; i < s->nkeys; i++)
		seq_printf(seq, "%s%s", i ? " " : "", s->keys[i].name);
	for (i = 0; i < s->ncols; i++)
		if (!(skip & BIT_ULL(i)))
			seq_printf(seq, " %s", s->cols[i].name);
	seq_putc(seq, '\n');
}

static int trs_show_table(struct seq_file *seq, struct trs_net *tn,
			  enum trs_table_id id)
{
	const struct trs_schema *s = trs_table_descs[id].schema;
	struct trs_table *t = &tn->tables[id];
	size_t size = trs_snap_size(t);
	u64 skip = trs_table_unavail(id);
	unsigned int i, j, n;
	void *buf;

	buf = trs_table_snapshot_all(t, &n);
	if (!buf)
		return -ENOMEM;

	trs_show_header(seq, s, n, skip);
	for (i = 0; i < n; i++) {
		struct trs_row_snap *row = buf + i * size;

		trs_derive(s, row->ctr);
		trs_show_key(seq, s, &row->key);
		for (j = 0; j < t->ncounters; j++)
			if (!(skip & BIT_ULL(j)))
				seq_printf(seq, " %llu", row->ctr[j]);
		seq_putc(seq, '\n');
	}
	kvfree(buf);
	return 0;
}

static bool trs_reason_used(const u64 *v)
{
	return memchr_inv(v, 0, sizeof(*v) * TRS_REASON_MAX);
}

/* Outgoing RSTs by the kernel's reason: the rows with any. */
static int trs_show_reasons(struct seq_file *seq, struct trs_net *tn)
{
	unsigned int r, c, n = 0;
	char name[40];
	u64 *v;

	v = kmalloc_array(TRS_RST_REASONS * TRS_REASON_MAX, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	trs_reasons_read(tn, v);
	for (r = 0; r < TRS_RST_REASONS; r++)
		n += trs_reason_used(v + r * TRS_REASON_MAX);
	trs_show_header(seq, trs_reasons, n, 0);
	for (r = 0; r < TRS_RST_REASONS; r++) {
		if (!trs_reason_used(v + r * TRS_REASON_MAX))
			continue;
		seq_puts(seq, trs_reason_name(r, name, sizeof(name)));
		for (c = 0; c < TRS_REASON_MAX; c++)
			seq_printf(seq, " %llu", v[r * TRS_REASON_MAX + c]);
		seq_putc(seq, '\n');
	}
	kfree(v);
	return 0;
}

/*
 * The tables of addresses need CAP_NET_ADMIN over the namespace's user
 * namespace, as their netlink dumps do, and are left out for others.  The
 * opener's capability counts, as a netlink socket's does, so that a file
 * passed to another process gives it nothing more.
 */
static int trs_proc_show(struct seq_file *seq, void *v)
{
	struct net *net = seq->private;
	struct trs_net *tn = trs_net(net);
	bool admin = file_ns_capable(seq->file, net->user_ns, CAP_NET_ADMIN);
	u64 ctr[TRS_CTR_MAX], pr[TRS_PR_MAX];
	int i, err;

	trs_stats_read(tn, ctr);
	trs_pressure_read(tn, pr);
	seq_printf(seq, "version %d\n", TRS_PROC_FORMAT);
	for (i = 0; i < TRS_CTR_MAX; i++)
		if (!(trs_unavail[TRS_UNAVAIL_TOTALS] & BIT_ULL(i)))
			seq_printf(seq, "%s %llu\n", trs_totals->cols[i].name,
				   ctr[i]);
	for (i = 0; i < TRS_PR_MAX; i++)
		seq_printf(seq, "%s %llu\n", trs_pressure->cols[i].name, pr[i]);
	for (i = 0; i < TRS_TBL_MAX; i++) {
		/* Did not fit: seq_file calls again with a bigger buffer. */
		if (seq_has_overflowed(seq))
			return 0;
		if (trs_table_descs[i].admin && !admin)
			continue;
		err = trs_show_table(seq, tn, i);
		if (err)
			return err;
	}
	return trs_show_reasons(seq, tn);
}

/*
 * The whole file is one seq_file record, printed from one snapshot of each
 * table, and seq_file prints it again with a buffer twice the size each
 * time it does not fit.  So the buffer is sized at open from the rows there
 * are, at about 4 characters per counter (most are small): a bigger file
 * costs one or two retries, not one per doubling from a page.
 */
static size_t trs_proc_size(struct trs_net *tn)
{
	/* totals, pressure, table headers, reasons */
	size_t size = PAGE_SIZE + TRS_RST_REASONS * 64;
	int i;

	for (i = 0; i < TRS_TBL_MAX; i++) {
		struct trs_table *t = &tn->tables[i];

		size += (size_t)(READ_ONCE(t->rows) + 1) *
			(trs_table_descs[i].key_chars + 4 * t->ncounters + 1);
	}
	return size;
}

/*
 * As proc_create_net_single()'s open and release, with the buffer sized:
 * an open file holds a reference on its namespace.
 */
static int trs_proc_open(struct inode *inode, struct file *file)
{
	struct net *net = maybe_get_net(pde_data(inode));
	int err;

	if (!net)
		return -ENXIO;
	err = single_open_size(file, trs_proc_show, net,
			       trs_proc_size(trs_net(net)));
	if (err)
		put_net(net);
	return err;
}

static int trs_proc_release(struct inode *inode, struct file *file)
{
	struct net *net = ((struct seq_file *)file->private_data)->private;
	int err = single_release(inode, file);

	put_net(net);
	return err;
}

/* Root may open it for writing despite its mode: nothing is written. */
static ssize_t trs_proc_write(struct file *file, const char __user *buf,
			      size_t len, loff_t *pos)
{
	return -EACCES;
}

static const struct proc_ops trs_proc_ops = {
	.proc_open	= trs_proc_open,
	.proc_read_iter	= seq_read_iter,
	.proc_write	= trs_proc_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= trs_proc_release,
};

int trs_proc_net_init(struct net *net)
{
	/* Under net->proc_net, procfs looks the entry up again after setns. */
	if (!proc_create_data(TRS_PROC_NAME, 0444, net->proc_net,
			      &trs_proc_ops, net))
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
