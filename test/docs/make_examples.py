"""Writes the pickles of docs/json-mapping.md's examples: argv[1] is a JSON list of
{"code", "protocol", "raw", "planned"}, argv[2] the folder. Each example's value is the last line of its
code (the lines before it set it up), pickled at its protocol, or, for a raw example, the bytes
that line evaluates to. Writes <index>.pkl for each, and all.pkl: every example appended in order.

Code runs in this module's namespace (__main__), so classes it defines are pickled by name as
`__main__.Name`, as in a user's script.
"""

import json
import os
import pickle
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import oracle  # noqa: E402


def main():
    examples = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    namespace = sys.modules["__main__"].__dict__
    expected = []
    for index, example in enumerate(examples):
        lines = example["code"].rstrip("\n").split("\n")
        try:
            exec(compile("\n".join(lines[:-1]), f"example {index}", "exec"), namespace)
            value = eval(compile(lines[-1], f"example {index}", "eval"), namespace)
        except ModuleNotFoundError:
            if not example["planned"]:
                raise
            expected.append(None)
            continue
        data = value if example["raw"] else pickle.dumps(value, protocol=example["protocol"])
        if not isinstance(data, bytes):
            raise TypeError(f"example {index}: a raw example must give bytes, got {type(data).__name__}")
        with open(os.path.join(out, f"{index}.pkl"), "wb") as f:
            f.write(data)
        expected.append("" if example["planned"] else oracle.expected_ndjson(data).rstrip("\n"))
    print(json.dumps(expected))


main()
