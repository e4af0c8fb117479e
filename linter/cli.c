#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"

/* One table: getopt_long's options and the --help lines come from it. */
static const struct cli_option {
	const char *name;
	int has_arg;
	enum cli_opt id;
	char short_name;  /* 0 if none */
	const char *arg;  /* metavariable for --help, NULL if none */
	const char *help; /* NULL: hidden */
} OPTIONS[] = {
	{ "gpu", required_argument, CLI_OPT_GPU, 0, "NAME",
	  "target GPU: a name (A100, \"TITAN Xp\", RTX 4090) or sm_XX / X.Y; repeat for a box with several" },
	{ "driver", required_argument, CLI_OPT_DRIVER, 0, "VERSION",
	  "installed NVIDIA driver, e.g. 535.104.05 or 535" },
	{ "cuda", required_argument, CLI_OPT_CUDA, 0, "VERSION",
	  "system CUDA toolkit (nvcc), where one is installed" },
	{ "os", required_argument, CLI_OPT_OS, 0, "OS", "linux (default) or windows: driver floors differ" },
	{ "platform", required_argument, CLI_OPT_PLATFORM, 0, "PLATFORM",
	  "linux-x86_64 (default), linux-aarch64 or windows-x86_64: requirements' environment markers are read for it" },
	{ "profile", required_argument, CLI_OPT_PROFILE, 0, "NAME|FILE|-",
	  "check against a built-in profile (--list-profiles) or a profile file (-: read from standard input); repeat for several, each reported separately" },
	{ "from-nvidia-smi", required_argument, CLI_OPT_FROM_NVIDIA_SMI, 0, "FILE|-",
	  "read the machine from captured nvidia-smi output (the default table or --query-gpu=name,driver_version,compute_cap --format=csv)" },
	{ "format", required_argument, CLI_OPT_FORMAT, 0, "FMT", "output format:" /* + the format table */ },
	{ "fail-on", required_argument, CLI_OPT_FAIL_ON, 0, "SEV",
	  "lowest severity that makes the exit status 1: error (default), warning, info, never" },
	{ "disable", required_argument, CLI_OPT_DISABLE, 0, "RULES",
	  "turn rules off (comma-separated ids or slugs)" },
	{ "enable", required_argument, CLI_OPT_ENABLE, 0, "RULES", "turn rules on" },
	{ "config", required_argument, CLI_OPT_CONFIG, 0, "FILE",
	  "read this config instead of the nearest .envlint.yml above each path" },
	{ "stdin-filename", required_argument, CLI_OPT_STDIN_FILENAME, 0, "NAME",
	  "lint standard input (the path -) as the file NAME: its name decides its kind" },
	{ "kb", required_argument, CLI_OPT_KB, 0, "DIR",
	  "use this knowledge base instead of the built-in one" },
	{ "follow", no_argument, CLI_OPT_FOLLOW, 0, NULL,
	  "follow directory symlinks in walks (nothing is visited twice)" },
	{ "color", required_argument, CLI_OPT_COLOR, 0, "WHEN",
	  "colour text output: auto (a terminal; not with NO_COLOR set or TERM=dumb), always, never" },
	{ "no-color", no_argument, CLI_OPT_NO_COLOR, 0, NULL, "the same as --color never" },
	{ "verbose", no_argument, CLI_OPT_VERBOSE, 'v', NULL,
	  "list on standard error each file and directory the walk passed over, and why" },
	{ "quiet", no_argument, CLI_OPT_QUIET, 'q', NULL, "print findings only (no summary line)" },
	{ "list-rules", no_argument, CLI_OPT_LIST_RULES, 0, NULL, "list every rule and exit" },
	{ "list-profiles", no_argument, CLI_OPT_LIST_PROFILES, 0, NULL,
	  "list the built-in profiles and exit" },
	{ "explain", required_argument, CLI_OPT_EXPLAIN, 0, "RULE", "describe one rule and exit" },
	{ "version", no_argument, CLI_OPT_VERSION, 'V', NULL,
	  "print envlint's and the knowledge base's version" },
	{ "help", no_argument, CLI_OPT_HELP, 'h', NULL, "this help" },
	{ "jobs", required_argument, CLI_OPT_JOBS, 'j', "N",
	  "lint N repositories at a time (audit); the output is the same as with -j 1" },
	{ "man", no_argument, CLI_OPT_MAN, 0, NULL, "this help as a man page (roff), for make install" },
	{ "dump-pins", no_argument, CLI_OPT_DUMP_PINS, 0, NULL, NULL },
	{ "python", required_argument, CLI_OPT_PYTHON, 0, "X.Y",
	  "only torch builds with wheels for this Python" },
	{ "torch", required_argument, CLI_OPT_TORCH, 0, "X.Y",
	  "only this torch release line (or X.Y.Z patch)" },
	{ "diff", no_argument, CLI_OPT_DIFF, 0, NULL,
	  "print the fixes that are manifest edits as a unified diff, and nothing else" },
	{ "fix", no_argument, CLI_OPT_FIX, 0, NULL,
	  "apply the fixes that are manifest edits in place (none where two disagree)" },
};

