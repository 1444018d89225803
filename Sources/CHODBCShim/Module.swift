// CHODBCShim: the ODBC 3.x driver (libCHODBC.so) over CHNative's synchronous API.
// The C-ABI entry points are `@_cdecl` functions in this module; see docs/ODBC.md.
