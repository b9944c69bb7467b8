/// libFuzzer's driver, entered from a Swift `main`.
///
/// SwiftPM links an executable's `main` to its own entry point, so libFuzzer's `main` is never
/// linked; each harness's `@main` hands libFuzzer its arguments and test function instead
/// (LLVMFuzzerRunDriver, libFuzzer's documented entry for programs with their own main).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// One fuzz test: called with each input libFuzzer makes; returns 0.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

public enum FuzzDriver {
    /// Runs libFuzzer with the process's arguments and `test`; exits with libFuzzer's status.
    public static func run(_ test: FuzzTest) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv, test)
        exit(status)
    }
}

#if canImport(Glibc)
import Glibc
#endif
