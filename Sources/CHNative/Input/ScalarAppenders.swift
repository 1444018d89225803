/// One concrete ``ScalarAppender`` per fixed-width type family (see there why not one generic
/// class).

final class Int8Appender: ScalarAppender {
    let family: IntegerFamily<Int8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<Int8>.Value] = []
    init(_ family: IntegerFamily<Int8>, context: ValueContext) { self.family = family; self.context = context }
}

final class Int16Appender: ScalarAppender {
    let family: IntegerFamily<Int16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<Int16>.Value] = []
    init(_ family: IntegerFamily<Int16>, context: ValueContext) { self.family = family; self.context = context }
}

final class Int32Appender: ScalarAppender {
    let family: IntegerFamily<Int32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<Int32>.Value] = []
    init(_ family: IntegerFamily<Int32>, context: ValueContext) { self.family = family; self.context = context }
}

final class Int64Appender: ScalarAppender {
    let family: IntegerFamily<Int64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<Int64>.Value] = []
    init(_ family: IntegerFamily<Int64>, context: ValueContext) { self.family = family; self.context = context }
}

final class Int128Appender: ScalarAppender {
    let family: IntegerFamily<Int128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<Int128>.Value] = []
    init(_ family: IntegerFamily<Int128>, context: ValueContext) { self.family = family; self.context = context }
}

final class UInt8Appender: ScalarAppender {
    let family: IntegerFamily<UInt8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<UInt8>.Value] = []
    init(_ family: IntegerFamily<UInt8>, context: ValueContext) { self.family = family; self.context = context }
}

final class UInt16Appender: ScalarAppender {
    let family: IntegerFamily<UInt16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<UInt16>.Value] = []
    init(_ family: IntegerFamily<UInt16>, context: ValueContext) { self.family = family; self.context = context }
}

final class UInt32Appender: ScalarAppender {
    let family: IntegerFamily<UInt32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<UInt32>.Value] = []
    init(_ family: IntegerFamily<UInt32>, context: ValueContext) { self.family = family; self.context = context }
}

final class UInt64Appender: ScalarAppender {
    let family: IntegerFamily<UInt64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<UInt64>.Value] = []
    init(_ family: IntegerFamily<UInt64>, context: ValueContext) { self.family = family; self.context = context }
}

final class UInt128Appender: ScalarAppender {
    let family: IntegerFamily<UInt128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerFamily<UInt128>.Value] = []
    init(_ family: IntegerFamily<UInt128>, context: ValueContext) { self.family = family; self.context = context }
}

final class WideIntegerAppender: ScalarAppender {
    let family: WideIntegerFamily
    let context: ValueContext
    @exclusivity(unchecked) var values: [WideIntegerFamily.Value] = []
    init(_ family: WideIntegerFamily, context: ValueContext) { self.family = family; self.context = context }
}

final class Float32Appender: ScalarAppender {
    let family: FloatFamily<Float>
    let context: ValueContext
    @exclusivity(unchecked) var values: [FloatFamily<Float>.Value] = []
    init(_ family: FloatFamily<Float>, context: ValueContext) { self.family = family; self.context = context }
}

final class Float64Appender: ScalarAppender {
    let family: FloatFamily<Double>
    let context: ValueContext
    @exclusivity(unchecked) var values: [FloatFamily<Double>.Value] = []
    init(_ family: FloatFamily<Double>, context: ValueContext) { self.family = family; self.context = context }
}

final class BoolAppender: ScalarAppender {
    let family: BoolFamily
    let context: ValueContext
    @exclusivity(unchecked) var values: [BoolFamily.Value] = []
    init(_ family: BoolFamily, context: ValueContext) { self.family = family; self.context = context }
}

final class DateAppender: ScalarAppender {
    let family: DateFamily
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateFamily.Value] = []
    init(_ family: DateFamily, context: ValueContext) { self.family = family; self.context = context }
}

final class Date32Appender: ScalarAppender {
    let family: Date32Family
    let context: ValueContext
    @exclusivity(unchecked) var values: [Date32Family.Value] = []
    init(_ family: Date32Family, context: ValueContext) { self.family = family; self.context = context }
}

final class DateTimeAppender: ScalarAppender {
    let family: DateTimeFamily
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateTimeFamily.Value] = []
    init(_ family: DateTimeFamily, context: ValueContext) { self.family = family; self.context = context }
}

final class DateTime64Appender: ScalarAppender {
    let family: DateTime64Family
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateTime64Family.Value] = []
    init(_ family: DateTime64Family, context: ValueContext) { self.family = family; self.context = context }
}

final class UUIDAppender: ScalarAppender {
    let family: UUIDFamily
    let context: ValueContext
    @exclusivity(unchecked) var values: [UUIDFamily.Value] = []
    init(_ family: UUIDFamily, context: ValueContext) { self.family = family; self.context = context }
}

final class IPv4Appender: ScalarAppender {
    let family: IPv4Family
    let context: ValueContext
    @exclusivity(unchecked) var values: [IPv4Family.Value] = []
    init(_ family: IPv4Family, context: ValueContext) { self.family = family; self.context = context }
}

final class IPv6Appender: ScalarAppender {
    let family: IPv6Family
    let context: ValueContext
    @exclusivity(unchecked) var values: [IPv6Family.Value] = []
    init(_ family: IPv6Family, context: ValueContext) { self.family = family; self.context = context }
}

final class Decimal32Appender: ScalarAppender {
    let family: DecimalFamily<Int32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalFamily<Int32>.Value] = []
    init(_ family: DecimalFamily<Int32>, context: ValueContext) { self.family = family; self.context = context }
}

final class Decimal64Appender: ScalarAppender {
    let family: DecimalFamily<Int64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalFamily<Int64>.Value] = []
    init(_ family: DecimalFamily<Int64>, context: ValueContext) { self.family = family; self.context = context }
}

final class Decimal128Appender: ScalarAppender {
    let family: DecimalFamily<Int128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalFamily<Int128>.Value] = []
    init(_ family: DecimalFamily<Int128>, context: ValueContext) { self.family = family; self.context = context }
}

final class Decimal256Appender: ScalarAppender {
    let family: Decimal256Family
    let context: ValueContext
    @exclusivity(unchecked) var values: [Decimal256Family.Value] = []
    init(_ family: Decimal256Family, context: ValueContext) { self.family = family; self.context = context }
}

final class Enum8Appender: ScalarAppender {
    let family: EnumFamily<Int8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [EnumFamily<Int8>.Value] = []
    init(_ family: EnumFamily<Int8>, context: ValueContext) { self.family = family; self.context = context }
}

final class Enum16Appender: ScalarAppender {
    let family: EnumFamily<Int16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [EnumFamily<Int16>.Value] = []
    init(_ family: EnumFamily<Int16>, context: ValueContext) { self.family = family; self.context = context }
}
