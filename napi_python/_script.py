"""What ``napi_run_script`` can evaluate without a JavaScript engine.

Addons pass small expressions to ``napi_run_script``: a global's name
(``"globalThis"``, ``"Set"``), a member chain (``"process.versions.node"``), a
constructor call (``"new Set()"``, ``"new Map([])"``), a call of a global
(``"Symbol('x')"``, ``"Object.keys(globalThis)"``), a literal, ``typeof X``,
arithmetic (Neon's tests evaluate ``"2n ** 128n - 1n"``). This
module parses exactly that language into a small tree of tuples, which the core
(cxx/src/module.cc) evaluates with the same operations an addon uses
(napi_get_property, napi_call_function, napi_new_instance): global lookups, property
reads, calls and constructions behave as they do for the addon itself.

The tree:

* ``("lit", value)``: a literal (str, int, float, bool, None for undefined,
  ``null``)
* ``("this",)``: ``this`` / ``globalThis`` at the top level: the global object
* ``("name", "X")``: a global variable (ReferenceError when there is none)
* ``("get", obj, key)``: ``obj.key`` / ``obj[key]`` (``key`` a tree)
* ``("call", callee, [args])``: a call; ``this`` is the object of a member callee
* ``("new", callee, [args])``: a construction
* ``("typeof", operand)``, ``("not", operand)``, ``("neg", operand)``,
  ``("pos", operand)``, ``("void", operand)``
* ``("array", [items])``
* ``("eq", a, b, strict, negated)``: ``a === b`` (strict), ``a == b`` (JS's loose
  equality), and their negations ``!==`` / ``!=``
* ``("and", a, b)``, ``("or", a, b)``, ``("nullish", a, b)``: ``&&``, ``||`` and ``??``,
  which evaluate ``b`` only when JS does and give one of the two operands
* ``("arith", op, a, b)``: ``a + b``, ``-``, ``*``, ``/``, ``%`` and ``**`` (JS's
  precedence, ``**`` right-associative), on numbers, BigInts (``123n`` literals; no
  mixing, as in JS) and, for ``+``, strings
* ``("arrow", (params...), body, block)``: an arrow function, ``x => x + 1``,
  ``(a, b) => a * b``, ``() => { const t = a; return t; }``: its body an expression
  (``block`` False) or a list of statements (``block`` True): ``("return", tree or
  None)``, ``("let", name, tree or None)`` (``const`` / ``let`` / ``var``) and
  ``("expr", tree)``. Its ``this`` is the enclosing one (lexical): the global
  object, as there are no other functions
* ``("local", "x")``: a parameter or a declared name of an enclosing arrow function
  (the parser resolves names lexically; any other name is a global's)

Anything else (statements outside an arrow function's body, ``function``, classes,
default, rest or destructured parameters, the other operators, object literals...)
raises a
JSSyntaxError that names the script and says what can be evaluated.
"""

import re

from ._core import BigInt, JSSyntaxError, null

__all__ = ["parse_script", "SUPPORTED"]

SUPPORTED = ("a global name, member access (a.b, a['b']), calls, new X(...), typeof, "
             "!, unary -, void, +, -, *, /, %, **, ===, !==, ==, !=, &&, ||, ??, parentheses, "
             "arrow functions (expression or block body of return / const / let / var / expression "
             "statements), and literals (numbers, BigInts, strings, true, false, null, "
             "undefined, arrays)")

