// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink backend: a GET for totals and pressure, a dump per
 * table, turned into the same snapshot the /proc parser makes, so the
 * printers do not know where numbers came from; CONFIG, and the alerts
 * group.  ABI: tcpresetstat.h.
 *
 * The parse_*() functions read one message as libnl hands it to a
 * callback (nlmsg_len bytes that nlmsg_ok() accepted), from its bytes
 * alone: fuzz/fuzz_netlink.c feeds them without a socket.
 */
#define _GNU_SOURCE	/* libnl-tiny's headers: struct ucred, uint */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>

#include "libnl.h"
#include "names.h"
#include "netlink.h"

/* Dumps of a table that keeps changing before its rows are taken as they are. */
#define DUMP_TRIES	3

/* Key columns and counter columns of the widest row: destinations. */
#define ROW_CELLS	(3 + TRS_COLS_MAX)

/*
 * Every attribute the module sends, with its exact size (libnl checks the
 * minimum by type, maxlen the rest): a message with one of another size
 * is not the module's, and is refused whole (an error for a reply, skipped
 * for a notification).  Nests are checked where they are read; attributes
 * of a newer module, beyond TRS_A_MAX, are ignored.
 */
#define EXACT(t, len)	{ .type = (t), .minlen = (len), .maxlen = (len) }
static const struct nla_policy policy[TRS_A_MAX + 1] = {
	[TRS_A_TABLE] = EXACT(NLA_U8, 1),
	[TRS_A_ROW_KIND] = EXACT(NLA_U8, 1),
	[TRS_A_PORT] = EXACT(NLA_U16, 2),
	[TRS_A_ADDR] = EXACT(NLA_UNSPEC, 16),
	[TRS_A_LOCAL_ADDR] = EXACT(NLA_UNSPEC, 16),
	[TRS_A_FILTER_PORT] = EXACT(NLA_U16, 2),
	[TRS_A_FILTER_ADDR] = EXACT(NLA_UNSPEC, 16),
	[TRS_A_FILTER_PREFIX] = EXACT(NLA_U8, 1),
	[TRS_A_FILTER_MIN] = EXACT(NLA_U64, 8),
	[TRS_A_ALERT_KIND] = EXACT(NLA_U8, 1),
	[TRS_A_ALERT_VALUE] = EXACT(NLA_U64, 8),
	[TRS_A_ALERT_THRESHOLD] = EXACT(NLA_U64, 8),
	[TRS_A_ALERT_WINDOW_MS] = EXACT(NLA_U32, 4),
	[TRS_A_ALERT_SUPPRESSED] = EXACT(NLA_U64, 8),
	[TRS_A_REASON_NAME] = { .type = NLA_STRING, .maxlen = 64 },
	[TRS_A_UNAVAILABLE] = { .type = NLA_NESTED },
};

/*
 * What a callback met that libnl does not see as an error: ENOMEM, or
 * EPROTO for a reply that is not the module's (an attribute of the wrong
 * size, one missing).  The reader turns it into the error of its command.
 */
struct table_ctx {
	struct trs_table *t;
	enum trs_table_id id;
	uint64_t unavail;	/* the schema's columns the kernel leaves out */
	int err;
};

/*
 * u64 values of a nest, by type - 1 (0 for those not there); returns which
 * came, a bit by index.  Types this tool does not know are skipped.
 */
static uint64_t read_u64_nest(struct nlattr *nest, uint64_t *v, unsigned int n)
{
	uint64_t have = 0;
	struct nlattr *a;
	int rem;

	memset(v, 0, n * sizeof(*v));
	nla_for_each_nested(a, nest, rem) {
		int type = nla_type(a);

		if (type >= 1 && (unsigned int)type <= n && nla_len(a) == 8) {
			v[type - 1] = nla_get_u64(a);
			have |= TRS_COL_BIT(type - 1);
		}
	}
	return have;
}

/* The GET reply's reasons, kept to follow the tables, as in /proc. */
#define REASON_NAME_MAX 64
struct reason_row {
	char name[REASON_NAME_MAX];
	uint64_t v[TRS_REASON_MAX];
};

