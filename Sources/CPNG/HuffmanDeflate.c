// DEFLATE without the match search, for PNGWriter.c's level 1.
//
// After PNG's Average filter a radiograph's bytes are small residuals with few long repeats, so
// libdeflate's level 1 spent most of its time (1.2 ms of a 512x512 image, a seventh of `convert`)
// hashing for matches it rarely found: one Huffman code over the residuals gave a smaller stream
// (78 KB against 101 KB for SUB + level 1 on 72 chest radiographs) in a fraction of the time. Runs
// of zeros (flat borders, padding) are still coded as copies at distance 1.
#include "HuffmanDeflate.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "HuffmanDeflate.c stores its bit buffer with little-endian 64-bit writes"
#endif

enum {
    HD_BLOCK = 1 << 20,  // input bytes per block: each gets a code fitted to its own bytes
    HD_LITLEN = 286,     // literal/length alphabet (RFC 1951 3.2.5)
    HD_MAXBITS = 15,     // longest code DEFLATE allows
    HD_LITBITS = 14,     // longest literal/length code here: four (56 bits) fit in one put on 7 pending
    HD_CLMAXBITS = 7,    // longest code-length code
    HD_MINRUN = 8,       // zero runs at least this long become copies
};

// Length symbols 257-285: base length and extra bits (RFC 1951 3.2.5).
static const uint16_t HD_lengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                           31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t HD_lengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
// The order in which code-length code lengths are sent (RFC 1951 3.2.7).
static const uint8_t HD_clOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

static int HD_length_index(unsigned length) {
    int c = 28;
    while (HD_lengthBase[c] > length) c--;
    return c;
}

// The next copy of a run with `rest` zeros left (at least 3): 258 at most, and never leaving 1 or 2
// behind (a copy is at least 3 long).
static unsigned HD_copy_length(size_t rest) {
    if (rest <= 258) return (unsigned)rest;
    return rest - 258 < 3 ? (unsigned)(rest - 3) : 258;
}

// The length of the run of zero bytes at `i` (at least 8 are there), up to `end`.
static inline size_t HD_zero_run(const unsigned char *p, size_t i, size_t end) {
    uint64_t word;
    size_t run = 8;
    while (end - i - run >= 8) {
        memcpy(&word, p + i + run, 8);
        if (word) return run + ((size_t)__builtin_ctzll(word) >> 3);
        run += 8;
    }
    while (i + run < end && p[i + run] == 0) run++;
    return run;
}

typedef struct {
    uint64_t bits;       // pending bits, first bit in bit 0
    unsigned count;      // pending bit count, at most 7 after a flush
    unsigned char *out;  // where the pending bits go
} HD_Bits;

// Adds `length` bits of `value` (no more than 56 pending in all between flushes).
static inline void HD_put(HD_Bits *w, uint64_t value, unsigned length) {
    w->bits |= value << w->count;
    w->count += length;
}

// Writes the whole pending bytes; the 8-byte store may run 7 bytes past them (the bound leaves room).
static inline void HD_flush(HD_Bits *w) {
    memcpy(w->out, &w->bits, 8);
    w->out += w->count >> 3;
    w->bits >>= (w->count & 56);
    w->count &= 7;
}

