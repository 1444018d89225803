/// The rows of a block in `TabSeparated`, `TabSeparatedRaw` and `CSV`, written without a
/// closure per cell.
///
/// Each top-level column gets a ``CellPlan`` per block: for the common types (integers, floats,
/// Bool, dates and date-times, Decimal32/64, String, and Nullable, LowCardinality and Array of
/// those) a plan of the column's own class holds its arrays, and a cell is one method call,
/// its text written through a pointer into a ``TextSink``. Any other column is rendered first,
/// column by column, by ``ValueText``'s cell writers, and its cells' text copied in. Either way
/// the bytes are ``ValueText``'s (``DelimitedRowsTests`` compares the two for every planned
/// type and the settings that change them).
///
/// Plans are classes, one per type, rather than an enum or closures: a cell reads the arrays
/// from stored properties of the plan, with no reference counting per cell.
class CellPlan {
    /// Writes row `row`'s text to `sink`.
    func write(_ row: Int, to sink: inout TextSink) {}

    /// The most bytes one value's text takes, where known without looking at every row.
    var maxLength: Int? { nil }

    /// The plan of a top-level column in `mode` (`.escaped`, `.raw` or `.csv`): a planned type's
    /// own, else its cells rendered by `text`.
    static func top(_ column: any Column, mode: ValueMode, text: ValueText) -> CellPlan {
        if let plan = planned(column, mode: mode, top: true, settings: text.settings) { return plan }
        let writer = text.writer(column, mode)
        var out = TextOutput()
        var ends: [Int] = []
        ends.reserveCapacity(column.count)
        for row in 0..<column.count {
            writer(row, &out)
            ends.append(out.bytes.count)
        }
        return RenderedCells(text: out.bytes, ends: ends)
    }

    /// The quote around dates and times in `mode`.
    private static func quote(_ mode: ValueMode) -> UInt8 {
        switch mode {
        case .quoted: return 0x27
        case .csv: return 0x22
        default: return 0
        }
    }

    /// The plan of a column of a planned type, nil for any other (or a setting this path leaves
    /// to ``ValueText``). `top` is false inside arrays.
    private static func planned(_ column: any Column, mode: ValueMode, top: Bool, settings: FormatSettings) -> CellPlan? {
        let null: [UInt8]
        switch mode {
        case .escaped, .raw: null = settings.tsvNull
        case .csv: null = settings.csvNull
        case .quoted: null = Array("NULL".utf8)
        default: return nil
        }
        switch column {
        case let c as NullableColumn:
            return planned(c.nested, mode: mode, top: top, settings: settings).map { NullableCells(c.nullMap, $0, null: null) }
        case let c as LowCardinalityColumn:
            // Dictionary entries are written many times: the plan must know their longest text.
            guard let dictionary = planned(c.dictionary, mode: mode, top: top, settings: settings), dictionary.maxLength != nil else { return nil }
            return LowCardinalityCells(c.indexes, dictionary, nullAtZero: c.innerType.isNullable, null: null)
        case let c as StringColumn:
            switch mode {
            case .escaped: return StringCells(c, .escaped)
            case .raw: return StringCells(c, .raw)
            case .csv: return StringCells(c, .csv)
            default: return settings.valuesEscapeQuoteWithQuote ? nil : StringCells(c, .quoted)
            }
        case let c as ArrayColumn:
            // CSV quotes an array's text as a whole: left to ValueText.
            guard mode != .csv, let elements = planned(c.elements, mode: .quoted, top: false, settings: settings) else { return nil }
            return ArrayCells(c.offsets, elements)
        default:
            return fixedWidth(column, mode: mode, top: top, settings: settings)
        }
    }

    /// A fixed-width column's plan: its type's family makes it (`Types/Families/`).
    private static func fixedWidth(_ column: any Column, mode: ValueMode, top: Bool, settings: FormatSettings) -> CellPlan? {
        column.type.family.cellPlan(column, CellPlanContext(quote: quote(mode), top: top && mode != .quoted, settings: settings))
    }
}

/// What a family needs to plan a delimited column: the quote around dates and times (0: none),
/// whether the column is at the top of a row (top-level Bool follows
/// `bool_true/false_representation`) and the settings.
struct CellPlanContext {
    let quote: UInt8
    let top: Bool
    let settings: FormatSettings
}

// MARK: Numbers

/// Unsigned integers of any width, written as UInt64.
final class UnsignedCells<T: UnsignedInteger & FixedWidthInteger>: CellPlan {
    let values: [T]
    init(_ values: [T]) { self.values = values }
    override var maxLength: Int? { 20 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(20)
        sink.advance(NumberFormatting.write(UInt64(truncatingIfNeeded: values[row]), to: sink.cursor))
    }
}