struct get_ctx {
	struct trs_snapshot *snap;
	struct reason_row *reasons;
	size_t nreasons;
	/* TRS_A_UNAVAILABLE, by enum trs_unavail_set: none from an older module. */
	uint64_t unavail[TRS_UNAVAIL_MAX];
	bool got_reasons;
	bool replied;
	int err;		/* as table_ctx's */
};

/* A reason's name as the kernel spells it: [a-z0-9_], else not taken. */
static bool reason_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return i > 0;
}

/* Returns 0, ENOMEM, or EPROTO for a reason without its attributes. */
static int read_reasons(struct nlattr *nest, struct get_ctx *g)
{
	struct nlattr *a, *tb[TRS_A_MAX + 1];
	int rem;

	g->got_reasons = true;
	nla_for_each_nested(a, nest, rem) {
		struct reason_row *r;

		if (nla_type(a) != TRS_A_REASON)
			continue;
		if (nla_parse_nested(tb, TRS_A_MAX, a, policy) ||
		    !tb[TRS_A_REASON_NAME] || !tb[TRS_A_COUNTERS])
			return EPROTO;
		r = realloc(g->reasons, (g->nreasons + 1) * sizeof(*r));
		if (!r)
			return ENOMEM;
		g->reasons = r;
		r += g->nreasons;
		nla_strlcpy(r->name, tb[TRS_A_REASON_NAME], sizeof(r->name));
		if (!reason_name_ok(r->name))
			continue;
		read_u64_nest(tb[TRS_A_COUNTERS], r->v, TRS_REASON_MAX);
		g->nreasons++;
	}
	return 0;
}

/* The reasons table, after the others; none from a module without it. */
static int add_reasons(const struct get_ctx *g)
{
	const struct trs_schema *s = trs_reasons;
	unsigned char type = s->keys[0].type;
	char *cols[1 + TRS_REASON_MAX];
	union trs_keyval key;
	struct trs_table *t;
	unsigned int c;
	size_t i;

	if (!g->got_reasons)
		return 0;
	cols[0] = (char *)s->keys[0].name;
	for (c = 0; c < TRS_REASON_MAX; c++)
		cols[1 + c] = (char *)s->cols[c].name;
	t = trs_snapshot_add_table(g->snap, s->name);
	if (!t || trs_table_set_cols(t, cols, 1 + TRS_REASON_MAX, 1, &type))
		return -1;
	for (i = 0; i < g->nreasons; i++) {
		key.text = g->reasons[i].name;
		if (trs_table_add_row(t, TRS_ROW_KEY, &key, g->reasons[i].v))
			return -1;
	}
	return 0;
}

/* The values of @s in the nest @nest that came, as totals of @snap; -1 when out of memory. */
static int add_totals(struct trs_snapshot *snap, const struct trs_schema *s, struct nlattr *nest)
{
	uint64_t v[64];		/* a mask's worth: no group has more (names.c) */
	uint64_t have = read_u64_nest(nest, v, s->ncols);
	unsigned int i;

	for (i = 0; i < s->ncols; i++)
		if ((have & TRS_COL_BIT(i)) && trs_snapshot_add_total(snap, s->cols[i].name, v[i]))
			return -1;
	return 0;
}

/*
 * Totals and pressure values the kernel left out are not in its nests: the
 * snapshot has none of them either, never a zero in their place.
 */
static int parse_get(struct nlmsghdr *nlh, struct get_ctx *g)
{
	struct nlattr *tb[TRS_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, TRS_A_MAX, policy) ||
	    !tb[TRS_A_TOTALS] || !tb[TRS_A_PRESSURE]) {
		g->err = EPROTO;
		return NL_STOP;
	}
	g->replied = true;
	if (tb[TRS_A_REASONS])
		g->err = read_reasons(tb[TRS_A_REASONS], g);
	if (g->err)
		return NL_STOP;
	if (tb[TRS_A_UNAVAILABLE])
		read_u64_nest(tb[TRS_A_UNAVAILABLE], g->unavail, TRS_UNAVAIL_MAX);
	if (add_totals(g->snap, trs_totals, tb[TRS_A_TOTALS]) ||
	    add_totals(g->snap, trs_pressure, tb[TRS_A_PRESSURE])) {
		g->err = ENOMEM;
		return NL_STOP;
	}
	return NL_OK;
}

