#!/usr/bin/perl
# Errors (SQLSTATE, native code, the connection stays usable) and ClickHouse settings given in
# the connection string.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect({ RaiseError => 0 });
ok(!$dbh->do('SELEC 1'), 'a syntax error fails');
is($dbh->state, '42000', 'SQLSTATE 42000');
ok($dbh->err, 'err is set');
like($dbh->errstr, qr/Syntax error/i, 'the server message');
ok(!$dbh->selectrow_array('SELECT * FROM chodbc_perl.no_such_table'), 'an unknown table fails');
is($dbh->state, '42S02', 'SQLSTATE 42S02');
is_deeply($dbh->selectrow_arrayref('SELECT 42'), [42], 'the connection is still usable');
my $sth = $dbh->prepare('SELECT throwIf(number = 3, \'boom\') FROM numbers(10) SETTINGS max_block_size = 1');
ok($sth->execute || 1, 'an error in the middle of a result');
my $rows = 0;
$rows++ while $sth->fetchrow_arrayref;
ok($sth->err, 'reported while fetching');
$sth->finish;
is_deeply($dbh->selectrow_arrayref('SELECT 43'), [43], 'usable after that too');
$dbh->disconnect;

my $set = chodbc_connect({}, max_execution_time => 17, data_type_default_nullable => 1, Settings => '{max_threads=3}');
is_deeply($set->selectrow_arrayref(q{SELECT getSetting('max_execution_time'), getSetting('data_type_default_nullable'), getSetting('max_threads')}),
          [17, 1, 3], 'settings from the connection string apply');
$set->disconnect;

my $bad = DBI->connect(chodbc_dsn(Settings => '{no_such_setting=1}'), $ENV{CH_TEST_USER} // 'default', $ENV{CH_TEST_PASSWORD} // '',
                       { RaiseError => 0, PrintError => 0 });
ok(!$bad, 'an unknown setting fails the connection');
like($DBI::errstr // '', qr/no_such_setting/, 'naming it');
done_testing();
