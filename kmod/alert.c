// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: alerts, the "alerts" multicast group's events.
 *
 * Rates are evaluated once a second by a delayed work per namespace, which
 * runs only while some rate threshold is set: each row keeps its count at
 * the previous evaluation, and a row whose count grew by at least
 * threshold * window alerts once, then again only after a window below.
 * The sampler reports destinations becoming near exhaustion.  Every alert
 * of the namespace passes one limit, alert_max_per_sec: beyond it alerts
 * are counted as suppressed, and the next one sent says how many were, so
 * an attacker who fills the tables with crossing rows gets a trickle of
 * alerts, not a storm.  Nothing is evaluated into a message unless someone
 * has joined the group in this namespace.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "tcpresetstat.h"

/*
 * May one more alert go out now?  Sets what @a says was suppressed, and
 * counts a refusal; what is let through is counted once sent.
 */
bool trs_alert_allow(struct trs_net *tn, struct trs_alert *a)
{
	struct trs_alerts *al = &tn->alerts;
	unsigned long now = jiffies;
	bool ok;

	spin_lock_bh(&al->lock);
	if (time_after_eq(now, al->window + HZ)) {
		al->window = now;
		al->sent = 0;
	}
	ok = al->sent < trs_cfg(tn, TRS_CFG_ALERT_MAX_PER_SEC);
	if (ok) {
		al->sent++;
		a->suppressed = al->suppressed;
		al->suppressed = 0;
	} else {
		al->suppressed++;
	}
	spin_unlock_bh(&al->lock);
	if (!ok)
		trs_inc(tn, TRS_CTR_ALERTS_SUPPRESSED);
	return ok;
}

/*
 * @a, let through, was sent (@err 0) or not.  Lost (no memory for the
 * message) it is one more suppressed, which the next alert reports with
 * those @a carried; with no one left listening (-ESRCH) only what @a
 * carried is given back.  Its slot in this second stays used either way.
 */
void trs_alert_sent(struct trs_net *tn, const struct trs_alert *a, int err)
{
	struct trs_alerts *al = &tn->alerts;

	if (!err) {
		trs_inc(tn, TRS_CTR_ALERTS_SENT);
		return;
	}
	spin_lock_bh(&al->lock);
	al->suppressed += a->suppressed + (err != -ESRCH);
	spin_unlock_bh(&al->lock);
	if (err != -ESRCH)
		trs_inc(tn, TRS_CTR_ALERTS_SUPPRESSED);
}

static void trs_alert_emit(struct trs_net *tn, struct trs_alert *a)
{
	if (trs_nl_alert_listened(tn->net) && trs_alert_allow(tn, a))
		trs_alert_sent(tn, a, trs_nl_alert(tn->net, a));
}

void trs_alert_exhaustion(struct trs_net *tn, const struct trs_key *key,
			  u32 pct, u32 threshold)
{
	struct trs_alert a = {
		.kind = TRS_ALERT_DEST_EXHAUSTION,
		.table = TRS_TBL_DESTS,
		.key = key,
		.value = pct,
		.threshold = threshold,
	};

	trs_alert_emit(tn, &a);
}

/* The rate alerts: which table, which column, which setting. */
static const struct {
	enum trs_table_id table;
	unsigned int col;
	unsigned int cfg;
} trs_rate_alerts[] = {
	[TRS_ALERT_PORT_OPEN_FAIL] = { TRS_TBL_PORTS, TRS_PORT_OPEN_FAIL_PASSIVE,
				       TRS_CFG_ALERT_PORT_OPEN_FAIL },
	[TRS_ALERT_DEST_OPEN_FAIL] = { TRS_TBL_DESTS, TRS_DEST_OPEN_FAIL_ACTIVE,
				       TRS_CFG_ALERT_DEST_OPEN_FAIL },
	[TRS_ALERT_PEER_RST] = { TRS_TBL_PEERS, TRS_PEER_RST_IN,
				 TRS_CFG_ALERT_PEER_RST },
};

