"""A class of a user's own, for bench/gen/generate.py's objects.pkl and for CPython's side of the
bench (bench/lib is on its sys.path): the pickle names it `bench_classes.Reading`, a class the
decoder does not rebuild, so ours writes each object as a placeholder (`__class__`, `__state__`).
"""


class Reading:
    """A sensor reading, pickled as CPython pickles any object with a `__dict__`: NEWOBJ, BUILD."""

    def __init__(self, sensor: str, at: float, value: float, flags: list) -> None:
        self.sensor = sensor
        self.at = at
        self.value = value
        self.flags = flags
