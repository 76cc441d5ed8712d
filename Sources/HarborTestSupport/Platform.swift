/// Platform conditions for test traits, so that a test that cannot run here is reported as not
/// run, with the reason, instead of compiling to an empty body that passes:
///
/// ```swift
/// @Test(.enabled(if: Platform.isLinux, "pass is the Linux credential store"))
/// ```
public enum Platform {
    public static var isLinux: Bool {
        #if os(Linux)
        return true
        #else
        return false
        #endif
    }
}
