#!/usr/bin/perl
# Create, insert with placeholders, select with every fetch style, row counts.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect();
my $t = 'chodbc_perl.simple';
$dbh->do('CREATE DATABASE IF NOT EXISTS chodbc_perl');
$dbh->do("DROP TABLE IF EXISTS $t");
is($dbh->do("CREATE TABLE $t (id UInt32, name String, amount Nullable(Decimal(10, 2))) ENGINE = MergeTree ORDER BY id"),
   -1, 'do(CREATE) returns -1: no row count');

my $ins = $dbh->prepare("INSERT INTO $t (id, name, amount) VALUES (?, ?, ?)");
is($ins->{NUM_OF_PARAMS}, 3, 'three placeholders');
for my $row ([1, 'one', '1.5'], [2, "two's", undef], [3, 'd"rei', '-3.25']) {
    is($ins->execute(@$row), 1, "insert $row->[0] reports one row");
}
is($dbh->do("INSERT INTO $t SELECT number + 10, toString(number), NULL FROM numbers(4)"), 4, 'INSERT ... SELECT reports its rows');

my $sth = $dbh->prepare("SELECT id, name, amount FROM $t WHERE id < ? ORDER BY id");
$sth->execute(10);
is($sth->{NUM_OF_FIELDS}, 3, 'three columns');
is_deeply($sth->{NAME}, ['id', 'name', 'amount'], 'column names');
is_deeply($sth->fetchrow_arrayref, [1, 'one', '1.5'], 'fetchrow_arrayref (Decimal as ClickHouse prints it)');
is_deeply($sth->fetchrow_hashref, { id => 2, name => "two's", amount => undef }, 'fetchrow_hashref, NULL as undef');
is_deeply([$sth->fetchrow_array], [3, 'd"rei', '-3.25'], 'fetchrow_array');
ok(!$sth->fetchrow_arrayref, 'end of the result');
ok(!$sth->{Active}, 'statement finished');

my $all = $dbh->selectall_arrayref("SELECT id FROM $t ORDER BY id");
is_deeply([map { $_->[0] } @$all], [1, 2, 3, 10, 11, 12, 13], 'selectall_arrayref');
is($dbh->selectrow_array("SELECT count() FROM $t WHERE name = ?", undef, "two's"), 1, 'a quote in a parameter');
is($dbh->selectrow_array("SELECT count() FROM $t WHERE name = ?", undef, "x' OR 1=1 --"), 0, 'parameters cannot inject');

# bind_col with a reference, as applications do
$sth = $dbh->prepare("SELECT id, name FROM $t WHERE id = 1");
$sth->execute;
my ($id, $name);
$sth->bind_columns(\$id, \$name);
ok($sth->fetch, 'fetch into bound columns');
is("$id $name", '1 one', 'bound values');
$sth->finish;

# Updates and deletes: the count is unknown (-1), not 0.
is($dbh->do("ALTER TABLE $t UPDATE name = 'uno' WHERE id = 1 SETTINGS mutations_sync = 1"), -1, 'ALTER UPDATE returns -1');
is($dbh->do("DELETE FROM $t WHERE id = 2"), -1, 'DELETE returns -1');
is($dbh->selectrow_array("SELECT name FROM $t WHERE id = 1"), 'uno', 'the update happened');
is($dbh->selectrow_array("SELECT count() FROM $t WHERE id = 2"), 0, 'the delete happened');

# Two statements open at once on one connection.
my $a = $dbh->prepare("SELECT number FROM numbers(100000)");
my $b = $dbh->prepare("SELECT number * 2 FROM numbers(3)");
$a->execute; $b->execute;
is(($a->fetchrow_array)[0], 0, 'first cursor');
is_deeply([map { $_->[0] } @{ $b->fetchall_arrayref }], [0, 2, 4], 'second cursor while the first is open');
is(($a->fetchrow_array)[0], 1, 'first cursor still reads');
$a->finish;

$dbh->do("DROP TABLE $t");
$dbh->disconnect;
done_testing();