static int HD_compare_keys(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// Code lengths of a Huffman code for `freq` (n <= HD_LITLEN symbols), none longer than `maxBits`;
// unused symbols get 0. Ties are broken by symbol, so the same counts give the same code.
static void HD_huffman_lengths(const uint32_t *freq, int n, int maxBits, uint8_t *lengths) {
    uint64_t key[HD_LITLEN];
    uint64_t weight[2 * HD_LITLEN];
    int parent[2 * HD_LITLEN], depth[2 * HD_LITLEN];
    unsigned count[2 * HD_LITLEN];
    int m = 0;
    memset(lengths, 0, (size_t)n);
    for (int s = 0; s < n; s++)
        if (freq[s]) key[m++] = (uint64_t)freq[s] << 16 | (uint64_t)s;
    if (m == 0) return;
    if (m == 1) {  // a code needs two codes to be complete; the second is never sent
        int s = (int)(key[0] & 0xFFFF);
        lengths[s] = 1;
        lengths[s == 0 ? 1 : 0] = 1;
        return;
    }
    qsort(key, (size_t)m, sizeof key[0], HD_compare_keys);
    // Two-queue construction: leaves 0..m-1 by ascending weight, internal nodes m..2m-2 in the order made.
    for (int k = 0; k < m; k++) weight[k] = key[k] >> 16;
    int leaf = 0, next = m;
    for (int k = m; k < 2 * m - 1; k++) {
        int pick[2];
        for (int j = 0; j < 2; j++) {
            if (leaf < m && (next >= k || weight[leaf] <= weight[next])) pick[j] = leaf++;
            else pick[j] = next++;
        }
        weight[k] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = k;
    }
    depth[2 * m - 2] = 0;
    for (int k = 2 * m - 3; k >= 0; k--) depth[k] = depth[parent[k]] + 1;
    memset(count, 0, sizeof count);
    for (int k = 0; k < m; k++) count[depth[k]]++;
    // Move codes longer than maxBits up, then restore Kraft's equality by lengthening the longest
    // shorter codes (miniz's tdefl_huffman_enforce_max_code_size).
    for (int d = maxBits + 1; d < m; d++) {
        count[maxBits] += count[d];
        count[d] = 0;
    }
    uint32_t total = 0;
    for (int d = maxBits; d > 0; d--) total += count[d] << (maxBits - d);
    while (total != (1u << maxBits)) {
        count[maxBits]--;
        for (int d = maxBits - 1; d > 0; d--) {
            if (count[d]) {
                count[d]--;
                count[d + 1] += 2;
                break;
            }
        }
        total--;
    }
    // The rarest symbols take the longest codes.
    int k = 0;
    for (int d = maxBits; d > 0; d--)
        for (unsigned c = 0; c < count[d]; c++) lengths[key[k++] & 0xFFFF] = (uint8_t)d;
}

// Canonical codes (RFC 1951 3.2.2) for `lengths`, bit-reversed since DEFLATE sends codes first bit first.
static void HD_canonical_codes(const uint8_t *lengths, int n, uint16_t *codes) {
    unsigned perLength[HD_MAXBITS + 1] = {0}, nextCode[HD_MAXBITS + 1];
    for (int s = 0; s < n; s++) perLength[lengths[s]]++;
    perLength[0] = 0;
    unsigned code = 0;
    for (int b = 1; b <= HD_MAXBITS; b++) {
        code = (code + perLength[b - 1]) << 1;
        nextCode[b] = code;
    }
    for (int s = 0; s < n; s++) {
        unsigned length = lengths[s];
        codes[s] = 0;
        if (!length) continue;
        unsigned value = nextCode[length]++, reversed = 0;
        for (unsigned b = 0; b < length; b++) reversed |= ((value >> b) & 1u) << (length - 1 - b);
        codes[s] = (uint16_t)reversed;
    }
}

// Both passes read the block 8 bytes at a time: eight zero bytes start a run (HD_zero_run), anything
// else is eight literals. A run that starts inside a word is coded as literals up to the next word.

// Literal and length symbol counts of p[start..<end] as HD_emit_block codes it, end of block included.
static void HD_count_block(const unsigned char *p, size_t start, size_t end, uint32_t *freq) {
    // Four tables, one per byte position mod 4: repeated values do not wait on one counter.
    uint32_t more[3][256];
    memset(more, 0, sizeof more);
    size_t i = start;
    while (end - i >= 8) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        if (word) {
            for (int k = 0; k < 8; k += 4) {
                freq[(word >> (8 * k)) & 0xFF]++;
                more[0][(word >> (8 * k + 8)) & 0xFF]++;
                more[1][(word >> (8 * k + 16)) & 0xFF]++;
                more[2][(word >> (8 * k + 24)) & 0xFF]++;
            }
            i += 8;
            continue;
        }
        size_t run = HD_zero_run(p, i, end);
        freq[0]++;
        size_t rest = run - 1;
        while (rest >= 3) {
            unsigned length = HD_copy_length(rest);
            freq[257 + HD_length_index(length)]++;
            rest -= length;
        }
        freq[0] += (uint32_t)rest;
        i += run;
    }
    for (; i < end; i++) freq[p[i]]++;
    for (int b = 0; b < 256; b++) freq[b] += more[0][b] + more[1][b] + more[2][b];
    freq[256]++;
}

// Codes p[start..<end] and the end of block with `codes`; distance code 0 (distance 1) is the 1-bit code 0.
static void HD_emit_block(const unsigned char *p, size_t start, size_t end, const uint16_t *codes,
                          const uint8_t *lengths, HD_Bits *w) {
    uint32_t literal[256];  // code | length << 16: one load per byte
    for (int b = 0; b < 256; b++) literal[b] = codes[b] | (uint32_t)lengths[b] << 16;
    size_t i = start;
    while (end - i >= 8) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        if (word) {
            // Four codes of at most 14 bits joined apart from the bit buffer (so the joins overlap),
            // then one put of at most 56 bits on at most 7 pending, and a flush.
            for (int k = 0; k < 8; k += 4) {
                uint32_t e0 = literal[(word >> (8 * k)) & 0xFF], e1 = literal[(word >> (8 * k + 8)) & 0xFF];
                uint32_t e2 = literal[(word >> (8 * k + 16)) & 0xFF], e3 = literal[(word >> (8 * k + 24)) & 0xFF];
                uint64_t low = (e0 & 0xFFFF) | (uint64_t)(e1 & 0xFFFF) << (e0 >> 16);
                uint64_t high = (e2 & 0xFFFF) | (uint64_t)(e3 & 0xFFFF) << (e2 >> 16);
                unsigned lowLength = (e0 >> 16) + (e1 >> 16);
                HD_put(w, low | high << lowLength, lowLength + (e2 >> 16) + (e3 >> 16));
                HD_flush(w);
            }
            i += 8;
            continue;
        }
        size_t run = HD_zero_run(p, i, end);
        HD_put(w, codes[0], lengths[0]);
        HD_flush(w);
        size_t rest = run - 1;
        while (rest >= 3) {
            unsigned length = HD_copy_length(rest);
            int index = HD_length_index(length);
            HD_put(w, codes[257 + index], lengths[257 + index]);
            HD_put(w, length - HD_lengthBase[index], HD_lengthExtra[index]);
            HD_put(w, 0, 1);
            HD_flush(w);
            rest -= length;
        }
        for (; rest; rest--) {
            HD_put(w, codes[0], lengths[0]);
            HD_flush(w);
        }
        i += run;
    }
    for (; i < end; i++) {
        HD_put(w, codes[p[i]], lengths[p[i]]);
        HD_flush(w);
    }
    HD_put(w, codes[256], lengths[256]);
    HD_flush(w);
}

