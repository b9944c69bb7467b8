// Upstream's x86-64 System V assembly for sse41, assembled only on x86-64 Linux and macOS; the dispatcher
// (vendor/blake3_dispatch.c) calls it only when CPUID reports the instruction set.
#if defined(__x86_64__) && !defined(_WIN32)
#include "../vendor/blake3_sse41_x86-64_unix.S"
#endif
