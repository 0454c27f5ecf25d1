// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers of the module's replies (netlink.c, included to reach its
 * static functions), fed messages made here: what they keep and what they
 * refuse.
 */
#define _GNU_SOURCE	/* netlink.c's, for libnl-tiny's headers: before any header */
#include <stdlib.h>

#include "names.h"
#include "output.h"
#include "test.h"

#include "../netlink.c"

/* A reply of the family, command TRS_CMD_GET, no attributes yet. */
static struct nl_msg *reply(void)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && !genlmsg_put(m, 0, 1, 0x20, 0, 0, TRS_CMD_GET, TRS_GENL_VERSION)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* A nest of @n u64 counters, type = index + 1, each @v. */
static int put_u64s(struct nl_msg *m, int attr, unsigned int n, uint64_t v)
{
	struct nlattr *nest = nla_nest_start(m, attr);
	unsigned int i;

	for (i = 0; nest && i < n; i++)
		if (nla_put_u64(m, i + 1, v))
			return -1;
	return nest ? nla_nest_end(m, nest) : -1;
}

struct get_case {
	bool totals, pressure;
	int err;
};

/* A GET reply lacking TOTALS or PRESSURE is refused, not taken as zeros. */
static void test_get(const void *arg)
{
	const struct get_case *c = arg;
	struct trs_snapshot snap = { 0 };
	struct get_ctx g = { .snap = &snap };
	struct nl_msg *m = reply();
	unsigned int i;

	CHECK(m);
	CHECK(!c->totals || !put_u64s(m, TRS_A_TOTALS, TRS_CTR_MAX, 7));
	CHECK(!c->pressure || !put_u64s(m, TRS_A_PRESSURE, TRS_PR_MAX, 3));
	CHECK_INT(parse_get(nlmsg_hdr(m), &g), c->err ? NL_STOP : NL_OK);
	CHECK_INT(g.err, c->err);
	if (!c->err) {
		CHECK_INT(snap.ntotals, TRS_CTR_MAX + TRS_PR_MAX);
		CHECK_INT(snap.totals[0].value, 7);
		/* No TRS_A_UNAVAILABLE (an older module): every column. */
		for (i = 0; i < TRS_UNAVAIL_MAX; i++)
			CHECK_INT(g.unavail[i], 0);
	}
	nlmsg_free(m);
	free(g.reasons);
	trs_snapshot_free(&snap);
}

struct row_case {
	int attr, len;		/* the key attribute, put with this size */
	int err;
};

/* A ports row whose key has the wrong size is not the module's: refused. */
static void test_row(const void *arg)
{
	const struct row_case *c = arg;
	struct trs_snapshot snap = { 0 };
	struct table_ctx t = { .id = TRS_TBL_PORTS };
	const uint16_t port = 80;	/* host order, as nla_put_u16() */
	char bytes[32] = { 0 };
	struct nl_msg *m = reply();

	memcpy(bytes, &port, sizeof(port));
	CHECK(m);
	t.t = add_table(&snap, TRS_TBL_PORTS, 0);
	CHECK(t.t);
	CHECK(!nla_put_u8(m, TRS_A_ROW_KIND, TRS_ROW_KEY));
	CHECK(!nla_put(m, c->attr, c->len, bytes));
	CHECK(!put_u64s(m, TRS_A_COUNTERS, TRS_PORT_MAX, 1));
	CHECK_INT(parse_row(nlmsg_hdr(m), &t), c->err ? NL_STOP : NL_OK);
	CHECK_INT(t.err, c->err);
	CHECK_INT(t.t->nrows, c->err ? 0 : 1);
	if (!c->err)
		CHECK_STR(test_cell(t.t, 0, 0), "80");
	nlmsg_free(m);
	trs_snapshot_free(&snap);
}

/* Each alert attribute of the wrong size: the alert is skipped, not read past. */
static void test_alert(const void *arg)
{
	const struct row_case *c = arg;
	static const char bytes[32];
	struct alert_ctx a = { 0 };
	struct nl_msg *m = nlmsg_alloc();

	CHECK(m);
	CHECK(genlmsg_put(m, 0, 0, 0x20, 0, 0, TRS_CMD_ALERT, TRS_GENL_VERSION));
	CHECK(!nla_put(m, c->attr, c->len, bytes));
	CHECK_INT(parse_alert(nlmsg_hdr(m), &a), NL_SKIP);
	nlmsg_free(m);
}

