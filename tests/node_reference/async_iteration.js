// for await...of over the async iterable class instances of tests/addons/asynciter
// (Ticker), as Node runs it: the values the loop saw, how many times the iterator's
// return() was called, and the error the loop ended with, for each way next() gives
// its steps (how: 0 a resolved promise, 1 a promise settled by async work, 2 the step
// object itself). tests/test_async_iteration.py compares Python's `async for` with
// async_iteration.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/asynciter/asynciter.c -o /tmp/asynciter.node
//   node tests/node_reference/async_iteration.js /tmp/asynciter.node > tests/node_reference/async_iteration.json
const { Ticker } = require(process.argv[2]);

async function run(args, body) {
  const t = new Ticker(...args);
  const values = [];
  let error = null;
  try {
    await body(t, values);
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  return { values, returned: t.returned ?? 0, error };
}

const exhaust = async (t, v) => { for await (const x of t) v.push(x); };
const breakAt1 = async (t, v) => { for await (const x of t) { v.push(x); if (x === 1) break; } };
const throwAt1 = async (t, v) => {
  for await (const x of t) { v.push(x); if (x === 1) throw new Error("body"); }
};

(async () => {
  const out = { node: process.version };
  for (const how of [0, 1, 2]) {
    const r = {};
    r.exhausted = await run([3, how], exhaust);
    r.break = await run([5, how], breakAt1);
    r.throwInBody = await run([5, how], throwAt1);
    r.nextFails = await run([5, how, 2], exhaust);
    r.breakReturnRejects = await run([5, how, -1, 1], breakAt1);
    r.breakReturnPlain = await run([5, how, -1, 2], breakAt1);
    r.breakReturnThrows = await run([5, how, -1, 3], breakAt1);
    r.breakReturnNotObject = await run([5, how, -1, 4], breakAt1);
    r.throwInBodyReturnRejects = await run([5, how, -1, 1], throwAt1);
    out[`how${how}`] = r;
  }
  // a step that is not an object (a promise of 5): TypeError, return() not called
  out.stepNotObject = await run([3, 3], exhaust);
  console.log(JSON.stringify(out, null, 1));
})();
