"""Decimal literals and CPython's str(Decimal(literal)) for each, as JSON pairs (decimal-text.test.ts).

Most are in the form CPython pickles (str of a Decimal: digits, a point, a sign), the rest are
hand-written forms: leading zeros, exponents, underscores, specials, zeros after "0." near the
six that switch str() to exponent form.
"""
import decimal
import json
import random

rng = random.Random(7)


def digits(low, high, first_nonzero=False):
    n = rng.randint(low, high)
    text = "".join(rng.choice("0123456789") for _ in range(n))
    if first_nonzero and text:
        text = rng.choice("123456789") + text[1:]
    return text


def literal():
    kind = rng.random()
    sign = rng.choice(["", "", "-", "+"])
    if kind < 0.05:
        return sign + rng.choice(["NaN", "nan", "sNaN", "Infinity", "inf", "NaN12"])
    whole = rng.choice(["0", digits(1, 12, True), "0" * rng.randint(1, 3) + digits(0, 4)])
    text = sign + whole
    if rng.random() < 0.7:
        text += "." + "0" * rng.randint(0, 9) + digits(0, 8)
    if rng.random() < 0.1:
        text += rng.choice(["e", "E"]) + rng.choice(["", "-", "+"]) + digits(1, 2)
    if rng.random() < 0.02:
        text = text.replace("0", "0_", 1)
    return text


pairs = []
for _ in range(4000):
    text = literal()
    try:
        pairs.append([text, str(decimal.Decimal(text))])
    except decimal.InvalidOperation:
        pass
# What pickles hold: str() of Decimals made every way.
for _ in range(2000):
    value = decimal.Decimal(rng.randint(-10**12, 10**12)).scaleb(-rng.randint(0, 14))
    pairs.append([str(value), str(value)])
# Exponents past a double's integers and at the edges of what Decimal() takes (None: it refuses).
EMAX = 999999999999999999
for text in ["1e9007199254740993", "1.2345e-9007199254740991", "-7e+9007199254740995", f"1e{EMAX}", f"1e{EMAX + 1}",
             f"123e{EMAX - 2}", f"123e{EMAX - 1}", f"0e{EMAX}", f"0e{EMAX + 1}", f"1e-{2 * EMAX - 1}", f"1e-{2 * EMAX}",
             f"12.5e-{2 * EMAX - 2}", "1e999999999999999999999", "0.5e-99999999999999999999999"]:
    try:
        pairs.append([text, str(decimal.Decimal(text))])
    except decimal.InvalidOperation:
        pairs.append([text, None])
# Any Unicode decimal digit is a digit, Unicode whitespace at the ends is stripped, underscores
# anywhere are dropped; other non-ASCII characters and whitespace inside are refused.
for text in ["\u0663", "\u0661\u0662.\u0665", "\uff11\uff12", "\U0001d7d9\U0001d7da", "\U0001d7ce\U0001d7e2\U0001d7f6\U0001d7ff",
             "\u09e7e\u0967", "\xa01\u3000", "\u20281.5\x85", "1 0", "\x1c1", "1\x1f", "\t-2.5\n", "_1_", "1__0.0_1",
             "\u00bd", "1\u00b2", "\u0663\u0664\u06f5", "\u0e51\u0e52", "-\u0967e-\u0968", "\u0661" * 30, "1\x00", "0 _", "_ 1", "inf\r_", " _1_ ", "\U0001d7ce\U0001d7cf", "1_\u00a0"]:
    try:
        pairs.append([text, str(decimal.Decimal(text))])
    except decimal.InvalidOperation:
        pairs.append([text, None])
print(json.dumps(pairs))
