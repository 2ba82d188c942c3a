#!/usr/bin/env python3
"""compare_npy.py GOT.npy WANT.npy: exits 0 when equal in shape and within 1e-5 rel / 1e-6 abs."""
import sys

import numpy as np

got, want = np.load(sys.argv[1]), np.load(sys.argv[2])
if got.shape != want.shape:
    print(f"shape {got.shape} != {want.shape}")
    sys.exit(1)
err = float(np.max(np.abs(got.astype(np.float64) - want))) if got.size else 0.0
ok = np.allclose(got, want, rtol=1e-5, atol=1e-6)
print(f"{'match' if ok else 'MISMATCH'}: max abs error {err:.3g} over {got.size} values")
sys.exit(0 if ok else 1)
