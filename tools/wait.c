// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "wait.h"

static volatile sig_atomic_t stopped;
static sigset_t unblocked;

static void on_signal(int sig)
{
	(void)sig;
	stopped = 1;
}

void trs_wait_init(void)
{
	struct sigaction sa, old;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* A signal the caller ignores (as shells do for "cmd &") stays ignored. */
	if (sigaction(SIGINT, NULL, &old) || old.sa_handler != SIG_IGN)
		sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Delivered only inside ppoll(), so a signal cannot slip in before it. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &unblocked);
	sigdelset(&unblocked, SIGINT);
	sigdelset(&unblocked, SIGTERM);
}

double trs_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int trs_wait(int fd, double deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	for (;;) {
		struct timespec ts, *tp = NULL;
		int n;

		if (stopped)
			return -1;
		if (deadline > 0) {
			double left = deadline - trs_now();

			if (left <= 0)
				return 0;
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
			tp = &ts;
		}
		n = ppoll(fd >= 0 ? &pfd : NULL, fd >= 0, tp, &unblocked);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

int trs_wait_fds(struct pollfd *fds, unsigned int n, long long timeout_ms)
{
	struct timespec ts, *tp = NULL;
	int ret;

	if (stopped)
		return -1;
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (timeout_ms % 1000) * 1000000;
		tp = &ts;
	}
	ret = ppoll(fds, n, tp, &unblocked);
	if (stopped)
		return -1;
	if (ret < 0)
		return errno == EINTR ? 0 : -2;
	return ret;
}
