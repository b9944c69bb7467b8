// CLosslessJPEG alone: CPU time of decoding each codestream given on the command line (best of
// REPETITIONS), and an FNV-1a hash of the samples so that two builds can be checked for equal
// output. Built and run by codec_timing.sh.
#include "CLosslessJPEG.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static uint64_t fnv1a(const uint16_t *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPETITIONS CODESTREAM...\n", argv[0]);
        return 2;
    }
    const int repetitions = atoi(argv[1]);
    double total = 0;
    size_t all = 0;
    for (int f = 2; f < argc; f++) {
        FILE *file = fopen(argv[f], "rb");
        if (!file) return perror(argv[f]), 1;
        fseek(file, 0, SEEK_END);
        const long size = ftell(file);
        fseek(file, 0, SEEK_SET);
        uint8_t *data = malloc((size_t)size);
        if (!data || fread(data, 1, (size_t)size, file) != (size_t)size) return fprintf(stderr, "%s: read failed\n", argv[f]), 1;
        fclose(file);
        CLosslessJPEG_Info info;
        CLosslessJPEG_Status status;
        if (CLosslessJPEG_read_info(data, (size_t)size, &info, &status)) return fprintf(stderr, "%s: %s\n", argv[f], status.message), 1;
        const size_t samples = (size_t)info.width * info.height * info.components;
        uint16_t *out = malloc(samples * 2);
        double best = 1e30;
        for (int r = 0; r < repetitions; r++) {
            const double start = cpu_ms();
            if (CLosslessJPEG_decode(data, (size_t)size, out, samples, &info, &status)) {
                return fprintf(stderr, "%s: %s\n", argv[f], status.message), 1;
            }
            const double ms = cpu_ms() - start;
            if (ms < best) best = ms;
        }
        printf("%s %dx%d P%d %.2f ms %016llx\n", argv[f], info.width, info.height, info.precision, best,
               (unsigned long long)fnv1a(out, samples));
        total += best;
        all += samples;
        free(out);
        free(data);
    }
    printf("total %.2f ms, %.2f ns/sample\n", total, total * 1e6 / (double)all);
    return 0;
}
