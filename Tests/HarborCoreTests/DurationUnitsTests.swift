import HarborCore
import Testing

struct DurationUnitsTests {
    @Test(arguments: [
        (Duration.seconds(30), Int64(30_000_000_000), 30.0, 30),
        (.milliseconds(1500), 1_500_000_000, 1.5, 2),
        (.nanoseconds(1), 1, 1e-9, 1),
        (.zero, 0, 0, 0),
    ] as [(Duration, Int64, Double, Int)])
    func oneConversionPerUnit(duration: Duration, nanoseconds: Int64, interval: Double, wholeSeconds: Int) {
        #expect(duration.nanoseconds == nanoseconds)
        #expect(abs(duration.timeInterval - interval) < 1e-12)
        #expect(duration.wholeSeconds == wholeSeconds)
    }
}
