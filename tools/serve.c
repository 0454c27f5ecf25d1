// SPDX-License-Identifier: GPL-2.0
/*
 * serve: the Prometheus text format over HTTP, for a server to scrape.
 *
 * One process, one poll() loop, no threads: at most SERVE_CLIENTS
 * connections at once (more wait in the listen backlog), each with
 * SERVE_TIMEOUT_MS to send its request and as long to take the answer, a
 * request head of at most SERVE_REQUEST_MAX bytes.  Every answer closes
 * its connection (Connection: close), the client's last bytes read and
 * dropped first (on_draining()).  GET or HEAD /metrics reads the
 * counters (the namespace was entered once, at start) and answers 200, or
 * 503 when they cannot be read; / answers a line naming /metrics; another
 * method is 405, another path 404, a malformed request 400, a head too long
 * 431.  Nothing a client sends reaches the module: serve only reads.
 *
 * The socket: --listen [ADDRESS]:PORT (default :9917, every address, IPv6
 * and IPv4; numeric addresses only, so a static build needs no resolver), or the one systemd passes (socket activation: LISTEN_PID is ours,
 * LISTEN_FDS=1, the socket is fd 3).  SIGTERM or SIGINT end it, status 0.
 */
#define _GNU_SOURCE	/* accept4(), MSG_NOSIGNAL */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>

#include "names.h"
#include "netns.h"
#include "subcommands.h"
#include "wait.h"

#define SERVE_CLIENTS		32
#define SERVE_TIMEOUT_MS	10000
#define SERVE_REQUEST_MAX	4096
#define SERVE_DEFAULT_LISTEN	":9917"
#define SD_LISTEN_FDS_START	3

struct client {
	int fd;			/* -1: a free slot */
	char in[SERVE_REQUEST_MAX];
	size_t in_len;
	char *out;		/* the whole answer, once there is one */
	size_t out_len, out_off;
	bool draining;		/* answered: reading to EOF, then close */
	size_t drained;
	long long deadline;	/* CLOCK_MONOTONIC, ms */
};

static long long timeout_ms = SERVE_TIMEOUT_MS;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The socket systemd passed, or -1 when it passed none to us. */
static int activated_socket(struct trs_error *err)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int type = 0, listening = 0;
	socklen_t len = sizeof(type);

	if (!pid || !fds || strtol(pid, NULL, 10) != (long)getpid())
		return -1;
	if (strcmp(fds, "1")) {
		trs_error_set(err, TRS_EXIT_ERROR, "LISTEN_FDS",
			      "systemd passed %.16s sockets; serve takes one listening TCP socket",
			      fds);
		return -2;
	}
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) ||
	    type != SOCK_STREAM ||
	    getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) ||
	    !listening) {
		trs_error_set(err, TRS_EXIT_ERROR, "LISTEN_FDS",
			      "systemd passed a socket that is not listening for TCP (Accept=no)");
		return -2;
	}
	fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC);
	return SD_LISTEN_FDS_START;
}

static int listen_on(const char *spec, const struct trs_listen *l, struct trs_error *err)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(l->port) };
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(l->port) };
	int family = l->family == AF_INET ? AF_INET : AF_INET6, fd, one = 1, zero = 0, e;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 && l->family == AF_UNSPEC && errno == EAFNOSUPPORT) {
		family = AF_INET;	/* every address, without IPv6 */
		fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6) {
		if (l->family == AF_UNSPEC)	/* IPv4 too */
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		else
			memcpy(&sin6.sin6_addr, l->addr, sizeof(sin6.sin6_addr));
		if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)))
			goto fail;
	} else {
		if (l->family == AF_INET)
			memcpy(&sin.sin_addr, l->addr, sizeof(sin.sin_addr));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			goto fail;
	}
	if (!listen(fd, 64))
		return fd;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	trs_error_set(err, e == EACCES ? TRS_EXIT_PERM : TRS_EXIT_ERROR, spec, "%s",
		      strerror(e));
	return -1;
}

/* --all-netns: one scrape's walk. */
struct scrape_all {
	struct trs_ns_printer p;
	unsigned long failures;	/* what failed, as one number */
	size_t read, failed;	/* namespaces read, and not */
	struct trs_error first;	/* the first failure */
	FILE *said;		/* what to say of them all */
};

