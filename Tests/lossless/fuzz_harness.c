// Runs CLosslessJPEG over codestreams (files given, or extracted by sanitize.sh) and over damaged
// copies of each: every prefix, and 2000 seeded random byte changes. Built with ASan/UBSan or run
// under valgrind by sanitize.sh; exits non-zero on an unknown status or an offset past the input.
#include "CLosslessJPEG.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 18;
static uint64_t next(void) {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE5E4B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int run(const uint8_t *data, size_t size, size_t capacity, int *failures) {
    // Exactly sized heap buffers, so that ASan and valgrind see any byte read or written outside.
    uint8_t *input = malloc(size ? size : 1);
    memcpy(input, data, size);
    uint16_t *out = malloc(capacity * sizeof *out);
    CLosslessJPEG_Info info;
    CLosslessJPEG_Status status;
    int result = CLosslessJPEG_decode(input, size, out, capacity, &info, &status);
    if (result < 0 || result > 3 || (result && status.offset > size)) {
        fprintf(stderr, "bad status %d offset %zu size %zu: %s\n", result, status.offset, size, status.message);
        (*failures)++;
    }
    free(out);
    free(input);
    return result;
}

int main(int argc, char **argv) {
    int failures = 0, quick = getenv("QUICK") != NULL;
    long decoded = 0, refused = 0;
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) return 2;
        fseek(file, 0, SEEK_END);
        size_t size = (size_t)ftell(file);
        fseek(file, 0, SEEK_SET);
        uint8_t *data = malloc(size);
        if (fread(data, 1, size, file) != size) return 2;
        fclose(file);
        CLosslessJPEG_Info info;
        CLosslessJPEG_Status status;
        if (CLosslessJPEG_read_info(data, size, &info, &status)) {
            refused++;
            free(data);
            continue;
        }
        size_t capacity = (size_t)info.width * info.height * info.components;
        if (run(data, size, capacity, &failures) == 0) decoded++;
        size_t step = quick ? size / 50 + 1 : 1;
        for (size_t length = 0; length < size; length += step) run(data, length, capacity, &failures);
        uint8_t *copy = malloc(size);
        for (int round = 0; round < (quick ? 100 : 2000); round++) {
            memcpy(copy, data, size);
            int changes = (int)(next() % 4) + 1;
            for (int c = 0; c < changes; c++) copy[next() % size] = (uint8_t)next();
            run(copy, size, capacity, &failures);
        }
        free(copy);
        free(data);
    }
    printf("%ld codestreams decoded, %ld refused by read_info, %d bad statuses\n", decoded, refused, failures);
    return failures ? 1 : 0;
}
