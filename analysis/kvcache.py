"""The key-value (KV) cache: attention memory that grows with every token a request holds.

For each token in its context, every layer keeps one key and one value vector per KV
head, so the cache per token is 2 x layers x KV heads x head dimension x bytes per value
(nvidia-inference; brenndoerfer-kvcache). Grouped-query attention shares each KV head
among several query heads (ainslie-gqa-2023); storing the cache in FP8 or FP4 shrinks
bytes per value; paged allocation removes memory that contiguous reservation wastes
(kwon-pagedattention-2023). The cache, not the arithmetic, caps how many requests fit
on a GPU at once.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

#: Key and value: two vectors cached per head per layer per token.
KV_TENSORS = 2
GIGA = 1e9
KIBI = 1024
GIBI = 1024**3


def kv_bytes_per_token(
    layers: ArrayLike, kv_heads: ArrayLike, head_dim: ArrayLike, bytes_per_value: ArrayLike
) -> ArrayLike:
    """KV cache per token of context: 2 x L x h_kv x d_head x b [B] (nvidia-inference).

    Parameters
    ----------
    layers : array_like
        Transformer layers L [-].
    kv_heads : array_like
        Key/value heads per layer h_kv [-] (equal to the query heads without GQA).
    head_dim : array_like
        Dimension of one head d_head [values].
    bytes_per_value : array_like
        Storage per cached value b [B], e.g. 2 for BF16 (see :mod:`analysis.precision`).

    Returns
    -------
    array_like
        Bytes of cache per token [B].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # Llama 3 70B: 80 layers, 8 KV heads of 128 values, BF16
    >>> float(kvcache.kv_bytes_per_token(80, 8, 128, 2))
    327680.0
    """
    for name, value in (("layers", layers), ("kv_heads", kv_heads), ("head_dim", head_dim)):
        if np.any(np.asarray(value) <= 0):
            raise ValueError(f"{name} must be positive; got {value!r}")
    return KV_TENSORS * np.multiply(
        np.multiply(layers, kv_heads), np.multiply(head_dim, bytes_per_value)
    )


def kv_bytes_per_request(bytes_per_token: ArrayLike, context_tokens: ArrayLike) -> ArrayLike:
    """KV cache of one request holding ``context_tokens`` tokens [B].

    Parameters
    ----------
    bytes_per_token : array_like
        Output of :func:`kv_bytes_per_token` [B/token].
    context_tokens : array_like
        Tokens in the request's context, prompt plus output so far [tokens].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # 327,680 B per token over an 8,192-token context
    >>> print(f"{kvcache.kv_bytes_per_request(327_680, 8192) / 1e9:.3f} GB")
    2.684 GB
    """
    return np.multiply(bytes_per_token, context_tokens)


def kv_bytes_for_batch(
    bytes_per_token: ArrayLike, context_tokens: ArrayLike, requests: ArrayLike
) -> ArrayLike:
    """KV cache of ``requests`` concurrent requests of equal context [B].

    Parameters
    ----------
    bytes_per_token : array_like
        [B/token].
    context_tokens : array_like
        Context per request [tokens].
    requests : array_like
        Concurrent requests (batch size) [-].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # 32 such requests
    >>> print(f"{kvcache.kv_bytes_for_batch(327_680, 8192, 32) / 1e9:.1f} GB")
    85.9 GB
    """
    return np.multiply(kv_bytes_per_request(bytes_per_token, context_tokens), requests)


def gqa_reduction_factor(attention_heads: ArrayLike, kv_heads: ArrayLike) -> ArrayLike:
    """Cache reduction of grouped-query attention against full multi-head attention [-].

    Without GQA each of the h query heads has its own key and value head; GQA keeps h_kv
    of them, so the cache shrinks by h / h_kv (ainslie-gqa-2023).

    Examples
    --------
    >>> from analysis import kvcache
    >>> # 64 query heads sharing 8 KV heads
    >>> float(kvcache.gqa_reduction_factor(64, 8))
    8.0
    """
    if np.any(np.asarray(kv_heads) <= 0):
        raise ValueError(f"kv_heads must be positive; got {kv_heads!r}")
    return np.divide(attention_heads, kv_heads)


def precision_reduction_factor(
    baseline_bytes_per_value: ArrayLike, bytes_per_value: ArrayLike
) -> ArrayLike:
    """Cache reduction from storing each value in fewer bytes: b_baseline / b [-].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # BF16 (2 bytes) to FP8 (1 byte)
    >>> float(kvcache.precision_reduction_factor(2, 1))
    2.0
    """
    return np.divide(baseline_bytes_per_value, bytes_per_value)


@keeps_series
def paged_capacity_factor(
    waste_fraction_before: ArrayLike, waste_fraction_after: ArrayLike = 0.0
) -> ArrayLike:
    """More cache that fits in the same memory once allocation waste falls [-].

    If a fraction w of the memory reserved for KV cache is wasted (reserved for tokens a
    request never produces, or fragmented), only 1 - w holds tokens. Cutting the waste
    from w_before to w_after multiplies usable cache by (1 - w_after) / (1 - w_before)
    (kwon-pagedattention-2023).

    Parameters
    ----------
    waste_fraction_before : array_like
        Wasted share of KV memory with contiguous allocation [-], in [0, 1).
    waste_fraction_after : array_like
        Wasted share with paged allocation [-]; near zero per kwon-pagedattention-2023.

    Examples
    --------
    >>> from analysis import kvcache
    >>> # removing 60% waste fits 1 / (1 - 0.6) = 2.5 times the cache
    >>> round(float(kvcache.paged_capacity_factor(0.6)), 6)
    2.5
    """
    before = np.asarray(waste_fraction_before, dtype=float)
    if np.any((before < 0) | (before >= 1)):
        raise ValueError(f"waste_fraction_before must be in [0, 1); got {waste_fraction_before!r}")
    return np.divide(np.subtract(1.0, waste_fraction_after), np.subtract(1.0, before))


def max_concurrent_requests(
    memory_gb: ArrayLike, weights_gb: ArrayLike, kv_bytes_per_request_: ArrayLike
) -> ArrayLike:
    """Whole requests whose KV cache fits beside the weights: floor((M - W) / KV) [-].

    Activations and framework overheads are ignored, so this is an upper bound.

    Parameters
    ----------
    memory_gb : array_like
        Accelerator memory M [GB] (1 GB = 1e9 B).
    weights_gb : array_like
        Resident weights W [GB].
    kv_bytes_per_request_ : array_like
        KV cache per request [B].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # 141 GB of HBM, 70 GB of weights, 2.7 GB of cache per request
    >>> int(kvcache.max_concurrent_requests(141, 70, 2.7e9))
    26
    """
    free_bytes = np.subtract(memory_gb, weights_gb) * GIGA
    return np.maximum(np.floor(np.divide(free_bytes, kv_bytes_per_request_)), 0)


@keeps_series
def context_tokens_that_fit(
    memory_gb: ArrayLike,
    weights_gb: ArrayLike,
    bytes_per_token: ArrayLike,
    requests: ArrayLike,
) -> ArrayLike:
    """Context each of ``requests`` requests can hold beside the weights: (M - W) / (n k).

    Activations and framework overheads are ignored, so this is an upper bound.

    Parameters
    ----------
    memory_gb : array_like
        Accelerator memory M [GB] (1 GB = 1e9 B).
    weights_gb : array_like
        Resident weights W [GB].
    bytes_per_token : array_like
        KV cache per token k [B] (:func:`kv_bytes_per_token`).
    requests : array_like
        Requests held at once n [-], > 0.

    Returns
    -------
    array_like
        Tokens of context per request [tokens].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # 16 GB left beside the weights, 327,680 B a token, 50 requests: about 977 tokens each
    >>> round(float(kvcache.context_tokens_that_fit(86, 70, 327_680, 50)))
    977
    """
    if np.any(np.asarray(requests) <= 0):
        raise ValueError(f"requests must be positive; got {requests!r}")
    free_bytes = np.subtract(memory_gb, weights_gb) * GIGA
    return np.divide(free_bytes, np.multiply(requests, bytes_per_token))


def mean_context_tokens(prompt_tokens: ArrayLike, output_tokens: ArrayLike) -> ArrayLike:
    """Context a request holds on average while it writes its answer [tokens]: p + L / 2.

    The cache grows by one token per decode step, from the prompt p to p + L, so over the
    L steps of an answer it holds p + L / 2 tokens on average (to within half a token). A
    server whose requests are at staggered stages of their answers holds that much cache
    per request in steady state; paged allocation (kwon-pagedattention-2023) lets it admit
    requests on the cache they hold rather than on their longest.

    Parameters
    ----------
    prompt_tokens : array_like
        Tokens of the prompt p [tokens].
    output_tokens : array_like
        Tokens the answer writes L [tokens].

    Examples
    --------
    >>> from analysis import kvcache
    >>> # a 1,000-token prompt and a 50,000-token answer
    >>> float(kvcache.mean_context_tokens(1000, 50_000))
    26000.0
    """
    for name, value in (("prompt_tokens", prompt_tokens), ("output_tokens", output_tokens)):
        if np.any(np.asarray(value, dtype=float) < 0):
            raise ValueError(f"{name} cannot be negative; got {value!r}")
    return np.add(prompt_tokens, np.multiply(output_tokens, 0.5))
