/// The start of a buffer that a precondition has already proven non-empty (every pixel buffer
/// has at least one sample), without a force unwrap at each call site.
extension UnsafeBufferPointer {
    var base: UnsafePointer<Element> {
        guard let start = baseAddress else { preconditionFailure("an image buffer is never empty") }
        return start
    }
}

extension UnsafeMutableBufferPointer {
    var base: UnsafeMutablePointer<Element> {
        guard let start = baseAddress else { preconditionFailure("an image buffer is never empty") }
        return start
    }
}

extension UnsafeRawBufferPointer {
    func assumingMemoryBound<T>(to _: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(start: baseAddress?.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }
}

extension UnsafeMutableRawBufferPointer {
    func assumingMemoryBound<T>(to _: T.Type) -> UnsafeMutableBufferPointer<T> {
        UnsafeMutableBufferPointer(
            start: baseAddress?.assumingMemoryBound(to: T.self),
            count: count / MemoryLayout<T>.stride)
    }
}
