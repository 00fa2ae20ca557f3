"""The CPython + pandas peer of the `frame` group (run by /usr/bin/python3, Debian's pandas):

    cpython_frame.py json FILE OUT    pickle.load, then df.to_json() written to OUT
    cpython_frame.py rows FILE OUT    pickle.load, then df.to_json(orient="records", lines=True) to OUT

what a user would write instead of `pkl-stream FILE -o OUT` / `pkl-stream FILE --rows -o OUT`.
"""
import pickle
import sys


def main():
    mode, path, out = sys.argv[1:4]
    with open(path, "rb") as f:
        frame = pickle.load(f)
    if mode == "json":
        text = frame.to_json()
    elif mode == "rows":
        text = frame.to_json(orient="records", lines=True)
    else:
        raise SystemExit(f"unknown mode {mode}")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


main()
