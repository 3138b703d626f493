"""Findings: the root causes behind the checks that fail, each reported once.

A check that fails names the finding it belongs to (``finding=`` in its registration);
the appendix lists each finding once, with every claim it touches under it.
"""

from __future__ import annotations

#: finding id -> one-line statement of the root cause, in the order of the chapters that tell them.
FINDINGS: dict[str, str] = {
    "reasoning-query": (
        "The note's reasoning query, 50,000 tokens in 90 seconds on one GPU, is faster than "
        "one GPU's memory bandwidth lets a single stream of a model the size of DeepSeek-R1 "
        "go at one token per read of its weights; it needs several GPUs, a batch that shares "
        "them with other queries, or speculative decoding."
    ),
    "b200-halved": (
        "The note's B200 compute figures are half of NVIDIA's per-GPU figures: it gives "
        "NVIDIA's dense FP4 figure as the sparse one and halves everything below it."
    ),
    "rubin-dense": (
        "The note halves Rubin's sparse FP4 figure to get a dense one, but NVIDIA's stated "
        "dense figure is higher: Rubin's sparsity gain is not 2:1."
    ),
    "air-multiple": (
        "The multiple of the air-cooling ceiling does not follow from the note's own figures."
    ),
    "coolant-balance": (
        "The coolant flow and temperature rise the note gives carry more heat than the rack draws."
    ),
    "interruptions": (
        "'Roughly one interruption per day' understates the Llama 3 paper, which counts "
        "466 interruptions in a 54-day snapshot."
    ),
    "misread-source": (
        "A figure taken from its source but attached to a different comparison than the one "
        "the source made."
    ),
    "per-watt": (
        "The generational gain in training throughput per kWh is smaller than the gain in "
        "peak compute, because power rose too."
    ),
    "memory-bound-value": (
        "The A100's value for memory-bound inference, judged by memory bandwidth, is below "
        "the share the note gives."
    ),
    "gpt4-h100": (
        "The note credits the H100 with training GPT-4, but OpenAI says GPT-4 finished "
        "training before the first H100 systems reached customers."
    ),
    "sustained-decode": (
        "'Sustained inference at 30-60% of peak' cannot describe decode, whose arithmetic "
        "intensity caps it far lower; it can describe prefill."
    ),
}

#: Findings of claims checked by a lookup of their compare_to figure (no function of their own).
PRIMARY_FINDINGS: dict[str, str] = {
    "reasoning-query": (
        "The note's reasoning query, 50,000 tokens in 90 seconds on one GPU, is faster than "
        "one GPU's memory bandwidth lets a single stream go; it needs several GPUs, or a "
        "batch that shares them with other queries."
    ),
    "s2_b200_fp4_sparse": "b200-halved",
    "s2_b200_fp4_dense": "b200-halved",
    "s2_b200_fp8_dense": "b200-halved",
    "s2_r100_fp4_dense": "rubin-dense",
}
