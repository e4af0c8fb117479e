/* cmd/profile.c and the --profile wiring of cmd/check.c and cmd/common.c: command
 * selection, `envlint profile` output for flags, built-ins and an nvidia-smi capture,
 * --list-profiles, and the usage errors of bad targets. Runs from the repository root
 * (it reads tests/nvidia-smi/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"
#include "cmd/cmd.h"

static struct cmd_io io;

/* Runs the command argv selects; its output is in io. */
static enum cmd_status run(int argc, char **argv)
{
	buf_release(&io.out);
	buf_release(&io.err);
	int first;
	const struct cmd *c = cmd_select(argc, argv, &first);
	return c->run(argc - first, argv + first, &io);
}

/* RUN("profile", "--gpu", "a100"): argv after "envlint", ended by the macro's NULL. */
static enum cmd_status run_list(const char *arg, ...)
{
	static char *argv[32];
	int argc = 0;
	argv[argc++] = "envlint";
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return run(argc, argv);
}

#define RUN(...) run_list(__VA_ARGS__, (const char *)NULL)

static void selection(void **state)
{
	(void)state;
	int first;
	char *a[] = { "envlint", "profile", "--gpu", "a100", NULL };
	assert_ptr_equal(cmd_select(4, a, &first)->run, cmd_profile);
	assert_int_equal(1, first);
	char *b[] = { "envlint", "--list-profiles", NULL };
	assert_ptr_equal(cmd_select(2, b, &first)->run, cmd_list_profiles);
}

static void profile_of_flags(void **state)
{
	(void)state;
	assert_int_equal(CMD_CLEAN, RUN("profile", "--gpu", "a100", "--gpu", "sm_86", "--driver", "R535"));
	assert_string_equal("name: \"a100-sxm4-40gb+sm-86-535\"\n"
			    "gpus:\n"
			    "  - \"NVIDIA A100 SXM4 40GB\"   # compute capability 8.0\n"
			    "  - \"8.6\"\n"
			    "driver: \"535\"   # a bare branch: its oldest release\n"
			    "os: linux\n"
			    "platform: linux-x86_64\n",
			    io.out.buf);
	assert_int_equal(CMD_CLEAN, RUN("profile", "--profile", "jetson-orin", "--profile", "t4-535"));
	assert_non_null(strstr(io.out.buf, "name: \"jetson-orin\""));
	assert_non_null(strstr(io.out.buf, "---\nname: \"t4-535\""));
}

static void profile_from_capture(void **state)
{
	(void)state;
	assert_int_equal(CMD_CLEAN, RUN("profile", "--from-nvidia-smi",
					"tests/nvidia-smi/r535-129-03_multi-h100-sxm_table.txt"));
	assert_non_null(strstr(io.out.buf, "name: \"h100-sxm5-80gb-535\"\n"));
	assert_non_null(strstr(io.out.buf, "driver: \"535.129.03\"\n"));
	assert_null(strstr(io.out.buf, "\ncuda:"));
	assert_int_equal(CMD_TROUBLE, RUN("profile", "--from-nvidia-smi",
					  "tests/nvidia-smi/r470-57-02_geforce-truncated-name_table.txt"));
	assert_non_null(strstr(io.err.buf, "r470-57-02_geforce-truncated-name_table.txt:9: GPU name"));
	assert_int_equal(CMD_TROUBLE, RUN("profile", "--from-nvidia-smi", "tests/nvidia-smi/nope.txt"));
	assert_int_equal(CMD_TROUBLE, RUN("profile", "--from-nvidia-smi", "x", "--gpu", "a100"));
	assert_non_null(strstr(io.err.buf, "give no --profile, --gpu"));
	assert_int_equal(CMD_TROUBLE, RUN("profile"));
	assert_non_null(strstr(io.err.buf, "profile needs --from-nvidia-smi"));
}

static void list_profiles(void **state)
{
	(void)state;
	assert_int_equal(CMD_CLEAN, RUN("--list-profiles"));
	size_t lines = 0;
	for (const char *p = io.out.buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(8, lines);
	assert_non_null(strstr(io.out.buf, "a100-535       NVIDIA A100 SXM4 40GB (8.0), driver 535.104.05, linux-x86_64\n"));
}

static void check_target_errors(void **state)
{
	(void)state;
	assert_int_equal(CMD_TROUBLE, RUN("--profile", "nope", "/dev/null"));
	assert_non_null(strstr(io.err.buf, "--profile 'nope' is neither a built-in profile (titan-xp-470, "));
	assert_int_equal(CMD_TROUBLE, RUN("--profile", "a100-535", "--profile", "a100-535", "/dev/null"));
	assert_non_null(strstr(io.err.buf, "two profiles are named 'a100-535'"));
	assert_int_equal(CMD_TROUBLE, RUN("--profile", "missing/lab.yml", "/dev/null"));
	assert_non_null(strstr(io.err.buf, "missing/lab.yml"));
	assert_int_equal(CMD_TROUBLE, RUN("--driver", "12.4", "/dev/null"));
	assert_non_null(strstr(io.err.buf, "envlint: driver version '12.4' is a CUDA version"));
	assert_int_equal(CMD_TROUBLE, RUN("--gpu", "Intel Arc A770", "/dev/null"));
	assert_non_null(strstr(io.err.buf, "is not an NVIDIA GPU"));
}

static int teardown(void **state)
{
	(void)state;
	buf_release(&io.out);
	buf_release(&io.err);
	return 0;
}

int main(void)
{
	io = (struct cmd_io){ .out = BUF_INIT, .err = BUF_INIT };
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(selection),
		cmocka_unit_test(profile_of_flags),
		cmocka_unit_test(profile_from_capture),
		cmocka_unit_test(list_profiles),
		cmocka_unit_test(check_target_errors),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