static int scrape_ns(const struct trs_ns_doc *d, void *arg)
{
	struct scrape_all *s = arg;
	const char *c;

	if (d->failed) {
		if (!s->failed++)
			s->first = d->err;
		for (c = d->label; *c; c++)
			s->failures = s->failures * 33 + (unsigned char)*c;
		for (c = d->err.reason; *c; c++)
			s->failures = s->failures * 33 + (unsigned char)*c;
		s->failures = s->failures * 33 + 1;
		if (s->said)
			trs_ns_say_error(d, s->said);
	} else {
		s->read++;
	}
	trs_ns_print_one(&s->p, d);
	return 0;
}

/*
 * --all-netns: every namespace, listed again at each scrape (containers
 * come and go).  One that cannot be read is left out, and the failures
 * are said on stderr when they change, not at every scrape; none read is
 * the scrape's error (the module not loaded, as without).
 */
static bool scrape_all(const struct trs_opts *o, const char *tables, FILE *f,
		       struct trs_error *err)
{
	static unsigned long said = 5381;	/* nothing failed */
	struct scrape_all s = { .failures = 5381 };
	struct trs_view view;
	char *text = NULL;
	size_t len;
	int ret;

	trs_opts_view(o, 0, &view);
	view.fmt = TRS_FMT_PROMETHEUS;
	view.tables = tables;
	trs_ns_print_begin(&s.p, f, &view, NULL);
	s.said = open_memstream(&text, &len);
	ret = trs_netns_each(o, trs_tables_listed(tables), scrape_ns, &s, err);
	if (s.said && !fclose(s.said) && s.failures != said && text)
		fputs(text, stderr);
	free(text);
	if (ret) {
		trs_ns_print_discard(&s.p);
		return false;
	}
	said = s.failures;
	if (!s.read) {
		trs_ns_print_discard(&s.p);
		if (s.failed)
			*err = s.first;
		else
			trs_error_set(err, TRS_EXIT_ERROR, "--all-netns", "no namespace found");
		return false;
	}
	trs_ns_print_end(&s.p);
	return true;
}

