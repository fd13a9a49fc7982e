#!/usr/bin/env python3
"""Generate the PyTorch float64 reference fixtures (format `rnn-reference-fixture/v1`).

These are the fixtures bundled in `libs/models/fixtures/reference/` and checked by
`verifyFixture()` (libs/models/src/reference.ts), `rnnlab verify` and the engine specs.

Run from the repository root (Debian: pip/PyPI is not needed, the distro packages are enough):

    sudo apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 libs/models/scripts/make-reference-fixtures.py            # rewrite the bundled fixtures
    /usr/bin/python3 libs/models/scripts/make-reference-fixtures.py --check    # regenerate, compare, write nothing
    /usr/bin/python3 libs/models/scripts/make-reference-fixtures.py --out DIR  # write elsewhere

then check both engines against them:

    npx rnnlab verify --engine tfjs
    npx rnnlab verify --engine native

Everything is float64 and seeded (one seed per fixture, see FIXTURES), so a rerun with the same
torch build reproduces the files byte for byte; another torch build may change the random draws
(not the math), which `--check` reports. The committed files come from Debian 12's python3-torch
(torch 1.13.0a0).

What is computed (the `conventions` field of every file says the same):
  rnn, lstm, gru reset-after: torch.nn.RNN / LSTM / GRU, batch-first.
  gru reset-before: PyTorch has no such GRU, so `stack_forward` below writes it from its equations
    (Cho et al. 2014, tfjs's GRU) in float64 torch ops; the same function run as reset-after, rnn
    and lstm must reproduce torch.nn to 1e-12, which checks its gate order and layout.
  loss  = sum(y * proj_y) + sum(h_T * proj_h) (+ sum(c_T * proj_c) for lstm), grads by autograd.
  tbptt = x2 [B, 2T, I] as two chunks of T steps; loss2 = sum(y_chunk2 * proj_y); grads with the
    state between the chunks detached (`grads`) and not detached (`full_bptt_grads`).
"""
import argparse
import json
import sys
from pathlib import Path

import torch

FORMAT = "rnn-reference-fixture/v1"
OUT_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
F64 = torch.float64

# Copied verbatim from the shared fixtures: it is the definition of the format.
CONVENTIONS = (
    "Inputs are batch-first: x [B, T, I]. Initial and final states are [L, B, H]. Weights use PyTorch's "
    "layout and names: weight_ih_l{k} [G*H, I_k], weight_hh_l{k} [G*H, H], bias_ih_l{k} [G*H], "
    "bias_hh_l{k} [G*H], where I_k = I for layer 0 and H above it. Gate blocks are stacked along the first "
    "axis: rnn G=1; lstm G=4 in order (i, f, g, o); gru G=3 in order (r, z, n). "
    "rnn: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). "
    "lstm: i,f,o = sigmoid(.), g = tanh(.), c' = f*c + i*g, h' = o*tanh(c'). "
    "gru (reset_after=true, PyTorch and Keras 2 default): r,z = sigmoid(W_i. x + b_i. + W_h. h + b_h.), "
    "n = tanh(W_in x + b_in + r*(W_hn h + b_hn)), h' = (1-z)*n + z*h. "
    "gru (reset_after=false, the original Cho et al. 2014 form and tfjs's GRU): "
    "n = tanh(W_in x + b_in + W_hn (r*h) + b_hn), same r, z and h'. "
    "y is the top layer's hidden state at every step [B, T, H]. "
    "loss = sum(y * proj_y) + sum(h_T * proj_h) (+ sum(c_T * proj_c) for lstm). "
    "grads holds d loss / d tensor for every param and for x, h0 (and c0). "
    "The tbptt section runs x2 [B, 2T, I] as two chunks of T steps: chunk 1 from h0 (c0), its final state "
    "detached, chunk 2 from that state; loss2 = sum(y_chunk2 * proj_y) uses chunk 2 only; tbptt.grads are "
    "d loss2 / d params under that truncation, full_bptt_grads the same loss without detaching."
)

