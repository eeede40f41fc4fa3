// for...of over the iterable class instances of tests/addons/classes (Range), as Node
// runs it: which values the loop saw, how many times the iterator's return() was
// called, and the error the loop ended with. tests/test_classes.py compares Python's
// `for x in inst` with iteration.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/classes/classes.c -o /tmp/classes.node
//   node tests/node_reference/iteration.js /tmp/classes.node > tests/node_reference/iteration.json
const { Range } = require(process.argv[2]);

function run(make, body) {
  const r = make();
  const values = [];
  let error = null;
  try {
    body(r, values);
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  return { values, returned: r.returned ?? 0, error };
}

const out = { node: process.version };
// every value: the loop ends by itself, return() is not called
out.exhausted = run(() => new Range(3), (r, v) => { for (const x of r) v.push(x); });
// break: return() once
out.break = run(() => new Range(5), (r, v) => { for (const x of r) { v.push(x); if (x === 1) break; } });
// an exception thrown in the loop body: return() once, the body's error goes on
out.throwInBody = run(() => new Range(5), (r, v) => {
  for (const x of r) { v.push(x); if (x === 1) throw new Error("body"); }
});
// next() throws: the iteration is over, return() is not called
out.nextThrows = run(() => new Range(5, 2), (r, v) => { for (const x of r) v.push(x); });
// break, return() throws: its error ends the loop
out.breakReturnThrows = run(() => new Range(5, -1, 1), (r, v) => { for (const x of r) { v.push(x); break; } });
// body throws and return() throws too: the body's error wins
out.throwInBodyReturnThrows = run(() => new Range(5, -1, 1), (r, v) => {
  for (const x of r) { v.push(x); throw new Error("body"); }
});
// break, return() gives undefined: TypeError
out.breakReturnNotObject = run(() => new Range(5, -1, 2), (r, v) => { for (const x of r) { v.push(x); break; } });
// no return() (an own property undefined hides the prototype's): nothing called
out.breakNoReturn = run(() => { const r = new Range(5); r.return = undefined; return r; },
                        (r, v) => { for (const x of r) { v.push(x); break; } });
// two loops over the same instance (its Symbol.iterator returns `this`): the second
// goes on where the first stopped, return() once per loop left early
out.twoLoops = run(() => new Range(4), (r, v) => {
  for (const x of r) { v.push(x); break; }
  for (const x of r) { v.push(x); if (x === 2) break; }
});
console.log(JSON.stringify(out, null, 1));