/// Signed integers of up to 64 bits, written as Int64.
final class SignedCells<T: SignedInteger & FixedWidthInteger>: CellPlan {
    let values: [T]
    init(_ values: [T]) { self.values = values }
    override var maxLength: Int? { 20 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(20)
        sink.advance(NumberFormatting.write(Int64(truncatingIfNeeded: values[row]), to: sink.cursor))
    }
}

final class Float32Cells: CellPlan {
    let values: [Float]
    init(_ values: [Float]) { self.values = values }
    override var maxLength: Int? { NumberFormatting.maxFloatLength }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(NumberFormatting.maxFloatLength)
        sink.advance(NumberFormatting.write(values[row], to: sink.cursor))
    }
}

final class Float64Cells: CellPlan {
    let values: [Double]
    init(_ values: [Double]) { self.values = values }
    override var maxLength: Int? { NumberFormatting.maxFloatLength }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(NumberFormatting.maxFloatLength)
        sink.advance(NumberFormatting.write(values[row], to: sink.cursor))
    }
}

final class BoolCells: CellPlan {
    let values: [UInt8]
    let yes: [UInt8]
    let no: [UInt8]
    init(_ values: [UInt8], yes: [UInt8], no: [UInt8]) {
        self.values = values
        self.yes = yes
        self.no = no
    }
    override var maxLength: Int? { max(yes.count, no.count) }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.append(values[row] != 0 ? yes : no)
    }
}

/// Decimal32 and Decimal64 (scale ≤ 18): `10^scale` fits a UInt64.
final class DecimalCells<T: SignedInteger & FixedWidthInteger & Sendable>: CellPlan {
    let values: [T]
    let scale: Int
    let divisor: UInt64
    let keepZeros: Bool
    init(_ values: [T], scale: Int, keepZeros: Bool) {
        self.values = values
        self.scale = scale
        divisor = (0..<scale).reduce(1) { d, _ in d * 10 }
        self.keepZeros = keepZeros
    }
    override var maxLength: Int? { 22 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(22)
        sink.advance(NumberFormatting.writeDecimal(Int64(values[row]), scale: scale, divisor: divisor, keepTrailingZeros: keepZeros, to: sink.cursor))
    }
}

// MARK: Dates and times

/// The `YYYY-MM-DD` text of every day from `first` to `first + count - 1`, for a block whose
/// dates span no more days than it has rows: a calendar conversion per day of the span instead
/// of one per value.
struct DayTexts {
    let first: Int64
    /// 10 bytes a day.
    let texts: [UInt8]

    init?(from first: Int64, through last: Int64, rows: Int) {
        guard last >= first, last - first < Int64(rows) else { return nil }
        let count = Int(last - first) + 1
        self.first = first
        texts = [UInt8](unsafeUninitializedCapacity: count * CivilTime.dateLength) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            for i in 0..<count { CivilTime.writeDate(days: first + Int64(i), to: base + i * CivilTime.dateLength) }
            initialized = count * CivilTime.dateLength
        }
    }

    /// The days of `values` (each mapped by `day`) when they span few days.
    static func of<T>(_ values: [T], _ day: (T) -> Int64) -> DayTexts? {
        guard let firstValue = values.first else { return nil }
        var low = day(firstValue)
        var high = low
        for v in values {
            let d = day(v)
            low = min(low, d)
            high = max(high, d)
        }
        return DayTexts(from: low, through: high, rows: values.count)
    }

    /// Writes day `day` (within the span) to `p[0 ..< 10]`.
    @inline(__always)
    func write(_ day: Int64, to p: UnsafeMutablePointer<UInt8>) {
        let offset = Int(truncatingIfNeeded: day &- first) &* CivilTime.dateLength
        texts.withUnsafeBytes { t in
            let to = UnsafeMutableRawPointer(p)
            to.storeBytes(of: t.loadUnaligned(fromByteOffset: offset, as: UInt64.self), as: UInt64.self)
            to.storeBytes(of: t.loadUnaligned(fromByteOffset: offset + 8, as: UInt16.self), toByteOffset: 8, as: UInt16.self)
        }
    }
}