# (file stem, cell, layers, gru_reset_after, seed): the seeds differ from ../shared's (100..106),
# so where both sets exist the tests see two independent draws.
FIXTURES = [
    ("rnn-L1", "rnn", 1, None, 200),
    ("rnn-L2", "rnn", 2, None, 201),
    ("lstm-L1", "lstm", 1, None, 202),
    ("lstm-L2", "lstm", 2, None, 203),
    ("gru-reset-after-L1", "gru", 1, True, 204),
    ("gru-reset-after-L2", "gru", 2, True, 205),
    ("gru-reset-before-L1", "gru", 1, False, 206),
]
# B batch, T time (per chunk), I input features, H hidden units: as small as the shared fixtures
DIMS = {"B": 2, "T": 5, "I": 3, "H": 4}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def torch_module(cell, I, H, L):
    """torch.nn's stack, float64, PyTorch's default init U(-1/sqrt(H), 1/sqrt(H)) from the seeded RNG."""
    cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    return cls(I, H, L, batch_first=True, dtype=F64)


def cell_step(cell, reset_after, x, h, c, w_ih, w_hh, b_ih, b_hh):
    """One step of one layer: x [B, I_k], h, c [B, H] -> h', c' [B, H]."""
    gx = x @ w_ih.T + b_ih  # [B, I_k] x [I_k, G*H] -> [B, G*H]
    if cell == "rnn":
        return torch.tanh(gx + h @ w_hh.T + b_hh), None
    if cell == "lstm":
        # gates (i, f, g, o)
        i, f, g, o = (gx + h @ w_hh.T + b_hh).chunk(4, dim=1)  # [B, G*H] -> 4 x [B, H]
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        # cell update
        c_new = f * c + i * g
        # output
        return o * torch.tanh(c_new), c_new
    # gru gates (r, z, n)
    H = h.shape[1]
    xr, xz, xn = gx.chunk(3, dim=1)  # 3 x [B, H]
    w_hr, w_hz, w_hn = w_hh.split(H, dim=0)  # 3 x [H, H]
    b_hr, b_hz, b_hn = b_hh.split(H, dim=0)  # 3 x [H]
    r = torch.sigmoid(xr + h @ w_hr.T + b_hr)
    z = torch.sigmoid(xz + h @ w_hz.T + b_hz)
    # candidate: the reset gate acts after (PyTorch) or before (Cho et al.) the recurrent matmul
    if reset_after:
        n = torch.tanh(xn + r * (h @ w_hn.T + b_hn))
    else:
        n = torch.tanh(xn + (r * h) @ w_hn.T + b_hn)
    # output
    return (1 - z) * n + z * h, None


