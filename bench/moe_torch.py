# SPDX-License-Identifier: MIT
"""The peer of shapeproof's MoE benchmark: a Mixtral-style sparse MoE block in PyTorch.

The block is the Hugging Face Mixtral sparse block's algorithm, written out here: a bias-free
router, softmax over every expert, the top k renormalised, then a Python loop over the experts,
each run (SwiGLU: w2(silu(w1 x) * w3 x)) on the tokens routed to it only, its output scaled by
the routing weight and added back with index_add_. f32 weights, inference mode, as many threads
as the machine has cores.

    python3 moe_torch.py D DFF EXPERTS TOP_K REPEATS T [T ...]

prints one line per T: "T seconds experts_hit", the fastest of REPEATS calls after a warm-up.
"""
import os
import sys
import time

import torch
import torch.nn.functional as F


class Expert(torch.nn.Module):
    def __init__(self, d, dff):
        super().__init__()
        self.w1 = torch.nn.Linear(d, dff, bias=False)
        self.w2 = torch.nn.Linear(dff, d, bias=False)
        self.w3 = torch.nn.Linear(d, dff, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class SparseMoe(torch.nn.Module):
    def __init__(self, d, dff, experts, top_k):
        super().__init__()
        self.top_k = top_k
        self.gate = torch.nn.Linear(d, experts, bias=False)
        self.experts = torch.nn.ModuleList(Expert(d, dff) for _ in range(experts))
        self.hit = 0

    def forward(self, x):
        logits = self.gate(x)
        weights = F.softmax(logits, dim=1, dtype=torch.float)
        weights, selected = torch.topk(weights, self.top_k, dim=-1)
        weights /= weights.sum(dim=-1, keepdim=True)
        out = torch.zeros_like(x)
        mask = F.one_hot(selected, num_classes=len(self.experts)).permute(2, 1, 0)
        self.hit = 0
        for e, expert in enumerate(self.experts):
            slot, token = torch.where(mask[e])
            if token.numel() == 0:
                continue
            self.hit += 1
            y = expert(x[token]) * weights[token, slot, None]
            out.index_add_(0, token, y)
        return out


def main():
    d, dff, experts, top_k, repeats = (int(a) for a in sys.argv[1:6])
    tokens = [int(a) for a in sys.argv[6:]]
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(1)
    with torch.inference_mode():
        block = SparseMoe(d, dff, experts, top_k)
        for t in tokens:
            x = torch.rand(t, d) * 2 - 1
            block(x)
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                block(x)
                best = min(best, time.perf_counter() - start)
            print(t, best, block.hit, flush=True)


if __name__ == "__main__":
    main()