/// `Date` (UInt16) and `Date32` (Int32) days in `quote` (0: none).
final class DayCells<T: BinaryInteger & Sendable>: CellPlan {
    let values: [T]
    let quote: UInt8
    let days: DayTexts?
    init(_ values: [T], quote: UInt8) {
        self.values = values
        self.quote = quote
        days = DayTexts.of(values) { Int64($0) }
    }
    override var maxLength: Int? { CivilTime.dateLength + 2 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(CivilTime.dateLength + 2)
        sink.quote(quote)
        let day = Int64(values[row])
        if let days { days.write(day, to: sink.cursor) } else { CivilTime.writeDate(days: day, to: sink.cursor) }
        sink.advance(CivilTime.dateLength)
        sink.quote(quote)
    }
}

/// Zones whose offset is 0 whatever the instant (``TimeZones/offset(seconds:timezone:)``'s own
/// short cut): their local time is written without a look-up per value.
private func hasNoOffset(_ zone: String?) -> Bool {
    guard let zone else { return true }
    return zone == "UTC" || zone == "Etc/UTC"
}

final class DateTimeCells: CellPlan {
    let values: [UInt32]
    let zone: String?
    let quote: UInt8
    /// The days of the block, in UTC (nil in other zones, whose offset is looked up per value).
    let days: DayTexts?
    let utc: Bool
    init(_ values: [UInt32], zone: String?, quote: UInt8) {
        self.values = values
        self.zone = zone
        self.quote = quote
        utc = hasNoOffset(zone)
        days = utc ? DayTexts.of(values) { Int64($0 / 86400) } : nil
    }
    override var maxLength: Int? { CivilTime.dateTimeLength + 2 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(CivilTime.dateTimeLength + 2)
        sink.quote(quote)
        let seconds = values[row]
        if let days {
            let day = seconds / 86400
            days.write(Int64(day), to: sink.cursor)
            CivilTime.writeTimeOfDay(Int(seconds &- day &* 86400), to: sink.cursor + CivilTime.dateLength)
        } else if utc {
            CivilTime.writeLocalDateTime(Int64(seconds), to: sink.cursor)
        } else {
            CivilTime.writeDateTime(seconds: Int64(seconds), timezone: zone, to: sink.cursor)
        }
        sink.advance(CivilTime.dateTimeLength)
        sink.quote(quote)
    }
}

final class DateTime64Cells: CellPlan {
    let values: [Int64]
    let precision: Int
    let zone: String?
    let quote: UInt8
    init(_ values: [Int64], precision: Int, zone: String?, quote: UInt8) {
        self.values = values
        self.precision = precision
        self.zone = hasNoOffset(zone) ? nil : zone
        self.quote = quote
    }
    override var maxLength: Int? { CivilTime.dateTimeLength + 1 + precision + 2 }
    override func write(_ row: Int, to sink: inout TextSink) {
        sink.reserve(CivilTime.dateTimeLength + 1 + precision + 2)
        sink.quote(quote)
        sink.advance(CivilTime.writeDateTime64(ticks: values[row], precision: precision, timezone: zone, to: sink.cursor))
        sink.quote(quote)
    }
}

// MARK: Strings and composites

final class StringCells: CellPlan {
    enum Style {
        case escaped, raw, quoted, csv
    }
    /// ``StringColumn``'s storage: varint lengths and bytes, and where each row starts.
    let data: [UInt8]
    let offsets: [Int]
    let style: Style
    init(_ column: StringColumn, _ style: Style) {
        data = column.data
        offsets = column.offsets
        self.style = style
    }
    override var maxLength: Int? {
        var longest = 0
        for row in 0..<offsets.count - 1 { longest = max(longest, offsets[row + 1] - offsets[row]) }
        return 2 * longest + 2
    }
    override func write(_ row: Int, to sink: inout TextSink) {
        var start = offsets[row]
        let end = offsets[row + 1]
        data.withUnsafeBytes { all in
            // Past the varint length.
            while start < end && all[start] & 0x80 != 0 { start += 1 }
            let bytes = UnsafeRawBufferPointer(rebasing: all[min(start + 1, end)..<end])
            sink.reserve(2 * bytes.count + 2)
            switch style {
            case .escaped: sink.advance(TextEscaping.writeEscaped(bytes, quoted: false, to: sink.cursor))
            case .quoted: sink.advance(TextEscaping.writeEscaped(bytes, quoted: true, to: sink.cursor))
            case .csv: sink.advance(StringText.writeCSV(bytes, to: sink.cursor))
            case .raw: sink.append(bytes)
            }
        }
    }
}

final class NullableCells: CellPlan {
    let nullMap: [UInt8]
    let nested: CellPlan
    let null: [UInt8]
    init(_ nullMap: [UInt8], _ nested: CellPlan, null: [UInt8]) {
        self.nullMap = nullMap
        self.nested = nested
        self.null = null
    }
    override var maxLength: Int? { nested.maxLength.map { max($0, null.count) } }
    override func write(_ row: Int, to sink: inout TextSink) {
        if nullMap[row] != 0 { sink.append(null) } else { nested.write(row, to: &sink) }
    }
}

