"""Cookbook: minify CSS with lightningcss (docs/cookbook.rst).

    napi-python install lightningcss@1.33.0
    python css_minify.py

Run it in the folder where you installed the package: require() looks for
node_modules from the current directory up, like Node.
"""

import napi_python

css = napi_python.require("lightningcss")

source = b"""
.button {
  color: #ff0000;
  background-color: rgba(0, 0, 0, 1.0);
  transition: all 200ms ease-in-out;
}
.button:hover { color: red; }
"""

# transform() takes one options object, as in JS; a Python dict is one. `code` is
# bytes (JS: a Buffer); the result's `code` is a napi_python.Buffer.
result = css.transform({
    "filename": "button.css",
    "code": source,
    "minify": True,
})
minified = bytes(result.code).decode()
print(minified)
assert minified == ".button{color:red;background-color:#000;transition:all .2s ease-in-out}" \
                   ".button:hover{color:red}", minified

# A JS SyntaxError arrives as napi_python.JSSyntaxError (a JSError): its JS
# properties are attributes (name, message, and what lightningcss adds: loc).
try:
    css.transform({"filename": "broken.css", "code": b".a { color: }}}"})
except napi_python.JSSyntaxError as e:
    print(f"{e.name}: {e.message} at {e.loc.line}:{e.loc.column}")
