#!/bin/sh
# bench/replicate.sh OUT N: N copies of tests/corpus as repositories under OUT
# (OUT/rK/OWNER/REPO/PATH, from tests/corpus/SOURCES.tsv), every file under a name the
# directory walk picks up (CONTRACT.md, "Files found in a directory walk"): a path the
# walk would skip keeps its directory and gets the conventional suffix of its kind
# (docker/x -> x.Dockerfile, pip/x.txt -> x.requirements.txt, conda/x.yml ->
# x.environment.yml). Plain copies, never links: the walk lints a file once per inode.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1; n=$2
corpus=$root/tests/corpus
rm -rf "$out"
mkdir -p "$out/r1"
walked() { # 0 when the walk takes PATH by its name
	base=${1##*/}; dir=${1%/*}; [ "$dir" = "$1" ] && dir=""; parent=${dir##*/}
	case $base in
	environment.yml|environment.yaml|*.environment.y*ml|conda*.y*ml) return 0 ;;
	requirements*.txt|*.requirements.txt|constraints*.txt) return 0 ;;
	Dockerfile|Dockerfile.*|*.Dockerfile|*.dockerfile|Containerfile) return 0 ;;
	esac
	[ "$parent" = requirements ] && case $base in *.txt) return 0 ;; esac
	return 1
}
tab=$(printf '\t')
while IFS=$tab read -r file repo path rest; do
	[ -f "$corpus/$file" ] || continue
	if ! walked "$path"; then
		case $file in
		docker/*) path=$path.Dockerfile ;;
		pip/*) path=${path%.*}.requirements.txt ;;
		conda/*) path=${path%.*}.environment.yml ;;
		esac
	fi
	mkdir -p "$out/r1/$repo/$(dirname "$path")"
	cp "$corpus/$file" "$out/r1/$repo/$path"
done < "$corpus/SOURCES.tsv"
k=2
while [ "$k" -le "$n" ]; do
	cp -R "$out/r1" "$out/r$k"
	k=$((k + 1))
done