/*
 * A ports dump still interrupted after its last try: a port that came
 * twice is kept once, with its last reading, in the place of its first;
 * the table is flagged, in JSON too (and only with its own table).
 */
static void test_inconsistent(const void *arg)
{
	const struct trs_view json = { .fmt = TRS_FMT_JSON, .zeros = true };
	struct trs_snapshot snap = { 0 };
	struct table_ctx t = { .id = TRS_TBL_PORTS };
	struct capture c;
	size_t i;

	(void)arg;
	CHECK(!test_snapshot(&snap, "table ports 7\nport rst_in rst_out\n80 1 0\n22 5 0\n"
			     "80 3 1\n443 1 0\nother 0 0\n22 7 0\nother 0 0\n"));
	t.t = &snap.tables[0];
	CHECK_INT(dump_inconsistent(&snap, &t), 0);
	CHECK_INT(snap.inconsistent, 1u << TRS_TBL_PORTS);
	CHECK_INT(t.t->nrows, 4);
	for (i = 0; i < 4; i++)
		CHECK_STR(test_cell(t.t, i, 0), ((const char *[]){ "80", "22", "443", "other" })[i]);
	/* Printed by activity. */
	CHECK(capture_begin(&c));
	trs_print_snapshot(c.f, &snap, &json, NULL);
	capture_end(&c);
	CHECK_STR(c.buf, "{\"totals\":{},\"pressure\":{},\"ports\":[{\"port\":22,\"rst_in\":7,"
		  "\"rst_out\":0},{\"port\":80,\"rst_in\":3,\"rst_out\":1},{\"port\":443,"
		  "\"rst_in\":1,\"rst_out\":0},{\"port\":\"other\",\"rst_in\":0,\"rst_out\":0}],"
		  "\"peers\":[],\"destinations\":[],\"forwarded\":[],\"unavailable\":{\"totals\":[" RST_TOTALS_JSON ","
		  OTHER_TOTALS_JSON "],\"pressure\":[" PRESSURE_JSON "]," SAMPLE_PORTS_LACKS_JSON "},"
		  "\"inconsistent\":[\"ports\"]}\n");
	free(c.buf);
	snap.left_out = 1u << TRS_TBL_PEERS | 1u << TRS_TBL_DESTS;
	CHECK(capture_begin(&c));
	trs_print_snapshot(c.f, &snap, &json, "peers");
	capture_end(&c);
	CHECK_STR(c.buf, "{\"peers\":[],\"left_out\":[\"peers\"]}\n");
	free(c.buf);
	trs_snapshot_free(&snap);
}

#define GET(name, t, p, e) \
	{ "netlink_get_" name, test_get, &(const struct get_case){ t, p, e } }
#define ROW(name, attr, len, e) \
	{ "netlink_row_" name, test_row, &(const struct row_case){ attr, len, e } }
#define ALERT(name, attr, len) \
	{ "netlink_alert_" name, test_alert, &(const struct row_case){ attr, len, 0 } }

/* A destinations row message: @kind, and for a real row its key. */
static struct nl_msg *dest_row(uint8_t kind, const char *laddr, const char *raddr,
			       uint16_t port, uint64_t v)
{
	struct in6_addr l, r;
	struct nl_msg *m = reply();

	if (!m || nla_put_u8(m, TRS_A_ROW_KIND, kind) ||
	    put_u64s(m, TRS_A_COUNTERS, TRS_DEST_MAX, v))
		goto err;
	if (kind == TRS_ROW_KEY &&
	    (inet_pton(AF_INET6, laddr, &l) != 1 || inet_pton(AF_INET6, raddr, &r) != 1 ||
	     nla_put(m, TRS_A_LOCAL_ADDR, sizeof(l), &l) || nla_put(m, TRS_A_ADDR, sizeof(r), &r) ||
	     nla_put_u16(m, TRS_A_PORT, port)))
		goto err;
	return m;
err:
	nlmsg_free(m);
	return NULL;
}

/* @s as show prints it in @fmt (with -z), or the table @only. */
static char *render(const struct trs_snapshot *s, enum trs_format fmt, const char *only)
{
	const struct trs_view v = { .fmt = fmt, .zeros = true };
	struct capture c;

	if (!capture_begin(&c))
		return NULL;
	trs_print_snapshot(c.f, s, &v, only);
	capture_end(&c);
	return c.buf;
}

