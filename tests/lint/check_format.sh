#!/bin/bash
# Fails, listing the files, when any C++ file differs from what .clang-format makes of it.
# Usage: check_format.sh CLANG_FORMAT SOURCE_DIR
set -euo pipefail
clang_format=$1
cd "$2"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | sort -u)
else
    mapfile -t files < <(find src tests -name '*.cpp' -o -name '*.h' | sort)
fi
existing=()
for file in "${files[@]}"; do [[ -f $file ]] && existing+=("$file"); done
"$clang_format" --dry-run --Werror "${existing[@]}"
echo "${#existing[@]} files formatted as .clang-format says"
