import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, in plain words: Foundation's own text for some causes is
/// "The operation could not be completed. (NSCocoaErrorDomain error 256.)", which says nothing
/// of what is wrong. Looks at the path itself first (a directory where a file belongs is the
/// common case), then at the POSIX error underneath Foundation's.
public enum FileReadProblem {
    public static func reason(path: String, error: any Error) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a directory, not a file"
        }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return posixText(Int32(nsError.code)) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posixText(Int32(underlying.code))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadInvalidFileNameError: return "not a valid file name"
            default: break
            }
            if !FileManager.default.isReadableFile(atPath: path) { return "it is not readable (check its permissions)" }
            return "it cannot be read (Foundation error \(nsError.code))"
        }
        return String(describing: error)
    }

    /// The usual advice for a file of ours or docker's that cannot be read.
    public static func hint(path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "move the directory \(path) away (or remove it); a file of that name is created when needed"
        }
        return "check the file's permissions, or move it away to start afresh"
    }

    static func posixText(_ code: Int32) -> String {
        switch code {
        case EISDIR: "it is a directory, not a file"
        case EACCES, EPERM: "permission denied"
        case ENOENT: "no such file"
        default: String(cString: strerror(code))
        }
    }
}
