#!/usr/bin/perl
# Catalog functions through DBI: table_info, column_info, primary_key_info, foreign_key_info.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect();
$dbh->do('CREATE DATABASE IF NOT EXISTS chodbc_perl');
$dbh->do('DROP TABLE IF EXISTS chodbc_perl.meta');
$dbh->do('DROP VIEW IF EXISTS chodbc_perl.meta_view');
$dbh->do(q{CREATE TABLE chodbc_perl.meta (id UInt64, label LowCardinality(Nullable(String)) COMMENT 'a label', at DateTime64(3))
          ENGINE = MergeTree ORDER BY id COMMENT 'metadata test'});
$dbh->do('CREATE VIEW chodbc_perl.meta_view AS SELECT id FROM chodbc_perl.meta');

my @catalogs = map { $_->[0] } @{ $dbh->table_info('%', '', '', '')->fetchall_arrayref };
ok((grep { $_ eq 'chodbc_perl' } @catalogs), 'catalogs include the test database');
ok((grep { $_ eq 'system' } @catalogs), 'and system');
my @types = map { $_->[3] } @{ $dbh->table_info('', '', '', '%')->fetchall_arrayref };
is_deeply([sort @types], ['SYSTEM TABLE', 'TABLE', 'VIEW'], 'table types');

my $tables = $dbh->table_info('chodbc_perl', undef, 'meta%', undef)->fetchall_hashref('TABLE_NAME');
is_deeply([sort keys %$tables], ['meta', 'meta_view'], 'tables matching a pattern');
is($tables->{meta}{TABLE_TYPE}, 'TABLE', 'a table');
is($tables->{meta_view}{TABLE_TYPE}, 'VIEW', 'a view');
is($tables->{meta}{REMARKS}, 'metadata test', 'the table comment');
is_deeply([map { $_->[2] } @{ $dbh->table_info('chodbc_perl', undef, '%', 'VIEW')->fetchall_arrayref }], ['meta_view'], 'only views');

my @cols = @{ $dbh->column_info('chodbc_perl', undef, 'meta', '%')->fetchall_arrayref({}) };
is_deeply([map { $_->{COLUMN_NAME} } @cols], ['id', 'label', 'at'], 'columns in order');
is($cols[0]{DATA_TYPE}, SQL_BIGINT, 'UInt64: BIGINT');
is($cols[0]{TYPE_NAME}, 'UInt64', 'type name');
is($cols[1]{NULLABLE}, 1, 'LowCardinality(Nullable) is nullable');
is($cols[1]{REMARKS}, 'a label', 'column comment');
is($cols[2]{DATA_TYPE}, SQL_TYPE_TIMESTAMP, 'DateTime64: TIMESTAMP');
is($cols[2]{DECIMAL_DIGITS}, 3, 'with 3 digits');
is($cols[2]{ORDINAL_POSITION}, 3, 'ordinal position');
my @one = @{ $dbh->column_info('chodbc_perl', undef, 'meta', 'lab%')->fetchall_arrayref({}) };
is(scalar(@one), 1, 'a column pattern');

my $pk = $dbh->primary_key_info('chodbc_perl', undef, 'meta');
is_deeply($pk ? $pk->fetchall_arrayref : [], [], 'no primary keys (a sorting key is not unique)');
my $fk = $dbh->foreign_key_info(undef, undef, undef, 'chodbc_perl', undef, 'meta');
is_deeply($fk ? $fk->fetchall_arrayref : [], [], 'no foreign keys');
my $stats = $dbh->statistics_info('chodbc_perl', undef, 'meta', 0, 0);
is_deeply($stats ? $stats->fetchall_arrayref : [], [], 'no statistics');

$dbh->do('DROP VIEW chodbc_perl.meta_view');
$dbh->do('DROP TABLE chodbc_perl.meta');
$dbh->disconnect;
done_testing();
