"""Training layouts: how a model's weights, its training state and each step's work are
split over GPUs.

A large training job combines several kinds of parallelism (llama3-2024, section 3.3.2):
tensor parallelism (TP) splits each weight matrix over a few GPUs inside a server,
pipeline parallelism (PP) splits the layers into stages, context parallelism (CP) splits
long sequences, and data parallelism (DP) runs copies of each model shard on different
data, exchanging gradients after every step. The job's GPU count is the product
TP x CP x PP x DP. Each GPU holds 1 / (TP x PP) of the weights; each data-parallel group
of DP GPUs all-reduces the gradients of that shard (:mod:`analysis.collectives`).

A step's compute is 6 N T for N parameters and T tokens (kaplan-2020); at an achieved
throughput F per GPU on G GPUs it takes 6 N T / (G F).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series
from analysis.workloads import training_compute_flop

TERA = 1e12
GIGA = 1e9


def layout_gpus(
    tensor_parallel: ArrayLike,
    context_parallel: ArrayLike,
    pipeline_parallel: ArrayLike,
    data_parallel: ArrayLike,
) -> ArrayLike:
    """GPUs a layout uses: G = TP x CP x PP x DP [GPU] (llama3-2024, section 3.3.2).

    Examples
    --------
    >>> from analysis import parallelism
    >>> # Llama 3 405B on 16,384 GPUs: TP 8, CP 1, PP 16, DP 128 (llama3-2024, Table 4)
    >>> int(parallelism.layout_gpus(8, 1, 16, 128))
    16384
    """
    return np.multiply(
        np.multiply(tensor_parallel, context_parallel),
        np.multiply(pipeline_parallel, data_parallel),
    )


@keeps_series
def shard_size_billion(
    parameters_billion: ArrayLike, tensor_parallel: ArrayLike, pipeline_parallel: ArrayLike
) -> ArrayLike:
    """Parameters held by one GPU of a model-parallel layout: N / (TP x PP) [1e9].

    Every GPU of a data-parallel group holds the same shard, and that group exchanges
    the gradients of exactly these parameters.

    Parameters
    ----------
    parameters_billion : array_like
        Parameters of the whole model N [1e9].
    tensor_parallel : array_like
        Tensor-parallel group size TP [GPU].
    pipeline_parallel : array_like
        Pipeline stages PP [GPU].

    Examples
    --------
    >>> from analysis import parallelism
    >>> # 405 B parameters over TP 8 x PP 16
    >>> round(float(parallelism.shard_size_billion(405, 8, 16)), 4)
    3.1641
    """
    ways = np.multiply(tensor_parallel, pipeline_parallel)
    if np.any(np.less(ways, 1)):
        raise ValueError(f"parallel group sizes must be at least 1; got TP x PP = {ways}")
    return np.divide(parameters_billion, ways)


@keeps_series
def tokens_per_step(
    sequence_length_tokens: ArrayLike,
    sequences_per_data_parallel_group: ArrayLike,
    data_parallel: ArrayLike,
) -> ArrayLike:
    """Tokens processed in one optimiser step: T = L x B_DP x DP [token].

    Parameters
    ----------
    sequence_length_tokens : array_like
        Tokens per sequence L [token].
    sequences_per_data_parallel_group : array_like
        Sequences each data-parallel replica takes per step B_DP [-] ('Batch size/DP'
        in llama3-2024, Table 4).
    data_parallel : array_like
        Data-parallel replicas DP [-].

    Examples
    --------
    >>> from analysis import parallelism
    >>> # 8,192-token sequences, 16 per replica, 128 replicas: the paper's '16M'
    >>> int(parallelism.tokens_per_step(8192, 16, 128))
    16777216
    """
    return np.multiply(
        np.multiply(sequence_length_tokens, sequences_per_data_parallel_group), data_parallel
    )


@keeps_series
def step_compute_time_s(
    parameters_billion: ArrayLike,
    tokens: ArrayLike,
    gpus: ArrayLike,
    achieved_tflops_per_gpu: ArrayLike,
) -> ArrayLike:
    """Compute time of one training step: t = 6 N T / (G F) [s] (kaplan-2020).

    Parameters
    ----------
    parameters_billion : array_like
        Parameters N [1e9].
    tokens : array_like
        Tokens in the step T [token] (:func:`tokens_per_step`).
    gpus : array_like
        GPUs in the job G [GPU].
    achieved_tflops_per_gpu : array_like
        Model FLOP/s each GPU achieves F [TFLOP/s] (MFU x dense peak).

    Examples
    --------
    >>> from analysis import parallelism
    >>> # 405 B parameters, 16.8 M tokens, 16,384 GPUs at 400 TFLOP/s each
    >>> round(float(parallelism.step_compute_time_s(405, 16777216, 16384, 400)), 2)
    6.22
    """
    if np.any(np.less_equal(achieved_tflops_per_gpu, 0)) or np.any(np.less_equal(gpus, 0)):
        raise ValueError("GPUs and achieved TFLOP/s per GPU must be positive")
    flop = training_compute_flop(np.multiply(parameters_billion, GIGA), tokens)
    return np.divide(flop, np.multiply(gpus, np.multiply(achieved_tflops_per_gpu, TERA)))
