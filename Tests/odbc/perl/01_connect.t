#!/usr/bin/perl
# Connecting: DBI->connect with a DSN-less string, driver and server info, ping, errors on connect.
use strict;
use warnings;
use Test::More;
use DBI qw(:sql_types);
use FindBin;
require "$FindBin::Bin/lib.pl";
chodbc_skip_unless_configured();

my $dbh = chodbc_connect();
ok($dbh, 'connected');
ok($dbh->ping, 'ping');
is($dbh->get_info(17), 'ClickHouse', 'SQL_DBMS_NAME');
like($dbh->get_info(18), qr/^\d+\.\d+/, 'SQL_DBMS_VER is a version');
like($dbh->get_info(6), qr/CHODBC/i, 'SQL_DRIVER_NAME');
is($dbh->get_info(29), '`', 'SQL_IDENTIFIER_QUOTE_CHAR');
is($dbh->get_info(41), '.', 'SQL_CATALOG_NAME_SEPARATOR');
ok(defined $dbh->{odbc_has_unicode}, 'odbc_has_unicode is reported');
is_deeply($dbh->selectrow_arrayref('SELECT 1 + 1'), [2], 'a query');
ok($dbh->disconnect, 'disconnect');
ok(!$dbh->ping, 'ping after disconnect is false');

my $bad = DBI->connect(chodbc_dsn(), 'no_such_user', 'wrong', { RaiseError => 0, PrintError => 0 });
ok(!$bad, 'a wrong password does not connect');
is($DBI::state, '28000', 'SQLSTATE 28000 for a wrong password');

$bad = DBI->connect(chodbc_dsn(Port => 8123), 'default', '', { RaiseError => 0, PrintError => 0 });
ok(!$bad, 'the HTTP port is refused');
like($DBI::errstr, qr/native/i, 'with a message pointing to the native port');

# Unknown keys are a warning (01S00), not an error.
my $warned = chodbc_connect({}, Frobnicate => 1);
ok($warned, 'an unknown key still connects');
$warned->disconnect;
done_testing();
