// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers of the module's replies (netlink.c, included to reach its
 * static functions), fed messages made here: what they keep and what they
 * refuse.
 */
#include <stdlib.h>

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

	CHECK(m);
	CHECK(!c->totals || !put_u64s(m, TRS_A_TOTALS, TRS_CTR_MAX, 7));
	CHECK(!c->pressure || !put_u64s(m, TRS_A_PRESSURE, TRS_PR_MAX, 3));
	CHECK_INT(parse_get(nlmsg_hdr(m), &g), c->err ? NL_STOP : NL_OK);
	CHECK_INT(g.err, c->err);
	if (!c->err) {
		CHECK_INT(snap.ntotals, TRS_CTR_MAX + TRS_PR_MAX);
		CHECK_INT(snap.totals[0].value, 7);
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
	t.t = add_table(&snap, TRS_TBL_PORTS);
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
		  "\"peers\":[],\"destinations\":[],\"inconsistent\":[\"ports\"]}\n");
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

static char *render_json(const struct trs_snapshot *s)
{
	const struct trs_view json = { .fmt = TRS_FMT_JSON, .zeros = true };
	struct capture c;

	if (!capture_begin(&c))
		return NULL;
	trs_print_snapshot(c.f, s, &json, NULL);
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
	t.t = add_table(&nl, TRS_TBL_DESTS);
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
	a = render_json(&nl);
	b = render_json(&proc);
	CHECK(a && b);
	CHECK(strstr(a, "{\"local_addr\":\"10.0.0.1\",\"addr\":\"2001:db8::2\",\"remote_port\":443,"));
	CHECK(strstr(a, "{\"local_addr\":\"other\",\"addr\":\"other\",\"remote_port\":\"other\","));
	CHECK_STR(a, b);
	free(a);
	free(b);
	trs_snapshot_free(&nl);
	trs_snapshot_free(&proc);
}

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
	{ "netlink_rows_same_as_proc", test_same_as_proc, NULL },
	{ NULL, NULL, NULL },
};
