"""What CPython's three ways of reading one pickle make of each pickle given in hex on the command line.

For each argument prints one JSON object: the outcome of the C unpickler reading bytes
(`pickle.loads`), the C unpickler reading `io.BytesIO` (`pickle.load`), and the pure-Python
unpickler (`pickle._loads`). An outcome is "value: <repr>" or "error: <type>", followed by
" printed: <text>" when the pickle printed something (the frame trick calls builtins.print).
test/core/frames.test.ts uses it to show that a pickle breaking the frame rule is read
differently by CPython's own readers.
"""

import contextlib
import io
import json
import pickle
import sys


def outcome(read):
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            text = f"value: {read()!r}"
    except Exception as error:  # noqa: BLE001 - any failure is an outcome here
        text = f"error: {type(error).__name__}"
    if printed.getvalue():
        text += f" printed: {printed.getvalue().strip()}"
    return text


for argument in sys.argv[1:]:
    data = bytes.fromhex(argument)
    print(
        json.dumps(
            {
                "loads": outcome(lambda: pickle.loads(data)),
                "bytesio": outcome(lambda: pickle.load(io.BytesIO(data))),
                "python": outcome(lambda: pickle._loads(data)),
            }
        )
    )
