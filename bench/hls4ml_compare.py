#!/usr/bin/env python3
"""Run hls4ml (1.3.0) and loom side by side on the jet-tagging MLP.

Run with the interpreter of .venv-hls4ml (hls4ml_compare.sh creates it):

    .venv-hls4ml/bin/python bench/hls4ml_compare.py LOOM_BINARY MODELS_DIR [options]

MODELS_DIR is the shared models folder (it holds onnx/three_layer_keras.onnx).

What it does:
  1. converts onnx/three_layer_keras.onnx with hls4ml's ONNX converter (Vivado
     backend, io_parallel, Latency, every type ap_fixed<16,6>), compiles hls4ml's
     C-simulation library and times conversion and compilation; times `loom convert`
     and `loom csim` (g++ of loom's project, run, compare) of the same model and types,
     with an empty compile cache and again with the precompiled ap_types header;
  2. times hls_model.predict() and `loom predict` on the same inputs;
  3. traces every layer in both tools on samples drawn on the ap_fixed<16,6>
     grid (k/1024 in [-8, 8)) and compares them value by value;
  4. checks how hls4ml's decimal weight text quantizes compared with quantizing
     the float32 weights directly (what loom does), and reruns loom on a copy of
     the model whose weights are hls4ml's effective (text-parsed) values;
  5. repeats 3-4 with a narrow weight type on every Dense (default
     ap_fixed<8,4>, i.e. 4 fractional bits and so 4 decimals of weight text),
     where the text rounding does change weights.
"""

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

PRECISION = 'ap_fixed<16,6>'
MODEL_REL = os.path.join('onnx', 'three_layer_keras.onnx')


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def log(*a):
    print(*a, file=sys.stderr, flush=True)


def parse_fixed(s):
    m = re.fullmatch(r'\s*ap_fixed<\s*(\d+)\s*,\s*(-?\d+)\s*>\s*', s)
    if not m:
        raise ValueError(f'expected ap_fixed<W,I>, got {s!r}')
    return int(m.group(1)), int(m.group(2))


def grid_inputs(n, n_features, seed):
    """Samples exactly representable in ap_fixed<16,6>: k/1024, k in [-8192, 8192)."""
    width, integer = parse_fixed(PRECISION)
    rng = np.random.default_rng(seed)
    half = 1 << (width - 1)
    k = rng.integers(-half, half, size=(n, n_features))
    return k.astype(np.float64) / (1 << (width - integer))


def quantize_trn_wrap(values, width, integer):
    """ap_fixed<width,integer,AP_TRN,AP_WRAP> of doubles, as integer codes."""
    v = np.asarray(values, dtype=np.float64)
    code = np.floor(np.ldexp(v, width - integer)).astype(np.int64)  # exact scaling
    half = 1 << (width - 1)
    return ((code + half) % (1 << width)) - half


def parse_weight_text(path):
    with open(path) as f:
        text = f.read().strip()
    tokens = [t.strip() for t in text.split(',') if t.strip()]
    return tokens, np.array([float(t) for t in tokens], dtype=np.float64)


def run_loom(loom, model, cfg, x_path, y_path, threads, trace_dir=None):
    cmd = [loom, 'predict', model, '--config', cfg, '--input', x_path, '--output', y_path,
           '--threads', str(threads)]
    if trace_dir:
        cmd += ['--trace', trace_dir]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f'loom failed ({proc.returncode}): {" ".join(cmd)}\n{proc.stderr}')
    out = proc.stdout + proc.stderr
    m = re.search(r'in ([0-9.]+) s \(([0-9.]+) samples/s\)', out)
    rate = float(m.group(2)) if m else float('nan')
    return cmd, wall, rate


def write_loom_config(path, dense_names=(), weight_precision=None):
    lines = ['Backend: Vivado', 'IOType: io_parallel', 'HLSConfig:', '  Model:',
             f'    Precision: {PRECISION}', '    ReuseFactor: 1', '    Strategy: Latency']
    if weight_precision:
        lines.append('  LayerName:')
        for name in dense_names:
            lines += [f'    {name}:', '      Precision:', f'        weight: {weight_precision}']
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def compare(a, b):
    a = np.asarray(a, dtype=np.float64).reshape(a.shape[0], -1)
    b = np.asarray(b, dtype=np.float64).reshape(b.shape[0], -1)
    if a.shape != b.shape:
        return None
    d = np.abs(a - b)
    return a.size, int(np.count_nonzero(d)), float(d.max()) if d.size else 0.0


# ---------------------------------------------------------------------------
# hls4ml side
# ---------------------------------------------------------------------------