/* A rate alert on a column this kernel cannot count would never fire. */
bool trs_alert_unavailable(unsigned int cfg)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(trs_rate_alerts); i++)
		if (trs_rate_alerts[i].cfg == cfg)
			return trs_table_unavail(trs_rate_alerts[i].table) &
			       BIT_ULL(trs_rate_alerts[i].col);
	return false;
}

/*
 * A row's alert state fits the 4 bytes after its key (so that rows keep
 * their slab size): whether it is above its rate, and its count at the
 * last evaluation modulo 2^31.  No row counts 2^30 events in a second, so
 * a difference that large means the count went down (the "other" row of a
 * reset table): count from 0 then.
 */
#define TRS_ALERTING		BIT(31)
#define TRS_ALERT_COUNT		(TRS_ALERTING - 1)

static void trs_alert_row(struct trs_net *tn, struct trs_row *row,
			  struct trs_alert *a, bool primed)
{
	u64 count = trs_cell_read(&row->ctr[trs_rate_alerts[a->kind].col]);
	u32 now = count & TRS_ALERT_COUNT;
	u32 delta = (now - row->alert) & TRS_ALERT_COUNT;
	bool above;

	if (delta > TRS_ALERT_COUNT / 2)
		delta = now;
	above = primed && a->threshold &&
		(u64)delta * 1000 >= a->threshold * a->window_ms;
	if (above && !(row->alert & TRS_ALERTING)) {
		a->key = &row->key;
		a->value = delta;
		trs_alert_emit(tn, a);
	}
	row->alert = now | (above ? TRS_ALERTING : 0);
}

static void trs_alerts_eval(struct trs_net *tn, bool primed, u32 window_ms)
{
	struct trs_buckets *bk;
	struct trs_table *t;
	struct trs_row *row;
	unsigned int kind, bkt;

	for (kind = 0; kind < ARRAY_SIZE(trs_rate_alerts); kind++) {
		struct trs_alert a = {
			.kind = kind,
			.table = trs_rate_alerts[kind].table,
			.threshold = trs_cfg(tn, trs_rate_alerts[kind].cfg),
			.window_ms = window_ms,
		};

		t = &tn->tables[a.table];
		rcu_read_lock();
		bk = trs_table_buckets(t);
		trs_table_for_each_row(bk, bkt, row)
			trs_alert_row(tn, row, &a, primed);
		trs_alert_row(tn, t->other, &a, primed);
		rcu_read_unlock();
	}
}

static bool trs_alerts_wanted(const struct trs_net *tn)
{
	unsigned int kind;

	for (kind = 0; kind < ARRAY_SIZE(trs_rate_alerts); kind++)
		if (trs_cfg(tn, trs_rate_alerts[kind].cfg))
			return true;
	return false;
}

static void trs_alerts_work(struct work_struct *work)
{
	struct trs_net *tn = container_of(to_delayed_work(work), struct trs_net,
					  alerts.work);
	struct trs_alerts *al = &tn->alerts;
	unsigned long now = jiffies;

	trs_alerts_eval(tn, al->primed, max(jiffies_to_msecs(now - al->last), 1U));
	al->last = now;
	WRITE_ONCE(al->primed, true);
	if (trs_alerts_wanted(tn))
		queue_delayed_work(system_power_efficient_wq, &al->work, HZ);
}

void trs_alerts_init(struct trs_net *tn)
{
	INIT_DELAYED_WORK(&tn->alerts.work, trs_alerts_work);
	spin_lock_init(&tn->alerts.lock);
	tn->alerts.window = jiffies;
}

/*
 * At setup and when a threshold changes.  A stopped evaluator's counts are
 * stale: its first run after a start only takes them.
 */
void trs_alerts_start(struct trs_net *tn)
{
	if (!trs_alerts_wanted(tn)) {
		cancel_delayed_work_sync(&tn->alerts.work);
		WRITE_ONCE(tn->alerts.primed, false);
	} else if (!delayed_work_pending(&tn->alerts.work) &&
		   !READ_ONCE(tn->alerts.primed)) {
		queue_delayed_work(system_power_efficient_wq, &tn->alerts.work, 0);
	}
}

void trs_alerts_stop(struct trs_net *tn)
{
	cancel_delayed_work_sync(&tn->alerts.work);
}