/* The same rows read over netlink and from /proc: the same snapshot, printed alike. */
static void test_same_as_proc(const void *arg)
{
	struct trs_snapshot nl = { 0 }, proc = { 0 };
	struct table_ctx t = { .id = TRS_TBL_DESTS };
	struct nl_msg *m[3];
	char *a = NULL, *b = NULL;
	size_t i;

	(void)arg;
	m[0] = dest_row(TRS_ROW_KEY, "::ffff:10.0.0.1", "2001:db8::2", 443, 7);
	m[1] = dest_row(TRS_ROW_KEY, "::ffff:10.0.0.1", "::ffff:192.0.2.9", 80, 2);
	m[2] = dest_row(TRS_ROW_OTHER, NULL, NULL, 0, 1);
	t.t = add_table(&nl, TRS_TBL_DESTS, 0);
	CHECK(t.t && m[0] && m[1] && m[2]);
	for (i = 0; i < 3; i++) {
		CHECK_INT(parse_row(nlmsg_hdr(m[i]), &t), NL_OK);
		nlmsg_free(m[i]);
	}
	CHECK(!test_snapshot(&proc, "table destinations 3\n"
			     "local_addr addr remote_port open_fail_active open_fail_active_refused "
			     "open_fail_active_timeout open_fail_active_unreach "
			     "open_fail_active_other rst_in_refused rst_in_reset eaddrnotavail tw "
			     "estab port_use_pct near_exhaustion\n"
			     "10.0.0.1 2001:db8::2 443 7 7 7 7 7 7 7 7 7 7 7 7\n"
			     "10.0.0.1 192.0.2.9 80 2 2 2 2 2 2 2 2 2 2 2 2\n"
			     "other other other 1 1 1 1 1 1 1 1 1 1 1 1\n"));
	a = render(&nl, TRS_FMT_JSON, NULL);
	b = render(&proc, TRS_FMT_JSON, NULL);
	CHECK(a && b);
	CHECK(strstr(a, "{\"local_addr\":\"10.0.0.1\",\"addr\":\"2001:db8::2\",\"remote_port\":443,"));
	CHECK(strstr(a, "{\"local_addr\":\"other\",\"addr\":\"other\",\"remote_port\":\"other\","));
	CHECK_STR(a, b);
	free(a);
	free(b);
	trs_snapshot_free(&nl);
	trs_snapshot_free(&proc);
}

/* The values of schema @s that @snap has, as a nest @attr (type = index + 1). */
static int put_values(struct nl_msg *m, int attr, const struct trs_schema *s,
		      const struct trs_snapshot *snap)
{
	struct nlattr *nest = nla_nest_start(m, attr);
	const struct trs_total *t;
	unsigned int i;

	for (i = 0; nest && i < s->ncols; i++) {
		t = trs_snapshot_total(snap, s->cols[i].name);
		if (t && nla_put_u64(m, i + 1, t->value))
			return -1;
	}
	return nest ? nla_nest_end(m, nest) : -1;
}

/* TRS_A_UNAVAILABLE: the sets of @unavail that have a column. */
static int put_unavailable(struct nl_msg *m, const uint64_t *unavail)
{
	struct nlattr *nest = nla_nest_start(m, TRS_A_UNAVAILABLE);
	unsigned int i;

	for (i = 0; nest && i < TRS_UNAVAIL_MAX; i++)
		if (unavail[i] && nla_put_u64(m, i + 1, unavail[i]))
			return -1;
	return nest ? nla_nest_end(m, nest) : -1;
}

/* The GET reply that gives @snap's totals and pressure, and @unavail's sets. */
static struct nl_msg *get_reply(const struct trs_snapshot *snap, const uint64_t *unavail)
{
	struct nl_msg *m = reply();

	if (m && !put_values(m, TRS_A_TOTALS, trs_totals, snap) &&
	    !put_values(m, TRS_A_PRESSURE, trs_pressure, snap) && !put_unavailable(m, unavail))
		return m;
	nlmsg_free(m);
	return NULL;
}

