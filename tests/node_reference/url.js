// URL and URLSearchParams as an addon uses them (tests/addons/globals: newPath
// constructs, readProps reads properties and calls methods, callMethod calls one with
// arguments), as Node 20 answers. tests/test_url.py makes the same calls and compares.
// Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/url.js /tmp/globals.node > tests/node_reference/url.json
const a = require(process.argv[2]);

const PROPS = ["href", "protocol", "username", "password", "host", "hostname", "port",
               "pathname", "search", "hash", "origin", "searchParams.toString()", "toString()",
               "toJSON()", "searchParams.size"];
const inputs = [
  "http://example.com", "https://example.com/", "HTTP://EXAMPLE.COM/A/B?C#D",
  "http://user:pass@host.com:8080/p/a/t/h?query=string#hash",
  "https://user@host/", "https://:pw@host/", "http://a:b@c:1/", "http://@host/",
  "http://example.com:80/", "https://example.com:443/x", "ws://h:80/", "wss://h:443/",
  "ftp://h:21/", "http://h:0/", "http://h:65535/", "http://h:65536/", "http://h:8a/",
  "http://example.com/a/./b/../c", "http://example.com/a/%2e/b/%2E%2e/c", "http://h/..",
  "http://h/a/..", "http://h/a/b/..?x", "http://example.com/ a b /é?ü= x#f g`",
  "http://h/path?q='\"<>`{}", "foo://h/path?q='\"<>`{}", "http://h/#frag 'x\"<>`",
  "http://h\\a\\b", "http:\\\\h\\a", "http:/h/p", "http:h/p", "https:////h//p",
  "http://münchen.de/", "http://MÜNCHEN.de/", "http://xn--mnchen-3ya.de/",
  "http://例え.テスト/", "http://日本.jp/パス?キー=値#断片",
  "http://[::1]/", "http://[::1]:3000/x", "http://[2001:db8::8:800:200c:417a]/",
  "http://[2001:0db8:0000:0000:0000:0000:0000:0001]/", "http://[::ffff:192.168.0.1]/",
  "http://[1:0:0:2:0:0:0:3]/", "http://[::]/", "http://[1::]/", "http://[::1/", "http://[:1]/",
  "http://192.168.0.1/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://127.1/",
  "http://2130706433/", "http://256.0.0.1/", "http://1.2.3.4.5/", "http://1.2.3.4./",
  "http://0x/", "http://09.1/", "http://example.1/",
  "http://exa mple.com/", "http://exa<mple.com/", "http://%41.com/", "http://a%00b/",
  "http://", "http:///", "https://", "http://:80/", "http://@/", "//example.com/x",
  "file:///etc/passwd", "file://localhost/etc/x", "file://host/share/x", "file:/x/y",
  "file:c:/x", "file:///C|/x/../..", "file:///C:/a/b/../../..", "file://LOCALHOST/x",
  "mailto:someone@example.com", "data:text/plain,hello world", "javascript:alert(1)",
  "urn:isbn:0451450523", "foo://bar/baz", "foo:/bar", "foo:bar#x y", "sc://ñ.com/x",
  "sc://h:99/p?q#f", "blob:https://example.com/uuid", "blob:foo:bar",
  "  http://h/trim  ", "ht\ttp://h\n/p\r", "\u0000http://h/", "http://h/\u0001",
  "http://h?a=1&b=2", "http://h#", "http://h?", "http://h/?#", "a", "", "/relative",
  "http://h/%zz%2", "http://h/%7E%7e",
];
const relative = [
  ["/x", "http://a/b/c"], ["x", "http://a/b/c"], ["../x", "http://a/b/c/d"],
  ["../../../x", "http://a/b/c"], ["?q", "http://a/b/c?z#f"], ["#f", "http://a/b/c?z"],
  ["", "http://a/b/c?z#f"], ["//other/x", "https://a/b"], ["x", "file:///a/b"],
  ["/x", "file:///C:/a/b"], ["..", "file:///C:/a"], ["http:x", "http://a/b/c"],
  ["https:x", "http://a/b/c"], ["x", "mailto:a@b"], ["#x", "mailto:a@b"], ["x", "invalid"],
  ["\\x\\y", "http://a/b"], [".", "http://a/b/c/"], ["./", "http://a/b/c"],
  ["%2e%2E", "http://a/b/c/d"], ["x", "data:,y"], ["C|/x", "file:///D:/y"],
];
const search = ["", "?a=1&b=2", "a=1&a=2&b", "q=a+b%20c", "%zz=%41&x=%E2%82%AC", "&&a=&=b",
                "k=v=w", "é=ü&€", "?", "a=1;b=2"];

function outcome(f) {
  try {
    return ["ok", f()];
  } catch (e) {
    return ["throw", e.name, e.message, e.code ?? null, e.input ?? null];
  }
}

const out = { node: process.version, parse: [], relative: [], canParse: [], params: [],
              mutate: [] };
for (const input of inputs) {
  out.parse.push([input, outcome(() => a.readProps(a.newPath("URL", [input]), PROPS))]);
  out.canParse.push([input, a.callPath("URL.canParse", [input])]);
}
for (const [input, base] of relative) {
  out.relative.push([input, base,
                     outcome(() => a.readProps(a.newPath("URL", [input, base]), PROPS))]);
  out.canParse.push([[input, base], a.callPath("URL.canParse", [input, base])]);
}
for (const init of search) {
  out.params.push([init, outcome(() => {
    const p = a.newPath("URLSearchParams", [init]);
    const r = [a.callMethod(p, "toString", []), a.callMethod(p, "get", ["a"]),
               a.callMethod(p, "getAll", ["a"]), a.callMethod(p, "has", ["b"])];
    a.callMethod(p, "append", ["n w", "v&x=é"]);
    a.callMethod(p, "set", ["a", "9"]);
    a.callMethod(p, "delete", ["b"]);
    r.push(a.callMethod(p, "toString", []), a.readProps(p, ["size"]));
    a.callMethod(p, "sort", []);
    r.push(a.callMethod(p, "toString", []));
    return r;
  })]);
}
for (const [init, base] of [["http://h/p?a=1#f", undefined], ["https://h/?x=1&y=2", undefined],
                            ["foo://h/p", undefined], ["p?q=1", "http://a/"]]) {
  out.mutate.push([init, outcome(() => {
    const u = a.newPath("URL", base === undefined ? [init] : [init, base]);
    const sp = a.readProps(u, ["searchParams"])[0];
    a.callMethod(sp, "append", ["k", "a b&c"]);
    const r = [a.readProps(u, ["href", "search"])];
    a.callMethod(sp, "set", ["x", "ü"]);
    a.callMethod(sp, "delete", ["a"]);
    r.push(a.readProps(u, ["href", "search", "searchParams.size"]));
    return r;
  })]);
}
for (const [init, other] of [[[["a", "1"], ["b", "x y"]], null], [{ k: "v", "é": "ü" }, null]]) {
  out.params.push([init, outcome(() => a.callMethod(a.newPath("URLSearchParams", [init]),
                                                   "toString", []))]);
}
console.log(JSON.stringify(out, null, 1));
