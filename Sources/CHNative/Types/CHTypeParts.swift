/// The unit of an `Interval*` type.
public enum IntervalUnit: String, Sendable, Hashable, CaseIterable {
    case nanosecond = "Nanosecond", microsecond = "Microsecond", millisecond = "Millisecond"
    case second = "Second", minute = "Minute", hour = "Hour", day = "Day", week = "Week"
    case month = "Month", quarter = "Quarter", year = "Year"

    /// The unit's length in nanoseconds; `nil` for months, quarters and years, which have none.
    public var nanoseconds: Int64? {
        switch self {
        case .nanosecond: return 1
        case .microsecond: return 1_000
        case .millisecond: return 1_000_000
        case .second: return 1_000_000_000
        case .minute: return 60_000_000_000
        case .hour: return 3_600_000_000_000
        case .day: return 86_400_000_000_000
        case .week: return 604_800_000_000_000
        case .month, .quarter, .year: return nil
        }
    }
}

/// The geo types: names ClickHouse gives to tuple and array structures.
public enum GeoKind: String, Sendable, Hashable, CaseIterable {
    case point = "Point", ring = "Ring", lineString = "LineString", multiLineString = "MultiLineString"
    case polygon = "Polygon", multiPolygon = "MultiPolygon", multiPoint = "MultiPoint"

    /// The structure the geo type names: `Point` is `Tuple(Float64, Float64)`, `Ring` and
    /// `LineString` are `Array(Point)`, `MultiLineString` is `Array(LineString)`, `Polygon` is
    /// `Array(Ring)`, `MultiPolygon` is `Array(Polygon)`, `MultiPoint` is `Array(Point)`.
    public var structure: CHType {
        switch self {
        case .point: return .tuple([.init(name: nil, type: .float64), .init(name: nil, type: .float64)])
        case .ring, .lineString, .multiPoint: return .array(GeoKind.point.structure)
        case .multiLineString: return .array(GeoKind.lineString.structure)
        case .polygon: return .array(GeoKind.ring.structure)
        case .multiPolygon: return .array(GeoKind.polygon.structure)
        }
    }
}

/// Parameters of a `JSON(...)` type.
public struct JSONSpec: Sendable, Hashable {
    /// One path declared with a type (`JSON(a.b UInt32)`).
    public struct TypedPath: Sendable, Hashable {
        /// The dotted path, e.g. `a.b`.
        public var path: String
        /// The declared type of the path's values.
        public var type: CHType
        /// A path declared with `type`.
        public init(path: String, type: CHType) {
            self.path = path
            self.type = type
        }
    }

    /// The text between the parentheses, exactly as the server wrote it (empty for plain `JSON`).
    public var arguments: String
    /// Typed paths, sorted by path (the order of their columns on the wire).
    public var typedPaths: [TypedPath]
    /// `max_dynamic_paths`, when given.
    public var maxDynamicPaths: Int?
    /// `max_dynamic_types`, when given.
    public var maxDynamicTypes: Int?

    /// Parameters as the type name spells them; typed paths are kept sorted by path bytes, as
    /// the server orders them.
    public init(arguments: String = "", typedPaths: [TypedPath] = [], maxDynamicPaths: Int? = nil, maxDynamicTypes: Int? = nil) {
        self.arguments = arguments
        self.typedPaths = typedPaths.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        self.maxDynamicPaths = maxDynamicPaths
        self.maxDynamicTypes = maxDynamicTypes
    }
}

extension CHType {
    /// The type with every alias replaced by what travels on the wire: geo types by their
    /// tuple/array structure, `Nested` by `Array(Tuple(...))`, `SimpleAggregateFunction(f, T)` by `T`.
    public var wireType: CHType { family.wireType(of: self) }

    /// Orders types as ClickHouse orders the variants of a `Variant`: by name, bytewise.
    static func variantOrder(_ a: CHType, _ b: CHType) -> Bool {
        Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
    }
}
