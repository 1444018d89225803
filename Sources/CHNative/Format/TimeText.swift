/// Text of the `Time` and `Time64` types as ClickHouse writes it: an optional `-`, hours (at
/// least two digits, up to 999), minutes and seconds, then for `Time64(p)` a point and exactly
/// `p` fraction digits.
enum TimeText {
    static func appendTime(ticks: Int64, precision: Int, to out: inout TextOutput) {
        let scale = UInt64(CivilTime.powersOfTen[max(0, min(precision, 9))])
        if ticks < 0 { out.append(0x2D) }
        let magnitude = ticks.magnitude
        let seconds = magnitude / scale
        let fraction = magnitude % scale
        let hours = seconds / 3600
        if hours < 10 { out.append(0x30) }
        NumberFormatting.append(hours, to: &out)
        out.append(0x3A)
        CivilTime.appendPadded(Int64((seconds / 60) % 60), width: 2, to: &out)
        out.append(0x3A)
        CivilTime.appendPadded(Int64(seconds % 60), width: 2, to: &out)
        if precision > 0 {
            out.append(0x2E)
            CivilTime.appendPadded(Int64(fraction), width: precision, to: &out)
        }
    }
}
