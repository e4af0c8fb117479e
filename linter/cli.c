#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/xalloc.h"

enum {
	OPT_GPU = 256,
	OPT_DRIVER,
	OPT_CUDA,
	OPT_OS,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_DISABLE,
	OPT_ENABLE,
	OPT_KB,
	OPT_VERSION,
	OPT_HELP,
	OPT_LIST_RULES,
	OPT_EXPLAIN,
	OPT_NO_COLOR,
	OPT_DUMP_PINS,
};

/* One table: getopt_long's options and the --help lines come from it. */
static const struct cli_option {
	const char *name;
	int has_arg;
	int id;
	const char *arg;   /* metavariable for --help, NULL if none */
	const char *help;  /* NULL: hidden */
} OPTIONS[] = {
	{ "gpu", required_argument, OPT_GPU, "NAME", "target GPU: a name (A100, \"TITAN Xp\", RTX 4090) or sm_XX / X.Y" },
	{ "driver", required_argument, OPT_DRIVER, "VERSION", "installed NVIDIA driver, e.g. 535.104.05 or 535" },
	{ "cuda", required_argument, OPT_CUDA, "VERSION", "system CUDA toolkit (nvcc), where one is installed" },
	{ "os", required_argument, OPT_OS, "OS", "linux (default) or windows: driver floors differ" },
	{ "format", required_argument, OPT_FORMAT, "FMT", "text (default), gnu or json" },
	{ "fail-on", required_argument, OPT_FAIL_ON, "SEV", "lowest severity that makes the exit status 1: error (default), warning, info, never" },
	{ "disable", required_argument, OPT_DISABLE, "RULES", "turn rules off (comma-separated ids or slugs)" },
	{ "enable", required_argument, OPT_ENABLE, "RULES", "turn rules on" },
	{ "kb", required_argument, OPT_KB, "DIR", "use this knowledge base instead of the built-in one" },
	{ "no-color", no_argument, OPT_NO_COLOR, NULL, "never colour text output" },
	{ "list-rules", no_argument, OPT_LIST_RULES, NULL, "list every rule and exit" },
	{ "explain", required_argument, OPT_EXPLAIN, "RULE", "describe one rule and exit" },
	{ "version", no_argument, OPT_VERSION, NULL, "print envlint's and the knowledge base's version" },
	{ "help", no_argument, OPT_HELP, NULL, "this help" },
	{ "dump-pins", no_argument, OPT_DUMP_PINS, NULL, NULL },
};

#define NOPTIONS (sizeof(OPTIONS) / sizeof(OPTIONS[0]))

static bool set_rules(struct options *opts, const char *list, signed char state, char *err,
		      size_t errsize)
{
	char *copy = xstrdup(list);
	bool ok = true;
	for (char *p = copy; p && *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p) {
			enum rule_id id = rule_lookup(p);
			if (id == RULE__COUNT) {
				snprintf(err, errsize, "unknown rule '%s' (see --list-rules)", p);
				ok = false;
				break;
			}
			opts->rule_state[id] = state;
		}
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return ok;
}

bool cli_parse(int argc, char **argv, struct options *opts, char *err, size_t errsize)
{
	struct option longopts[NOPTIONS + 1];
	memset(opts, 0, sizeof(*opts));
	memset(opts->rule_state, -1, sizeof(opts->rule_state));
	opts->fail_on = SEV_ERROR;
	for (size_t i = 0; i < NOPTIONS; i++) {
		longopts[i].name = OPTIONS[i].name;
		longopts[i].has_arg = OPTIONS[i].has_arg;
		longopts[i].flag = NULL;
		longopts[i].val = OPTIONS[i].id;
	}
	memset(&longopts[NOPTIONS], 0, sizeof(longopts[NOPTIONS]));

	opterr = 0;
	/* 0, not 1: glibc then also resets its permutation state (tests parse twice). */
	optind = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_GPU:
			opts->gpu = optarg;
			break;
		case OPT_DRIVER:
			opts->driver = optarg;
			break;
		case OPT_CUDA:
			opts->cuda = optarg;
			break;
		case OPT_OS:
			if (strcasecmp(optarg, "linux") && strcasecmp(optarg, "windows")) {
				snprintf(err, errsize, "unknown --os '%s' (linux or windows)", optarg);
				return false;
			}
			opts->os = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				opts->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "gnu"))
				opts->format = FORMAT_GNU;
			else if (!strcmp(optarg, "json"))
				opts->format = FORMAT_JSON;
			else {
				snprintf(err, errsize, "unknown --format '%s' (text, gnu or json)", optarg);
				return false;
			}
			break;
		case OPT_FAIL_ON:
			if (!severity_parse(optarg, &opts->fail_on)) {
				snprintf(err, errsize,
					 "unknown --fail-on '%s' (error, warning, info or never)", optarg);
				return false;
			}
			break;
		case OPT_DISABLE:
			if (!set_rules(opts, optarg, 0, err, errsize))
				return false;
			break;
		case OPT_ENABLE:
			if (!set_rules(opts, optarg, 1, err, errsize))
				return false;
			break;
		case OPT_KB:
			opts->kb_dir = optarg;
			break;
		case OPT_NO_COLOR:
			opts->no_color = true;
			break;
		case OPT_LIST_RULES:
			opts->command = CLI_LIST_RULES;
			break;
		case OPT_EXPLAIN:
			opts->command = CLI_EXPLAIN;
			opts->explain = optarg;
			break;
		case 'V':
		case OPT_VERSION:
			opts->command = CLI_VERSION;
			break;
		case 'h':
		case OPT_HELP:
			opts->command = CLI_HELP;
			break;
		case OPT_DUMP_PINS:
			opts->command = CLI_DUMP_PINS;
			break;
		case ':':
			snprintf(err, errsize, "option '%s' needs a value", argv[optind - 1]);
			return false;
		default:
			if (optopt && optopt < 256)
				snprintf(err, errsize, "unknown option '-%c'", optopt);
			else
				snprintf(err, errsize, "unknown option '%s'", argv[optind - 1]);
			return false;
		}
	}
	int first = optind;
	/* getopt_long permutes argv (GNU), so options may follow the subcommand or the
	 * paths; `check` is optional (CONTRACT.md). */
	if (first < argc && !strcmp(argv[first], "check"))
		first++;
	opts->paths = (const char **)(argv + first);
	opts->npaths = (size_t)(argc - first);
	return true;
}

char *cli_help_text(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "usage: envlint [check] [OPTIONS] [PATH ...]\n"
		     "\n"
		     "Lints conda environment files, pip requirements files and Dockerfiles for\n"
		     "CUDA / cuDNN / PyTorch versions that do not fit each other or the target GPU\n"
		     "and driver. PATH defaults to '.'; directories are walked.\n"
		     "\n"
		     "options:\n");
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct cli_option *o = &OPTIONS[i];
		if (!o->help)
			continue;
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		buf_addf(&b, "  %-22s %s\n", left, o->help);
	}
	buf_adds(&b, "\nexit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error or\n"
		     "unreadable file (the other files are still checked).\n");
	return buf_detach(&b, NULL);
}
