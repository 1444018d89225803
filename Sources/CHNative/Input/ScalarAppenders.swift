/// One concrete ``ScalarAppender`` per fixed-width type parser (see there why not one generic
/// class).

final class Int8Appender: ScalarAppender {
    let parser: IntegerParser<Int8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<Int8>.Value] = []
    init(_ parser: IntegerParser<Int8>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Int16Appender: ScalarAppender {
    let parser: IntegerParser<Int16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<Int16>.Value] = []
    init(_ parser: IntegerParser<Int16>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Int32Appender: ScalarAppender {
    let parser: IntegerParser<Int32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<Int32>.Value] = []
    init(_ parser: IntegerParser<Int32>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Int64Appender: ScalarAppender {
    let parser: IntegerParser<Int64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<Int64>.Value] = []
    init(_ parser: IntegerParser<Int64>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Int128Appender: ScalarAppender {
    let parser: IntegerParser<Int128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<Int128>.Value] = []
    init(_ parser: IntegerParser<Int128>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UInt8Appender: ScalarAppender {
    let parser: IntegerParser<UInt8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<UInt8>.Value] = []
    init(_ parser: IntegerParser<UInt8>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UInt16Appender: ScalarAppender {
    let parser: IntegerParser<UInt16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<UInt16>.Value] = []
    init(_ parser: IntegerParser<UInt16>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UInt32Appender: ScalarAppender {
    let parser: IntegerParser<UInt32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<UInt32>.Value] = []
    init(_ parser: IntegerParser<UInt32>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UInt64Appender: ScalarAppender {
    let parser: IntegerParser<UInt64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<UInt64>.Value] = []
    init(_ parser: IntegerParser<UInt64>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UInt128Appender: ScalarAppender {
    let parser: IntegerParser<UInt128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [IntegerParser<UInt128>.Value] = []
    init(_ parser: IntegerParser<UInt128>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class WideIntegerAppender: ScalarAppender {
    let parser: WideIntegerParser
    let context: ValueContext
    @exclusivity(unchecked) var values: [WideIntegerParser.Value] = []
    init(_ parser: WideIntegerParser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Float32Appender: ScalarAppender {
    let parser: FloatParser<Float>
    let context: ValueContext
    @exclusivity(unchecked) var values: [FloatParser<Float>.Value] = []
    init(_ parser: FloatParser<Float>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Float64Appender: ScalarAppender {
    let parser: FloatParser<Double>
    let context: ValueContext
    @exclusivity(unchecked) var values: [FloatParser<Double>.Value] = []
    init(_ parser: FloatParser<Double>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class BoolAppender: ScalarAppender {
    let parser: BoolParser
    let context: ValueContext
    @exclusivity(unchecked) var values: [BoolParser.Value] = []
    init(_ parser: BoolParser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class DateAppender: ScalarAppender {
    let parser: DateParser
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateParser.Value] = []
    init(_ parser: DateParser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Date32Appender: ScalarAppender {
    let parser: Date32Parser
    let context: ValueContext
    @exclusivity(unchecked) var values: [Date32Parser.Value] = []
    init(_ parser: Date32Parser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class DateTimeAppender: ScalarAppender {
    let parser: DateTimeParser
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateTimeParser.Value] = []
    init(_ parser: DateTimeParser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class DateTime64Appender: ScalarAppender {
    let parser: DateTime64Parser
    let context: ValueContext
    @exclusivity(unchecked) var values: [DateTime64Parser.Value] = []
    init(_ parser: DateTime64Parser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class UUIDAppender: ScalarAppender {
    let parser: UUIDParser
    let context: ValueContext
    @exclusivity(unchecked) var values: [UUIDParser.Value] = []
    init(_ parser: UUIDParser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class IPv4Appender: ScalarAppender {
    let parser: IPv4Parser
    let context: ValueContext
    @exclusivity(unchecked) var values: [IPv4Parser.Value] = []
    init(_ parser: IPv4Parser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class IPv6Appender: ScalarAppender {
    let parser: IPv6Parser
    let context: ValueContext
    @exclusivity(unchecked) var values: [IPv6Parser.Value] = []
    init(_ parser: IPv6Parser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Decimal32Appender: ScalarAppender {
    let parser: DecimalParser<Int32>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalParser<Int32>.Value] = []
    init(_ parser: DecimalParser<Int32>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Decimal64Appender: ScalarAppender {
    let parser: DecimalParser<Int64>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalParser<Int64>.Value] = []
    init(_ parser: DecimalParser<Int64>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Decimal128Appender: ScalarAppender {
    let parser: DecimalParser<Int128>
    let context: ValueContext
    @exclusivity(unchecked) var values: [DecimalParser<Int128>.Value] = []
    init(_ parser: DecimalParser<Int128>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Decimal256Appender: ScalarAppender {
    let parser: Decimal256Parser
    let context: ValueContext
    @exclusivity(unchecked) var values: [Decimal256Parser.Value] = []
    init(_ parser: Decimal256Parser, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Enum8Appender: ScalarAppender {
    let parser: EnumParser<Int8>
    let context: ValueContext
    @exclusivity(unchecked) var values: [EnumParser<Int8>.Value] = []
    init(_ parser: EnumParser<Int8>, context: ValueContext) { self.parser = parser; self.context = context }
}

final class Enum16Appender: ScalarAppender {
    let parser: EnumParser<Int16>
    let context: ValueContext
    @exclusivity(unchecked) var values: [EnumParser<Int16>.Value] = []
    init(_ parser: EnumParser<Int16>, context: ValueContext) { self.parser = parser; self.context = context }
}
