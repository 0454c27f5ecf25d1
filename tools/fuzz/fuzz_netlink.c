// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers of the kernel's messages (netlink.c, included to reach its
 * static functions): an input is what one recv() could return, netlink
 * messages back to back.  Each message that nl_recvmsgs() would hand on
 * (nlmsg_ok()) is copied, as nlmsg_convert() does, to the end of a page
 * followed by an inaccessible one, so that reading past it faults in libnl
 * too, which is not instrumented.  Then every parser reads it: as the GET
 * reply, as a row of each table's dump, as the config reply and as an
 * alert; an error message goes to the error callback.  If a message was
 * flagged NLM_F_DUMP_INTR the rows are read again, as read_tables() does.
 * The snapshot they make is then printed.
 * Seeds (corpus/netlink): netlink_seeds.c.
 */
#define _GNU_SOURCE	/* MAP_ANONYMOUS; netlink.c's, for libnl-tiny's headers */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "output.h"

#include "../netlink.c"

/* Room for the longest input libFuzzer makes (run.sh: -max_len=8192). */
#define FUZZ_MSG_MAX	(64 * 1024)

/* The end of a writable area, where an inaccessible page begins. */
static char *guarded_end(void)
{
	static char *end;
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	if (!end) {
		p = mmap(NULL, FUZZ_MSG_MAX + page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		FUZZ_ASSERT(p != MAP_FAILED && !mprotect(p + FUZZ_MSG_MAX, page, PROT_NONE));
		end = p + FUZZ_MSG_MAX;
	}
	return end;
}

static int print_alert(const struct trs_table *alert, void *arg)
{
	static const struct trs_view text = { .fmt = TRS_FMT_TEXT }, json = { .fmt = TRS_FMT_JSON };

	(void)arg;
	FUZZ_ASSERT(alert->nrows == 1);
	trs_out_record(fuzz_null(), &text, alert, 0);
	trs_out_record(fuzz_null(), &json, alert, 0);
	return 0;
}

struct replies {
	struct trs_ctx ctx;
	struct get_ctx get;
	struct table_ctx tables[TRS_TBL_MAX];
	struct config_ctx config;
	uint32_t settings[TRS_CFG_MAX];
	bool have[TRS_CFG_MAX];
	struct alert_ctx alert;
	bool intr;
};

/* @rows_only: a dump again, after NLM_F_DUMP_INTR. */
static void deliver(struct nlmsghdr *nlh, struct replies *r, bool rows_only)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct trs_error err;
	unsigned int id;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->intr = true;
	/* As nl_recvmsgs(): errors to the error callback, other control messages to none. */
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) && e->error) {
			error_cb(NULL, e, &r->ctx);
			FUZZ_ASSERT(memchr(r->ctx.extack, '\0', sizeof(r->ctx.extack)));
			nl_error(&r->ctx, &err, "fuzz", -NLE_INVAL);
		}
		return;
	}
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return;
	for (id = 0; id < TRS_TBL_MAX; id++)
		parse_row(nlh, &r->tables[id]);
	if (rows_only)
		return;
	parse_get(nlh, &r->get);
	parse_config(nlh, &r->config);
	parse_alert(nlh, &r->alert);
}

/* Each message of @data, copied where reading past its end faults. */
static void receive(const uint8_t *data, size_t size, struct replies *r, bool rows_only)
{
	const struct nlmsghdr *nlh = (const void *)data;
	int rem = size;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next((struct nlmsghdr *)nlh, &rem)) {
		size_t len = NLMSG_ALIGN(nlh->nlmsg_len);
		char *copy = guarded_end() - len;

		FUZZ_ASSERT(len <= FUZZ_MSG_MAX);
		memset(copy, 0, len);
		memcpy(copy, nlh, nlh->nlmsg_len);
		deliver((struct nlmsghdr *)copy, r, rows_only);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trs_snapshot s = { 0 };
	struct replies *r;
	unsigned int id;
	uint8_t *aligned;

	if (size > FUZZ_MSG_MAX)
		return 0;
	/* recv() fills an aligned buffer. */
	aligned = malloc(size + 1);
	r = calloc(1, sizeof(*r));
	FUZZ_ASSERT(aligned && r);
	memcpy(aligned, data, size);
	r->get.snap = &s;
	r->config = (struct config_ctx){ .out = r->settings, .have = r->have };
	r->alert = (struct alert_ctx){ .fn = print_alert };
	for (id = 0; id < TRS_TBL_MAX; id++) {
		r->tables[id] = (struct table_ctx){ .id = id, .t = add_table(&s, id, 0) };
		FUZZ_ASSERT(r->tables[id].t);
	}
	receive(aligned, size, r, false);
	if (r->intr) {
		for (id = 0; id < TRS_TBL_MAX; id++)
			trs_table_clear_rows(r->tables[id].t);
		receive(aligned, size, r, true);
	}
	FUZZ_ASSERT(!add_reasons(&r->get));
	/* Every cell, in the renderings that show each: the rest is fuzz_proc's. */
	trs_print_snapshot(fuzz_null(), &s, &(struct trs_view){ .fmt = TRS_FMT_TEXT, .zeros = true },
			   NULL);
	trs_print_snapshot(fuzz_null(), &s, &(struct trs_view){ .fmt = TRS_FMT_JSON }, NULL);
	free(r->get.reasons);
	trs_snapshot_free(&s);
	free(r);
	free(aligned);
	return 0;
}
