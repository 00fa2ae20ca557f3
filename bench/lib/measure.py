#!/usr/bin/env python3
"""Runs one command as a child process and reports its wall time and peak RSS.

    measure.py --stdout PATH --stderr PATH --timeout S -- CMD ARGS...

Every measurement (Node probe, CPython probe, the CLI) goes through this same wrapper, so all
figures are taken the same way: wall seconds from spawn to exit (interpreter start-up
included: users run whole processes), peak RSS from getrusage(RUSAGE_CHILDREN), which covers
the child and any descendants it waited for (the largest of them, not the sum).
Prints one JSON line: {"wallS", "maxRssKB", "exitCode", "timedOut"}.
"""

import argparse
import json
import resource
import subprocess
import sys
import threading
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stdout", required=True)
    parser.add_argument("--stderr", required=True)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    timed_out = threading.Event()

    def kill_on_timeout(child: subprocess.Popen) -> None:
        timed_out.set()
        child.kill()

    with open(args.stdout, "wb") as out, open(args.stderr, "wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        # A blocking wait() returns when the child exits. wait(timeout=...) instead polls with
        # sleeps doubling up to 50 ms, so a 47 ms process read as 65 ms and a 140 ms one as 165.
        timer = threading.Timer(args.timeout, kill_on_timeout, [child]) if args.timeout else None
        if timer is not None:
            timer.start()
        code = child.wait()
        wall = time.perf_counter() - started
        if timer is not None:
            timer.cancel()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wallS": wall, "maxRssKB": usage.ru_maxrss, "exitCode": code, "timedOut": timed_out.is_set()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
