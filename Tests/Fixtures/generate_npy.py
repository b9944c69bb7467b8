"""Writes Tests/Fixtures/npy/*.npy with numpy.save: the independent files NPYDecoder is checked against."""
import numpy as np

# Half floats including the largest finite one, a subnormal-range value and a negative zero.
np.save("Tests/Fixtures/npy/half_3x4.npy",
        np.array([[0, 0.5, -1.25, 65504], [1e-4, 3.140625, -0.0, 2.0], [7.5, -8, 1024, 0.333]], dtype="<f2"))
# A 2x3 RGB-shaped image of doubles.
np.save("Tests/Fixtures/npy/double_2x3x3.npy", np.arange(2 * 3 * 3, dtype="<f8").reshape(2, 3, 3) / 7)
# Fortran (column-major) order, which the decoder refuses.
np.save("Tests/Fixtures/npy/fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<u2").reshape(2, 3)))
# A one-dimensional array, which is not an image.
np.save("Tests/Fixtures/npy/vector_3.npy", np.array([1, 2, 3], dtype="|u1"))
