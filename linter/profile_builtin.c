#include "profile_builtin.h"

#include <string.h>

#include "profile_yaml.h"
#include "source.h"
#include "util/arena.h"

/* build/gen/profiles_embed.c (linter/profile_embed.sh). */
extern const char profile_builtin_text[];
extern const size_t profile_builtin_len;

bool profile_builtin_load(struct profile_list *out, const struct kb *kb, struct diag_list *diags)
{
	struct arena arena;
	arena_init(&arena);
	struct source src;
	source_from_memory(&src, PROFILE_BUILTIN_PATH, profile_builtin_text, profile_builtin_len, &arena);
	bool ok = profile_yaml_read(out, kb, &src, diags);
	arena_release(&arena);
	return ok;
}

bool profile_builtin_find(struct profile *out, const struct kb *kb, const char *name, struct diag_list *diags)
{
	struct profile_list all = PROFILE_LIST_INIT;
	bool found = false;
	if (profile_builtin_load(&all, kb, diags))
		for (size_t i = 0; i < all.nr && !found; i++)
			if (!strcmp(all.items[i].base.name, name)) {
				*out = all.items[i];
				memset(&all.items[i], 0, sizeof(all.items[i]));
				found = true;
			}
	profile_list_release(&all);
	return found;
}