def build_hls4ml(model_path, out_dir, trace, weight_precision=None):
    import hls4ml
    import onnx

    onnx_model = onnx.load(model_path)
    t0 = time.perf_counter()
    cfg = hls4ml.utils.config_from_onnx_model(
        onnx_model, granularity='name', default_precision=PRECISION, backend='Vivado')
    cfg['Model']['Strategy'] = 'Latency'
    cfg['Model']['ReuseFactor'] = 1
    # every type that config_from_onnx_model leaves as 'auto' becomes ap_fixed<16,6>
    # (hls4ml keeps its own default table types for Softmax / activations)
    for layer_cfg in cfg['LayerName'].values():
        prec = layer_cfg.get('Precision')
        if isinstance(prec, dict):
            for key, val in list(prec.items()):
                if val == 'auto':
                    prec[key] = PRECISION
        elif prec == 'auto':
            layer_cfg['Precision'] = PRECISION
        layer_cfg['Trace'] = trace
    # hls4ml's MatmulConstToDense gives the Dense the MatMul node's configuration
    for node in onnx_model.graph.node:
        if node.op_type == 'MatMul':
            prec = cfg['LayerName'][node.name].setdefault('Precision', {})
            prec['weight'] = weight_precision or PRECISION
            prec['bias'] = PRECISION
            prec['accum'] = PRECISION
            prec['result'] = PRECISION
    hls_model = hls4ml.converters.convert_from_onnx_model(
        onnx_model, output_dir=out_dir, backend='Vivado', io_type='io_parallel',
        hls_config=cfg, project_name='myproject')
    t1 = time.perf_counter()
    hls_model.compile()  # writes the project, then g++ on the generated C++
    t2 = time.perf_counter()
    return hls_model, onnx_model, t1 - t0, t2 - t1


def layer_types(hls_model):
    rows = []
    for layer in hls_model.get_layers():
        types = {k: str(v.precision) for k, v in layer.types.items() if not k.endswith('index_t')}
        rows.append((layer.name, layer.class_name, types))
    return rows


def weight_text_check(hls_model, onnx_model, out_dir):
    """Compare hls4ml's effective weights (decimal text -> double -> ap_fixed AP_TRN,
    which is what nnet::load_weights_from_txt does in C simulation) with
    ap_fixed AP_TRN of the float32 ONNX weight (what loom does)."""
    from onnx import numpy_helper

    inits = {i.name: numpy_helper.to_array(i) for i in onnx_model.graph.initializer}
    matmuls = [n.input[1] for n in onnx_model.graph.node if n.op_type == 'MatMul']
    adds = [n.input[1] for n in onnx_model.graph.node if n.op_type == 'Add']
    dense = [l for l in hls_model.get_layers() if l.class_name == 'Dense']
    alpha = [l for l in hls_model.get_layers() if l.class_name == 'ApplyAlpha']
    if len(dense) != len(matmuls) or len(alpha) != len(adds):
        log('warning: hls4ml layer structure differs from the expected Dense+ApplyAlpha pairs')
    pairs = [(o, l.weights['weight']) for o, l in zip(matmuls, dense)]
    pairs += [(o, l.weights['bias']) for o, l in zip(adds, alpha)]

    rows, effective = [], {}
    for onnx_name, var in pairs:
        prec = var.type.precision
        width, integer = prec.width, prec.integer
        data = inits[onnx_name]
        tokens, text_vals = parse_weight_text(
            os.path.join(out_dir, 'firmware', 'weights', f'{var.name}.txt'))
        flat32 = np.asarray(data, dtype=np.float32).ravel(order='C')
        assert text_vals.size == flat32.size, (var.name, text_vals.size, flat32.size)
        q_text = quantize_trn_wrap(text_vals, width, integer)
        q_f32 = quantize_trn_wrap(flat32.astype(np.float64), width, integer)
        diff = np.nonzero(q_text != q_f32)[0]
        examples = [(int(i), float(flat32[i]), tokens[i], int(q_f32[i]), int(q_text[i]))
                    for i in diff[:3]]
        decimals = len(tokens[0].split('.')[1]) if '.' in tokens[0] else 0
        rows.append((onnx_name, var.name, f'ap_fixed<{width},{integer}>', flat32.size,
                     decimals, len(diff), examples))
        effective[onnx_name] = np.ldexp(q_text.astype(np.float64), -(width - integer)).astype(
            np.float32).reshape(data.shape)
    return rows, effective


