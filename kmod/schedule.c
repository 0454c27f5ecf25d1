// SPDX-License-Identifier: GPL-2.0
/*
 * tcpresetstat: when the sampler walks, and for whom.  The walk itself,
 * what it counts and how it shares one pass of the hash tables between
 * namespaces, is sampler.c's; this file only keeps the namespaces that
 * sample on a list, each with the time it is due, and runs one delayed
 * work that picks those due and calls the walk for them.
 */
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "pressure.h"
#include "tcpresetstat.h"

/*
 * The walk's schedule.  Namespaces with a sample interval are on
 * trs_walk_list, each with the jiffies it is due at; one delayed work
 * walks for all of them.  A namespace that leaves takes trs_walk_mutex
 * after leaving the list, which waits out a walk that is serving it.
 */
static DEFINE_SPINLOCK(trs_walk_lock);		/* the list, due, kicked */
static LIST_HEAD(trs_walk_list);
static DEFINE_MUTEX(trs_walk_mutex);		/* held for a whole walk */

static void trs_walk_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(trs_walk_dwork, trs_walk_work);

struct trs_walk_pick {
	struct trs_net *idle[TRS_WALK_NETS], *busy[TRS_WALK_NETS];
	unsigned int nidle, nbusy;
};

static unsigned long trs_interval(struct trs_net *tn)
{
	return msecs_to_jiffies(trs_cfg(tn, TRS_CFG_SAMPLE_INTERVAL_MS));
}

/* tn joins the walk if it has TCP and shares the walk's hash; or idle. */
static bool trs_walk_take(struct trs_walk_pick *p, struct trs_net *tn,
			  bool early)
{
	bool busy;

	if (p->nbusy == TRS_WALK_NETS && (early || p->nidle == TRS_WALK_NETS))
		return false;
	busy = trs_walk_has_tcp(tn->net);
	if (!busy) {
		if (early || p->nidle == TRS_WALK_NETS)
			return false;
		p->idle[p->nidle++] = tn;
		return true;
	}
	if (p->nbusy == TRS_WALK_NETS ||
	    (p->nbusy && !trs_walk_shared(tn->net, p->busy[0]->net)))
		return false;
	p->busy[p->nbusy++] = tn;
	return true;
}

/*
 * Under trs_walk_lock: the namespaces due now, and, if a walk runs
 * anyway, busy ones that trs_sample_early() lets it sample early.  Those
 * taken go to the end of the list: with more than TRS_WALK_NETS due, the
 * others come first next time.
 */
static void trs_walk_pick(struct trs_walk_pick *p, unsigned long now)
{
	unsigned long lead = ULONG_MAX;
	struct trs_net *tn, *next;
	unsigned int nbusy;
	LIST_HEAD(taken);

	list_for_each_entry_safe(tn, next, &trs_walk_list, sampler.node) {
		if (!tn->sampler.kicked && time_before(now, tn->sampler.due))
			continue;
		nbusy = p->nbusy;
		if (!trs_walk_take(p, tn, false))
			continue;
		list_move_tail(&tn->sampler.node, &taken);
		if (p->nbusy > nbusy)
			lead = min(lead, trs_interval(tn));
	}
	if (p->nbusy)
		list_for_each_entry_safe(tn, next, &trs_walk_list, sampler.node)
			if (trs_sample_early(tn->sampler.due, now,
					     trs_interval(tn), lead) &&
			    trs_walk_take(p, tn, true))
				list_move_tail(&tn->sampler.node, &taken);
	list_for_each_entry(tn, &taken, sampler.node)
		tn->sampler.kicked = false;
	list_splice_tail(&taken, &trs_walk_list);
}

/* Under trs_walk_lock: the next one is due in ... jiffies; -1: none. */
static long trs_walk_next(unsigned long now)
{
	long delay = -1;
	struct trs_net *tn;

	list_for_each_entry(tn, &trs_walk_list, sampler.node) {
		long d = tn->sampler.kicked ? 0 :
			 max_t(long, (long)(tn->sampler.due - now), 0);

		if (delay < 0 || d < delay)
			delay = d;
	}
	return delay;
}

static void trs_walk_done(struct trs_net **tns, unsigned int n,
			  unsigned long now)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		tns[i]->sampler.due = now + trs_interval(tns[i]);
}

static void trs_walk_work(struct work_struct *work)
{
	struct trs_walk_pick p = {};
	unsigned long now;
	long delay;

	mutex_lock(&trs_walk_mutex);
	spin_lock(&trs_walk_lock);
	trs_walk_pick(&p, jiffies);
	spin_unlock(&trs_walk_lock);

	trs_sample_idle(p.idle, p.nidle);
	if (p.nbusy)
		trs_sample_busy(p.busy, p.nbusy);

	spin_lock(&trs_walk_lock);
	now = jiffies;
	trs_walk_done(p.idle, p.nidle, now);
	trs_walk_done(p.busy, p.nbusy, now);
	delay = trs_walk_next(now);
	spin_unlock(&trs_walk_lock);
	mutex_unlock(&trs_walk_mutex);

	/* A namespace kicked meanwhile has queued us already, at 0. */
	if (delay >= 0)
		queue_delayed_work(system_power_efficient_wq, &trs_walk_dwork,
				   delay);
}

/* Before the namespace's state is published: readers use the seqlock. */
void trs_sampler_init(struct trs_net *tn)
{
	seqlock_init(&tn->sampler.lock);
	INIT_LIST_HEAD(&tn->sampler.node);
}

/*
 * The first sample runs from the workqueue, never under the pernet lock
 * of namespace creation or module load.  Also called when the interval
 * changes: sample now, then at the new period; 0 leaves the list.
 */
void trs_sampler_start(struct trs_net *tn)
{
	bool on = trs_cfg(tn, TRS_CFG_SAMPLE_INTERVAL_MS);

	spin_lock(&trs_walk_lock);
	if (on && list_empty(&tn->sampler.node))
		list_add_tail(&tn->sampler.node, &trs_walk_list);
	else if (!on)
		list_del_init(&tn->sampler.node);
	tn->sampler.kicked = on;
	spin_unlock(&trs_walk_lock);
	if (on)
		mod_delayed_work(system_power_efficient_wq, &trs_walk_dwork, 0);
}

/* The namespace goes: no walk serves it once this returns. */
void trs_sampler_stop(struct trs_net *tn)
{
	spin_lock(&trs_walk_lock);
	list_del_init(&tn->sampler.node);
	spin_unlock(&trs_walk_lock);
	mutex_lock(&trs_walk_mutex);
	mutex_unlock(&trs_walk_mutex);
}

/* After every namespace has stopped: the list is empty, no walk requeues. */
void trs_sampler_exit(void)
{
	cancel_delayed_work_sync(&trs_walk_dwork);
}
