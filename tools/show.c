// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "netns.h"
#include "subcommands.h"

/* --all-netns: what print_all() keeps from one namespace to the next. */
struct all {
	struct trs_ns_printer p;
	unsigned int mask;
};

static int print_ns(const struct trs_ns_doc *d, void *arg)
{
	struct all *a = arg;

	/* JSON has them in its document. */
	if (d->failed && !trs_format_is_json(a->p.view.fmt))
		trs_ns_say_error(d, stderr);
	if (!d->failed && (d->snap.left_out & a->mask)) {
		fprintf(stderr, "netns %s: ", d->label);
		trs_warn_incomplete(&d->snap, a->mask);
	}
	trs_ns_print_one(&a->p, d);
	return 0;
}

/*
 * --all-netns: each namespace's document as one, printed as each is read.
 * A table of one left out (no CAP_NET_ADMIN there) is said, not an error:
 * only root enters them.
 */
static int print_all(const struct trs_opts *o, const char *only, const char *tables,
		     unsigned int mask)
{
	struct trs_error err;
	struct trs_view view;
	struct all a = { .mask = mask };
	int ret;

	trs_opts_view(o, !only && o->fmt == TRS_FMT_TEXT ? TRS_TEXT_TOP : 0, &view);
	view.tables = tables;
	trs_ns_print_begin(&a.p, stdout, &view, only);
	ret = trs_netns_each(o, mask, print_ns, &a, &err);
	if (ret) {
		/* What was printed is ended (a namespace later refused --sort). */
		if (a.p.count)
			trs_ns_print_end(&a.p);
		else
			trs_ns_print_discard(&a.p);
		return trs_fail(o, &err);
	}
	return trs_ns_print_end(&a.p);
}

/*
 * show, or a table's name: that table alone, all its rows.  A table asked
 * for by name that is left out is an error; show says which it left out.
 * show prints the tables of --tables; by default all of them, but in
 * Prometheus' format only those without addresses as labels (a series per
 * peer or destination is opt-in: label cardinality).
 */
static int print_main(const struct trs_opts *o, const char *only)
{
	struct trs_snapshot snap = { 0 };
	const char *tables = NULL;
	unsigned int mask = ~0u;
	struct trs_view view;
	int ret, id;

	if (only) {
		id = trs_table_id(only);
		mask = id >= 0 ? 1u << id : 0;
	} else {
		tables = o->tables ? o->tables : o->fmt == TRS_FMT_PROMETHEUS ?
			 TRS_PROM_TABLES : NULL;
		mask = trs_tables_listed(tables);
	}
	if (o->all_netns)
		return print_all(o, only, tables, mask);
	ret = trs_load(o, mask, &snap);
	if (ret)
		return ret;
	if (only) {
		if (snap.left_out & mask) {
			struct trs_error err;

			trs_snapshot_free(&snap);
			trs_error_set(&err, TRS_EXIT_PERM, only, "%s (needs CAP_NET_ADMIN)",
				      strerror(EPERM));
			return trs_fail(o, &err);
		}
	}
	trs_warn_incomplete(&snap, mask);
	trs_opts_view(o, !only && o->fmt == TRS_FMT_TEXT ? TRS_TEXT_TOP : 0, &view);
	view.tables = tables;
	trs_print_snapshot(stdout, &snap, &view, only);
	trs_snapshot_free(&snap);
	return TRS_EXIT_OK;
}

int show_main(int argc, char *argv[], const struct trs_opts *o)
{
	(void)argc;
	(void)argv;
	return print_main(o, NULL);
}

int table_main(int argc, char *argv[], const struct trs_opts *o)
{
	(void)argc;
	return print_main(o, argv[0]);
}

/* The destinations' columns that timewait shows, after their keys. */
#define TIMEWAIT_COLS	(TRS_COL_BIT(TRS_DEST_TW) | TRS_COL_BIT(TRS_DEST_ESTAB) | \
			 TRS_COL_BIT(TRS_DEST_PORT_USE_PCT) | \
			 TRS_COL_BIT(TRS_DEST_NEAR_EXHAUSTION) | \
			 TRS_COL_BIT(TRS_DEST_EADDRNOTAVAIL))

static bool timewait_column(const char *name)
{
	int c = trs_col_find(trs_tables[TRS_TBL_DESTS], name);

	return c >= 0 && (TIMEWAIT_COLS & TRS_COL_BIT(c));
}

/* @t with its keys and the timewait columns only, as a table of @dst; NULL if out of memory. */
static struct trs_table *timewait_table(const struct trs_table *t, struct trs_snapshot *dst)
{
	char *cols[TRS_TABLE_COLS_MAX];
	size_t keep[TRS_TABLE_COLS_MAX], n = t->nkeys, r, c;
	struct trs_table *out = trs_snapshot_add_table(dst, t->name);
	uint64_t vals[TRS_TABLE_COLS_MAX];

