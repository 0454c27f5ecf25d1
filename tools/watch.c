// SPDX-License-Identifier: GPL-2.0
/*
 * watch: a snapshot every interval, printed as per-second rates of the
 * counters (rate.c).  On a terminal each interval redraws the screen; else
 * each is a block of its own (text) or one JSON object per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "names.h"
#include "rate.h"
#include "subcommands.h"
#include "wait.h"

/* The rates of @r, taken from @cur: what it lacks is said too (not the pressure, never shown). */
static void print_rates(const struct trs_view *view, const struct trs_rates *r,
			const struct trs_snapshot *cur, double elapsed, bool tty, bool first)
{
	char when[16] = "", secs[32], text[96], now[32];
	uint64_t unavail[TRS_GROUP_MAX];
	time_t t = time(NULL);
	struct tm tm;
	struct trs_out out;

	trs_format_seconds(secs, sizeof(secs), elapsed);
	snprintf(now, sizeof(now), "%lld", (long long)t);
	if (localtime_r(&t, &tm))
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	snprintf(text, sizeof(text), "%s  per second over %s s%s", when, secs,
		 tty ? " (Ctrl-C quits)" : "");
	if (tty)
		fputs("\033[H\033[2J", stdout);
	else if (!first && view->fmt == TRS_FMT_TEXT)
		putchar('\n');
	trs_out_begin(&out, stdout, view);
	trs_out_note(&out, "time", now, NULL);
	trs_out_note(&out, "elapsed", secs, text);
	trs_out_section(&out, "rates");
	trs_out_group(&out, "totals", r->totals, r->ntotals);
	trs_out_tables(&out, &r->tables, NULL);
	trs_out_section_end(&out);
	trs_unavailable(cur, TRS_GROUPS_ALL & ~TRS_GROUP_BIT(TRS_GROUP_PRESSURE), unavail);
	trs_out_unavailable(&out, unavail);
	trs_out_end(&out);
	fflush(stdout);
}

int watch_main(int argc, char *argv[], const struct trs_opts *o)
{
	struct trs_snapshot snap[2] = { { 0 } }, none = { 0 };
	double then, now, next;
	struct trs_error err;
	struct trs_view view;
	struct trs_ctx ctx;
	bool tty = o->fmt == TRS_FMT_TEXT && isatty(STDOUT_FILENO);
	bool away = false;	/* the module was not loaded at the last read */
	unsigned int reloads;
	uint64_t n;
	int ret, cur = 0;

	(void)argc;
	(void)argv;
	trs_opts_view(o, o->fmt == TRS_FMT_TEXT ? TRS_TEXT_TOP : 0, &view);
	trs_wait_init();
	ret = trs_load_ctx(o, ~0u, &ctx, &snap[cur]);
	if (!ret)
		trs_warn_incomplete(&snap[cur], ~0u);
	reloads = ctx.reloads;
	then = next = trs_now();
	for (n = 0; !ret && (!o->count || n < o->count); n++) {
		const struct trs_snapshot *prev = &snap[cur];
		struct trs_rates rates;

		next += o->interval;
		/* Slower than the interval: the next one starts from now. */
		if (next < trs_now())
			next = trs_now();
		if (trs_wait(-1, next) < 0)
			break;
		ret = trs_read_snapshot(&ctx, &snap[!cur], &err);
		now = trs_now();
		/*
		 * Unloaded meanwhile: say so once and wait for it; the interval
		 * does not count.  Back, or reloaded between two reads, it
		 * counts from zero: a reset.
		 */
		if (ret == TRS_EXIT_NOT_LOADED) {
			if (!away)
				fprintf(stderr, "Warning: watch: the module is not loaded; "
					"waiting for it\n");
			away = true;
			trs_snapshot_free(&snap[!cur]);
			n--;
			ret = 0;
			continue;
		}
		if (ret) {
			trs_fail(o, &err);
			break;
		}
		if (away || ctx.reloads != reloads)
			prev = &none;
		away = false;
		reloads = ctx.reloads;
		if (trs_rates(prev, &snap[!cur], now - then, &rates)) {
			trs_error_set(&err, TRS_EXIT_ERROR, "watch", "out of memory");
			ret = trs_fail(o, &err);
			break;
		}
		print_rates(&view, &rates, &snap[!cur], now - then, tty, !n);
		trs_rates_free(&rates);
		trs_snapshot_free(&snap[cur]);
		cur = !cur;
		then = now;
	}
	trs_snapshot_free(&snap[0]);
	trs_snapshot_free(&snap[1]);
	trs_ctx_fini(&ctx);
	return ret;
}