/* The metrics of one scrape into @f; false (with @err) if unreadable. */
static bool scrape(struct trs_ctx *ctx, const struct trs_opts *o, const char *tables, FILE *f,
		   struct trs_error *err)
{
	struct trs_snapshot snap = { 0 };
	struct timespec t0, t1;
	unsigned int mask = trs_tables_listed(tables);
	struct trs_view view;
	static bool warned;
	char took[32];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (o->all_netns) {
		if (!scrape_all(o, tables, f, err))
			return false;
		goto own;
	}
	if (trs_read_snapshot(ctx, &snap, err)) {
		trs_snapshot_free(&snap);
		return false;
	}
	/* Once, not at every scrape: a table asked for and refused (no CAP_NET_ADMIN). */
	if (!warned && (snap.left_out & mask)) {
		trs_warn_incomplete(&snap, mask);
		warned = true;
	}
	trs_opts_view(o, 0, &view);
	view.fmt = TRS_FMT_PROMETHEUS;
	view.tables = tables;
	trs_print_snapshot(f, &snap, &view, NULL);
	trs_snapshot_free(&snap);
own:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	trs_prom_put_gauge(f, "tcpresetstat_build_info",
			   "the tcpresetstat tool that serves these metrics", o->netns,
			   "version", TRS_VERSION, "1");
	snprintf(took, sizeof(took), "%.6f",
		 (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	trs_prom_put_gauge(f, "tcpresetstat_scrape_duration_seconds",
			   "time this scrape took to read and format the counters", o->netns,
			   NULL, NULL, took);
	return true;
}

/* The answer: status line, headers, and the body unless HEAD. */
static void answer(struct client *c, int status, const char *extra, const char *type,
		   const char *body, size_t len, bool head)
{
	const char *reason = status == 200 ? "OK" : status == 400 ? "Bad Request" :
			     status == 404 ? "Not Found" : status == 405 ? "Method Not Allowed" :
			     status == 431 ? "Request Header Fields Too Large" :
			     "Service Unavailable";
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);

	c->out = NULL;
	c->out_len = c->out_off = 0;
	if (!f)
		return;
	fprintf(f, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		   "Connection: close\r\n%s\r\n", status, reason, type, len, extra);
	if (!head && len)
		fwrite(body, 1, len, f);
	if (fclose(f)) {
		free(p);
		return;
	}
	c->out = p;
	c->out_len = n;
}

#define TEXT_TYPE	"text/plain; charset=utf-8"
#define PROM_TYPE	"text/plain; version=0.0.4; charset=utf-8"

static bool token_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* A whole request head in c->in: the answer to it. */
static void handle(struct client *c, struct trs_ctx *ctx, const struct trs_opts *o,
		   const char *tables)
{
	char *line = c->in, *sp1, *sp2, *eol, *q;
	const char *path;
	bool get, head;
	struct trs_error err;
	char *body = NULL;
	size_t len = 0;
	FILE *f;

	eol = strpbrk(line, "\r\n");
	*eol = '\0';
	sp1 = strchr(line, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || sp1 == line || strchr(sp2 + 1, ' ') ||
	    (strcmp(sp2 + 1, "HTTP/1.1") && strcmp(sp2 + 1, "HTTP/1.0")) || sp1[1] != '/') {
		answer(c, 400, "", TEXT_TYPE, "bad request\n", 12, false);
		return;
	}
	*sp1 = *sp2 = '\0';
	for (q = line; *q; q++)
		if (!token_char(*q)) {
			answer(c, 400, "", TEXT_TYPE, "bad request\n", 12, false);
			return;
		}
	path = sp1 + 1;
	q = strchr(sp1 + 1, '?');
	if (q)
		*q = '\0';
	get = !strcmp(line, "GET");
	head = !strcmp(line, "HEAD");
	if (strcmp(path, "/metrics") && strcmp(path, "/")) {
		answer(c, 404, "", TEXT_TYPE, "not found: try /metrics\n", 24, head);
		return;
	}
	if (!get && !head) {
		answer(c, 405, "Allow: GET, HEAD\r\n", TEXT_TYPE, "method not allowed\n", 19,
		       false);
		return;
	}
	if (!strcmp(path, "/")) {
		static const char index[] = "tcpresetstat: metrics at /metrics\n";

		answer(c, 200, "", TEXT_TYPE, index, sizeof(index) - 1, head);
		return;
	}
	f = open_memstream(&body, &len);
	if (!f) {
		answer(c, 503, "", TEXT_TYPE, "out of memory\n", 14, head);
		return;
	}
	if (!scrape(ctx, o, tables, f, &err)) {
		fclose(f);
		free(body);
		body = NULL;
		f = open_memstream(&body, &len);
		if (f) {
			fprintf(f, "Error: %s: %s\n", err.what, err.reason);
			fclose(f);
		}
		fprintf(stderr, "Error: %s: %s\n", err.what, err.reason);
		answer(c, 503, "", TEXT_TYPE, body ? body : "", body ? len : 0, head);
		free(body);
		return;
	}
	if (fclose(f)) {
		free(body);
		answer(c, 503, "", TEXT_TYPE, "out of memory\n", 14, head);
		return;
	}
	answer(c, 200, "", PROM_TYPE, body, len, head);
	free(body);
}

static void drop(struct client *c)
{
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->in_len = c->out_len = c->out_off = c->drained = 0;
	c->draining = false;
}

/*
 * Answered: the write side closed, what the client still sends is read
 * and dropped until it closes too (at most 64 KiB, until the deadline).
 * Closing with its bytes unread would reset the connection, and a reset
 * can discard the answer before the client reads it.
 */
static void on_draining(struct client *c)
{
	char buf[4096];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0 && (c->drained += n) < 65536)
		return;
	drop(c);
}

/* The head ends at an empty line; a bare LF is taken for CRLF. */
static bool head_complete(const struct client *c)
{
	size_t i;

	for (i = 1; i < c->in_len; i++)
		if (c->in[i] == '\n' && (c->in[i - 1] == '\n' ||
					 (i >= 2 && c->in[i - 1] == '\r' && c->in[i - 2] == '\n')))
			return true;
	return false;
}

static void on_readable(struct client *c, struct trs_ctx *ctx, const struct trs_opts *o,
			const char *tables)
{
	ssize_t n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, 0);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(c);	/* gone before a whole request */
		return;
	}
	c->in_len += n;
	c->in[c->in_len] = '\0';
	if (memchr(c->in, '\0', c->in_len)) {
		answer(c, 400, "", TEXT_TYPE, "bad request\n", 12, false);
	} else if (head_complete(c)) {
		handle(c, ctx, o, tables);
	} else if (c->in_len == sizeof(c->in) - 1) {
		answer(c, 431, "", TEXT_TYPE, "request too long\n", 17, false);
	} else {
		return;
	}
	if (!c->out) {
		drop(c);
		return;
	}
	c->deadline = now_ms() + timeout_ms;
}

static void on_writable(struct client *c)
{
	ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(c);
		return;
	}
	c->out_off += n;
	if (c->out_off < c->out_len)
		return;
	free(c->out);
	c->out = NULL;
	c->draining = true;
	shutdown(c->fd, SHUT_WR);
}

