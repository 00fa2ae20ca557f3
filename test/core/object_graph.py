"""What CPython's unpickler built, as JSON the TypeScript tests compare with (helpers/object-graph.ts):
lists and tuples numbered on first sight ({"id", "list"} or {"id", "tuple"}), {"ref": id} when
reached again, dicts as {"dict": [[key, value], ...]}; ints, strs and other scalars are themselves.
"""


def graph(value, seen):
    if isinstance(value, (list, tuple)):
        if id(value) in seen:
            return {"ref": seen[id(value)]}
        seen[id(value)] = len(seen)
        node = {"id": seen[id(value)]}
        node["list" if isinstance(value, list) else "tuple"] = [graph(item, seen) for item in value]
        return node
    if isinstance(value, dict):
        return {"dict": [[graph(k, seen), graph(v, seen)] for k, v in value.items()]}
    return value