	memcpy(cols, t->cols, t->nkeys * sizeof(*cols));
	for (c = t->nkeys; c < t->ncols; c++)
		if (timewait_column(t->cols[c])) {
			keep[n] = c;
			cols[n++] = t->cols[c];
		}
	if (!out || trs_table_set_cols(out, cols, n, t->nkeys, t->key_type))
		return NULL;
	for (r = 0; r < t->nrows; r++) {
		for (c = t->nkeys; c < n; c++)
			vals[c - t->nkeys] = trs_table_value(t, r, keep[c]);
		if (trs_table_add_row(out, t->kind[r], trs_table_key(t, r, 0), vals))
			return NULL;
	}
	return out;
}

/* "0.02% of ephemeral ports in TIME_WAIT (5 of 28232)", when both are known. */
static void timewait_note(struct trs_out *out, const struct trs_snapshot *s)
{
	const struct trs_total *tw = trs_snapshot_total(s, trs_pressure->cols[TRS_PR_TW_EPHEMERAL].name);
	const struct trs_total *eph =
		trs_snapshot_total(s, trs_pressure->cols[TRS_PR_EPHEMERAL_PORTS].name);
	char pct[32], text[128];

	if (!tw || !eph || !eph->value)
		return;
	trs_format_decimal(pct, sizeof(pct), 100.0 * tw->value / eph->value);
	snprintf(text, sizeof(text), "%s%% of ephemeral ports in TIME_WAIT (%llu of %llu)", pct,
		 (unsigned long long)tw->value, (unsigned long long)eph->value);
	trs_out_note(out, "tw_ephemeral_pct", pct, text);
}

int timewait_main(int argc, char *argv[], const struct trs_opts *o)
{
	const unsigned int dests_group = TRS_GROUP_TABLE0 + TRS_TBL_DESTS;
	struct trs_snapshot snap = { 0 }, proj = { 0 };
	uint64_t unavail[TRS_GROUP_MAX];
	const struct trs_table *dests;
	struct trs_table *t = NULL;
	struct trs_value *pressure;
	struct trs_view view;
	struct trs_out out;
	size_t n;
	int ret;

	(void)argc;
	(void)argv;
	ret = trs_load(o, 1u << TRS_TBL_DESTS, &snap);
	if (ret)
		return ret;
	trs_warn_incomplete(&snap, 1u << TRS_TBL_DESTS);
	trs_opts_view(o, 0, &view);
	if (!view.sort)
		view.sort = trs_tables[TRS_TBL_DESTS]->cols[TRS_DEST_PORT_USE_PCT].name;
	dests = trs_snapshot_table(&snap, trs_tables[TRS_TBL_DESTS]->name);
	pressure = trs_snapshot_values(&snap, true, &n);
	if (!pressure || (dests && !(t = timewait_table(dests, &proj)))) {
		struct trs_error err;

		trs_error_set(&err, TRS_EXIT_ERROR, "timewait", "out of memory");
		ret = trs_fail(o, &err);
		goto out;
	}
	trs_out_begin(&out, stdout, &view);
	/* The pressure is the point here: its zeros too. */
	out.view.zeros = true;
	trs_out_group(&out, "pressure", pressure, n);
	out.view.zeros = o->zeros;
	timewait_note(&out, &snap);
	trs_out_table(&out, trs_tables[TRS_TBL_DESTS]->name, t);
	/* What of the values shown the kernel leaves out. */
	trs_unavailable(&snap, TRS_GROUP_BIT(TRS_GROUP_PRESSURE) | TRS_GROUP_BIT(dests_group),
			unavail);
	unavail[dests_group] &= TIMEWAIT_COLS;
	trs_out_unavailable(&out, unavail);
	trs_out_end(&out);
out:
	free(pressure);
	trs_snapshot_free(&proj);
	trs_snapshot_free(&snap);
	return ret;
}

int reset_main(int argc, char *argv[], const struct trs_opts *o)
{
	struct trs_error err;
	struct trs_ctx ctx;
	int table = -1, ret;

	if (argc == 2) {
		table = trs_table_id(argv[1]);
		if (table < 0)
			return usage_error(o->fmt, argv[1],
					   "not a table (ports, peers, destinations, forwarded)");
	}
	ret = trs_ctx_init(&ctx, o->netns, &err);
	if (!ret)
		ret = trs_reset(&ctx, table, &err);
	trs_ctx_fini(&ctx);
	return ret ? trs_fail(o, &err) : 0;
}
