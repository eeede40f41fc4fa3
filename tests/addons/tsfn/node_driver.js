// Runs tests/test_tsfn.py's Node comparisons and prints Node's answers as JSON
// (tests/node_reference/tsfn.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/tsfn/tsfn.c -o /tmp/tsfn.node -lpthread
//   node tests/addons/tsfn/node_driver.js /tmp/tsfn.node > tests/node_reference/tsfn.json
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

a.releaseLoaded();  // the functions made at load would keep Node running

// relay(n) `rounds` times: the order in which the n calls reached the callback
async function relays(n, rounds) {
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const seen = [];
    await new Promise((resolve) => {
      a.relay((i) => {
        seen.push(i);
        if (seen.length === n) resolve();
      }, n);
    });
    out.push(seen);
  }
  return out;
}

main({}, {
  relay_2: () => relays(2, 20),
  relay_8: () => relays(8, 20),
});
