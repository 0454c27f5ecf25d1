// SPDX-License-Identifier: GPL-2.0
/* --all-netns: every network namespace's snapshot (netns.h). */
#define _GNU_SOURCE	/* setns() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "subcommands.h"

/* A namespace found, and a file that opens it. */
struct found {
	dev_t dev;
	ino_t ino;
	bool own, named;
	char label[256];
	char path[300];
};

struct found_list {
	struct found *v;
	size_t n, cap;
};

static int add(struct found_list *l, const struct stat *st, bool own, const char *name,
	       const char *path)
{
	struct found *f;
	size_t i;

	for (i = 0; i < l->n; i++) {
		f = &l->v[i];
		if (f->dev != st->st_dev || f->ino != st->st_ino)
			continue;
		/* Known: a name wins over none, and the first in byte order over others. */
		if (name && (!f->named || strcmp(name, f->label) < 0)) {
			snprintf(f->label, sizeof(f->label), "%s", name);
			snprintf(f->path, sizeof(f->path), "%s", path);
			f->named = true;
		}
		f->own |= own;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		f = realloc(l->v, cap * sizeof(*f));
		if (!f)
			return -1;
		l->v = f;
		l->cap = cap;
	}
	f = &l->v[l->n++];
	*f = (struct found){ .dev = st->st_dev, .ino = st->st_ino, .own = own, .named = !!name };
	if (name)
		snprintf(f->label, sizeof(f->label), "%s", name);
	else
		snprintf(f->label, sizeof(f->label), "net:[%llu]", (unsigned long long)st->st_ino);
	snprintf(f->path, sizeof(f->path), "%s", path);
	return 0;
}

/* Own first, then named by name, then the others by inode. */
static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->own != y->own)
		return x->own ? -1 : 1;
	if (x->named != y->named)
		return x->named ? -1 : 1;
	if (x->named)
		return strcmp(x->label, y->label);
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * Every namespace this process can see.  What cannot be read (another
 * user's process, one that exited, a file of /run/netns that is not a
 * namespace) is passed over; so is, at entering, a namespace of another
 * type bound there (EINVAL).
 */
static int find_all(struct found_list *l)
{
	char path[300];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (stat("/proc/self/ns/net", &st) || add(l, &st, true, NULL, "/proc/self/ns/net"))
		return -1;
	d = opendir("/run/netns");
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= 256)
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", e->d_name);
		/* An unmounted name is a file on /run's own filesystem: not one. */
		if (stat(path, &st) || st.st_dev != l->v[0].dev)
			continue;
		if (add(l, &st, false, e->d_name, path)) {
			closedir(d);
			return -1;
		}
	}
	if (d)
		closedir(d);
	d = opendir("/proc");
	while (d && (e = readdir(d))) {
		if (!all_digits(e->d_name) || strlen(e->d_name) > 12)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", e->d_name);
		if (!stat(path, &st) && add(l, &st, false, NULL, path)) {
			closedir(d);
			return -1;
		}
	}
	if (d)
		closedir(d);
	qsort(l->v, l->n, sizeof(*l->v), found_cmp);
	return 0;
}

/*
 * Enters @f; false when it is gone (the process exited, or its pid is
 * another's now): not an error.  Else true, with @err filled on failure.
 */
static bool enter(const struct found *f, struct trs_error *err, bool *entered)
{
	struct stat st;
	int fd, e;

	*entered = false;
	fd = open(f->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT || e == ESRCH)
			return false;
		goto fail;
	}
	if (fstat(fd, &st) || st.st_dev != f->dev || st.st_ino != f->ino) {
		close(fd);
		return false;
	}
	*entered = !setns(fd, CLONE_NEWNET);
	e = errno;
	close(fd);
	if (*entered || e == EINVAL)
		return *entered;
fail:
	trs_error_set(err, e == EPERM || e == EACCES ? TRS_EXIT_PERM : TRS_EXIT_ERROR,
		      "netns", "%s", strerror(e));
	return true;
}

/* Reads @d's snapshot in the namespace entered; a bad --sort is the command's error. */
static int read_one(const struct trs_opts *o, unsigned int tables, struct trs_ns_doc *d,
		    struct trs_error *err)
{
	struct trs_ctx ctx;
	int ret;

	ret = trs_ctx_init(&ctx, NULL, &d->err);
	if (!ret)
		ret = trs_read_snapshot(&ctx, &d->snap, &d->err);
	trs_ctx_fini(&ctx);
	if (ret) {
		trs_snapshot_free(&d->snap);
		d->failed = true;
		return 0;
	}
	ret = trs_check_sort(o, tables, &d->snap, err);
	if (ret)
		trs_snapshot_free(&d->snap);
	return ret;
}

int trs_netns_each(const struct trs_opts *o, unsigned int tables, trs_ns_fn fn, void *arg,
		   struct trs_error *err)
{
	struct found_list l = { 0 };
	struct trs_ns_doc *d;
	int own, ret = 0;
	size_t i;

	own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	d = malloc(sizeof(*d));
	if (own < 0 || !d || find_all(&l)) {
		ret = trs_error_set(err, TRS_EXIT_ERROR, "--all-netns", "%s",
				    strerror(d ? errno : ENOMEM));
		goto out;
	}
	/* Coming back needs CAP_SYS_ADMIN as going does: try before going. */
	if (setns(own, CLONE_NEWNET)) {
		ret = trs_error_set(err, errno == EPERM ? TRS_EXIT_PERM : TRS_EXIT_ERROR,
				    "--all-netns", "%s (entering namespaces needs CAP_SYS_ADMIN)",
				    strerror(errno));
		goto out;
	}
	for (i = 0; i < l.n && !ret; i++) {
		bool entered;

		*d = (struct trs_ns_doc){ .inode = l.v[i].ino };
		snprintf(d->label, sizeof(d->label), "%s", l.v[i].label);
		if (!enter(&l.v[i], &d->err, &entered))
			continue;
		if (entered)
			ret = read_one(o, tables, d, err);
		else
			d->failed = true;
		/* Back where the sockets of the caller (serve's) are. */
		if (entered && setns(own, CLONE_NEWNET)) {
			trs_error_set(err, TRS_EXIT_ERROR, "--all-netns",
				      "cannot return to the tool's namespace: %s", strerror(errno));
			/* Nothing may go on in a namespace not its own. */
			fprintf(stderr, "Error: %s: %s\n", err->what, err->reason);
			exit(TRS_EXIT_ERROR);
		}
		if (!ret)
			ret = fn(d, arg);
		if (!d->failed)
			trs_snapshot_free(&d->snap);
	}
out:
	if (own >= 0)
		close(own);
	free(l.v);
	free(d);
	return ret;
}
