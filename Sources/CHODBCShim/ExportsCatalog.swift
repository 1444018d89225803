// Catalog functions and SQLGetTypeInfo.

typealias NameArg = (pointer: UnsafeMutableRawPointer?, length: Int16)

func names(_ args: [NameArg], wide: Bool) throws -> [String?] {
    try args.map { try Entry.text($0.pointer, Int($0.length), wide: wide, "catalog function argument") }
}

/// Replaces the statement's result with a driver-built one.
func openCatalogResult(_ s: StatementHandle, _ build: () throws -> LocalResult) throws -> Int16 {
    try s.reset()
    s.sql = nil
    s.prepared = false
    s.markers = []
    s.open(try build())
    s.rowCount = -1
    return K.SQL_SUCCESS
}

func tablesImpl(_ h: UnsafeMutableRawPointer?, _ a: [NameArg], wide: Bool) -> Int16 {
    Entry.statement(h) { s in
        let n = try names(a, wide: wide)
        return try openCatalogResult(s) { try Catalog.tables(s, catalog: n[0], schema: n[1], table: n[2], types: n[3]) }
    }
}

/// `SQLTables`: databases are catalogs; also lists catalogs, schemas (none) and table types.
@_cdecl("SQLTables")
public func odbcTables(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16,
                       _ t: UnsafeMutablePointer<UInt8>?, _ tl: Int16, _ ty: UnsafeMutablePointer<UInt8>?, _ tyl: Int16) -> Int16 {
    tablesImpl(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl), (UnsafeMutableRawPointer(ty), tyl)], wide: false)
}

/// `SQLTablesW`.
@_cdecl("SQLTablesW")
public func odbcTablesW(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16,
                        _ t: UnsafeMutablePointer<UInt16>?, _ tl: Int16, _ ty: UnsafeMutablePointer<UInt16>?, _ tyl: Int16) -> Int16 {
    tablesImpl(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl), (UnsafeMutableRawPointer(ty), tyl)], wide: true)
}

func columnsImpl(_ h: UnsafeMutableRawPointer?, _ a: [NameArg], wide: Bool) -> Int16 {
    Entry.statement(h) { s in
        let n = try names(a, wide: wide)
        return try openCatalogResult(s) { try Catalog.columns(s, catalog: n[0], schema: n[1], table: n[2], column: n[3]) }
    }
}

/// `SQLColumns`: columns from `system.columns`, types mapped as `SQLDescribeCol` maps them.
@_cdecl("SQLColumns")
public func odbcColumns(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16,
                        _ t: UnsafeMutablePointer<UInt8>?, _ tl: Int16, _ col: UnsafeMutablePointer<UInt8>?, _ coll: Int16) -> Int16 {
    columnsImpl(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl), (UnsafeMutableRawPointer(col), coll)], wide: false)
}

/// `SQLColumnsW`.
@_cdecl("SQLColumnsW")
public func odbcColumnsW(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16,
                         _ t: UnsafeMutablePointer<UInt16>?, _ tl: Int16, _ col: UnsafeMutablePointer<UInt16>?, _ coll: Int16) -> Int16 {
    columnsImpl(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl), (UnsafeMutableRawPointer(col), coll)], wide: true)
}

func emptyCatalog(_ h: UnsafeMutableRawPointer?, _ a: [NameArg], wide: Bool, _ build: @escaping () throws -> LocalResult) -> Int16 {
    Entry.statement(h) { s in
        _ = try names(a, wide: wide)
        return try openCatalogResult(s, build)
    }
}

/// `SQLPrimaryKeys`: empty (a ClickHouse sorting key does not make rows unique).
@_cdecl("SQLPrimaryKeys")
public func odbcPrimaryKeys(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16,
                            _ t: UnsafeMutablePointer<UInt8>?, _ tl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: false, Catalog.primaryKeys)
}

/// `SQLPrimaryKeysW`.
@_cdecl("SQLPrimaryKeysW")
public func odbcPrimaryKeysW(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16,
                             _ t: UnsafeMutablePointer<UInt16>?, _ tl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: true, Catalog.primaryKeys)
}

/// `SQLForeignKeys`: empty (ClickHouse has no foreign keys).
@_cdecl("SQLForeignKeys")
public func odbcForeignKeys(_ h: UnsafeMutableRawPointer?, _ pc: UnsafeMutablePointer<UInt8>?, _ pcl: Int16, _ ps: UnsafeMutablePointer<UInt8>?, _ psl: Int16,
                            _ pt: UnsafeMutablePointer<UInt8>?, _ ptl: Int16, _ fc: UnsafeMutablePointer<UInt8>?, _ fcl: Int16,
                            _ fs: UnsafeMutablePointer<UInt8>?, _ fsl: Int16, _ ft: UnsafeMutablePointer<UInt8>?, _ ftl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(pc), pcl), (UnsafeMutableRawPointer(ps), psl), (UnsafeMutableRawPointer(pt), ptl),
                     (UnsafeMutableRawPointer(fc), fcl), (UnsafeMutableRawPointer(fs), fsl), (UnsafeMutableRawPointer(ft), ftl)], wide: false, Catalog.foreignKeys)
}

