#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets a connection refill the column arrays of the previous block instead of allocating new
/// ones for every block.
///
/// Fresh multi-hundred-kilobyte arrays per block cost more than decoding them: every page of a
/// new allocation is faulted in and zeroed by the kernel, and freeing it hands the pages back.
/// The recycler keeps a reference to each array handed out while decoding a block. When the
/// next block is decoded, the codecs ask for arrays of the same element type in the same
/// order and get those back, emptied with `removeAll(keepingCapacity: true)`. If the caller has
/// dropped the previous block, the array is uniquely referenced and its storage (already
/// mapped, right size) is reused in place; if the caller still holds it, copy-on-write gives a
/// fresh buffer and the caller's block is never touched. Either way the result is correct.
///
/// At most one block's arrays are retained (those of the last block decoded), and no single
/// array larger than ``maximumRetainedBytes``. Not thread-safe: one connection owns it, like
/// its ``ReadBuffer``.
final class ArrayRecycler {
    /// Arrays whose storage exceeds this are not kept for reuse.
    let maximumRetainedBytes: Int

    private var shelves: [ObjectIdentifier: any RecyclerShelf] = [:]

    init(maximumRetainedBytes: Int = 32 << 20) {
        self.maximumRetainedBytes = maximumRetainedBytes
    }

    /// Starts a new block: the arrays handed out for the previous block become the ones
    /// ``take(_:)`` returns; arrays from before that are released.
    func beginBlock() {
        for shelf in shelves.values { shelf.rotate() }
    }

    /// An array of the previous block with element type `T`, as it was (callers overwrite
    /// or empty it), or an empty array when there is none.
    @inline(__always)
    func take<T>(_: T.Type) -> [T] {
        guard let shelf = shelves[ObjectIdentifier(T.self)] as? Shelf<T> else { return [] }
        return shelf.takeNext()
    }

    /// Gives `array` exactly `count` elements whose values are unspecified (old contents or
    /// zeros), to be overwritten through `withUnsafeMutableBytes`. On reused, uniquely held
    /// storage of the right size this does no work at all.
    func resize<T: BitwiseCopyable>(_ array: inout [T], to count: Int) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            appendZeros(to: &array, count: count - array.count)
        }
    }

    /// Remembers `array` (which is being handed out in a decoded column) for the next block.
    @inline(__always)
    func keep<T>(_ array: [T]) {
        guard array.capacity &* MemoryLayout<T>.stride <= maximumRetainedBytes, array.capacity > 0 else { return }
        shelf(T.self).handedOut.append(array)
    }

    /// Appends `count` zero values to `array` with bulk copies (no per-element loop, which
    /// matters in the unspecialized generic code of the codecs); the caller then overwrites them
    /// through `withUnsafeMutableBytes`. Zero bits are a valid value of every fixed-width
    /// column element type.
    func appendZeros<T: BitwiseCopyable>(to array: inout [T], count: Int) {
        let zeros = shelf(T.self).zeros
        var left = count
        while left > 0 {
            let n = Swift.min(left, zeros.count)
            array.append(contentsOf: zeros[0 ..< n])
            left -= n
        }
    }

    /// Releases every retained array.
    func removeAll() { shelves.removeAll() }

    private func shelf<T>(_: T.Type) -> Shelf<T> {
        let key = ObjectIdentifier(T.self)
        if let shelf = shelves[key] as? Shelf<T> { return shelf }
        let shelf = Shelf<T>()
        shelves[key] = shelf
        return shelf
    }

    private final class Shelf<T>: RecyclerShelf {
        /// Arrays of the previous block, in the order they were handed out.
        var previous: [[T]] = []
        var cursor = 0
        /// Arrays of the block being decoded.
        var handedOut: [[T]] = []
        /// 64 KiB of zero values (see ``ArrayRecycler/appendZeros(to:count:)``).
        lazy var zeros: [T] = {
            let n = Swift.max(1, (64 << 10) / Swift.max(1, MemoryLayout<T>.stride))
            return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                if let base = buffer.baseAddress { memset(base, 0, n * MemoryLayout<T>.stride) }
                initialized = n
            }
        }()

        func rotate() {
            previous = handedOut
            handedOut = []
            cursor = 0
        }

        /// Moves the next previous-block array out of the shelf (so that the shelf holds no
        /// reference to it any more), or returns an empty array.
        func takeNext() -> [T] {
            guard cursor < previous.count else { return [] }
            var array: [T] = []
            swap(&array, &previous[cursor])
            cursor += 1
            return array
        }
    }
}

private protocol RecyclerShelf: AnyObject {
    func rotate()
}
