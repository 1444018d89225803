/// A type whose family has no case of its own in ``CHType``: a family added with one file in
/// `Types/Families/` and one line in the registry. Two extended types are equal when their
/// names are.
public struct ExtendedType: Sendable, Hashable, CustomStringConvertible {
    /// The type's name, as ClickHouse writes it (`Geometry`).
    public let name: String
    /// The family that parses, decodes and writes the type.
    let family: any TypeFamily

    init(name: String, family: any TypeFamily) {
        self.name = name
        self.family = family
    }

    /// The type's name.
    public var description: String { name }

    public static func == (a: ExtendedType, b: ExtendedType) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }
}
