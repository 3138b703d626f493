"""Prefill: reading the whole prompt at once, limited by arithmetic.

A forward pass costs about 2 FLOP per active parameter per token, since every weight
takes part in one multiply and one add (kaplan-2020). Prefill pushes all T prompt tokens
through each weight matrix together, so the weights are read once for T tokens and the
phase is compute-bound (tds-prefill-decode), unless the prompt tokens processed together are
too few to pass the chip's ridge point. Attention adds a term that grows with the square of
the prompt length; it is modelled separately so its size can be seen.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

TERA = 1e12
BILLION = 1e9
#: FLOP per parameter per token of a forward pass (a multiply and an add), kaplan-2020.
FLOP_PER_PARAMETER_TOKEN = 2.0


def prefill_matmul_flop(active_parameters_b: ArrayLike, prompt_tokens: ArrayLike) -> ArrayLike:
    """Weight-matrix FLOPs of a prefill: 2 N T [FLOP] (kaplan-2020).

    Parameters
    ----------
    active_parameters_b : array_like
        Parameters used per token N [billions].
    prompt_tokens : array_like
        Prompt length T [tokens].

    Examples
    --------
    >>> from analysis import prefill
    >>> # 70 B parameters, a 10,000-token prompt: 2 x 70e9 x 1e4
    >>> print(f"{prefill.prefill_matmul_flop(70, 10_000):.3g} FLOP")
    1.4e+15 FLOP
    """
    return FLOP_PER_PARAMETER_TOKEN * np.multiply(active_parameters_b, BILLION) * prompt_tokens


@keeps_series
def prefill_attention_flop(
    layers: ArrayLike, attention_width: ArrayLike, prompt_tokens: ArrayLike
) -> ArrayLike:
    """Attention FLOPs of a causal prefill: 2 L d_attn T (T + 1) [FLOP] (chinchilla-2022).

    Hoffmann et al. count two products per layer over a sequence of T tokens: the
    key-query logits, 2 T^2 d_attn, and the softmax-weighted sum of the values, another
    2 T^2 d_attn (chinchilla-2022, Appendix F). In a causal prefill token t attends only
    to t tokens, so the two cost 4 t d_attn per layer; summing over t = 1..T gives
    4 L d_attn T (T + 1) / 2 = 2 L d_attn T (T + 1). Kaplan et al.'s per-token term
    2 L n_ctx d_attn (kaplan-2020, Table 1) counts one product at full context: halved for
    causal masking it gives half this.

    Parameters
    ----------
    layers : array_like
        Transformer layers L [-].
    attention_width : array_like
        Query heads x head dimension d_attn [values].
    prompt_tokens : array_like
        Prompt length T [tokens].

    Examples
    --------
    >>> from analysis import prefill
    >>> # 80 layers, attention width 8,192, 1,000 tokens: 2 x 80 x 8,192 x 1,000 x 1,001
    >>> print(f"{prefill.prefill_attention_flop(80, 8192, 1000):.4g} FLOP")
    1.312e+12 FLOP
    """
    tokens = np.asarray(prompt_tokens, dtype=float)
    # two products (logits, weighted values) of 2 FLOP per multiply-add, over T(T+1)/2 pairs
    return 2.0 * np.multiply(layers, attention_width) * tokens * (tokens + 1.0)


@keeps_series
def prefill_time_s(flop: ArrayLike, peak_tflops: ArrayLike, utilisation: ArrayLike) -> ArrayLike:
    """Time to do ``flop`` at a fraction of peak: F / (u P) [s].

    Parameters
    ----------
    flop : array_like
        Work [FLOP].
    peak_tflops : array_like
        Peak compute P [TFLOP/s] at the precision used (dense).
    utilisation : array_like
        Fraction of peak achieved u [-], in (0, 1] (the model FLOP utilisation).

    Examples
    --------
    >>> from analysis import prefill
    >>> # 1.4e15 FLOP at half of a 989 TFLOP/s peak
    >>> round(float(prefill.prefill_time_s(1.4e15, 989, 0.5)), 3)
    2.831
    """
    u = np.asarray(utilisation, dtype=float)
    if np.any((u <= 0) | (u > 1)):
        raise ValueError(f"utilisation must be in (0, 1]; got {utilisation!r}")
    return np.divide(flop, np.multiply(peak_tflops, TERA) * u)


@keeps_series
def parameters_for_prefill_time_b(
    time_s: ArrayLike, prompt_tokens: ArrayLike, peak_tflops: ArrayLike, utilisation: ArrayLike
) -> ArrayLike:
    """Active parameters a stated prefill time implies: N = t u P / (2 T) [billions].

    Inverts :func:`prefill_matmul_flop` and :func:`prefill_time_s`, ignoring the attention
    term (which makes the implied model a little smaller still).

    Parameters
    ----------
    time_s : array_like
        Prefill time t [s].
    prompt_tokens : array_like
        Prompt length T [tokens].
    peak_tflops : array_like
        Peak compute P [TFLOP/s].
    utilisation : array_like
        Fraction of peak achieved u [-].

    Examples
    --------
    >>> from analysis import prefill
    >>> # what 0.3 s for 10,000 tokens at half of 989 TFLOP/s implies
    >>> round(float(prefill.parameters_for_prefill_time_b(0.3, 10_000, 989, 0.5)), 2)
    7.42
    """
    achieved = np.multiply(peak_tflops, TERA) * np.asarray(utilisation, dtype=float)
    flop_per_parameter = FLOP_PER_PARAMETER_TOKEN * np.asarray(prompt_tokens, dtype=float)
    return np.multiply(time_s, achieved) / flop_per_parameter / BILLION


def prefill_intensity_flop_per_byte(
    prompt_tokens: ArrayLike, bytes_per_value: ArrayLike
) -> ArrayLike:
    """Arithmetic intensity of the prefill matrix products: 2 N T / (N b) = 2 T / b [FLOP/B].

    Each weight (b bytes) is read once and used for all T prompt tokens; activations and
    KV writes are ignored, which is fair while T is much smaller than the weight count.

    Examples
    --------
    >>> from analysis import prefill
    >>> # 4,096 prompt tokens with 1-byte (FP8) weights
    >>> float(prefill.prefill_intensity_flop_per_byte(4096, 1.0))
    8192.0
    """
    return FLOP_PER_PARAMETER_TOKEN * np.divide(prompt_tokens, bytes_per_value)


@keeps_series
def prompt_tokens_at_ridge(ridge_flop_per_byte: ArrayLike, bytes_per_value: ArrayLike) -> ArrayLike:
    """Prompt tokens at which a prefill batch reaches the ridge: T* = I* b / 2 [tokens].

    Inverts :func:`prefill_intensity_flop_per_byte`: the prompt tokens of a batch share one
    read of the weights, so below T* tokens in all prefill is memory-bound and its token
    rate grows with the tokens batched; above T* it is compute-bound and the rate stays at
    the arithmetic limit (williams-roofline-2009).

    Parameters
    ----------
    ridge_flop_per_byte : array_like
        Ridge point I* = peak / bandwidth of the chip at the precision used [FLOP/B].
    bytes_per_value : array_like
        Bytes per weight b [B].

    Examples
    --------
    >>> from analysis import prefill
    >>> # a ridge of 600 FLOP/B with 1-byte (FP8) weights
    >>> float(prefill.prompt_tokens_at_ridge(600.0, 1.0))
    300.0
    """
    return np.multiply(ridge_flop_per_byte, bytes_per_value) / FLOP_PER_PARAMETER_TOKEN
