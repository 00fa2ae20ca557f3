"""What the one-pass writers' case scripts (json_direct_cases.py, msgpack_direct_cases.py) share.

A case is a name and a pickle; the scripts print one line per case, `name<TAB>base64`.
"""
import base64
import functools
import pickle


class Cases:
    """The cases of one script, in order: CPython's pickles at each protocol, or hand-made ones."""

    def __init__(self, protocols):
        self.items = []
        self.protocols = protocols

    def add(self, name, obj, protocols=None):
        for protocol in protocols or self.protocols:
            self.items.append((f"{name} (protocol {protocol})", pickle.dumps(obj, protocol=protocol)))

    def hand(self, name, body):
        """Protocol 4 opcodes after PROTO, then STOP."""
        self.items.append((f"{name} (hand-made)", b"\x80\x04" + body + b"."))

    def declined_cases(self):
        """What both one passes leave to the value path: past the tape's depth, a container
        inside itself, a lone surrogate."""
        self.add("deep nesting past the tape's depth (250 lists)", functools.reduce(lambda acc, _: [acc], range(250), 0))
        cyclic = []
        cyclic.append(cyclic)
        self.add("a list inside itself", cyclic)
        self_dict = {}
        self_dict["self"] = self_dict
        self.add("a dict inside itself", self_dict)
        self.add("a str with a lone surrogate", {"s": "a\ud800b", "t": "ok"})

    def memo_hole_case(self):
        """Two records: the second's BINPUT skips memo indices the first set, then reads one of
        them (a hole in this record: the value path's error after the first record)."""
        self.items.append((
            "a record whose BINPUT skips memo indices the record before set, then reads one (hand-made)",
            b"\x80\x04](K\x01\x94K\x02\x94K\x03\x94e." + b"\x80\x04](K\x05q\x02h\x00e.",
        ))

    def print_all(self):
        for name, data in self.items:
            print(f"{name}\t{base64.b64encode(data).decode()}")


def s(text):
    """SHORT_BINUNICODE of `text`."""
    data = text.encode()
    return b"\x8c" + bytes([len(data)]) + data
