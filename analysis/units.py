"""Units: one pint registry for the book's unit strings, and the meaning of column suffixes.

Every column of ``data/`` carries its unit twice: in its schema (``unit = "TB/s"``) and in
its name (``memory_bandwidth_TB_per_s``). :func:`parse` reads a unit string with pint,
extended with the counting units the book uses (parameter, token, chip, FLOP, US dollar
...). :func:`suffix_unit` says what a name's suffix means, so that a test can hold the two
in agreement, and :func:`convert` replaces hand-typed factors such as ``* 1e3`` in the
checks. Decimal prefixes are decimal (GB = 1e9 B); binary ones are named (GiB = 2^30 B).

Examples
--------
>>> round(convert(96.0, "GiB", "GB"), 3)
103.079
>>> convert(9.0, "PFLOP/s", "TFLOP/s")
9000.0
"""

from __future__ import annotations

from functools import cache

import pint

_DEFINITIONS = """
FLOP = [computation]
OP = FLOP
TOPS = 1e12 * OP / second
parameter = [parameter]
token = [token]
chip = [device]
GPU = chip
CPU = [cpu]
core = [core]
request = [request]
query = [query]
event = [event]
interruption = event
example = [example]
die = [die]
value = [value]
USD = [currency]
expert = [expert]
NIC = [nic]
user = [user]
KB = 1000 * byte
billion = 1e9
trillion = 1e12
x = 1
fraction = 1
"""

#: Name suffixes and the unit each one means. Longest suffix first when matching.
SUFFIX_UNITS: dict[str, str] = {
    "_GiB": "GiB",
    "_GB": "GB",
    "_TB": "TB",
    "_MB": "MB",
    "_KiB": "KiB",
    "_kB": "kB",
    "_bytes": "byte",
    "_tokens_per_s": "token/s",
    "_per_output_token_J": "J/token",
    "_TB_per_s": "TB/s",
    "_GB_per_s": "GB/s",
    "_Gb_per_s": "Gbit/s",
    "_tera_ops_per_s": "TFLOP/s",
    "_FLOP": "FLOP",
    "_W": "W",
    "_kW": "kW",
    "_MW": "MW",
    "_kWh": "kWh",
    "_MWh": "MWh",
    "_GWh": "GWh",
    "_TWh": "TWh",
    "_J": "J",
    "_C": "degC",
    "_K": "K",
    "_MPa": "MPa",
    "_L_per_s": "L/s",
    "_kg_per_m3": "kg/m^3",
    "_kJ_per_kg_K": "kJ/(kg*K)",
    "_USD_per_h": "USD/h",
    "_billion_USD": "billion * USD",
    "_fraction": "fraction",
    "_years": "year",
    "_days": "day",
    "_h": "hour",
    "_s": "second",
    "_ms": "millisecond",
    "_billion": "billion",
    "_trillion": "trillion",
}


@cache
def registry() -> pint.UnitRegistry:
    """The book's pint registry: SI and binary prefixes plus counting units."""
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def parse(unit: str) -> pint.Unit:
    """The pint unit of ``unit`` ('TB/s', 'GiB', 'billion parameter', '%', '°C').

    Raises a :class:`ValueError` naming the string when pint cannot read it.

    Examples
    --------
    >>> str(parse("TB/s"))
    'terabyte / second'
    """
    text = unit.strip().replace("°C", "degC").replace("%", "percent").replace("×", "x")
    if text.split("/")[0].endswith("Gb"):  # pint reads "Gb" as gilbert; the book means gigabit
        raise ValueError(f"unit {unit!r}: write Gbit/s for gigabits per second")
    try:
        return registry().parse_units(text)
    except Exception as err:  # pint raises several kinds, AssertionError among them
        raise ValueError(f"unit {unit!r} is not a unit pint can read ({err!r})") from None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (dimensions must agree).

    Examples
    --------
    >>> convert(400.0, "Gbit/s", "GB/s")  # one 400G network card, one direction
    50.0
    """
    quantity = registry().Quantity(value, parse(from_unit))
    return float(quantity.to(parse(to_unit)).magnitude)


def suffix_unit(column_name: str) -> str | None:
    """The unit a column name's suffix means, or None if it has no unit suffix.

    Range ends (``_low``, ``_central``, ``_high``) are looked through:
    ``price_USD_per_h_low`` means US$ per hour.

    Examples
    --------
    >>> suffix_unit("memory_bandwidth_TB_per_s"), suffix_unit("device")
    ('TB/s', None)
    """
    for end in ("_low", "_central", "_high"):
        column_name = column_name.removesuffix(end)
    for suffix in sorted(SUFFIX_UNITS, key=len, reverse=True):
        if column_name.endswith(suffix):
            return SUFFIX_UNITS[suffix]
    return None


def same_unit(a: str, b: str) -> bool:
    """True when unit strings ``a`` and ``b`` are the same unit (factor 1, same dimension).

    Examples
    --------
    >>> same_unit("TB/s", "terabyte/second"), same_unit("GB", "GiB")
    (True, False)
    """
    ua, ub = parse(a), parse(b)
    if registry().Quantity(1, ua).dimensionality != registry().Quantity(1, ub).dimensionality:
        return False
    return abs(convert(1.0, a, b) - 1.0) < 1e-12