// The dynamic block header (RFC 1951 3.2.7): the literal/length code, then two 1-bit distance codes.
static void HD_write_header(HD_Bits *w, int final, const uint8_t *litLengths) {
    int nlit = 257;
    for (int s = HD_LITLEN - 1; s >= 257; s--) {
        if (litLengths[s]) {
            nlit = s + 1;
            break;
        }
    }
    const int ndist = 2;
    uint8_t all[HD_LITLEN + 2];
    memcpy(all, litLengths, (size_t)nlit);
    all[nlit] = 1;
    all[nlit + 1] = 1;
    const int n = nlit + ndist;
    uint32_t clFreq[19] = {0};
    for (int k = 0; k < n; k++) clFreq[all[k]]++;
    uint8_t clLengths[19];
    uint16_t clCodes[19];
    HD_huffman_lengths(clFreq, 19, HD_CLMAXBITS, clLengths);
    HD_canonical_codes(clLengths, 19, clCodes);
    int nclen = 19;
    while (nclen > 4 && clLengths[HD_clOrder[nclen - 1]] == 0) nclen--;
    HD_put(w, (uint64_t)(final ? 1 : 0) | (2u << 1), 3);
    HD_put(w, (uint64_t)(nlit - 257), 5);
    HD_put(w, (uint64_t)(ndist - 1), 5);
    HD_put(w, (uint64_t)(nclen - 4), 4);
    HD_flush(w);
    for (int k = 0; k < nclen; k++) {
        HD_put(w, clLengths[HD_clOrder[k]], 3);
        HD_flush(w);
    }
    for (int k = 0; k < n; k++) {
        HD_put(w, clCodes[all[k]], clLengths[all[k]]);
        HD_flush(w);
    }
}

size_t CPNG_huffman_zlib_bound(size_t size) {
    // Per byte at most a 15-bit code; per block a header of at most 3 + 14 + 19 * 3 + 288 * 7 bits
    // and a code for its end; the zlib header and Adler-32; 8 bytes for the last 8-byte store.
    return 2 + size * 2 + (size / HD_BLOCK + 1) * 300 + 4 + 8;
}

size_t CPNG_huffman_zlib_compress(const unsigned char *data, size_t size, unsigned char *out) {
    out[0] = 0x78;  // deflate, 32 KiB window
    out[1] = 0x01;  // no dictionary, fastest; (0x78 << 8 | 0x01) % 31 == 0
    HD_Bits w = {0, 0, out + 2};
    if (size == 0) {  // one final fixed-code block holding only its end (code 0000000)
        HD_put(&w, 1 | (1u << 1), 3);
        HD_put(&w, 0, 7);
        HD_flush(&w);
    }
    for (size_t start = 0; start < size; start += HD_BLOCK) {
        size_t end = size - start > HD_BLOCK ? start + HD_BLOCK : size;
        uint32_t freq[HD_LITLEN] = {0};
        uint8_t lengths[HD_LITLEN];
        uint16_t codes[HD_LITLEN];
        HD_count_block(data, start, end, freq);
        HD_huffman_lengths(freq, HD_LITLEN, HD_LITBITS, lengths);
        HD_canonical_codes(lengths, HD_LITLEN, codes);
        HD_write_header(&w, end == size, lengths);
        HD_emit_block(data, start, end, codes, lengths, &w);
    }
    unsigned char *at = w.out + (w.count + 7) / 8;  // the last partial byte, already stored by HD_flush
    uint32_t adler = libdeflate_adler32(1, data, size);
    at[0] = (unsigned char)(adler >> 24);
    at[1] = (unsigned char)(adler >> 16);
    at[2] = (unsigned char)(adler >> 8);
    at[3] = (unsigned char)adler;
    return (size_t)(at + 4 - out);
}
