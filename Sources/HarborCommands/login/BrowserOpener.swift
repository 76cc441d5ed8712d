import ArgumentParser
import Foundation
import HarborCore
import HarborCompletion
import HarborCredentials
import HarborRegistry

/// Opens a URL in the user's browser: `$BROWSER`, else `open` (macOS) or `xdg-open`.
enum BrowserOpener {
    static func open(_ url: String, environment: ProcessEnvironment) {
        #if os(macOS)
        let fallback = "open"
        #else
        let fallback = "xdg-open"
        #endif
        let program = environment["BROWSER"] ?? fallback
        guard let path = program.hasPrefix("/") ? program : ExecutableSearch.find(program, in: environment) else { return }
        // Default signal dispositions and no inherited descriptors (ChildProcess); a launcher
        // that lingers is left to finish on its own.
        let opener = try? ChildProcess(executable: path, arguments: [url], environment: environment.variables)
        _ = opener?.waitUntilExit(timeout: .seconds(10))
    }
}
