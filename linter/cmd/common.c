#include "common.h"

#include "diag.h"
#include "kb/kb.h"
#include "report/report.h"

bool cmd_parse(int argc, char **argv, const enum cli_opt *accepted, struct cli_args *args,
	       struct cmd_io *io)
{
	char err[1024] = "";
	if (cli_parse(argc, argv, accepted, args, err, sizeof(err)))
		return true;
	buf_addf(&io->err, "envlint: %s\n(see envlint --help)\n", err);
	return false;
}

bool cmd_load_kb(const char *dir, struct kb **kb, struct cmd_io *io)
{
	struct diag_list problems = DIAG_LIST_INIT;
	*kb = NULL;
	bool ok = dir ? kb_load_dir(kb, dir, &problems) : kb_load_builtin(kb, &problems);
	if (problems.nr) {
		struct report_input in = { &problems, NULL, 0, { 0, 0, 0, 0 }, ENVLINT_VERSION, NULL, false, false, NULL, NULL };
		report_gnu(&in, &io->err);
		ok = false;
	}
	diag_list_release(&problems);
	if (!ok) {
		kb_free(*kb);
		*kb = NULL;
		buf_adds(&io->err, "envlint: the knowledge base is invalid; nothing was checked\n");
	}
	return ok;
}