def stack_forward(cell, reset_after, params, L, x, h0, c0):
    """The stack from its equations: x [B, T, I], h0, c0 [L, B, H] -> y [B, T, H], hT, cT [L, B, H]."""
    inp = x
    hs, cs = [], []
    for k in range(L):
        w = [params[f"{n}_l{k}"] for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        h, c = h0[k], (c0[k] if c0 is not None else None)
        ys = []
        for t in range(inp.shape[1]):
            h, c = cell_step(cell, reset_after, inp[:, t], h, c, *w)
            ys.append(h)
        inp = torch.stack(ys, dim=1)  # T x [B, H] -> [B, T, H]
        hs.append(h)
        cs.append(c)
    return inp, torch.stack(hs), (torch.stack(cs) if c0 is not None else None)


def torch_forward(module, x, h0, c0):
    """torch.nn's stack with the same signature as stack_forward."""
    if c0 is not None:
        y, (hT, cT) = module(x, (h0, c0))
        return y, hT, cT
    y, hT = module(x, h0)
    return y, hT, None


def make_fixture(cell, L, reset_after, seed):
    torch.manual_seed(seed)
    B, T, I, H = DIMS["B"], DIMS["T"], DIMS["I"], DIMS["H"]
    lstm = cell == "lstm"
    module = torch_module(cell, I, H, L)
    names = [n for n, _ in module.named_parameters()]
    params = dict(module.named_parameters())
    for k in range(L):
        assert params[f"weight_ih_l{k}"].shape == (GATES[cell] * H, I if k == 0 else H)

    # draws, in a fixed order
    x = torch.randn(B, T, I, dtype=F64)
    h0 = 0.5 * torch.randn(L, B, H, dtype=F64)
    c0 = 0.5 * torch.randn(L, B, H, dtype=F64) if lstm else None
    proj_y = torch.randn(B, T, H, dtype=F64)
    proj_h = torch.randn(L, B, H, dtype=F64)
    proj_c = torch.randn(L, B, H, dtype=F64) if lstm else None
    x2 = torch.randn(B, 2 * T, I, dtype=F64)

    # the reference forward: torch.nn where PyTorch has the cell, the equations otherwise
    def own(x_, h_, c_):
        return stack_forward(cell, reset_after, params, L, x_, h_, c_)

    def nn(x_, h_, c_):
        return torch_forward(module, x_, h_, c_)

    reset_before = cell == "gru" and not reset_after
    forward = own if reset_before else nn
    # the equations must reproduce torch.nn; reset-before has no twin there, so its code path is
    # checked as reset-after against torch.nn.GRU (the two differ in one line of cell_step)
    with torch.no_grad():
        mine = stack_forward(cell, True, params, L, x, h0, c0) if reset_before else own(x, h0, c0)
        for a, b in zip(mine, nn(x, h0, c0)):
            if a is not None:
                assert (a - b).abs().max().item() < 1e-12, f"stack_forward != torch.nn for {cell}"

    # forward + full gradients
    xs = x.clone().requires_grad_(True)
    h0s = h0.clone().requires_grad_(True)
    c0s = c0.clone().requires_grad_(True) if lstm else None
    y, hT, cT = forward(xs, h0s, c0s)
    loss = (y * proj_y).sum() + (hT * proj_h).sum()
    if lstm:
        loss = loss + (cT * proj_c).sum()
    wrt = [params[n] for n in names] + [xs, h0s] + ([c0s] if lstm else [])
    g = torch.autograd.grad(loss, wrt)
    grads = dict(zip(names + ["x", "h0"] + (["c0"] if lstm else []), g))

    # truncated BPTT: two chunks of T steps, the state between them detached or not
    def chunked_loss(detach):
        _, h1, c1 = forward(x2[:, :T], h0, c0)
        if detach:
            h1, c1 = h1.detach(), (c1.detach() if lstm else None)
        y2, _, _ = forward(x2[:, T:], h1, c1)
        return (y2 * proj_y).sum()

    loss2 = chunked_loss(True)
    tb = dict(zip(names, torch.autograd.grad(loss2, [params[n] for n in names])))
    full = dict(zip(names, torch.autograd.grad(chunked_loss(False), [params[n] for n in names])))

    def t(v):
        return v.detach().tolist()

    outputs = {"y": t(y), "hT": t(hT)}
    if lstm:
        outputs["cT"] = t(cT)
    outputs["loss"] = loss.item()
    return {
        "format": FORMAT,
        "cell": cell,
        "gru_reset_after": reset_after,
        "conventions": CONVENTIONS,
        "dims": {**DIMS, "L": L},
        "seed": seed,
        "params": {n: t(params[n]) for n in names},
        "inputs": {"x": t(x), "h0": t(h0), **({"c0": t(c0)} if lstm else {})},
        "proj": {"y": t(proj_y), "h": t(proj_h), **({"c": t(proj_c)} if lstm else {})},
        "outputs": outputs,
        "grads": {k: t(v) for k, v in grads.items()},
        "tbptt": {
            "x2": t(x2),
            "loss2": loss2.item(),
            "grads": {k: t(v) for k, v in tb.items()},
            "full_bptt_grads": {k: t(v) for k, v in full.items()},
        },
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help=f"output directory (default {OUT_DIR})")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = ap.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # sums in a fixed order: byte-identical reruns

    stale = []
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for stem, cell, L, reset_after, seed in FIXTURES:
        text = json.dumps(make_fixture(cell, L, reset_after, seed)) + "\n"
        path = args.out / f"{stem}.json"
        if args.check:
            same = path.exists() and path.read_text() == text
            print(f"{path}: {'up to date' if same else 'DIFFERS'}")
            if not same:
                stale.append(path.name)
        else:
            path.write_text(text)
            print(f"wrote {path} ({len(text)} bytes)")
    if stale:
        print(f"{len(stale)} fixture(s) differ from a fresh run (torch {torch.__version__}): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
