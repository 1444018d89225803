#!/usr/bin/perl
# Long values: DBD::ODBC binds String columns (a long type) with LongReadLen, and values beyond
# 64 KiB read whole; truncation follows LongTruncOk.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect({ LongReadLen => 200_000 });
my $n = 70_000;
my ($s) = $dbh->selectrow_array("SELECT repeat('x', $n)");
is(length($s), $n, "a $n-character String reads whole");
is($s, 'x' x $n, 'with the right content');

my ($big) = $dbh->selectrow_array('SELECT repeat(\'ab\', 90000)');
is(length($big), 180_000, '180,000 characters within LongReadLen');

$dbh->{LongReadLen} = 1000;
$dbh->{LongTruncOk} = 0;
my $r = eval { $dbh->selectrow_array("SELECT repeat('y', $n)"); 1 };
ok(!$r, 'a value longer than LongReadLen is an error without LongTruncOk');
like($@, qr/truncat|01004/i, 'a truncation error');

$dbh->{LongTruncOk} = 1;
my ($cut) = $dbh->selectrow_array("SELECT repeat('y', $n)");
ok(length($cut) >= 1000 && length($cut) <= 1001, 'LongTruncOk: cut at LongReadLen (' . length($cut) . ' characters)');

# A column read as a LOB in pieces (odbc_lob_read: SQLGetData with a small buffer, repeated)
my $sth = $dbh->prepare("SELECT repeat('z', $n) AS s");
$sth->execute;
$sth->bind_col(1, undef, { TreatAsLOB => 1 });
ok($sth->fetch, 'fetched');
my ($whole, $chunk, $pieces) = ('', '', 0);
while (my $got = $sth->odbc_lob_read(1, \$chunk, 8192, { TYPE => SQL_CHAR })) {
    $whole .= $chunk;
    $pieces++;
}
is(length($whole), $n, "odbc_lob_read reads the value in $pieces pieces");
$sth->finish;

# Unicode beyond ASCII in a long value
$dbh->{LongReadLen} = 500_000;
my ($u) = $dbh->selectrow_array("SELECT concat(repeat('é', $n), '☃')");
is(length($u), $n + 1, 'a long non-ASCII value reads whole (characters)') if $dbh->{odbc_has_unicode};
ok(length($u) >= $n, 'a long non-ASCII value reads whole') unless $dbh->{odbc_has_unicode};

# StringMaxLength=N: the official driver's VARCHAR(N) description
my $vdbh = chodbc_connect({ LongReadLen => 200_000 }, StringMaxLength => 100);
$sth = $vdbh->prepare("SELECT 'x' AS s");
$sth->execute;
ok($sth->{TYPE}[0] == SQL_VARCHAR || $sth->{TYPE}[0] == SQL_WVARCHAR, 'StringMaxLength: VARCHAR');
is($sth->{PRECISION}[0], 100, 'of that size');
$sth->finish;
$vdbh->disconnect;
$dbh->disconnect;
done_testing();
