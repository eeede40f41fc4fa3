#!/bin/sh
# Re-measures what Node does for the null_cases and globals test addons (see README.md).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
H="$ROOT/tests/node_modules/node-api-headers/include"
OUT=${OUT:-$(mktemp -d)}
CC=${CC:-gcc}
$CC -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=10 -DDECLARED_VERSION=9 -I"$H" \
  "$ROOT/tests/addons/null_cases/null_cases.c" -o "$OUT/null_cases.node"
$CC -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -I"$H" -I"$ROOT/tests/addons/common" \
  "$ROOT/tests/addons/globals/globals.c" -o "$OUT/globals.node"
N=$(node -e "console.log(require('$OUT/null_cases.node').count())")
i=0
while [ "$i" -lt "$N" ]; do
  name=$(node -e "console.log(require('$OUT/null_cases.node').name($i))")
  if status=$(node -e "console.log(require('$OUT/null_cases.node').run($i))" 2>/dev/null); then
    echo "$name $status"
  else
    echo "$name CRASH$?"
  fi
  i=$((i + 1))
done
node "$HERE/globals.js" "$OUT/globals.node"
$CC -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -I"$H" -I"$ROOT/tests/addons/common" \
  "$ROOT/tests/addons/keys/keys.c" -o "$OUT/keys.node"
node "$HERE/keys.js" "$OUT/keys.node"
node "$HERE/script_arithmetic.js" "$OUT/globals.node"
TZ=UTC node "$HERE/dates.js" "$OUT/globals.node" > "$HERE/dates.json"