static int get_cb(struct nl_msg *msg, void *arg)
{
	return parse_get(nlmsg_hdr(msg), arg);
}

/* The key column names of table @id, in /proc's order; returns how many. */
static unsigned int key_names(enum trs_table_id id, char **names, unsigned char *types)
{
	const struct trs_schema *s = trs_tables[id];
	unsigned int i;

	for (i = 0; i < s->nkeys; i++) {
		names[i] = (char *)s->keys[i].name;
		types[i] = s->keys[i].type;
	}
	return s->nkeys;
}

/*
 * The kind and keys of a row of table @id (a dump message or an alert),
 * as its schema's keys; -1 if a key of a real row is missing.
 */
static int key_vals(struct nlattr **tb, enum trs_table_id id, unsigned char *kind,
		    union trs_keyval *keys)
{
	const struct trs_schema *s = trs_tables[id];
	const struct trs_key_col *key;
	unsigned int i;

	*kind = tb[TRS_A_ROW_KIND] ? nla_get_u8(tb[TRS_A_ROW_KIND]) : TRS_ROW_KEY;
	memset(keys, 0, s->nkeys * sizeof(*keys));
	if (*kind == TRS_ROW_OTHER || *kind == TRS_ROW_EPHEMERAL)
		return 0;
	for (i = 0; i < s->nkeys; i++) {
		key = &s->keys[i];
		if (!tb[key->attr])
			return -1;
		if (key->type == TRS_KEY_PORT)
			keys[i].port = nla_get_u16(tb[key->attr]);
		else
			memcpy(&keys[i].addr, nla_data(tb[key->attr]), sizeof(keys[i].addr));
	}
	return 0;
}

/*
 * A row's counters, in the columns of its table (add_table()): the
 * schema's less those the kernel leaves out.  One that an older module
 * does not send reads 0.
 */
static int parse_row(struct nlmsghdr *nlh, struct table_ctx *c)
{
	const struct trs_schema *s = trs_tables[c->id];
	union trs_keyval keys[TRS_TABLE_KEYS_MAX];
	struct nlattr *tb[TRS_A_MAX + 1];
	uint64_t v[TRS_COLS_MAX];
	unsigned int i, n = 0;
	unsigned char kind;

	if (genlmsg_parse(nlh, 0, tb, TRS_A_MAX, policy) ||
	    !tb[TRS_A_ROW_KIND] || !tb[TRS_A_COUNTERS] || key_vals(tb, c->id, &kind, keys)) {
		c->err = EPROTO;
		return NL_STOP;
	}
	read_u64_nest(tb[TRS_A_COUNTERS], v, s->ncols);
	for (i = 0; i < s->ncols; i++)
		if (!(c->unavail & TRS_COL_BIT(i)))
			v[n++] = v[i];
	if (trs_table_add_row(c->t, kind, keys, v)) {
		c->err = ENOMEM;
		return NL_STOP;
	}
	return NL_OK;
}

static int row_cb(struct nl_msg *msg, void *arg)
{
	return parse_row(nlmsg_hdr(msg), arg);
}

/* Keeps the kernel's reason for an error reply (NLMSGERR_ATTR_MSG). */
static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct trs_ctx *ctx = arg;
	size_t off = sizeof(*e);

	(void)who;
	/* The kernel sends -errno; no other value names an errno (nor negates: INT_MIN). */
	ctx->nl_errno = e->error < 0 && e->error > -4096 ? -e->error : EPROTO;
	ctx->extack[0] = '\0';
	/* The request is echoed back unless the kernel capped it. */
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if ((hdr->nlmsg_flags & NLM_F_ACK_TLVS) && NLMSG_HDRLEN + off < hdr->nlmsg_len &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + NLMSG_ALIGN(off)),
		       hdr->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off), NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(ctx->extack, tb[NLMSGERR_ATTR_MSG], sizeof(ctx->extack));
	return NL_STOP;
}

