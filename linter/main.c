/*
 * envlint's entry point: argv -> command table -> cmd_*() -> stdout/stderr and the exit
 * status. The only place that writes what a command said to the streams and that maps
 * its status to an exit code (CONTRACT.md): 0 nothing at or above --fail-on, 1 at least
 * one such finding, 2 a usage error or a path that could not be read (the other files
 * are still checked and reported).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/cmd.h"

enum exit_status {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_TROUBLE = 2,
};

static int exit_status_of(enum cmd_status status)
{
	switch (status) {
	case CMD_CLEAN:
		return EXIT_CLEAN;
	case CMD_FINDINGS:
		return EXIT_FINDINGS;
	case CMD_TROUBLE:
		break;
	}
	return EXIT_TROUBLE;
}

static void flush_out(struct cmd_io *io)
{
	fwrite(io->out.buf, 1, io->out.len, stdout);
	buf_reset(&io->out);
}

static void progress(struct cmd_io *io, const char *line)
{
	(void)io;
	if (!isatty(STDERR_FILENO))
		return;
	/* \r and clear-to-end: the note is rewritten in place and erased at the end. */
	fprintf(stderr, "\r\033[K%s", line ? line : "");
	fflush(stderr);
}

int main(int argc, char **argv)
{
	int first;
	const struct cmd *cmd = cmd_select(argc, argv, &first);
	struct cmd_io io = { BUF_INIT,  BUF_INIT, isatty(STDOUT_FILENO), getenv("NO_COLOR"), getenv("TERM"),
			     flush_out, progress };
	enum cmd_status status = cmd->run(argc - first, argv + first, &io);
	fwrite(io.out.buf, 1, io.out.len, stdout);
	fwrite(io.err.buf, 1, io.err.len, stderr);
	buf_release(&io.out);
	buf_release(&io.err);
	return exit_status_of(status);
}