/// `nullAtZero`: LowCardinality(Nullable), whose index 0 is NULL.
final class LowCardinalityCells: CellPlan {
    let indexes: [UInt32]
    let dictionary: CellPlan
    let nullAtZero: Bool
    let null: [UInt8]
    init(_ indexes: [UInt32], _ dictionary: CellPlan, nullAtZero: Bool, null: [UInt8]) {
        self.indexes = indexes
        self.dictionary = dictionary
        self.nullAtZero = nullAtZero
        self.null = null
    }
    override var maxLength: Int? { dictionary.maxLength.map { max($0, null.count) } }
    override func write(_ row: Int, to sink: inout TextSink) {
        let i = Int(indexes[row])
        if nullAtZero && i == 0 { sink.append(null) } else { dictionary.write(i, to: &sink) }
    }
}

/// The elements in the quoted style, `[a,b]`.
final class ArrayCells: CellPlan {
    /// ``ArrayColumn/offsets``: the end of each row's elements.
    let offsets: [UInt64]
    let elements: CellPlan
    init(_ offsets: [UInt64], _ elements: CellPlan) {
        self.offsets = offsets
        self.elements = elements
    }
    override func write(_ row: Int, to sink: inout TextSink) {
        let start = row == 0 ? 0 : Int(offsets[row - 1])
        let end = Int(offsets[row])
        sink.reserve(1)
        sink.byte(0x5B)
        for i in start..<max(start, end) {
            if i != start {
                sink.reserve(1)
                sink.byte(0x2C)
            }
            elements.write(i, to: &sink)
        }
        sink.reserve(1)
        sink.byte(0x5D)
    }
}

/// Cells rendered beforehand: row `r`'s text is `text[ends[r - 1] ..< ends[r]]` (`ends[-1]` = 0).
final class RenderedCells: CellPlan {
    let text: [UInt8]
    let ends: [Int]
    init(text: [UInt8], ends: [Int]) {
        self.text = text
        self.ends = ends
    }
    override var maxLength: Int? {
        var longest = 0
        var start = 0
        for end in ends {
            longest = max(longest, end - start)
            start = end
        }
        return longest
    }
    override func write(_ row: Int, to sink: inout TextSink) {
        let start = row == 0 ? 0 : ends[row - 1]
        let end = ends[row]
        text.withUnsafeBytes { sink.append(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}

/// A growable byte buffer written through a pointer: ``reserve(_:)`` makes room, then the
/// writers put bytes at ``cursor`` and ``advance(_:)`` past them. Owned by a ``TextSinkStorage``
/// that keeps the memory from block to block.
struct TextSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var cursor: UnsafeMutablePointer<UInt8>
    private(set) var end: UnsafeMutablePointer<UInt8>

    fileprivate init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        cursor = base
        end = base + capacity
    }

    var count: Int { cursor - base }
    var capacity: Int { end - base }

    /// Makes room for `n` more bytes at ``cursor``.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if end - cursor < n { grow(n) }
    }

    @inline(never)
    private mutating func grow(_ n: Int) {
        let used = count
        let capacity = max(2 * self.capacity, used + n, 4096)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        cursor = bigger + used
        end = bigger + capacity
    }

    /// Moves ``cursor`` past `n` bytes written there (after ``reserve(_:)``).
    @inline(__always)
    mutating func advance(_ n: Int) { cursor += n }

    /// One byte (after ``reserve(_:)``).
    @inline(__always)
    mutating func byte(_ b: UInt8) {
        cursor.pointee = b
        cursor += 1
    }

    /// A quote byte unless it is 0 (after ``reserve(_:)`` counting it).
    @inline(__always)
    mutating func quote(_ q: UInt8) {
        if q != 0 { byte(q) }
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress {
            ByteCopy.copy(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count, to: cursor)
        }
        cursor += bytes.count
    }

    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Starts over, keeping the memory.
    mutating func removeAll() { cursor = base }
}

/// The memory of a ``TextSink`` between blocks.
final class TextSinkStorage {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Calls `body` with an empty sink over the storage's memory, and keeps the memory it ends
    /// with (the sink may have grown into new memory).
    func withSink<R>(_ body: (inout TextSink) -> R) -> R {
        var sink = TextSink(base: base, capacity: capacity)
        let result = body(&sink)
        base = sink.base
        capacity = sink.capacity
        return result
    }
}
