/// Process-wide allocator settings for batch conversion.
enum MallocTuning {
    /// Keeps glibc from returning every image-sized buffer to the kernel.
    ///
    /// A 2500x2048 16-bit radiograph needs several buffers of 5 to 20 MB. Above glibc's mmap
    /// threshold each is a fresh `mmap`, zero-filled page by page on first touch and unmapped on
    /// free: on uncompressed DICOM that page-fault traffic took about 40% of the time (perf), and
    /// raising the thresholds took `convert --jobs 1` from 11.6 to 20.8 images per second. The
    /// same memory then serves the next image; peak memory is still bounded by the images in
    /// flight. Does nothing off glibc.
    static func configureForLargeImages() {
        #if os(Linux) && canImport(Glibc)
            // mallopt(3) parameters from <malloc.h>, which the Glibc module does not export.
            let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
            _ = medprep_mallopt(mmapThreshold, 512 << 20)
            _ = medprep_mallopt(trimThreshold, 1 << 30)
            _ = medprep_mallopt(topPad, 64 << 20)
        #endif
    }
}

#if os(Linux) && canImport(Glibc)
    // `int mallopt(int, int)`: two `Int32` in registers and one back, the same in the Swift and C conventions.
    @_silgen_name("mallopt")
    private func medprep_mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
