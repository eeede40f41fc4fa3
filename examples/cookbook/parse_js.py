"""Cookbook: parse JavaScript/TypeScript with oxc-parser (docs/cookbook.rst).

    napi-python install oxc-parser@0.159.0
    python parse_js.py
"""

import json

import napi_python

oxc = napi_python.require("oxc-parser")

source = """
import { readFile } from "node:fs/promises";
export const answer: number = 42;
export async function load(path: string) { return readFile(path, "utf8"); }
"""

# The native parseSync(filename, source, options?) returns a ParseResult whose
# getters hand over each field once (src-js/wrap.js reads each one exactly once).
result = oxc.parseSync("example.ts", source)
program_json = result.program      # the AST as ESTree JSON text
module = result.module             # imports/exports, already objects
errors = result.errors

# src-js/wrap.js does JSON.parse(program) and takes `node` (the `fixes` only
# matter for BigInt and RegExp literals: see the thick-wrapper recipe).
program = json.loads(program_json)["node"]
print([stmt["type"] for stmt in program["body"]])
assert [s["type"] for s in program["body"]] == [
    "ImportDeclaration", "ExportNamedDeclaration", "ExportNamedDeclaration"]

imports = [imp.moduleRequest.value for imp in module.staticImports]
exports = [entry.exportName.name for exp in module.staticExports for entry in exp.entries]
print("imports:", imports, "exports:", exports)
assert imports == ["node:fs/promises"] and exports == ["answer", "load"]
assert len(errors) == 0

# Syntax errors do not raise: they are in `errors`, with their position.
bad = oxc.parseSync("bad.js", "let = ;").errors
print([(e.message, e.labels[0].start) for e in bad])
assert bad[0].message == "Unexpected token"
