// Upstream's NEON code, compiled only where blake3_impl.h turns it on (AArch64).
#include "../vendor/blake3_impl.h"
#if BLAKE3_USE_NEON == 1
#include "../vendor/blake3_neon.c"
#endif
