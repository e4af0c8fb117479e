/*
 * marker: PEP 508 environment markers (`; sys_platform == "darwin"`) evaluated against
 * the platform a unit is checked for. Three-valued: a marker envlint cannot decide (an
 * unknown variable, python_version where the environment's Python is not known, text
 * that does not parse) is MARKER_UNDECIDED, never guessed. Part of the analysis: pure;
 * depends on version only, never on checks/, profile or kb/.
 */
#ifndef ENVLINT_ANALYSIS_MARKER_H
#define ENVLINT_ANALYSIS_MARKER_H

#include <stdbool.h>

#include "pin.h"
#include "version.h"

enum marker_value { MARKER_FALSE, MARKER_TRUE, MARKER_UNDECIDED };

/* The marker variables of one target (packaging's default_environment()). A NULL string
 * is not known. */
struct marker_env {
	const char *sys_platform;     /* "linux", "win32" */
	const char *platform_system;  /* "Linux", "Windows" */
	const char *platform_machine; /* "x86_64", "aarch64", "AMD64" */
	const char *os_name;          /* "posix", "nt" */
	bool has_python;
	struct version python; /* the environment's Python, X.Y or X.Y.Z */
};

/* Evaluates the marker text (what follows the ';'). */
enum marker_value marker_eval(const struct marker_env *self, const char *marker);

/* Copies into *out (caller releases) the pins of pins[0..n) that hold on `self`: all but
 * those whose marker is false there. python_version is known in a scope with a
 * Python pin of one line (conda `python=3.10`); elsewhere it is undecided, and an undecided pin is
 * kept (checked as if its marker held). Returns how many pins were left out. A kept pin whose marker holds has `marker`
 * false: it applies on `self` like a pin without one. */
size_t marker_filter(const struct marker_env *self, const struct pin *pins, size_t n, struct pin_list *out);

#endif
