/* file_id: a file as the file system knows it (device + inode), so one file reached by
 * two paths, a link or `..` is known as one, for the price of a stat (a canonical path
 * costs a readlink per path component). */
#ifndef ENVLINT_UTIL_FILE_ID_H
#define ENVLINT_UTIL_FILE_ID_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

struct file_id {
	dev_t dev;
	ino_t ino;
	bool known; /* false: no file (a source made in memory), the same as nothing */
};

static inline struct file_id file_id_of(const struct stat *st)
{
	return (struct file_id){ st->st_dev, st->st_ino, true };
}

static inline bool file_id_same(struct file_id a, struct file_id b)
{
	return a.known && b.known && a.dev == b.dev && a.ino == b.ino;
}

#endif
