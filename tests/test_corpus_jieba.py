"""@node-rs/jieba 2.0.3 (napi-rs): Chinese word segmentation on the native exports of
@node-rs/jieba-linux-x64-gnu (its index.js only picks the platform's binary). The
dictionary is loaded from the package's dict.txt, as ``@node-rs/jieba/dict`` does.
The expected answers are Node's (same binary). A row of bench/run.py calls ``cut``."""

import functools

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon, corpus_path

j = corpus_addon("@node-rs/jieba")


@functools.lru_cache(maxsize=None)
def jieba():
    return j.Jieba.withDict(corpus_path("@node-rs/jieba/dict.txt").read_bytes())


def test_cut_returns_a_list_of_str():
    words = jieba().cut("我们中出了一个叛徒，南京市长江大桥", False)
    assert words == ["我们", "中", "出", "了", "一个", "叛徒", "，", "南京市", "长江大桥"]
    assert all(type(w) is str for w in words)


def test_cut_all_and_tag():
    assert jieba().cutAll("我来到北京清华大学") == [
        "我", "来", "来到", "到", "北", "北京", "京", "清", "清华", "清华大学", "华", "华大",
        "大", "大学", "学"]
    tagged = jieba().tag("我来到北京清华大学")
    assert [(t["word"], t["tag"]) for t in tagged] == [
        ("我", "r"), ("来到", "v"), ("北京", "ns"), ("清华大学", "nt")]


def test_cut_bytes_input():
    # string | Uint8Array: the UTF-8 bytes of the same text cut the same
    assert jieba().cut("我来到北京清华大学".encode(), True) == ["我", "来到", "北京", "清华大学"]


def test_cut_async(run):
    async def body():
        return await jieba().cutAsync("我来到北京清华大学")
    assert run(body()) == ["我", "来到", "北京", "清华大学"]


def test_empty_dictionary_instance():
    # without a dictionary every character is its own word
    assert j.Jieba().cut("北京", False) == ["北", "京"]


def test_load_dict_rejects_a_non_buffer():
    import pytest
    with pytest.raises(napi_python.JSError):
        j.Jieba().loadDict(42)