def decimal_text_sweep(onnx_model, frac_bits_list):
    """hls4ml writes a weight of type ap_fixed<W,I> with F = W-I decimals ('{:.Ff}').
    For each F, count this model's weights whose AP_TRN code differs between the
    text value and the float32 value."""
    from onnx import numpy_helper
    w = np.concatenate([numpy_helper.to_array(i).astype(np.float64).ravel()
                        for i in onnx_model.graph.initializer])
    rows = []
    for f in frac_bits_list:
        text = np.array([float(f'{v:.{f}f}') for v in w])
        nd = int(np.count_nonzero(np.floor(np.ldexp(text, f)) != np.floor(np.ldexp(w, f))))
        rows.append((f, w.size, nd))
    return rows


def model_with_weights(onnx_model, replacements, path):
    import onnx
    from onnx import numpy_helper
    m = onnx.ModelProto()
    m.CopyFrom(onnx_model)
    for init in m.graph.initializer:
        if init.name in replacements:
            init.CopyFrom(numpy_helper.from_array(replacements[init.name], init.name))
    onnx.save(m, path)


def layer_comparison(args, loom, model_path, work, tag, xt, xt_path, weight_precision):
    """Trace both tools on xt; compare per layer. Also rerun loom on hls4ml's
    effective weights. Returns a dict for the report."""
    prj = os.path.join(work, f'hls4ml_prj_trace_{tag}')
    hls_model, onnx_model, _, _ = build_hls4ml(model_path, prj, trace=True,
                                               weight_precision=weight_precision)
    t0 = time.perf_counter()
    _, hls_trace = hls_model.trace(xt)  # rebuilds the library with tracing on
    t_trace = time.perf_counter() - t0

    dense_names = [n.name for n in onnx_model.graph.node if n.op_type == 'MatMul']
    cfg = os.path.join(work, f'loom_{tag}.yml')
    write_loom_config(cfg, dense_names, weight_precision)

    loom_tr = os.path.join(work, f'loom_trace_{tag}')
    run_loom(loom, model_path, cfg, xt_path, os.path.join(work, f'y_trace_{tag}.npy'), 1, loom_tr)
    wrows, effective = weight_text_check(hls_model, onnx_model, prj)
    eff_model = os.path.join(work, f'model_hls4ml_weights_{tag}.onnx')
    model_with_weights(onnx_model, effective, eff_model)
    loom_tr2 = os.path.join(work, f'loom_trace_hls4ml_weights_{tag}')
    run_loom(loom, eff_model, cfg, xt_path, os.path.join(work, f'y_trace2_{tag}.npy'), 1, loom_tr2)

    # loom names a layer's output after its ONNX node (MatMul+Add fused under the
    # MatMul node's name); in graph order
    loom_names = [n.name for n in onnx_model.graph.node
                  if os.path.exists(os.path.join(loom_tr, f'{n.name}.npy'))]
    # hls4ml splits MatMul+Add into Dense (zero bias) + ApplyAlpha (the bias); the
    # Dense output before the bias has no loom counterpart
    hls_layers = [l for l in hls_model.get_layers() if l.name in hls_trace]
    skipped, hls_names = [], []
    for i, l in enumerate(hls_layers):
        nxt = hls_layers[i + 1] if i + 1 < len(hls_layers) else None
        if l.class_name == 'Dense' and nxt is not None and nxt.class_name == 'ApplyAlpha':
            skipped.append(l.name)
        else:
            hls_names.append(l.name)
    if len(hls_names) != len(loom_names):
        log(f'warning: {len(hls_names)} hls4ml layers vs {len(loom_names)} loom values')

    rows = []
    n = xt.shape[0]
    for hname, lname in zip(hls_names, loom_names):
        a = np.asarray(hls_trace[hname]).reshape(n, -1)
        b = np.load(os.path.join(loom_tr, f'{lname}.npy')).reshape(n, -1)
        b2 = np.load(os.path.join(loom_tr2, f'{lname}.npy')).reshape(n, -1)
        rows.append((hname, lname, compare(a, b), compare(a, b2)))
    return dict(tag=tag, weight_precision=weight_precision or PRECISION, prj=prj,
                t_trace=t_trace, rows=rows, skipped=skipped, wrows=wrows,
                types=layer_types(hls_model), onnx_model=onnx_model, loom_cfg=cfg)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('loom', help='loom binary (build/release/tools/loom/loom)')
    ap.add_argument('models_dir', help='shared models folder (holds onnx/three_layer_keras.onnx)')
    ap.add_argument('--work-dir', default=None, help='scratch folder (default: a new temp dir)')
    ap.add_argument('--n', type=int, nargs='+', default=[10_000, 100_000],
                    help='sample counts timed with both tools')
    ap.add_argument('--loom-only-n', type=int, nargs='*', default=[1_000_000],
                    help='extra sample counts timed with loom only')
    ap.add_argument('--threads', type=int, nargs='+', default=[1, 2], help='loom --threads values')
    ap.add_argument('--trace-n', type=int, default=1000, help='samples for the per-layer comparison')
    ap.add_argument('--probe-weight-precision', default='ap_fixed<8,4>',
                    help="weight type of every Dense in a second comparison ('none' to skip)")
    ap.add_argument('--seed', type=int, default=2024)
    args = ap.parse_args()

    import hls4ml
    loom = os.path.abspath(args.loom)
    model_path = os.path.abspath(os.path.join(args.models_dir, MODEL_REL))
    work = os.path.abspath(args.work_dir or tempfile.mkdtemp(prefix='hls4ml_compare_'))
    os.makedirs(work, exist_ok=True)
    log(f'work dir: {work}')

    # ---- hls4ml conversion + compile, timed, tracing off -----------------------
    prj = os.path.join(work, 'hls4ml_prj')
    hls_model, onnx_model, t_conv, t_comp = build_hls4ml(model_path, prj, trace=False)
    n_features = int(np.prod(hls_model.get_input_variables()[0].shape))
    cfg_path = os.path.join(work, 'loom.yml')
    write_loom_config(cfg_path)

    # ---- loom's time to a C-simulated project, the same model and types -------------
    # convert, then csim with an empty compile cache (builds the precompiled ap_types header) and
    # again with it (the steady state): beside hls4ml's compile().
    loom_prj = os.path.join(work, 'loom_prj')
    x_small = os.path.join(work, 'x_csim.npy')
    np.save(x_small, grid_inputs(16, n_features, args.seed))
    env = dict(os.environ, LOOM_CACHE_DIR=os.path.join(work, 'loom_cache'))
    t0 = time.perf_counter()
    subprocess.run([loom, 'convert', model_path, '--config', cfg_path,
                    '--input', x_small, '-o', loom_prj, '--force'], check=True,
                   capture_output=True, env=env)
    t_loom_convert = time.perf_counter() - t0
    t_loom_csim = []
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run([loom, 'csim', loom_prj], check=True, capture_output=True, env=env)
        t_loom_csim.append(time.perf_counter() - t0)
    log(f'loom convert {t_loom_convert:.2f} s, csim {t_loom_csim[0]:.2f} s (cold cache), '
        f'{t_loom_csim[1]:.2f} s')

    timing = []  # (tool, N, threads, wall s, samples/s wall, samples/s reported[, ndiff, maxd])
    all_n = sorted(set(args.n) | set(args.loom_only_n))
    inputs = {}
    for n in all_n:
        x = grid_inputs(n, n_features, args.seed)
        p = os.path.join(work, f'x_{n}.npy')
        np.save(p, x)
        inputs[n] = (x, p)

    # ---- hls4ml predict throughput (one process, single thread) ----------------
    hls_model.predict(inputs[all_n[0]][0][:10])  # warm-up: loads library and weight text
    hls_out = {}
    for n in args.n:
        x = inputs[n][0]
        t0 = time.perf_counter()
        y = hls_model.predict(x)
        dt = time.perf_counter() - t0
        hls_out[n] = np.asarray(y).reshape(n, -1)
        timing.append(('hls4ml predict', n, 1, dt, n / dt, float('nan')))
        log(f'hls4ml predict N={n}: {dt:.2f} s')

    # ---- loom throughput (wall time of the whole command) ----------------------
    loom_cmds = []
    for n in all_n:
        for th in args.threads:
            y_path = os.path.join(work, f'y_loom_{n}_{th}.npy')
            cmd, wall, rate = run_loom(loom, model_path, cfg_path, inputs[n][1], y_path, th)
            loom_cmds.append(' '.join(cmd))
            row = ('loom predict', n, th, wall, n / wall, rate)
            if n in hls_out:
                d = np.abs(np.load(y_path).reshape(n, -1) - hls_out[n])
                row += (int(np.count_nonzero(d)), float(d.max()))
            timing.append(row)
            log(f'loom N={n} threads={th}: wall {wall:.3f} s, reported {rate:.0f} samples/s')

    # ---- per-layer comparisons ---------------------------------------------------
    xt = grid_inputs(args.trace_n, n_features, args.seed + 1)
    xt_path = os.path.join(work, 'x_trace.npy')
    np.save(xt_path, xt)
    experiments = [layer_comparison(args, loom, model_path, work, 'default', xt, xt_path, None)]
    if args.probe_weight_precision.lower() != 'none':
        parse_fixed(args.probe_weight_precision)
        experiments.append(layer_comparison(args, loom, model_path, work, 'probe', xt, xt_path,
                                            args.probe_weight_precision))

    # ---- report -------------------------------------------------------------------
    out = [f'hls4ml {hls4ml.__version__}   model {model_path}',
           f'hls4ml: Vivado backend, io_parallel, Latency, ReuseFactor 1; work dir {work}', '',
           'hls4ml layer types (timed project):']
    for name, cls, types in layer_types(hls_model):
        out.append(f'  {name:42s} {cls:11s} ' + ', '.join(f'{k}={v}' for k, v in types.items()))
    out += ['', 'timings',
            f'  hls4ml config + convert_from_onnx_model : {t_conv:8.3f} s',
            f'  hls4ml compile() (write project + g++)   : {t_comp:8.3f} s',
            f'  loom convert (project + test vectors)    : {t_loom_convert:8.3f} s',
            f'  loom csim, empty compile cache            : {t_loom_csim[0]:8.3f} s',
            f'  loom csim (g++, run, compare 16 samples)  : {t_loom_csim[1]:8.3f} s']
    for e in experiments:
        out.append(f'  hls4ml trace() of {args.trace_n} samples, {e["tag"]} (rebuilds with tracing): '
                   f'{e["t_trace"]:.3f} s')
    out.append(f'  {"tool":15s} {"N":>9s} {"thr":>4s} {"wall s":>9s} {"samples/s wall":>15s} '
               f'{"samples/s loom":>15s}  final outputs vs hls4ml')
    for row in timing:
        tool, n, th, wall, rate_w, rate_r = row[:6]
        extra = f'  {row[6]} of {n * 5} differ, max |d| {row[7]:.6g}' if len(row) > 6 else ''
        rr = f'{rate_r:15.0f}' if not math.isnan(rate_r) else f'{"-":>15s}'
        out.append(f'  {tool:15s} {n:9d} {th:4d} {wall:9.3f} {rate_w:15.0f} {rr}{extra}')

    for e in experiments:
        out += ['', f'per-layer comparison [{e["tag"]}]: Dense weight type {e["weight_precision"]}, '
                    f'all else {PRECISION}; {args.trace_n} samples on the {PRECISION} grid',
                f'  loom config {e["loom_cfg"]}',
                '  A = loom on the ONNX float32 weights; B = loom on hls4ml\'s effective '
                '(text-parsed) weights',
                f'  {"hls4ml layer":42s} {"loom value":36s} {"values":>7s} {"A differ":>8s} '
                f'{"A max|d|":>9s} {"B differ":>8s} {"B max|d|":>9s}']
        for hname, lname, ra, rb in e['rows']:
            if ra is None or rb is None:
                out.append(f'  {hname:42s} {lname:36s} shape mismatch')
                continue
            out.append(f'  {hname:42s} {lname:36s} {ra[0]:7d} {ra[1]:8d} {ra[2]:9.6g} '
                       f'{rb[1]:8d} {rb[2]:9.6g}')
        if e['skipped']:
            out.append('  not compared (hls4ml Dense output before its ApplyAlpha bias, no loom '
                       'value): ' + ', '.join(e['skipped']))
        out.append('  weight text: hls4ml writes ap_fixed<W,I> weights with W-I decimals; C-sim '
                   'parses text -> double -> AP_TRN;')
        out.append('  loom: float32 -> AP_TRN. codes that differ:')
        out.append(f'  {"onnx":5s} {"hls4ml":6s} {"type":15s} {"count":>6s} {"decimals":>8s} '
                   f'{"differ":>6s}  examples (index, float32, text, loom code, hls4ml code)')
        for onnx_name, var_name, typ, count, dec, ndiff, ex in e['wrows']:
            exs = '; '.join(f'({i}, {f!r}, {t}, {a}, {b})' for i, f, t, a, b in ex)
            out.append(f'  {onnx_name:5s} {var_name:6s} {typ:15s} {count:6d} {dec:8d} {ndiff:6d}  {exs}')

    out += ['', 'what-if, this model\'s float32 weights and biases: AP_TRN codes that change when '
                'written with F decimals (F fractional bits)']
    for f, count, nd in decimal_text_sweep(onnx_model, [3, 4, 5, 6, 8, 10, 12]):
        out.append(f'  F={f:2d}: {nd} of {count}')
    out += ['', 'loom commands (throughput):'] + ['  ' + c for c in loom_cmds]
    print('\n'.join(out))


if __name__ == '__main__':
    main()