/*
 * Sees each message of a reply before libnl does: the kernel flags
 * NLM_F_DUMP_INTR on a dump's messages, DONE included, once the table
 * changed between two of them.  libnl-3 then also returns -NLE_DUMP_INTR,
 * libnl-tiny nothing: the flag is read here for both.
 */
static int msg_in_cb(struct nl_msg *msg, void *arg)
{
	struct trs_ctx *ctx = arg;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		ctx->dump_intr = true;
	return NL_OK;
}

static struct nl_msg *new_request(struct trs_ctx *ctx, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0, flags,
				cmd, TRS_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Sends and frees @msg; @cb NULL waits for the ACK, else gets each reply. */
static int send_request(struct trs_ctx *ctx, struct nl_msg *msg, nl_recvmsg_msg_cb_t cb,
			void *arg)
{
	int ret;

	ctx->nl_errno = 0;
	ctx->dump_intr = false;
	nl_socket_modify_err_cb(ctx->sock, NL_CB_CUSTOM, error_cb, ctx);
	nl_socket_modify_cb(ctx->sock, NL_CB_MSG_IN, NL_CB_CUSTOM, msg_in_cb, ctx);
	if (cb) {
		/* Requests are answered by a reply or an error: no ACK to wait for. */
		nl_socket_disable_auto_ack(ctx->sock);
		nl_socket_modify_cb(ctx->sock, NL_CB_VALID, NL_CB_CUSTOM, cb, arg);
	} else {
		nl_socket_enable_auto_ack(ctx->sock);
	}
	ret = nl_send_auto(ctx->sock, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return ret;
	return cb ? nl_recvmsgs_default(ctx->sock) : nl_wait_for_ack(ctx->sock);
}

/* @table >= 0 adds TRS_A_TABLE. */
static int request(struct trs_ctx *ctx, uint8_t cmd, int flags, int table,
		   nl_recvmsg_msg_cb_t cb, void *arg)
{
	struct nl_msg *msg = new_request(ctx, cmd, flags);

	if (!msg || (table >= 0 && nla_put_u8(msg, TRS_A_TABLE, table))) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	return send_request(ctx, msg, cb, arg);
}

/* The kernel's own words when it gave some, else libnl's for @nlerr. */
static int nl_error(const struct trs_ctx *ctx, struct trs_error *err, const char *what,
		    int nlerr)
{
	int code = nlerr == -NLE_PERM ? TRS_EXIT_PERM : TRS_EXIT_ERROR;

	if (ctx->nl_errno && ctx->extack[0])
		return trs_error_set(err, code, what, "%s", ctx->extack);
	return trs_error_set(err, code, what, "%s", nl_geterror(nlerr));
}

/* A callback's error (see table_ctx). */
static int reply_error(struct trs_error *err, const char *what, int e)
{
	if (e == EPROTO)
		return trs_error_set(err, TRS_EXIT_ERROR, what,
				     "a reply that is not the module's (a bad or missing attribute)");
	return trs_error_set(err, TRS_EXIT_ERROR, what, "%s", strerror(e));
}

static int read_tables(struct trs_ctx *ctx, struct trs_snapshot *snap,
		       const uint64_t *unavail, struct trs_error *err);

int trs_nl_read_snapshot(struct trs_ctx *ctx, struct trs_snapshot *snap,
			 struct trs_error *err)
{
	struct get_ctx g = { .snap = snap };
	int ret;

	ret = request(ctx, TRS_CMD_GET, 0, -1, get_cb, &g);
	if (ret < 0)
		ret = nl_error(ctx, err, "netlink get", ret);
	else if (g.err || !g.replied)
		ret = reply_error(err, "netlink get", g.err ? g.err : EPROTO);
	else
		ret = read_tables(ctx, snap, g.unavail, err);
	if (!ret && add_reasons(&g))
		ret = trs_error_set(err, TRS_EXIT_ERROR, "netlink", "%s", strerror(ENOMEM));
	free(g.reasons);
	return ret;
}

/*
 * Table @id of @snap, with its columns and no rows yet: the schema's less
 * @unavail, so that a table without rows has them right too.  NULL when out
 * of memory.
 */
static struct trs_table *add_table(struct trs_snapshot *snap, enum trs_table_id id,
				   uint64_t unavail)
{
	unsigned char types[TRS_TABLE_KEYS_MAX];
	char *cols[ROW_CELLS];
	unsigned int i, nkeys = key_names(id, cols, types), n = nkeys;
	struct trs_table *t;

	for (i = 0; i < trs_tables[id]->ncols; i++)
		if (!(unavail & TRS_COL_BIT(i)))
			cols[n++] = (char *)trs_tables[id]->cols[i].name;
	t = trs_snapshot_add_table(snap, trs_tables[id]->name);
	return t && !trs_table_set_cols(t, cols, n, nkeys, types) ? t : NULL;
}

/*
 * The last dump of @c was still interrupted: a row moved during it may
 * have come twice (kept once, its last reading) or not at all.  Flagged
 * in @snap; 0, or -NLE_NOMEM.
 */
static int dump_inconsistent(struct trs_snapshot *snap, const struct table_ctx *c)
{
	snap->inconsistent |= 1u << c->id;
	return trs_table_dedupe(c->t) < 0 ?
	       -NLE_NOMEM : 0;
}

/* Each table's dump command. */
static const uint8_t dump_cmds[TRS_TBL_MAX] = {
	[TRS_TBL_PORTS] = TRS_CMD_GET_PORTS,
	[TRS_TBL_PEERS] = TRS_CMD_GET_PEERS,
	[TRS_TBL_DESTS] = TRS_CMD_GET_DESTS,
	[TRS_TBL_FWD] = TRS_CMD_GET_FORWARDED,
};

/* The dumps, after the GET: @unavail is its TRS_A_UNAVAILABLE. */
static int read_tables(struct trs_ctx *ctx, struct trs_snapshot *snap,
		       const uint64_t *unavail, struct trs_error *err)
{
	unsigned int id, i;
	int ret;

	for (id = 0; id < TRS_TBL_MAX; id++) {
		uint64_t cols_out = unavail[TRS_UNAVAIL_TABLE0 + id];
		struct table_ctx c = { .id = id, .t = add_table(snap, id, cols_out),
				       .unavail = cols_out };

		if (!c.t)
			return trs_error_set(err, TRS_EXIT_ERROR, "netlink", "%s",
					     strerror(ENOMEM));
		/*
		 * NLM_F_DUMP_INTR: the table changed during a dump of several
		 * messages, rows may be missing or repeated.  Dump again, a few
		 * times; then keep what came, once per key (each row's counters
		 * are exact), flagged inconsistent, as a busy table could
		 * otherwise starve the reader.  libnl-3's -NLE_DUMP_INTR
		 * says no more than ctx->dump_intr (msg_in_cb()).
		 */
		for (i = 0; i < DUMP_TRIES; i++) {
			trs_table_clear_rows(c.t);
			ret = request(ctx, dump_cmds[id], NLM_F_DUMP, -1, row_cb, &c);
			if (ret == -NLE_DUMP_INTR)
				ret = 0;
			if (ret < 0 || c.err || !ctx->dump_intr)
				break;
		}
		/* Tables with addresses are for admins: show the rest, and say so. */
		if (ret == -NLE_PERM && id != TRS_TBL_PORTS) {
			snap->left_out |= 1u << id;
			continue;
		}
		/* A module older than a later table: it has none, as in /proc. */
		if (ret == -NLE_OPNOTSUPP && id > TRS_TBL_DESTS) {
			trs_snapshot_drop_table(snap);
			continue;
		}
		if (c.err)
			return reply_error(err, trs_tables[id]->name, c.err);
		if (!ret && ctx->dump_intr)
			ret = dump_inconsistent(snap, &c);
		if (ret < 0)
			return nl_error(ctx, err, trs_tables[id]->name, ret);
	}
	return 0;
}

int trs_nl_reset(struct trs_ctx *ctx, int table, struct trs_error *err)
{
	int ret = request(ctx, TRS_CMD_RESET, 0, table, NULL, NULL);

	return ret < 0 ? nl_error(ctx, err, "reset", ret) : 0;
}

struct config_ctx {
	uint32_t *out;
	bool *have;
	bool replied;
};

static int parse_config(struct nlmsghdr *nlh, struct config_ctx *c)
{
	struct nlattr *tb[TRS_A_MAX + 1], *a;
	int rem;

	if (genlmsg_parse(nlh, 0, tb, TRS_A_MAX, policy) || !tb[TRS_A_CONFIG])
		return NL_SKIP;
	c->replied = true;
	nla_for_each_nested(a, tb[TRS_A_CONFIG], rem) {
		int type = nla_type(a);

		/* Settings of a newer module: not ours to name. */
		if (type >= 1 && type <= TRS_CFG_MAX && nla_len(a) == 4) {
			c->out[type - 1] = nla_get_u32(a);
			c->have[type - 1] = true;
		}
	}
	return NL_OK;
}

static int config_cb(struct nl_msg *msg, void *arg)
{
	return parse_config(nlmsg_hdr(msg), arg);
}

int trs_nl_config(struct trs_ctx *ctx, const uint32_t *vals, const bool *set, uint32_t *out,
		  bool *have, struct trs_error *err)
{
	struct config_ctx c = { .out = out, .have = have };
	struct nl_msg *msg = new_request(ctx, TRS_CMD_CONFIG, 0);
	struct nlattr *nest;
	unsigned int id;
	int ret;

	memset(have, 0, TRS_CFG_MAX * sizeof(*have));
	nest = msg ? nla_nest_start(msg, TRS_A_CONFIG) : NULL;
	for (id = 0; nest && id < TRS_CFG_MAX; id++)
		if (set[id] && nla_put_u32(msg, id + 1, vals[id]))
			nest = NULL;
	if (!nest) {
		nlmsg_free(msg);
		return trs_error_set(err, TRS_EXIT_ERROR, "config", "%s", strerror(ENOMEM));
	}
	nla_nest_end(msg, nest);
	ret = send_request(ctx, msg, config_cb, &c);
	if (ret < 0) {
		nl_error(ctx, err, "config", ret);
		/* The values were well formed, but the module refused them. */
		if (ctx->nl_errno == EINVAL || ctx->nl_errno == ERANGE)
			err->code = TRS_EXIT_USAGE;
		return err->code;
	}
	if (!c.replied)
		return trs_error_set(err, TRS_EXIT_ERROR, "config", "no settings in the reply");
	return 0;
}

struct alert_ctx {
	trs_alert_fn fn;
	void *arg;
	int stop;
	int oom;
};

static struct alert_ctx alerts;

/* Which table an alert's row is in; unknown kinds by their key attributes. */
static enum trs_table_id alert_table(unsigned int kind, struct nlattr **tb)
{
	static const enum trs_table_id table[TRS_ALERT_MAX] = {
		[TRS_ALERT_PORT_OPEN_FAIL] = TRS_TBL_PORTS,
		[TRS_ALERT_DEST_OPEN_FAIL] = TRS_TBL_DESTS,
		[TRS_ALERT_PEER_RST] = TRS_TBL_PEERS,
		[TRS_ALERT_DEST_EXHAUSTION] = TRS_TBL_DESTS,
	};

	if (kind < TRS_ALERT_MAX)
		return table[kind];
	return tb[TRS_A_LOCAL_ADDR] ? TRS_TBL_DESTS : tb[TRS_A_ADDR] ? TRS_TBL_PEERS :
	       TRS_TBL_PORTS;
}

static int parse_alert(struct nlmsghdr *nlh, struct alert_ctx *a)
{
	union trs_keyval keys[1 + TRS_TABLE_KEYS_MAX];
	unsigned char types[1 + TRS_TABLE_KEYS_MAX], row_kind;
	char *cols[ROW_CELLS], name[32];
	struct nlattr *tb[TRS_A_MAX + 1];
	struct trs_snapshot s = { 0 };
	uint64_t vals[4];
	struct trs_table *t;
	unsigned int i, n, nkeys, kind;
	enum trs_table_id id;
	static const struct {
		const char *name;
		enum trs_attr attr;
	} values[] = {
		{ "value", TRS_A_ALERT_VALUE },
		{ "threshold", TRS_A_ALERT_THRESHOLD },
		{ "window_ms", TRS_A_ALERT_WINDOW_MS },
		{ "suppressed", TRS_A_ALERT_SUPPRESSED },
	};

	/* genlmsg_parse() first: it checks that there is a header to read. */
	if (genlmsg_parse(nlh, 0, tb, TRS_A_MAX, policy) ||
	    genlmsg_hdr(nlh)->cmd != TRS_CMD_ALERT || !tb[TRS_A_ALERT_KIND])
		return NL_SKIP;
	kind = nla_get_u8(tb[TRS_A_ALERT_KIND]);
	id = alert_table(kind, tb);
	/* Keys: the alert's kind (a name), then its row's. */
	cols[0] = "kind";
	types[0] = TRS_KEY_NAME;
	if (kind < trs_alerts.n)
		snprintf(name, sizeof(name), "%s", trs_alerts.names[kind]);
	else
		snprintf(name, sizeof(name), "kind_%u", kind);
	keys[0].text = name;
	nkeys = n = 1 + key_names(id, cols + 1, types + 1);
	if (key_vals(tb, id, &row_kind, keys + 1))
		return NL_SKIP;
	/* The row's kind shows in its keys: the alert's own is a name. */
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct nlattr *v = tb[values[i].attr];

		if (!v)
			continue;
		cols[n] = (char *)values[i].name;
		vals[n++ - nkeys] = nla_len(v) == 8 ? nla_get_u64(v) :
				    nla_len(v) == 4 ? nla_get_u32(v) : 0;
	}
	t = trs_snapshot_add_table(&s, "alert");
	if (!t || trs_table_set_cols(t, cols, n, nkeys, types) ||
	    trs_table_add_row(t, row_kind, keys, vals)) {
		trs_snapshot_free(&s);
		a->oom = 1;
		return NL_STOP;
	}
	a->stop = a->fn(t, a->arg);
	trs_snapshot_free(&s);
	return a->stop ? NL_STOP : NL_OK;
}

static int alert_cb(struct nl_msg *msg, void *arg)
{
	return parse_alert(nlmsg_hdr(msg), arg);
}

int trs_nl_subscribe(struct trs_ctx *ctx, trs_alert_fn fn, void *arg, struct trs_error *err)
{
	int grp, ret;

	grp = genl_ctrl_resolve_grp(ctx->sock, TRS_GENL_NAME, TRS_MCGRP_ALERTS);
	if (grp < 0)
		return trs_error_set(err, TRS_EXIT_ERROR, "events",
				     "the module has no multicast group \"%s\" (%s)",
				     TRS_MCGRP_ALERTS, nl_geterror(grp));
	alerts = (struct alert_ctx){ .fn = fn, .arg = arg };
	/* Notifications are not answers to requests: no sequence to check. */
	nl_socket_disable_seq_check(ctx->sock);
	nl_socket_modify_cb(ctx->sock, NL_CB_VALID, NL_CB_CUSTOM, alert_cb, &alerts);
	ret = nl_socket_add_membership(ctx->sock, grp);
	if (ret < 0)
		return nl_error(ctx, err, "events", ret);
	ret = nl_socket_set_nonblocking(ctx->sock);
	return ret < 0 ? nl_error(ctx, err, "events", ret) : 0;
}

int trs_nl_fd(const struct trs_ctx *ctx)
{
	return nl_socket_get_fd(ctx->sock);
}

int trs_nl_receive(struct trs_ctx *ctx, struct trs_error *err)
{
	int ret = nl_recvmsgs_default(ctx->sock);

	if (alerts.oom)
		return trs_error_set(err, TRS_EXIT_ERROR, "events", "%s", strerror(ENOMEM));
	/* The socket's buffer overflowed: some alerts are lost, go on. */
	if (ret == -NLE_NOMEM && errno == ENOBUFS) {
		fprintf(stderr, "Warning: events: receive buffer overflowed, alerts were lost\n");
		return 0;
	}
	return ret < 0 ? nl_error(ctx, err, "events", ret) : 0;
}
