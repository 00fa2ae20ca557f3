"""What CPython's unpickler makes of short SHORT_BINUNICODE payloads (the decoder's JS path below 25 bytes).

Args: payloads as hex. Prints JSON: per payload, {"units": [UTF-16 code units]} for the str CPython
reads (utf-8 with surrogatepass), or {"error": name} when it refuses the bytes.
"""
import json
import pickle
import sys

results = []
for hex_payload in sys.argv[1:]:
    payload = bytes.fromhex(hex_payload)
    try:
        text = pickle.loads(b"\x8c" + bytes([len(payload)]) + payload + b".")
        units = list(memoryview(text.encode("utf-16-le", "surrogatepass")).cast("H"))
        results.append({"units": units})
    except Exception as error:  # noqa: BLE001 - the oracle reports any refusal
        results.append({"error": type(error).__name__})
print(json.dumps(results))