#define NOPTIONS (sizeof(OPTIONS) / sizeof(OPTIONS[0]))

static const struct cli_option *option_of(enum cli_opt id)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (OPTIONS[i].id == id)
			return &OPTIONS[i];
	return NULL;
}

const char *cli_option_name(enum cli_opt opt)
{
	const struct cli_option *o = option_of(opt);
	return o ? o->name : "";
}

const char *cli_option_usage(enum cli_opt opt)
{
	static char usage[NOPTIONS][48];
	for (size_t i = 0; i < NOPTIONS; i++)
		if (OPTIONS[i].id == opt) {
			snprintf(usage[i], sizeof(usage[i]), "--%s%s%s", OPTIONS[i].name,
				 OPTIONS[i].arg ? " " : "", OPTIONS[i].arg ? OPTIONS[i].arg : "");
			return usage[i];
		}
	return "";
}

bool cli_arg_is(const char *arg, enum cli_opt opt)
{
	const struct cli_option *o = option_of(opt);
	if (!o || arg[0] != '-')
		return false;
	if (o->short_name && arg[1] == o->short_name && !arg[2])
		return true;
	if (arg[1] != '-')
		return false;
	size_t n = strlen(o->name);
	return !strncmp(arg + 2, o->name, n) && (arg[2 + n] == '\0' || arg[2 + n] == '=');
}

/* ", did you mean 'X'?" for a value near one of `choices`, or "". */
static const char *hint(const char *value, const char *const *choices, size_t n, char *buf, size_t size)
{
	const char *near = text_nearest(value, choices, n);
	if (!near)
		return "";
	snprintf(buf, size, "; did you mean '%s'?", near);
	return buf;
}

