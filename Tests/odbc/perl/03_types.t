#!/usr/bin/perl
# type_info (SQLGetTypeInfo) ordering and agreement with what result columns report.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect();
my @all = $dbh->type_info(SQL_ALL_TYPES);
ok(@all > 20, scalar(@all) . ' types');
my @codes = map { $_->{DATA_TYPE} } @all;
is_deeply(\@codes, [sort { $a <=> $b } @codes], 'ordered by DATA_TYPE');

my %first = (SQL_TINYINT, 'Int8', SQL_SMALLINT, 'Int16', SQL_INTEGER, 'Int32', SQL_BIGINT, 'Int64',
             SQL_DOUBLE, 'Float64', SQL_REAL, 'Float32', SQL_DECIMAL, 'Decimal', SQL_TYPE_DATE, 'Date',
             SQL_TYPE_TIMESTAMP, 'DateTime64', SQL_GUID, 'UUID', SQL_BIT, 'Bool');
for my $type (sort { $a <=> $b } keys %first) {
    my $info = $dbh->type_info($type);
    is($info && $info->{TYPE_NAME}, $first{$type}, "type_info($type) starts with $first{$type}");
}
is_deeply([map { $_->{TYPE_NAME} } $dbh->type_info(SQL_SMALLINT)], ['Int16', 'UInt8'], 'SMALLINT: the exact type before the unsigned one');
is_deeply([map { $_->{TYPE_NAME} } $dbh->type_info(SQL_BIGINT)], ['Int64', 'UInt64', 'UInt32'], 'BIGINT order');
is($dbh->type_info(SQL_VARCHAR)->{TYPE_NAME}, 'String', 'VARCHAR: String');
is($dbh->type_info(SQL_LONGVARCHAR)->{TYPE_NAME}, 'String', 'LONGVARCHAR: String');

my $sth = $dbh->prepare(q{SELECT toInt16(1) AS i16, toUInt8(2) AS u8, toInt64(3) AS i64, 'x' AS s,
                           toFixedString('ab', 2) AS fs, toDecimal64(1.5, 3) AS d, toDate('2024-02-29') AS dt,
                           toDateTime('2024-01-02 03:04:05', 'UTC') AS ts, toNullable(1.5) AS f});
$sth->execute;
my %type; @type{ @{ $sth->{NAME} } } = @{ $sth->{TYPE} };
is($type{i16}, SQL_SMALLINT, 'Int16 is SMALLINT');
is($type{u8}, SQL_SMALLINT, 'UInt8 is SMALLINT (widened)');
is($type{i64}, SQL_BIGINT, 'Int64 is BIGINT');
ok($type{s} == SQL_LONGVARCHAR || $type{s} == SQL_WLONGVARCHAR, 'String is a long type');
ok($type{fs} == SQL_CHAR || $type{fs} == SQL_WCHAR, 'FixedString is CHAR');
is($type{d}, SQL_DECIMAL, 'Decimal');
is($type{dt}, SQL_TYPE_DATE, 'Date');
is($type{ts}, SQL_TYPE_TIMESTAMP, 'DateTime');
is($type{f}, SQL_DOUBLE, 'Float64');
my %nullable; @nullable{ @{ $sth->{NAME} } } = @{ $sth->{NULLABLE} };
is($nullable{f}, 1, 'Nullable is nullable');
ok(!$nullable{i16}, 'Int16 is not');
my %prec; @prec{ @{ $sth->{NAME} } } = @{ $sth->{PRECISION} };
my %scale; @scale{ @{ $sth->{NAME} } } = @{ $sth->{SCALE} };
is("$prec{d},$scale{d}", '18,3', 'Decimal64(3) precision and scale');
is($prec{fs}, 2, 'FixedString(2) size');
is_deeply($sth->fetchrow_arrayref, [1, 2, 3, 'x', 'ab', '1.5', '2024-02-29', '2024-01-02 03:04:05', '1.5'], 'values as text');
$sth->finish;
$dbh->disconnect;
done_testing();
