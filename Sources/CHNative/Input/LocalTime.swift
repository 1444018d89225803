import Foundation

/// Wall-clock times in a timezone turned into instants, as the server does: a time that
/// occurs twice (clocks set back) is its first occurrence; a time that does not occur (clocks
/// set forward) is refused, as the server would shift it by the change.
enum LocalTime {
    /// Whether `timezone` names a zone this client knows (UTC when nil).
    static func isKnown(_ timezone: String?) -> Bool {
        guard let timezone, !isUTC(timezone) else { return true }
        return TimeZone(identifier: timezone) != nil
    }

    static func isUTC(_ timezone: String) -> Bool {
        timezone == "UTC" || timezone == "Etc/UTC" || timezone == "UCT" || timezone == "Etc/UCT" || timezone == "Universal" || timezone == "Zulu"
    }

    /// The instant (seconds since the epoch, UTC) of wall-clock `local` seconds in `timezone`.
    static func instant(_ local: Int64, timezone: String?) throws -> Int64 {
        guard let timezone, !isUTC(timezone) else { return local }
        let zones = TimeZones.shared
        // The offsets a day either side bracket at most one change of offset.
        let before = Int64(zones.offset(seconds: local - 86_400, timezone: timezone))
        let after = Int64(zones.offset(seconds: local + 86_400, timezone: timezone))
        var best: Int64?
        for offset in [before, after] {
            let t = local - offset
            if Int64(zones.offset(seconds: t, timezone: timezone)) == offset, best.map({ t < $0 }) ?? true { best = t }
        }
        guard let best else {
            throw ValueProblem("the time does not exist in \(timezone) (the clocks were set forward over it)")
        }
        return best
    }
}
