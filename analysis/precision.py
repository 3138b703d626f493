"""Number formats: how many bytes one stored value takes.

Training runs in BF16 with FP32 master weights; inference increasingly in FP8 and FP4
(nvidia-nvfp4). Block-scaled formats such as NVFP4 carry one FP8 scale per block of
16 values, so their bytes per value exceed the nominal 0.5 (nvidia-nvfp4).
"""

from __future__ import annotations

#: Nominal storage per value [B] of each format, scale factors excluded.
BYTES_PER_VALUE: dict[str, float] = {
    "FP32": 4.0,
    "BF16": 2.0,
    "FP16": 2.0,
    "FP8": 1.0,
    "INT8": 1.0,
    "FP6": 0.75,
    "FP4": 0.5,
}

#: NVFP4: 16 four-bit values share one 8-bit (FP8 E4M3) scale [values per block], nvidia-nvfp4.
NVFP4_BLOCK_VALUES = 16
NVFP4_SCALE_BYTES = 1.0


def bytes_per_value(fmt: str) -> float:
    """Storage per value [B] of number format ``fmt`` (e.g. ``"FP8"``), scales excluded.

    ``"NVFP4"`` includes its shared scale: 0.5 + 1/16 = 0.5625 B per value (nvidia-nvfp4).

    Examples
    --------
    >>> from analysis import precision
    >>> [precision.bytes_per_value(f) for f in ("BF16", "FP8", "FP4")]
    [2.0, 1.0, 0.5]
    """
    key = fmt.upper()
    if key == "NVFP4":
        return BYTES_PER_VALUE["FP4"] + NVFP4_SCALE_BYTES / NVFP4_BLOCK_VALUES
    try:
        return BYTES_PER_VALUE[key]
    except KeyError:
        known = ", ".join([*BYTES_PER_VALUE, "NVFP4"])
        raise ValueError(f"unknown number format {fmt!r}; expected one of {known}") from None
