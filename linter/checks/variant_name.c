/* variant_name: see variant_name.h. */
#include "variant_name.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

#include "pin.h"

/* Words of a path that say the file is a deliberate non-CUDA variant of a project's
 * manifests (requirements_linux_rocm.txt, torch_cpu.txt, Dockerfile.xpu,
 * requirements-macos.txt). */
static const char *const VARIANT_WORDS[] = {
	"amd", "cpu", "cpuonly", "intel", "ipex", "mac", "macos", "mps", "osx", "rocm", "xpu",
};

/* Path components read for a variant word: the file's name and the two directories
 * above it (docker/cpu/Dockerfile, runtime/ipex/docker/Dockerfile); higher ones name the
 * checkout, not the variant. Directories that only name a version (2.7.1, py311, v2) are
 * not counted: inference/cpu/2.7.1/transformers/4.51.3/py311/Dockerfile is a cpu image. */
#define VARIANT_PATH_PARTS 3

/* Is path[a, b) a version's name: digits and dots, after an optional "py" or "v"? */
static bool version_part(const char *a, const char *b)
{
	if (b - a > 2 && !strncmp(a, "py", 2))
		a += 2;
	else if (b - a > 1 && *a == 'v')
		a++;
	if (a == b || !isdigit((unsigned char)*a))
		return false;
	for (; a < b; a++)
		if (!isdigit((unsigned char)*a) && *a != '.')
			return false;
	return true;
}

/* The variant word that the last VARIANT_PATH_PARTS components of `path` hold, or NULL.
 * They are cut into words at every byte that is not a letter or a digit; a word matches
 * when it is one of VARIANT_WORDS, in any case, with nothing or only digits after it
 * (rocm6 of rocm6.2). */
const char *variant_name_word(const char *path)
{
	const char *name = path + strlen(path), *part_end = name;
	for (int parts = 0; name > path && parts < VARIANT_PATH_PARTS;) {
		name--;
		if (*name != '/')
			continue;
		/* the component name + 1 .. part_end ends here; a version's does not count */
		if (!version_part(name + 1, part_end) && ++parts == VARIANT_PATH_PARTS) {
			name++;
			break;
		}
		part_end = name;
	}
	for (const char *w = name; *w;) {
		if (!isalnum((unsigned char)*w)) {
			w++;
			continue;
		}
		const char *e = w;
		while (isalnum((unsigned char)*e))
			e++;
		size_t letters = 0;
		while (w + letters < e && isalpha((unsigned char)w[letters]))
			letters++;
		bool digits_only = true;
		for (const char *d = w + letters; d < e; d++)
			digits_only = digits_only && isdigit((unsigned char)*d);
		/* amd64 (and arm64 beside it) names a CPU architecture, not AMD's GPUs */
		bool arch = letters == 3 && !strncasecmp(w, "amd", 3) && e > w + letters;
		for (size_t k = 0;
		     digits_only && !arch && k < sizeof(VARIANT_WORDS) / sizeof(VARIANT_WORDS[0]); k++)
			if (strlen(VARIANT_WORDS[k]) == letters && !strncasecmp(w, VARIANT_WORDS[k], letters))
				return VARIANT_WORDS[k];
		w = e;
	}
	return NULL;
}

const char *variant_name_of(const struct pin *p, char *where, size_t size)
{
	const char *word = p->stage ? variant_name_word(p->stage) : NULL;
	if (word) {
		snprintf(where, size, "the stage name '%s'", p->stage);
		return word;
	}
	snprintf(where, size, "the file's name");
	return variant_name_word(p->file);
}