_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<bigint>(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0|[1-9]\d*)n)
  | (?P<number>0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+
              |(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>\?\.|===|!==|==|!=|=>|&&|\|\||\?\?|\*\*|[.()\[\],;!\-+*/%{}=])
""", re.VERBOSE | re.DOTALL)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

_LITERALS = {"true": True, "false": False, "null": null, "undefined": None,
             "NaN": float("nan"), "Infinity": float("inf")}


class _Unsupported(Exception):
    pass


def _unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES and not (e == "0" and body[i + 2:i + 3].isdigit()):
            out.append(_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif e == "u" and body[i + 2:i + 3] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3:end], 16)))
            i = end + 1
        elif e == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:  # \\ \' \" and any other character stands for itself
            out.append(e)
            i += 2
    return "".join(out)


def _number(text):
    lower = text.lower()
    if lower.startswith(("0x", "0o", "0b")):
        return int(text, 0)
    value = float(text)
    if value.is_integer() and abs(value) < 2**53 and not re.search(r"[.eE]", text):
        return int(value)
    return value


def _tokens(source):
    pos, out = 0, []
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise _Unsupported(f"unexpected {source[pos]!r} at {pos}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        text = m.group()
        if kind == "bigint":
            out.append(("lit", BigInt(int(text[:-1], 0))))
        elif kind == "number":
            out.append(("lit", _number(text)))
        elif kind == "string":
            out.append(("lit", _unescape(text[1:-1])))
        else:
            out.append((kind, text))
    return out


_RESERVED = ("function", "class", "var", "let", "const", "return", "if", "for", "while",
             "async", "await", "yield", "delete", "in", "instanceof", "import", "export",
             "throw", "try", "new", "typeof", "void", "this", "null", "true", "false")


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.scopes = []  # the names each enclosing arrow function binds (innermost last)

    def peek(self, kind=None, text=None):
        if self.i >= len(self.tokens):
            return False
        k, t = self.tokens[self.i]
        return (kind is None or k == kind) and (text is None or t == text)

    def take(self, kind=None, text=None):
        if not self.peek(kind, text):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "end of script"
            raise _Unsupported(f"expected {text or kind}, found {found!r}")
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def script(self):
        tree = self.expression()
        while self.peek("punct", ";"):
            self.i += 1
        if self.i != len(self.tokens):
            raise _Unsupported(f"unexpected {self.tokens[self.i][1]!r}")
        return tree

    def expression(self):
        """An arrow function, or ``||`` and ``??`` (JS forbids mixing them
        unparenthesized) over ``&&`` over the equality operators over the unary ones."""
        params = self.arrow_params()
        if params is not None:
            return self.arrow(params)
        tree = self.logical_and()
        ops = set()
        while self.peek("punct", "||") or self.peek("punct", "??"):
            op = self.take()[1]
            ops.add(op)
            if len(ops) > 1:
                raise _Unsupported("|| and ?? mixed without parentheses")
            tree = ("or" if op == "||" else "nullish", tree, self.logical_and())
        return tree

    def arrow_params(self):
        """The parameter names when an arrow function starts here (``x =>``,
        ``() =>``, ``(a, b) =>``), consumed; else None, nothing consumed."""
        t, i = self.tokens, self.i

        def at(j, kind, text=None):
            return j < len(t) and t[j][0] == kind and (text is None or t[j][1] == text)

        if at(i, "name") and at(i + 1, "punct", "=>"):
            names, end = [t[i][1]], i + 1
        elif at(i, "punct", "("):
            names, j = [], i + 1
            while at(j, "name") and not at(j + 1, "punct", "=>"):
                names.append(t[j][1])
                j += 1
                if at(j, "punct", ","):
                    j += 1
                elif not at(j, "punct", ")"):
                    return None
            if not (at(j, "punct", ")") and at(j + 1, "punct", "=>")):
                return None
            end = j + 1
        else:
            return None
        for name in names:
            if name in _RESERVED or name in _LITERALS or name == "globalThis":
                raise _Unsupported(f"{name!r} as a parameter name")
        if len(set(names)) != len(names):
            raise _Unsupported("duplicate parameter name")
        self.i = end + 1
        return tuple(names)

    def arrow(self, params):
        """An arrow function's body after ``=>``: an expression, or a block of
        statements (``{`` is never an object literal here)."""
        self.scopes.append(set(params))
        try:
            if not self.peek("punct", "{"):
                return ("arrow", params, self.expression(), False)
            self.i += 1
            statements = []
            while not self.peek("punct", "}"):
                if self.peek("punct", ";"):
                    self.i += 1
                    continue
                statements.append(self.statement())
            self.take("punct", "}")
            return ("arrow", params, statements, True)
        finally:
            self.scopes.pop()

    def statement(self):
        if self.peek("name", "return"):
            self.i += 1
            value = None if self.peek("punct", ";") or self.peek("punct", "}") \
                else self.expression()
            tree = ("return", value)
        elif any(self.peek("name", w) for w in ("const", "let", "var")):
            word = self.take()[1]
            _, name = self.take("name")
            if name in _RESERVED or name in _LITERALS or name == "globalThis":
                raise _Unsupported(f"{name!r} as a variable name")
            value = None
            if self.peek("punct", "="):
                self.i += 1
                value = self.expression()
            elif word == "const":
                raise _Unsupported("missing initializer in const declaration")
            self.scopes[-1].add(name)
            tree = ("let", name, value)
        else:
            tree = ("expr", self.expression())
        if not (self.peek("punct", ";") or self.peek("punct", "}")):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "end of script"
            raise _Unsupported(f"expected ; or }}, found {found!r}")
        return tree

    def logical_and(self):
        tree = self.equality()
        while self.peek("punct", "&&"):
            self.i += 1
            tree = ("and", tree, self.equality())
        return tree

    def equality(self):
        tree = self.additive()
        while any(self.peek("punct", op) for op in ("===", "!==", "==", "!=")):
            op = self.take()[1]
            tree = ("eq", tree, self.additive(), len(op) == 3, op[0] == "!")
        return tree

    def additive(self):
        tree = self.multiplicative()
        while self.peek("punct", "+") or self.peek("punct", "-"):
            op = self.take()[1]
            tree = ("arith", op, tree, self.multiplicative())
        return tree

    def multiplicative(self):
        tree = self.exponent()
        while any(self.peek("punct", op) for op in ("*", "/", "%")):
            op = self.take()[1]
            tree = ("arith", op, tree, self.exponent())
        return tree

    def exponent(self):
        """``**``, right-associative; JS refuses a unary operator on its left
        (``-2 ** 2`` is a SyntaxError: ``(-2) ** 2`` or ``-(2 ** 2)``)."""
        prefixed = any(self.peek("punct", op) for op in ("-", "+", "!")) or \
            self.peek("name", "typeof") or self.peek("name", "void")
        tree = self.unary()
        if self.peek("punct", "**"):
            if prefixed:
                raise _Unsupported("a unary operator before ** needs parentheses")
            self.i += 1
            tree = ("arith", "**", tree, self.exponent())
        return tree

    def unary(self):
        for word, op in (("typeof", "typeof"), ("void", "void")):
            if self.peek("name", word):
                self.i += 1
                return (op, self.unary())
        for sign, op in (("!", "not"), ("-", "neg"), ("+", "pos")):
            if self.peek("punct", sign):
                self.i += 1
                operand = self.unary()
                if op != "not" and operand[0] == "lit" and type(operand[1]) in (int, float):
                    if op == "pos":
                        return operand
                    # (-0 is a number of its own in JS: the float -0.0)
                    return ("lit", -operand[1] if operand[1] != 0 else -float(operand[1]))
                if op == "neg" and operand[0] == "lit" and type(operand[1]) is BigInt:
                    return ("lit", BigInt(-operand[1]))
                return (op, operand)
        return self.postfix(self.primary())

    def primary(self):
        if self.peek("name", "new"):
            self.i += 1
            callee = self.member_chain(self.primary_no_call())
            args = self.arguments() if self.peek("punct", "(") else []
            return ("new", callee, args)
        return self.primary_no_call()

    def primary_no_call(self):
        if self.peek("name", "new"):
            return self.primary()
        if self.peek("lit"):
            return self.take()
        if self.peek("punct", "("):
            self.i += 1
            tree = self.expression()
            self.take("punct", ")")
            return tree
        if self.peek("punct", "["):
            self.i += 1
            items = self.items("]")
            return ("array", items)
        _, name = self.take("name")
        if name in _LITERALS:
            return ("lit", _LITERALS[name])
        if any(name in scope for scope in self.scopes):
            return ("local", name)
        if name in ("this", "globalThis"):
            return ("this",)
        if name in ("function", "class", "var", "let", "const", "return", "if", "for",
                    "while", "async", "await", "yield", "delete", "in", "instanceof",
                    "import", "export", "throw", "try"):
            raise _Unsupported(f"{name!r} is not supported")
        return ("name", name)

    def member_chain(self, tree):
        """`.name` and `[key]` only (the callee of `new`)."""
        while True:
            if self.peek("punct", "."):
                self.i += 1
                tree = ("get", tree, ("lit", self.take("name")[1]))
            elif self.peek("punct", "["):
                self.i += 1
                key = self.expression()
                self.take("punct", "]")
                tree = ("get", tree, key)
            else:
                return tree

    def postfix(self, tree):
        while True:
            if self.peek("punct", "("):
                tree = ("call", tree, self.arguments())
            elif self.peek("punct", ".") or self.peek("punct", "["):
                tree = self.member_chain(tree)
            elif self.peek("punct", "?."):
                raise _Unsupported("optional chaining is not supported")
            else:
                return tree

    def arguments(self):
        self.take("punct", "(")
        return self.items(")")

    def items(self, close):
        items = []
        while not self.peek("punct", close):
            items.append(self.expression())
            if not self.peek("punct", ","):
                break
            self.i += 1
        self.take("punct", close)
        return items


def parse_script(source):
    """The tree of ``source``, or JSSyntaxError naming the script."""
    try:
        return _Parser(_tokens(source)).script()
    except (_Unsupported, ValueError, IndexError, RecursionError) as e:
        shown = source if len(source) <= 80 else source[:77] + "..."
        raise JSSyntaxError(
            f"napi_run_script cannot evaluate {shown!r} ({e}): napi-python has no "
            f"JavaScript engine; it evaluates {SUPPORTED}") from None
