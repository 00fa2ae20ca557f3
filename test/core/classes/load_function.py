"""Loads the pickle at argv[1] with CPython (cloudpickle installed: its helpers are what the pickle
calls), calls the function with the arguments in argv[2] (a JSON list) and prints
{"result": f(*args), "json": the function as docs/json-mapping.md writes it (test/fixtures/oracle.py)}."""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures"))
import oracle  # noqa: E402

with open(sys.argv[1], "rb") as f:
    func = pickle.load(f)
print(json.dumps({"result": func(*json.loads(sys.argv[2])), "json": oracle.to_json(func)}))
