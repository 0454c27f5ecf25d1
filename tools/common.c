// SPDX-License-Identifier: GPL-2.0
/*
 * What the subcommands share: reporting errors, the view of the options,
 * loading a snapshot and saying what it lacks.  Subcommand files depend on
 * this layer, never on main.c or on each other.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "subcommands.h"

int usage_error(enum trs_format fmt, const char *what, const char *reason)
{
	struct trs_error err;

	trs_error_set(&err, TRS_EXIT_USAGE, what, "%s; see: %s help", reason, PROG_NAME);
	trs_print_error(&err, fmt);
	return err.code;
}

void trs_opts_view(const struct trs_opts *o, uint64_t top, struct trs_view *v)
{
	*v = (struct trs_view){
		.fmt = o->fmt,
		.zeros = o->zeros,
		.sort = o->sort,
		.top = (o->seen & TRS_OPT(TOP)) ? o->top : top,
		.netns = o->netns,
	};
}

int trs_fail(const struct trs_opts *o, const struct trs_error *err)
{
	trs_print_error(err, o->fmt);
	return err->code;
}

static bool has_column(const struct trs_snapshot *s, const char *name)
{
	size_t i, c;

	for (i = 0; i < s->ntables; i++)
		for (c = 0; c < s->tables[i].ncols; c++)
			if (!strcmp(s->tables[i].cols[c], name))
				return true;
	return false;
}

/* "peers, destinations" for the tables of @bits. */
static void table_list(char *buf, size_t len, unsigned int bits)
{
	size_t used = 0;
	unsigned int id;

	buf[0] = '\0';
	for (id = 0; id < TRS_TBL_MAX && used < len; id++)
		if (bits & (1u << id))
			used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
					 trs_tables[id]->name);
}

/*
 * --sort @col, a column that the kernel leaves out of a table of @tables:
 * rows cannot be ordered by it, nor silently in another order.  0, or
 * TRS_EXIT_USAGE with @err filled.
 */
static int check_available(const struct trs_snapshot *s, unsigned int tables, const char *col,
			   struct trs_error *err)
{
	uint64_t unavail[TRS_GROUP_MAX];
	unsigned int id, without = 0;
	char names[64];
	int c;

	trs_unavailable(s, TRS_GROUP_TABLES(tables), unavail);
	for (id = 0; id < TRS_TBL_MAX; id++) {
		c = trs_col_find(trs_tables[id], col);
		if (c >= 0 && (unavail[TRS_GROUP_TABLE0 + id] & TRS_COL_BIT(c)))
			without |= 1u << id;
	}
	if (!without)
		return 0;
	table_list(names, sizeof(names), without);
	return trs_error_set(err, TRS_EXIT_USAGE, "--sort", "%s is unavailable on this kernel (%s)",
			     col, names);
}

int trs_load_ctx(const struct trs_opts *o, unsigned int tables, struct trs_ctx *ctx,
		 struct trs_snapshot *snap)
{
	struct trs_error err;
	int ret;

	ret = trs_ctx_init(ctx, o->netns, &err);
	if (!ret)
		ret = trs_read_snapshot(ctx, snap, &err);
	if (!ret) {
		ret = trs_check_sort(o, tables, snap, &err);
		if (ret)
			trs_snapshot_free(snap);
	}
	return ret ? trs_fail(o, &err) : 0;
}

int trs_check_sort(const struct trs_opts *o, unsigned int tables,
		   const struct trs_snapshot *snap, struct trs_error *err)
{
	if (!o->sort)
		return 0;
	if (!trs_is_known_column(o->sort) && !has_column(snap, o->sort))
		return trs_error_set(err, TRS_EXIT_USAGE, o->sort,
				     "not a column of any table; see: %s help", PROG_NAME);
	return check_available(snap, tables, o->sort, err);
}

int trs_load(const struct trs_opts *o, unsigned int tables, struct trs_snapshot *snap)
{
	struct trs_ctx ctx;
	int ret = trs_load_ctx(o, tables, &ctx, snap);

	trs_ctx_fini(&ctx);
	return ret;
}

void trs_warn_incomplete(const struct trs_snapshot *s, unsigned int mask)
{
	char names[64];

	if (s->left_out & mask) {
		table_list(names, sizeof(names), s->left_out & mask);
		fprintf(stderr, "Warning: %s: left out: %s (needs CAP_NET_ADMIN)\n", names,
			strerror(EPERM));
	}
	if (s->inconsistent & mask) {
		table_list(names, sizeof(names), s->inconsistent & mask);
		fprintf(stderr, "Warning: %s: kept changing while dumped: rows may be missing\n",
			names);
	}
}