/* Row @r of @t (table @id): its kind and keys, and a counter for each column @t has. */
static int put_row(struct nl_msg *m, enum trs_table_id id, const struct trs_table *t, size_t r)
{
	const struct trs_schema *s = trs_tables[id];
	const union trs_keyval *k;
	struct nlattr *nest;
	size_t c;
	int i;

	if (t->nkeys != s->nkeys || nla_put_u8(m, TRS_A_ROW_KIND, t->kind[r]))
		return -1;
	for (c = 0; t->kind[r] == TRS_ROW_KEY && c < t->nkeys; c++) {
		k = trs_table_key(t, r, c);
		if (s->keys[c].type == TRS_KEY_PORT ? nla_put_u16(m, s->keys[c].attr, k->port) :
		    nla_put(m, s->keys[c].attr, sizeof(k->addr), &k->addr))
			return -1;
	}
	nest = nla_nest_start(m, TRS_A_COUNTERS);
	for (c = t->nkeys; nest && c < t->ncols; c++) {
		i = trs_col_find(s, t->cols[c]);
		if (i < 0 || nla_put_u64(m, i + 1, trs_table_value(t, r, c)))
			return -1;
	}
	return nest ? nla_nest_end(m, nest) : -1;
}

/* Row @r of @t as the module's dump message of table @id. */
static struct nl_msg *dump_row(enum trs_table_id id, const struct trs_table *t, size_t r)
{
	struct nl_msg *m = reply();

	if (m && !put_row(m, id, t, r))
		return m;
	nlmsg_free(m);
	return NULL;
}

/*
 * A kernel without tracepoints or kprobes over netlink: the GET reply
 * without the totals it cannot count, TRS_A_UNAVAILABLE naming them and the
 * tables' columns that its /proc (NO_TRACEPOINTS) leaves out, rows without
 * those columns.  Read as read_tables() does, it is the snapshot /proc
 * gives: printed alike, peers' columns right though it has no rows.  A
 * table left out for want of CAP_NET_ADMIN is no unavailable one.
 */
static void test_unavailable(const void *arg)
{
	uint64_t lacks[TRS_GROUP_MAX], unavail[TRS_UNAVAIL_MAX] = { 0 };
	struct trs_snapshot nl = { 0 }, proc = { 0 };
	struct get_ctx g = { .snap = &nl };
	const struct trs_table *pt;
	struct trs_error err;
	enum trs_format fmt;
	struct nl_msg *m;
	char *a, *b;
	unsigned int id;
	size_t r;

	(void)arg;
	CHECK_INT(test_parse_file(NO_TRACEPOINTS, &proc, &err), 0);
	trs_unavailable(&proc, TRS_GROUPS_ALL, lacks);
	unavail[TRS_UNAVAIL_TOTALS] = lacks[TRS_GROUP_TOTALS];
	for (id = 0; id < TRS_TBL_MAX; id++)
		unavail[TRS_UNAVAIL_TABLE0 + id] = lacks[TRS_GROUP_TABLE0 + id];
	m = get_reply(&proc, unavail);
	CHECK(m);
	CHECK_INT(parse_get(nlmsg_hdr(m), &g), NL_OK);
	nlmsg_free(m);
	for (id = 0; id < TRS_TBL_MAX; id++) {
		struct table_ctx t = { .id = id, .unavail = g.unavail[TRS_UNAVAIL_TABLE0 + id] };

		/* The file has no forwarded table: a module that has none. */
		pt = trs_snapshot_table(&proc, trs_tables[id]->name);
		if (!pt && id == TRS_TBL_FWD)
			continue;
		CHECK(t.unavail && t.unavail == unavail[TRS_UNAVAIL_TABLE0 + id]);
		t.t = add_table(&nl, id, t.unavail);
		CHECK(t.t && pt);
		for (r = 0; r < pt->nrows; r++) {
			m = dump_row(id, pt, r);
			CHECK(m);
			CHECK_INT(parse_row(nlmsg_hdr(m), &t), NL_OK);
			nlmsg_free(m);
		}
	}
	for (fmt = TRS_FMT_TEXT; fmt <= TRS_FMT_JSON; fmt++) {
		a = render(&nl, fmt, NULL);
		b = render(&proc, fmt, NULL);
		CHECK(a && b);
		CHECK(strstr(a, fmt == TRS_FMT_JSON ? NO_TRACEPOINTS_LACKS_JSON "}\n" :
				"\n" NO_TRACEPOINTS_LACKS_TEXT "\n"));
		CHECK(fmt == TRS_FMT_JSON ||
		      strstr(a, "\n  addr  rst_in  rst_out  rst_fwd_sent  rst_fwd_rcvd\n"));
		CHECK_STR(a, b);
		free(a);
		free(b);
	}
	nl.left_out = 1u << TRS_TBL_PEERS;
	a = render(&nl, TRS_FMT_JSON, "peers");
	CHECK_STR(a, "{\"peers\":[],\"left_out\":[\"peers\"]}\n");
	free(a);
	trs_snapshot_free(&nl);
	trs_snapshot_free(&proc);
}

