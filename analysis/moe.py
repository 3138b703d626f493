"""Mixture of experts (MoE): what routing saves per token and what it does not.

An MoE layer holds many expert feed-forward blocks and sends each token to a few of
them. DeepSeek-V3 has 671 B parameters in total and activates 37 B per token: 8 routed
experts of 256 per layer plus one shared expert (deepseek-v3). Forward compute per token
is about 2 FLOP per active parameter (kaplan-2020), so it falls by the ratio of total to
active parameters; but every expert must stay resident in memory, and tokens must be
sent to the devices holding their experts and back (all-to-all), which is network
traffic a dense model served on one node does not have.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

#: Forward-pass compute per active parameter per token [FLOP]: one multiply and one add.
FORWARD_FLOP_PER_PARAMETER = 2.0


@keeps_series
def compute_ratio_dense_to_moe(
    total_parameters: ArrayLike, active_parameters: ArrayLike
) -> ArrayLike:
    """Per-token compute of a dense model of the same size over the MoE's: N_total / N_active.

    Forward compute per token is 2 N_active for the MoE and 2 N_total for a dense model
    of equal parameter count (kaplan-2020), so the 2s cancel. DeepSeek-V3: 671 / 37
    (deepseek-v3).

    Examples
    --------
    >>> from analysis import moe
    >>> # 671 B total, 37 B active
    >>> round(float(moe.compute_ratio_dense_to_moe(671, 37)), 2)
    18.14
    """
    active = np.asarray(active_parameters, dtype=float)
    if np.any(active <= 0):
        raise ValueError(f"active_parameters must be positive; got {active_parameters!r}")
    if np.any(active > np.asarray(total_parameters, dtype=float)):
        raise ValueError("active_parameters cannot exceed total_parameters")
    return np.divide(total_parameters, active)


def forward_flop_per_token(active_parameters: ArrayLike) -> ArrayLike:
    """Forward-pass compute per token: C = 2 N_active [FLOP] (kaplan-2020).

    Parameters
    ----------
    active_parameters : array_like
        Parameters used per token N_active [-] (not billions).

    Examples
    --------
    >>> from analysis import moe
    >>> # DeepSeek-V3's 37 B active parameters
    >>> print(f"{moe.forward_flop_per_token(37e9):.3g} FLOP")
    7.4e+10 FLOP
    """
    return np.multiply(FORWARD_FLOP_PER_PARAMETER, active_parameters)


def expected_expert_fraction_touched(
    tokens_in_step: ArrayLike, experts_per_token: int, experts_per_layer: int
) -> ArrayLike:
    """Expected share of a layer's routed experts used by at least one token in a step.

    With b tokens each choosing k of E experts, and routing assumed uniform and
    independent across tokens, an expert is missed by one token with probability
    1 - k/E and by all b with (1 - k/E)^b, so the share used is 1 - (1 - k/E)^b.
    Real routers are balanced but not independent, so this is a model. In decode each
    used expert's weights are read from memory once per step, so this is also the share
    of routed-expert bytes read per step.

    Parameters
    ----------
    tokens_in_step : array_like
        Tokens processed together b [-] (in decode: the batch size).
    experts_per_token : int
        Routed experts chosen per token k (DeepSeek-V3: 8).
    experts_per_layer : int
        Routed experts per layer E (DeepSeek-V3: 256).

    Examples
    --------
    >>> from analysis import moe
    >>> import numpy as np
    >>> # 8 of 256 experts per token: one token uses 8 / 256; 100 tokens most of them
    >>> share = moe.expected_expert_fraction_touched(np.array([1, 100]), 8, 256)
    >>> share.round(4).tolist()
    [0.0312, 0.9582]
    """
    if not 0 < experts_per_token <= experts_per_layer:
        raise ValueError("need 0 < experts_per_token <= experts_per_layer")
    miss = 1.0 - experts_per_token / experts_per_layer
    return 1.0 - np.power(miss, tokens_in_step)


def all_to_all_bytes_per_token_layer(
    hidden_size: int, experts_per_token: int, bytes_dispatch: float, bytes_combine: float
) -> float:
    """Upper bound on all-to-all traffic per token per MoE layer [B].

    The token's hidden vector (d values) is sent to each of its k experts (dispatch)
    and each expert's output comes back (combine): k d (b_dispatch + b_combine) bytes,
    assuming every expert sits on another device. Co-located experts and node-limited
    routing (deepseek-v3) send less.

    Examples
    --------
    >>> from analysis import moe
    >>> # hidden size 7,168, 8 experts per token, FP8 dispatch, BF16 combine
    >>> moe.all_to_all_bytes_per_token_layer(7168, 8, 1.0, 2.0)
    172032.0
    """
    return experts_per_token * hidden_size * (bytes_dispatch + bytes_combine)


def all_to_all_tokens_per_s(
    dispatch_bytes: ArrayLike,
    combine_bytes: ArrayLike,
    one_way_B_per_s: ArrayLike,
    hosts_experts: bool = True,
) -> ArrayLike:
    """Tokens per second one GPU's link can carry through the all-to-all [tokens/s].

    A network card sends and receives at once, and ``one_way_B_per_s`` is its rate in one
    direction. With expert parallelism as DeepSeek-V3 serves it, every GPU both sends its
    own tokens out (dispatch) and sends back the outputs of the experts it holds (combine),
    so in a balanced system each direction carries the dispatch and the combine bytes of
    one token per token served: rate = B / (dispatch + combine). If the GPUs that hold the
    experts were not the ones that send the tokens (``hosts_experts=False``), a sender's
    outgoing direction would carry only the dispatch and its incoming only the combine:
    rate = B / max(dispatch, combine).

    Examples
    --------
    >>> from analysis import moe
    >>> # 6.65 MB each way per token over 58 layers, 40 GB/s in each direction
    >>> round(float(moe.all_to_all_tokens_per_s(6.65e6, 6.65e6, 40e9)))
    3008
    >>> round(float(moe.all_to_all_tokens_per_s(6.65e6, 6.65e6, 40e9, hosts_experts=False)))
    6015
    """
    if hosts_experts:
        return np.divide(one_way_B_per_s, np.add(dispatch_bytes, combine_bytes))
    return np.divide(one_way_B_per_s, np.maximum(dispatch_bytes, combine_bytes))


def tokens_for_expert_share(share: float, experts_per_token: int, experts_per_layer: int) -> float:
    """Tokens per step at which the expected share of routed experts used reaches ``share``.

    Inverts :func:`expected_expert_fraction_touched`: b = ln(1 - s) / ln(1 - k/E), under
    the same uniform, independent routing assumption.

    Examples
    --------
    >>> from analysis import moe
    >>> # tokens per step at which half of 256 experts are used, 8 per token
    >>> round(float(moe.tokens_for_expert_share(0.5, 8, 256)), 2)
    21.83
    """
    if not 0 < share < 1:
        raise ValueError(f"share must be in (0, 1); got {share}")
    if not 0 < experts_per_token < experts_per_layer:
        raise ValueError("need 0 < experts_per_token < experts_per_layer")
    return float(np.log(1.0 - share) / np.log(1.0 - experts_per_token / experts_per_layer))
