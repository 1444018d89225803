/// `Geometry`: any one of the geo shapes per row; on the wire a
/// `Variant(LineString, MultiLineString, MultiPolygon, Point, Polygon, Ring)`.
///
/// The first family added as a file and a registration line only: it has no case of its own in
/// ``CHType`` and travels as ``CHType/extended(_:)``.
struct GeometryFamily: TypeFamily {
    var names: [String] { ["Geometry"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        return .extended(ExtendedType(name: "Geometry", family: self))
    }
    func name(of type: CHType) -> String { "Geometry" }
    func wireType(of type: CHType) -> CHType {
        .variant([.geo(.lineString), .geo(.multiLineString), .geo(.multiPolygon), .geo(.point), .geo(.polygon), .geo(.ring)])
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        // A custom type: index 0x2C and its name, as the geo types are written.
        w.writeUInt8(0x2C)
        w.writeString("Geometry")
    }
}