/*
 * A module made up for read_tables(), behind a socket whose send and
 * receive it replaces: its replies go through the libnl the tool is built
 * with, nl_recvmsgs() and its checks.  The ports table is one row, port
 * 80, whose rst_in counts the ports dumps; the first @flagged of them
 * carry NLM_F_DUMP_INTR, on the row or, as the kernel may when the table
 * changed after the last row, on DONE only.  The other tables are empty;
 * an @old module has no forwarded table, and answers its dump EOPNOTSUPP.
 */
static struct fake_module {
	unsigned int flagged;
	bool on_done, old;
	unsigned int dumps[TRS_TBL_MAX];
	unsigned char *out;	/* what the next receive reads */
	size_t len;
} fake;

/* Adds @m, freed, to the answer to @req, with @flags; 0, or -NLE_NOMEM. */
static int fake_answer(struct nl_msg *m, const struct nlmsghdr *req, int flags)
{
	struct nlmsghdr *h;
	unsigned char *out;

	if (!m)
		return -NLE_NOMEM;
	h = nlmsg_hdr(m);
	h->nlmsg_seq = req->nlmsg_seq;
	h->nlmsg_flags = flags;
	if (h->nlmsg_type >= NLMSG_MIN_TYPE)
		genlmsg_hdr(h)->cmd = genlmsg_hdr((struct nlmsghdr *)req)->cmd;
	out = realloc(fake.out, fake.len + NLMSG_ALIGN(h->nlmsg_len));
	if (out) {
		memcpy(out + fake.len, h, h->nlmsg_len);
		fake.out = out;
		fake.len += NLMSG_ALIGN(h->nlmsg_len);
	}
	nlmsg_free(m);
	return out ? 0 : -NLE_NOMEM;
}

/* Nests with a value each: libnl-3 leaves empty ones out. */
static struct nl_msg *fake_get_reply(void)
{
	struct nl_msg *m = reply();

	if (m && !put_u64s(m, TRS_A_TOTALS, TRS_CTR_MAX, 0) &&
	    !put_u64s(m, TRS_A_PRESSURE, TRS_PR_MAX, 0))
		return m;
	nlmsg_free(m);
	return NULL;
}

static struct nl_msg *fake_port_row(uint64_t rst_in)
{
	struct nl_msg *m = reply();

	if (m && !nla_put_u8(m, TRS_A_ROW_KIND, TRS_ROW_KEY) && !nla_put_u16(m, TRS_A_PORT, 80) &&
	    !put_u64s(m, TRS_A_COUNTERS, 1, rst_in))
		return m;
	nlmsg_free(m);
	return NULL;
}

static struct nl_msg *fake_done(void)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && nlmsg_put(m, 0, 0, NLMSG_DONE, sizeof(int), 0))
		return m;
	nlmsg_free(m);
	return NULL;
}

static struct nl_msg *fake_error(int error)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlmsghdr *h;

	h = m ? nlmsg_put(m, 0, 0, NLMSG_ERROR, sizeof(struct nlmsgerr), 0) : NULL;
	if (h) {
		((struct nlmsgerr *)nlmsg_data(h))->error = error;
		return m;
	}
	nlmsg_free(m);
	return NULL;
}

static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *req = nlmsg_hdr(msg);
	uint8_t cmd = genlmsg_hdr(req)->cmd;
	unsigned int id, n;
	int intr;

	(void)sk;
	if (cmd == TRS_CMD_GET)
		return fake_answer(fake_get_reply(), req, 0);
	id = cmd == TRS_CMD_GET_FORWARDED ? TRS_TBL_FWD : cmd - TRS_CMD_GET_PORTS;
	if (id >= TRS_TBL_MAX || !(req->nlmsg_flags & NLM_F_DUMP))
		return -NLE_INVAL;
	n = ++fake.dumps[id];
	if (fake.old && id == TRS_TBL_FWD)
		return fake_answer(fake_error(-EOPNOTSUPP), req, 0);
	intr = id == TRS_TBL_PORTS && n <= fake.flagged ? NLM_F_DUMP_INTR : 0;
	if (id == TRS_TBL_PORTS &&
	    fake_answer(fake_port_row(n), req, NLM_F_MULTI | (fake.on_done ? 0 : intr)))
		return -NLE_NOMEM;
	return fake_answer(fake_done(), req, NLM_F_MULTI | (fake.on_done ? intr : 0));
}

