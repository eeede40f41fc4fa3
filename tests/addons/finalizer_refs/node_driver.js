// Runs tests/test_finalizer_refs.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/finalizer_refs.json):
//   node --expose-gc tests/addons/finalizer_refs/node_driver.js finalizer_refs_node.node
// (the addon built with -DNAPI_VERSION=9 -DDECLARED_VERSION=9, what Node 20 offers).
// Each case makes its object in a function that returns, collects garbage until the
// finalizers had their turns, and gives what changed in counts(). Node 20 itself
// crashes on two cases this file therefore leaves out: deleting the reference of a
// wrap before its finalizer (dropWrap, which the Node-API documentation warns
// against), and pair() in a module declaring NAPI_VERSION_EXPERIMENTAL (fixed in
// later Node releases, whose test_object nested_wrap test does this).
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function delta(make) {
  const before = a.counts();
  make();
  for (let i = 0; i < 10; i++) {
    global.gc();
    await tick();
  }
  return a.counts().map((n, i) => n - before[i]);
}

main({}, {
  pair: () => delta(() => { a.pair(); }),
  pair_twice: () => delta(() => { a.pair(); a.pair(); }),
  drop_added: () => delta(() => { a.dropAdded(); }),
});