static bool set_format(struct cli_args *out, const char *name, char *err, size_t errsize)
{
	out->format = report_format_lookup(name);
	if (out->format)
		return true;
	size_t n;
	const struct report_format *f = report_formats(&n);
	struct buf names = BUF_INIT;
	const char *choices[16];
	for (size_t i = 0; i < n; i++) {
		buf_addf(&names, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", f[i].name);
		if (i < 16)
			choices[i] = f[i].name;
	}
	char h[64];
	snprintf(err, errsize, "unknown --format '%s' (%s)%s", name, names.buf,
		 hint(name, choices, n < 16 ? n : 16, h, sizeof(h)));
	buf_release(&names);
	return false;
}

/* One option's value into *out; false with err set on a bad value. */
static bool take(struct cli_args *out, enum cli_opt id, const char *value, char *err, size_t errsize)
{
	switch (id) {
	case CLI_OPT_GPU:
		if (out->ngpus == CLI_MAX_GPUS) {
			snprintf(err, errsize, "more than %d --gpu options", CLI_MAX_GPUS);
			return false;
		}
		out->gpus[out->ngpus++] = value;
		return true;
	case CLI_OPT_DRIVER:
		out->driver = value;
		return true;
	case CLI_OPT_CUDA:
		out->cuda = value;
		return true;
	case CLI_OPT_OS:
		if (strcasecmp(value, "linux") && strcasecmp(value, "windows")) {
			static const char *const oses[] = { "linux", "windows" };
			char h[64];
			snprintf(err, errsize, "unknown --os '%s' (linux or windows)%s", value,
				 hint(value, oses, 2, h, sizeof(h)));
			return false;
		}
		out->os = value;
		return true;
	case CLI_OPT_PLATFORM: {
		enum profile_platform pl;
		if (!profile_platform_parse(value, &pl)) {
			static const char *const pls[] = { "linux-x86_64", "linux-aarch64",
							   "windows-x86_64" };
			char h[64];
			snprintf(err, errsize,
				 "unknown --platform '%s' (linux-x86_64, linux-aarch64 or windows-x86_64)%s",
				 value, hint(value, pls, 3, h, sizeof(h)));
			return false;
		}
		out->platform = value;
		return true;
	}
	case CLI_OPT_FORMAT:
		out->format_name = value;
		for (const char *const *own = out->own_formats; own && *own; own++)
			if (!strcmp(*own, value))
				return true;
		return set_format(out, value, err, errsize);
	case CLI_OPT_FAIL_ON:
		if (!severity_parse(value, &out->policy.fail_on)) {
			static const char *const sevs[] = { "error", "warning", "info", "never" };
			char h[64];
			snprintf(err, errsize, "unknown --fail-on '%s' (error, warning, info or never)%s",
				 value, hint(value, sevs, 4, h, sizeof(h)));
			return false;
		}
		out->policy.has_fail_on = true;
		return true;
	case CLI_OPT_DISABLE:
		return policy_set_rules(&out->policy, value, SEV_OFF, err, errsize);
	case CLI_OPT_ENABLE:
		return policy_set_rules(&out->policy, value, POLICY_AS_REPORTED, err, errsize);
	case CLI_OPT_KB:
		out->kb_dir = value;
		return true;
	case CLI_OPT_NO_COLOR:
		out->color = CLI_COLOR_NEVER;
		return true;
	case CLI_OPT_COLOR:
		if (!strcmp(value, "auto"))
			out->color = CLI_COLOR_AUTO;
		else if (!strcmp(value, "always"))
			out->color = CLI_COLOR_ALWAYS;
		else if (!strcmp(value, "never"))
			out->color = CLI_COLOR_NEVER;
		else {
			static const char *const whens[] = { "auto", "always", "never" };
			char h[64];
			snprintf(err, errsize, "unknown --color '%s' (auto, always or never)%s", value,
				 hint(value, whens, 3, h, sizeof(h)));
			return false;
		}
		return true;
	case CLI_OPT_QUIET:
		out->quiet = true;
		return true;
	case CLI_OPT_VERBOSE:
		out->verbose = true;
		return true;
	case CLI_OPT_DUMP_PINS:
		out->dump_pins = true;
		return true;
	case CLI_OPT_STDIN_FILENAME:
		out->stdin_filename = value;
		return true;
	case CLI_OPT_CONFIG:
		out->config = value;
		return true;
	case CLI_OPT_FOLLOW:
		out->follow = true;
		return true;
	case CLI_OPT_EXPLAIN:
		out->explain = value;
		return true;
	case CLI_OPT_PROFILE:
		if (out->nprofiles == CLI_MAX_PROFILES) {
			snprintf(err, errsize, "more than %d --profile options", CLI_MAX_PROFILES);
			return false;
		}
		out->profiles[out->nprofiles++] = value;
		return true;
	case CLI_OPT_FROM_NVIDIA_SMI:
		out->from_nvidia_smi = value;
		return true;
	case CLI_OPT_JOBS: {
		char *end;
		errno = 0;
		long n = strtol(value, &end, 10);
		if (errno || *end || n < 1 || n > 256) {
			snprintf(err, errsize, "-j takes a number of jobs from 1 to 256, not '%s'", value);
			return false;
		}
		out->jobs = (unsigned)n;
		return true;
	}
	case CLI_OPT_PYTHON:
		out->python = value;
		return true;
	case CLI_OPT_DIFF:
		out->diff = true;
		return true;
	case CLI_OPT_FIX:
		out->fix = true;
		return true;
	case CLI_OPT_TORCH:
		out->torch = value;
		return true;
	case CLI_OPT_MAN:
	case CLI_OPT_LIST_RULES:
	case CLI_OPT_LIST_PROFILES:
	case CLI_OPT_VERSION:
	case CLI_OPT_HELP:
	case CLI_OPT_END:
		/* Commands of their own (cmd/): main picked the command before parsing. */
		return true;
	}
	return true;
}

/* Options that may be given several times: they add up. */
static bool option_repeats(enum cli_opt id)
{
	return id == CLI_OPT_GPU || id == CLI_OPT_PROFILE || id == CLI_OPT_DISABLE || id == CLI_OPT_ENABLE;
}

/* "unknown option '--fromat'; did you mean '--format'?" among the command's options. */
static void unknown_option(const char *arg, const enum cli_opt *accepted, char *err, size_t errsize)
{
	char word[64];
	const char *names[NOPTIONS];
	size_t n = 0;
	size_t len = strcspn(arg, "=");
	snprintf(word, sizeof(word), "%.*s", (int)(len < sizeof(word) ? len : sizeof(word) - 1), arg);
	const char *bare = word;
	while (*bare == '-')
		bare++;
	for (const enum cli_opt *id = accepted; *id != CLI_OPT_END && n < NOPTIONS; id++) {
		const struct cli_option *o = option_of(*id);
		if (o && o->help)
			names[n++] = o->name;
	}
	const char *near = text_nearest(bare, names, n);
	snprintf(err, errsize, "unknown option '%s'%s%s%s", word, near ? "; did you mean '--" : "",
		 near ? near : "", near ? "'?" : "");
}

/* Standard input can be read once: by one `--profile -`, `--from-nvidia-smi -` or the
 * path `-` (named any number of times, it is one file, read once). */
static bool stdin_read_once(const struct cli_args *out, char *err, size_t errsize)
{
	const char *readers[CLI_MAX_PROFILES + 2];
	size_t n = 0;
	for (size_t i = 0; i < out->nprofiles; i++)
		if (!strcmp(out->profiles[i], "-"))
			readers[n++] = "--profile -";
	if (out->from_nvidia_smi && !strcmp(out->from_nvidia_smi, "-"))
		readers[n++] = "--from-nvidia-smi -";
	for (size_t i = 0; i < out->npaths; i++)
		if (!strcmp(out->paths[i], "-")) {
			readers[n++] = "the path -";
			break;
		}
	if (n < 2)
		return true;
	snprintf(err, errsize, "%s and %s both read standard input, which can be read once", readers[0],
		 readers[1]);
	return false;
}

bool cli_parse(int argc, char **argv, const enum cli_opt *accepted, struct cli_args *out, char *err,
	       size_t errsize)
{
	return cli_parse_own(argc, argv, accepted, NULL, out, err, errsize);
}

bool cli_parse_own(int argc, char **argv, const enum cli_opt *accepted, const char *const *own,
		   struct cli_args *out, char *err, size_t errsize)
{
	struct option longopts[NOPTIONS + 1];
	char shorts[2 * NOPTIONS + 2] = ":";
	size_t n = 0, ns = 1;
	memset(out, 0, sizeof(*out));
	out->own_formats = own;
	policy_init_layer(&out->policy);
	for (const enum cli_opt *id = accepted; *id != CLI_OPT_END; id++) {
		const struct cli_option *o = option_of(*id);
		if (!o)
			continue;
		longopts[n].name = o->name;
		longopts[n].has_arg = o->has_arg;
		longopts[n].flag = NULL;
		longopts[n].val = (int)o->id;
		n++;
		if (o->short_name) {
			shorts[ns++] = o->short_name;
			if (o->has_arg == required_argument)
				shorts[ns++] = ':';
		}
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	shorts[ns] = '\0';

	struct {
		enum cli_opt id;
		const char *value;
	} seen[NOPTIONS];
	size_t nseen = 0;
	opterr = 0;
	/* 0, not 1: glibc then also resets its permutation state (tests parse twice). */
	optind = 0;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		if (c == ':') {
			snprintf(err, errsize, "option '%s' needs a value", argv[optind - 1]);
			return false;
		}
		if (c == '?') {
			if (optopt && optopt < 256)
				snprintf(err, errsize, "unknown option '-%c'", optopt);
			else
				unknown_option(argv[optind - 1], accepted, err, errsize);
			return false;
		}
		const struct cli_option *o = NULL;
		for (size_t i = 0; i < NOPTIONS && !o; i++)
			if ((int)OPTIONS[i].id == c || (OPTIONS[i].short_name && OPTIONS[i].short_name == c))
				o = &OPTIONS[i];
		if (!o)
			continue;
		/* A value given twice is a mistake to say, not one to settle silently. */
		if (o->has_arg == required_argument && !option_repeats(o->id)) {
			for (size_t k = 0; k < nseen; k++)
				if (seen[k].id == o->id) {
					snprintf(err, errsize, "option '--%s' given twice ('%s' and '%s')",
						 o->name, seen[k].value, optarg);
					return false;
				}
			if (nseen < NOPTIONS) {
				seen[nseen].id = o->id;
				seen[nseen++].value = optarg;
			}
		}
		if (!take(out, o->id, optarg, err, errsize))
			return false;
	}
	out->paths = (const char **)(argv + optind);
	out->npaths = (size_t)(argc - optind);
	return stdin_read_once(out, err, errsize);
}

static void help_line(struct buf *b, const char *left, const char *help)
{
	buf_addf(b, "  %-22s %s\n", left, help);
}

char *cli_help_text(const enum cli_opt *accepted)
{
	struct buf b = BUF_INIT;
	for (const enum cli_opt *id = accepted; *id != CLI_OPT_END; id++) {
		const struct cli_option *o = option_of(*id);
		char left[64];
		if (!o)
			continue;
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		if (o->id == CLI_OPT_FORMAT) {
			size_t n;
			const struct report_format *f = report_formats(&n);
			help_line(&b, left, o->help);
			for (size_t i = 0; i < n; i++) {
				char name[32];
				snprintf(name, sizeof(name), "  %s", f[i].name);
				help_line(&b, name, f[i].summary);
			}
		} else if (o->help) {
			help_line(&b, left, o->help);
		}
	}
	return buf_detach(&b, NULL);
}

/* roff text: a leading '.' or '\'' would be a request, '\\' an escape, '-' a hyphen. */
static void roff(struct buf *b, const char *s)
{
	if (*s == '.' || *s == '\'')
		buf_adds(b, "\\&");
	for (; *s; s++) {
		if (*s == '\\')
			buf_adds(b, "\\e");
		else if (*s == '-')
			buf_adds(b, "\\-");
		else
			buf_addch(b, *s);
	}
}

char *cli_man_text(const enum cli_opt *accepted)
{
	struct buf b = BUF_INIT;
	for (const enum cli_opt *id = accepted; *id != CLI_OPT_END; id++) {
		const struct cli_option *o = option_of(*id);
		if (!o || !o->help)
			continue;
		buf_adds(&b, o->arg ? ".TP\n.BI \"\\-\\-" : ".TP\n.B \"\\-\\-");
		roff(&b, o->name);
		buf_addch(&b, '"');
		if (o->arg) {
			buf_adds(&b, " \" ");
			roff(&b, o->arg);
			buf_addch(&b, '"');
		}
		buf_addch(&b, '\n');
		roff(&b, o->help);
		buf_addch(&b, '\n');
		if (o->id == CLI_OPT_FORMAT) {
			size_t n;
			const struct report_format *f = report_formats(&n);
			for (size_t i = 0; i < n; i++) {
				buf_adds(&b, ".br\n\\(bu ");
				roff(&b, f[i].name);
				buf_adds(&b, ": ");
				roff(&b, f[i].summary);
				buf_addch(&b, '\n');
			}
		}
	}
	return buf_detach(&b, NULL);
}
