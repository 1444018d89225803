/// The HTML of the "Data Lake" settings page: connection details, the active credentials with
/// a revoke button each, a generate button, and — once, right after generating — the new
/// credential with its password.
struct SettingsPageHTML {
    /// What one rendering shows.
    struct Content {
        var org: OrgID?
        var orgName: String = ""
        var organisations: [(id: OrgID, name: String)] = []
        var endpoint: ConnectionEndpoint
        var credentials: [Credential] = []
        var issued: IssuedCredential?
        var notice: String?
        var error: String?
    }

    static func escape(_ s: String) -> String { Markup.escape(s) }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
        header{background:#1d2330;color:#fff;padding:14px 32px;font-weight:600}
        main{max-width:920px;margin:24px auto;padding:0 24px}
        h1{font-size:24px;margin:0 0 4px} .sub{color:#5b6475;margin:0 0 20px}
        section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:20px 24px;margin-bottom:20px}
        h2{font-size:17px;margin:0 0 12px}
        table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #eceef2;font-size:14px}
        th{color:#5b6475;font-weight:600} code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
        button{font:inherit;border-radius:6px;padding:7px 14px;cursor:pointer;border:1px solid #c5cbd6;background:#fff}
        button.primary{background:#2f6fed;border-color:#2f6fed;color:#fff} button.danger{color:#b3261e;border-color:#e3b4b0}
        .once{border:2px solid #2f6fed;background:#f3f7ff} .warn{color:#8a4b00;background:#fff4e0;padding:8px 12px;border-radius:6px}
        .notice{color:#1e6b32;background:#e8f6ec;padding:8px 12px;border-radius:6px} .error{color:#b3261e;background:#fdecea;padding:8px 12px;border-radius:6px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 16px;margin:0} dt{color:#5b6475} dd{margin:0;word-break:break-all}
        .empty{color:#5b6475}
        """

    static func page(_ body: String, title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"><style>\(style)</style></head>
        <body><header>Settings › Data Lake</header><main>
        \(body)
        </main></body></html>
        """
    }

    static func login(error: String?) -> String {
        var body = "<h1>Data Lake</h1><p class=\"sub\">Sign in with the administrator token to manage credentials.</p><section>"
        if let error { body += "<p class=\"error\" id=\"error\">\(escape(error))</p>" }
        body += """
            <form method="post" action="/settings/login">
            <label>Admin token <input type="password" name="token" id="token" autocomplete="off" size="40"></label>
            <button class="primary" type="submit" id="sign-in">Sign in</button></form></section>
            """
        return page(body, title: "Data Lake — sign in")
    }

    static func render(_ c: Content) -> String {
        guard let org = c.org else { return picker(c) }
        var body = "<h1>Data Lake</h1><p class=\"sub\">Organisation <b>\(escape(c.orgName))</b> (<code>\(escape(org.rawValue))</code>)"
        body += " — query your data with SQL clients and BI tools over the ClickHouse native protocol or ODBC.</p>"
        if let n = c.notice { body += "<p class=\"notice\" id=\"notice\">\(escape(n))</p>" }
        if let e = c.error { body += "<p class=\"error\" id=\"error\">\(escape(e))</p>" }
        if let issued = c.issued { body += once(issued) }
        body += connection(c.endpoint)
        body += list(c, org: org)
        return page(body, title: "Data Lake — \(c.orgName)")
    }

    static func once(_ issued: IssuedCredential) -> String {
        var s = "<section class=\"once\" id=\"new-credential\"><h2>New credential</h2>"
        s += "<p class=\"warn\">Copy the password now. It is shown only this once and cannot be retrieved later; if it is lost, revoke the credential and generate a new one.</p><dl>"
        for (label, value) in issued.details {
            let id = label.lowercased().replacingOccurrences(of: " ", with: "-")
            s += "<dt>\(escape(label))</dt><dd class=\"mono\" id=\"new-\(id)\">\(escape(value))</dd>"
        }
        return s + "</dl></section>"
    }

    static func connection(_ e: ConnectionEndpoint) -> String {
        """
        <section id="connection"><h2>Connection</h2><dl>
        <dt>Host</dt><dd class="mono">\(escape(e.host))</dd><dt>Port</dt><dd class="mono">\(e.port)\(e.secure ? " (TLS)" : "")</dd>
        <dt>Database</dt><dd class="mono">\(escape(e.database))</dd><dt>ODBC driver</dt><dd class="mono">\(escape(e.odbcDriver))</dd>
        </dl></section>
        """
    }

    static func list(_ c: Content, org: OrgID) -> String {
        let orgField = "<input type=\"hidden\" name=\"org\" value=\"\(escape(org.rawValue))\">"
        var s = "<section id=\"credentials\"><h2>Active credentials</h2>"
        if c.credentials.isEmpty {
            s += "<p class=\"empty\">No active credentials.</p>"
        } else {
            s += "<table><thead><tr><th>Username</th><th>Created</th><th></th></tr></thead><tbody>"
            for cred in c.credentials {
                s += "<tr class=\"credential\"><td class=\"mono username\">\(escape(cred.username))</td>"
                s += "<td>\(escape(CredentialManager.timestamp(cred.createdAt)))</td><td>"
                s += "<form method=\"post\" action=\"/settings/data-lake/revoke\">\(orgField)"
                s += "<input type=\"hidden\" name=\"username\" value=\"\(escape(cred.username))\">"
                s += "<button class=\"danger\" type=\"submit\" id=\"revoke-\(escape(cred.username))\">Revoke</button></form></td></tr>"
            }
            s += "</tbody></table>"
        }
        s += "<p><form method=\"post\" action=\"/settings/data-lake/generate\">\(orgField)"
        s += "<button class=\"primary\" type=\"submit\" id=\"generate\">Generate new credential</button></form></p></section>"
        return s
    }

    static func picker(_ c: Content) -> String {
        var body = "<h1>Data Lake</h1><p class=\"sub\">Choose an organisation.</p>"
        if let e = c.error { body += "<p class=\"error\" id=\"error\">\(escape(e))</p>" }
        body += "<section><table><tbody>"
        for o in c.organisations {
            body += "<tr><td><a href=\"/settings/data-lake?org=\(escape(o.id.rawValue))\">\(escape(o.name))</a></td><td class=\"mono\">\(escape(o.id.rawValue))</td></tr>"
        }
        return page(body + "</tbody></table></section>", title: "Data Lake")
    }
}