/// `SQLForeignKeysW`.
@_cdecl("SQLForeignKeysW")
public func odbcForeignKeysW(_ h: UnsafeMutableRawPointer?, _ pc: UnsafeMutablePointer<UInt16>?, _ pcl: Int16, _ ps: UnsafeMutablePointer<UInt16>?, _ psl: Int16,
                             _ pt: UnsafeMutablePointer<UInt16>?, _ ptl: Int16, _ fc: UnsafeMutablePointer<UInt16>?, _ fcl: Int16,
                             _ fs: UnsafeMutablePointer<UInt16>?, _ fsl: Int16, _ ft: UnsafeMutablePointer<UInt16>?, _ ftl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(pc), pcl), (UnsafeMutableRawPointer(ps), psl), (UnsafeMutableRawPointer(pt), ptl),
                     (UnsafeMutableRawPointer(fc), fcl), (UnsafeMutableRawPointer(fs), fsl), (UnsafeMutableRawPointer(ft), ftl)], wide: true, Catalog.foreignKeys)
}

/// `SQLStatistics`: empty (no indexes in the ODBC sense).
@_cdecl("SQLStatistics")
public func odbcStatistics(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16,
                           _ t: UnsafeMutablePointer<UInt8>?, _ tl: Int16, _ unique: UInt16, _ reserved: UInt16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: false, Catalog.statistics)
}

/// `SQLStatisticsW`.
@_cdecl("SQLStatisticsW")
public func odbcStatisticsW(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16,
                            _ t: UnsafeMutablePointer<UInt16>?, _ tl: Int16, _ unique: UInt16, _ reserved: UInt16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: true, Catalog.statistics)
}

/// `SQLSpecialColumns`: empty (no row identifiers or auto-updated columns).
@_cdecl("SQLSpecialColumns")
public func odbcSpecialColumns(_ h: UnsafeMutableRawPointer?, _ idType: UInt16, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16,
                               _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16, _ t: UnsafeMutablePointer<UInt8>?, _ tl: Int16,
                               _ scope: UInt16, _ nullable: UInt16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: false, Catalog.specialColumns)
}

/// `SQLSpecialColumnsW`.
@_cdecl("SQLSpecialColumnsW")
public func odbcSpecialColumnsW(_ h: UnsafeMutableRawPointer?, _ idType: UInt16, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16,
                                _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16, _ t: UnsafeMutablePointer<UInt16>?, _ tl: Int16,
                                _ scope: UInt16, _ nullable: UInt16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(t), tl)], wide: true, Catalog.specialColumns)
}

/// `SQLProcedures`: empty (ClickHouse has no stored procedures).
@_cdecl("SQLProcedures")
public func odbcProcedures(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt8>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt8>?, _ sl: Int16,
                           _ p: UnsafeMutablePointer<UInt8>?, _ pl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(p), pl)], wide: false, Catalog.procedures)
}

/// `SQLProceduresW`.
@_cdecl("SQLProceduresW")
public func odbcProceduresW(_ h: UnsafeMutableRawPointer?, _ c: UnsafeMutablePointer<UInt16>?, _ cl: Int16, _ sc: UnsafeMutablePointer<UInt16>?, _ sl: Int16,
                            _ p: UnsafeMutablePointer<UInt16>?, _ pl: Int16) -> Int16 {
    emptyCatalog(h, [(UnsafeMutableRawPointer(c), cl), (UnsafeMutableRawPointer(sc), sl), (UnsafeMutableRawPointer(p), pl)], wide: true, Catalog.procedures)
}

/// `SQLGetTypeInfo`: one row per ClickHouse type family, in the mapping `SQLColumns` uses.
@_cdecl("SQLGetTypeInfo")
public func odbcGetTypeInfo(_ h: UnsafeMutableRawPointer?, _ type: Int16) -> Int16 {
    Entry.statement(h) { s in try openCatalogResult(s) { try Catalog.typeInfo(s, dataType: type) } }
}

/// `SQLGetTypeInfoW`.
@_cdecl("SQLGetTypeInfoW")
public func odbcGetTypeInfoW(_ h: UnsafeMutableRawPointer?, _ type: Int16) -> Int16 {
    Entry.statement(h) { s in try openCatalogResult(s) { try Catalog.typeInfo(s, dataType: type) } }
}
