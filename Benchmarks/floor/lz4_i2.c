/*
 * The LZ4 floor of I2: compresses (and decompresses) the Native serialization of I2's rows —
 * blocks of 65,536 rows of (UInt64 n, String toString(n)) for n in 0..<ROWS — with the system
 * liblz4 at the default acceleration, in frames of several sizes, and prints the CPU time of
 * each. This is the least CPU any client using liblz4 spends compressing I2's data, and what
 * the server spends decompressing it.
 *
 *   cc -O2 Benchmarks/floor/lz4_i2.c -llz4 -o /tmp/lz4_i2 && /tmp/lz4_i2 [ROWS]
 */
#include <lz4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : 5000000;
    if (rows <= 0) { fprintf(stderr, "ROWS must be positive\n"); return 2; }
    size_t capacity = (size_t)rows * 30 + 64, n = 0;
    unsigned char *native = malloc(capacity);
    if (!native) { fprintf(stderr, "out of memory\n"); return 1; }
    for (long start = 0; start < rows; start += 65536) {
        long end = start + 65536 < rows ? start + 65536 : rows;
        for (long i = start; i < end; i++) { unsigned long long v = (unsigned long long)i; memcpy(native + n, &v, 8); n += 8; }
        for (long i = start; i < end; i++) {
            char digits[24];
            int len = snprintf(digits, sizeof digits, "%ld", i);
            native[n++] = (unsigned char)len; /* a one-byte varint: the strings are short */
            memcpy(native + n, digits, (size_t)len);
            n += (size_t)len;
        }
    }
    printf("Native serialization of %ld rows: %zu bytes\n", rows, n);
    const int sizes[] = {1 << 20, 256 << 10, 64 << 10, 16 << 10};
    char *out = malloc((size_t)LZ4_compressBound(1 << 20));
    char *back = malloc(1 << 20);
    void *state = malloc((size_t)LZ4_sizeofState());
    if (!out || !back || !state) { fprintf(stderr, "out of memory\n"); return 1; }
    for (int k = 0; k < 4; k++) {
        for (int rep = 0; rep < 3; rep++) {
            double compress = 0, decompress = 0;
            size_t compressed = 0;
            for (size_t off = 0; off < n; off += (size_t)sizes[k]) {
                int len = n - off < (size_t)sizes[k] ? (int)(n - off) : sizes[k];
                double t0 = cpu_now();
                int c = LZ4_compress_fast_extState(state, (const char *)native + off, out, len, LZ4_compressBound(len), 1);
                double t1 = cpu_now();
                if (c <= 0 || LZ4_decompress_safe(out, back, c, len) != len || memcmp(back, native + off, (size_t)len) != 0) {
                    fprintf(stderr, "LZ4 round trip failed at offset %zu\n", off);
                    return 1;
                }
                compress += t1 - t0;
                decompress += cpu_now() - t1;
                compressed += (size_t)c;
            }
            printf("frames of %7d bytes: compress %.3f s, decompress and compare %.3f s, ratio %.3f\n",
                   sizes[k], compress, decompress, (double)n / (double)compressed);
        }
    }
    return 0;
}
