"""Findings: the root causes behind the checks that fail, each reported once.

A check that fails names the finding it belongs to (``finding=`` in its registration);
the appendix lists each finding once, with every claim it touches under it.
"""

from __future__ import annotations

#: finding id -> one-line statement of the root cause, in the order of the chapters that tell them.
FINDINGS: dict[str, str] = {
    "reasoning-query": (
        "The note's reasoning query rests on premises it does not state. For a "
        "DeepSeek-R1-class model at FP8, one GPU writing one token per read of the weights "
        "cannot keep its pace; it can with speculative decoding near the top of the note's "
        "own range, or with a model of far fewer active parameters."
    ),
    "b200-halved": (
        "The note's B200 compute figures are half of NVIDIA's per-GPU figures: it gives "
        "NVIDIA's dense FP4 figure as the sparse one and halves everything below it."
    ),
    "rubin-dense": (
        "The note halves Rubin's 'NVFP4 Inference' figure to get a dense one, but NVIDIA "
        "prints a higher 'NVFP4 Training' figure, footnoted as dense (the inference figure "
        "is footnoted sparse in its datasheet): Rubin's sparsity gain is not 2:1."
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
    "s2_b200_fp4_sparse": "b200-halved",
    "s2_b200_fp4_dense": "b200-halved",
    "s2_b200_fp8_dense": "b200-halved",
    "s2_r100_fp4_dense": "rubin-dense",
}
