SELECT number AS id, toNullable(number % 7) AS n1, if(number % 5 = 0, NULL, toString(number)) AS n2,
toLowCardinality(concat('cat-', toString(number % 50))) AS lc, toDateTime64(1700000000 + number, 3, 'UTC') AS ts,
toDecimal64(number / 100, 4) AS dec, generateUUIDv4(number) AS uid, [toString(number % 3), 'x'] AS arr,
map('a', number, 'b', number * 2) AS m, number / 3 AS f, toInt32(number) AS i32, toUInt8(number % 256) AS u8,
toDate(19000 + number % 1000) AS d, concat('name-', toString(number)) AS s, toFloat32(number) AS f32,
toInt64(-number) AS i64, toFixedString('abcd', 4) AS fs, toNullable(toFloat64(number)) AS nf,
toLowCardinality(toNullable(toString(number % 10))) AS lcn, toUInt16(number % 65536) AS u16
FROM numbers({ROWS})
