// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_WAIT_H
#define TRS_WAIT_H

/*
 * Waiting for the next interval or event until SIGINT or SIGTERM, which
 * stop the wait (and so the loop) cleanly instead of killing the process
 * halfway through a line.
 */

/* Blocks SIGINT and SIGTERM everywhere but inside trs_wait(). */
void trs_wait_init(void);

/* CLOCK_MONOTONIC, in seconds. */
double trs_now(void);

/*
 * Waits until @fd (-1: none) is readable or the time trs_now() reads
 * @deadline (<= 0: no deadline).  Returns 1 when readable, 0 at the
 * deadline, -1 once SIGINT or SIGTERM came.
 */
int trs_wait(int fd, double deadline);

struct pollfd;

/*
 * poll() of @n @fds for at most @timeout_ms (< 0: no limit), SIGINT and
 * SIGTERM delivered only inside it.  Returns poll()'s count (0 at the
 * timeout, or when interrupted by another signal), -1 once SIGINT or
 * SIGTERM came, or -2 with errno on another error.
 */
int trs_wait_fds(struct pollfd *fds, unsigned int n, long long timeout_ms);

#endif /* TRS_WAIT_H */
