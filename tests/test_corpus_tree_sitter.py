"""tree-sitter 0.22.4 with the grammar of tree-sitter-javascript 0.23.1 (both
node-addon-api): node-reference/tree-sitter.js.

The package's index.js moves syntax nodes between JS and the addon through shared
typed arrays: a node is 6 uint32 words that the addon writes into
``exports.nodeTransferArray`` (and reads back from there before each
``NodeMethods.*(tree)`` call), points come back in ``pointTransferArray``. ``Node``
below does that marshalling, as index.js does. The grammar addon exports its
language as a type-tagged External that tree-sitter.node checks."""

import pytest

import napi_python
from corpus.support import corpus_addon

ts = corpus_addon("tree-sitter")
JS = corpus_addon("tree-sitter-javascript")
NODE_FIELDS = 6

SOURCE = "function f(a) { return a + 1; }\nlet x = f(2);"


class Node:
    def __init__(self, tree, fields):
        self.tree, self.fields = tree, fields

    def _call(self, method, *args):
        transfer = ts.nodeTransferArray      # the addon may replace it with a larger one
        for i, word in enumerate(self.fields):
            transfer[i] = word
        return getattr(ts.NodeMethods, method)(self.tree, *args)

    def _node(self, result):
        return unmarshal(self.tree, result)

    @property
    def type(self):
        return self._call("type")

    @property
    def child_count(self):
        return self._call("childCount")

    def child(self, index):
        return self._node(self._call("child", index))

    def child_for_field_name(self, name):
        return self._node(self._call("childForFieldName", name))

    @property
    def text(self):
        return self.tree.source[int(self._call("startIndex")):int(self._call("endIndex"))]

    def position(self, which):
        self._call(which)
        row, column = ts.pointTransferArray
        return {"row": row, "column": column}

    def __str__(self):
        return self._call("toString")


def unmarshal(tree, value, offset=0):
    """index.js unmarshalNode: a number is the node's type id and its fields wait in
    nodeTransferArray; id 0 (both first words) means no node."""
    transfer = ts.nodeTransferArray
    fields = [transfer[offset + i] for i in range(NODE_FIELDS)]
    if fields[0] == 0 and fields[1] == 0:
        return None
    return Node(tree, fields)


def parse(parser, source):
    # index.js passes a callback giving the text from an offset (UTF-16 units)
    tree = parser.parse(lambda offset, _position: source[int(offset):], None, None, None)
    tree.source = source
    return tree


def root_node(tree):
    return unmarshal(tree, tree.rootNode())


@pytest.fixture(scope="module")
def parser():
    p = ts.Parser()
    p.setLanguage(JS)
    return p


class Query(ts.Query):
    """index.js defines Query.prototype._init (predicates), which the native
    constructor calls; these queries have no predicates."""

    def _init(self):
        self.init_called = True


def test_grammar_exports_a_language():
    assert JS.name == "javascript"
    assert isinstance(JS.language, napi_python.External)


def test_parse_to_sexp(parser):
    root = root_node(parse(parser, SOURCE))
    assert str(root) == (
        "(program (function_declaration name: (identifier) parameters: "
        "(formal_parameters (identifier)) body: (statement_block (return_statement "
        "(binary_expression left: (identifier) right: (number))))) (lexical_declaration "
        "(variable_declarator name: (identifier) value: (call_expression function: "
        "(identifier) arguments: (arguments (number))))))")
    assert root.child_count == 2


def test_children_fields_and_positions(parser):
    fn = root_node(parse(parser, SOURCE)).child(0)
    assert fn.type == "function_declaration"
    assert fn.child_for_field_name("name").text == "f"
    assert fn.position("startPosition") == {"row": 0, "column": 0}
    assert fn.position("endPosition") == {"row": 0, "column": 31}


def test_syntax_error_is_flagged(parser):
    root = root_node(parse(parser, "let = ;"))
    assert root._call("hasError") is True


def test_query_captures(parser):
    tree = parse(parser, SOURCE)
    root = root_node(tree)
    q = Query(JS, "(identifier) @id")
    assert q.init_called
    for i, word in enumerate(root.fields):
        ts.nodeTransferArray[i] = word
    # index.js Query.captures: _captures(tree, start row/column, end row/column,
    # startIndex, endIndex, matchLimit, maxStartDepth, timeoutMicros)
    matches, nodes = q._captures(tree, 0, 0, 0, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    assert matches.count("id") == len(nodes) == 5
    texts = [unmarshal(tree, n, i * NODE_FIELDS) for i, n in enumerate(nodes)]
    assert [n.text for n in texts] == ["f", "a", "a", "x", "f"]


def test_bad_query():
    with pytest.raises(napi_python.JSError) as info:
        Query(JS, "(nonexistent_node)")
    assert info.value.message == "Query error of type TSQueryErrorNodeType at position 1"
