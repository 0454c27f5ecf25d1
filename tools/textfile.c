// SPDX-License-Identifier: GPL-2.0
/*
 * --output FILE, for node_exporter's textfile collector and anything else
 * that reads the file while it is rewritten: the subcommand prints into a
 * new file in FILE's directory (FILE.XXXXXX, which the collector's *.prom
 * does not match), mode 0644 whatever the umask (the collector is often
 * another user), flushed to disk, then renamed over FILE and the directory
 * synced.  A reader opens the old file or the new one, each whole.
 *
 * If the subcommand fails, FILE is left as it was and what the subcommand
 * printed (a JSON error, with -j) goes to stdout as without --output.  If
 * the file cannot be made, written or renamed, that is the error (exit 1)
 * and nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "subcommands.h"

/* The directory of @path synced, so that the rename survives a crash. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : strdup(".");
	int fd, ret = 0;

	if (!dir)
		return ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fsync(fd))
		ret = errno;
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

/* The bytes of @fd from its start to stdout (fd 1, already restored). */
static void replay(int fd)
{
	char buf[4096];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET))
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
}

int trs_print_into(const char *path, trs_subcommand_fn fn, int argc, char *argv[],
		   const struct trs_opts *o)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + sizeof(".XXXXXX"));
	int fd = -1, saved = -1, ret, werr = 0;
	struct trs_error err;
	const char *step;

	if (!tmp) {
		werr = ENOMEM;
		step = "cannot write it";
		goto fail;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
	step = "cannot create a file beside it";
	fd = mkstemp(tmp);
	if (fd < 0) {
		werr = errno;
		goto fail;
	}
	step = "cannot write it";
	if (fchmod(fd, 0644) || fflush(stdout)) {
		werr = errno;
		goto fail;
	}
	saved = dup(STDOUT_FILENO);
	if (saved < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		werr = errno;
		goto fail;
	}

	ret = fn(argc, argv, o);

	errno = 0;
	if (fflush(stdout) || ferror(stdout) || fsync(STDOUT_FILENO))
		werr = errno ? errno : EIO;
	clearerr(stdout);
	if (dup2(saved, STDOUT_FILENO) < 0 && !werr)
		werr = errno;
	close(saved);
	saved = -1;
	if (ret) {
		/* The subcommand's own error, reported as it would be. */
		replay(fd);
		unlink(tmp);
		close(fd);
		free(tmp);
		return ret;
	}
	if (!werr && rename(tmp, path)) {
		werr = errno;
		step = "cannot replace it";
	}
	if (werr)
		goto fail;
	close(fd);
	free(tmp);
	werr = sync_dir(path);
	if (werr) {
		step = "replaced, but its directory cannot be synced";
		goto report;
	}
	return TRS_EXIT_OK;

fail:
	if (saved >= 0) {
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	if (fd >= 0) {
		unlink(tmp);
		close(fd);
	}
	free(tmp);
report:
	trs_error_set(&err, werr == EACCES || werr == EPERM || werr == EROFS ?
			    TRS_EXIT_PERM : TRS_EXIT_ERROR,
		      path, "%s: %s", step, strerror(werr));
	return trs_fail(o, &err);
}
