"""Pickles for test/core/engine/py2-strs.test.ts: one line per case, `name<TAB>base64`.

Python 2 strs: protocol 2 as Python 2's cPickle wrote it, each `bytes` here a py2 str
(SHORT_BINSTRING, or BINSTRING past 255 bytes), which Python 3 cannot write itself (its bytes
become `_codecs.encode` calls). The one-pass writers take a py2 str as the decoder's `encoding`
reads it.
"""
import base64
import datetime
import pickle
import struct


class Py2Pickler(pickle._Pickler):
    """Python 3's pure-Python pickler writing `bytes` as py2 strs, as cPickle wrote `str`."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_py2_str(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def dumps(obj):
    import io

    out = io.BytesIO()
    Py2Pickler(out, protocol=2).dump(obj)
    return out.getvalue()


cases = [
    ("a dict of ASCII py2 strs", {b"name": b"alice", b"tags": [b"a", b"b", b""], b"n": 3, u"uni": u"\u00e9"}),
    ("a py2 str past 255 bytes (BINSTRING)", {b"long": b"x" * 300, b"quote": b'say "hi"\n\\'}),
    ("py2 strs with Latin-1 letters", {b"caf\xe9": b"na\xefve", b"ok": b"plain"}),
    ("py2 strs that are UTF-8", {b"k": u"\u00e9t\u00e9".encode("utf-8")}),
    ("the same py2 str twice (a memo read)", [b"repeat", b"repeat", {b"repeat": 1}]),
    ("records with py2 str keys", [{b"id": i, b"name": b"n%d" % i, b"score": i * 0.5} for i in range(100)]),
    ("a datetime as Python 2 pickled it (its state a py2 str)", {b"at": datetime.datetime(2001, 2, 3, 4, 5, 6, 7)}),
    ('py2 strs in a list (bytes under "bytes")', [b"ab", b"cd"]),
    ("every byte as a Latin-1 letter, and a long one (BINSTRING)", [bytes(range(256)), b"\xe9" * 300, b"\xe9t\xe9", b"\xe9t\xe9"]),
    ("a Latin-1 py2 key and a unicode key with the same text", {b"caf\xe9": 1, u"caf\u00e9": 2}),
]
for name, obj in cases:
    print(f"{name}\t{base64.b64encode(dumps(obj)).decode()}")
