"""Number.prototype.toFixed, toExponential, toPrecision and toString(radix) as JS
formats a number (ECMA-262 21.1.3): the decimal ones from the double's exact value
(a Fraction), a tie rounding to the larger digits as the spec says; toString with a
radix other than 10 writes the fraction digits only as far as the double's precision
reaches (half its distance to the next double), rounding the last one half to even,
which is what V8 prints (implementation-defined in the spec)."""

import math
from fractions import Fraction

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _round_half_up(q):
    """The integer nearest the Fraction q >= 0, the larger one on a tie."""
    return math.floor(q + Fraction(1, 2))


def _decimal_exponent(x):
    """e with 10**e <= x < 10**(e+1), for a Fraction x > 0."""
    e = math.floor(math.log10(float(x))) if float(x) > 0 else -400
    while Fraction(10) ** e > x:
        e -= 1
    while Fraction(10) ** (e + 1) <= x:
        e += 1
    return e


def _digits_and_exponent(x, p):
    """n with p digits and e such that n * 10**(e - p + 1) is nearest x (> 0)."""
    x = Fraction(x)
    e = _decimal_exponent(x)
    n = _round_half_up(x / Fraction(10) ** (e - p + 1))
    if n >= 10 ** p:  # rounded up to the next power of ten
        e += 1
        n = _round_half_up(x / Fraction(10) ** (e - p + 1))
    return str(n), e


def _shortest(x):
    """The shortest digits that read back as x (> 0), and the exponent of the first,
    as JS's Number::toString chooses them (Python's repr picks the same digits)."""
    mantissa, _, exp = repr(float(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    e = int(exp or 0) + len(whole) - 1
    if whole == "0":  # 0.00123: the first nonzero digit sets the exponent
        e = int(exp or 0) - (len(frac) - len(frac.lstrip("0"))) - 1
    return digits.rstrip("0") or "0", e


def _exponent_suffix(e):
    return f"e{'+' if e >= 0 else '-'}{abs(e)}"


def to_fixed(x, f, to_string):
    if x != x or x in (math.inf, -math.inf) or abs(x) >= 1e21:
        return to_string(x)
    sign = "-" if x < 0 else ""
    n = _round_half_up(abs(Fraction(x)) * 10 ** f)
    s = str(n)
    if f:
        s = s.rjust(f + 1, "0")
        s = f"{s[:-f]}.{s[-f:]}"
    return sign + s


def to_exponential(x, f):
    """f None: as many digits as x needs."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x == 0:
        digits, e = "0" * ((f or 0) + 1), 0
    elif f is None:
        digits, e = _shortest(x)
    else:
        digits, e = _digits_and_exponent(x, f + 1)
    body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return sign + body + _exponent_suffix(e)


def to_precision(x, p):
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x == 0:
        digits, e = "0" * p, 0
    else:
        digits, e = _digits_and_exponent(x, p)
    if e < -6 or e >= p:
        body = digits[0] + ("." + digits[1:] if p > 1 else "")
        return sign + body + _exponent_suffix(e)
    if e == p - 1:
        return sign + digits
    if e >= 0:
        return sign + digits[:e + 1] + "." + digits[e + 1:]
    return sign + "0." + "0" * (-(e + 1)) + digits


def _next_double(x):
    return math.nextafter(x, math.inf)


def to_radix_string(x, radix):
    """A finite, nonzero x in base radix (2..36, not 10)."""
    negative = x < 0
    x = abs(float(x))
    integer = math.floor(x)
    fraction = x - integer
    # only as many fraction digits as the double holds: half the gap to the next one
    delta = max(0.5 * (_next_double(x) - x), _next_double(0.0))
    frac_digits = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            frac_digits.append(digit)
            fraction -= digit
            if fraction > 0.5 or (fraction == 0.5 and digit & 1):
                if fraction + delta > 1:
                    # round up, carrying through the digits written so far
                    while True:
                        if not frac_digits:
                            integer += 1
                            break
                        d = frac_digits.pop()
                        if d + 1 < radix:
                            frac_digits.append(d + 1)
                            break
                    break
            if fraction < delta:
                break
    int_digits = []
    # digits the double cannot tell apart (it is >= 2**53 * radix): zeros
    while integer / radix >= 2.0 ** 53:
        integer /= radix
        int_digits.append("0")
    while True:
        remainder = math.fmod(integer, radix)
        int_digits.append(_DIGITS[int(remainder)])
        integer = (integer - remainder) / radix
        if integer <= 0:
            break
    s = "".join(reversed(int_digits))
    if frac_digits:
        s += "." + "".join(_DIGITS[d] for d in frac_digits)
    return ("-" if negative else "") + s
