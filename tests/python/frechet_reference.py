#!/usr/bin/python3
"""FD with numpy/scipy exactly as pytorch-fid computes it (scipy.linalg.sqrtm), on features
stored in an .npz written by the studio; prints the value. Also reads the studio's npz with numpy
and writes a compressed npz for the studio to read back."""
import sys

import numpy as np
from scipy import linalg

arrays = np.load(sys.argv[1])
a, b = arrays["a"], arrays["b"]
mu1, mu2 = a.mean(0), b.mean(0)
s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
covmean = covmean.real
fd = ((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)
np.savez_compressed(sys.argv[2], mu=mu1, sigma=s1, counts=np.arange(5, dtype=np.int64))
print(repr(float(fd)))