static int fake_recv(struct nl_sock *sk, struct sockaddr_nl *from, unsigned char **buf,
		     struct ucred **creds)
{
	int len = fake.len;

	(void)sk;
	(void)creds;
	*from = (struct sockaddr_nl){ .nl_family = AF_NETLINK };
	*buf = fake.out;
	fake.out = NULL;
	fake.len = 0;
	return len;
}

struct intr_case {
	unsigned int flagged;
	bool on_done, old;
	unsigned int dumps;	/* of ports, that read_tables() makes */
	bool inconsistent;
};

/*
 * A ports dump flagged NLM_F_DUMP_INTR is made again, up to DUMP_TRIES
 * times, and the last one's rows kept: flagged inconsistent if it was
 * flagged too.  Alike with either libnl (libnl-tiny reports no
 * -NLE_DUMP_INTR).
 */
static void test_dump_intr(const void *arg)
{
	const struct intr_case *c = arg;
	struct trs_ctx ctx = { .family = 0x20, .sock = nl_socket_alloc() };
	struct trs_snapshot snap = { 0 };
	const struct trs_table *t;
	struct trs_error err;
	struct nl_cb *cb;
	unsigned int id;
	char dumps[16];

	fake = (struct fake_module){ .flagged = c->flagged, .on_done = c->on_done,
				     .old = c->old };
	CHECK(ctx.sock);
	cb = nl_socket_get_cb(ctx.sock);
	nl_cb_overwrite_send(cb, fake_send);
	nl_cb_overwrite_recv(cb, fake_recv);
	nl_cb_put(cb);
	CHECK_INT(trs_nl_read_snapshot(&ctx, &snap, &err), 0);
	CHECK_INT(fake.dumps[TRS_TBL_PORTS], c->dumps);
	for (id = TRS_TBL_PORTS + 1; id < TRS_TBL_MAX; id++)
		CHECK_INT(fake.dumps[id], 1);
	CHECK_INT(snap.inconsistent, c->inconsistent ? 1u << TRS_TBL_PORTS : 0);
	/* From an older module, no forwarded table: as in its /proc. */
	CHECK_INT(!trs_snapshot_table(&snap, "forwarded"), c->old);
	CHECK_INT(snap.ntables, TRS_TBL_MAX - c->old);
	t = trs_snapshot_table(&snap, "ports");
	CHECK(t);
	CHECK_INT(t->nrows, 1);
	snprintf(dumps, sizeof(dumps), "%u", c->dumps);
	CHECK_STR(test_cell(t, 0, 1), dumps);
	trs_snapshot_free(&snap);
	nl_socket_free(ctx.sock);
}

#define INTR(name, f, d, n, i)						\
	{ "netlink_dump_intr_" name, test_dump_intr,				\
	  &(const struct intr_case){ .flagged = f, .on_done = d, .dumps = n,	\
				     .inconsistent = i } }

const struct test netlink_tests[] = {
	GET("whole", true, true, 0),
	GET("without_totals", false, true, EPROTO),
	GET("without_pressure", true, false, EPROTO),
	GET("empty", false, false, EPROTO),
	ROW("port", TRS_A_PORT, 2, 0),
	ROW("port_short", TRS_A_PORT, 1, EPROTO),
	ROW("port_long", TRS_A_PORT, 4, EPROTO),
	ROW("kind_long", TRS_A_ROW_KIND, 2, EPROTO),
	ROW("addr_short", TRS_A_ADDR, 4, EPROTO),
	ALERT("kind_empty", TRS_A_ALERT_KIND, 0),
	ALERT("kind_long", TRS_A_ALERT_KIND, 4),
	ALERT("value_u32", TRS_A_ALERT_VALUE, 4),
	{ "netlink_dump_inconsistent", test_inconsistent, NULL },
	INTR("none", 0, false, 1, false),
	INTR("once", 1, false, 2, false),
	INTR("once_on_done", 1, true, 2, false),
	INTR("twice", 2, false, 3, false),
	INTR("always", DUMP_TRIES, false, DUMP_TRIES, true),
	INTR("always_on_done", DUMP_TRIES, true, DUMP_TRIES, true),
	{ "netlink_older_module_without_forwarded", test_dump_intr,
	  &(const struct intr_case){ .dumps = 1, .old = true } },
	{ "netlink_rows_same_as_proc", test_same_as_proc, NULL },
	{ "netlink_unavailable_same_as_proc", test_unavailable, NULL },
	{ NULL, NULL, NULL },
};
