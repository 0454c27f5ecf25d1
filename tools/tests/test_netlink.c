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
		CHECK_STR(trs_table_cell(t.t, 0, 0), "80");
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
	static const char *const rows[][3] = {
		{ "80", "1", "0" }, { "22", "5", "0" }, { "80", "3", "1" }, { "443", "1", "0" },
		{ "22", "7", "0" }, { "other", "0", "0" },
	};
	struct trs_snapshot snap = { 0 };
	struct table_ctx t = { .id = TRS_TBL_PORTS };
	char *cols[] = { "port", "rst_in", "rst_out" };
	struct capture c;
	size_t i;

	(void)arg;
	t.t = trs_snapshot_add_table(&snap, "ports");
	CHECK(t.t && !trs_table_set_cols(t.t, cols, 3));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK(!trs_table_add_row(t.t, (char **)rows[i]));
	CHECK_INT(dump_inconsistent(&snap, &t), 0);
	CHECK_INT(snap.inconsistent, 1u << TRS_TBL_PORTS);
	CHECK_INT(t.t->nrows, 4);
	for (i = 0; i < 4; i++)
		CHECK_STR(trs_table_cell(t.t, i, 0), ((const char *[]){ "80", "22", "443", "other" })[i]);
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
	{ NULL, NULL, NULL },
};