/* A failed accept() that leaves the connection queued (no fd, no memory). */
#define SERVE_ACCEPT_PAUSE_MS	100

int serve_main(int argc, char *argv[], const struct trs_opts *o)
{
	static struct client clients[SERVE_CLIENTS];
	struct pollfd pfd[SERVE_CLIENTS + 1];
	const char *spec = o->listen ? o->listen : SERVE_DEFAULT_LISTEN;
	const char *tables = o->tables ? o->tables : TRS_PROM_TABLES;
	long long paused_until = 0;
	bool activated, failed = false;
	struct trs_error err;
	struct trs_ctx ctx;
	int lfd, i, n, ret;

	(void)argc;
	(void)argv;
	/* For the tests: shorter deadlines (1 to 60000 ms). */
	if (getenv("TCPRESETSTAT_SERVE_TIMEOUT_MS")) {
		long t = strtol(getenv("TCPRESETSTAT_SERVE_TIMEOUT_MS"), NULL, 10);

		if (t >= 1 && t <= 60000)
			timeout_ms = t;
	}
	lfd = activated_socket(&err);
	if (lfd == -2)
		return trs_fail(o, &err);
	activated = lfd >= 0;
	if (activated && o->listen) {
		trs_error_set(&err, TRS_EXIT_USAGE, "--listen",
			      "systemd passed the socket (LISTEN_FDS): leave --listen out");
		return trs_fail(o, &err);
	}
	if (!activated) {
		struct trs_listen l = o->listen_at;

		if (!o->listen)
			trs_parse_listen(spec, &l);
		lfd = listen_on(spec, &l, &err);
		if (lfd < 0)
			return trs_fail(o, &err);
	}
	fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
	/* The namespace once: the socket stays where it was made. */
	ret = trs_ctx_init(&ctx, o->netns, &err);
	if (ret) {
		close(lfd);
		return trs_fail(o, &err);
	}
	/* A family absent now is looked for again at each scrape. */
	ctx.unloaded = true;
	trs_wait_init();
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < SERVE_CLIENTS; i++)
		clients[i].fd = -1;
	fprintf(stderr, "%s: serving /metrics on %s\n", PROG_NAME,
		activated ? "the socket systemd passed" : spec);

	for (;;) {
		long long now = now_ms(), wait = -1;
		int free_slot = -1, r;
		bool accepting;

		n = 0;
		for (i = 0; i < SERVE_CLIENTS; i++) {
			struct client *c = &clients[i];

			if (c->fd < 0) {
				if (free_slot < 0)
					free_slot = i;
				continue;
			}
			if (now >= c->deadline) {
				drop(c);	/* too slow to ask, or to read the answer */
				if (free_slot < 0)
					free_slot = i;
				continue;
			}
			if (wait < 0 || c->deadline - now < wait)
				wait = c->deadline - now;
			pfd[n++] = (struct pollfd){ .fd = c->fd,
						    .events = c->out ? POLLOUT : POLLIN };
		}
		accepting = free_slot >= 0 && now >= paused_until;
		if (accepting)
			pfd[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		else if (free_slot >= 0 && (wait < 0 || paused_until - now < wait))
			wait = paused_until - now;
		r = trs_wait_fds(pfd, n, wait);
		if (r == -1)
			break;		/* SIGINT or SIGTERM */
		if (r == -2) {
			trs_error_set(&err, TRS_EXIT_ERROR, "poll", "%s", strerror(errno));
			failed = true;
			break;
		}
		for (i = 0; i < SERVE_CLIENTS; i++) {
			struct client *c = &clients[i];
			int k;

			if (c->fd < 0)
				continue;
			for (k = 0; k < n && pfd[k].fd != c->fd; k++)
				;
			if (k == n || !pfd[k].revents)
				continue;
			if (c->out)
				on_writable(c);
			else if (c->draining)
				on_draining(c);
			else
				on_readable(c, &ctx, o, tables);
		}
		if (accepting && pfd[n - 1].revents) {
			int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

			if (fd >= 0) {
				clients[free_slot].fd = fd;
				clients[free_slot].deadline = now_ms() + timeout_ms;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
				   errno != ECONNABORTED) {
				/* EMFILE, ENOMEM...: still queued; do not spin on it */
				paused_until = now_ms() + SERVE_ACCEPT_PAUSE_MS;
			}
		}
	}
	for (i = 0; i < SERVE_CLIENTS; i++)
		if (clients[i].fd >= 0)
			drop(&clients[i]);
	close(lfd);
	trs_ctx_fini(&ctx);
	return failed ? trs_fail(o, &err) : TRS_EXIT_OK;
}
