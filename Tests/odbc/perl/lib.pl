# Shared by the Perl DBI tests (DBD::ODBC through unixODBC against the ClickHouse 26.9 test
# server): the connection string scripts/test-odbc.sh's environment describes.
use strict;
use warnings;

sub chodbc_dsn {
    my (%extra) = @_;
    my $driver = $ENV{CHODBC_DRIVER_NAME} // 'ClickHouse Native (Unicode)';
    my $dsn = "dbi:ODBC:Driver={$driver};Server=" . ($ENV{CH26_HOST} // '127.0.0.1') . ';Port=' . ($ENV{CH26_PORT} // 9000);
    $dsn .= ";$_=$extra{$_}" for sort keys %extra;
    return $dsn;
}

sub chodbc_connect {
    my ($attrs, %extra) = @_;
    return DBI->connect(chodbc_dsn(%extra), $ENV{CH_TEST_USER} // 'default', $ENV{CH_TEST_PASSWORD} // '',
                        { RaiseError => 1, PrintError => 0, AutoCommit => 1, %{ $attrs // {} } });
}

sub chodbc_skip_unless_configured {
    return if $ENV{ODBCSYSINI} || $ENV{CHODBC_PERL_FORCE};
    print "1..0 # SKIP run through scripts/test-odbc.sh (it registers the driver)\n";
    exit 0;
}

1;
