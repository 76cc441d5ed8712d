import Foundation
import HarborCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Whether standard output is a terminal, and how wide: tables fit it, times read relative.
struct TerminalInfo {
    var isTerminal: Bool
    var width: Int

    static func standardOutput(environment: ProcessEnvironment) -> TerminalInfo {
        let isTerminal = isatty(STDOUT_FILENO) == 1
        var width = 0
        #if canImport(Glibc) || canImport(Darwin) || canImport(Musl)
        var size = winsize()
        if isTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 { width = Int(size.ws_col) }
        #endif
        if width <= 0 { width = environment["COLUMNS"].flatMap(Int.init) ?? 80 }
        return TerminalInfo(isTerminal: isTerminal, width: width)
    }
}
