/// A boolean setting that changes the bytes on the wire, followed the way the server applies it:
/// `SET` turns it on or off for the rest of the session; a query's settings or its `SETTINGS`
/// clause for that query only.
struct TrackedSwitch {
    /// The setting's name.
    let name: String
    /// The value `SET` gave it on this session (off until then, and after a reconnect).
    var session = false
    /// The value the running query gives it, if it names the setting.
    var query: Bool?

    /// Whether the setting is on for the running query.
    var isOn: Bool { query ?? session }

    /// Reads the setting from a query's text (`SET ...`, `SETTINGS ...`) or, failing that, its settings.
    mutating func note(text: QueryTextSettings.Scan, settings: [String: String]) {
        query = nil
        if let found = text.find(name) {
            if found.persists { session = QueryTextSettings.isOn(found.name) } else { query = QueryTextSettings.isOn(found.name) }
        } else if let value = settings.first(where: { $0.key.lowercased() == name })?.value {
            query = QueryTextSettings.isOn(value)
        }
    }
}
